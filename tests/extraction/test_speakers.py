"""Speaker names: roles stripped, aliases merged, kinds decided, surnames kept to their item."""

import pytest

from newstext.names import ORGANISATION, PERSON, NamedEntity, expand_acronym, initials
from newstext.pipeline import extract_document
from newstext.speakers import SpeakerRegistry, strip_roles


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("Labour leader Jeremy Corbyn", "Jeremy Corbyn"),
        ("the National Chair of JLM, Ivor Caplin", "Ivor Caplin"),
        ("Luciana Berger MP", "Luciana Berger"),
        ("Mr Corbyn", "Corbyn"),
        ("Former Arkansas Gov. Mike Huckabee", "Mike Huckabee"),
        ("Comedian Dana Whitfield", "Dana Whitfield"),
        ("John McDonnell", "John McDonnell"),
        ("the Labour leader", None),
    ],
)
def test_strip_roles(phrase, name):
    assert strip_roles(phrase) == name


def registry(text, title="", known=()):
    reg = SpeakerRegistry(known_entities=known)
    reg.observe(text, title=title)
    return reg


def test_surname_and_honorific_resolve_to_full_name_mentioned_earlier():
    reg = registry("Jeremy Corbyn spoke. Later Mr Corbyn left.")
    assert reg.resolve("Mr Corbyn", position=30) == NamedEntity("Jeremy Corbyn", PERSON)
    assert reg.resolve("Corbyn", position=30) == NamedEntity("Jeremy Corbyn", PERSON)


def test_a_surname_the_item_never_introduced_is_nobody():
    reg = registry("The minister spoke. Later Mr Corbyn left.")
    assert reg.resolve("Corbyn", position=30) is None


def test_two_people_sharing_a_surname_make_a_bare_surname_ambiguous():
    reg = registry("Ruth Kelly met Lorraine Kelly on the sofa.")
    assert reg.resolve("Kelly", position=40) is None
    assert reg.resolve("Ms Kelly", position=40) is None


def test_acronym_and_full_name_are_one_organisation():
    reg = registry("The Campaign Against Hunger (CAH) met. CAH said so.")
    assert reg.resolve("CAH") == NamedEntity("Campaign Against Hunger", ORGANISATION)
    assert reg.resolve("the Campaign Against Hunger") == reg.resolve("CAH")


def test_acronym_expands_by_initials_of_a_name_in_the_text():
    reg = registry("Members of the Green Valley Trust met. GVT then voted.")
    assert reg.resolve("GVT") == NamedEntity("Green Valley Trust", ORGANISATION)


def test_acronym_helpers():
    assert initials("Institute for Fiscal Studies") == "IFS"
    assert expand_acronym("IFS", "a report by the Institute for Fiscal Studies") == (
        "Institute for Fiscal Studies"
    )
    assert expand_acronym("JLM", "the Jewish Labour Movement (JLM) said") == (
        "Jewish Labour Movement"
    )


def test_known_aliases_merge_without_a_definition():
    known = [NamedEntity("Jewish Labour Movement", ORGANISATION, ("JLM", "Poale Zion"))]
    reg = registry("Poale Zion was founded long ago.", known=known)
    assert reg.resolve("JLM") == NamedEntity("Jewish Labour Movement", ORGANISATION)
    assert reg.resolve("Poale Zion") == NamedEntity("Jewish Labour Movement", ORGANISATION)


def test_spokesperson_speaks_for_the_organisation():
    known = [NamedEntity("Jewish Labour Movement", ORGANISATION, ("JLM",))]
    reg = registry("Text.", known=known)
    assert reg.resolve("A JLM spokesman") == NamedEntity("Jewish Labour Movement", ORGANISATION)
    assert reg.resolve("a spokeswoman for the Bank of England") == NamedEntity(
        "Bank of England", ORGANISATION
    )


def test_speakers_carry_the_aliases_the_item_used():
    reg = registry("Jeremy Corbyn spoke. The Jewish Labour Movement (JLM) replied.")
    reg.note(reg.resolve("Corbyn", position=50), "Corbyn")
    reg.note(reg.resolve("JLM"), "JLM")
    speakers = {s.name: s for s in reg.speakers()}
    # A surname is never an alias: it would match other people of that name elsewhere.
    assert speakers["Jeremy Corbyn"].aliases == ()
    assert "JLM" in speakers["Jewish Labour Movement"].aliases
    assert speakers["Jewish Labour Movement"].kind == ORGANISATION


def test_first_person_and_junk_phrases_resolve_to_nobody():
    reg = registry("Text.")
    for phrase in ("I", "we", "", "   ", "“”", "x" * 500):
        assert reg.resolve(phrase) is None


def test_a_surname_before_the_full_name_resolves_to_the_one_person_named_so():
    reg = registry("Bush said no. Later Jeb Bush left.")
    assert reg.resolve("Bush", position=0) == NamedEntity("Jeb Bush", PERSON)


def test_a_surname_before_two_full_names_sharing_it_stays_ambiguous():
    reg = registry("Bush said no. Jeb Bush and Laura Bush left.")
    assert reg.resolve("Bush", position=0) is None


def test_capitalised_ordinary_words_before_a_surname_make_no_second_person():
    reg = registry("Anne Blocher spoke; then Another Blocher came, another day.")
    assert reg.resolve("Blocher", position=60) == NamedEntity("Anne Blocher", PERSON)


def test_a_demonym_before_a_full_name_makes_no_second_person():
    reg = registry("Tennessean Bernard Sandoz spoke. Bernard Sandoz left.")
    assert reg.resolve("Sandoz", position=60) == NamedEntity("Bernard Sandoz", PERSON)


def test_a_particle_surname_matches_whatever_its_capitalisation():
    reg = registry("Mayor Bill de Blasio spoke. De Blasio left.")
    assert reg.resolve("De Blasio", position=30) == NamedEntity("Bill de Blasio", PERSON)


def test_a_short_form_of_a_given_name_is_the_same_person():
    reg = registry("Kenneth Marlow opened the hearing. Later, Ken Marlow closed it.")
    assert reg.resolve("Marlow", position=70) == NamedEntity("Kenneth Marlow", PERSON)


def test_an_adjective_before_a_surname_is_no_given_name_beside_a_known_one():
    reg = registry("Understated Quist spoke first. Thomas Quist is the mayor.")
    assert reg.resolve("Quist", position=60) == NamedEntity("Thomas Quist", PERSON)


def test_two_given_names_sharing_a_surname_stay_ambiguous_whatever_the_word_lists_know():
    reg = registry("Dick Harrow and Liz Harrow both ran for the seat.")
    assert reg.resolve("Harrow", position=48) is None


def test_a_named_person_of_a_place_whose_name_holds_a_title_word_is_the_person():
    # "New" also modifies roles ("the new chairman"); after "of" it starts a place.
    reg = registry("Sen. Orla Brandt of New Mexico spoke.")
    assert reg.resolve("Sen. Orla Brandt of New Mexico", position=40) == NamedEntity(
        "Orla Brandt", PERSON
    )


def test_a_named_person_of_an_organisation_is_the_person():
    reg = registry("Tobias Renn of the Lakeside delegation spoke.")
    assert reg.resolve("Tobias Renn of the Lakeside", position=40) == NamedEntity(
        "Tobias Renn", PERSON
    )
    assert reg.resolve("Secretary of State Tobias Renn", position=40) == NamedEntity(
        "Tobias Renn", PERSON
    )


def test_a_capitalised_pair_after_the_is_a_thing_not_a_person():
    text = "He knows nobody respects the Harbor Accord. He said so."
    assert registry(text).resolve("he", position=len(text)) is None


def test_a_person_named_as_the_modifier_after_the_is_still_the_person():
    reg = registry("Staff of the Ann Lark campaign left. Lark said so.")
    assert reg.resolve("Lark", position=40) == NamedEntity("Ann Lark", PERSON)


def test_a_given_name_alone_is_the_one_person_introduced_with_it():
    reg = registry("Dorota Wenzel spoke first. Later, Dorota left.")
    assert reg.resolve("Dorota", position=30) == NamedEntity("Dorota Wenzel", PERSON)


def test_a_given_name_two_people_share_is_nobody():
    reg = registry("Dorota Wenzel and Dorota Pike spoke. Later, Dorota left.")
    assert reg.resolve("Dorota", position=45) is None


def test_a_family_name_written_first_resolves_by_its_first_word():
    reg = registry("Wen Liqiang, a scholar, spoke. Wen said the vote was close.")
    assert reg.resolve("Wen", position=40) == NamedEntity("Wen Liqiang", PERSON)


def test_a_name_followed_by_on_and_a_day_is_still_introduced():
    reg = registry("Senator Ann Lee on Tuesday said the vote would fail. Later Lee left.")
    assert reg.resolve("Lee", position=60) == NamedEntity("Ann Lee", PERSON)


def test_an_organisation_named_with_on_is_still_an_organisation():
    reg = registry("The Council on Foreign Relations said so.")
    assert reg.resolve("the Council on Foreign Relations", position=30) == NamedEntity(
        "Council on Foreign Relations", ORGANISATION
    )


def test_a_hyphenated_role_before_a_name_is_stripped():
    reg = registry(
        "In a statement, Gazette Editor-in-Chief Dana Ruiz said it was ready. Ruiz left."
    )
    assert reg.resolve("Ruiz", position=70) == NamedEntity("Dana Ruiz", PERSON)


def test_two_people_joined_by_and_are_each_introduced():
    reg = registry(
        "Sen. Ann Lee of Ohio and Gov. Jo Baker met the donors, as did Maria Diaz and Tom Reyes. "
        "Baker and Reyes left later."
    )
    assert reg.resolve("Baker", position=100) == NamedEntity("Jo Baker", PERSON)
    assert reg.resolve("Reyes", position=100) == NamedEntity("Tom Reyes", PERSON)
    assert reg.resolve("Lee", position=100) == NamedEntity("Ann Lee", PERSON)


def test_an_organisation_named_with_and_stays_whole():
    reg = registry("The Department of Health and Human Services said so.")
    assert reg.resolve("the Department of Health and Human Services", position=40) == (
        NamedEntity("Department of Health and Human Services", ORGANISATION)
    )


def test_a_person_of_an_organisation_is_the_person_and_the_organisation():
    reg = registry(
        "Donors include Wendell Stone of Hilltop Capital Group. Stone said it was fine.",
    )
    assert reg.resolve("Stone", position=60) == NamedEntity("Wendell Stone", PERSON)
    assert reg.resolve("Wendell Stone of Hilltop Capital Group", position=60) == NamedEntity(
        "Wendell Stone", PERSON
    )
    assert reg.resolve("the Bank of England", position=60) == NamedEntity(
        "Bank of England", ORGANISATION
    )


def test_a_party_word_before_of_is_an_organisation_not_a_person():
    reg = registry("The Democratic Socialists of Ruritania Inc said so.")
    assert reg.resolve("Democratic Socialists of Ruritania Inc", position=40) == NamedEntity(
        "Democratic Socialists of Ruritania Inc", ORGANISATION
    )


# Whether other known organisations could change what a page yields (a document extracted
# before others added organisations is extracted again only if so).
TRUST_PAGE = (
    "Harbour news\n\nQuay to close, says trust\n\n"
    '"Repairs would cost 4 million pounds, twice what the quay earns in ten years," the Harbour '
    "Trust said on Monday.\n"
)
TRUST = NamedEntity("Harbour Trust", ORGANISATION, ("HT",))


def test_an_alias_added_to_an_organisation_the_page_quotes_changes_what_it_yields():
    after = (NamedEntity("Harbour Trust", ORGANISATION, ("HT", "Port Trust")),)
    extraction = extract_document(TRUST_PAGE, filename="p.txt", known_entities=(TRUST,))
    assert extraction.depends_on_known((TRUST,), after)
    # Its claimant carries the aliases the registry lists for it: the new one too.
    assert extract_document(TRUST_PAGE, filename="p.txt", known_entities=after) != extraction


def test_an_organisation_the_page_never_looks_up_changes_nothing_it_yields():
    after = (TRUST, NamedEntity("Quarry Board", ORGANISATION, ("QB",)))
    extraction = extract_document(TRUST_PAGE, filename="p.txt", known_entities=(TRUST,))
    assert not extraction.depends_on_known((TRUST,), after)
    assert extract_document(TRUST_PAGE, filename="p.txt", known_entities=after) == extraction


def test_a_shared_alias_that_now_means_another_organisation_changes_what_the_page_yields():
    port = NamedEntity("Aardvark Port Authority", ORGANISATION, ("Harbour Trust",))
    extraction = extract_document(TRUST_PAGE, filename="p.txt", known_entities=(TRUST,))
    # The first organisation to claim a name keeps it: listed first, "Harbour Trust" is now
    # the port authority's.
    assert extraction.depends_on_known((TRUST,), (port, TRUST))
    assert not extraction.depends_on_known((TRUST,), (TRUST, port))
    assert extract_document(TRUST_PAGE, filename="p.txt", known_entities=(port, TRUST)) != (
        extraction
    )


def test_she_does_not_resolve_to_a_man_known_by_his_given_name():
    reg = registry("“We will rebuild,” said Don Harlow. “It will take years,” she said.")
    reg.note(NamedEntity("Don Harlow", PERSON), position=20)
    assert reg.resolve("she", position=59) is None


# -- a role word before a personal name makes a person ------------------------------------


def test_a_role_then_a_name_ending_in_a_newspaper_word_is_that_person():
    body = (
        "“We will rebuild the boardwalk,” said Harbor City Mayor Don Tribune. Tribune was "
        "elected in May. “It will take years,” Tribune said."
    )
    reg = registry(body)
    assert reg.resolve("Harbor City Mayor Don Tribune", position=60) == NamedEntity(
        "Don Tribune", PERSON
    )
    assert reg.resolve("Tribune", position=len(body)) == NamedEntity("Don Tribune", PERSON)


def test_a_newspaper_named_after_a_place_stays_an_organisation():
    reg = registry("“The figures are wrong,” said the New York Times.")
    assert reg.resolve("the New York Times", position=40) == NamedEntity(
        "New York Times", ORGANISATION
    )


def test_a_peer_title_after_a_given_name_is_a_surname():
    reg = registry("Editor Mark Baron said: “We stand by every word.”")
    assert reg.resolve("Editor Mark Baron", position=20) == NamedEntity("Mark Baron", PERSON)


def test_a_role_word_after_a_given_name_is_a_surname():
    reg = registry("“The numbers are down,” Susan Bishop, a county clerk, said on Monday.")
    assert reg.resolve("Susan Bishop", position=30) == NamedEntity("Susan Bishop", PERSON)


def test_a_role_before_of_is_a_title_not_a_name():
    reg = registry("Democratic Secretary of State Paul Okafor praised the count.")
    assert reg.resolve("Okafor", position=50) == NamedEntity("Paul Okafor", PERSON)


def test_a_role_no_list_holds_before_a_given_name_and_surname_is_dropped():
    reg = registry("“We counted twice,” Harris County Registrar Laura Vance said.")
    assert reg.resolve("Harris County Registrar Laura Vance", position=25) == NamedEntity(
        "Laura Vance", PERSON
    )
    # Without a given name the list knows, the words are not cut into a name.
    reg = registry("“We counted twice,” Harris County Registrar Kel Vance said.")
    assert reg.resolve("Harris County Registrar Kel Vance", position=25) is None
    # Two people who wrote together are not cut down to the second.
    reg = registry("“We counted twice,” Ann Ortiz and Laura Vance wrote.")
    assert reg.resolve("Ann Ortiz and Laura Vance", position=25) is None


def speaker_entities(body):
    from newstext.attribution import attribute_quotes
    from newstext.quotes import find_quotes
    from newstext.sentences import split_sentences

    reg = registry(body)
    return [
        a.speaker
        for a in attribute_quotes(body, find_quotes(body), reg, sentences=split_sentences(body))
    ]


@pytest.mark.parametrize(
    ("body", "said"),
    [
        # A law named in the sentence is no "he".
        (
            "Farm leader Tom Price said the rally showed “a rural community united”. People had "
            "come “to show the Grazing Act was a bad law”, he said.",
            ["Tom Price", "Tom Price"],
        ),
        # A prison whose sentence says "he": the next "he said" is not the prison's.
        (
            "The inspector visited Eastfield Prison, where he spoke to guards. “We found "
            "nothing,” he said.",
            [None],
        ),
        # A service named by its day: the sentence's "his" makes it no man.
        (
            "The archbishop will repeat his stance in his Easter Dawn Mass. He criticised the "
            "“waste” of money.",
            [None],
        ),
        # A place written before a lower-case place noun.
        (
            "Dana Ortiz met her son at Queen Cross station. She said: “It was the best day.”",
            ["Dana Ortiz"],
        ),
    ],
)
def test_a_place_a_law_or_a_building_is_no_person_a_pronoun_can_refer_to(body, said):
    assert [s.name if s else None for s in speaker_entities(body)] == said


def test_a_law_whose_name_holds_and_names_no_one_in_it():
    reg = registry("His party will amend the Serious Harm and Policing Bill next week.")
    assert [m.name for m in reg.mentions if m.kind == PERSON] == []


def test_a_known_given_name_before_a_place_noun_is_still_a_person():
    body = "Nathan Port, a teacher, spoke first. “The school is full,” said Nathan Port."
    assert speaker_entities(body) == [NamedEntity("Nathan Port", PERSON)]


def test_a_campaign_named_by_a_verb_is_no_person():
    body = "Protesters from Stop Newtown Expansion said: “The runway must not be built.”"
    assert speaker_entities(body) == [None]


def test_an_organisation_then_its_country_is_the_organisation():
    body = "Amnesty International UK said the detention was “unlawful”."
    assert speaker_entities(body) == [NamedEntity("Amnesty International UK", ORGANISATION)]


def test_a_peer_speaking_in_a_statement_is_a_person():
    body = "Lord Gaverick said in a statement: “The advice was sound.”"
    assert speaker_entities(body) == [NamedEntity("Lord Gaverick", PERSON)]


def test_the_mp_for_a_place_is_the_one_person_given_that_role_there_or_nobody():
    body = "Mr Pound spoke in Ealing North. “It was a happy ending,” said the Ealing North MP."
    assert speaker_entities(body) == [None]
