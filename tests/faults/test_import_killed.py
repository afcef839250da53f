"""An import killed with SIGKILL half-way leaves every document either whole or absent, and
running it again completes it: the result is the same as one uninterrupted run."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests.faults.conftest import manage
from tests.served import ROOT

pytestmark = [pytest.mark.fault, pytest.mark.slow]

FILES = 30
KILL_AFTER = 12  # files reported done before the kill

TOPICS = ["rents", "bus fares", "school places", "library hours", "waiting lists", "council tax"]
PEOPLE = ["Ann Lee", "Tom Brown", "Priya Shah", "Owen Jones", "Maria Lopez", "Sam Green"]
GROUPS = ["Riverside Tenants Union", "Northgate Residents Association", "Hillside Parents Forum"]


def article(number: int) -> str:
    """A short local-news article with attributed quotes and check-worthy numbers."""
    rng = random.Random(number)
    topic, person, group = rng.choice(TOPICS), rng.choice(PEOPLE), rng.choice(GROUPS)
    pct, year, households = rng.randint(2, 80), rng.randint(1995, 2020), rng.randint(100, 900)
    return (
        f"{topic.capitalize()} up {pct}% since {year}, says {group}\n\n"
        f"By {rng.choice(PEOPLE)}\n\n"
        f"The {group} said {topic} had risen by {pct}% since {year}, according to figures it "
        f"published on Monday in report number {number}.\n\n"
        f"“We counted over {households} households affected,” said {person}, who chairs the "
        f"group. “That is three times as many as in {year + 3}.”\n\n"
        f"The council said it had received {households // 3 + number} complaints about {topic} "
        f"in {year + 10}, fewer than in the previous year.\n"
    )


def write_pages(directory: Path) -> Path:
    directory.mkdir()
    for number in range(FILES):
        (directory / f"{number:03d}_report.txt").write_text(article(number))
    return directory


def documents(database_url: str) -> dict[str, tuple]:
    """For each imported file: its sources, and the citations quoting them."""
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT s.origin->>'file', count(DISTINCT s.id), count(c.id) "
            "FROM sources_source s LEFT JOIN claims_citation c ON c.source_id = s.id "
            "GROUP BY 1"
        ).fetchall()
    return {file: (sources, citations) for file, sources, citations in rows}


def totals(database_url: str) -> dict[str, int]:
    tables = ["sources_source", "claims_claim", "claims_citation", "claims_claimrelation"]
    counts = {}
    with psycopg.connect(database_url) as connection:
        for table in tables:
            row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert row is not None
            counts[table] = row[0]
    return counts


def import_until_killed(database_url: str, pages: Path) -> str:
    """Start the import, SIGKILL it while the file after KILL_AFTER is being imported."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_seeds", str(pages)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    output = []
    for line in process.stdout:
        output.append(line)
        if line.startswith(f"[{KILL_AFTER}/{FILES}]"):
            time.sleep(0.1)  # into the next file's transaction
            process.send_signal(signal.SIGKILL)
            break
    process.stdout.close()
    process.wait()
    return "".join(output)


def test_an_import_killed_half_way_leaves_whole_documents_and_a_rerun_completes_it(
    private_server, tmp_path
):
    pages = write_pages(tmp_path / "pages")
    reference = private_server.new_database("import_reference")
    uninterrupted = manage(reference, "import_seeds", str(pages))
    assert uninterrupted.returncode == 0, uninterrupted.stderr
    expected = documents(reference)
    assert len(expected) == FILES

    database = private_server.new_database("import_killed")
    killed_output = import_until_killed(database, pages)
    after_kill = documents(database)
    # Every document present is whole; the one being imported at the kill left nothing.
    assert KILL_AFTER <= len(after_kill) < FILES, killed_output
    assert {file: expected[file] for file in after_kill} == after_kill

    rerun = manage(database, "import_seeds", str(pages))
    assert rerun.returncode == 0, rerun.stderr
    assert documents(database) == expected
    print(
        f"\nImport of {FILES} files killed after {len(after_kill)} were stored: no partial "
        f"document; the rerun completed. Totals, uninterrupted {totals(reference)}, "
        f"killed and rerun {totals(database)}."
    )
    assert totals(database) == totals(reference)
