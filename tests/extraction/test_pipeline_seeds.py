"""The whole pipeline on the five seed pages."""

import datetime as dt
import json
from pathlib import Path

import pytest

from newstext import ClaimRef, NamedEntity, extract_document, match_documents
from newstext.matching import FactKey

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FILES = {
    "jlm_a": "000_c84d51ef15b03a38.txt",
    "jn_working_group": "001_6f670a64b622256b.txt",
    "jlm_b": "002_ea56074ef45df977.txt",
    "house": "003_ecfb79d84415940d.txt",
    "jn_corbyn": "004_0939b6c171992a13.txt",
}
FURNITURE = [
    "Read more",
    "Share",
    "reactions",
    "Click Here",
    "digital edition",
    "Login to access",
    "Subscribe now",
    "Personalise Your Politics",
    "3 min read",
    "Fri, 26 February 2021",
    "Support your Jewish News",
    "For as little as £5 a month",
    "Engineering a Better World",
    "Partner content",
    "Find out more",
    "New episode",
    "EXCLUSIVE",
    "laughs next to Jennie Formby",
    "(second left)",
    "You can join JLM as a member",
    "read more:",
]


# The organisations the seed pages name without defining (their other names are data).
KNOWN = tuple(
    NamedEntity(e["name"], e["kind"], tuple(e["aliases"]))
    for e in json.loads((SEEDS / "entities.json").read_text(encoding="utf-8"))
)


@pytest.fixture(scope="module")
def docs():
    return {
        name: extract_document(
            (SEEDS / f).read_text(encoding="utf-8"), filename=f, known_entities=KNOWN
        )
        for name, f in FILES.items()
    }


def claimant_of(doc, fragment):
    """The claimant of the claim citing exactly `fragment`, else of the first citing it."""
    claims = [claim for item in doc.items for claim in item.claims]
    for exact in (True, False):
        for claim in claims:
            if any(c.quote == fragment if exact else fragment in c.quote for c in claim.citations):
                return claim.claimant.name if claim.claimant else None
    raise AssertionError(f"no claim cites {fragment!r}")


def test_item_counts_per_page(docs):
    counts = {name: (d.layout, len(d.items), len(d.skipped)) for name, d in docs.items()}
    assert counts == {
        "jlm_a": ("listing", 10, 0),
        "jn_working_group": ("article", 1, 0),
        "jlm_b": ("listing", 9, 1),
        "house": ("article", 1, 0),
        "jn_corbyn": ("article", 1, 0),
    }


def test_titles(docs):
    titles = [item.title for item in docs["jlm_a"].items]
    assert titles[0] == "Statement on Antisemitism Training"
    assert titles[3] == "Press Release: 17th July 2018"
    assert titles[-1] == "Celebrating 98 years of affiliation to the Labour Party"
    assert docs["house"].items[0].title == (
        "Jewish Labour Movement says it will not campaign to make Jeremy Corbyn Prime Minister"
    )
    assert docs["jn_corbyn"].items[0].title.startswith("Corbyn says it is his ‘heartfelt wish’")
    assert docs["jlm_b"].skipped[0].title == "Support for JLM's Rule Change"


def test_publishers_kinds_and_dates(docs):
    publishers = {name: d.publisher.name if d.publisher else None for name, d in docs.items()}
    # The pages that name their site only in the story ("seen by Jewish News") or in site chrome
    # no rule may know ("The House Live") have no publisher: it is not guessed.
    assert publishers == {
        "jlm_a": "Jewish Labour Movement",
        "jn_working_group": "Jewish News",
        "jlm_b": "Jewish Labour Movement",
        "house": None,
        "jn_corbyn": None,
    }
    jlm_a = docs["jlm_a"].items
    assert [i.kind for i in jlm_a][:4] == ["statement", "web_page", "web_page", "press_release"]
    assert jlm_a[6].kind == "speech"
    assert jlm_a[3].published == dt.date(2018, 7, 17)
    # The banner "Fri, 26 February 2021" is the day the page was scraped, not published.
    assert docs["house"].items[0].published is None
    assert all(i.published is None for i in docs["jn_corbyn"].items)


def test_no_furniture_in_any_body(docs):
    for doc in docs.values():
        for item in doc.items:
            for furniture in FURNITURE:
                assert furniture not in item.body, (doc.filename, item.title, furniture)


def test_standfirst_and_last_paragraph_stay_in_article_bodies(docs):
    body = docs["jn_corbyn"].items[0].body
    assert body.startswith("Message to organisation’s executive")
    assert body.endswith("so is office could keep track of them.")
    assert docs["house"].items[0].body.endswith('that our country has ever seen."')


def test_quotes_are_attributed_to_their_speakers(docs):
    expected = {
        "jlm_a": {
            "Over the last few weeks, JLM has been contacted": "Jewish Labour Movement",
            "gold standard": "Labour Party",
            "It’s important for communities to come together": "Richard Gold",
            "action not words": "Ivor Caplin",
        },
        "jn_working_group": {
            "on a strategy that will only antagonise tensions": "Ivor Caplin",
            "despite our numerous warnings": "Ivor Caplin",
            "cannot participate in good faith": "Jewish Labour Movement",
            "belligerent position": "Ivor Caplin",
            "Jewish Trump supporters": "Peter Willsman",
            "continues to undo any small progress": "Jewish Labour Movement",
        },
        "jlm_b": {
            "zero tolerance on antisemitism": "John McDonnell",
            "Look, I think it operates at different levels": "Jeremy Newmark",
            "No, I’m not confident": "Jeremy Newmark",
            "has been the growth in our membership": "Jeremy Newmark",
        },
        "house": {
            "This crisis of anti-semitism in the Labour party": "Jewish Labour Movement",
            "When the answer has been to take swift": "Jewish Labour Movement",
            "2020 marks our 100th anniversary": "Jewish Labour Movement",
            "We have imposed swift suspensions": "Labour Party",
        },
        "jn_corbyn": {
            "I know that your decision to call": "Jeremy Corbyn",
            "It is my heartfelt wish that your members": "Jeremy Corbyn",
            "At every stage of crisis": "Jewish Labour Movement",
            "the six tests set by the Jewish community": "Jewish Labour Movement",
        },
    }
    for name, quotes in expected.items():
        for fragment, speaker in quotes.items():
            assert claimant_of(docs[name], fragment) == speaker, (name, fragment)


def test_a_role_the_text_never_gives_anyone_credits_nobody_else(docs):
    # "The Labour leader added he was "saddened"": the page never calls anyone Labour leader,
    # so naming Jeremy Corbyn would take knowledge the text does not give. The quote and the
    # one that continues it may go to him or to nobody, never to anyone else.
    for fragment in ("saddened", "The abuse she has received"):
        assert claimant_of(docs["jn_corbyn"], fragment) in (None, "Jeremy Corbyn"), fragment


def test_quote_speaker_kinds(docs):
    item = docs["house"].items[0]
    kinds = {c.claimant.name: c.claimant.kind for c in item.claims if c.claimant}
    assert kinds["Jewish Labour Movement"] == "organisation"
    assert kinds["Labour Party"] == "organisation"
    corbyn = docs["jn_corbyn"].items[0]
    assert {s.kind for s in corbyn.speakers if s.name == "Jeremy Corbyn"} == {"person"}


def test_every_citation_anchors_exactly(docs):
    total = 0
    for doc in docs.values():
        for item in doc.items:
            for claim in item.claims:
                assert claim.origin == "extracted"
                assert 0 <= claim.check_worthiness <= 1
                for citation in claim.citations:
                    total += 1
                    assert item.body[citation.start : citation.end] == citation.quote
                    assert citation.relation == "states"
    assert total > 80


def test_check_worthy_statements_are_claims(docs):
    assert claimant_of(docs["jlm_a"], "65 attendees") == "Jewish Labour Movement"
    assert claimant_of(docs["jlm_a"], "98th unbroken year of affiliation") == "Ivor Caplin"
    assert claimant_of(docs["jlm_b"], "swelled to over 2,000") == "Jeremy Newmark"
    assert claimant_of(docs["jlm_b"], "Sunday 2nd April marked JLM's 109th AGM.") == (
        "Jewish Labour Movement"
    )


def test_opinion_sentences_are_not_claims(docs):
    speech = docs["jlm_a"].items[6]
    assert not any("I love my party" in c.text for c in speech.claims)


def claim_ref(doc, fragment):
    for item in doc.items:
        for index, claim in enumerate(item.claims):
            if any(fragment in c.quote for c in claim.citations):
                return ClaimRef(doc.filename, item.index, index)
    raise AssertionError(fragment)


def test_affiliation_claim_is_grouped_across_sources(docs):
    result = match_documents(list(docs.values()))
    since_1920_house = claim_ref(docs["house"], "affiliated to Labour since 1920")
    anniversary = claim_ref(docs["house"], "2020 marks our 100th anniversary")
    since_1920_jlm = claim_ref(docs["jlm_a"], "Labour’s Jewish affiliate since 1920")
    group = result.group_of(since_1920_house)
    assert group is not None
    assert {anniversary, since_1920_jlm} <= set(group.members)
    # "after 99 years" has no reference year in its article: a suggestion, never a merge.
    after_99 = claim_ref(docs["jn_corbyn"], "sever ties to Labour after 99 years")
    assert result.group_of(after_99) is None
    linked = {(s.a, s.b) for s in result.suggestions if s.method == "fact_key"}
    assert any(after_99 in pair and (set(pair) & set(group.members)) for pair in linked)
    assert all(s.score < 1 for s in result.suggestions)


WIRE_STORY = """Home
Subscribe now

Library closures approved

By Jane Smith | 3 May 2016

LONDON, May 3 (Reuters) - The council voted on Tuesday to close three of its 12 libraries.

Council leader Tom Brown said: “We had no choice. The budget fell by 40% since 2010.

“We looked at every option, including the ‘Save our Shelves’ plan.

“There was nothing left to cut.”

“It is a sad day,” said campaigner Ann Lee. “Over 5,000 people use them every week.”

Thank you for reading. Please donate today.
"""


def test_unseen_wire_story_end_to_end():
    doc = extract_document(WIRE_STORY, filename="wire.txt")
    [item] = doc.items
    assert item.title == "Library closures approved"
    assert item.published == dt.date(2016, 5, 3)
    assert item.authors == ("Jane Smith",)
    assert doc.publisher.name == "Reuters"
    assert "donate" not in item.body
    by_quote = {c.citation.quote: c for c in item.claims if c.source == "quote"}
    assert by_quote["We had no choice. The budget fell by 40% since 2010."].claimant.name == (
        "Tom Brown"
    )
    assert by_quote["There was nothing left to cut."].claimant.name == "Tom Brown"
    assert by_quote["Over 5,000 people use them every week."].claimant.name == "Ann Lee"
    assert by_quote["Over 5,000 people use them every week."].check_worthiness >= 0.5
    for claim in item.claims:
        for citation in claim.citations:
            assert item.body[citation.start : citation.end] == citation.quote


def test_fact_keys_round_trip_through_their_stored_form(docs):
    house = docs["house"]
    since = house.claim(claim_ref(house, "affiliated to Labour since 1920")).fact
    assert since.serialise().startswith("Jewish Labour Movement|affiliated|1920|explicit|")
    assert FactKey.parse(since.serialise()) == since
    corbyn = docs["jn_corbyn"]
    after = corbyn.claim(claim_ref(corbyn, "sever ties to Labour after 99 years")).fact
    assert after.year is None
    assert after.offset_years == 99
    assert FactKey.parse(after.serialise()) == after
    assert FactKey.parse("not a key") is None


def test_claimants_carry_the_aliases_the_item_used(docs):
    house = docs["house"]
    claim = house.claim(claim_ref(house, "This crisis of anti-semitism"))
    assert claim.claimant.name == "Jewish Labour Movement"
    assert "JLM" in claim.claimant.aliases
    assert claim.speaker == claim.claimant


def _linked(result, a, b):
    group = result.group_of(a)
    if group is not None and b in group.members:
        return True
    members_a = set(group.members) if group else {a}
    group_b = result.group_of(b)
    members_b = set(group_b.members) if group_b else {b}
    return any(
        (s.a in members_a and s.b in members_b) or (s.b in members_a and s.a in members_b)
        for s in result.suggestions
    )


def test_paraphrases_of_one_fact_across_sources_are_linked(docs):
    result = match_documents(list(docs.values()))
    offered = claim_ref(docs["jlm_a"], "We have made this training available")
    not_taken_up = claim_ref(docs["jn_working_group"], "our offer has still to be taken up")
    assert _linked(result, offered, not_taken_up)
    redefined = claim_ref(docs["jlm_a"], "sought to redefine the IHRA definition")
    modified = claim_ref(docs["jn_working_group"], "International Holocaust Remembrance Alliance")
    assert _linked(result, redefined, modified)


def test_a_slogan_quoted_twice_in_one_item_is_suggested(docs):
    result = match_documents([docs["jlm_b"]])
    first = claim_ref(docs["jlm_b"], "We stay, we stand, and we fight.")
    refs = [
        ClaimRef(docs["jlm_b"].filename, item.index, index)
        for item in docs["jlm_b"].items
        for index, claim in enumerate(item.claims)
        if claim.text == "We stay, we stand and we fight"
    ]
    assert refs
    assert _linked(result, first, refs[0])
