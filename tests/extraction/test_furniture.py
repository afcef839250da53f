"""Line classification: furniture is recognised, article text is not."""

import pytest

from newstext.furniture import LineKind, classify_line, mark_blocks, split_lines


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Read more Share", LineKind.SEPARATOR),
        ("2 reactions Share", LineKind.SEPARATOR),
        ("1 reaction Share", LineKind.SEPARATOR),
        ("Continue reading →", LineKind.SEPARATOR),
        ("---", LineKind.SEPARATOR),
        ("* * *", LineKind.SEPARATOR),
        ("Login to access your account", LineKind.NAVIGATION),
        ("Subscribe now", LineKind.NAVIGATION),
        ("More from Politics", LineKind.NAVIGATION),
        ("Read this week’s digital edition", LineKind.NAVIGATION),
        ("Click Here", LineKind.NAVIGATION),
        ("read more:", LineKind.NAVIGATION),
        ("Fri, 26 February 2021", LineKind.DATE),
        ("3 min read", LineKind.READING_TIME),
        ("EXCLUSIVE", LineKind.KICKER),
        ("Posted on 12 March 2019", LineKind.POSTED),
        ("By Jane Smith | 3 May 2016", LineKind.BYLINE),
        ("Support your Jewish community. Support your Jewish News", LineKind.APPEAL),
        ("Socialism is about solidarity. You can join JLM as a member here.", LineKind.APPEAL),
        ("Find out more", LineKind.PROMO),
        ("Partner content", LineKind.PROMO),
        ("Labour leader Jeremy Corbyn (second left) presenting an award", LineKind.CAPTION),
    ],
)
def test_furniture_lines_are_recognised(line, kind):
    assert classify_line(line) is kind


@pytest.mark.parametrize(
    "line",
    [
        "Read more about the plan in the report published today.",
        "By 2020 the party had 500,000 members.",
        "The Jewish Labour Movement will not campaign to make Jeremy Corbyn Prime Minister.",
        "Share prices fell by 4% on Monday.",
        "The latest figures show unemployment fell to 4.8% in March.",
        "The latest handheld gaming gadget goes on sale in the US on Thursday.",
        "More from the budget: fuel duty will rise by 2p a litre in April.",
        'He said the state would not make a contribution "in the form of a subsidy".',
        "Support for the bill rose to 61% after the vote.",
        "x" * 5000,
    ],
)
def test_article_sentences_are_content(line):
    assert classify_line(line) is LineKind.CONTENT


def test_blank_and_whitespace_lines_are_blank():
    assert classify_line("") is LineKind.BLANK
    assert classify_line(" \t\x0b ") is LineKind.BLANK


def test_split_lines_offsets_slice_the_raw_text_exactly():
    raw = "  Title\r\n\nBody “quoted” £5 – text\x0bstill line\u2028same\nlast"
    for line in split_lines(raw):
        assert raw[line.start : line.end] == line.text
    assert [line.text for line in split_lines(raw) if line.text][-1] == "last"


def _kinds(raw, *, article=True):
    return [(line.text, line.kind) for line in mark_blocks(split_lines(raw), article=article)]


def test_doubled_sentence_caption_is_dropped_both_times():
    caption = "Labour leader Jeremy Corbyn laughs next to Jennie Formby at conference."
    kinds = _kinds(f"Headline here now\n\n{caption}\n{caption}\n\nBody text.")
    assert [k for t, k in kinds if t == caption] == [LineKind.CAPTION, LineKind.CAPTION]


def test_doubled_headline_keeps_one_copy():
    kinds = _kinds("A headline about things\n\nA headline about things\n\nBody.")
    heads = [k for t, k in kinds if t == "A headline about things"]
    assert heads == [LineKind.DUPLICATE, LineKind.CONTENT]


def test_promo_unit_takes_heading_and_blurb_with_its_call_to_action():
    raw = (
        "Body paragraph that is long enough to count as real article text for the page.\n\n"
        "Engineering a Better World\n\nCan technology deliver a better society? A podcast.\n\n"
        "New episode - Listen now"
    )
    kinds = dict(_kinds(raw))
    assert kinds["Engineering a Better World"] is LineKind.PROMO
    assert kinds["Can technology deliver a better society? A podcast."] is LineKind.PROMO
    assert kinds[raw.split("\n\n")[0]] is LineKind.CONTENT


def test_appeal_after_an_article_runs_to_the_end_but_not_on_listing_pages():
    body = "A long paragraph of the article with more than twelve words in it for sure, yes."
    appeal = "Support your Jewish News\n\nFor as little as £5 a month.\n\nEngaging"
    raw = f"{body}\n\n{body} Again.\n\n{appeal}"
    article = dict(_kinds(raw, article=True))
    listing = dict(_kinds(raw, article=False))
    assert article["For as little as £5 a month."] is LineKind.APPEAL
    assert article["Engaging"] is LineKind.APPEAL
    assert listing["For as little as £5 a month."] is LineKind.CONTENT


def test_a_sentence_mentioning_support_does_not_cut_the_rest_of_an_article():
    body = "A long paragraph of the article with more than twelve words in it for sure, yes."
    sentence = (
        "Support your local council tax freeze, the minister urged voters at a rally in Leeds, "
        "where 2,000 people gathered."
    )
    raw = f"{body}\n\n{body} Again.\n\n{sentence}\n\nThe final paragraph stays in the story."
    kinds = dict(_kinds(raw, article=True))
    assert kinds["The final paragraph stays in the story."] is LineKind.CONTENT
