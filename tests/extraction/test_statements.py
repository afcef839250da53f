"""Check-worthiness: checkable numbers, dates, durations and comparisons score; opinions do not."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstext import statements
from newstext.sentences import split_sentences
from newstext.statements import (
    CHECKWORTHY_THRESHOLD,
    checkworthy_sentences,
    score_sentence,
)


@pytest.mark.parametrize(
    "sentence",
    [
        "The election saw a turnout of 40% in the ward.",
        "The branch now has over 300 members.",
        "The society has been active since 1998.",
        "Women were three times as many as men among new members.",
        "65 attendees were addressed by the MP.",
        "The group has been affiliated to Labour since 1920.",
        "Sunday 2nd April marked the 109th AGM.",
        "Hate crime has increased more than four-fold.",
        "A one year suspension is completely insufficient.",
    ],
)
def test_checkable_statements_score_at_or_above_threshold(sentence):
    assert score_sentence(sentence).score >= CHECKWORTHY_THRESHOLD


@pytest.mark.parametrize(
    "sentence",
    [
        "I love my party.",
        "We should always be proud of our record in Government.",
        "This is a betrayal of our values.",
        "Please click here to read the letter from 2018.",
        "What happens next?",
        "",
    ],
)
def test_opinions_and_calls_to_action_score_below_threshold(sentence):
    assert score_sentence(sentence).score < CHECKWORTHY_THRESHOLD


def test_scores_are_in_unit_interval_and_more_facts_score_higher():
    one = score_sentence("The fund grew by 4%.").score
    more = score_sentence("Since 2010 the fund grew by 4% to £5 million, more than rivals.").score
    assert 0 < one < more < 1


def test_checkworthy_sentences_keep_exact_offsets():
    body = "I love it. Turnout was 40% – up from 35% in 2015.\n\n“£5 a month,” he said."
    found = checkworthy_sentences(split_sentences(body))
    assert [span.text for span, _ in found] == [
        "Turnout was 40% – up from 35% in 2015.",
        "“£5 a month,” he said.",
    ]
    for span, _ in found:
        assert body[span.start : span.end] == span.text


def test_sentence_splitter_handles_long_runs_and_keeps_offsets():
    body = "a. " * 3000 + "\n\nLast sentence with “quote.” Done."
    spans = split_sentences(body)
    assert spans[-1].text == "Done."
    for span in spans:
        assert body[span.start : span.end] == span.text


@pytest.mark.parametrize(
    "title", ["Sens.", "Reps.", "Govs.", "Msgr.", "Fr.", "Brig. Gen.", "Pfc.", "Ald."]
)
def test_a_title_before_names_does_not_end_the_sentence(title):
    body = f"On Monday {title} Ann Lee and Jo Park voted against the 40% cut. It failed."
    assert [span.text for span in split_sentences(body)] == [
        f"On Monday {title} Ann Lee and Jo Park voted against the 40% cut.",
        "It failed.",
    ]


# Words and pieces the features' patterns look for, glued to each other or separated, in any
# case: the shortcuts that skip a pattern must never skip one that would have matched.
_PIECES = [
    *sorted(set().union(*statements._FEATURE_WORDS.values())),
    "5", "1920", "40%", "3rd", "12th", "£", "$5", "per", "a", "an", "the", "as", "of", "on",
    "past", "last", "this", "next", "ago", "old", "later", "unbroken", "almost", "more", "fewer",
    "motion", "bill", "to", "against", "levels", "high", "four-", "ed", "s", "re", "March",
    "İ", "ı", "ſ", "K", "é", "as much as", "as many as", "more than", "record high", "times as",
    "since 1920", "since the 1920s", "5 years ago", "a year old", "for ten years",
    "in the past five weeks", "almost a century", "unbroken year", "last week", "on Monday",
    "hundreds of", "passed the bill", "voted to", "over 5", "under 9", "per cent", "ten-fold",
]  # fmt: skip
_GLUE = ["", " ", " ", "-", ",", ".", "\n", "'"]
_SENTENCES = st.lists(
    st.tuples(
        st.sampled_from(_PIECES).flatmap(
            lambda w: st.sampled_from([w, w.upper(), w.title(), w.lower()])
        ),
        st.sampled_from(_GLUE),
    ),
    max_size=12,
).map(lambda parts: "".join(word + glue for word, glue in parts))


@settings(max_examples=400, deadline=None)
@given(_SENTENCES)
def test_checkworthiness_shortcuts_never_skip_a_feature_that_matches(sentence):
    matching = {name for name, pattern in statements._FEATURES.items() if pattern.search(sentence)}
    assert matching <= set(statements._candidate_features(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "It was the first time in five years-since the 3rd of March-that turnout ROSE.",
        "A FOUR-FOLD rise, per cent by per cent, over 40 months ago.",
        "Sales were up 40 per cent on last Monday, the biggest since records began.",
        "The councİl voted to adopt the plan.",
    ],
)
def test_shortcuts_give_the_score_every_pattern_gives(sentence):
    features = tuple(n for n, p in statements._FEATURES.items() if p.search(sentence))
    assert score_sentence(sentence).features == tuple(
        n for n in features if n != "number" or not statements._only_years(sentence)
    )
