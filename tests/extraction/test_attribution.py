"""Who said a quote: explicit evidence in the quote's own sentence, or nobody."""

import pytest

from newstext.attribution import attribute_quotes, reported_clauses
from newstext.names import ORGANISATION, PERSON, NamedEntity
from newstext.quotes import find_quotes
from newstext.sentences import split_sentences
from newstext.speakers import SpeakerRegistry


def registry_for(body, *, title="", known=()):
    registry = SpeakerRegistry(known_entities=known)
    registry.observe(body, title=title)
    return registry


def attributed(body, *, title="", default=None, known=()):
    registry = registry_for(body, title=title, known=known)
    results = attribute_quotes(
        body,
        find_quotes(body),
        registry,
        sentences=split_sentences(body),
        default_speaker=default,
    )
    return [(a.quote.text, a.speaker.name if a.speaker else None) for a in results]


def speakers(body, **kwargs):
    return [speaker for _quote, speaker in attributed(body, **kwargs)]


# -- reporting clauses on either side, within the quote's own sentence ---------------------


def test_said_after_the_quote_with_name():
    body = "“It is important to act,” said Richard Gold."
    assert attributed(body) == [("It is important to act,", "Richard Gold")]


def test_name_then_verb_after_the_quote_and_surname_resolves_to_full_name():
    body = "Jeremy Newmark spoke first. “We stay, we stand and we fight”, Newmark says."
    assert attributed(body) == [("We stay, we stand and we fight", "Jeremy Newmark")]


def test_the_clause_introducing_the_next_quote_is_not_the_previous_quotes_speaker():
    body = (
        "John Swinney spoke first. He added: “We will not accept this.” "
        "SNP Holyrood leader Nicola Sturgeon said: “This is a betrayal.”"
    )
    assert speakers(body) == ["John Swinney", "Nicola Sturgeon"]


def test_verb_before_the_quote_with_colon_and_object():
    body = "A Campaign Against Hunger spokesman told the Daily Bugle: “There will be no meetings.”"
    assert attributed(body) == [("There will be no meetings.", "Campaign Against Hunger")]


def test_quote_split_by_attribution_keeps_the_speaker():
    body = "“One of the highlights,” says Ann Lee, “has been the growth in our membership.”"
    assert speakers(body) == ["Ann Lee", "Ann Lee"]


def test_split_quote_with_pronoun_attribution_between():
    body = "Mary Hill arrived. “We won,” she said. “And we will win again.”"
    assert speakers(body) == ["Mary Hill", "Mary Hill"]


def test_abbreviated_titles_do_not_cut_the_name():
    body = '"This is a good step," said Sen. Patty Murray, D-Wash. "It is overdue," Rep. Bobby Scott (D-Va.) said.'
    assert speakers(body) == ["Patty Murray", "Bobby Scott"]


def test_according_to_attributes_the_quote():
    body = "The plan is “dead in the water”, according to Sarah Jones."
    assert attributed(body) == [("dead in the water", "Sarah Jones")]


def test_a_quote_with_no_clause_in_its_sentence_is_unattributed():
    body = "Jane Roe spoke on Monday. The word “gold standard” was used in the report."
    assert speakers(body) == [None]


def test_an_unresolvable_clause_leaves_the_quote_unattributed_rather_than_guessing():
    body = "Tom Brown arrived. “We are leaving,” one of the residents said."
    assert speakers(body) == [None]


# -- appositives, roles and titles -----------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        'Colin Asplin, Blackpool Hotel Association, said: "Bookings are down by a third."',
        '"Bookings are down by a third," Colin Asplin, Blackpool Hotel Association, said.',
    ],
)
def test_appositive_organisation_after_a_person_credits_the_person(body):
    assert speakers(body) == ["Colin Asplin"]


def test_appositive_role_after_a_person_credits_the_person_not_the_role():
    body = (
        'Lord Bach, Minister for Defence Procurement, said: "The contract is on time and '
        'on budget."'
    )
    assert speakers(body) == ["Lord Bach"]


def test_titles_before_a_name_are_stripped():
    body = (
        "Trade and Industry Secretary Patricia Hewitt said: “We have doubled it.” "
        "Senate Majority Leader Mitch McConnell said: “No hearings.”"
    )
    assert speakers(body) == ["Patricia Hewitt", "Mitch McConnell"]


def test_a_bare_role_is_never_an_entity():
    body = "“We will look at it,” the Co-Chairman said. “It is closed,” said the Rep."
    assert speakers(body) == [None, None]


def test_a_bare_role_resolves_to_the_one_person_given_it():
    body = "Sen. Ted Cruz arrived late. “I will stay,” the senator said."
    assert speakers(body) == ["Ted Cruz"]


def test_multi_word_organisation_names_stay_whole():
    body = "“The figures do not add up,” said a spokesman for the Institute for Fiscal Studies."
    assert speakers(body) == ["Institute for Fiscal Studies"]


def test_organisation_spokespeople_speak_for_the_organisation():
    body = (
        'A Labour Party spokesperson said: "We are fully committed to this." '
        '"It will not happen," a Home Office spokeswoman said.'
    )
    assert speakers(body) == ["Labour Party", "Home Office"]


def test_known_organisation_aliases_come_in_as_data():
    known = [NamedEntity("Campaign Against Hunger", ORGANISATION, ("CAH",))]
    body = "“We will appeal,” a CAH spokesperson said."
    assert speakers(body, known=known) == ["Campaign Against Hunger"]
    # Without the data, the organisation has only the name the text gives it.
    assert speakers(body) == ["CAH"]


@pytest.mark.parametrize(
    "body",
    [
        "Opus Dei members met in Rome.\n\n“We are growing,” he said.",
        "The Reform Bill passed in 1832.\n\n“It changed everything,” he said.",
    ],
)
def test_capitalised_pairs_are_not_people_without_evidence(body):
    assert speakers(body) == [None]


# -- honorifics and pronouns -----------------------------------------------------------------


def test_honorific_and_surname_resolve_to_the_full_name_introduced():
    body = (
        "Tony Blair spoke. Ruth Kelly listened. “We will win,” Mr Blair said. “Yes,” said Ms Kelly."
    )
    assert speakers(body) == ["Tony Blair", "Ruth Kelly"]


def test_she_never_resolves_to_a_man_when_a_woman_is_the_salient_candidate():
    body = (
        "Ms Ruth Kelly met Mr John Prescott on Monday. Mr Prescott left early.\n\n"
        "“The schools will get the money,” she said."
    )
    assert speakers(body) == ["Ruth Kelly"]


def test_he_resolves_to_the_man_and_she_to_the_woman_by_their_pronouns():
    body = (
        "Patricia Hewitt said her plans were costed. David Frost said his members were worried.\n\n"
        "“It will cost jobs,” he said. “It will not,” she said."
    )
    assert speakers(body) == ["David Frost", "Patricia Hewitt"]


def test_a_pronoun_with_two_candidates_of_unknown_gender_is_left_unattributed():
    body = "Alex Morgan met Sam Taylor on Monday.\n\n“It went well,” they said. “Fine,” he said."
    assert speakers(body) == [None, None]


def test_a_pronoun_after_two_people_of_its_gender_in_its_own_sentence_is_left_unattributed():
    body = (
        "Mr Tom Reed and Mr Omar Haddad both ran for mayor.\n\n"
        "Reed went after Haddad at the forum, when he called the plan “a fantasy.”"
    )
    assert speakers(body) == [None]
    # One of them named in the sentence: the pronoun resolves as before.
    body = (
        "Mr Tom Reed and Mr Omar Haddad both ran for mayor.\n\n"
        "Reed spoke at the forum, when he called the plan “a fantasy.”"
    )
    assert speakers(body) == ["Tom Reed"]


def test_a_pronoun_past_a_nearer_man_named_by_surname_alone_does_not_reach_the_full_name():
    body = (
        "Mr Omar Haddad praised Mr Tom Reed on Monday.\n\n"
        "The meeting was short. Haddad left before the vote.\n\n"
        "“We have a deal,” he said."
    )
    # Reed is the last man named in full, Haddad the last named: word order cannot choose.
    assert speakers(body) == [None]
    # A surname that is only an object or an owner, or that a woman bears, stands in no way.
    for between in ("Aides to Haddad left before the vote.", "Haddad's aides left early."):
        body = (
            "Mr Omar Haddad praised Mr Tom Reed on Monday.\n\n"
            f"The meeting was short. {between}\n\n“We have a deal,” he said."
        )
        assert speakers(body) == ["Tom Reed"], between
    body = (
        "Ms Nadia Haddad praised Mr Tom Reed on Monday.\n\n"
        "The meeting was short. Haddad left before the vote.\n\n“We have a deal,” he said."
    )
    assert speakers(body) == ["Tom Reed"]
    # A question's subject after its auxiliary stands as one opening a sentence.
    body = (
        "Mr Omar Haddad praised Mr Tom Reed on Monday.\n\n"
        "Was Haddad pleased with the vote?\n\n“We have a deal,” he said."
    )
    assert speakers(body) == [None]
    # A name inside someone's quote is no one the narration refers to.
    body = (
        "Mr Omar Haddad praised Mr Tom Reed on Monday.\n\n"
        "“Haddad is wrong. We have a deal,” he said."
    )
    assert speakers(body) == ["Tom Reed"]


# -- carrying a speaker over ---------------------------------------------------------------------


def test_a_quote_paragraph_after_an_attributed_quote_continues_its_speaker():
    body = "“First,” said Jane Doe.\n\n“Second, and more.”"
    assert speakers(body) == ["Jane Doe", "Jane Doe"]


def test_a_heading_in_single_marks_after_a_double_quoted_paragraph_is_not_carried_over():
    body = "“We will build it,” said Jane Doe.\n\n'The race is on!'\n\nThe council met on Friday."
    assert speakers(body) == ["Jane Doe", None]


def test_a_quote_paragraph_with_its_own_unresolved_clause_does_not_inherit():
    body = "“First,” said Jane Doe.\n\n“Second,” said one observer."
    assert speakers(body) == ["Jane Doe", None]


def test_own_page_default_speaker_only_for_unattributed_outer_quotes():
    org = NamedEntity("Campaign Against Hunger", ORGANISATION)
    body = '"We will not accept a “gold standard” that was chosen for us," the text reads.'
    result = attributed(body, default=org)
    assert result[0][1] == "Campaign Against Hunger"
    assert result[1] == ("gold standard", None)


# -- reported speech -----------------------------------------------------------------------------


def test_reported_speech_names_the_claimant_and_spans_the_reported_clause():
    body = "Patricia Hewitt said that maternity pay would rise by £1,400 next year."
    registry = registry_for(body)
    [clause] = reported_clauses(body, split_sentences(body), registry)
    assert body[clause.start : clause.end] == "maternity pay would rise by £1,400 next year"
    assert clause.speaker == NamedEntity("Patricia Hewitt", PERSON)


def test_reported_speech_holding_a_quote_attributes_the_quote():
    body = "Donald Trump said the military was “depleted” and needed more money."
    assert speakers(body) == ["Donald Trump"]


def test_a_reporting_word_used_as_a_noun_in_an_opening_phrase_is_not_the_clauses_verb():
    body = (
        "Ann Lee met the council on Monday.\n\n"
        "At one point, Lee said council members were calling “every hour.”"
    )
    registry = registry_for(body)
    [clause] = reported_clauses(body, split_sentences(body), registry, find_quotes(body))
    assert body[clause.start : clause.end] == "council members were calling “every hour.”"
    assert clause.speaker == NamedEntity("Ann Lee", PERSON)
    # "The report said": the noun is passed over, and a report is nobody the item knows.
    body = "Ann Lee met the council on Monday.\n\nThe report said the roads were “unsafe.”"
    registry = registry_for(body)
    assert reported_clauses(body, split_sentences(body), registry, find_quotes(body)) == []


def test_a_possessive_noun_is_not_a_reporting_verb():
    body = (
        "Mario Vargas Llosa said that Donald Trump's comments about immigrants were “intolerable.”"
    )
    assert speakers(body) == ["Mario Vargas Llosa"]


def test_the_statement_speaks_for_whoever_was_just_quoted_issuing_it():
    body = (
        "“We have been ignored,” the Riverside Tenants Union said.\n\n"
        "Calling the delay “shameful”, the statement went on: “We will not be silenced.\n\n"
        "“We will be back next week.”"
    )
    assert speakers(body) == ["Riverside Tenants Union", None, "Riverside Tenants Union"]


def test_the_statement_far_from_any_quote_names_nobody():
    filler = "The hearing heard evidence from residents about repairs left undone. " * 12
    body = (
        "“We have been ignored,” the Riverside Tenants Union said.\n\n"
        f"{filler}\n\nThe statement went on: “We will not be silenced.”"
    )
    assert speakers(body) == ["Riverside Tenants Union", None]


def test_a_role_of_an_organisation_is_a_person_never_the_organisation():
    body = "Chair of the Riverside Tenants Union tells the Gazette: “We stay and we fight.”"
    assert speakers(body) == [None]


def test_a_role_of_an_organisation_resolves_to_the_one_person_given_it():
    body = (
        "Ann Lee, chair of the Riverside Tenants Union, opened the meeting.\n\n"
        "The chair of the Riverside Tenants Union said: “We stay and we fight.”"
    )
    assert speakers(body) == ["Ann Lee"]


def test_in_an_interview_a_role_no_one_else_holds_describes_the_interviewee():
    body = "Chair of the Riverside Tenants Union tells the Gazette: “We stay and we fight.”"
    registry = registry_for(body)
    registry.subject = NamedEntity("Ann Lee", PERSON)
    results = attribute_quotes(body, find_quotes(body), registry, sentences=split_sentences(body))
    assert [a.speaker for a in results] == [NamedEntity("Ann Lee", PERSON)]


# -- wider coverage: descriptors, sentence-final clauses, more cue verbs --------------------


def test_lower_case_descriptors_before_a_name_belong_to_the_speaker():
    body = (
        "“The vote is a choice,” political scientist Mara Quist told the Herald on Monday. "
        "“Imagine the two of them on one stage,” mused radio co-host Dale Pruitt."
    )
    assert speakers(body) == ["Mara Quist", "Dale Pruitt"]


def test_a_descriptor_without_a_name_after_it_names_nobody():
    body = "“We will act,” said the local spokesman in a statement."
    assert speakers(body) == [None]


def test_a_person_from_a_place_is_the_person():
    body = "“I would like to see the party be open,” said Sen. Tamsin Ball of Oregon."
    assert speakers(body) == ["Tamsin Ball"]


def test_a_reporting_clause_after_a_comma_ends_the_quotes_sentence():
    body = (
        "Tom Rudd runs the shelter. Nora Vance leads the union. "
        "“For teachers, he is saying the right things” about pay, said Nora Vance, who leads it. "
        "Donations “fell by half” after the storm, Rudd said."
    )
    assert speakers(body) == ["Nora Vance", "Tom Rudd"]


def test_a_comma_clause_in_the_next_sentence_is_not_the_quotes():
    body = "Nora Vance spoke. Ivo Bram spoke. “It was late,” in the end. On Monday, Bram said so."
    assert speakers(body) == [None]


@pytest.mark.parametrize("verb", ["fumed", "barked", "scoffed", "reacted"])
def test_more_speech_verbs_attribute_the_quote(verb):
    body = f"Paul Toomes spoke. “That is a disgrace,” Toomes {verb}."
    assert speakers(body) == ["Paul Toomes"]


def test_a_stance_verb_credits_its_subject_with_the_characterisation():
    body = "Franz Holler denounced the remarks as “hurtful and humiliating” on Tuesday."
    assert speakers(body) == ["Franz Holler"]


@pytest.mark.parametrize(
    "clause",
    [
        "Nora Valdis thanked the volunteers for",
        "Nora Valdis credited the volunteers with",
        "Nora Valdis cited",
        "On Friday Gov. Nora Valdis endorsed the plan, citing",
        "Nora Valdis echoed",
    ],
)
def test_thanking_crediting_citing_and_echoing_credit_their_subject(clause):
    body = f"{clause} “a steady hand in hard times.”"
    assert speakers(body) == ["Nora Valdis"]


@pytest.mark.parametrize(
    "body",
    [
        "“This is fantastic!” beamed Nora Valdis of Madison.",
        "“Let’s win this,” Nora Valdis boomed as the hall cheered.",
        "Nora Valdis pondered who might “speak for us now.”",
        "Nora Valdis has made clear that she expects “a long fight.”",
    ],
)
def test_more_speech_and_stance_verbs_name_the_speaker(body):
    assert speakers(body) == ["Nora Valdis"]


def test_citing_another_persons_words_does_not_credit_the_subject():
    body = "Nora Valdis cited Paul Ekman's “steady hand in hard times.”"
    assert speakers(body) == [None]


# -- grammar around the reporting verb --------------------------------------------------------


@pytest.mark.parametrize(
    "between",
    ["emphatically", "also", "however", "last week", "on Tuesday", "herself", "has since"],
)
def test_adverbs_and_times_between_the_speaker_and_the_verb(between):
    body = f"Dana Whitfield arrived. Whitfield {between} declared: “The budget is balanced.”"
    assert speakers(body) == ["Dana Whitfield"]


def test_an_ly_surname_is_not_an_adverb():
    body = "Mary Kelly arrived. “The rail line will close,” Ms Kelly said."
    assert speakers(body) == ["Mary Kelly"]


def test_descriptors_and_a_role_before_an_inverted_speaker():
    body = "“Voters made up their minds early,” said Republican political consultant Ann Ferris."
    assert speakers(body) == ["Ann Ferris"]


def test_participle_after_an_introductory_phrase_takes_the_sentence_subject():
    body = (
        "Tom Ridley toured the plant. On Friday, after weeks of silence, Ridley hit back at "
        "critics, saying the closure was “a decision made in good faith.”"
    )
    assert speakers(body) == ["Tom Ridley"]


def test_participle_after_a_reporting_clause_continues_its_speaker():
    body = (
        "Nora Quist spoke at the rally. “Turnout has been strong,” Quist said, adding: "
        "“Our volunteers knocked on every door.”"
    )
    assert speakers(body) == ["Nora Quist", "Nora Quist"]


def test_a_naming_participle_after_an_appositive_with_a_place_possessive_is_the_subjects():
    body = (
        "Gov. Dana Moreau spoke on Monday. Moreau, New Mexico’s sitting governor, repeated her "
        "attack on Paul Sherwin’s budget, calling him a “reckless steward of the state.”"
    )
    assert speakers(body) == ["Dana Moreau"]


def test_participle_in_a_with_clause_takes_the_name_before_it():
    body = (
        "Critics were quick to respond, with Paul Amsel telling reporters the plan was "
        "“a giveaway to developers.”"
    )
    assert speakers(body) == ["Paul Amsel"]


def test_a_participle_joined_by_and_to_an_earlier_one_has_its_subject():
    body = (
        "Dana Whitfield toured the flooded streets on Monday, pointing to the broken levee and "
        "telling reporters that the city had been “left to drown.”"
    )
    assert speakers(body) == ["Dana Whitfield"]


def test_a_second_participle_of_a_with_clause_after_the_quote_is_the_same_speakers():
    body = (
        "Critics piled on, with Omar Reyes tweeting that the budget was a “farce” for the city "
        "and asking, “Who signed off on this?”"
    )
    assert speakers(body) == ["Omar Reyes", "Omar Reyes"]


def test_a_participle_joined_across_a_semicolon_is_not_the_earlier_ones():
    body = (
        "The council met on Monday; pointing to the broken levee and telling reporters that "
        "the city had been “left to drown.”"
    )
    assert speakers(body) == [None]


def test_an_adverb_between_the_comma_and_the_participle():
    body = (
        "Ana Duarte has voiced doubts about the merger, privately telling one colleague that she "
        "fears “a hostile takeover.”"
    )
    assert speakers(body) == ["Ana Duarte"]


def test_and_then_before_a_second_verb_keeps_the_subject_of_the_first():
    body = "Paul Ostrowski criticized the verdict at a rally and then tweeted that it was “a disgrace.”"
    assert speakers(body) == ["Paul Ostrowski"]


def test_a_quote_completing_someones_claim_is_theirs():
    body = (
        "Ruth Okonjo's claim that the mill “never turned a profit” was repeated at Tuesday's "
        "hearing by several members of the council."
    )
    assert attributed(body) == [("never turned a profit", "Ruth Okonjo")]


def test_a_claim_inside_a_clause_someone_else_reports_is_not_its_owners_quote():
    body = (
        "Tom Frazier said on Monday that Ruth Okonjo's claim that the mill closed early is "
        "“simply not true.”"
    )
    assert speakers(body) != ["Ruth Okonjo"]


def test_a_stance_participle_takes_the_sentence_subject():
    body = (
        "Dana Whitfield clashed with the auditor during the hearing, chiding him, “Did you read "
        "the report at all?”"
    )
    assert speakers(body) == ["Dana Whitfield"]


def test_estimated_that_reports_its_subjects_words():
    body = "Dana Whitfield estimated that about “two in three” voters would stay home."
    assert speakers(body) == ["Dana Whitfield"]


def test_a_relative_clause_closed_before_the_quote_reports_nothing_of_it():
    body = (
        "Ann Lee was asked by the moderator, Tom Ross, whether her plan, which the Tax Institute "
        "says would cost $170 billion a year, would risk “adding another entitlement.”"
    )
    assert speakers(body) == [None]


def test_an_opening_phrase_that_looks_like_a_subject_and_verb_is_read_past():
    body = (
        "For months, Dana Whitfield had praised the council, stating that the budget was sound "
        "and chiding the press for its “endless doom.”"
    )
    assert speakers(body) == ["Dana Whitfield"]


def test_a_participle_after_an_inverted_clause_with_a_party_tag_continues_its_speaker():
    body = (
        "“It is not new here,” said Rep. Omar Reyes (D-Va.) at the time, adding that “we have "
        "done this for years.”"
    )
    assert speakers(body) == ["Omar Reyes", "Omar Reyes"]


def test_said_before_adding_continues_the_speaker():
    body = "“We will appeal,” Dana Whitfield said before adding: “This is not over.”"
    assert speakers(body) == ["Dana Whitfield", "Dana Whitfield"]


def test_a_statement_issued_before_a_comma_holds_its_issuers_words():
    body = "Hours after the attacks, Dana Whitfield issued a statement, “Our city grieves tonight.”"
    assert speakers(body) == ["Dana Whitfield"]


def test_a_setting_between_and_and_the_second_verb_keeps_the_subject():
    body = (
        "Ann Ferris, the chair of the county party, backs the mayor and in a statement credited "
        "him with “a decade of honest work.”"
    )
    assert speakers(body) == ["Ann Ferris"]


def test_a_participle_after_after_is_the_passive_subjects():
    body = (
        "Dana Whitfield was booed by the crowd after telling the holdouts that they were "
        "“being foolish.”"
    )
    assert speakers(body) == ["Dana Whitfield"]


def test_a_passive_subject_is_still_not_a_comma_participles_speaker():
    body = "Dana Whitfield was criticised by Tom Ross and others, saying the plan was “a disgrace.”"
    assert speakers(body) != ["Dana Whitfield"]


def test_a_clause_after_the_quote_reporting_words_of_its_own_leaves_it_to_the_one_before():
    body = (
        "Although Dana Whitfield admitted to the paper that the two had “been friends for "
        "years,” her lawyer claimed they had never met."
    )
    assert speakers(body) == ["Dana Whitfield"]


def test_a_clause_after_the_quote_going_on_with_a_participle_still_reports_it():
    body = (
        "The council cannot rule that “from its chamber,” Dana Whitfield added, saying it "
        "should be “up to the court.”"
    )
    assert speakers(body) == ["Dana Whitfield", "Dana Whitfield"]


def test_a_second_verb_after_a_subordinate_clause_is_that_clauses_subjects():
    body = (
        "There were sharper words, as when Dana Whitfield knocked Ross on taxes and called him "
        "a “spendthrift,” a dig at his record."
    )
    assert speakers(body) == ["Dana Whitfield"]


def test_summed_up_and_heralded_put_the_quote_on_their_subject():
    body = (
        "Dana Whitfield summed up the budget as “reckless.” Omar Reyes heralded the deal as a "
        "“breakthrough.”"
    )
    assert speakers(body) == ["Dana Whitfield", "Omar Reyes"]


def test_a_participle_after_while_is_the_subjects():
    body = (
        "Dana Whitfield praised the budget as “honest” while adding on the deficit, “We have "
        "work to do.”"
    )
    assert speakers(body) == ["Dana Whitfield", "Dana Whitfield"]


def test_a_participle_after_while_joined_to_another_persons_participle_is_not_the_subjects():
    body = (
        "Tom Ross gives an account of the mayor telling one aide to “Go home!,” while telling "
        "another to, “Get out!”"
    )
    assert speakers(body)[1] is None


def test_and_said_takes_the_subject_of_the_first_verb():
    body = "Leah Morton met the governor and said, “We agreed on nothing.”"
    assert speakers(body) == ["Leah Morton"]


def test_a_reporting_sentence_after_a_full_stop_reports_the_quote_before_it():
    body = "Jane Hollis took questions. “We are not going anywhere.” Hollis said."
    assert speakers(body) == ["Jane Hollis"]


def test_a_sentence_that_goes_on_after_its_verb_is_not_the_quotes_clause():
    body = (
        "Jane Hollis and Omar Reyes spoke. “We are not going anywhere.” Reyes said the "
        "company would appeal."
    )
    assert speakers(body) == [None]


def test_a_quote_in_someones_claim_is_not_the_critics_but_the_claims():
    body = (
        "Ann Ferris and Bob Tran debated. Ferris criticised Tran’s claim that the scheme "
        "“pays for itself” as wishful."
    )
    assert speakers(body) == ["Bob Tran"]


def test_an_unreadable_clause_after_the_quote_blocks_a_guess_before_it():
    body = (
        "Bob Tran appealed. Tran’s “argument that the ruling was premature is unfounded,” the "
        "decision issued Friday said."
    )
    assert speakers(body) == [None]


def test_a_progressive_reporting_verb_takes_its_subject():
    body = "Omar Reyes is telling voters in the east that the bridge will be “fixed by spring.”"
    assert speakers(body) == ["Omar Reyes"]


def test_a_participle_after_a_reporting_clause_with_a_place_continues_its_speaker():
    body = (
        "Nora Quist spoke in Ohio. “The mill will reopen,” Quist said at a rally in Dayton, "
        "adding that the owners had been “very generous.”"
    )
    assert speakers(body) == ["Nora Quist", "Nora Quist"]


def test_a_participle_right_after_a_quote_that_held_the_comma():
    body = (
        "In a letter, Dana Whitfield described the cuts as “a breach of trust,” adding: "
        "“We will fight them in court.”"
    )
    assert speakers(body) == ["Dana Whitfield", "Dana Whitfield"]


def test_a_statement_issued_saying_something_is_its_issuers():
    body = "Omar Reyes issued a statement saying the closure was “a betrayal of the valley.”"
    assert speakers(body) == ["Omar Reyes"]


def test_a_participle_after_told_and_its_object_continues_the_speaker():
    body = (
        "Nora Quist arrived late. “We will win this,” Quist told a packed school hall, saying "
        "the rival plan would “bankrupt the county.”"
    )
    assert speakers(body) == ["Nora Quist", "Nora Quist"]


def test_shot_back_is_a_reporting_verb():
    body = "Jane Hollis argued with Tom Ridley. “That is simply untrue,” Hollis shot back."
    assert speakers(body) == ["Jane Hollis"]


def test_a_sentence_that_is_only_a_reporting_clause_introduces_the_next_quote():
    body = "Dana Whitfield spoke next. Whitfield agreed. “The council waited far too long.”"
    assert speakers(body) == ["Dana Whitfield"]


def test_a_longer_sentence_before_a_quote_introduces_nothing():
    body = "Dana Whitfield agreed with the report on Monday. “The council waited far too long.”"
    assert speakers(body) == [None]


# -- speakers named in a way the item cannot resolve: kept as written --------------------------


def written(body):
    registry = registry_for(body)
    results = attribute_quotes(body, find_quotes(body), registry, sentences=split_sentences(body))
    return [(a.speaker, a.written, a.written_shared) for a in results]


def test_a_surname_the_item_never_introduced_is_kept_as_written():
    body = "The rally was loud. “We will build it,” Trump said."
    assert written(body) == [(None, "Trump", False)]


def test_a_title_before_the_surname_is_not_part_of_the_written_name():
    body = "The debate ran late. “That is false,” Sen. Cruz said."
    assert written(body) == [(None, "Cruz", False)]


def test_a_surname_two_people_of_the_item_share_is_kept_as_written_and_marked_shared():
    body = (
        "Bill Clinton arrived first. Hillary Clinton followed him. "
        "“We are proud of this town,” Clinton said."
    )
    assert written(body) == [(None, "Clinton", True)]


def test_the_next_quote_of_an_unidentified_speaker_carries_the_same_written_name():
    body = "The rally was loud. “We will build it,” Trump said. “And they will pay for it.”"
    assert written(body) == [(None, "Trump", False), (None, "Trump", False)]


@pytest.mark.parametrize(
    "body",
    [
        "The rally was loud. “We will build it,” one of the residents said.",
        "The rally was loud. “We will build it,” the senator said.",
        "The rally was loud. “We will build it,” Republicans said.",
        "The rally was loud. “We will build it,” a spokesman said.",
    ],
)
def test_roles_groups_and_spokespeople_are_not_written_names(body):
    assert written(body) == [(None, "", False)]


def test_a_surname_the_item_introduced_resolves_and_is_not_kept_as_written():
    body = "Donald Trump spoke first. “We will build it,” Trump said."
    assert written(body) == [(NamedEntity("Donald Trump", PERSON), "", False)]


# -- the long tail: descriptions around the subject, naming verbs, signatures ------------------


def test_a_subject_with_age_and_place_appositives_before_said():
    body = (
        "Protesters gathered early. Cory Jameson, 22, of Flint, Mich., said he had not given up "
        "hope of a “convention surprise” this week."
    )
    assert speakers(body) == ["Cory Jameson"]


def test_a_participle_takes_the_subject_described_before_its_verb():
    body = (
        "Democratic presidential candidate Sen. Ann Lee (D-Ore.) on Saturday criticized the "
        "accord, saying it goes “nowhere near far enough.”"
    )
    assert speakers(body) == ["Ann Lee"]


def test_a_participle_takes_a_subject_with_a_role_appositive():
    body = (
        "Michael Petrillo, president of the Fordham Institute, tied the scores to graduation "
        "rates, saying the law helped “millions of kids who would have dropped out.”"
    )
    assert speakers(body) == ["Michael Petrillo"]


def test_a_passive_subject_is_not_the_speaker_of_a_participle():
    body = (
        "Tom Hardy was criticized by the committee on Monday, saying the rules were “unfair "
        "to everyone involved.”"
    )
    assert speakers(body) == [None]


def test_a_later_clause_reporting_other_words_does_not_block_the_clause_before_the_quote():
    body = (
        "James Comey spoke for an hour. While Comey said there was evidence that the aides were "
        "“extremely careless” and broke the rules, he said there was no precedent for a case."
    )
    assert speakers(body) == ["James Comey"]


def test_a_noun_after_a_quote_is_not_a_reporting_clause():
    body = (
        "Rep. George Miller spoke next. Miller said the new bill can be “the best of both "
        "worlds,” giving states more power over their schools."
    )
    assert speakers(body) == ["George Miller"]


def test_a_naming_verb_binds_a_quote_after_a_longer_object():
    body = (
        "In April, Tom Hardy called Ford’s plans to open a plant in Mexico “an absolute disgrace.”"
    )
    assert speakers(body) == ["Tom Hardy"]


def test_a_naming_verb_does_not_reach_past_another_subject():
    body = (
        "If you disagree, the Daily Bugle will brand you a liar and the Evening Star will "
        "accuse you of engaging in a “freak out.”"
    )
    assert speakers(body) == [None]


def test_an_infinitive_is_not_the_clause_of_the_quote():
    body = (
        "Mary Nance said she would like the mayor to explain his plan because there is “no "
        "question” that it will cost more."
    )
    assert speakers(body) == ["Mary Nance"]


def test_a_number_of_percentage_points_is_not_a_verb():
    body = (
        "Michael Briggs said the senator came from 40 to 50 percentage points behind to a "
        "“dead heat” in Iowa."
    )
    assert speakers(body) == ["Michael Briggs"]


def test_a_quotation_paragraph_signed_by_the_next_paragraph():
    body = (
        "The debate ran late.\n\n"
        "“Almost all new income goes to the top 1 percent.”\n\n"
        "- Bernie Sanders.\n\n"
        "The statistic is out of date."
    )
    assert speakers(body) == ["Bernie Sanders"]


def test_a_dash_inside_narration_signs_nothing():
    body = "The debate ran late.\n\n“Almost all new income goes to the top.” And more.\n\n- Bernie Sanders."
    assert speakers(body) == [None]


def test_a_possessive_role_then_the_name_credits_the_name():
    body = (
        "The campaign answered quickly. Trump's attorney, Alan Garten, said the former aide "
        "was “looking for free publicity.”"
    )
    assert speakers(body) == ["Alan Garten"]


def test_an_introducing_clause_with_a_colon_before_a_blank_line_gives_the_next_quote():
    body = (
        "The campaign answered on Friday.\n\nDr. Kelli Ward stated:\n\n“This is not equal justice.”"
    )
    assert speakers(body) == ["Kelli Ward"]


def test_an_opening_phrase_then_a_name_and_its_role_before_said():
    body = (
        "In a statement, Brian Fallon, a spokesman for the campaign, said: “We have "
        "cooperated since last summer.”"
    )
    assert speakers(body) == ["Brian Fallon"]


def test_a_role_described_by_her_then_the_name_credits_the_name():
    body = (
        "In a statement to the Observer, her senior policy adviser, Jake Sullivan, said: "
        "“Cooperation is strongest when Europe is united.”"
    )
    assert speakers(body) == ["Jake Sullivan"]


def test_a_line_naming_its_source_after_a_dash_introduces_the_quote():
    body = (
        "Lessons from Iowa - Carl Bialik: “One of the biggest lessons was a simple one: keep "
        "contacting voters.”"
    )
    assert speakers(body) == ["Carl Bialik"]


def test_more_from_a_source_after_a_headline_and_dash_introduces_the_quote():
    body = (
        "Nina Ruiz, a pollster, studied the turnout.\n\n"
        "Why the suburbs moved - More from Ruiz: “Turnout rose fastest where the races were close.”"
    )
    assert speakers(body) == ["Nina Ruiz"]


def test_a_middle_initial_is_part_of_the_name():
    body = (
        "However, Jill A. Martin, vice president of the company, said in a statement that the "
        "claims had “no substance.”"
    )
    assert speakers(body) == ["Jill A. Martin"]


def test_a_participle_appositive_leaves_the_subject_speaking():
    body = (
        "But Sen. Richard Durbin (D-Ill.), noting the size of the list, said, “He has a heck "
        "of an email list.”"
    )
    assert speakers(body) == ["Richard Durbin"]


def test_an_occasion_between_the_name_and_a_naming_verb_keeps_the_subject():
    body = (
        "The break was complete when Dana Moreau in her budget speech called the new levy "
        "“a tax on hope.”"
    )
    assert speakers(body) == ["Dana Moreau"]


def test_an_occasion_after_a_pronoun_is_not_read_past():
    body = (
        "Dana Moreau lost her temper at a rally, jabbing her finger at an activist as she "
        "angrily said, “I am so tired of the lies.”"
    )
    assert speakers(body) == ["Dana Moreau"]


def test_a_naming_verb_joined_to_a_reported_clause_is_that_clauses_subjects():
    body = (
        "Nora Vance spoke first. She noted that Tom Ridley has criticized the mayor for years "
        "and called him “a weak leader.”"
    )
    assert speakers(body) == ["Tom Ridley"]


def test_a_naming_verb_joined_to_a_reported_clause_without_a_name_is_nobodys():
    body = (
        "Nora Vance spoke first. She noted that the union has criticized the mayor for years "
        "and called him “a weak leader.”"
    )
    assert speakers(body) == [None]


def test_a_naming_verb_binds_the_quote_past_a_relative_clause_on_its_object():
    body = (
        "Dana Moreau spoke on Monday. Moreau called the storm that flooded the valley "
        "“a test of our resolve.”"
    )
    assert speakers(body) == ["Dana Moreau"]


def test_a_naming_verb_does_not_bind_the_quote_of_a_clause_that_opens_after_it():
    body = (
        "Dana Moreau spoke on Monday. Moreau called on voters to see that the plan was “a fraud.”"
    )
    assert speakers(body) == [None]


def test_a_title_in_a_naming_participles_object_ends_no_sentence():
    body = (
        "Tom Ridley changed his pitch on Saturday, calling Ohio Gov. Dana Moreau “my partner "
        "in this campaign.”"
    )
    assert speakers(body) == ["Tom Ridley"]


def test_a_reporting_word_used_as_a_noun_in_a_naming_verbs_object_is_no_verb():
    body = (
        "Last month, Agency Director Dana Moreau called the mayor’s use of private email "
        "servers “deeply careless.” Ann Lee called that report “a fairy tale.”"
    )
    assert speakers(body) == ["Dana Moreau", "Ann Lee"]


def test_a_further_quote_describing_a_naming_verbs_object_is_the_callers():
    body = (
        "Ohio Gov. Dana Moreau, speaking in Dayton, called the mayor a “sore loser” who is "
        "acting “as if the city were his.” Tom Ridley described the plan as “reckless” and "
        "“a gift to developers.”"
    )
    assert speakers(body) == ["Dana Moreau", "Dana Moreau", "Tom Ridley", "Tom Ridley"]


def test_a_quote_offered_as_another_choice_after_a_naming_verbs_quote_is_not_bound():
    body = (
        "Ann Lee weighed her options. Vote for Tom Ridley, whom she called “a disaster,” or "
        "“sit this one out” on election day."
    )
    assert speakers(body)[-1] is None


def test_a_naming_verb_with_a_short_object_binds_the_quote():
    body = "Campaign manager Jeff Weaver called that “beyond preposterous.”"
    assert speakers(body) == ["Jeff Weaver"]


def test_a_possessive_role_then_the_name_after_the_quote_is_the_name():
    body = (
        "“By spring we had a real chance,” Senator Hale’s campaign manager, Ines Dorado, "
        "said in an interview."
    )
    assert speakers(body) == ["Ines Dorado"]


def test_a_named_person_of_a_delegation_after_the_quote_is_the_person():
    body = "“It was a great night,” said Piet Valen of the New Haven delegation."
    assert speakers(body) == ["Piet Valen"]


def test_a_sentence_ending_with_a_colon_introduces_the_quote_opening_the_next_paragraph():
    body = (
        "When Tomas Brill died in May, Ann Lark released the following statement:\n\n"
        "“We mourn a friend of this city.”"
    )
    assert speakers(body) == ["Ann Lark"]


def test_the_clause_nearest_the_colon_names_who_the_quote_is_from():
    body = (
        "The Ledger made the claim in May, and Riverside Tenants Union responded:\n\n"
        "“Nobody was ever evicted.”"
    )
    assert speakers(body) == ["Riverside Tenants Union"]


def test_a_subject_whose_appositives_end_with_a_two_word_place_speaks():
    body = "Dara Quinn, a 40-year-old nurse from Dayton, West Virginia, says the plan will “fail.”"
    assert speakers(body) == ["Dara Quinn"]


def test_a_state_of_somewhere_in_an_appositive_is_no_reporting_verb():
    body = (
        "Tom Okafor, celebrating a win in his home state of Iowa, is pledging to "
        "“carry the fight on.”"
    )
    assert speakers(body) == ["Tom Okafor"]


def test_labeling_in_the_progressive_binds_the_quote_it_leads_to():
    body = "Mara Voss, for her part, is labeling the plan “a reckless gamble.”"
    assert speakers(body) == ["Mara Voss"]


def test_a_comma_after_a_party_tag_still_leaves_the_name_as_subject():
    body = "In Dayton on Tuesday, Gov. Nils Ferro (R-OH), said, “We are ready for the fall.”"
    assert speakers(body) == ["Nils Ferro"]


def test_a_quoted_adjective_before_state_of_is_no_inverted_clause():
    body = (
        "Doubt grew Wednesday when House Speaker Ada Morrow of Ohio lamented the "
        "“disheartened” state of the campaign."
    )
    assert speakers(body) == ["Ada Morrow"]


def test_a_role_introduced_by_her_then_the_name_is_the_name():
    body = "Her chief policy aide, Linus Varga, calls her record a “triumph.”"
    assert speakers(body) == ["Linus Varga"]


def test_the_role_of_an_organisation_then_the_name_is_the_name():
    body = "The leader of the Harbor League, Jonas Grell, warned that a ban “would fail.”"
    assert speakers(body) == ["Jonas Grell"]


def test_a_relative_clause_with_says_describing_the_subject_is_no_clause_of_its_own():
    body = (
        "Sen. Lia Graf spoke first. Graf, who says the allies should send troops, tweeted "
        "that the plan was “a farce.”"
    )
    assert speakers(body) == ["Lia Graf"]


def test_an_adverb_between_the_subject_and_the_participle_of_a_with_clause():
    body = (
        "Tom Ruiz spoke last. The debate turned harsh, with Ruiz recently promising to “bomb them.”"
    )
    assert speakers(body) == ["Tom Ruiz"]


def test_a_person_of_a_town_and_state_without_a_closing_comma_speaks():
    body = "Stacy Barlow of Columbia, South Carolina says she thinks Lee “can pull it off.”"
    assert speakers(body) == ["Stacy Barlow"]


def test_a_name_inside_a_relative_clause_about_the_subject_is_not_the_speaker():
    body = (
        "Kevin Swale spoke. Swale, who is a pastor at the Harbor Church of Elkton, Ohio, "
        "said the scouts were “a disgrace.”"
    )
    assert speakers(body) == ["Kevin Swale"]


def test_a_role_then_the_name_set_off_by_commas_is_the_name():
    body = "A top strategist, Jon Wever, tells reporters that the race “is wide open.”"
    assert speakers(body) == ["Jon Wever"]


def test_a_description_between_dashes_leaves_the_name_as_subject():
    body = "Jason Simms — a teacher from Mount Pleasant — says he made “a last-minute decision.”"
    assert speakers(body) == ["Jason Simms"]


def test_a_possessive_appositive_leaves_the_name_as_the_subject_of_a_participle():
    body = (
        "Tracy Marden, Jon's father, issued a statement Thursday, saying the fund "
        "“has no comment on the verdict.”"
    )
    assert speakers(body) == ["Tracy Marden"]


def test_calling_for_something_else_does_not_claim_a_later_quote():
    body = (
        "Erin Vocks, the activist, backed the plan Saturday, saying she hadn’t yet called for the "
        "mayor’s resignation because she believed “we must help the city first.”"
    )
    assert speakers(body) == ["Erin Vocks"]


def test_calling_for_the_quoted_words_binds_them():
    body = "Ohio Gov. Jon Kasper has also broadly called for “boots on the ground.”"
    assert speakers(body) == ["Jon Kasper"]


def test_a_quoted_show_title_after_the_clause_still_passes_its_speaker_to_adding():
    body = (
        "Sen. Lia Graf spoke. “Kasper would be best,” Graf said on the network’s "
        "“Morning Hour,” adding, “He has no chance.”"
    )
    assert speakers(body)[-1] == "Lia Graf"


def test_a_quote_with_a_clause_naming_someone_unknown_does_not_continue_the_last_speaker():
    body = "Ann Lark took questions. “It is late,” Lark said. “Too late?” Tovey repeated."
    assert speakers(body) == ["Ann Lark", None]


def test_an_inverted_clause_opening_the_sentence_names_the_speaker():
    body = "Dora Pell came back. Said Dora Pell, who grew up nearby, “We were all proud of him.”"
    assert speakers(body) == ["Dora Pell"]


def test_an_inverted_clause_ending_with_a_colon_introduces_the_next_paragraph():
    body = "Ann Stone spoke on the radio.\n\nStated Stone:\n\n“The stakes are high.”"
    assert speakers(body) == ["Ann Stone"]


def test_an_opening_said_without_a_name_after_it_names_nobody():
    body = "Said differently, the plan is “a mess.”"
    assert speakers(body) == [None]


def test_a_sentence_ending_in_a_colon_gives_its_subject_to_the_quote_after_it():
    body = (
        "Ann Lee spoke on Monday. In a radio interview later that day, Lee went even further: "
        "“If he runs and loses, it is the end of his career.”"
    )
    assert speakers(body) == ["Ann Lee"]


def test_a_colon_after_a_message_someone_else_wrote_names_nobody():
    body = (
        "Ann Lee spoke on Monday. She shared a message from her adviser, Jo Baker, that read: "
        "“The vote is a disgrace.”"
    )
    assert speakers(body) == [None]


def test_a_negated_main_verb_leaves_its_subject_speaking_through_a_participle():
    body = (
        "Mayor Karen Holt spoke. Holt didn’t seem impressed with the plan on Tuesday, "
        "telling reporters, “A lot of people said the governor should step down.”"
    )
    assert speakers(body) == ["Karen Holt"]


def test_a_second_verb_after_but_has_the_sentence_subject():
    body = (
        "Ben Ortiz spoke. Ortiz did not mention his rivals by name, but told supporters, "
        "“Our nation is in horrible trouble.”"
    )
    assert speakers(body) == ["Ben Ortiz"]


def test_a_gerund_after_upon_has_the_sentence_subject():
    body = (
        "Sara Kim spoke. Kim, herself a supporter during the primary, drew boos upon saying, "
        "“She heard the passion of the people.”"
    )
    assert speakers(body) == ["Sara Kim"]


def test_a_participle_after_a_reporting_clause_is_that_clause_speakers():
    body = (
        "Omar Reed and Adel Nasri spoke. Reed didn't mingle but left after prayers, Nasri said, "
        "adding, “He was not very religious.”"
    )
    assert speakers(body) == ["Adel Nasri"]


@pytest.mark.parametrize(
    "clause",
    [
        "said the deputy campaign manager, Ann Pelling, who ran the last race.",
        "said the governor’s press secretary, Ann Pelling.",
        "said Kemp’s deputy campaign manager, Ann Pelling.",
    ],
)
def test_inverted_role_then_name_credits_the_named_person(clause):
    body = f"“We are treating the month as one long polling day,” {clause}"
    assert speakers(body) == ["Ann Pelling"]


@pytest.mark.parametrize(
    "clause",
    [
        # The name may be the mayor's, not the spokesman's.
        "said a spokesman for the mayor, Ann Pelling.",
        # Two people: no single speaker.
        "said the campaign managers, Ann Pelling and Tom Ross.",
    ],
)
def test_inverted_role_then_name_leaves_ambiguous_roles_unattributed(clause):
    body = f"“We are treating the month as one long polling day,” {clause}"
    assert speakers(body) == [None]


def test_quote_completing_a_reported_clause_about_someones_words_is_the_reporters():
    body = (
        "Ann Pelling spoke on Monday. Pelling told reporters that Tom Ross’s comments “show bias.”"
    )
    assert speakers(body) == ["Ann Pelling"]


@pytest.mark.parametrize("link", ["comments", "claim that"])
def test_quote_naming_someone_elses_words_stays_unattributed(link):
    body = f"Ann Pelling spoke on Monday. Pelling criticised Tom Ross’s {link} “we will win.”"
    assert speakers(body) == [None]


# -- calling verbs over a coordinated object, more reporting verbs, "the senator" among several -


def test_calling_verb_binds_a_quote_after_two_coordinated_names():
    body = (
        "Lindsey Marsh called both Tom Hale and former mayor Ann Ross “reckless” in an interview."
    )
    assert speakers(body) == ["Lindsey Marsh"]


def test_calling_verb_does_not_bind_past_a_new_clause_after_and():
    body = "Lindsey Marsh called the police and the neighbours were “panicked” by the noise."
    assert speakers(body) == [None]


def test_yelling_in_an_absolute_clause_credits_its_own_subject_not_the_sentences():
    body = "Tom Hale arrived at the rally, with Jo Ross reportedly yelling: “Get out of here!”"
    assert speakers(body) == ["Jo Ross"]


def test_blogged_is_a_reporting_verb():
    body = "Mary Wills may have said it best when she blogged: “The race is already over.”"
    assert speakers(body) == ["Mary Wills"]


def test_the_senator_is_the_one_of_several_senators_just_named():
    body = (
        "Sen. Tom Hale spoke on Monday. Sen. Ann Ross spoke on Tuesday. "
        "Hale warned against a delay. “We stand by the plan,” the Colorado senator said."
    )
    assert speakers(body) == ["Tom Hale"]


def test_the_senator_is_nobody_when_two_senators_were_just_named():
    body = (
        "Sen. Tom Hale spoke on Monday. Sen. Ann Ross spoke on Tuesday. "
        "Hale and Ross met on Friday. “We stand by the plan,” the senator said."
    )
    assert speakers(body) == [None]


def test_the_senator_is_nobody_when_no_senator_was_just_named():
    body = (
        "Sen. Tom Hale spoke on Monday. Sen. Ann Ross spoke on Tuesday. The plan is old. "
        "It was drafted in May. “We stand by the plan,” the senator said."
    )
    assert speakers(body) == [None]


# -- "the Texas senator": the one person the text gave that role with those words -----------


def test_the_described_senator_is_the_one_the_text_described_so():
    body = (
        "Texas Sen. Tom Hale spoke on Monday. Sen. Ann Ross of Ohio spoke on Tuesday. "
        "Ross warned against a delay. “We stand by the plan,” the Texas senator said. "
        "“We do not,” the Ohio senator said."
    )
    assert speakers(body) == ["Tom Hale", "Ann Ross"]


@pytest.mark.parametrize(
    "introduced",
    ["Chris Dale, New Jersey’s governor, spoke first.", "New Jersey governor Chris Dale spoke."],
)
def test_a_role_described_by_an_appositive_or_before_a_lower_case_role(introduced):
    body = (
        f"{introduced} Gov. Tom Hale of Ohio spoke next. "
        "“We will sign it,” the New Jersey governor said."
    )
    assert speakers(body) == ["Chris Dale"]


def test_the_senator_from_a_state_is_the_senator_of_that_state():
    body = (
        "Texas Sen. Tom Hale spoke on Monday. Sen. Ann Ross of Ohio spoke on Tuesday. "
        "Ross warned against a delay. “We stand by the plan,” said the senator from Texas."
    )
    assert speakers(body) == ["Tom Hale"]


def test_party_and_state_after_a_legislators_name_describe_the_role():
    body = (
        "Sen. Tom Hale (R-Tex.) spoke on Monday. Sen. Ann Ross, D-N.H., spoke on Tuesday. "
        "Hale warned against a delay. “We stand by the plan,” the New Hampshire senator said. "
        "“We do not,” the Republican senator said."
    )
    assert speakers(body) == ["Ann Ross", "Tom Hale"]


def test_a_description_no_one_was_given_leaves_the_senators_described_otherwise_out():
    body = (
        "Sen. Tom Hale spoke on Monday. Florida Sen. Ann Ross spoke on Tuesday. "
        "Ross warned against a delay. “We stand by the plan,” the Colorado senator said."
    )
    assert speakers(body) == ["Tom Hale"]


def test_a_description_no_one_was_given_is_nobody():
    body = (
        "Sen. Tom Hale of Texas spoke on Monday. Hale warned against a delay. "
        "“We stand by the plan,” the Ohio senator said."
    )
    assert speakers(body) == [None]


def test_the_senator_is_not_the_one_senator_by_title_when_a_described_one_was_named_since():
    body = (
        "Sen. Tom Hale spoke on Monday. Florida Sen. Ann Ross spoke on Tuesday. "
        "Ross warned against a delay. “We stand by the plan,” the senator said."
    )
    assert speakers(body) == ["Ann Ross"]


def test_a_role_of_a_named_body_is_not_the_role_alone():
    body = (
        "Riverside Bank President Ann Ross spoke first. "
        "“We will wait,” the president said on Tuesday."
    )
    assert speakers(body) == [None]


# -- a programme's title after "told" is what the speaker told, not anyone's words --------


@pytest.mark.parametrize(
    "told",
    ["Fenn told “Good Morning Riverside,” adding", "Fenn told RBC’s “Morning Report,” adding"],
)
def test_a_title_told_to_leaves_the_quote_before_it_to_the_speaker(told):
    body = f"Carla Fenn spoke first. “We will win this,” {told} that the count was early."
    assert speakers(body)[0] == "Carla Fenn"


def test_a_title_told_to_is_nobodys_words_and_breaks_no_continuation():
    body = (
        "Carla Fenn spoke first. “We will win this,” Fenn told “Morning Report” on Monday. "
        "“We are ready.”"
    )
    assert attributed(body) == [
        ("We will win this,", "Carla Fenn"),
        ("Morning Report", None),
        ("We are ready.", "Carla Fenn"),
    ]


def test_a_title_told_to_leaves_the_reported_clause_after_it_to_the_speaker():
    body = "Carla Fenn spoke first. Fenn told RBC’s “Morning Report” that the count was early."
    quotes = find_quotes(body)
    [clause] = reported_clauses(body, split_sentences(body), registry_for(body), quotes)
    assert body[clause.start : clause.end] == "the count was early"
    assert clause.speaker.name == "Carla Fenn"


def test_quoted_words_after_told_that_are_no_title_stay_the_speakers_words():
    body = "Carla Fenn spoke first. Fenn told “all the voters” to come early."
    assert speakers(body) == ["Carla Fenn"]


def test_a_short_month_before_a_surname_is_a_given_name():
    body = (
        "Former Arizona governor Jan Hollis backs the plan. “It will resonate,” she said. "
        "The vote is on Jan. 5."
    )
    assert speakers(body) == ["Jan Hollis"]


# -- a surname two people of the item share: resolved only on explicit evidence ------------


def test_shared_surname_goes_to_the_one_named_in_full_just_before():
    body = (
        "Ruth Okafor opened the hearing in the morning.\n\n"
        "The committee then heard from the unions.\n\n"
        "Later, Daniel Okafor spoke about the budget. “We cannot wait,” Okafor said."
    )
    assert speakers(body) == ["Daniel Okafor"]


def test_shared_surname_stays_unresolved_when_both_are_named_just_before():
    body = (
        "Ruth Okafor and her brother Daniel Okafor spoke about the budget. "
        "“We cannot wait,” Okafor said."
    )
    assert speakers(body) == [None]


def test_shared_surname_stays_unresolved_after_a_bare_mention_that_may_be_the_other():
    body = (
        "Daniel Okafor spoke first.\n\n"
        "Okafor's speech was long, and it praised Ruth Okafor, who died in May.\n\n"
        "“We cannot wait,” Okafor said."
    )
    assert speakers(body) == [None]


def test_shared_surname_with_a_gendered_title_goes_to_the_one_of_that_gender():
    body = (
        "Daniel Okafor and his wife Ruth Okafor toured the plant. "
        "“We cannot wait,” Mrs. Okafor said. “It is too late,” Mr. Okafor said."
    )
    assert speakers(body) == ["Ruth Okafor", "Daniel Okafor"]


def test_another_and_team_before_a_surname_are_no_given_names():
    body = (
        "Ann Lee spoke first.\n\n"
        "Another Lee email praised the plan. Are you on Team Lee? "
        "“We cannot wait,” Lee said."
    )
    assert speakers(body) == ["Ann Lee"]


# -- a sentence that is only a reporting clause introduces the quote after it ---------------


@pytest.mark.parametrize(
    "clause",
    [
        "Ann Lee, the communications director for the party, said in a statement.",
        "Ann Lee said in a statement on Friday.",
        "Ann Lee told reporters on Tuesday.",
    ],
)
def test_a_reporting_clause_with_its_setting_introduces_the_next_sentence_quote(clause):
    body = f"{clause} “There are no paper ballots to recount.”"
    assert speakers(body) == ["Ann Lee"]


def test_a_reporting_clause_with_words_of_its_own_introduces_nothing():
    body = "Ann Lee said she disagreed with Jo Park. “There are no paper ballots to recount.”"
    assert speakers(body) == [None]


# -- a quoted title inside a speaker's appositive ------------------------------------------


@pytest.mark.parametrize(
    "appositive",
    [
        "wearing a cowboy hat and “Vote Lee” pins,",
        "who called the plan “a disgrace,”",
        "the author of “Better Days,”",
    ],
)
def test_a_quoted_phrase_in_the_speakers_appositive_does_not_hide_the_speaker(appositive):
    body = f"“We have had better conventions,” delegate Ann Lee, {appositive} said."
    assert speakers(body)[0] == "Ann Lee"


@pytest.mark.parametrize(
    "body",
    [
        "Matt Braynard left. “We need a bigger file,” Braynard is quoted as saying.",
        "Matt Braynard was quoted as saying, “We need a bigger file.”",
        "Matt Braynard had been quoted as telling CNN: “We need a bigger file.”",
    ],
)
def test_quoted_as_saying_reports_the_speakers_words(body):
    assert speakers(body) == ["Matt Braynard"]


def test_a_role_then_a_name_opening_the_sentence_is_the_participles_speaker():
    body = "A top aide, Mike Rubino, reached out to the firm, writing: “We need your data.”"
    assert speakers(body) == ["Mike Rubino"]


def test_a_possessive_role_naming_a_place_then_a_name_is_the_speaker():
    body = (
        "Ohio’s Republican attorney general, Ann Lee, vowed to go after "
        "“anyone who attacks our community.”"
    )
    assert speakers(body) == ["Ann Lee"]


# -- outlets that report words, and the words they relay -------------------------------------


def test_an_outlets_short_name_is_the_one_outlet_named_in_full_before_it():
    body = (
        "The mayor had used a “slush fund,” the Times reported. "
        "The Riverside Times covered the hearing. "
        "The mayor had used a “slush fund,” the Times reported. "
        "The Riverside Post and the Hillview Post covered it too. "
        "He had “no regrets,” the Post reported."
    )
    # Before the full name, or with two outlets of that name, the short name is nobody.
    assert speakers(body) == [None, "Riverside Times", None]


def test_a_quote_its_speaker_introduced_is_not_the_outlet_relaying_it():
    body = (
        "Asked about it, Ann Lee said: “There will always be exceptions,” the Riverside Times "
        "reported. Ann Lee fired back: “As a guardian of the law,” she wrote, “we stand firm.”"
    )
    # The same speaker going on after the quote is no relay.
    assert speakers(body) == [None, "Ann Lee", "Ann Lee"]


def test_an_outlet_quoting_someone_relays_their_words():
    body = (
        "The Riverside Times covered the hearing. Ann Lee is a councillor. "
        "“It just came to a head,” the Times reported, quoting Ann Lee. "
        "“It was time,” the Riverside Times reported, quoting an anonymous official."
    )
    assert speakers(body) == ["Ann Lee", None]


def test_another_role_on_a_slate_then_a_name_set_off_by_commas_is_the_speaker():
    body = "Another delegate on the Lee slate, Jim Poolman, said he was only “leaning Lee” for now."
    assert speakers(body) == ["Jim Poolman"]


def test_a_newspaper_named_press_or_globe_that_writes_is_an_organisation():
    body = (
        "At the time, his hometown Riverside Free Press wrote: “He held off because he "
        "has made it a custom not to endorse anyone.”"
    )
    assert speakers(body) == ["Riverside Free Press"]


def test_the_organization_that_wrote_is_never_the_outlet_that_reported_it():
    body = (
        "The Riverside Times reported the sale first. The Hillview Gun Group then withdrew "
        "the listing. “Our association with the seller does not help us achieve that "
        "objective,” the organization wrote."
    )
    assert speakers(body) == ["Hillview Gun Group"]


def test_a_letter_obtained_by_an_outlet_is_the_writers_not_the_outlets():
    body = (
        "The Riverside Legion complained twice. A Feb. 1 letter from the Riverside Legion "
        "obtained by the Associated Press warns that “any further communication will be "
        "through our attorney.”"
    )
    assert speakers(body) == ["Riverside Legion"]


def test_a_reporting_verb_followed_by_when_and_a_comma_reports_nothing_after_it():
    body = (
        "The Riverside Herald published the count. Ann Lee won the primary, the Riverside "
        "Herald declared on Thursday, two days after voters went to the polls."
    )
    sentences = split_sentences(body)
    clauses = reported_clauses(body, sentences, registry_for(body))
    assert [body[c.start : c.end] for c in clauses] == []


def test_an_appositive_with_a_writing_noun_is_a_description_not_a_reporting_clause():
    body = (
        "Jared Sexton teaches in Indiana. Sexton, a creative writing professor, said he holds "
        "his roots in southern Indiana “very near and dear to my heart.”"
    )
    assert speakers(body) == ["Jared Sexton"]


# -- organisations named by what the text says of them ---------------------------------------


def test_a_name_after_the_that_speaks_is_an_organisation():
    body = (
        "“Turnout was the lowest in a decade,” The Lantern reported. "
        "The Harbor Ledger says the count is “far from over.”"
    )
    assert speakers(body) == ["The Lantern", "Harbor Ledger"]


def test_a_law_a_group_a_role_or_a_word_written_in_lower_case_after_the_is_nobody():
    body = (
        "The left had its say. “Congress shall make no law,” the Constitution says. "
        "“We will appeal,” the Wexfords said. “It was close,” the Texan said. "
        "“We lost,” the Left said."
    )
    assert speakers(body) == [None, None, None, None]


def test_a_person_named_after_the_stays_the_person():
    body = "Ann Lee spoke first. “We will win,” the Ann Lee said."
    assert speakers(body) == ["Ann Lee"]


def test_an_organisation_word_inside_a_name_makes_an_organisation():
    body = (
        "Unions backed her early, with the Riverside Federation of Teachers calling her "
        "“the champion we need.”"
    )
    assert speakers(body) == ["Riverside Federation of Teachers"]


def test_a_name_written_where_only_an_organisation_stands_is_one_throughout_the_item():
    body = (
        "“The files were withheld for years,” according to Open Records Watch. "
        "“The agency never searched at all,” Open Records Watch added."
    )
    assert speakers(body) == ["Open Records Watch", "Open Records Watch"]


def test_a_single_name_word_that_reported_stays_nobody():
    # "Costa reported" is as often a reporter the item never introduced as an outlet.
    body = "“The deal is off,” Costa reported. “It is over,” according to Marlow."
    assert speakers(body) == [None, None]


def test_a_participle_after_the_quote_names_its_object_not_a_speaker():
    body = (
        "Ann Lee said the club would meet less often, but said, “It’s time we change how we "
        "do it,” promising the Friends of Harbor will return to its roots."
    )
    assert speakers(body) == ["Ann Lee"]


def test_a_phrase_opening_with_a_preposition_after_the_quote_is_not_its_speaker():
    body = (
        "Dana Ortiz spoke in Leeds. Paula Grant spoke too. "
        "The vote means “a long winter” for Ortiz, said Grant."
    )
    assert speakers(body) == ["Paula Grant"]


def test_the_object_of_a_quoted_verb_then_and_said_is_not_the_speaker():
    body = (
        "Dana Ortiz spoke in Leeds. Paula Grant spoke too. The campaign disputed that Grant "
        "had ever “insulted” Ortiz, and said the two were friends."
    )
    assert speakers(body) == [None]


def test_and_a_second_speaker_introducing_the_next_quote_is_not_the_first_quotes():
    body = (
        "Dana Ortiz accuses the mayor of “sleeping on the job” and Paula Grant says he is "
        "“out of touch” in a week of attacks."
    )
    assert speakers(body) == ["Dana Ortiz", "Paula Grant"]


def test_a_participle_after_a_sentence_opening_with_and_then_has_that_subject():
    body = (
        "Nina Ruiz posted twice on Monday.\n\nAnd then Ruiz went fully on the attack, saying, "
        "“The council has failed us.”"
    )
    assert speakers(body) == ["Nina Ruiz"]


def test_a_participle_after_an_opening_prepositional_phrase_has_the_subject_after_it():
    body = (
        "Amid calls from some to close the library, Nina Ruiz offered a defence of it, "
        "saying it was “the heart of the town.”"
    )
    assert speakers(body) == ["Nina Ruiz"]


def test_a_name_holding_a_verb_s_letters_is_read_whole():
    # "is" inside "Travis" is no verb: the subject is the whole name.
    body = "17-year-old Nina Travis echoed:\n\n“We need a full audit.”"
    assert speakers(body) == ["Nina Travis"]


def test_a_possessive_and_a_common_noun_name_no_speaker():
    body = "Nina Ruiz ran for mayor.\n\nHer campaign said the count was “a farce.”"
    assert speakers(body) == [None]


def test_words_relayed_from_an_unnamed_speaker_in_a_relative_clause_stay_unattributed():
    body = (
        "Robert Kettering was hit as he arrived for a radio show. Mr Kettering said the man, who "
        "later ran off, claimed he was “doing it in the name of peace”."
    )
    assert speakers(body) == [None]


def test_a_named_speaker_with_a_relative_clause_keeps_the_words():
    body = (
        "Robert Kettering was hit as he arrived for a radio show. Mr Kettering, who was "
        "unhurt, claimed he was “lucky to be alive”."
    )
    assert speakers(body) == ["Robert Kettering"]
