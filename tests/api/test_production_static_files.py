"""Production serves static files under their hashed names, from `collectstatic`'s manifest
(WhiteNoise's manifest storage, settings.py): without it every page naming a static file (the
browsable API, the admin) is a 500. `manage.py serve` collects them before it starts the web
server, as a release does (docs/operations.md); outside production they are served from the
apps and nothing is collected."""

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from factbase.management.commands import serve

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


class _ExitedServer:
    """gunicorn, exited at once (as `serve` sees it)."""

    started: list[Any] = []

    def __init__(self, command: list[str], **options: Any) -> None:
        self.started.append(command)

    def poll(self) -> int:
        return 0


def test_serve_in_production_collects_static_files_for_the_browsable_api_and_the_admin(
    client, reader, settings, tmp_path, monkeypatch
):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    monkeypatch.setenv("FACTBASE_ADMIN_PASSWORD", "a password for the admin of this test")
    monkeypatch.setattr(serve.subprocess, "Popen", _ExitedServer)
    monkeypatch.setattr(serve.signal, "signal", lambda *args: None)  # the test runner's own
    _ExitedServer.started.clear()
    call_command("serve", "--skip-import", "--job-workers", "0", stdout=StringIO())
    assert len(_ExitedServer.started) == 1
    client.force_login(reader)
    browsable = client.get("/api/v1/claims/", HTTP_ACCEPT="text/html")
    assert browsable.status_code == 200
    hashed = rb"/static/rest_framework/css/bootstrap\.min\.[0-9a-f]{12}\.css"
    assert re.search(hashed, browsable.content)
    login = Client().get("/admin/login/")
    assert login.status_code == 200
    assert re.search(rb"/static/admin/css/base\.[0-9a-f]{12}\.css", login.content)
