"""The suggested-matches queue for the editorial groups: claim relations.

Reporters and fact-checkers see the queue and decide matches (confirm or reject: a change);
readers see it. Nobody adds or deletes them in the admin: matching suggests them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "reader": ["view"],
    "reporter": ["change", "view"],
    "fact-checker": ["change", "view"],
}


def _ensure_permissions(apps):
    """post_migrate (which creates permissions) has not run yet on a fresh database."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def add_permissions(apps, schema_editor):
    _ensure_permissions(apps)
    add_group_permissions(apps)


def add_group_permissions(apps):
    """Give the groups (created if missing) their claim-relation permissions; idempotent."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for action in actions:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label="claims", codename=f"{action}_claimrelation"
                )
            )


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    relation_permissions = Permission.objects.filter(
        content_type__app_label="claims", content_type__model="claimrelation"
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*relation_permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("factbase", "0001_editorial_groups"),
        ("claims", "0004_claim_fact_key"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
