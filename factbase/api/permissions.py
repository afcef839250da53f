"""Django model permissions, including `view` on reads."""

from django.db import models
from rest_framework.permissions import DjangoModelPermissions

# The model each view (and action) serves, found once per process.
_view_models: dict[tuple[type, str | None], type[models.Model]] = {}


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

    def _queryset(self, view) -> models.QuerySet:
        """The view's model, as an empty queryset: DRF calls the view's `get_queryset()` on
        every request just to read which model it serves, building the whole query (its
        annotations and prefetches) a second time. A view's model does not change."""
        key = (type(view), getattr(view, "action", None))
        if key not in _view_models:
            _view_models[key] = super()._queryset(view).model
        return _view_models[key]._default_manager.none()


class ChangeModelPermissions(ModelPermissions):
    """For POST actions that change an existing object (merge, decide): the `change`
    permission, not `add`."""

    perms_map = {**ModelPermissions.perms_map, "POST": ["%(app_label)s.change_%(model_name)s"]}
