"""Importing several documents at once: worker processes, concurrent documents, interruptions."""

import os
import signal
import subprocess
import sys
import threading
import time
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pghistory
import pghistory.models
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections

import claims.importing
from claims.import_files import Turns
from claims.importing import import_document
from claims.models import Citation, Claim, ClaimRelation, ImportedDocument
from newstext.pipeline import extract_document
from sources.models import Entity, Source
from sources.services import entity_get_or_create
from tests.database_flush import flush_tables_with_rows
from tests.pages import PRESS_RELEASE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.long]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def content() -> dict[str, object]:
    """What the database holds, by content rather than ids (which differ between runs)."""
    claims = {
        claim.pk: (
            claim.text,
            claim.claimant.name if claim.claimant else None,
            frozenset(
                (citation.source.body_sha256, citation.start, citation.end)
                for citation in claim.citations.all()
            ),
        )
        for claim in Claim.objects.select_related("claimant").prefetch_related("citations__source")
    }
    return {
        "sources": sorted(Source.objects.values_list("body_sha256", flat=True)),
        "entities": sorted(Entity.objects.values_list("name", "kind")),
        "claims": sorted(claims.values(), key=repr),
        # A suggestion links two claims either way round: the later document makes it.
        "relations": sorted(
            (
                (sorted([claims[r.from_claim_id], claims[r.to_claim_id]], key=repr), r.status)
                for r in ClaimRelation.objects.all()
            ),
            key=repr,
        ),
        "events": pghistory.models.Events.objects.count(),
    }


def empty_database() -> None:
    """As after a transactional test: every row deleted but the permissions' (the comparisons
    are by content, so restarted sequences are not needed; Django's `flush` truncated all forty
    tables for it, seconds on a busy server)."""
    flush_tables_with_rows(DEFAULT_DB_ALIAS)


def test_two_jobs_import_the_seeds_as_one_job_does():
    call_command("import_seeds", "--jobs", "2", stdout=StringIO())
    two_jobs = content()
    empty_database()
    call_command("import_seeds", stdout=StringIO())
    assert content() == two_jobs


# A long first file and a short second one stating the same fact with another speaker: side by
# side, the second is ready to write long before the first.
SLOW_FIRST = "\n\n".join(
    [
        "Harbour Residents Alliance\n\nRents up 40% since 2015, residents say",
        "The Harbour Residents Alliance said rents in the borough had risen by 40% since 2015.",
    ]
    + [f"The harbour walk was repaved in section {n} last spring." for n in range(300)]
)
FAST_SECOND = (
    "Council notes\n\nRents and the harbour\n\n"
    "Councillor Ann Reyes said rents in the borough had risen by 40% since 2015.\n"
)


def test_a_short_file_ready_first_still_writes_after_the_files_before_it(tmp_path):
    (tmp_path / "1.txt").write_text(SLOW_FIRST, encoding="utf-8")
    (tmp_path / "2.txt").write_text(FAST_SECOND, encoding="utf-8")
    call_command("import_seeds", str(tmp_path), "--jobs", "2", stdout=StringIO())
    two_jobs = content()
    empty_database()
    call_command("import_seeds", str(tmp_path), stdout=StringIO())
    assert content() == two_jobs


class _LoggedTurn:
    """The shared turn number, logging each change to `log`."""

    def __init__(self, log: list) -> None:
        self.log, self._value = log, 0

    @property
    def value(self) -> int:
        return self._value

    @value.setter
    def value(self, value: int) -> None:
        self.log.append(f"turn {value}")
        self._value = value


def test_files_imported_side_by_side_write_in_the_order_of_the_files():
    """Whichever file is ready first, file 2 writes after file 1 and file 1 after file 0; a
    file that ends early (skipped, failed) passes the turn on only once it is its own."""
    log: list = []
    turns = Turns(threading.Condition(), _LoggedTurn(log))

    def import_one(index: int) -> None:
        turns.wait(index)
        log.append(f"file {index} writes")
        turns.end(index)

    threads = [
        threading.Thread(target=import_one, args=(2,)),
        threading.Thread(target=turns.end, args=(1,)),  # skipped: nothing to write
        threading.Thread(target=import_one, args=(0,)),
    ]
    for thread in threads:
        thread.start()
        time.sleep(0.05)  # 2, then 1, then 0 get going
    for thread in threads:
        thread.join(timeout=10)
    assert log == ["file 0 writes", "turn 1", "turn 2", "file 2 writes", "turn 3"]


def test_two_documents_naming_the_same_new_person_at_once_make_one_entity() -> None:
    pages = [
        PRESS_RELEASE,
        PRESS_RELEASE.replace("Riverside", "Hillside").replace("40%", "45%"),
        PRESS_RELEASE.replace("Riverside", "Lakeside").replace("40%", "35%"),
    ]
    start = threading.Barrier(len(pages))
    errors: list[BaseException] = []

    def import_at_once(number: int, text: str) -> None:
        try:
            start.wait()
            with pghistory.context(command="import_seeds", file=f"{number}.txt"):
                import_document(text, filename=f"{number}.txt")
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=import_at_once, args=(number, text))
        for number, text in enumerate(pages)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Source.objects.count() == 3
    assert Entity.objects.filter(name="Maria Lopez").count() == 1
    assert Claim.objects.filter(claimant__name="Maria Lopez").exists()


# Two people quoted, no organisation named: a document waiting for its turn meanwhile is not
# extracted again.
QUOTES_PAGE = """Borough prices

“Rents in Northgate rose by 12% between 1990 and 2020,” said Maria Lopez.

“Fares in Eastfield rose by 14% between 1991 and 2020,” said Tom Brown.
"""


def test_an_item_stored_by_another_document_while_this_one_waited_is_not_stored_twice() -> None:
    # The second document looks at what is stored before the first commits the same item; under
    # the lock it reads its items again and finds every passage made already.
    first: list[claims.importing.ImportStats] = []

    def first_document_writes_meanwhile() -> None:
        def run() -> None:
            try:
                first.append(import_document(QUOTES_PAGE, filename="first.txt"))
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()

    second = import_document(
        QUOTES_PAGE, filename="second.txt", wait_turn=first_document_writes_meanwhile
    )
    assert first[0].claims > 0
    assert first[0].citations > 0
    assert (second.sources, second.claims, second.citations, second.errors) == (0, 0, 0, 0)
    assert Source.objects.count() == 1
    assert Citation.objects.count() == first[0].citations


# A page naming a speaker only by an acronym: known as an organisation's alias, it is credited to
# that organisation; unknown, the quote stays unattributed.
ACRONYM_PAGE = """Harbour news

Quay to close, says trust

The harbour quay will close next spring, the HT said on Monday.
"Repairs would cost 4 million pounds, twice what the quay earns in ten years," the HT said.
"""


def _created_by_another_writer(name: str, aliases: list[str]) -> None:
    def create() -> None:
        try:
            entity_get_or_create(name=name, kind="organisation", aliases=aliases)
        finally:
            connection.close()

    writer = threading.Thread(target=create)
    writer.start()
    writer.join()


def _import_counting_extractions(monkeypatch, wait_turn) -> int:
    """Import ACRONYM_PAGE as a document imported side by side does; how often it was
    extracted."""
    extractions = []

    def counted(*args, **kwargs):
        extractions.append(1)
        return extract_document(*args, **kwargs)

    monkeypatch.setattr(claims.importing, "extract_document", counted)
    with pghistory.context(command="import_seeds", file="page.txt"):
        import_document(ACRONYM_PAGE, filename="page.txt", wait_turn=wait_turn)
    return len(extractions)


def test_an_organisation_named_by_the_page_made_while_it_waits_is_credited_as_one_job_would(
    monkeypatch,
):
    _created_by_another_writer("Harbour Trust", ["HT"])
    with pghistory.context(command="import_seeds", file="page.txt"):
        import_document(ACRONYM_PAGE, filename="page.txt")
    one_job = content()
    assert Claim.objects.filter(claimant__name="Harbour Trust").exists()
    empty_database()

    # Extracted before the organisation existed; it is made before the page's turn comes.
    extracted = _import_counting_extractions(
        monkeypatch, lambda: _created_by_another_writer("Harbour Trust", ["HT"])
    )
    assert extracted == 2
    assert content() == one_job


def test_an_organisation_the_page_never_names_made_while_it_waits_costs_no_second_extraction(
    monkeypatch,
):
    extracted = _import_counting_extractions(
        monkeypatch, lambda: _created_by_another_writer("Quarry Board", ["QB"])
    )
    assert extracted == 1
    assert Entity.objects.filter(name="Quarry Board").exists()
    assert Claim.objects.exists()
    assert not Claim.objects.exclude(claimant=None).exists()


def database_url() -> str:
    """The test database, as a URL for a command run in another process."""
    parts = urlsplit(settings.DATABASE_URL)
    return urlunsplit(parts._replace(path=f"/{connections['default'].settings_dict['NAME']}"))


def pages_directory(directory: Path, count: int) -> Path:
    """`count` distinct pages, with claims that match across pages."""
    for number in range(count):
        text = (
            PRESS_RELEASE.replace("Riverside", f"Riverside {number}")
            .replace("40%", f"{40 + number}%")
            .replace("300 new homes", f"{300 + number} new homes")
        )
        (directory / f"page{number:03}.txt").write_text(text, encoding="utf-8")
    return directory


def citations_from(name: str) -> int:
    return Citation.objects.filter(source__origin__file=name).count()


def files_with_sources() -> set[str]:
    return {origin["file"] for origin in Source.objects.values_list("origin", flat=True)}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_import_killed_mid_way_leaves_no_partial_document_and_a_rerun_completes_it(
    tmp_path, jobs
):
    directory = pages_directory(tmp_path, 16)
    call_command("import_seeds", str(directory), stdout=StringIO())
    uninterrupted = content()
    citations_per_file = {name: citations_from(name) for name in files_with_sources()}
    empty_database()

    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_seeds", "--jobs", jobs, str(directory)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url()},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while ImportedDocument.objects.count() < 3 and time.monotonic() < deadline:
        assert process.poll() is None, "the import ended before it could be interrupted"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the command and its workers, mid-document
    process.wait()

    imported = set(ImportedDocument.objects.values_list("name", flat=True))
    assert 3 <= len(imported) < 16
    assert files_with_sources() == imported  # every document whole, or not at all
    for name in imported:
        assert citations_from(name) == citations_per_file[name]

    call_command("import_seeds", str(directory), stdout=StringIO())
    assert content() == uninterrupted
