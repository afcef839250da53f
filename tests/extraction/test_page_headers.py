"""Item headers on pages the parser has never seen: mastheads, kind/date labels, menus, bylines.

Each page below is a common shape of its own; none of their strings is special-cased anywhere.
"""

import datetime as dt

import pytest

from newstext import extract_document
from newstext.furniture import LineKind, classify_line, is_name_like
from newstext.parsing import parse_page
from newstext.speakers import ORGANISATION, SpeakerRegistry
from tests.pages import PRESS_RELEASE

# Kicker with a date above the headline, no masthead.
KICKER_ABOVE = """Statement | 12 June 2019

Hospital trust to close maternity unit, campaigners say

Save Our Wards said the trust would close the maternity unit at St Anne's in 2020.

"This decision puts 4,000 births a year at risk," said Priya Shah, the campaign's founder.
"""

# Masthead over the headline, capitalised kicker with a numeric date below it.
KICKER_BELOW = """Save Our Wards

Hospital trust to close maternity unit, campaigners say

PRESS RELEASE — 12/06/2019

Save Our Wards said the trust would close the maternity unit at St Anne's in 2020.

"This decision puts 4,000 births a year at risk," said Priya Shah, the campaign's founder.
"""

# Masthead, one-line menu, headline, byline with a role, "Published" date line, body.
NEWS_WITH_MENU = """Valley Gazette

Home | News | About

Council approves £2m bypass despite protests

By Jane Smith, Political Editor

Published 4 April 2022

The county council approved the £2m bypass on Tuesday by 31 votes to 12.

"The road will cut journey times by a third," said council leader Tom Brown.

Campaigners said 400 trees would be felled.
"""

# The first line is the headline itself.
HEADLINE_FIRST = """Council approves £2m bypass despite protests

9 March 2020

The county council approved the £2m bypass on Tuesday by 31 votes to 12.

"The road will cut journey times by a third," said council leader Tom Brown.
"""


def only_item(raw):
    page = parse_page(raw, filename="page.txt")
    assert page.layout == "article"
    assert len(page.items) == 1
    return page, page.items[0]


# -- the press release ----------------------------------------------------------------------


def test_press_release_headline_kind_date_and_publisher():
    page, item = only_item(PRESS_RELEASE)
    assert item.title == "Rents up 40% since 2015, tenants' union says"
    assert item.kind == "press_release"
    assert item.published == dt.date(2021, 3, 3)
    assert page.publisher is not None
    assert page.publisher.name == "Riverside Tenants Union"
    assert item.publisher == page.publisher


def test_press_release_body_starts_after_its_header_and_drops_the_appeal():
    _page, item = only_item(PRESS_RELEASE)
    assert item.body.startswith("The Riverside Tenants Union said rents in the borough")
    for header in ("Press release", "3 March 2021", "Rents up 40% since 2015, tenants'"):
        assert header not in item.body
    assert "Donate now" not in item.body
    assert item.body.rstrip().endswith('since 2018."')
    assert PRESS_RELEASE[item.origin.start : item.origin.end].startswith(item.title)


def test_press_release_quotes_go_to_their_speakers_and_statements_to_the_union():
    doc = extract_document(PRESS_RELEASE, filename="release.txt")
    (item,) = doc.items
    by_start = {claim.text.split()[0]: claim for claim in item.claims}
    assert by_start["Families"].claimant.name == "Maria Lopez"
    assert by_start["We"].claimant.name == "Maria Lopez"
    council = by_start["The"]
    assert council.text == "The council has built 300 new homes since 2018."
    # "the council said" names no council: no claimant rather than a guessed one.
    assert council.claimant is None
    # Reported speech: the claim is the reported clause, claimed by whoever said it.
    own = next(c for c in item.claims if c.text.startswith("rents in the borough had risen"))
    assert own.claimant.name == "Riverside Tenants Union"
    # The masthead, label and headline are no claims, and the union is no person.
    assert not any(c.text.startswith(("Press release", "Rents up")) for c in item.claims)
    assert {(s.name, s.kind) for s in item.speakers} >= {
        ("Riverside Tenants Union", ORGANISATION),
        ("Maria Lopez", "person"),
    }
    assert "Riverside Tenants" not in {s.name for s in item.speakers}
    for claim in item.claims:
        for citation in claim.citations:
            assert item.body[citation.start : citation.end] == citation.quote


# -- kickers above and below the headline ----------------------------------------------------


def test_kind_and_date_kicker_above_the_headline_without_a_masthead():
    page, item = only_item(KICKER_ABOVE)
    assert item.title == "Hospital trust to close maternity unit, campaigners say"
    assert (item.kind, item.published) == ("statement", dt.date(2019, 6, 12))
    assert item.body.startswith("Save Our Wards said")
    assert page.publisher is None


def test_capitalised_kicker_with_a_numeric_date_below_the_headline():
    page, item = only_item(KICKER_BELOW)
    assert item.title == "Hospital trust to close maternity unit, campaigners say"
    assert (item.kind, item.published) == ("press_release", dt.date(2019, 6, 12))
    assert item.body.startswith("Save Our Wards said")
    assert "PRESS RELEASE" not in item.body
    # The masthead is confirmed by the body naming the organisation again.
    assert page.publisher.name == "Save Our Wards"


@pytest.mark.parametrize("above", [True, False])
@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Statement | 12 June 2019", "statement"),
        ("PRESS RELEASE — 12/06/2019", "press_release"),
        ("Press release: 12 June 2019", "press_release"),
        ("12 June 2019 | Speech", "speech"),
    ],
)
def test_masthead_with_a_kind_label_above_or_below_the_headline(label, kind, above):
    headline = "Hospital trust to close maternity unit, campaigners say"
    header = f"{label}\n\n{headline}" if above else f"{headline}\n\n{label}"
    raw = KICKER_BELOW.replace(f"{headline}\n\nPRESS RELEASE — 12/06/2019", header)
    page, item = only_item(raw)
    assert item.title == headline
    assert (item.kind, item.published) == (kind, dt.date(2019, 6, 12))
    assert item.body.startswith("Save Our Wards said")
    assert page.publisher.name == "Save Our Wards"


def test_a_label_inside_the_body_does_not_set_the_kind():
    raw = "A headline for the story\n\nThe story text here.\n\nREPORT\n\nMore text here."
    _page, item = only_item(raw)
    assert item.kind == "article"
    assert "REPORT" not in item.body


# -- masthead, menu, byline and date line ----------------------------------------------------


def test_news_page_with_masthead_menu_byline_and_published_line():
    page, item = only_item(NEWS_WITH_MENU)
    assert item.title == "Council approves £2m bypass despite protests"
    assert item.kind == "article"
    assert item.published == dt.date(2022, 4, 4)
    assert item.authors == ("Jane Smith",)
    assert page.publisher.name == "Valley Gazette"
    assert item.body.startswith("The county council approved the £2m bypass")
    for furniture in ("Valley Gazette", "Home", "About", "By Jane Smith", "Published"):
        assert furniture not in item.body


def test_a_banner_date_under_a_masthead_is_not_the_publication_date():
    raw = NEWS_WITH_MENU.replace("Home | News | About", "Fri, 26 February 2021").replace(
        "Published 4 April 2022\n", ""
    )
    page, item = only_item(raw)
    assert item.title == "Council approves £2m bypass despite protests"
    assert item.published is None
    assert page.publisher.name == "Valley Gazette"  # an outlet word ends the name


def test_masthead_with_a_leading_article_keeps_the_bare_name_as_alias():
    raw = PRESS_RELEASE.replace("Riverside Tenants Union\n", "The Riverside Tenants Union\n", 1)
    page, _item = only_item(raw)
    assert page.publisher.name == "The Riverside Tenants Union"
    assert page.publisher.aliases == ("Riverside Tenants Union",)


# -- the first line is the headline ----------------------------------------------------------


def test_a_page_whose_first_line_is_the_headline_works_as_before():
    page, item = only_item(HEADLINE_FIRST)
    assert item.title == "Council approves £2m bypass despite protests"
    assert item.published == dt.date(2020, 3, 9)
    assert item.body.startswith("The county council approved")
    assert page.publisher is None


@pytest.mark.parametrize(
    "raw",
    [
        # A short title-case headline over a dated standfirst: no organisation word, not named
        # again, no label or menu under it.
        "Council Approves Bypass\n\n4 April 2022\n\nProtesters Vow To Fight On After Vote\n\n"
        "The county council approved the bypass on Tuesday.",
        # A headline followed at once by its body.
        "Riverside Tenants Union\n\nThe Riverside Tenants Union said rents had risen by 40%.",
        # A name-like first line followed by a shorter line is not a masthead over a headline.
        "Riverside Tenants Union Wins Vote\n\nRents Frozen\n\nThe union said rents are frozen.",
    ],
)
def test_a_name_like_headline_is_not_taken_for_a_masthead(raw):
    page, item = only_item(raw)
    assert item.title == raw.split("\n", 1)[0]
    assert page.publisher is None


# -- line classification ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Press release: 3 March 2021", LineKind.LABEL),
        ("Statement | 12 June 2019", LineKind.LABEL),
        ("PRESS RELEASE — 12/06/2019", LineKind.LABEL),
        ("12 June 2019 | Speech", LineKind.LABEL),
        ("FOR IMMEDIATE RELEASE", LineKind.LABEL),
        ("Press release", LineKind.LABEL),
        ("STATEMENT", LineKind.LABEL),
        ("Home | News | About", LineKind.NAVIGATION),
        ("Home > Press releases", LineKind.NAVIGATION),
        ("By Jane Smith, Political Editor", LineKind.BYLINE),
        ("By Jane Smith | Political Editor | Politics", LineKind.BYLINE),
        ("Published 4 April 2022", LineKind.POSTED),
        # Not labels or menus: a title-case word that may be a post heading, a headline with the
        # site's name after a bar, and a sentence.
        ("Statement", LineKind.CONTENT),
        ("Rents Up | Riverside Tenants Union", LineKind.CONTENT),
        ("The statement was issued on 3 March 2021.", LineKind.CONTENT),
    ],
)
def test_header_lines_are_classified(line, kind):
    assert classify_line(line) is kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Riverside Tenants Union", True),
        ("The Valley Gazette", True),
        ("Friends of the Earth", True),
        ("Rents up 40% since 2015", False),
        ("Council votes to close libraries", False),
        ("A sentence.", False),
    ],
)
def test_name_like_lines(text, expected):
    assert is_name_like(text) is expected


# -- organisations named only by their type --------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # An organisation the item never names is nobody: "Council" would make every
        # council in every item one entity.
        ("A council spokesperson", None),
        ("the council", None),
        ("A local council spokesman", None),
        ("the group", None),
        ("A spokesperson", None),
        ("their union", None),
        ("another council", None),
    ],
)
def test_an_organisation_the_item_never_names_is_nobody(phrase, expected):
    registry = SpeakerRegistry()
    registry.observe("Rents rose.", title="Rents")
    speaker = registry.resolve(phrase)
    assert (None if speaker is None else (speaker.name, speaker.kind)) == expected


def test_a_named_organisation_wins_over_its_type():
    registry = SpeakerRegistry()
    registry.observe("Hackney Council voted on Tuesday.", title="Vote")
    assert registry.resolve("A council spokesperson", position=30).name == "Hackney Council"
