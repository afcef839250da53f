"""Page splitting: listings become one item per post, articles one item, furniture stays out."""

from newstext.pages import split_page
from newstext.parsing import parse_page

ARTICLE = """Home
Search
Subscribe now
Tue, 9 January 2024

Council votes to close three libraries

Council votes to close three libraries
By Jane Smith | 3 May 2016
4 min read

LONDON, May 3 (Reuters) - The council voted on Tuesday to close three of its 12 libraries.

“We had no choice,” said council leader Tom Brown. “The budget fell by 40% since 2010.”

Campaigners said the closures would hit 5,000 readers.

Support our journalism

Thank you for reading. Please donate today to keep us going.
"""

LISTING = """Latest news

Spring fair raises £2,000
Posted on 12 March 2019
The spring fair raised £2,000 for the food bank, twice last year's total.
Continue reading →

Volunteers needed
Posted on 1 March 2019
We need 20 volunteers for the summer scheme.
---
New chair elected

Members elected Ann Lee as chair at the AGM on 2 February 2019.
Continue reading →
"""

POSTED_ONLY = """First post title here
Posted on 12 March 2019
Text of the first post.

Second post title here
Posted on 14 March 2019
Text of the second post.
"""


def test_article_page_becomes_one_item_with_its_headline():
    page = split_page(ARTICLE)
    assert page.layout == "article"
    assert [item.title for item in page.items] == ["Council votes to close three libraries"]


def test_article_body_drops_navigation_byline_reading_time_and_appeal():
    body = split_page(ARTICLE).items[0].body
    assert body.startswith("LONDON, May 3 (Reuters) - The council voted")
    for furniture in ("Subscribe now", "4 min read", "By Jane Smith", "Support our", "donate"):
        assert furniture not in body
    assert "Campaigners said the closures would hit 5,000 readers." in body


def test_listing_with_continue_reading_and_rules_splits_into_posts():
    page = split_page(LISTING)
    assert page.layout == "listing"
    titles = [item.title for item in page.items]
    assert titles == ["Spring fair raises £2,000", "Volunteers needed", "New chair elected"]
    assert page.items[1].body == "We need 20 volunteers for the summer scheme."


def test_listing_split_on_post_datelines_alone():
    page = split_page(POSTED_ONLY)
    assert [item.title for item in page.items] == [
        "First post title here",
        "Second post title here",
    ]
    assert page.items[1].body == "Text of the second post."


def test_item_origin_indexes_and_offsets_point_into_the_raw_page():
    page = split_page(LISTING)
    assert [item.origin.index for item in page.items] == [0, 1, 2]
    for item in page.items:
        raw_slice = LISTING[item.origin.start : item.origin.end]
        assert raw_slice.startswith(item.title)
        assert raw_slice.rstrip().endswith(item.body.splitlines()[-1])


def test_post_with_headline_but_no_body_is_skipped_with_a_reason():
    raw = "Post one title\n\nSome text.\n\nRead more Share\n\n"
    raw += "Empty post title\n\n1 reaction Share\n\n"
    raw += "Post three title\n\nMore text.\n\nRead more Share"
    page = split_page(raw)
    assert [item.title for item in page.items] == ["Post one title", "Post three title"]
    assert [s.title for s in page.skipped] == ["Empty post title"]
    assert "no body" in page.skipped[0].reason


def test_body_keeps_paragraphs_and_single_line_breaks():
    raw = "A headline for the test\n\nLine one\nLine two\n\nParagraph two."
    assert split_page(raw).items[0].body == "Line one\nLine two\n\nParagraph two."


def test_control_characters_are_removed_from_bodies():
    raw = "A headline for the test\n\nText with a NUL\x00 and \x07 bell."
    assert split_page(raw).items[0].body == "Text with a NUL and  bell."


def test_empty_and_blank_pages_give_no_items():
    assert split_page("").items == ()
    assert split_page(" \n\n\t\n").items == ()


def test_parse_page_reads_metadata_for_each_item():
    page = parse_page(ARTICLE, filename="a.txt")
    item = page.items[0]
    assert item.kind == "article"
    assert item.published.isoformat() == "2016-05-03"
    assert item.authors == ("Jane Smith",)
    assert item.filename == "a.txt"
