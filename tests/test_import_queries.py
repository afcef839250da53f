"""Importing a document costs a bounded number of statements, whatever the number of claims in
it: reads and writes are batched per document, never one (or more) per claim or citation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import organisation_lexicon
from claims.importing import import_document
from claims.models import Claim, ClaimRelation
from claims.search import claims_search
from claims.services import RelationSuggestion, relation_suggest, relations_suggest_many
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

WORDS = ["rents", "fares", "fines", "fees", "bills", "prices", "charges", "tolls", "rates"]
PLACES = [f"{stem}{end}" for stem in ("North", "East", "West", "South") for end in ("gate", "field", "brook", "moor", "bury", "ham", "ford", "stead")]  # fmt: skip


def article(claims: int, title: str, *, restated: bool = False) -> str:
    """An article quoting two people (stored before) `claims` times, each about another place;
    `restated` says the same things in other words."""
    lines = [title, ""]
    for n in range(claims):
        who = ["Maria Lopez", "Tom Brown"][n % 2]
        what, place, percent, year = WORDS[n % len(WORDS)], PLACES[n], 11 + n, 1981 + n
        if restated:
            lines.append(
                f"{who} said {place} {what} had climbed {percent}% between {year} and 2020."
            )
        else:
            lines.append(
                f"“{what.capitalize()} in {place} rose by {percent}% between {year} and 2020,” "
                f"said {who}."
            )
        lines.append("")
    return "\n".join(lines)


def statements(text: str, name: str) -> tuple[int, object]:
    organisation_lexicon.forget()  # each document reads the organisations it knows afresh
    with CaptureQueriesContext(connection) as captured:
        stats = import_document(text, filename=name)
    return len(captured), stats


def test_a_document_costs_the_same_statements_with_3_claims_as_with_30():
    # Its speakers and claims to match against are stored already.
    import_document(article(30, "Borough prices"), filename="stored.txt")
    few, few_stats = statements(article(3, "Prices, again", restated=True), "few.txt")
    many, many_stats = statements(article(30, "Prices, once more", restated=True), "many.txt")
    assert few_stats.citations == 3
    assert many_stats.citations == 30
    assert few_stats.entities == many_stats.entities == 0
    assert many == few
    assert many <= 24


def test_a_documents_writes_under_the_import_lock_take_a_dozen_statements_and_no_savepoint():
    # Documents imported side by side take turns under the lock: what runs under it is the
    # part two jobs cannot share. Its reads are those that can have changed since the
    # document's first look, its writes one statement per table, with no savepoint: a failure
    # fails the whole document anyway.
    import_document(article(30, "Borough prices"), filename="stored.txt")
    organisation_lexicon.forget()
    with CaptureQueriesContext(connection) as captured:
        stats = import_document(article(30, "Prices, once more", restated=True), filename="b.txt")
    sql = [query["sql"] for query in captured]
    locked = sql[
        next(i for i, s in enumerate(sql) if s.startswith("SELECT pg_advisory_xact_lock")) :
    ]
    assert stats.citations == 30
    assert stats.suggestions > 0
    assert not [s for s in locked if s.startswith("SAVEPOINT")]
    # The lock, its statements, and the end of the document's transaction (a savepoint's
    # release here, inside the test's transaction; a commit otherwise).
    assert len(locked) <= 1 + 11 + 1


def test_a_document_imported_in_its_turn_takes_the_import_lock_once():
    # With several jobs a document takes the lock in its turn, before checking the organisations
    # the documents ahead of it made; every statement under the lock holds up the next file.
    import_document(article(30, "Borough prices"), filename="stored.txt")
    with CaptureQueriesContext(connection) as captured:
        stats = import_document(
            article(30, "Prices, once more", restated=True),
            filename="b.txt",
            wait_turn=lambda: None,
        )
    assert stats.citations == 30
    locks = [q for q in captured if q["sql"].startswith("SELECT pg_advisory_xact_lock")]
    assert len(locks) == 1


def test_suggestions_in_a_batch_are_those_one_at_a_time_would_make():
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    earlier, _ = relation_suggest(from_claim=b, to_claim=a, score=0.7, method="by hand")
    made = relations_suggest_many(
        suggestions=[
            RelationSuggestion(a, b, 0.9, "import"),  # the other way round: found
            RelationSuggestion(a, c, 0.8, "import"),
            RelationSuggestion(c, a, 0.8, "import"),  # the same pair again: found
        ]
    )
    new = ClaimRelation.objects.get(from_claim=a, to_claim=c)
    assert made == [(earlier, False), (new, True), (new, False)]
    assert ClaimRelation.objects.count() == 2
    assert new.score == 0.8
    assert new.method == "import"


def _claim_rows_written() -> tuple[int, int]:
    """Claim rows inserted and updated so far in this transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_ins, n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = %s",
            [Claim._meta.db_table],
        )
        inserted, updated = cursor.fetchone()
    return inserted, updated


def test_an_imported_claim_is_written_once_with_its_sources_titles_searchable():
    # Its citations are written first, so the claim's search document is whole when it is
    # inserted: no second row version for every new claim.
    before = _claim_rows_written()
    stats = import_document(article(4, "Borough charges"), filename="charges.txt")
    inserted, updated = _claim_rows_written()
    assert stats.claims == 4
    assert (inserted - before[0], updated - before[1]) == (4, 0)
    found = claims_search(Claim.objects.all(), "borough charges")
    assert found.count() == 4
