"""A page without site clutter keeps its text: furniture rules never eat the story."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstext.parsing import parse_page

# Clutter-free articles in several house styles (written for these tests). Each opens with its
# headline; everything else is story text, including sentences that look like site chrome to a
# careless rule: "The latest ...", "Support for ...", "make a contribution", "More from ...".
ARTICLES = {
    "headline without full stop": """Council plans rent rise for tenants

Rents for council tenants are to rise by 4.5% from April, the city council has said.

The latest figures show 12,000 households are on the waiting list, up from 9,800 in 2019.

Council leader Ann Lee told the local radio station: "We have no choice. The budget fell by \
£3m this year."

Support for the plan was mixed. Tenants' groups said they would make a contribution to the \
consultation, which closes on 3 May.

More from the council: it will also review parking charges in the town centre.
""",
    "headline with full stop": """Senator says budget deal is close.

WASHINGTON — A bipartisan budget deal could be reached within days, Senator Tom Brown said on \
Tuesday.

"We are very close," Brown told reporters. "I think we'll have a vote by Friday."

The deal would raise spending caps by $80 billion over two years.
""",
    "lead above the headline": """The minister announced on Monday that 2,000 new teachers will \
be recruited by September, a rise of 8% on last year.

Schools get 2,000 more teachers

Head teachers welcomed the move but said it would not fill every vacancy.

"It is a start," said Priya Shah of the heads' union.
""",
    "short paragraphs and a list": """Five things the budget means for you

Fuel duty is frozen for another year.

Income tax thresholds rise to £12,570.

Pensions go up by 3.1%.

Read more about the plan in the report published today.

The latest forecast puts growth at 1.3% next year.
""",
}


def _kept_fraction(raw: str) -> float:
    page = parse_page(raw, filename="article.txt")
    kept = "".join(item.title + item.body for item in page.items)
    return len(re.sub(r"\s+", "", kept)) / len(re.sub(r"\s+", "", raw))


@pytest.mark.parametrize("name", ARTICLES)
def test_a_clutter_free_article_keeps_its_text(name):
    assert _kept_fraction(ARTICLES[name]) >= 0.995


def test_the_lead_sentence_above_a_headline_stays_in_the_body():
    [item] = parse_page(ARTICLES["lead above the headline"], filename="a.txt").items
    assert item.body.startswith("The minister announced on Monday")


def test_a_plain_text_headline_ending_with_a_full_stop_is_the_title():
    [item] = parse_page(ARTICLES["headline with full stop"], filename="a.txt").items
    assert item.title == "Senator says budget deal is close."
    assert item.body.startswith("WASHINGTON")


_WORDS = st.sampled_from(
    [
        "the", "council", "said", "budget", "rose", "fell", "latest", "support", "more", "from",
        "make", "contribution", "share", "read", "minister", "people", "year", "plan", "tenants",
        "report", "vote", "told", "would", "could", "figures", "police",
    ]
)  # fmt: skip
_SENTENCE = st.lists(_WORDS, min_size=8, max_size=30).map(
    lambda words: " ".join(words).capitalize() + "."
)
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(paragraphs=st.lists(_PARAGRAPH, min_size=2, max_size=8, unique=True))
def test_pages_of_plain_prose_keep_at_least_995_thousandths_of_their_text(paragraphs):
    raw = "A headline about the council budget\n\n" + "\n\n".join(paragraphs)
    assert _kept_fraction(raw) >= 0.995
