"""A quotation opening mid-sentence is claimed and cited with the reported clause it ends."""

from newstext import extract_document
from newstext.quote_clauses import mask_quotes, quote_clause
from newstext.quotes import find_quotes
from newstext.sentences import split_sentences


def _clause(text: str, quoted: str) -> str | None:
    quotes = find_quotes(text)
    [quote] = [q for q in quotes if q.text.strip(",.") == quoted]
    found = quote_clause(text, mask_quotes(text, quotes), split_sentences(text), quote)
    return None if found is None else text[found[0] : found[1]]


def _claims(raw: str):
    doc = extract_document(raw, filename="page.txt")
    return [(item, claim) for item in doc.items for claim in item.claims]


def test_a_quote_ending_reported_speech_spans_the_clause_after_the_verb_and_that():
    text = (
        "Ann Ferris said on Monday that the depot would close and had been “badly run for years.”"
    )
    assert _clause(text, "badly run for years") == (
        "the depot would close and had been “badly run for years.”"
    )


def test_a_clause_runs_on_after_its_quote_to_the_end_of_the_sentence():
    text = "Ann Ferris warned that the bypass would be “a waste of money” and cost the town jobs."
    assert _clause(text, "a waste of money") == (
        "the bypass would be “a waste of money” and cost the town jobs"
    )


def test_a_clause_ends_with_its_quote_when_someone_else_reports_next():
    text = (
        "Ann Ferris accuses the council of “dragging its feet” and Tom Reed says it is "
        "“out of money,” the latest of many complaints."
    )
    assert _clause(text, "dragging its feet") == "the council of “dragging its feet”"
    # The next report's quote, first cited by the first one's clause, is its own speaker's.
    first = next(
        claim
        for _, claim in _claims(text)
        if any("out of money" in c.quote for c in claim.citations)
    )
    assert first.claimant is not None
    assert first.claimant.name == "Tom Reed"


def test_a_clause_ends_with_its_quote_when_a_comma_sets_off_what_follows():
    text = (
        "Ann Ferris said the bypass was “a waste of money,” adding that she would vote against it."
    )
    assert _clause(text, "a waste of money") == "the bypass was “a waste of money,”"


def test_a_told_clause_starts_after_the_listener_and_that():
    text = "Ann Ferris told reporters on Tuesday that the depot had been “badly run for years.”"
    assert _clause(text, "badly run for years") == "the depot had been “badly run for years.”"


def test_a_naming_verb_clause_is_its_object_and_the_quote():
    text = "Bob Tran called the decision to close the depot “a betrayal of the town.”"
    assert _clause(text, "a betrayal of the town") == (
        "the decision to close the depot “a betrayal of the town.”"
    )


def test_according_to_introduces_the_clause_after_its_comma():
    text = "According to Ann Ferris, the depot had been “badly run for years.”"
    assert _clause(text, "badly run for years") == "the depot had been “badly run for years.”"


def test_a_clause_before_a_quote_attributed_after_it_ends_with_the_quote():
    text = "The depot has been “badly run for years,” Ann Ferris said."
    assert _clause(text, "badly run for years") == "The depot has been “badly run for years,”"


def test_a_quote_opening_its_sentence_or_introduced_by_a_colon_has_no_clause():
    assert _clause("“The depot is badly run,” Ann Ferris said.", "The depot is badly run") is None
    assert (
        _clause("Ann Ferris told the paper: “The depot is badly run.”", "The depot is badly run")
        is None
    )
    assert _clause("Ann Ferris said, “The depot is badly run.”", "The depot is badly run") is None


def test_a_noun_or_a_passive_is_not_read_as_the_reporting_verb():
    # "claim" after a possessive is a noun; "was called" is a passive: neither reports the quote.
    assert (
        _clause("Bob Tran's claim that the depot is “badly run” was denied.", "badly run") is None
    )
    assert _clause("The depot was called “badly run” by some.", "badly run") is None
    # An object after a participle is not a reported clause.
    assert (
        _clause("He spent the day tweeting a photo of the “badly run” depot.", "badly run") is None
    )


def test_reported_speech_ending_in_a_quote_is_claimed_and_cited_as_the_reported_clause():
    raw = (
        "Depot row\n\nAnn Ferris, the council leader, said on Monday that the depot had been "
        "“badly run for years by people who never visited it” and would be sold.\n"
    )
    [(item, claim)] = _claims(raw)
    clause = (
        "the depot had been “badly run for years by people who never visited it” and would be sold"
    )
    assert claim.text == clause
    assert claim.claimant is not None
    assert claim.claimant.name == "Ann Ferris"
    # The clause is cited first, the quoted words as well; both anchor exactly.
    assert [c.quote for c in claim.citations] == [
        clause,
        "badly run for years by people who never visited it",
    ]
    for citation in claim.citations:
        assert item.body[citation.start : citation.end] == citation.quote


def test_a_sentence_saying_more_than_its_attribution_is_claimed_whole_as_well():
    raw = (
        "Depot row\n\nAnn Ferris, who has led the council since 2009 and chaired its finance "
        "board, said that the depot had lost £2m in 2023 and was “badly run for years.”\n"
    )
    texts = [claim.text for _item, claim in _claims(raw)]
    assert "the depot had lost £2m in 2023 and was “badly run for years.”" in texts
    assert any(text.startswith("Ann Ferris, who has led the council since 2009") for text in texts)


def test_a_told_clause_needs_no_that_after_a_pronoun_listener():
    text = "Ann Ferris told them the depot had been “badly run for years.”"
    assert _clause(text, "badly run for years") == "the depot had been “badly run for years.”"


def test_a_verb_inverted_after_a_quote_attributes_it_and_starts_no_clause():
    text = (
        "“We waited all day,” said Ann Ferris, a tenant who waited in an “extraordinarily long "
        "line” at the depot."
    )
    assert _clause(text, "extraordinarily long line") is None


def test_a_title_before_the_speaker_is_no_clause_of_what_the_speaker_says():
    # The show's title is set off by a comma and followed by "Lee said", but Lee's own words
    # follow the verb: the title is not the sentence's reported clause.
    text = "On the weekly show “Town Talk,” Ann Ferris said the depot would close."
    assert _clause(text, "Town Talk") is None
    # Only the attribution after it: the sentence before the quote is what was said.
    text = "The depot has been “badly run for years,” Ann Ferris told reporters."
    assert _clause(text, "badly run for years") == "The depot has been “badly run for years,”"


def test_markup_before_a_quote_is_no_clause():
    text = 'Ann Ferris wrote <post data-id="4417"> about the depot.'
    assert _clause(text, "4417") is None


def test_a_quote_completing_someones_claim_is_claimed_with_the_claims_clause_only():
    raw = (
        "Bridge row\n\nThe council met on Tuesday to hear the case for the bridge. The mayor "
        "blamed reporters for making an issue of Ann Lee’s claim that the bridge “was never "
        "safe.” The hearing went on for hours.\n"
    )
    quoted = [
        (claim.text, claim.claimant.name if claim.claimant else None)
        for _item, claim in _claims(raw)
        if "never safe" in claim.text
    ]
    # The mayor's blaming is not Ann Lee's; the clause her claim opens is.
    assert quoted == [("the bridge “was never safe.”", "Ann Lee")]


def test_a_sentence_about_someones_claim_is_neither_theirs_nor_claimed_as_their_words():
    raw = (
        "Mill row\n\nThe council met on Tuesday to hear the case for the mill. Ruth Okonjo's "
        "claim that the mill “never turned a profit” was repeated at the hearing by several "
        "members of the council.\n"
    )
    owned = [
        claim.text
        for _item, claim in _claims(raw)
        if claim.claimant is not None and claim.claimant.name == "Ruth Okonjo"
    ]
    assert owned == ["never turned a profit"]


def test_a_told_clause_starts_after_a_named_listener_without_that():
    text = "Ann Ferris told the Daily Post the depot had been “badly run for years.”"
    assert _clause(text, "badly run for years") == "the depot had been “badly run for years.”"
    text = "Ann Ferris told Radio Kent's Morning programme Mr Tran was “out of his depth.”"
    assert _clause(text, "out of his depth") == "Mr Tran was “out of his depth.”"
    text = "Ann Ferris told a meeting of tenants in the town hall that rents were “far too high.”"
    assert _clause(text, "far too high") == "rents were “far too high.”"


def test_a_told_listener_with_no_clause_after_it_gives_no_clause():
    text = "Ann Ferris told the council not to “rush into a decision” on the depot."
    assert _clause(text, "rush into a decision") is None
    text = "Ann Ferris has told of her anger at the “shoddy treatment” of tenants."
    assert _clause(text, "shoddy treatment") is None


def test_a_phrasal_verbs_particle_is_not_the_start_of_its_clause():
    for text in (
        "As Ann Ferris points out the depot is “older than the town itself.”",
        "As Ann Ferris points out, the depot is “older than the town itself.”",
    ):
        assert _clause(text, "older than the town itself") == (
            "the depot is “older than the town itself.”"
        )
    text = "Ann Ferris pointed out to the Daily Post that the depot was “older than the town.”"
    assert _clause(text, "older than the town") == "the depot was “older than the town.”"


def test_a_pronoun_object_of_a_naming_verb_gives_no_clause():
    text = "Bob Tran described it as “a betrayal of the town.”"
    assert _clause(text, "a betrayal of the town") is None
    text = "Bob Tran dismissed them as “idle gossip from the depot.”"
    assert _clause(text, "idle gossip from the depot") is None


def test_the_listener_after_to_or_at_gives_no_clause():
    text = "Bob Tran wrote to the council on Monday accusing it of “gross negligence.”"
    assert _clause(text, "gross negligence") is None
    text = "The union hit back at the plan, with Bob Tran calling it “a cynical move.”"
    assert _clause(text, "a cynical move") is None


def test_a_clause_after_to_a_listener_and_that_starts_after_that():
    text = "Ann Ferris insisted to the council that the depot was “worth saving.”"
    assert _clause(text, "worth saving") == "the depot was “worth saving.”"


def test_the_object_of_a_request_or_stance_verb_is_cited_with_the_quote():
    text = "Bob Tran urged the council to drop its “ill-judged scheme” for the depot."
    assert _clause(text, "ill-judged scheme") == (
        "the council to drop its “ill-judged scheme” for the depot"
    )
    text = "Bob Tran called for an inquiry into the “shambolic handling” of the depot."
    assert _clause(text, "shambolic handling") == (
        "for an inquiry into the “shambolic handling” of the depot"
    )
    text = "Bob Tran accused him of running the depot “like a private fiefdom.”"
    assert _clause(text, "like a private fiefdom") == (
        "him of running the depot “like a private fiefdom.”"
    )


def test_a_verb_in_an_opening_clause_yields_to_an_attribution_after_the_quote():
    text = (
        "When Ann Ferris said at the meeting that she would go, she “spoke for the town,” "
        "said Bob Tran."
    )
    assert _clause(text, "spoke for the town") == (
        "When Ann Ferris said at the meeting that she would go, she “spoke for the town,”"
    )


def test_an_inverted_attribution_or_a_conjunction_starts_no_clause():
    text = "The depot would cost £2m to repair, says the council - and it has been “badly run.”"
    assert _clause(text, "badly run") is None
    text = "It held no manifesto pledges, although the minister spoke of “a fair start.”"
    assert _clause(text, "a fair start") is None


def test_a_weekday_before_a_possessive_is_part_of_the_clause():
    text = "Ann Ferris said Monday night's vote had been “a disgrace to the town.”"
    assert _clause(text, "a disgrace to the town") == (
        "Monday night's vote had been “a disgrace to the town.”"
    )


def test_an_aside_after_the_verb_is_not_the_start_of_its_clause():
    text = "Ann Ferris claimed, with some justification, that the depot was “badly run.”"
    assert _clause(text, "badly run") == "the depot was “badly run.”"
    text = "Ann Ferris said after meeting the tenants she was “deeply troubled” by the depot."
    assert _clause(text, "deeply troubled") == (
        "after meeting the tenants she was “deeply troubled” by the depot"
    )


def test_a_pledge_keeps_its_infinitive():
    text = "Ann Ferris promised to keep the depot open “whatever it takes.”"
    assert _clause(text, "whatever it takes") == "to keep the depot open “whatever it takes.”"
    text = "Ann Ferris vowed not to close the depot “whatever it takes.”"
    assert _clause(text, "whatever it takes") == "not to close the depot “whatever it takes.”"


def test_a_clause_after_a_place_and_that_starts_after_that():
    text = "Ann Ferris said Sunday in Leeds, West Yorkshire, that the depot was “worth saving.”"
    assert _clause(text, "worth saving") == "the depot was “worth saving.”"
