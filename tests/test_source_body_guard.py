"""A cited source's text cannot change, whoever writes it (API, admin, a script calling the
sources service): its citations are anchored by character offsets. The sources app asks the
reasons the claims app registered, without knowing of citations."""

import pytest
from django.core.exceptions import ValidationError

from sources.services import source_update
from tests.factories import CitationFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_the_text_of_a_cited_source_cannot_change():
    citation = CitationFactory.create()
    CitationFactory.create(source=citation.source)
    with pytest.raises(ValidationError) as refused:
        source_update(source=citation.source, changes={"body": "Something else entirely."})
    assert refused.value.message_dict["body"] == [
        "This source is cited 2 time(s); changing its text would break the citations' "
        "anchors. Store the new text as a new source."
    ]
    citation.source.refresh_from_db()
    assert citation.quote in citation.source.body


def test_the_rest_of_a_cited_source_can_change():
    citation = CitationFactory.create()
    saved = source_update(source=citation.source, changes={"title": "Annual statement"})
    assert saved.title == "Annual statement"


def test_the_text_of_an_uncited_source_can_change():
    source = SourceFactory.create()
    saved = source_update(source=source, changes={"body": "Rents rose 40% since 2015."})
    assert saved.body == "Rents rose 40% since 2015."
