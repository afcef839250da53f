"""Upgrading a newsroom's archive never stops its writes while an index is built.

A plain CREATE INDEX on a table of a million claims holds off every insert and update for the
minutes the build takes; CREATE INDEX CONCURRENTLY does not (it needs a migration outside a
transaction). So every index a migration adds to, or drops from, a table that already exists is
built concurrently, except an index on a column the same migration adds (still empty, so the build
is quick) where the migration must stay atomic for its trigger changes.
"""

from __future__ import annotations

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations
from django.db.migrations.loader import MigrationLoader

PROJECT_APPS = {"claims", "sources", "events", "jobs", "factbase"}


def project_migrations() -> list[tuple[str, str, migrations.Migration]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return [
        (app, name, migration)
        for (app, name), migration in sorted(loader.disk_migrations.items())
        if app in PROJECT_APPS
    ]


def index_operations_that_lock_writes() -> list[str]:
    found = []
    for app, name, migration in project_migrations():
        if migration.initial:
            continue
        created = {
            op.name.lower() for op in migration.operations if isinstance(op, migrations.CreateModel)
        }
        added = {
            (op.model_name.lower(), op.name)
            for op in migration.operations
            if isinstance(op, migrations.AddField)
        }
        for op in migration.operations:
            concurrent = isinstance(op, (AddIndexConcurrently, RemoveIndexConcurrently))
            if not isinstance(op, (migrations.AddIndex, migrations.RemoveIndex)) or concurrent:
                continue
            model = op.model_name.lower()
            if model in created:
                continue
            fields = getattr(getattr(op, "index", None), "fields", None)
            if fields and all((model, field.lstrip("-")) in added for field in fields):
                continue
            found.append(f"{app}.{name}: {type(op).__name__} on {model}")
    return found


def test_index_builds_on_existing_tables_do_not_lock_writes():
    assert index_operations_that_lock_writes() == []


def test_concurrent_index_builds_run_outside_a_transaction():
    atomic = [
        f"{app}.{name}"
        for app, name, migration in project_migrations()
        if migration.atomic
        and any(
            isinstance(op, (AddIndexConcurrently, RemoveIndexConcurrently))
            for op in migration.operations
        )
    ]
    assert atomic == []
