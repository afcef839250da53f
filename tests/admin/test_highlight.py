"""The plain functions behind the highlighting and the lenient quote matching."""

from claims.highlight import Passage, excerpt, highlight
from claims.quote_matching import find_quote


def test_source_text_is_escaped_and_only_our_markup_is_html():
    body = 'He said <script>alert("x")</script> and left.'
    html = highlight(body, [Passage(8, 35, href="/c/1/", title='a "t"')])
    assert "<script>" not in html
    assert html.startswith('He said <mark class="fb-cite" title="a &quot;t&quot;">')
    assert '<a href="/c/1/">&lt;script&gt;' in html


def test_overlapping_passages_are_marked_once_per_segment():
    html = highlight("abcdef", [Passage(0, 4, title="one"), Passage(2, 6, title="two")])
    assert html == (
        '<mark class="fb-cite" title="one">ab</mark>'
        '<mark class="fb-cite fb-overlap" title="one; two">cd</mark>'
        '<mark class="fb-cite" title="two">ef</mark>'
    )


def test_a_passage_outside_the_body_is_not_drawn():
    assert highlight("short", [Passage(3, 99)]) == "short"


def test_an_excerpt_keeps_two_sentences_either_side_with_ellipses():
    body = "One. Two. Three. Four is here. Five. Six. Seven."
    start = body.index("Four")
    html = excerpt(body, start, start + len("Four is here."))
    assert html == '… Two. Three. <mark class="fb-cite" title="">Four is here.</mark> Five. Six. …'


def test_a_quote_is_found_exactly_or_despite_quote_marks_dashes_and_spacing():
    body = "She said: “We’re at 300 – a record.”\nThanks."
    assert find_quote(body, "We’re at 300") == [(11, 23)]
    (span,) = find_quote(body, '"We\'re at 300 - a record."  Thanks.')
    assert body[span[0] : span[1]] == "“We’re at 300 – a record.”\nThanks."
    assert find_quote(body, "at 400") == []
    assert find_quote(body, "  ") == []
