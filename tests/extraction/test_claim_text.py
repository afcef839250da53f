"""Claim text is always a verbatim span of its source, and never longer than a claim may be."""

from pathlib import Path

from claims.models import CLAIM_TEXT_MAX_CHARS as STORED_CLAIM_TEXT_MAX_CHARS
from newstext import extract_document
from newstext.names import ORGANISATION, NamedEntity
from newstext.pipeline import (
    CLAIM_TEXT_MAX_CHARS,
    ExtractedCitation,
    ExtractedClaim,
    _dedupe,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _claims(raw):
    doc = extract_document(raw, filename="page.txt")
    return [(item, claim) for item in doc.items for claim in item.claims]


def test_the_pipeline_limit_is_the_stored_claim_limit():
    assert CLAIM_TEXT_MAX_CHARS == STORED_CLAIM_TEXT_MAX_CHARS


def test_a_relative_clause_about_a_party_is_not_turned_into_a_founding_claim():
    raw = (
        "Quango numbers rise under Labour\n\n"
        "The report found that 120 new public bodies had been set up since Labour won power in "
        "1997, at a cost of £2bn a year.\n"
    )
    claims = [claim for _item, claim in _claims(raw)]
    # Labour is named after "set up", in another clause: it is not what was set up.
    assert [claim.fact for claim in claims] == [None]
    assert [claim.text for claim in claims] == [
        "The report found that 120 new public bodies had been set up since Labour won power in "
        "1997, at a cost of £2bn a year."
    ]


def test_every_seed_claim_text_is_a_span_of_its_source_item():
    for path in sorted(SEEDS.glob("*.txt")):
        for item, claim in _claims(path.read_text(encoding="utf-8")):
            assert claim.text in item.body, (path.name, claim.text)
            assert claim.text == claim.text.strip()


def test_a_quote_ending_on_a_comma_is_claimed_without_it():
    raw = (
        'Library closures\n\n"We counted over 5,000 people using them every week," said Ann Lee.\n'
    )
    [(_item, claim)] = _claims(raw)
    assert claim.text == "We counted over 5,000 people using them every week"


def test_a_quoted_fragment_is_claimed_as_its_sentence_and_cited_as_itself():
    raw = (SEEDS / "000_c84d51ef15b03a38.txt").read_text(encoding="utf-8")
    [claim] = [claim for _item, claim in _claims(raw) if claim.quote == "gold standard"]
    assert claim.text == (
        "In the past, the Party has said that they wish to deliver a “gold standard” "
        "antisemitism training programme."
    )


def test_a_quote_longer_than_a_claim_is_split_at_sentence_ends():
    sentence = "Our members counted 1,200 empty homes in the borough last year. "
    quote = (sentence * 120).strip()
    raw = f"Empty homes\n\nThe union said: “{quote}”\n"
    claims = [claim for _item, claim in _claims(raw) if claim.source == "quote"]
    assert len(claims) >= 2
    for claim in claims:
        assert len(claim.text) <= CLAIM_TEXT_MAX_CHARS
        assert claim.text.endswith("last year.")
    assert sum(len(claim.text) for claim in claims) >= len(quote) - len(claims)


def test_a_sentence_longer_than_a_claim_is_left_out():
    raw = "Long\n\n" + "In 2019 the count rose by 40% " + "and so on " * 600 + "in total.\n"
    assert all(len(claim.text) <= CLAIM_TEXT_MAX_CHARS for _item, claim in _claims(raw))


def test_two_fragments_of_one_sentence_make_one_claim_even_when_one_is_unattributed():
    sentence = "The charity has called the camp a “human-rights scandal” and an “icon of neglect”."
    charity = NamedEntity("Riverside Charity", ORGANISATION)

    def fragment(quote, speaker):
        start = sentence.index(quote)
        citation = ExtractedCitation(start, start + len(quote), quote, speaker=speaker)
        return ExtractedClaim(sentence, speaker, 0.2, (citation,), "quote")

    [claim] = _dedupe(
        [fragment("human-rights scandal", charity), fragment("icon of neglect", None)]
    )
    assert claim.claimant == charity
    assert [(c.quote, c.speaker) for c in claim.citations] == [
        ("human-rights scandal", charity),
        ("icon of neglect", None),
    ]
    other = NamedEntity("Another Group", ORGANISATION)
    assert (
        len(
            _dedupe([fragment("human-rights scandal", charity), fragment("icon of neglect", other)])
        )
        == 2
    )


def test_a_fragment_in_reported_speech_is_claimed_as_the_reported_clause_by_its_speaker():
    raw = (
        "Bypass plans in doubt\n\nAnn Ferris said on Monday that the bypass was “a waste of "
        "money” and would be dropped.\n"
    )
    [claim] = [claim for _item, claim in _claims(raw)]
    assert claim.text == "the bypass was “a waste of money” and would be dropped"
    assert claim.claimant.name == "Ann Ferris"
    assert [c.quote for c in claim.citations] == [claim.text, "a waste of money"]


def test_reported_speech_holding_a_quote_is_a_claim_even_when_not_check_worthy():
    raw = (
        "Vote count ends\n\nAnn Ferris said that she was “proud to serve the people of this "
        "town” again and would keep her seat on the planning board.\n"
    )
    texts = {claim.text: claim.claimant for _item, claim in _claims(raw)}
    clause = (
        "she was “proud to serve the people of this town” again and would keep her seat on the "
        "planning board"
    )
    assert clause in texts
    assert texts[clause].name == "Ann Ferris"


def test_a_quote_of_someone_else_inside_reported_speech_keeps_its_own_speaker():
    raw = "Bypass row\n\nAnn Ferris said Bob Tran had called the bypass “a disaster” at the meeting.\n"
    claims = [claim for _item, claim in _claims(raw)]
    fragment = next(c for c in claims if any(x.quote == "a disaster" for x in c.citations))
    quoted = next(x for x in fragment.citations if x.quote == "a disaster")
    assert quoted.speaker is not None
    assert quoted.speaker.name == "Bob Tran"
    assert fragment.claimant.name == "Bob Tran"
    # The sentence is Ann Ferris's report: Bob Tran claims only his own words.
    assert fragment.text == "a disaster"


def test_an_unattributed_scare_quote_does_not_take_a_sentence_from_the_quoted_speaker():
    page = (
        "Divorce filing\n\n"
        "“In the last few years of my marriage, he was unfaithful to me 12 times,” Lolita "
        "Grayson wrote in an email in 2016; the filing names three alleged “paramours” of his.\n"
    )
    [item] = extract_document(page, filename="filing.txt").items
    sentence = next(c for c in item.claims if c.text.startswith("“In the last few years"))
    assert sentence.claimant is not None
    assert sentence.claimant.name == "Lolita Grayson"


def test_claim_text_never_ends_in_unicode_whitespace():
    # A line separator (U+2028) or no-break space before the trailing comma is whitespace too.
    for raw in ("“0\u2028,", "“The plan will cost £5m next year\u00a0,"):
        doc = extract_document(raw, filename="separator.txt")
        texts = [claim.text for item in doc.items for claim in item.claims]
        assert texts
        assert all(text == text.strip() for text in texts)
