"""Importing again never undoes a journalist's work, and a page imported before is skipped."""

from io import StringIO
from pathlib import Path

import pghistory.models
import pytest
from django.core.management import call_command

from claims import importing
from claims.models import Citation, Claim, ClaimRelation, ImportedObject, RelationStatus
from claims.services import citation_delete, claim_delete, claim_merge, relation_decide
from sources.models import Entity, Source
from sources.services import entity_delete, entity_update, source_delete
from tests.pages import PRESS_RELEASE

pytestmark = pytest.mark.django_db

# Two posts whose claims suggest each other (same figures, different wording).
LISTING = """Update: rents rose 40% since 2015

The Riverside Tenants Union said rents in the borough had risen by 40% since 2015, the steepest rise in the region.

Read more Share

Update: tenants count the cost

“Rents in the borough have risen by 40% since 2015, the steepest rise anywhere in the region,” said Maria Lopez.

Read more Share
"""

THIRD_POST = """
Update: council answers

A council spokesperson said: "The council has built 300 new homes since 2018."

Read more Share
"""


def write(directory: Path, name: str, content: str) -> str:
    path = directory / name
    path.write_text(content, encoding="utf-8")
    return str(path)


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_seeds", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "sources": Source.objects.count(),
        "entities": Entity.objects.count(),
        "claims": Claim.objects.count(),
        "citations": Citation.objects.count(),
        "relations": ClaimRelation.objects.count(),
        "events": pghistory.models.Events.objects.count(),
    }


def test_a_file_imported_before_is_skipped_without_extraction(tmp_path, monkeypatch):
    path = write(tmp_path, "release.txt", PRESS_RELEASE)
    run(path)
    before = counts()

    def no_extraction(*args, **kwargs):
        raise AssertionError("a file imported before was extracted again")

    monkeypatch.setattr(importing, "extract_document", no_extraction)
    out = run(path)
    assert "skipped, imported before" in out
    assert counts() == before


def test_the_same_content_under_another_name_is_skipped(tmp_path):
    run(write(tmp_path, "release.txt", PRESS_RELEASE))
    before = counts()
    out = run(write(tmp_path, "copy-of-release.txt", PRESS_RELEASE))
    assert "skipped, imported before" in out
    assert counts() == before


def test_a_page_that_grew_adds_only_its_new_post(tmp_path):
    run(write(tmp_path, "listing.txt", LISTING))
    before = counts()
    run(write(tmp_path, "listing.txt", LISTING + THIRD_POST))
    assert Source.objects.count() == before["sources"] + 1
    assert Claim.objects.filter(text__contains="300 new homes").count() == 1
    assert Source.objects.filter(title="Update: rents rose 40% since 2015").count() == 1


def test_importing_again_adds_nothing_at_all(tmp_path):
    path = write(tmp_path, "listing.txt", LISTING + THIRD_POST)
    run(path)
    assert ClaimRelation.objects.exists()  # the two posts' claims suggest each other
    before = counts()
    run("--again", path)
    assert counts() == before


def test_a_claim_a_journalist_deleted_is_not_imported_again(tmp_path):
    path = write(tmp_path, "release.txt", PRESS_RELEASE)
    run(path)
    lopez = Claim.objects.get(text__startswith="Families are paying three times")
    claim_delete(claim=lopez)
    before = counts()
    run("--again", path)
    assert not Claim.objects.filter(text__startswith="Families are paying three times").exists()
    assert counts() == before


def test_a_merged_claim_stays_merged(tmp_path):
    path = write(tmp_path, "release.txt", PRESS_RELEASE)
    run(path)
    lopez = Claim.objects.get(text__startswith="Families are paying three times")
    other = Claim.objects.exclude(pk=lopez.pk).first()
    claim_merge(duplicate=lopez, into=other)
    before = counts()
    run("--again", path)
    assert counts() == before
    lopez.refresh_from_db()
    assert lopez.duplicate_of == other


def test_a_citation_a_journalist_deleted_is_not_imported_again(tmp_path):
    path = write(tmp_path, "release.txt", PRESS_RELEASE)
    run(path)
    citation = Citation.objects.get(quote__startswith="Families are paying three times")
    claim = citation.claim
    citation_delete(citation=citation, user=None)
    before = counts()
    run("--again", path)
    assert counts() == before
    assert not claim.citations.exists()


def test_a_rejected_or_deleted_suggestion_is_not_suggested_again(tmp_path):
    path = write(tmp_path, "listing.txt", LISTING)
    run(path)
    suggestion = ClaimRelation.objects.get(status=RelationStatus.SUGGESTED)
    relation_decide(
        from_claim=suggestion.from_claim,
        to_claim=suggestion.to_claim,
        status=RelationStatus.REJECTED,
    )
    run("--again", path)
    assert list(ClaimRelation.objects.values_list("status", flat=True)) == ["rejected"]

    ClaimRelation.objects.get().delete()
    before = counts()
    run("--again", path)
    assert counts() == before
    assert not ClaimRelation.objects.exists()


def test_a_source_a_journalist_deleted_is_not_imported_again(tmp_path):
    path = write(tmp_path, "release.txt", PRESS_RELEASE)
    run(path)
    source = Source.objects.get()
    for claim in Claim.objects.all():
        claim_delete(claim=claim)
    source_delete(source=source)
    before = counts()
    run("--again", path)
    assert counts() == before
    assert not Source.objects.exists()


def test_an_entity_a_journalist_renamed_is_not_made_again_under_its_old_name(tmp_path):
    path = write(tmp_path, "release.txt", PRESS_RELEASE)
    run(path)
    lopez = Entity.objects.get(name="Maria Lopez")
    entity_update(entity=lopez, changes={"name": "María López"})
    # The journalist also deleted the claims she was first named for: importing the page again
    # makes them again with her as claimant; no second entity under the old spelling.
    for claim in Claim.objects.filter(claimant=lopez):
        claim_delete(claim=claim)
    ImportedObject.objects.filter(kind="claim").delete()  # as if never imported
    ImportedObject.objects.filter(kind="citation").delete()
    run("--again", path)
    assert not Entity.objects.filter(name="Maria Lopez").exists()
    assert Claim.objects.filter(claimant=lopez).exists()


def test_what_an_import_made_is_remembered_per_source_passage(tmp_path):
    run(write(tmp_path, "release.txt", PRESS_RELEASE))
    source = Source.objects.get()
    records = ImportedObject.objects.filter(source_sha256=source.body_sha256)
    kinds = set(records.values_list("kind", flat=True))
    assert kinds == {"source", "entity", "claim", "citation"}
    for citation in Citation.objects.all():
        assert records.filter(
            kind="claim", key=f"{citation.start}-{citation.end}", claim=citation.claim
        ).exists()
        assert records.filter(kind="citation", citation=citation).exists()


def test_a_page_holding_the_same_text_under_two_headlines_makes_one_source(tmp_path):
    body = "The Riverside Tenants Union said rents had risen by 40% since 2015.\n\n"
    page = f"Update 1: rents\n\n{body}Read more Share\n\nUpdate 2: rents again\n\n{body}"
    run(write(tmp_path, "twice.txt", page + "Read more Share\n"))
    assert Source.objects.count() == 1


FIXTURE = (
    '[{"name": "Riverside Tenants Union", "kind": "organisation", "aliases": ["RTU"]}, '
    '{"name": "Maria Lopez", "kind": "person"}]'
)


def test_a_fixture_entity_a_journalist_deleted_is_not_loaded_again(tmp_path):
    write(tmp_path, "entities.json", FIXTURE)
    write(tmp_path, "note.txt", "Opening hours\n\nThe office opens at nine.\n")
    out = run(str(tmp_path))
    assert "entities.json: 2 entities created" in out
    union = Entity.objects.get(name="Riverside Tenants Union")
    entity_delete(entity=union)
    out = run(str(tmp_path))
    assert "entities.json: 0 entities created" in out
    assert not Entity.objects.filter(name="Riverside Tenants Union").exists()


def test_fixture_entities_with_long_names_sharing_a_beginning_are_each_remembered(tmp_path):
    # Names may be longer than the record's key: keys are shortened and end in a digest.
    federation = "The Federation of " + "Riverside and Lakeside " * 10
    names = [federation + "Tenants Unions", federation + "Residents Associations"]
    fixture = ", ".join(f'{{"name": "{name}", "kind": "organisation"}}' for name in names)
    write(tmp_path, "entities.json", f"[{fixture}]")
    write(tmp_path, "note.txt", "Opening hours\n\nThe office opens at nine.\n")
    assert "entities.json: 2 entities created" in run(str(tmp_path))
    entity_delete(entity=Entity.objects.get(name=names[0]))
    assert "entities.json: 0 entities created" in run(str(tmp_path))
    assert list(
        Entity.objects.filter(name__startswith=federation).values_list("name", flat=True)
    ) == [names[1]]


def test_a_fixture_entity_a_journalist_edited_keeps_the_edit_when_the_fixture_grows(tmp_path):
    write(tmp_path, "entities.json", FIXTURE)
    write(tmp_path, "release.txt", PRESS_RELEASE)
    run(str(tmp_path))
    union = Entity.objects.get(name="Riverside Tenants Union")
    entity_update(entity=union, changes={"aliases": []})  # "RTU" named another union here
    grown = FIXTURE[:-1] + ', {"name": "Borough Council", "kind": "organisation"}]'
    write(tmp_path, "entities.json", grown)
    out = run(str(tmp_path))
    assert "entities.json: 1 entities created" in out
    union.refresh_from_db()
    assert union.aliases == []
    assert Entity.objects.filter(name="Borough Council").exists()
    recorded = ImportedObject.objects.filter(source_sha256=importing.FIXTURE_SHA256)
    assert sorted(recorded.values_list("key", flat=True)) == [
        "organisation:borough council",
        "organisation:riverside tenants union",
        "person:maria lopez",
    ]
