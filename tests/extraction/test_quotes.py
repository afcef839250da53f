"""Quotations: found in curly, straight, nested, split and multi-paragraph forms, with exact
offsets."""

from newstext.quotes import find_quotes
from newstext.sentences import sentence_ends, split_sentences


def quotes_of(body):
    return [q.text for q in find_quotes(body)]


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


def test_continuation_paragraph_ends_at_its_own_close_and_leaves_the_narration_out():
    body = 'Ms Kelly said: "We have doubled it.\n\n"We will go further." Narration follows here.'
    [quote] = find_quotes(body)
    assert [p.text for p in quote.parts] == ["We have doubled it.", "We will go further."]
    assert "Narration" not in quote.text


def test_run_together_paragraphs_reopened_with_a_straight_mark_are_one_quote_not_nesting():
    body = (
        'Ms Kelly said: "We have already doubled maternity pay. "We are going to extend it '
        'to nine months." She said the Conservatives would follow. Later "a new term" opens.'
    )
    quotes = find_quotes(body)
    assert quotes[0].parts[0].text == "We have already doubled maternity pay."
    first = quotes[0]
    assert [p.text for p in first.parts] == [
        "We have already doubled maternity pay.",
        "We are going to extend it to nine months.",
    ]
    assert all(q.depth == 0 for q in quotes)
    assert "Conservatives" not in first.text
    assert quotes[1].text == "a new term"


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


def test_a_full_month_name_ends_a_sentence_before_a_quote():
    text = "Ann Ferris held a fundraiser in October. “It has to change,” she said."
    assert [s.text for s in split_sentences(text)] == [
        "Ann Ferris held a fundraiser in October.",
        "“It has to change,” she said.",
    ]
    # The short form is still an abbreviation.
    assert len(split_sentences("It closed on Oct. 5 last year.")) == 1


def test_an_opening_mark_typed_for_the_closing_one_closes_the_quote():
    body = (
        "“We have work to do here,“ said Ann Lee.\n\n"
        "The council met later.\n\n"
        "“It is done,” said Tom Reed."
    )
    assert quotes_of(body) == ["We have work to do here,", "It is done,"]


def test_a_quote_left_open_ends_before_the_narration_that_quotes_someone_else():
    body = (
        'Ms Hale said the delays were "only part of the story. Dr Rowe, a former nurse, said '
        'staff wanted calm after "years of upheaval". The board meets in March.'
    )
    quotes = find_quotes(body)
    assert [(q.text, q.depth) for q in quotes] == [
        ("only part of the story.", 0),
        ("years of upheaval", 0),
    ]


def test_a_quote_left_open_before_a_reporting_clause_and_a_new_quote_stops_there():
    body = 'Mr Dale said: "We lost a year. He added: "They will not break us." The firm denied it.'
    quotes = find_quotes(body)
    assert [(q.text, q.depth) for q in quotes] == [
        ("We lost a year.", 0),
        ("They will not break us.", 0),
    ]


def test_double_marks_nested_in_a_closed_quote_after_a_sentence_end_stay_nested():
    body = 'Smith said: "It failed. They called it "a total failure" in 2019." Then he left.'
    quotes = find_quotes(body)
    assert [(q.text, q.depth) for q in quotes] == [
        ('It failed. They called it "a total failure" in 2019.', 0),
        ("a total failure", 1),
    ]


def test_a_quote_continued_in_the_next_paragraph_is_not_cut_at_a_nested_mark():
    body = (
        'Ann Lee wrote: "It began badly. The chair gave a "speech\' nobody liked.\n\n'
        '"Then it got worse."'
    )
    [quote, *_] = find_quotes(body)
    assert [p.text for p in quote.parts] == [
        "It began badly. The chair gave a \"speech' nobody liked.",
        "Then it got worse.",
    ]


def test_a_paragraph_ending_with_its_own_closed_quote_does_not_close_an_earlier_one():
    body = (
        'A statement:\n\n"We begin here.\n\n'
        'The minister left. Ann Lee said "it is done."\n\n'
        "More narration here."
    )
    quotes = find_quotes(body)
    assert [(q.text, q.depth) for q in quotes] == [("We begin here.", 0), ("it is done.", 0)]


def test_sentence_ends_inside_a_line_are_the_splitter_s_sentence_ends():
    line = 'Mr. Rowe said it "works". It closed on Oct. 5 in the U.S. He left. "Yes," she said.'
    assert sentence_ends(line, 0, len(line)) == [s.end for s in split_sentences(line)[:-1]]
    # "Mr.", "Oct." and the dotted "U.S." are abbreviations, not ends.
    ends = sentence_ends(line, 0, len(line))
    assert [line[:end].rsplit(" ", 1)[-1] for end in ends] == ['"works".', "left."]
