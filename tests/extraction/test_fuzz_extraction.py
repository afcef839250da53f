"""Arbitrary text never breaks the pipeline, and every offset it returns anchors exactly."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstext import extract_document
from newstext.parsing import parse_page
from newstext.pipeline import CLAIM_TEXT_MAX_CHARS
from newstext.quotes import find_quotes
from newstext.sentences import split_sentences

# Fragments that exercise the parser's branches: quote marks of every kind, separators, bylines,
# dates, attributions, control characters and non-Latin text.
PIECES = st.sampled_from(
    [
        "“", "”", "‘", "’", '"', "'", "\n", "\n\n", " ", ".", ",", ":", "—", "£5", "40%",
        "Read more Share", "---", "Posted on 12 March 2019", "By Jane Smith | 3 May 2016",
        "Fri, 26 February 2021", " said Jeremy Corbyn", "JLM", " since 1920", "after 99 years",
        "A JLM spokesman told Jewish News: ", "he added", "Support your Jewish News",
        "Find out more", "\x00", "\x0b", "\u2028", "é", "中文", "🙂", "Mr Corbyn",
        "Headline about things", "The union said",
        # Reported clauses ending in a quote: the clause is cited too.
        " said on Monday that the plan was ", " told reporters that ", "According to Ann Lee, ",
        " called the plan ", ", adding", "Lee's claim that", " was called ",
    ]
)  # fmt: skip
PAGES = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=80).map("".join),
)
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(PAGES)
def test_extract_document_never_raises_and_citations_anchor(raw):
    doc = extract_document(raw, filename="fuzz.txt")
    for item in doc.items:
        assert 0 <= item.origin.start <= item.origin.end <= len(raw)
        for claim in item.claims:
            assert 0 <= claim.check_worthiness <= 1
            # Claim text is what the source says, verbatim: never a normalised or invented text.
            assert claim.text
            assert claim.text in item.body
            assert claim.text == claim.text.strip()
            assert len(claim.text) <= CLAIM_TEXT_MAX_CHARS
            for citation in claim.citations:
                assert citation.quote
                assert item.body[citation.start : citation.end] == citation.quote


@FUZZ
@given(st.text(max_size=600))
def test_sentences_and_quotes_anchor_on_any_text(text):
    previous_end = 0
    for span in split_sentences(text):
        assert text[span.start : span.end] == span.text
        assert span.start >= previous_end
        previous_end = span.end
    for quote in find_quotes(text):
        assert text[quote.start : quote.end] == quote.text
        for part in quote.parts:
            assert text[part.start : part.end] == part.text


@pytest.mark.parametrize(
    "raw",
    ["", " ", "\n" * 1000, "“" * 5000, "a. " * 2000, "x" * 200_000, "\x00\x01\x02", "”’'\"" * 50],
)
def test_degenerate_pages_do_not_raise(raw):
    doc = extract_document(raw, filename="edge.txt")
    assert doc.filename == "edge.txt"
    parse_page(raw, filename="edge.txt")


def test_bad_arguments_are_rejected_with_clear_errors() -> None:
    with pytest.raises(TypeError):
        # Bytes on purpose: the call the type checker would refuse is refused at run time too.
        extract_document(b"bytes", filename="x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="filename"):
        extract_document("text", filename=" ")
