"""A fresh install always ends with a login that someone knows the password of."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def ensure_admin() -> str:
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("environment", [{}, {"FACTBASE_ADMIN_PASSWORD": ""}])
def test_without_a_chosen_password_one_is_generated_printed_once_and_kept(
    environment, monkeypatch, settings, tmp_path
):
    monkeypatch.delenv("FACTBASE_ADMIN_PASSWORD", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings.VAR_DIR = tmp_path
    output = ensure_admin()
    kept = (tmp_path / "admin_password").read_text().strip()
    assert f"password: {kept}" in output
    assert authenticate(username="admin", password=kept) is not None
    assert "password" not in ensure_admin().replace("Superuser 'admin' exists.", "")


def test_a_chosen_password_is_used_and_not_written_anywhere(monkeypatch, settings, tmp_path):
    monkeypatch.setenv("FACTBASE_ADMIN_PASSWORD", "a long chosen password")
    settings.VAR_DIR = tmp_path
    output = ensure_admin()
    assert "a long chosen password" not in output
    assert not (tmp_path / "admin_password").exists()
    assert authenticate(username="admin", password="a long chosen password") is not None
