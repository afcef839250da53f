"""The curl tour in docs/api.md runs as written: every `sh` block, in order, in one shell, against
the served process on a database holding what `make run` gives (the seeds imported, the admin
account), each curl failing the run on an HTTP error."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS

from claims.models import Claim, ClaimStatus
from events.models import Subscription
from tests.database_flush import flush_tables_with_rows
from tests.served import ROOT, database_url, served

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

TOUR = ROOT / "docs" / "api.md"
DOCUMENTED_BASE = "http://127.0.0.1:8000"
ADMIN_PASSWORD = "a long test password"  # what tests.served gives the admin account


def tour_commands() -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", TOUR.read_text(), flags=re.S | re.M)


@pytest.fixture(scope="module")
def base(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        call_command("import_seeds", verbosity=0)  # as `make run` does on a fresh checkout
        try:
            with served(
                database_url(settings.DATABASES["default"]),
                var_dir=tmp_path_factory.mktemp("var"),
                env={"FACTBASE_ADMIN_PASSWORD": ADMIN_PASSWORD},
            ) as url:
                yield url
        finally:
            flush_tables_with_rows(DEFAULT_DB_ALIAS)  # as after a transactional test


def test_the_tour_has_commands_for_every_step():
    blocks = tour_commands()
    assert len(blocks) >= 15
    assert all(DOCUMENTED_BASE in block for block in blocks)


def test_the_curl_tour_runs_as_written(base, tmp_path):
    blocks = tour_commands()
    script = [
        "set -euo pipefail",
        # An HTTP error fails the command (and so the run), with its body shown.
        'curl() { command curl --fail-with-body --max-time 120 "$@"; }',
    ]
    for number, block in enumerate(blocks, 1):
        script += [f"echo '--- command block {number}' >&2", block.replace(DOCUMENTED_BASE, base)]
    script.append(
        'printf "\\nids CLAIM=%s DUPLICATE=%s WEBHOOK=%s\\n" "$CLAIM" "$DUPLICATE" "$WEBHOOK"'
    )
    # A checkout's files the tour reads, in a directory of its own for what it writes (a
    # generated client); the virtualenv's tools (openapi-python-client) on the PATH.
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    result = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=tmp_path,
        env={**os.environ, "FACTBASE_ADMIN_PASSWORD": ADMIN_PASSWORD, "PATH": path},
        capture_output=True,
        text=True,
        timeout=900,
    )
    failed_at = result.stderr[result.stderr.rfind("--- command block") :]
    assert result.returncode == 0, f"{failed_at[:3000]}\n{result.stdout[-2000:]}"
    assert result.stderr.count("--- command block") == len(blocks)
    last = result.stdout.strip().splitlines()[-1]
    ids = dict(pair.split("=") for pair in last.removeprefix("ids ").split())
    claim = Claim.objects.get(pk=int(ids["CLAIM"]))
    assert claim.status == ClaimStatus.PUBLISHED
    assert claim.citations.count() == 1
    assert Claim.objects.get(pk=int(ids["DUPLICATE"])).duplicate_of_id == claim.pk
    assert Subscription.objects.filter(pk=int(ids["WEBHOOK"])).exists()
