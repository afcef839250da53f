"""Importing the same pages again adds nothing at all, history included, whatever the pages."""

import pghistory
import pghistory.models
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims import importing
from claims.importing import import_document
from claims.models import Citation, Claim, ClaimRelation, ImportedObject
from sources.models import Entity, Source

pytestmark = pytest.mark.django_db

PEOPLE = ["Maria Lopez", "Tom Brown", "Priya Shah", "the council", "Ann Lee"]
TOPICS = ["rents", "bus fares", "school places", "waiting lists", "council tax"]


@st.composite
def sentences(draw) -> str:
    person, topic = draw(st.sampled_from(PEOPLE)), draw(st.sampled_from(TOPICS))
    # Few figures, so that many passages restate one another: merges and suggestions, and more
    # stored candidates than a passage is compared with.
    percent, year = draw(st.sampled_from([10, 40])), draw(st.sampled_from([2010, 2015]))
    shape = draw(st.integers(0, 4))
    if shape == 0:
        return f"{person.capitalize()} said {topic} had risen by {percent}% since {year}."
    if shape == 1:
        return f"“{topic.capitalize()} rose {percent}% since {year},” said {person}."
    if shape == 2:
        return f'A spokesperson said: "We counted {percent * 10} households in {year}."'
    if shape == 3:
        return f"{topic.capitalize()} have doubled since {year}, according to {person}."
    return draw(st.sampled_from(["Read more Share", "Donate now", "Subscribe now", "—"]))


@st.composite
def pages(draw) -> str:
    posts = draw(st.lists(st.lists(sentences(), min_size=1, max_size=6), min_size=1, max_size=5))
    blocks = []
    for number, post in enumerate(posts):
        blocks.append(f"Update {number}: {draw(st.sampled_from(TOPICS))} in the borough")
        blocks.append("\n\n".join(post))
        blocks.append("Read more Share")
    return "\n\n".join(blocks)


def snapshot() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Source,
            Entity,
            Claim,
            Citation,
            ClaimRelation,
            ImportedObject,
            pghistory.models.Events,
        )
    )


def import_all(documents: list[str]) -> None:
    for number, text in enumerate(documents):
        with pghistory.context(command="import_seeds", file=f"page{number}.txt"):
            import_document(text, filename=f"page{number}.txt")


@pytest.mark.long
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(documents=st.lists(pages(), min_size=1, max_size=6))
def test_importing_generated_pages_again_adds_nothing(monkeypatch, documents):
    # Fewer stored claims per passage than are similar to it, as in a large archive: what a
    # passage is compared with depends on what was stored before it.
    monkeypatch.setattr(importing, "STORED_CANDIDATES_PER_CLAIM", 2)
    with transaction.atomic():
        import_all(documents)
        first = snapshot()
        import_all(documents)
        import_all(list(reversed(documents)))
        assert snapshot() == first
        transaction.set_rollback(True)
