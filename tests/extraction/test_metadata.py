"""Metadata: publisher, kind, published date (stated only), authors, signatory."""

import datetime as dt

import pytest

from newstext.furniture import LineKind
from newstext.metadata import (
    detect_kind,
    find_dates,
    parse_date,
    published_date,
    signatory,
    title_person,
)
from newstext.names import expand_acronym
from newstext.parsing import parse_page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17th July 2018", dt.date(2018, 7, 17)),
        ("3rd May 2016", dt.date(2016, 5, 3)),
        ("May 3, 2016", dt.date(2016, 5, 3)),
        ("2018-07-17", dt.date(2018, 7, 17)),
        ("03/05/2016", dt.date(2016, 5, 3)),
    ],
)
def test_explicit_dates_parse(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["today", "yesterday", "3 days ago", "May 3", "31 February 2019"])
def test_relative_or_partial_dates_do_not_parse(text):
    assert parse_date(text) is None


def test_find_dates_ignores_a_day_list_without_a_year():
    # dateparser alone reads "22nd and 23rd July" as 22 July 2023; our regex never offers it.
    assert find_dates("meeting on 22nd and 23rd July in Manchester") == []


def test_date_in_title_counts_as_publication_date():
    assert published_date("Statement: 3rd May 2016", (), "") == dt.date(2016, 5, 3)
    assert published_date("Press Release: 17th July 2018", (), "") == dt.date(2018, 7, 17)


def test_banner_date_above_the_headline_is_not_a_publication_date():
    raw = "Login\n\nFri, 26 February 2021\n\nA headline for the story\n\nThe story text here."
    assert parse_page(raw, filename="x").items[0].published is None


def test_date_line_under_the_headline_is_the_publication_date():
    raw = "A headline for the story\n\n9 March 2020\n\nThe story text here."
    assert parse_page(raw, filename="x").items[0].published == dt.date(2020, 3, 9)


def test_wire_dateline_takes_its_year_from_the_byline():
    header = ((LineKind.BYLINE, "By Jane Smith | 3 May 2016"),)
    body = "LONDON, May 4 (Reuters) - Text."
    # The byline date wins; the wire dateline is used only for the year when it is alone.
    assert published_date("T", header, body) == dt.date(2016, 5, 3)
    assert published_date("T", ((LineKind.KICKER, "2016"),), body) == dt.date(2016, 5, 4)
    assert published_date("T", (), body) is None


def test_body_dates_are_not_publication_dates():
    assert published_date("A title", (), "The AGM was held on 2 April 2017.") is None


@pytest.mark.parametrize(
    ("title", "first_line", "layout", "kind"),
    [
        ("Press Release: 17th July 2018", "", "listing", "press_release"),
        ("Statement on Antisemitism Training", "", "listing", "statement"),
        ("Ken Livingstone not expelled", "JLM Statement", "listing", "statement"),
        ("Ivor Caplin's Speech for JLM", "", "listing", "speech"),
        ("Labour Vision interview with Jeremy Newmark", "", "listing", "interview"),
        ("JLM writes to Labour's NEC", "", "listing", "letter"),
        ("JLM's Annual Report 2017", "", "listing", "report"),
        ("Remembering Lord Joffe", "", "listing", "web_page"),
        ("Corbyn's letter to JLM revealed", "", "article", "article"),
        ("Statement: we stand together", "", "article", "statement"),
    ],
)
def test_kind_from_labels(title, first_line, layout, kind):
    assert detect_kind(title, first_line + "\nrest of body", layout=layout) == kind


def test_publisher_from_the_sites_own_appeal():
    raw = (
        "Story headline goes here\n\nBody text of the story here, long enough to be a lead.\n\n"
        "Support your Riverside Gazette"
    )
    assert parse_page(raw, filename="x").publisher.name == "Riverside Gazette"


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister told Associated Press the plan was sound.",
        "The letter, seen by Daily Bugle, says so.",
        "Daily Bugle understands the talks have stalled.",
        "Speaking to Morning Post, she said the plan was sound.",
    ],
)
def test_publisher_is_never_who_the_story_was_told_or_shown_to(sentence):
    raw = f"A headline about the talks\n\n{sentence} More text follows in this paragraph."
    assert parse_page(raw, filename="x").publisher is None


def test_listing_publisher_is_the_organisation_its_titles_keep_naming():
    posts = [
        "RSPB opens new reserve",
        "RSPB annual report",
        "Birdwatch results from RSPB",
    ]
    raw = "\n\nRead more Share\n\n".join(
        f"{t}\n\nThe Royal Society Protection Birds did things." for t in posts
    )
    publisher = parse_page(raw, filename="x").publisher
    assert publisher.name == "Royal Society Protection Birds"
    assert publisher.aliases == ("RSPB",)


def test_unknown_publisher_is_none():
    assert parse_page("Headline of a story\n\nJust text.", filename="x").publisher is None


def test_acronym_expansion_prefers_explicit_definition():
    text = "The Jewish Labour Movement (JLM) met. Jewish Leaders Meet."
    assert expand_acronym("JLM", text) == "Jewish Labour Movement"


def test_signatory_and_title_person():
    assert signatory("Text.\n\nJeremy Newmark, National Chair, Jewish Labour Movement") == (
        "Jeremy Newmark"
    )
    assert signatory("Text.\n\nThe end of the statement.") is None
    assert title_person("Ivor Caplin's Speech for JLM National Movement Chair") == "Ivor Caplin"
    assert title_person("Labour Vision interview with Jeremy Newmark") == "Jeremy Newmark"
