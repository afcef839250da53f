"""A citation's quote must be exactly the source text between its offsets."""

import pytest
from django.core.exceptions import ValidationError

from claims.anchoring import CONTEXT_CHARS, anchor_error, locate
from claims.services import citation_create
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Ahead of the vote, the chair said: “We raised £12,500 in 2019–20, more than ever before.” "
    "Critics called the figure ‘misleading’ – and asked for the accounts."
)
QUOTE = "We raised £12,500 in 2019–20, more than ever before."


@pytest.fixture
def source():
    return SourceFactory(body=BODY)


def test_quote_with_curly_quotes_pound_sign_and_en_dash_anchors(source):
    start = BODY.index(QUOTE)
    citation = citation_create(
        claim=ClaimFactory(), source=source, quote=QUOTE, start=start, end=start + len(QUOTE)
    )
    assert source.body[citation.start : citation.end] == QUOTE
    assert citation.prefix == BODY[start - CONTEXT_CHARS : start]
    assert citation.suffix == BODY[start + len(QUOTE) : start + len(QUOTE) + CONTEXT_CHARS]


def test_offsets_are_found_when_only_the_quote_is_given(source):
    citation = citation_create(claim=ClaimFactory(), source=source, quote="‘misleading’")
    assert BODY[citation.start : citation.end] == "‘misleading’"


def test_quote_with_straight_dash_instead_of_en_dash_is_rejected_with_the_place(source):
    start = BODY.index(QUOTE)
    typed = QUOTE.replace("–", "-")
    with pytest.raises(ValidationError) as raised:
        citation_create(
            claim=ClaimFactory(), source=source, quote=typed, start=start, end=start + len(typed)
        )
    message = raised.value.message_dict["quote"][0]
    assert f"offset {start + QUOTE.index('–')}" in message
    assert "–20, more" in message
    assert "-20, more" in message


def test_shifted_offsets_are_rejected_and_the_real_position_is_suggested(source):
    start = BODY.index(QUOTE)
    with pytest.raises(ValidationError) as raised:
        citation_create(
            claim=ClaimFactory(),
            source=source,
            quote=QUOTE,
            start=start + 1,
            end=start + 1 + len(QUOTE),
        )
    assert (
        f"appears at offsets {start}–{start + len(QUOTE)}" in raised.value.message_dict["quote"][0]
    )


def test_quote_missing_from_the_source_is_rejected(source):
    with pytest.raises(ValidationError, match="does not occur"):
        citation_create(claim=ClaimFactory(), source=source, quote="We raised £13,000")


def test_ambiguous_quote_asks_for_an_offset():
    with pytest.raises(ValueError, match="occurs 2 times"):
        locate("Yes. No. Yes.", "Yes.")


def test_offsets_past_the_end_of_the_body_are_explained():
    assert "past the end" in anchor_error("short", 2, 10, "ort")
