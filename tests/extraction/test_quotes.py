"""Quotations: found in curly, straight, nested, split and multi-paragraph forms, and
attributed to whoever the text says spoke."""

from newstext.quotes import attribute_quotes, find_quotes
from newstext.speakers import ORGANISATION, Speaker, SpeakerRegistry


def quotes_of(body):
    return [q.text for q in find_quotes(body)]


def attributed(body, *, title="", default=None):
    registry = SpeakerRegistry()
    registry.observe(body, title=title)
    results = attribute_quotes(body, find_quotes(body), registry, default_speaker=default)
    return [(a.quote.text, a.speaker.name if a.speaker else None) for a in results]


def test_curly_and_straight_quotes_are_found_with_exact_offsets():
    body = 'He said “curly words here” and then "straight words here" too.'
    quotes = find_quotes(body)
    assert [q.text for q in quotes] == ["curly words here", "straight words here"]
    for q in quotes:
        assert body[q.start : q.end] == q.text


def test_nested_single_quote_inside_double_quote():
    body = "Smith said: “They called it a ‘total failure’ in 2019.”"
    quotes = find_quotes(body)
    assert [(q.text, q.depth) for q in quotes] == [
        ("They called it a ‘total failure’ in 2019.", 0),
        ("total failure", 1),
    ]


def test_apostrophes_are_not_quote_marks():
    assert quotes_of("The party’s members don’t agree with the Jones’ plan.") == []


def test_multi_paragraph_quote_in_print_convention_keeps_one_part_per_paragraph():
    body = "Ann Lee said: “First paragraph here.\n\n“Second paragraph here.\n\n“Third and last.”"
    [quote] = find_quotes(body)
    assert [p.text for p in quote.parts] == [
        "First paragraph here.",
        "Second paragraph here.",
        "Third and last.",
    ]
    for part in quote.parts:
        assert body[part.start : part.end] == part.text


def test_quote_opening_a_paragraph_runs_until_a_later_paragraph_closes_it():
    body = 'A statement:\n\n"We begin here.\n\nThis continues.\n\nIt ends here."\n\nAfter.'
    [quote] = find_quotes(body)
    assert [p.text for p in quote.parts] == ["We begin here.", "This continues.", "It ends here."]


def test_unclosed_quote_ends_with_its_paragraph():
    body = "He said “this never closes\n\nNext paragraph is narrative."
    assert quotes_of(body) == ["this never closes"]


def test_lone_and_stray_marks_do_not_break_parsing():
    assert quotes_of("”") == []
    assert quotes_of("“") == []
    assert quotes_of('She said "') == []
    assert quotes_of("stray closer” then “a real one” ends") == ["a real one"]


def test_said_after_the_quote_with_name():
    body = "“It is important to act,” said Richard Gold."
    assert attributed(body) == [("It is important to act,", "Richard Gold")]


def test_name_then_verb_after_the_quote_and_surname_resolves_to_full_name():
    body = "Jeremy Newmark spoke first. “We stay, we stand and we fight”, Newmark growls."
    assert attributed(body) == [("We stay, we stand and we fight", "Jeremy Newmark")]


def test_verb_before_the_quote_with_colon_and_object():
    body = "A JLM spokesman told Jewish News: “There will be no meetings.”"
    assert attributed(body, title="Jewish Labour Movement (JLM) news") == [
        ("There will be no meetings.", "Jewish Labour Movement")
    ]


def test_quote_split_by_attribution_keeps_the_speaker():
    body = (
        "Labour leader Jeremy Corbyn spoke. "
        "“One of the highlights,” says Corbyn, “has been the growth in our membership.”"
    )
    assert attributed(body) == [
        ("One of the highlights,", "Jeremy Corbyn"),
        ("has been the growth in our membership.", "Jeremy Corbyn"),
    ]


def test_split_quote_with_pronoun_attribution_between():
    body = "Mary Hill arrived. “We won,” she said. “And we will win again.”"
    assert [s for _q, s in attributed(body)] == ["Mary Hill", "Mary Hill"]


def test_roles_and_titles_are_stripped_from_speakers():
    body = (
        "Writing to the party, the National Chair of JLM, Ivor Caplin accused Labour of "
        "embarking “on a strategy that will only antagonise tensions”. "
        "Mr Caplin added: “We cannot take part.”"
    )
    assert [s for _q, s in attributed(body)] == ["Ivor Caplin", "Ivor Caplin"]


def test_party_spokesperson_speaks_for_the_party():
    body = 'A Labour party spokesperson said: "The party is fully committed to this."'
    assert attributed(body) == [("The party is fully committed to this.", "Labour Party")]


def test_the_union_said_resolves_to_the_union_named_earlier():
    body = 'Unite Union members walked out. "Pay must rise," the union said.'
    assert attributed(body) == [("Pay must rise,", "Unite Union")]


def test_pronoun_resolves_to_most_recent_person_speaker():
    body = "“First,” said Jane Doe. The report was late.\n\nHe added: “Second.”"
    assert [s for _q, s in attributed(body)] == ["Jane Doe", "Jane Doe"]


def test_according_to_attributes_the_quote():
    body = "The plan is “dead in the water”, according to Sarah Jones."
    assert attributed(body) == [("dead in the water", "Sarah Jones")]


def test_scare_quote_after_a_reporting_verb_is_attributed():
    body = "When news emerged in 2015, JLM said it would fight a “purge” of members."
    assert attributed(body, title="JLM") == [("purge", "Jewish Labour Movement")]


def test_naming_verb_only_binds_the_quote_right_after_it():
    body = (
        "JLM added they had “no formal response” about Peter Willsman, who referred to "
        "‘Jewish Trump supporters’, and about behaviour which “continues to undo progress”."
    )
    speakers = [s for _q, s in attributed(body, title="JLM")]
    assert speakers == ["Jewish Labour Movement", "Peter Willsman", "Jewish Labour Movement"]


def test_unattributed_quote_has_no_speaker():
    assert attributed("The word “gold standard” was used.") == [("gold standard", None)]


def test_own_page_default_speaker_only_for_unattributed_outer_quotes():
    jlm = Speaker("Jewish Labour Movement", ORGANISATION)
    body = '"We will not accept a “gold standard” that the Party has chosen," the text reads.'
    result = attributed(body, default=jlm)
    assert result[0][1] == "Jewish Labour Movement"
    assert result[1] == ("gold standard", None)
