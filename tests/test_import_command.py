"""`manage.py import_seeds`: bad files reported and skipped, atomic, idempotent, dry run."""

import re
from io import StringIO
from pathlib import Path

import pghistory.models
import pytest
from django.core.management import CommandError, call_command

from claims import importing
from claims.models import Citation, Claim, ClaimRelation
from claims.services import claim_merge
from sources.models import Entity, Source
from tests.pages import PRESS_RELEASE

pytestmark = pytest.mark.django_db


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_seeds", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts() -> dict[str, int]:
    return {
        "sources": Source.objects.count(),
        "entities": Entity.objects.count(),
        "claims": Claim.objects.count(),
        "citations": Citation.objects.count(),
        "relations": ClaimRelation.objects.count(),
        "events": pghistory.models.Events.objects.count(),
    }


def test_a_press_release_becomes_a_source_with_attributed_anchored_claims(tmp_path):
    out, _ = run(str(write(tmp_path, "release.txt", PRESS_RELEASE)))
    source = Source.objects.get()
    assert source.title == "Rents up 40% since 2015, tenants' union says"
    assert "Donate now" not in source.body
    lopez = Claim.objects.get(text__startswith="Families are paying three times")
    assert lopez.claimant.name == "Maria Lopez"
    assert lopez.origin == "extracted"
    assert lopez.status == "new"
    for citation in Citation.objects.select_related("source"):
        assert citation.source.body[citation.start : citation.end] == citation.quote
    assert "Import summary" in out
    assert re.search(r"^1 file in [0-9.]+s \([0-9.]+ files/s, 1 job\)$", out, re.MULTILINE)


def test_running_twice_changes_nothing(tmp_path):
    path = str(write(tmp_path, "release.txt", PRESS_RELEASE))
    run(path)
    before = counts()
    out, _ = run(path)
    assert counts() == before
    assert "Nothing to do: 1 file imported before" in out
    out, _ = run("--again", path)
    assert counts() == before
    total = next(line for line in out.splitlines() if line.startswith("total"))
    assert total.split()[1:10] == ["1", "0", "0", "0", "0", "0", "0", "0", "0"]


def test_dry_run_reports_the_changes_and_writes_nothing(tmp_path):
    path = str(write(tmp_path, "release.txt", PRESS_RELEASE))
    dry_out, _ = run("--dry-run", path)
    assert counts()["sources"] == counts()["claims"] == 0
    assert "Dry run: nothing was written." in dry_out
    real_out, _ = run(path)
    dry_total = next(line for line in dry_out.splitlines() if line.startswith("total"))
    real_total = next(line for line in real_out.splitlines() if line.startswith("total"))
    assert dry_total.split()[:9] == real_total.split()[:9]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"Caf\xe9 prices rose 10% in 2019\n", "not UTF-8 text: byte 0xe9 at offset 3"),
        (b"PK\x03\x04\x00\x00binary", "NUL bytes"),
        ("\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 2, "control characters"),
    ],
)
def test_a_bad_file_is_named_with_its_reason_while_good_files_import(tmp_path, content, reason):
    write(tmp_path, "a_good.txt", PRESS_RELEASE)
    write(tmp_path, "b_bad.txt", content)
    with pytest.raises(CommandError, match=r"1 of 2 files failed: b_bad\.txt"):
        run(str(tmp_path))
    assert Source.objects.count() == 1


def test_control_characters_are_counted_as_unicode_defines_them_and_layout_is_not(tmp_path):
    # C1 controls (U+007F-U+009F) and a vertical tab are binary noise; tabs, form feeds and
    # line ends are layout.
    noisy = write(tmp_path, "noisy.txt", "Prices rose.\x7f\x80\x85\x9f\x0b" * 2)
    with pytest.raises(importing.DocumentRejected, match="contains 10 control characters"):
        importing.read_document(noisy)
    laid_out = "Prices\trose 10% in 2019.\r\n\fTurnout fell.\n" * 3
    assert importing.read_document(write(tmp_path, "laid_out.txt", laid_out)) == laid_out


def test_a_directory_named_like_a_page_is_named_and_the_pages_import(tmp_path):
    write(tmp_path, "a_good.txt", PRESS_RELEASE)
    (tmp_path / "b_archive.txt").mkdir()
    with pytest.raises(CommandError, match=r"1 of 2 files failed: b_archive\.txt"):
        run(str(tmp_path))
    assert Source.objects.count() == 1
    with pytest.raises(importing.DocumentRejected, match="not a readable file"):
        importing.read_document(tmp_path / "b_archive.txt")


def test_a_file_over_the_size_limit_is_rejected(tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    big = write(tmp_path, "big.txt", "Turnout was 40% in 2019. " * 50_000)
    with pytest.raises(importing.DocumentRejected, match="larger than the 1 MiB limit"):
        importing.read_document(big)


def test_a_document_failing_half_way_leaves_nothing_behind(tmp_path, monkeypatch):
    write(tmp_path, "a_good.txt", PRESS_RELEASE)
    write(tmp_path, "b_breaks.txt", PRESS_RELEASE.replace("Riverside", "Hillside"))
    real_citations_create = importing.citations_create_many

    def failing_for_hillside(*, citations, **options):
        if any("Hillside" in citation.source.body for citation in citations):
            raise RuntimeError("disk full")
        return real_citations_create(citations=citations, **options)

    monkeypatch.setattr(importing, "citations_create_many", failing_for_hillside)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_seeds", str(tmp_path), stdout=StringIO(), stderr=err)
    assert "b_breaks.txt: import failed (RuntimeError: disk full)" in err.getvalue()
    assert not Source.objects.filter(body__contains="Hillside").exists()
    assert Source.objects.filter(body__contains="Riverside").count() == 1


def test_history_records_the_command_and_the_file(tmp_path):
    run(str(write(tmp_path, "release.txt", PRESS_RELEASE)))
    contexts = {
        (event.pgh_context["command"], event.pgh_context["file"])
        for event in pghistory.models.Events.objects.all()
    }
    assert contexts == {("import_seeds", "release.txt")}


def test_a_missing_path_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="no such file or directory"):
        run(str(tmp_path / "nope.txt"))


def test_reimporting_after_a_journalist_merged_a_claim_keeps_the_merge(tmp_path):
    path = str(write(tmp_path, "release.txt", PRESS_RELEASE))
    run(path)
    lopez = Claim.objects.get(text__startswith="Families are paying three times")
    other = Claim.objects.exclude(pk=lopez.pk).first()
    claim_merge(duplicate=lopez, into=other)
    before = counts()
    run("--again", path)
    assert counts() == before


def test_a_directorys_entities_fixture_is_loaded_before_its_pages(tmp_path):
    write(
        tmp_path,
        "entities.json",
        '[{"name": "Riverside Tenants Union", "kind": "organisation", '
        '"aliases": ["RTU", "Riverside Tenants"]}]',
    )
    write(tmp_path, "release.txt", PRESS_RELEASE)
    out, _ = run(str(tmp_path))
    union = Entity.objects.get(name="Riverside Tenants Union")
    assert union.aliases == ["RTU", "Riverside Tenants"]
    assert "entities.json: 1 entities created" in out
    run(str(tmp_path))
    assert Entity.objects.filter(name="Riverside Tenants Union").count() == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "cannot read it as JSON"),
        ('{"name": "RTU"}', "expected a JSON array"),
        ('["Riverside Tenants Union"]', "entity 1: expected an object"),
        ('[{"name": "RTU", "kind": "union"}]', "'kind' must be one of"),
        ('[{"name": "", "kind": "person"}]', "'name' must be a non-empty string"),
        ('[{"name": "RTU", "kind": "organisation", "aliases": "R"}]', "'aliases' must be a list"),
    ],
)
def test_a_bad_entities_fixture_is_named_with_its_problem_and_stores_nothing(
    tmp_path, content, reason
):
    fixture = write(tmp_path, "entities.json", content)
    write(tmp_path, "release.txt", PRESS_RELEASE)
    with pytest.raises(CommandError) as raised:
        run(str(tmp_path))
    assert str(fixture) in str(raised.value)
    assert reason in str(raised.value)
    assert counts()["entities"] == 0
    assert counts()["sources"] == 0


# Two articles about different people who share a surname: each names its person in full once
# and then by surname.
KELLY_EDUCATION = """Schools to get new funding, minister says

Education Secretary Ruth Kelly announced an extra £1bn for school buildings on Monday.

"Every child deserves a classroom fit for learning," Ms Kelly said.

The money will be spread over three years, Kelly told MPs.
"""
KELLY_TELEVISION = """Breakfast presenter to leave morning show

Television presenter Lorraine Kelly is to step down from her morning programme after 30 years.

"It has been the joy of my working life," Kelly said.

She will present her last show in the spring.
"""


@pytest.mark.parametrize(
    ("alias", "name", "kind", "kept"),
    [
        ("Ruth M. Kelly", "Ruth Kelly", "person", True),
        ("Kelly", "Ruth Kelly", "person", False),
        ("Ms Kelly", "Ruth Kelly", "person", False),
        ("Sen. Kelly", "Ruth Kelly", "person", False),
        ("JLM", "Jewish Labour Movement", "organisation", True),
        ("The Labour Party", "Labour Party", "organisation", True),
        ("The Labour leader", "Labour Party", "organisation", False),
        ("A JLM spokesman", "Jewish Labour Movement", "organisation", False),
    ],
)
def test_an_alias_is_kept_only_when_it_names_the_entity(alias, name, kind, kept):
    assert importing.is_name_alias(alias, name, kind) is kept


def test_two_people_sharing_a_surname_in_different_articles_stay_two_entities(tmp_path):
    run(str(write(tmp_path, "education.txt", KELLY_EDUCATION)))
    run(str(write(tmp_path, "television.txt", KELLY_TELEVISION)))
    people = Entity.objects.filter(kind="person", name__endswith="Kelly")
    assert sorted(p.name for p in people) == ["Lorraine Kelly", "Ruth Kelly"]
    assert not Entity.objects.filter(name="Kelly").exists()
    for person in people:
        assert "Kelly" not in person.aliases
        assert "Ms Kelly" not in person.aliases
    classroom = Claim.objects.get(text__contains="Every child deserves a classroom")
    joy = Claim.objects.get(text__contains="It has been the joy of my working life")
    assert classroom.claimant.name == "Ruth Kelly"
    assert joy.claimant.name == "Lorraine Kelly"


def test_a_dry_run_with_an_entities_fixture_writes_nothing(tmp_path):
    write(
        tmp_path, "entities.json", '[{"name": "Riverside Tenants Union", "kind": "organisation"}]'
    )
    write(tmp_path, "release.txt", PRESS_RELEASE)
    before = counts()
    run("--dry-run", str(tmp_path))
    assert counts() == before


def test_the_import_sets_the_cycle_collector_aside_and_leaves_it_as_it_found_it(
    tmp_path, monkeypatch
):
    # While files import, what was loaded before is frozen and full collections are rarer
    # (they walk the importer's caches and free nothing); the calling process gets its own
    # settings back.
    import gc

    from claims import import_files
    from factbase.worker_processes import BATCH_FULL_COLLECTION_AFTER

    seen = []
    real_import = import_files.import_document

    def observed(*args, **kwargs):
        seen.append((gc.get_freeze_count() > 0, gc.get_threshold()[2]))
        return real_import(*args, **kwargs)

    monkeypatch.setattr(import_files, "import_document", observed)
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    run(str(write(tmp_path, "release.txt", PRESS_RELEASE)))
    assert seen == [(True, BATCH_FULL_COLLECTION_AFTER)]
    assert gc.get_threshold() == threshold
    assert gc.get_freeze_count() == frozen
