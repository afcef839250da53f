"""Speaker names: roles stripped, aliases merged, kinds decided."""

import pytest

from newstext.speakers import ORGANISATION, PERSON, Speaker, SpeakerRegistry, strip_roles


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("Labour leader Jeremy Corbyn", "Jeremy Corbyn"),
        ("the National Chair of JLM, Ivor Caplin", "Ivor Caplin"),
        ("JLM NW Education Officer Richard Gold", "Richard Gold"),
        ("Luciana Berger MP", "Luciana Berger"),
        ("Mr Corbyn", "Corbyn"),
        ("John McDonnell", "John McDonnell"),
        ("the Labour leader", None),
    ],
)
def test_strip_roles(phrase, name):
    assert strip_roles(phrase) == name


def registry(text, title=""):
    reg = SpeakerRegistry()
    reg.observe(text, title=title)
    return reg


def test_surname_and_honorific_resolve_to_full_name_mentioned_earlier():
    reg = registry("Jeremy Corbyn spoke. Later Mr Corbyn left.")
    assert reg.resolve("Mr Corbyn") == Speaker("Jeremy Corbyn", PERSON)
    assert reg.resolve("Corbyn") == Speaker("Jeremy Corbyn", PERSON)


def test_acronym_and_full_name_are_one_organisation():
    reg = registry("The Campaign Against Hunger (CAH) met. CAH said so.")
    assert reg.resolve("CAH") == Speaker("Campaign Against Hunger", ORGANISATION)
    assert reg.resolve("the Campaign Against Hunger") == reg.resolve("CAH")


def test_acronym_expands_by_initials_of_a_name_in_the_text():
    reg = registry("Members of the Green Valley Trust met. GVT then voted.")
    assert reg.resolve("GVT") == Speaker("Green Valley Trust", ORGANISATION)


def test_known_aliases_merge_without_a_definition():
    reg = registry("Poale Zion was founded long ago.")
    assert reg.resolve("JLM") == Speaker("Jewish Labour Movement", ORGANISATION)
    assert reg.resolve("Poale Zion") == Speaker("Jewish Labour Movement", ORGANISATION)


def test_spokesperson_speaks_for_the_organisation():
    reg = registry("Text.")
    assert reg.resolve("A JLM spokesman") == Speaker("Jewish Labour Movement", ORGANISATION)
    assert reg.resolve("a Labour party spokesperson") == Speaker("Labour Party", ORGANISATION)


def test_generic_group_is_the_main_organisation_from_the_title():
    reg = registry("The group met and the organisation voted.", title="Unite Union strikes")
    assert reg.resolve("the group") == Speaker("Unite Union", ORGANISATION)


def test_bare_role_resolves_to_the_person_given_that_role():
    reg = registry("Labour leader Jeremy Corbyn arrived. Jane Roe spoke.")
    assert reg.resolve("The Labour leader") == Speaker("Jeremy Corbyn", PERSON)


def test_pronoun_prefers_person_named_earlier_in_the_same_sentence():
    text = "Jane Roe spoke. Complaints against Peter Willsman, where he referred to it."
    reg = registry(text)
    reg.note(Speaker("Jane Roe", PERSON))
    assert reg.resolve("he", position=text.index("he r"), sentence_start=16).name == (
        "Peter Willsman"
    )
    assert reg.resolve("he", position=10, sentence_start=0).name == "Jane Roe"


def test_speakers_carry_their_aliases():
    reg = registry("Jeremy Corbyn spoke. The Jewish Labour Movement (JLM) replied.")
    reg.note(reg.resolve("Corbyn"), "Corbyn")
    reg.note(reg.resolve("JLM"), "JLM")
    speakers = {s.name: s for s in reg.speakers()}
    assert "Corbyn" in speakers["Jeremy Corbyn"].aliases
    assert "JLM" in speakers["Jewish Labour Movement"].aliases
    assert speakers["Jewish Labour Movement"].kind == ORGANISATION


def test_first_person_and_junk_phrases_resolve_to_nobody():
    reg = registry("Text.")
    for phrase in ("I", "we", "", "   ", "“”", "x" * 500):
        assert reg.resolve(phrase) is None
