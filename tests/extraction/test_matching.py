"""Cross-source matching: fact keys merge dated claims, text similarity groups rewordings,
unresolvable relative dates only ever become suggestions."""

from newstext.matching import (
    FACT_UNRESOLVED_SCORE,
    TEXT_SUGGEST_FACTOR,
    ClaimRef,
    MatchCandidate,
    fact_key,
    match_claims,
)

JLM = "Jewish Labour Movement"
LABOUR = "Labour Party"


def key(text, *, orgs=(JLM,), published_year=None, claimant=None):
    return fact_key(
        text,
        organisations=list(orgs),
        claimant=claimant,
        claimant_is_organisation=claimant is not None,
        main_organisation=JLM,
        published_year=published_year,
    )


def test_explicit_year_is_the_fact_year():
    fact = key("The group has been affiliated to Labour since 1920.", orgs=(LABOUR,))
    assert (fact.subject, fact.predicate, fact.year, fact.resolved_by) == (
        JLM,
        "affiliated",
        1920,
        "explicit",
    )


def test_anniversary_is_anchored_by_a_reference_year_in_the_same_sentence():
    fact = key(
        "2020 marks our 100th anniversary of affiliation to the Labour party.",
        orgs=(LABOUR,),
        claimant=JLM,
    )
    assert (fact.subject, fact.year, fact.resolved_by) == (JLM, 1920, "anchored")


def test_relative_years_without_a_reference_date_stay_unresolved():
    fact = key("JLM should sever ties to Labour after 99 years", orgs=(JLM, LABOUR))
    assert (fact.year, fact.offset_years, fact.resolved_by) == (None, 99, "unresolved")


def test_relative_years_resolve_with_a_stated_publication_date():
    fact = key("98 years ago this week JLM's affiliation was accepted.", published_year=2018)
    assert (fact.year, fact.resolved_by) == (1920, "dated")


def test_year_of_another_event_is_not_the_fact_year():
    fact = key("It moved to sever ties with Poale Zion, which rebranded itself as JLM in 2004.")
    assert fact is None or fact.year != 2004


def test_no_predicate_no_fact():
    assert key("JLM held its AGM in 2017.") is None


def ref(doc, claim=0):
    return ClaimRef(doc, 0, claim)


def test_same_fact_in_two_sources_merges():
    a = MatchCandidate(ref("a"), "affiliated since 1920", key("affiliated since 1920"))
    b = MatchCandidate(
        ref("b"),
        "2020 marks our 100th anniversary of affiliation",
        key("2020 marks our 100th anniversary of affiliation", claimant=JLM),
    )
    result = match_claims([a, b])
    assert [g.members for g in result.groups] == [(a.ref, b.ref)]
    assert result.suggestions == ()


def test_unresolved_relative_claim_is_only_a_suggestion_with_lower_score():
    a = MatchCandidate(ref("a"), "affiliated since 1920", key("affiliated since 1920"))
    c = MatchCandidate(ref("c"), "sever ties after 99 years", key("JLM sever ties after 99 years"))
    result = match_claims([a, c])
    assert result.groups == ()
    [suggestion] = result.suggestions
    assert (suggestion.a, suggestion.b) == (a.ref, c.ref)
    assert suggestion.score == FACT_UNRESOLVED_SCORE < 1


def test_different_years_do_not_match():
    a = MatchCandidate(ref("a"), "x", key("affiliated since 1920"))
    b = MatchCandidate(ref("b"), "y", key("affiliated since 1950"))
    assert match_claims([a, b]).groups == ()
    assert match_claims([a, b]).suggestions == ()


def test_near_identical_text_merges_and_similar_text_is_suggested():
    texts = [
        "The council closed three of its twelve libraries in 2016.",
        "the council closed three of its twelve libraries in 2016",
        "In 2016 the council closed three of its twelve libraries, campaigners said angrily.",
        "The weather was fine for the summer fair in the park.",
    ]
    cands = [MatchCandidate(ref(f"d{i}"), t) for i, t in enumerate(texts)]
    result = match_claims(cands)
    assert [g.members for g in result.groups] == [(cands[0].ref, cands[1].ref)]
    suggested = {(s.a.document, s.b.document) for s in result.suggestions}
    assert ("d0", "d2") in suggested or ("d1", "d2") in suggested
    assert all("d3" not in pair for pair in suggested)
    assert all(0 < s.score <= TEXT_SUGGEST_FACTOR < 1 for s in result.suggestions)


def test_short_claims_are_never_text_matched():
    cands = [MatchCandidate(ref("a"), "Labour"), MatchCandidate(ref("b"), "Labour said so today")]
    assert match_claims(cands).suggestions == ()


def test_a_name_and_its_initials_are_one_name_when_matching():
    cands = [
        MatchCandidate(ref("a"), "JLM has trained over 1,000 party members this year"),
        MatchCandidate(
            ref("b"), "The Jewish Labour Movement has trained over 1,000 party members this year"
        ),
    ]
    assert [g.members for g in match_claims(cands).groups] == [(cands[0].ref, cands[1].ref)]


def test_aliases_are_normalised_before_text_matching():
    cands = [
        MatchCandidate(ref("a"), "Poale Zion has trained over 1,000 party members this year"),
        MatchCandidate(ref("b"), "JLM has trained over 1,000 party members this year"),
    ]
    aliases = {"poale": "jewish labour movement", "zion": "jewish labour movement"}
    assert match_claims(cands, aliases=aliases).groups
    assert not match_claims(cands).groups


def test_claims_differing_only_in_their_figures_are_not_matched():
    rose_40 = MatchCandidate(
        ClaimRef("a", 0, 0), "Rents in the borough rose 40% since 2010, the union said"
    )
    rose_42 = MatchCandidate(
        ClaimRef("b", 0, 0), "Rents in the borough rose 42% since 2010, the union said"
    )
    same = MatchCandidate(
        ClaimRef("c", 0, 0), "The union said rents in the borough rose 40% since 2010"
    )
    result = match_claims([rose_40, rose_42, same])
    assert [group.members for group in result.groups] == [(rose_40.ref, same.ref)]
    assert all(rose_42.ref not in (s.a, s.b) for s in result.suggestions)


def test_a_paraphrase_naming_the_same_bodies_and_act_is_suggested():
    offered = MatchCandidate(
        ref("statement"),
        "We have made this training available to the party's NEC, NCC, and staff which has not "
        "been taken up.",
    )
    despite = MatchCandidate(
        ref("report"),
        "despite our continued offer to provide the NEC and the NCC with awareness training, our "
        "offer has still to be taken up",
    )
    [suggestion] = match_claims([offered, despite]).suggestions
    assert {suggestion.a, suggestion.b} == {offered.ref, despite.ref}
    assert "nec" in suggestion.reason
    assert suggestion.score < 1


def test_a_name_and_its_spelled_out_form_link_paraphrases():
    short = MatchCandidate(
        ref("a"),
        "Since the party sought to redefine the IHRA definition of antisemitism last summer",
    )
    spelled = MatchCandidate(
        ref("b"),
        "Issues include the International Holocaust Remembrance Alliance definition of "
        "antisemitism, following the decision to adopt a modified version last month",
    )
    assert match_claims([short, spelled]).suggestions


def test_short_fragments_sharing_words_with_a_long_claim_are_not_suggested():
    long_claim = MatchCandidate(
        ref("a"),
        "The chancellor said public spending would rise by £2bn next year, and that the party "
        "would keep its pledge on income tax for working families.",
    )
    fragments = [
        MatchCandidate(ref(f"f{i}"), text)
        for i, text in enumerate(
            [
                "public spending",
                "the party would keep its pledge",
                "working families deserve better from the party",
                "He told the BBC that spending would rise.",
            ]
        )
    ]
    assert match_claims([long_claim, *fragments]).suggestions == ()


def test_claims_sharing_only_ordinary_words_are_not_suggested():
    a = MatchCandidate(
        ref("a"),
        "Career sexism limits opportunities for women of all ages and prevents them from "
        "achieving their full potential.",
    )
    b = MatchCandidate(
        ref("b"),
        "Women in low-paid jobs have fewer opportunities to reach their full potential at work.",
    )
    assert match_claims([a, b]).suggestions == ()


def test_the_same_words_restated_in_one_item_are_suggested_not_merged():
    first = MatchCandidate(ClaimRef("speech", 0, 0), "We stay, we stand, and we fight.")
    again = MatchCandidate(ClaimRef("speech", 0, 1), "We stay, we stand and we fight")
    result = match_claims([first, again])
    assert result.groups == ()
    [suggestion] = result.suggestions
    assert suggestion.score >= 0.95


def test_a_negated_restatement_is_never_merged():
    said = MatchCandidate(ref("a"), "The union will campaign for the council candidates in May")
    denied = MatchCandidate(
        ref("b"), "The union will not campaign for the council candidates in May"
    )
    assert match_claims([said, denied]).groups == ()


def test_fact_keys_know_more_than_affiliation_and_founding():
    founded = key("The Fabian Society was founded in 1884.", orgs=("Fabian Society",))
    assert (founded.subject, founded.predicate, founded.year) == ("Fabian Society", "founded", 1884)
    launched = key("Unite launched its pay campaign in 2019.", orgs=("Unite",))
    assert (launched.subject, launched.predicate, launched.year) == ("Unite", "launched", 2019)
    elected = fact_key(
        "I was first elected in 2015 and have served ever since.",
        organisations=[],
        claimant="Ann Lee",
        claimant_is_organisation=False,
    )
    assert (elected.subject, elected.predicate, elected.year) == ("Ann Lee", "elected", 2015)


def test_a_shared_key_for_an_act_with_an_object_is_a_suggestion_never_a_merge():
    campaign = MatchCandidate(
        ref("a"),
        "Unite launched its pay campaign in 2019.",
        key("Unite launched its pay campaign in 2019.", orgs=("Unite",)),
    )
    fund = MatchCandidate(
        ref("b"),
        "Unite launched a strike fund in 2019.",
        key("Unite launched a strike fund in 2019.", orgs=("Unite",)),
    )
    result = match_claims([campaign, fund])
    assert result.groups == ()
    assert [s.method for s in result.suggestions] == ["fact_key"]
