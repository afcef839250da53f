"""Production settings refuse to start half-configured, and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # A production process's environment: none of the test run's own switches.
    unset = {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update({"DATABASE_URL": django_settings.DATABASE_URL, **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "factbase.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "k" * 60}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_required_settings(env, missing):
    result = run_manage("check", FACTBASE_PRODUCTION="1", **env)
    assert result.returncode != 0
    assert f"FACTBASE_PRODUCTION is set but {missing} is not" in result.stderr


def test_production_without_a_database_url_refuses_to_start_and_starts_no_database(tmp_path):
    result = run_manage(
        "check",
        FACTBASE_PRODUCTION="1",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="factbase.example.org",
        DATABASE_URL="",
        FACTBASE_VAR_DIR=str(tmp_path / "var"),
    )
    assert result.returncode != 0
    assert "FACTBASE_PRODUCTION is set but DATABASE_URL is not" in result.stderr
    assert not (tmp_path / "var" / "postgres").exists()


def test_production_names_every_missing_setting_at_once(tmp_path):
    result = run_manage(
        "check", FACTBASE_PRODUCTION="1", DATABASE_URL="", FACTBASE_VAR_DIR=str(tmp_path)
    )
    assert result.returncode != 0
    assert (
        "FACTBASE_PRODUCTION is set but DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS are not"
        in result.stderr
    )


def test_production_refuses_debug_mode():
    result = run_manage(
        "check",
        FACTBASE_PRODUCTION="1",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="factbase.example.org",
        DEBUG="1",
    )
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_a_web_server_process_pools_its_connections_and_bounds_statements():
    result = run_manage(
        "shell",
        "-c",
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('SHOW statement_timeout')\n"
        "    print(cursor.fetchone()[0], connection.pool.max_size)",
        FACTBASE_ASGI="1",
        WEB_MAX_CONCURRENT_REQUESTS="5",
        WEB_STATEMENT_TIMEOUT_SECONDS="12",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["12s", "5"]


@pytest.mark.long
def test_production_settings_pass_the_deployment_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        FACTBASE_PRODUCTION="1",
        SECRET_KEY="a-production-key-" + "x9" * 30,
        ALLOWED_HOSTS="factbase.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_only_postgresql_is_accepted():
    result = run_manage("check", DATABASE_URL="sqlite:///tmp/factbase.sqlite3")
    assert result.returncode != 0
    assert "PostgreSQL only" in result.stderr


def test_time_is_kept_in_utc():
    assert django_settings.TIME_ZONE == "UTC"
    assert django_settings.USE_TZ is True
