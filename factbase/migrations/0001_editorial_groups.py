"""The editorial groups: reporter, fact-checker, reader (with their model permissions)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = [("sources", "source"), ("sources", "entity"), ("claims", "claim"), ("claims", "citation")]
GROUPS = {
    "reader": ["view"],
    "reporter": ["add", "change", "view"],
    "fact-checker": ["add", "change", "view"],
}
EXTRA = {"fact-checker": [("claims", "review_claim")]}


def _ensure_permissions(apps):
    """post_migrate (which creates permissions) has not run yet on a fresh database."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    _ensure_permissions(apps)
    add_group_permissions(apps)


def add_group_permissions(apps):
    """Create the groups (if missing) and give them their permissions; idempotent."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [
            (app_label, f"{action}_{model}") for app_label, model in MODELS for action in actions
        ] + EXTRA.get(name, [])
        for app_label, codename in wanted:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sources", "0001_initial"),
        ("claims", "0004_claim_fact_key"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
