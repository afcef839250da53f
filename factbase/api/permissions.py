"""Django model permissions, including `view` on reads."""

from rest_framework.permissions import DjangoModelPermissions


class ModelPermissions(DjangoModelPermissions):
    """DjangoModelPermissions checks nothing on GET; here reading needs the `view` permission.

    Anonymous requests are refused before any permission is looked at (401, with the
    WWW-Authenticate header naming the token scheme).
    """

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }


class ChangeModelPermissions(ModelPermissions):
    """For POST actions that change an existing object (merge, decide): the `change`
    permission, not `add`."""

    perms_map = {**ModelPermissions.perms_map, "POST": ["%(app_label)s.change_%(model_name)s"]}
