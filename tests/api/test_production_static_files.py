"""Production serves static files from `collectstatic`'s output under their hashed names
(WhiteNoise's manifest storage, settings.py); a deployment runs `collectstatic` before it
serves (docs/operations.md). Pages whose templates name static files (the browsable API,
the admin) then render with the hashed names; without the manifest the same pages are a 500,
which is why the step is part of every release."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_after_collectstatic_the_browsable_api_and_the_admin_render_their_static_files(
    client, reader, settings, tmp_path
):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    client.force_login(reader)
    browsable = client.get("/api/v1/claims/", HTTP_ACCEPT="text/html")
    assert browsable.status_code == 200
    assert re.search(
        rb"/static/rest_framework/css/bootstrap\.min\.[0-9a-f]{12}\.css", browsable.content
    )
    login = Client().get("/admin/login/")
    assert login.status_code == 200
    assert re.search(rb"/static/admin/css/base\.[0-9a-f]{12}\.css", login.content)
