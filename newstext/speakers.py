"""Who a noun phrase names: the people and organisations of one item, and how to refer to them.

`SpeakerRegistry` is built per item. `observe()` reads the item once and learns:

- people: a run of two to four capitalised name words ("Patricia Hewitt", "Rand Paul"), with the
  titles and roles written before it stripped ("Trade and Industry Secretary Patricia Hewitt",
  "Sen. Rand Paul") and remembered as the person's roles; a title or honorific before a single
  word ("Mr Blair", "Sen. Cruz") is a mention of that surname;
- each person's gender, only from the text's own evidence: honorifics ("Mr", "Ms", "Baroness"),
  gendered nouns ("spokeswoman", "Congressman"), and he/his or she/her in sentences that
  mention that person alone;
- organisations: capitalised names ending in an organisation word ("Institute for Fiscal
  Studies", "Blackpool Hotel Association"), media names ("Washington Post", but not a role then
  a personal name: "Mayor Don Guardian" is a person), acronyms the text
  defines or spells out ("Jewish Labour Movement (JLM)"), and the known organisations passed in
  (the caller's data, with their aliases), kept whole.

`resolve()` turns the noun phrase of an attribution into a `NamedEntity`, or None when the text
gives no explicit evidence:

- a person's name, titles and roles stripped; a surname or "Mr X" resolves to the full name the
  item introduced (and never across items); a surname the item never introduced stays
  unresolved, as does a capitalised pair that is a place or an organisation; a surname two of
  the item's people share names one of them only on evidence (a gendered title that fits one,
  or the one alone named in full in this paragraph or the one before);
- "he"/"she": the most recent person of that gender (or of unknown gender, if no person of the
  other gender is nearer) among the last speaker and the people mentioned in the current and
  previous sentences; ambiguous -> None;
- spokespeople speak for their organisation ("A Labour party spokesperson", "a spokesman for the
  Institute for Fiscal Studies"); a named person is the person, whatever role follows
  ("Colin Asplin, Blackpool Hotel Association" is Colin Asplin);
- roles and titles are never entities: "the senator" is the one person the item gave that role,
  else nobody;
- "the group", "the organisation", "the party", "it" -> the organisation last quoted, if any.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import overload

from . import lexicon
from .names import ORGANISATION, PERSON, NamedEntity, expand_acronym, initials, is_acronym

__all__ = [
    "OrganisationReads",
    "SpeakerRegistry",
    "organisation_aliases",
    "person_name",
    "strip_roles",
]

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
# A word of a name: Smith, O'Brien, McDonnell, DuVernay, Kelleher-Vergantini; an initial "J.";
# an abbreviated title "Sen."; an acronym "IFS".
_NAME_WORD = rf"(?:[{_UP}](?:['’][{_UP}])?[{_LO}]+(?:[{_UP}][{_LO}]+)*(?:-[{_UP}]?[{_LO}]+)*)"
_TITLE_ABBREVIATION = "|".join(
    sorted((w.title() for w in lexicon.ABBREVIATED_TITLES), key=len, reverse=True)
)
_WORD = rf"(?:(?:{_TITLE_ABBREVIATION})\.|{_NAME_WORD}|[{_UP}]\.|[{_UP}][{_UP}&]{{1,7}}s?\b)"
_PARTICLE = (
    r"(?:de|del|della|di|da|du|van|von|der|den|la|le|bin|ibn|al|el|dos|das|y|of|for|and|the|on)"
)
_RUN_RE = re.compile(rf"(?<![\w'’-]){_WORD}(?:\s(?:{_PARTICLE}\s)?{_WORD})*(?:['’]s?)?")
# Where only an organisation stands: "according to X,", "reported by X," (X after the words),
# "X said in a statement", "X reported" (X before them); X a run of capitalised words, read
# further in `_organisations_by_context`. The words are found first, the run next to them then.
_ORG_RUN = rf"({_WORD}(?:\s(?:of|for|and|on)\s{_WORD}|\s{_WORD})+)"
_ORG_RUN_AFTER_RE = re.compile(rf"{_ORG_RUN}(?=\s*[,.;:—–]|\s*$)")
_ORG_RUN_BEFORE_RE = re.compile(rf"(?<![\w'’.-]){_ORG_RUN}\s+$")
_ORGANISATION_CONTEXT_RE = re.compile(
    r"(?<![\w'’-])(?:(?P<after>[Aa]ccording\s+to\s+|reported\s+by\s+)"
    r"|(?:said|says|stated|states)\s+in\s+(?:a|an|its)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:statement|release)(?![\w'’-])"
    r"|(?:reported|reports|has\s+reported|is\s+reporting)(?![\w'’-]))"
)
_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")
_GENDER_PRONOUN_RE = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.I)
# A lower-case word that may describe a person before their name: "Republican rival Trump".
_DESCRIPTOR_WORD_RE = re.compile(r"[a-z]+(?:-[a-z]+)?")
_NOT_DESCRIBING = lexicon.DETERMINERS | frozenset(
    ["in", "of", "from", "at", "for", "with", "by", "on", "to", "and", "or", "who"]
)
_ORG_CONNECTORS = frozenset(["of", "for", "and", "the", "on", "&"])
# Places: a run starting with one of these, or holding one of the nouns, names no person.
_PLACE_FIRST = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "middle",
        "united",
        "new",
        "upper",
        "lower",
        "greater",
        "saint",
        "st",
        "st.",
        "san",
        "santa",
        "los",
        "las",
    ]
)
_PLACE_NOUNS = frozenset(
    [
        "states",
        "kingdom",
        "republic",
        "county",
        "city",
        "district",
        "province",
        "street",
        "road",
        "square",
        "avenue",
        "island",
        "islands",
        "valley",
        "river",
        "lake",
        "mountains",
        "bay",
        "coast",
        "beach",
        "hills",
        "park",
        "airport",
        "station",
    ]
)
_ROLE_CANONICAL = {
    "sen": "senator",
    "sen.": "senator",
    "rep": "representative",
    "rep.": "representative",
    "gov": "governor",
    "gov.": "governor",
    "congressman": "representative",
    "congresswoman": "representative",
    "chairwoman": "chairman",
    "chair": "chairman",
    "chairperson": "chairman",
    "spokeswoman": "spokesman",
    "spokesperson": "spokesman",
    "secretary-general": "secretary",
}
_NEAR_SENTENCES = 3
_CAPITALISED_RE = re.compile(rf"(?<![\w'’-])[{_UP}][\w'’-]+")
_QUESTION_OPENING_RE = re.compile(
    r"\b(?:Was|Were|Is|Are|Did|Does|Do|Has|Had|Have|Will|Would|Could|Can|Should)\s+$"
)
# "The senator from Vermont", "the former governor from Ohio": a role and where it is held.
_ROLE_FROM_RE = re.compile(
    rf"[Tt]he\s+(?:former\s+)?([{_LO}-]+)\s+from\s+((?:[{_UP}][{_LO}]+)(?:\s[{_UP}][{_LO}]+)?)"
)
# How far (in characters) "the statement" still refers to the speaker last quoted.
_DOCUMENT_REACH = 600
# How far (in characters) back "the senator" looks for the senator just named.
_ROLE_REACH = 400
# "The group", "the organisation": the organisation last quoted, or the item's own.
_GENERIC_OWN = frozenset(["group", "organisation", "organization", "movement", "body"])
# Words around the owner in "a senior White House official", "one Labour party source".
_OWNER_LEAD_RE = re.compile(
    r"^(?:(?:an?|the|one|two|three|several|some|many|senior|other|top|former)(?:\s+|$))+", re.I
)
_OWNER_TAIL_RE = re.compile(r"(?:\s+|^)(?:senior|top|former|unnamed|anonymous|press)$")
_PEERAGE = frozenset(["lord", "lady", "baroness", "baron", "dame", "sir"])
_PRONOUN_GENDER = {
    **lexicon.PRONOUN_GENDER,
    "himself": lexicon.MALE,
    "herself": lexicon.FEMALE,
}


def _fold(word: str) -> str:
    return word.casefold().strip(".,'’")


def _canonical_role(folded: str) -> str:
    """The one name a role word's variants share ("congresswoman" -> "representative")."""
    return _ROLE_CANONICAL.get(folded, folded)


def _descriptor(word: str) -> str:
    """A word describing a role, folded, without a possessive ("Jersey's" -> "jersey")."""
    return re.sub(r"['’]s$", "", _fold(word))


def _gender_of_word(word: str) -> str | None:
    folded = _fold(word)
    if folded in lexicon.MALE_HONORIFICS or folded in lexicon.MALE_WORDS:
        return lexicon.MALE
    if folded in lexicon.FEMALE_HONORIFICS or folded in lexicon.FEMALE_WORDS:
        return lexicon.FEMALE
    return None


def _given_name_gender(name: str) -> str | None:
    """The usual gender of a full name's given name, if the word list knows it."""
    first = _fold(name.split()[0]) if " " in name else ""
    if first in lexicon.FEMALE_GIVEN_NAMES and first not in lexicon.MALE_GIVEN_NAMES:
        return lexicon.FEMALE
    if first in lexicon.MALE_GIVEN_NAMES and first not in lexicon.FEMALE_GIVEN_NAMES:
        return lexicon.MALE
    return None


def _is_title(word: str) -> bool:
    folded = _fold(word)
    if "-" in folded and folded.split("-", 1)[0] in lexicon.ROLE_WORDS:
        # "Editor-in-Chief", "Attorney-General": a role written as one hyphenated word.
        return True
    return (
        folded in lexicon.HONORIFICS
        or folded in lexicon.ROLE_WORDS
        or folded in lexicon.ROLE_MODIFIERS
        or folded in lexicon.ABBREVIATED_TITLES
        or folded in lexicon.MALE_WORDS
        or folded in lexicon.FEMALE_WORDS
    )


@dataclass(slots=True)
class _Person:
    name: str
    first_at: int
    roles: set[str] = field(default_factory=set)
    # Roles the text gives the person with words that describe them, and those words:
    # "Florida Sen. Marco Rubio", "Sen. Ted Cruz of Texas", "Christie, New Jersey's governor"
    # -> {"senator"} and {"florida"}, ... (`roles` holds only roles named by titles alone).
    described_roles: set[str] = field(default_factory=set)
    descriptors: set[str] = field(default_factory=set)
    votes: Counter[str] = field(default_factory=Counter)
    evidence: bool = False  # a title, honorific, role, surname reuse or gender agreement
    count: int = 0  # mentions by full name

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    @property
    def gender(self) -> str | None:
        male, female = self.votes[lexicon.MALE], self.votes[lexicon.FEMALE]
        if male > female:
            return lexicon.MALE
        if female > male:
            return lexicon.FEMALE
        return None


# (start, end, name, kind, roles, gender, (described roles, descriptors)) of a name in the text.
_Run = tuple[int, int, str, str, set[str], str | None, tuple[set[str], set[str]]]


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    name: str
    kind: str


def person_name(words: Sequence[str]) -> str | None:
    """The person's name in a run of capitalised words, or None: titles and roles before it
    ("Senate Majority Leader Mitch McConnell", "Former Arkansas Gov. Mike Huckabee") and
    post-nominals after it are dropped; what is left must be two to five name words."""
    tokens = [w.strip(",") for w in words if w.strip(",")]
    name = _person_name(tokens)
    if (
        name is None
        and len(tokens) > 2
        and _is_given_name(tokens[-2])
        and not {"and", "&"} & set(tokens)
    ):
        # "Maricopa County Recorder Helen Purcell": a role of words no list holds, then a
        # known given name and a surname; the name is those two words. Two people joined by
        # "and" are not cut down to the second.
        name = _person_name(tokens[-2:])
    return name


def _is_given_name(word: str) -> bool:
    folded = _fold(word)
    return folded in lexicon.MALE_GIVEN_NAMES or folded in lexicon.FEMALE_GIVEN_NAMES


def _person_name(tokens: list[str]) -> str | None:
    if "of" in tokens[1:]:
        # "Sen. Tom Udall of New Mexico": where the person is from may hold a word that is
        # also a title ("New"), so the titles are read before "of" when a name stands there.
        head = tokens[: tokens.index("of", 1)]
        head_titles = [i for i, token in enumerate(head[:-1]) if _is_title(token)]
        # "Secretary of State Jon Husted": a role before "of" is a title, not a name.
        if len(head) - (head_titles[-1] + 1 if head_titles else 0) >= 2 and not _is_title(head[-1]):
            tokens = head
    titles = [i for i, token in enumerate(tokens[:-1]) if _is_title(token)]
    if titles:
        tokens = tokens[titles[-1] + 1 :]
    if "of" in tokens[2:]:
        # "Sen. Tammy Baldwin of Wisconsin": the person, then where they are from.
        tokens = tokens[: tokens.index("of", 2)]
    while tokens and _fold(tokens[-1]) in lexicon.POST_NOMINALS:
        tokens.pop()
    if tokens and re.search(r"['’]s?$", tokens[-1]):
        tokens[-1] = re.sub(r"['’]s?$", "", tokens[-1])
    if not 2 <= len(tokens) <= 5:
        return None
    if _fold(tokens[0]) in _PLACE_FIRST or any(_fold(t) in _PLACE_NOUNS for t in tokens):
        return None
    if not _is_given_name(tokens[0]) and (
        _fold(tokens[-1]) in lexicon.THING_NOUNS or _fold(tokens[0]) in lexicon.CAMPAIGN_VERBS
    ):
        # "Indian Ocean", "Hunting Act", "Stop Stansted Expansion": a place, a law, a campaign.
        # A known given name is a person's evidence ("Bill Street" is someone).
        return None
    for index, token in enumerate(tokens):
        folded = _fold(token)
        if re.fullmatch(r"[A-Z]\.", token) and token is not tokens[0]:
            continue  # a middle initial ("Jill A. Martin"), not the article "a"
        if index == len(tokens) - 1 and index > 0 and _surname_after_given_name(tokens):
            continue  # "Mark Baron": a peer's title after a given name is a surname
        if folded in lexicon.NOT_NAME_WORDS and folded not in _PARTICLE_WORDS:
            return None
        if is_acronym(token.rstrip("s")) and len(token) > 2:
            return None
    if _fold(tokens[-1]) in _PARTICLE_WORDS or tokens[-1].endswith("."):
        return None
    return " ".join(tokens)


def _describing(word: str) -> bool:
    """Whether a capitalised word before a role describes it ("Florida", "New", "Republican")
    rather than being the role or a title itself ("Sen.", "Governor", "Mr")."""
    folded = _fold(word)
    return (
        word[:1].isupper()
        and folded not in lexicon.ROLE_WORDS
        and folded not in lexicon.ABBREVIATED_TITLES
        and folded not in lexicon.HONORIFICS
        and folded not in ("former", "of", "the")
    )


def _described_role(before: str, words: Sequence[str], name: str) -> tuple[set[str], set[str]]:
    """The roles the titles right before a name give the person, and the capitalised words
    right before each role that describe it: "Florida Sen. Marco Rubio", "Sen. Ted Cruz of
    Texas", "Florida governor Jeb Bush" -> ({"senator"}, {"florida"}). Only a block of titles
    that runs up to the name counts (a headline run on before it says nothing of the role)."""
    first = name.split()[0]
    at = next((i for i, w in enumerate(words) if w.strip(",") == first), 0)
    roles: set[str] = set()
    descriptors: set[str] = set()
    i = at
    while i > 0:
        folded = _fold(words[i - 1])
        if folded in lexicon.ROLE_WORDS or folded in lexicon.ABBREVIATED_TITLES:
            roles.add(_canonical_role(folded))
            i -= 1
            start = i
            while start > 0 and i - start < 3 and _describing(words[start - 1]):
                start -= 1
            descriptors |= {_descriptor(w) for w in words[start:i]}
            i = start
        elif _is_title(words[i - 1]):
            i -= 1  # "Former", "Deputy", "Mr."
        else:
            break
    lower = re.search(rf"((?:[{_UP}][\w'’.-]* ){{1,3}})(?:former )?([{_LO}-]+) *$", before)
    if at == 0 and lower and _fold(lower.group(2)) in lexicon.ROLE_WORDS:
        # "Florida governor Jeb Bush": the capitalised words before a lower-case role.
        roles.add(_canonical_role(_fold(lower.group(2))))
        descriptors |= {_descriptor(w) for w in lower.group(1).split() if _describing(w)}
    if not roles:
        return set(), set()
    rest = [w.strip(",") for w in words[at + len(name.split()) :]]
    if rest[:1] == ["of"] and len(rest) > 1:
        # "Sen. Ted Cruz of Texas": where the person holds the role.
        descriptors |= {_fold(w) for w in rest[1:] if _describing(w)}
    return roles, descriptors


_PARTY_STATE_RE = re.compile(r"\s*[(,]\s*(?:([RDI])-)?([A-Z][A-Za-z. ]{0,14}?)\.?\s*[),]")
_PARTY = {"r": "republican", "d": "democratic", "i": "independent"}


def _party_state(after: str) -> set[str]:
    """The words a US legislator's party and state after the name give ("(D-Vt.)", ", R-Texas,",
    "(Maine)") -> {"democratic", "vermont"}; empty when what follows is no US state."""
    match = _PARTY_STATE_RE.match(after)
    if match is None:
        return set()
    written = match.group(2).replace(".", "").strip().casefold()
    state = lexicon.US_STATE_ABBREVIATIONS.get(written)
    if state is None and written in lexicon.US_STATE_ABBREVIATIONS.values():
        state = written
    if state is None:
        return set()
    party = _PARTY.get(match.group(1).casefold()) if match.group(1) else None
    return set(state.split()) | ({party} if party else set())


def _surname_after_given_name(tokens: Sequence[str]) -> bool:
    """Whether a name's last word, though a peer's title or a role ("Baron", "Pope"), is a
    surname: a known given name opens the name, and a title never follows a given name."""
    first = _fold(tokens[0])
    last = _fold(tokens[-1])
    return (last in _PEERAGE or last in lexicon.ROLE_WORDS) and (
        first in lexicon.MALE_GIVEN_NAMES or first in lexicon.FEMALE_GIVEN_NAMES
    )


def _word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]


def _person_of_organisation(words: Sequence[str]) -> tuple[tuple[int, int], int] | None:
    """In a run naming an organisation, the words of a person written before it and the index
    where the organisation starts: "Marc Lasry of Avenue Capital Group" -> ((0, 2), 3). Only
    a name of two words or more that holds no organisation word counts ("Bank of England",
    "Federal Reserve Bank of New York" are no one)."""
    if "of" not in words[1:]:
        return None
    at = words.index("of", 1)
    first = 0
    if "and" in words[:at]:
        first = at - words[:at][::-1].index("and")
    head = list(words[first:at])
    if len(head) < 2 or any(
        _fold(w) in lexicon.ORGANISATION_HEADS
        or _fold(w) in lexicon.MEDIA_WORDS
        or _fold(w) in lexicon.AFFILIATION_WORDS  # "Democratic Socialists of America"
        for w in head
    ):
        return None
    name = person_name(head)
    if name is None:
        return None
    org_at = at + 1
    if org_at < len(words) and _fold(words[org_at]) == "the":
        org_at += 1
    if org_at >= len(words):
        return None
    return (first, at), org_at


def _person_pieces(
    text: str, start: int, end: int, words: Sequence[str]
) -> list[tuple[int, int, list[str]]]:
    """A run of capitalised words that is no organisation, cut into the runs that may each
    name one person: "Sen. Ted Cruz of Texas and Gov. John Kasich" is two people, and
    "Hillary Clinton on Tuesday" is Hillary Clinton ("and" and "on" join name words only in
    organisations' names, read before this)."""
    spans = _word_spans(text, start, end)
    pieces: list[tuple[int, int, list[str]]] = []
    current: list[int] = []
    for index, word in enumerate(words):
        if word == "on" and current:
            break
        if word == "and":
            if current:
                pieces.append(
                    (spans[current[0]][0], spans[current[-1]][1], [words[i] for i in current])
                )
            current = []
            continue
        current.append(index)
    if current:
        pieces.append((spans[current[0]][0], spans[current[-1]][1], [words[i] for i in current]))
    return pieces


_PARTICLE_WORDS = frozenset(
    [
        "de",
        "del",
        "della",
        "di",
        "da",
        "du",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "bin",
        "ibn",
        "al",
        "el",
        "dos",
        "das",
        "y",
    ]
)


def strip_roles(phrase: str) -> str | None:
    """The name in a phrase without roles, titles or post-nominals: "Labour leader Jeremy
    Corbyn" -> "Jeremy Corbyn"; "Mr Corbyn" -> "Corbyn"; None when the phrase holds no name."""
    words = phrase.rsplit(",", 1)[-1].split()
    while words and (not words[0][:1].isupper() or _is_title(words[0])):
        words.pop(0)
    while words and _fold(words[-1]) in lexicon.POST_NOMINALS:
        words.pop()
    if not words or len(words) > 5:
        return None
    full = person_name(words)
    if full:
        return full
    if (
        len(words) == 1
        and re.fullmatch(_NAME_WORD, words[0].rstrip("'’s"))
        and _fold(words[0]) not in lexicon.NOT_NAME_WORDS
    ):
        return words[0]
    return None


def organisation_aliases(known_entities: Iterable[NamedEntity]) -> Mapping[str, str]:
    """The known organisations' names and aliases, case-folded, to their canonical names (a name
    two organisations share is the first one's). Read only: the answer for a tuple is shared."""
    global _last_aliases
    if isinstance(known_entities, tuple):
        # An importer hands every document the same tuple until an organisation changes: thousands
        # of names at a newsroom's size, folded once rather than per document.
        last = _last_aliases
        if last is not None and last[0] is known_entities:
            return last[1]
    aliases: dict[str, str] = {}
    for entity in known_entities:
        if entity.kind == ORGANISATION:
            for alias in entity.names():
                aliases.setdefault(alias.casefold(), entity.name)
    if isinstance(known_entities, tuple):
        _last_aliases = (known_entities, aliases)
    return aliases


# The last tuple of known entities `organisation_aliases` was asked about, and its answer.
_last_aliases: tuple[tuple[NamedEntity, ...], dict[str, str]] | None = None


@dataclass(frozen=True, slots=True)
class OrganisationReads:
    """What reading an item took from the organisations it knew: the case-folded names it
    looked up (found or not) and the organisations whose every alias it listed. Whether other
    known organisations would have changed what it found follows from these alone."""

    names: frozenset[str] = frozenset()
    aliases_of: frozenset[str] = frozenset()

    def __or__(self, other: OrganisationReads) -> OrganisationReads:
        return OrganisationReads(self.names | other.names, self.aliases_of | other.aliases_of)

    def affected_by(self, before: Iterable[NamedEntity], after: Iterable[NamedEntity]) -> bool:
        """Whether reading with `after` known instead of `before` could find anything else: a
        name looked up means another organisation now, or one whose aliases were listed gained
        or lost one."""
        old, new = organisation_aliases(before), organisation_aliases(after)
        changed = {name for name in old.keys() | new.keys() if old.get(name) != new.get(name)}
        if not changed.isdisjoint(self.names):
            return True
        owners = {old[name] for name in changed if name in old}
        owners |= {new[name] for name in changed if name in new}
        return not owners.isdisjoint(self.aliases_of)


class _OrganisationNames:
    """Case-folded organisation names and aliases to canonical names, remembering what was read
    (`OrganisationReads`). Deliberately not iterable: a reading that needed every name would
    make every change to the known organisations matter, and has to say so."""

    __iter__ = None  # not iterable (a mapping that is read only by name)

    def __init__(self, known: Mapping[str, str]) -> None:
        self._names = dict(known)
        self.read: set[str] = set()
        self.listed: set[str] = set()

    @overload
    def get(self, key: str) -> str | None: ...
    @overload
    def get(self, key: str, default: str) -> str: ...
    def get(self, key: str, default: str | None = None) -> str | None:
        self.read.add(key)
        return self._names.get(key, default)

    def __getitem__(self, key: str) -> str:
        self.read.add(key)
        return self._names[key]

    def __contains__(self, key: str) -> bool:
        self.read.add(key)
        return key in self._names

    def __setitem__(self, key: str, canonical: str) -> None:
        self._names[key] = canonical

    def setdefault(self, key: str, canonical: str) -> str:
        self.read.add(key)
        return self._names.setdefault(key, canonical)

    def aliases_of(self, canonical: str) -> list[str]:
        """The names that mean `canonical`."""
        self.listed.add(canonical)
        return [alias for alias, owner in self._names.items() if owner == canonical]


class SpeakerRegistry:
    """The names of one item; resolves attribution noun phrases to entities."""

    def __init__(
        self,
        *,
        known_entities: Iterable[NamedEntity] = (),
        publisher: NamedEntity | None = None,
    ) -> None:
        # Organisation names and aliases, case-folded, to the canonical name.
        self._org_alias = _OrganisationNames(organisation_aliases(known_entities))
        self.publisher = publisher
        if publisher is not None:
            for alias in publisher.names():
                self._org_alias.setdefault(alias.casefold(), publisher.name)
        self._persons: dict[str, _Person] = {}
        self._orgs: dict[str, set[str]] = {}
        self.mentions: list[_Mention] = []
        self._sentence_starts: list[int] = [0]
        self._text = ""
        # The body with quoted words blanked (same length), once the quotes are known: a name
        # a speaker says is no one the narration refers to.
        self._narration = ""
        # People named in full by surname, built on first use after `observe`.
        self._by_surname: dict[str, list[_Person]] | None = None
        self.main_organisation: str | None = None
        self.last_speaker: NamedEntity | None = None
        self._last_speaker_at = -1
        self._used: dict[tuple[str, str], set[str]] = {}
        self._lowercase_words: set[str] = set()
        # The person an interview or speech item is about: a role no one else in the item holds
        # ("Chair of the Riverside Tenants Union tells ...") describes them.
        self.subject: NamedEntity | None = None

    # -- learning -------------------------------------------------------------------------
    def observe(self, text: str, *, title: str = "") -> None:
        """Learn the item's people and organisations from its title and body."""
        self._text = text
        self._by_surname = None
        self._sentence_starts = [0, *(m.end() for m in _SENTENCE_END_RE.finditer(text))]
        lowercase_words = set(re.findall(rf"(?<![\w'’-])[{_LO}][{_LO}'’-]+", text))
        self._lowercase_words = lowercase_words
        for match in re.finditer(
            r"((?:[A-Z][\w'’-]*\s+(?:of\s+|for\s+|the\s+|and\s+)?){1,7})\(([A-Z]{2,8})\)",
            f"{title}\n{text}",
        ):
            full = match.group(1).strip()
            acronym = match.group(2)
            words = full.split()
            for size in range(len(words), 0, -1):
                tail = " ".join(words[-size:])
                if initials(tail) == acronym and tail.split()[0].casefold() not in _ORG_CONNECTORS:
                    canonical = self._org_alias.get(tail.casefold(), tail)
                    self._org_alias.setdefault(tail.casefold(), canonical)
                    self._org_alias.setdefault(acronym.casefold(), canonical)
                    break
        for _start, _end, name, kind, *_described in self._runs(title, 0, lowercase_words):
            if kind == ORGANISATION:
                self.main_organisation = self.main_organisation or name
            elif " " in name:
                self._person_for(name, -1)  # named in the headline: known from the start
        for start, end, name, kind, roles, gender, (described, descriptors) in self._runs(
            text, 0, lowercase_words
        ):
            if kind == ORGANISATION:
                self._orgs.setdefault(name, set())
                self.mentions.append(_Mention(start, end, name, ORGANISATION))
                continue
            person = self._person_for(name, start)
            if person is None:
                continue
            person.roles |= roles
            if described and descriptors:
                person.described_roles |= described
                person.descriptors |= descriptors
            if gender:
                person.votes[gender] += 3
            given = _given_name_gender(person.name)
            if given and not person.votes[given]:
                person.votes[given] += 1
            if roles or gender or given or " " not in name:
                person.evidence = True
            self.mentions.append(_Mention(start, end, person.name, PERSON))
        self._organisations_by_context(text)
        self.mentions.sort(key=lambda m: m.start)
        self._gender_from_pronouns(text)
        if self.main_organisation is None:
            orgs = [m.name for m in self.mentions if m.kind == ORGANISATION]
            self.main_organisation = orgs[0] if orgs else None

    def _organisations_by_context(self, text: str) -> None:
        """Names of two words or more that are no person's, written where only an organisation
        stands ("according to Judicial Watch,", "Judicial Watch stated in a release", "as
        reported by Western Journalism"), are organisations throughout the item. A single word
        never is: "Costa reported" is as often a reporter as "Politico reported" an outlet."""
        for context in _ORGANISATION_CONTEXT_RE.finditer(text):
            if context.group("after"):
                match = _ORG_RUN_AFTER_RE.match(text, context.end())
            else:
                match = _ORG_RUN_BEFORE_RE.search(
                    text, max(0, context.start() - 150), context.start()
                )
            if match is None:
                continue
            name = match.group(1)
            words = name.split()
            folded = [_fold(w) for w in words]
            if (
                len(words) < 2
                or folded[0] == "the"
                or person_name(words) is not None
                # "Lord Goldsmith said in a statement": a peer's title and name are a person.
                or any(_fold(w) in lexicon.HONORIFICS for w in words)
                or name in self._persons
                or _names_no_organisation(folded)
                or self._organisation_in(words) is not None
            ):
                continue
            canonical = self._org_alias.setdefault(name.casefold(), name)
            self._orgs.setdefault(canonical, set())
            start = match.start(1)
            self.mentions.append(_Mention(start, start + len(name), canonical, ORGANISATION))

    def _runs(
        self, text: str, base: int, lowercase_words: set[str], *, offset: int | None = 0
    ) -> list[_Run]:
        """(start, end, name, kind, roles, gender, (described roles, descriptors)) of each
        person or organisation named."""
        out: list[_Run] = []
        for match in _RUN_RE.finditer(text):
            words = match.group(0).split()
            start = match.start()
            # A sentence's first word is capitalised anyway: drop it when it is an ordinary
            # word ("Asserting Clinton", "Meantime Smith", "Both Bolton").
            if self._at_sentence_start(text, start) and len(words) > 1:
                first = _fold(words[0])
                if (
                    first in lowercase_words
                    or (first.endswith("ing") and len(first) > 5)
                    or (first in lexicon.NOT_NAME_WORDS and not _is_title(words[0]))
                ):
                    start += len(words[0]) + 1
                    words = words[1:]
            org = self._organisation_in(words)
            if org is not None:
                of = _person_of_organisation(words)
                if of is not None:
                    # "Marc Lasry of Avenue Capital Group": the person, then their organisation.
                    person_at, org_at = of
                    spans = _word_spans(text, start, match.end())
                    person = self._person_run(
                        text,
                        spans[person_at[0]][0],
                        spans[person_at[1] - 1][1],
                        words[slice(*person_at)],
                    )
                    if person is not None:
                        out.append(person)
                        start = spans[org_at][0]
                        org = self._organisation_in(words[org_at:]) or org
                out.append((start, match.end(), org, ORGANISATION, set(), None, (set(), set())))
                continue
            if "and" in words and _fold(words[-1]) in lexicon.THING_NOUNS:
                # "the Serious Organised Crime and Police Bill": one law, no one in it.
                continue
            for piece_start, piece_end, piece in _person_pieces(text, start, match.end(), words):
                person = self._person_run(text, piece_start, piece_end, piece)
                if person is not None:
                    out.append(person)
        return out

    def _person_run(self, text: str, start: int, end: int, words: Sequence[str]) -> _Run | None:
        """The person a run of capitalised words (no organisation) names, with the roles and
        gender its titles and appositive give, or None."""
        roles, gender = set(), None
        before = text[max(0, start - 60) : start]
        lower_roles = re.findall(rf"\b([{_LO}-]+)\s*$", before)
        for word in [*lower_roles, *words]:
            folded = _fold(word)
            if not _is_title(word):
                break
            if folded in lexicon.ROLE_WORDS or folded in lexicon.ABBREVIATED_TITLES:
                roles.add(_canonical_role(folded))
            gender = gender or _gender_of_word(word)
        name = person_name(words)
        described_roles: set[str] = set()
        descriptors: set[str] = set()
        if name is not None:
            described_roles, descriptors = _described_role(before, words, name)
            state = _party_state(text[end : end + 24])
            if state and (roles or described_roles):
                # "Sen. Ann Lee (D-Vt.)": the senator from Vermont, and a Democrat.
                described_roles |= roles
                descriptors |= state
        follower = re.match(rf"\s+([{_LO}]+)", text[end : end + 24])
        if (
            name is not None
            and follower is not None
            and follower.group(1) in lexicon.THING_NOUNS
            and not _is_given_name(name.split()[0])
        ):
            # "King Cross station", "Woodhill prison": the name of a place, not a person.
            return None
        if (
            name is not None
            and re.search(r"(?<![\w'’-])the\s+$", text[max(0, start - 5) : start])
            and not re.match(rf"\s+[{_LO}]", text[end : end + 2])
            and _given_name_gender(name) is None
        ):
            # "the Geneva Convention", "the Rust Belt": a thing the text names, not a
            # person ("the Ann Lee campaign" is a person's, its head the lower-case word).
            return None
        if name is None:
            # "Mr Blair", "Sen. Cruz": a title before one name word is a surname mention.
            bare = [w for w in words if not _is_title(w)]
            titled = len(bare) == 1 and len(words) > 1 and _is_title(words[0])
            if titled and re.fullmatch(_NAME_WORD, bare[0].rstrip("'’s")):
                name = re.sub(r"['’]s?$", "", bare[0])
            else:
                return None
        appositive = re.match(
            r",\s+(?:the\s+|a\s+|an\s+)?([^,.;:\"“”]{3,80}?)[,.;]",
            text[end : end + 90],
        )
        if appositive:
            described: set[str] = set()
            for word in appositive.group(1).split()[:6]:
                folded = _fold(word)
                if folded in lexicon.ROLE_WORDS:
                    roles.add(_canonical_role(folded))
                    if described:
                        # "Christie, New Jersey's governor,": the words before it describe it.
                        described_roles.add(_canonical_role(folded))
                        descriptors |= described
                elif word[:1].isupper():
                    described.add(_descriptor(word))
                gender = gender or _gender_of_word(word)
        return (start, end, name, PERSON, roles, gender, (described_roles, descriptors))

    def _at_sentence_start(self, text: str, start: int) -> bool:
        before = text[max(0, start - 4) : start]
        return start == 0 or bool(re.search(r"(?:^|[.!?\n][\"'”’)]*\s+|[\"“‘(]\s*|\n)$", before))

    def _organisation_in(self, words: Sequence[str]) -> str | None:
        """The organisation a run of capitalised words names, if it names one."""
        words = list(words)
        while words and _fold(words[0]) == "the":
            words = words[1:]
        if not words:
            return None
        phrase = re.sub(r"['’]s?$", "", " ".join(words))
        known = self._org_alias.get(phrase.casefold())
        if known:
            return known
        if len(words) == 1 and is_acronym(phrase):
            return self._acronym(phrase)
        if len(words) >= 3 and any(
            _fold(words[i]) in lexicon.ORGANISATION_HEADS
            and _fold(words[i + 1]) in _ORG_CONNECTORS
            and (i == 0 or _fold(words[i + 1]) != "and")
            for i in range(len(words) - 2)
        ):
            # "Institute for Fiscal Studies", "Bank of England", and with the organisation word
            # inside the name: "American Federation of Teachers", "Illinois Board of Elections".
            return phrase
        if (
            len(words) >= 3
            and is_acronym(words[-1])
            and not _is_title(words[-1])  # "UK Independence Party MEP" is a role
            and self._organisation_in(words[:-1])
        ):
            # "Amnesty International UK": an organisation, then the country of its branch.
            return phrase
        last = _fold(words[-1])
        if last in lexicon.MEDIA_WORDS and self._role_then_person(words):
            return None  # "Mayor Don Guardian": a surname that is also a newspaper word
        if len(words) >= 2 and (last in lexicon.ORGANISATION_HEADS or last in lexicon.MEDIA_WORDS):
            # "Trade and Industry Secretary" is a role, not an organisation.
            return phrase
        return None

    def _role_then_person(self, words: Sequence[str]) -> bool:
        """Whether a run is a role word, then a name of two or more words whose first is a
        given name (a known one, or a word the item never writes in lower case): "Atlantic City
        Mayor Don Guardian", but not "Editor Daily Mail"."""
        # A role proper ("Mayor", "Sen."), not a word that only qualifies one ("New", "Former"):
        # "New York Times" is no person.
        titles = [
            i
            for i, word in enumerate(words[:-2])
            if _fold(word) in lexicon.ROLE_WORDS or _fold(word) in lexicon.ABBREVIATED_TITLES
        ]
        if not titles:
            return False
        name = list(words[titles[-1] + 1 :])
        if person_name(name) != " ".join(name):
            return False
        first = _fold(name[0])
        return (
            first in lexicon.MALE_GIVEN_NAMES
            or first in lexicon.FEMALE_GIVEN_NAMES
            or first not in self._lowercase_words
        )

    def _acronym(self, acronym: str) -> str | None:
        """The organisation an acronym stands for: a known alias, or the name the item spells
        out for it (looked up once per acronym)."""
        folded = acronym.casefold()
        if folded not in self._org_alias:
            full = expand_acronym(acronym, self._text) if self._text else None
            self._org_alias[folded] = self._org_alias.get(full.casefold(), full) if full else ""
        return self._org_alias[folded] or None

    def _person_for(self, name: str, position: int) -> _Person | None:
        if " " in name:
            surname = name.split()[-1]
            # "Hillary Clinton" after "Hillary Rodham Clinton": the same person.
            known = self._persons.get(name)
            if known is not None:
                known.count += 1
                return known
            person = _Person(name, position, count=1)
            self._persons[name] = person
            for other in self._persons.values():
                if other is not person and other.surname == surname:
                    other.evidence = person.evidence = True
            return person
        full = self._full_name(name, position)
        if full is None:
            return None
        full.evidence = True
        return full

    def _full_name(
        self, surname: str, position: int | None = None, gender: str | None = None
    ) -> _Person | None:
        """The one person introduced before `position` whose surname this is, else the one
        person the whole item names so (None if none, or if two people share it and nothing
        says which: see `_named_just_before`)."""
        named = [p for p in self._persons.values() if p.surname.casefold() == surname.casefold()]
        if len(named) > 1:
            # A capitalised ordinary word is no given name ("Team Clinton", "Absent Sanders"),
            # and a name inside a longer one is that person ("Vermonter Bernie Sanders").
            named = [
                p
                for p in named
                if not self._ordinary_first_word(p.name)
                and not any(o is not p and p.name.endswith(" " + o.name) for o in named)
            ] or named
            named = self._same_person_variants(named)
        matches = [p for p in named if position is None or p.first_at <= position]
        if not matches and len(named) == 1:
            # "Bush said ..." before the item spells out "Jeb Bush": the one person it names so.
            matches = named
        if len(matches) > 1 and position is not None:
            meant = self._named_just_before(matches, position, gender)
            if meant is not None:
                return meant
        if len(matches) > 1:
            # People sharing a surname ("Hillary Clinton", "Bill Clinton"): the bare surname is
            # the one the item names by full name most often, if there is one.
            matches.sort(key=lambda p: p.count, reverse=True)
            if matches[0].count == matches[1].count:
                return None
        return matches[0] if matches else None

    def _named_just_before(
        self, people: Sequence[_Person], position: int, gender: str | None
    ) -> _Person | None:
        """Which of several people sharing a surname a bare surname at `position` names, on
        explicit evidence only: the one a gendered title fits ("Mrs. Clinton" beside Bill and
        Hillary Clinton), else the one named in full in this paragraph or the one before, with
        no other of them named since ("Bill Clinton spoke. ... Clinton said")."""
        if gender is not None:
            fitting = [p for p in people if p.gender == gender]
            if len(fitting) == 1 and all(p.gender is not None for p in people):
                return fitting[0]
            return None
        names = {p.name: p for p in people}
        window_start = self._paragraph_before(position)
        # Mentions are in text order: only those of the window are read.
        first = bisect.bisect_left(self.mentions, window_start, key=lambda m: m.start)
        last = bisect.bisect_left(self.mentions, position, key=lambda m: m.start)
        in_window = [m for m in self.mentions[first:last] if m.name in names]
        if len({m.name for m in in_window}) != 1:
            return None  # none of them, or two of them, named just before
        meant = names[in_window[0].name]
        given = meant.name.split()[0]
        if not any(
            re.search(rf"(?<![\w'’-]){re.escape(given)}(?![\w'’-])", self._text[m.start : m.end])
            for m in in_window
        ):
            return None  # only "Mr. Clinton": no full name to go by
        # A bare surname earlier in the window may be the other one ("Murphy's speech ...
        # Anne Marie Murphy ... "...," Murphy said"); the quote's own sentence is its clause.
        sentence_start = self._sentence_starts[self._sentence_index(position)]
        surname = re.compile(rf"(?<![\w'’-]){re.escape(meant.surname)}(?![\w-])")
        for match in surname.finditer(self._text, window_start, max(window_start, sentence_start)):
            if not any(m.start <= match.start() < m.end for m in in_window):
                return None
        return meant

    def _paragraph_before(self, position: int) -> int:
        """Where the paragraph before the one holding `position` starts (blank lines skipped)."""
        text = self._text
        start = text.rfind("\n", 0, position) + 1
        end = start - 1
        while end > 0 and not text[text.rfind("\n", 0, end) + 1 : end].strip():
            end = text.rfind("\n", 0, end)
        return text.rfind("\n", 0, end) + 1 if end > 0 else 0

    @staticmethod
    def _same_person_variants(named: list[_Person]) -> list[_Person]:
        """People sharing a surname, less the ones that are another's variant: a short form of
        the given name ("Pete Smith" beside "Peter Smith") is the same person, and a capitalised
        ordinary word ("Understated Smith": an adjective, a past participle) is no given name
        beside a known one."""
        given = [_fold(p.name.split()[0]) for p in named]
        kept = [
            p
            for p, first in zip(named, given, strict=True)
            if not any(
                other != first and other.startswith(first) and len(first) >= 3 for other in given
            )
        ]
        known = [
            p
            for p in kept
            if _fold(p.name.split()[0]) in lexicon.MALE_GIVEN_NAMES
            or _fold(p.name.split()[0]) in lexicon.FEMALE_GIVEN_NAMES
        ]
        ordinary = [
            p
            for p in kept
            if re.fullmatch(r"[a-z]+(?:ed|ing|ly|ful|ous|ive|less)", _fold(p.name.split()[0]))
            or _fold(p.name.split()[0]) in lexicon.NOT_NAME_WORDS
        ]
        if len(known) == 1 and len(kept) - len(ordinary) == 1 and known[0] not in ordinary:
            return known
        return kept

    def _ordinary_first_word(self, name: str) -> bool:
        """Whether a name's first word is an ordinary word the item also writes in lower case
        and no given name ("Interestingly Blocher")."""
        first = _fold(name.split()[0])
        return (
            first in self._lowercase_words
            and first not in lexicon.MALE_GIVEN_NAMES
            and first not in lexicon.FEMALE_GIVEN_NAMES
        )

    def _gender_from_pronouns(self, text: str) -> None:
        """A sentence that mentions one person and uses he/his or she/her votes that gender."""
        starts = self._sentence_starts
        by_sentence: dict[int, set[str]] = {}
        for mention in self.mentions:
            if mention.kind == PERSON:
                by_sentence.setdefault(self._sentence_index(mention.start), set()).add(mention.name)
        for index, names in by_sentence.items():
            if len(names) != 1:
                continue
            [name] = names
            begin = starts[index]
            end = starts[index + 1] if index + 1 < len(starts) else len(text)
            counts = Counter(
                _PRONOUN_GENDER[m.group(1).casefold()]
                for m in _GENDER_PRONOUN_RE.finditer(text, begin, end)
            )
            if counts and len(counts) == 1:
                person = self._persons.get(name)
                if person is not None:
                    person.votes[next(iter(counts))] += 1
                    person.evidence = True

    def read_narration(self, masked: str) -> None:
        """Learn which words are the narrator's: `masked` is the body with quoted words blanked
        to "_", offsets unchanged."""
        self._narration = masked if len(masked) == len(self._text) else ""

    def _sentence_index(self, position: int) -> int:
        lo, hi = 0, len(self._sentence_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._sentence_starts[mid] <= position:
                lo = mid
            else:
                hi = mid - 1
        return lo

    # -- speakers -------------------------------------------------------------------------
    def note(self, speaker: NamedEntity, surface: str = "", *, position: int = -1) -> None:
        """Record an attributed speaker and the words used for it (its aliases)."""
        used = self._used.setdefault((speaker.name, speaker.kind), set())
        if surface and surface.casefold() != speaker.name.casefold():
            alias = surface.strip()
            if speaker.kind == ORGANISATION and (
                is_acronym(alias) or alias.casefold() in self._org_alias
            ):
                used.add(alias)
        if speaker.kind == ORGANISATION:
            for alias in self._org_alias.aliases_of(speaker.name):
                if alias != speaker.name.casefold():
                    used.add(
                        alias.upper()
                        if is_acronym(alias.upper()) and len(alias) <= 6
                        else _title(alias)
                    )
        self.last_speaker = speaker
        self._last_speaker_at = position
        if speaker.kind == PERSON and speaker.name in self._persons:
            self._persons[speaker.name].evidence = True

    def organisation_reads(self) -> OrganisationReads:
        """What the item's reading took from the organisations the registry was given."""
        return OrganisationReads(frozenset(self._org_alias.read), frozenset(self._org_alias.listed))

    def speakers(self) -> tuple[NamedEntity, ...]:
        return tuple(
            NamedEntity(name, kind, tuple(sorted(aliases)))
            for (name, kind), aliases in self._used.items()
        )

    def entity(self, name: str, kind: str) -> NamedEntity:
        """The entity with the aliases the item used for it."""
        aliases = self._used.get((name, kind), set())
        return NamedEntity(name, kind, tuple(sorted(aliases)))

    def organisations_in(self, text: str) -> list[str]:
        """Canonical names of the organisations `text` names, in order."""
        return [name for _s, _e, name in self.organisation_mentions(text)]

    def organisation_mentions(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, canonical name) of each organisation `text` names, in order."""
        found = []
        for match in _RUN_RE.finditer(text):
            words = match.group(0).split()
            org = self._organisation_in(words)
            if org is None:
                # "the Labour party", "Labour": a known name inside a longer run.
                for size in range(len(words), 0, -1):
                    for i in range(len(words) - size + 1):
                        org = self._org_alias.get(
                            " ".join(words[i : i + size]).strip("'’s").casefold()
                        )
                        if org:
                            break
                    if org:
                        break
            if org is not None:
                found.append((match.start(), match.end(), org))
        return found

    def resolve(self, phrase: str, *, position: int = 0) -> NamedEntity | None:
        """The entity a noun phrase names at `position` in the item body, or None."""
        phrase = re.sub(r"\s+", " ", phrase).strip(" ,.:;-–—\"'“”‘’")
        phrase = re.sub(r"^(?:and|but|while|as|then|so|also)\s+", "", phrase, flags=re.I)
        if not phrase or len(phrase) > 160:
            return None
        folded = phrase.casefold()
        if folded in lexicon.PERSON_PRONOUNS:
            return self._pronoun(lexicon.PRONOUN_GENDER[folded], position)
        if folded in ("it",):
            return self._it(position)
        words = phrase.split()
        if len(words) == 1 and folded in ("they", "i", "we", "you", "one", "who", "which"):
            return None
        if words[0].casefold() in ("his", "her", "their", "its", "our", "my", "your") and not any(
            w[:1].isupper() for w in words[1:]
        ):
            return None  # "His office", "Her campaign": whose, the phrase does not name
        # A parenthesis after a name: "Rep. Bobby Scott (D-Va.)".
        phrase = re.sub(r"\s*\([^)]*\)", "", phrase).strip()
        outlet = re.fullmatch(r"[Tt]he\s+([A-Z][a-z]+)", phrase)
        if outlet and _fold(outlet.group(1)) in lexicon.MEDIA_WORDS:
            return self._outlet(_fold(outlet.group(1)), position)
        by_type = re.fullmatch(
            r"(?:the|a|an)\s+(?:local\s+)?([a-z]+)(?:\s+(?:spokes\w+|official|source))?",
            phrase,
            re.I,
        )
        if by_type and _fold(by_type.group(1)) in lexicon.ORGANISATION_HEADS:
            return self._by_type(_fold(by_type.group(1)), position)
        spokes = self._spokesperson(phrase, position)
        if spokes is not None:
            return spokes if spokes.name else None
        return self._named(phrase, position)

    def written_name(self, phrase: str) -> tuple[str, bool] | None:
        """The name as written, when `phrase` (one `resolve` could not resolve) names a person
        by a single name word: "Trump", "Mr Trump", "Sen. Cruz" -> ("Trump", shared), where
        `shared` says that two of the item's people have that surname. None for anything else
        (pronouns, roles, spokespeople, organisations, "the Clinton campaign")."""
        phrase = re.sub(r"\s+", " ", phrase).strip(" ,.:;-–—\"'“”‘’")
        phrase = re.sub(r"\s*\([^)]*\)", "", phrase).strip()
        runs = list(_RUN_RE.finditer(phrase))
        if len(runs) != 1 or phrase[runs[0].end() :].strip():
            return None
        lead = phrase[: runs[0].start()].split()
        if len(lead) > 3 or any(
            not _DESCRIPTOR_WORD_RE.fullmatch(word) or word in _NOT_DESCRIBING for word in lead
        ):
            return None  # "a woman in Worcester": a place, not a name
        words = runs[0].group(0).split()
        bare = [w for w in words if not _is_title(w)]
        if len(bare) != 1 or (len(words) > 1 and not _is_title(words[0])):
            return None
        word = re.sub(r"['’]s?$", "", bare[0])
        folded = word.casefold()
        if (
            not re.fullmatch(_NAME_WORD, word)
            or is_acronym(word)
            or folded in self._org_alias
            or _fold(word) in lexicon.NOT_NAME_WORDS
            or _fold(word) in lexicon.PERSON_PRONOUNS
            or _fold(word) in lexicon.MEDIA_WORDS
            or _fold(word) in lexicon.AFFILIATION_WORDS
            or folded in self._lowercase_words  # "Another said", "Pollsters say"
            or any(_fold(w) in _PEERAGE for w in words)
        ):
            return None
        shared = sum(1 for p in self._persons.values() if p.surname.casefold() == folded) > 1
        return word, shared

    def _named(self, phrase: str, position: int) -> NamedEntity | None:
        from_place = _ROLE_FROM_RE.fullmatch(phrase)
        if from_place and _fold(from_place.group(1)) in lexicon.ROLE_WORDS:
            # "The senator from Vermont" is "the Vermont senator".
            held = _fold(from_place.group(1))
            place = {_fold(w) for w in from_place.group(2).split()}
            return self._described_holder(_canonical_role(held), place, position)
        role = self._role_of_organisation(phrase)
        if role is not None:
            # "Chair of the Riverside Tenants Union": a person holding a role, never the body.
            return self._role_holder(role, position)
        runs = list(_RUN_RE.finditer(phrase))
        if not runs:
            return self._role(phrase, position)
        if (
            len(runs) > 1
            and not phrase[: runs[0].start()].strip()
            and re.match(r"\s+(?:of|from)\s", phrase[runs[0].end() :])
            and person_name(runs[0].group(0).split()) is not None
        ):
            # "Ann Lee of the Riverside delegation": a named person, then where they are from.
            return self._named(runs[0].group(0), position)
        # The head of the phrase is its last capitalised run: "Labour leader Jeremy Corbyn",
        # "campaigner Ann Lee"; a run followed by a lower-case head word is a modifier:
        # "a Labour party spokesperson", "the Clinton campaign".
        run = runs[-1]
        words = run.group(0).split()
        tail = phrase[run.end() :].strip()
        org = self._organisation_in(words)
        if tail:
            tail_words = tail.split()
            head = _fold(tail_words[-1])
            if head in lexicon.ORGANISATION_HEADS or head in lexicon.MEDIA_WORDS:
                name = org or re.sub(r"^(?:The|the)\s+", "", phrase[run.start() :]).strip()
                if org is None and len(words) == 1 and self._full_name(words[0], position):
                    # "the Clinton campaign": the person's organisation, named by the text.
                    return NamedEntity(name, ORGANISATION)
                return NamedEntity(org or name, ORGANISATION)
            if any(_fold(w) in lexicon.ROLE_WORDS for w in tail_words):
                # "the Labour leader": the one person the item gave that role, else nobody.
                return self._role(phrase, position)
            return None
        if org is not None:
            of = _person_of_organisation(words)
            if of is None:
                return NamedEntity(org, ORGANISATION)
            # "Marc Lasry of Avenue Capital Group said": the person speaks, not the company.
            words = words[slice(*of[0])]
        if (
            re.match(r"[Tt]he\s", phrase)
            and len(words) > 1
            and _fold(words[-1]) in lexicon.ROLE_WORDS
            and not all(_is_title(w) for w in words if w not in ("The", "the"))
        ):
            # "the Ealing North MP": a role and where it is held, never a person's name.
            return None
        named_thing = self._named_after_the(phrase, run)
        if named_thing is not None:
            return named_thing
        person_named = person_name(words)
        if person_named is not None:
            known = self._persons.get(person_named)
            if known is None:
                # "Sen. Patty Murray" after "Patty Murray", or the other way round.
                folded = person_named.casefold()
                for candidate in self._persons.values():
                    other = candidate.name.casefold()
                    if other.endswith(" " + folded) or folded.endswith(" " + other):
                        known = candidate
                        break
            return NamedEntity(known.name if known else person_named, PERSON)
        bare = [w for w in words if not _is_title(w)]
        if len(bare) == 1:
            word = re.sub(r"['’]s?$", "", bare[0])
            if is_acronym(word):
                full = self._acronym(word)
                return NamedEntity(full, ORGANISATION) if full else None
            if self._org_alias.get(word.casefold()):
                return NamedEntity(self._org_alias[word.casefold()], ORGANISATION)
            titled_gender = _gender_of_word(words[0]) if len(words) > 1 else None
            person = self._full_name(word, position, titled_gender)
            if person is not None:
                gender = titled_gender
                if gender and person.gender and gender != person.gender:
                    return None
                return NamedEntity(person.name, PERSON)
            if len(words) == 1 and not any(
                p.surname.casefold() == word.casefold() for p in self._persons.values()
            ):
                # "Hillary shot back": a given name alone is the one person the item introduced
                # with it, before this point; two such people leave it unresolved.
                given = [
                    p
                    for p in self._persons.values()
                    if p.name.split()[0].casefold() == word.casefold() and p.first_at < position
                ]
                if len(given) == 1 and _fold(word) not in lexicon.NOT_NAME_WORDS:
                    return NamedEntity(given[0].name, PERSON)
            peer = [w for w in words[:-1] if _fold(w) in _PEERAGE]
            if peer and len(words) >= 2:
                # "Lord Bach", "Baroness Smith": a peer's title and name are the name.
                return NamedEntity(f"{peer[-1]} {word}", PERSON)
            return None
        return None

    def _named_after_the(self, phrase: str, run: re.Match[str]) -> NamedEntity | None:
        """ "The Hill reported", "the White House says", "the Daily Caller said": a name after
        "the" that speaks is an organisation (a person's name takes no article, and a place,
        a law or a group of people does not speak so), named as written without the article
        when more than one word is left ("Daily Caller"), with it otherwise ("The Hill")."""
        article = re.match(r"[Tt]he\s+", phrase)
        if article is None:
            return None
        words = phrase[article.end() :].split()
        if run.group(0).split()[0] in ("The", "the"):
            if run.start() != 0:
                return None
        elif run.start() != article.end():
            return None
        if not words or re.search(r"['’]s?$", words[-1]):
            return None  # "the Clintons' lawyer" is cut off before its head
        folded = [_fold(w) for w in words]
        if _names_no_organisation(folded) or folded[-1] in lexicon.LAW_AND_DOCUMENT_WORDS:
            return None
        if folded[0] in lexicon.MALE_GIVEN_NAMES or folded[0] in lexicon.FEMALE_GIVEN_NAMES:
            return None  # "the Ann Lee who spoke": a person however written
        if len(words) == 1:
            word = words[0]
            if (
                is_acronym(word)  # an acronym the item never spells out stays nobody
                or re.search(r"(?:s|an|ese|ish|ic|er)$", word)  # "the Clintons", "the Texan"
                or folded[0] in self._lowercase_words  # "the Left", "the Establishment"
                or any(p.surname.casefold() == word.casefold() for p in self._persons.values())
            ):
                return None
            return NamedEntity(f"The {word}", ORGANISATION)
        return NamedEntity(" ".join(words), ORGANISATION)

    def _by_type(self, noun: str, position: int) -> NamedEntity | None:
        """ "The council said", "a union spokesman": the organisation of that type the item
        named last before `position`, or the organisation last quoted if it is one of those
        ("the group"); never an organisation named by its type alone, which would make every
        council one entity."""
        for mention in reversed(self.mentions):
            if mention.start >= position:
                continue
            if mention.kind == ORGANISATION and _fold(mention.name.split()[-1]) == noun:
                return NamedEntity(mention.name, ORGANISATION)
        later = {
            m.name
            for m in self.mentions
            if m.kind == ORGANISATION and _fold(m.name.split()[-1]) == noun
        }
        if len(later) == 1:
            return NamedEntity(later.pop(), ORGANISATION)
        if noun in _GENERIC_OWN:
            return self.generic(noun)
        return None

    def _outlet(self, word: str, position: int) -> NamedEntity | None:
        """ "The Times reported", "the Post said": the one outlet the item named in full before
        `position` whose name ends in that word ("The New York Times"). Two such outlets ("The
        Washington Post", "the New York Post") or none leave it unresolved: the short name is
        only ever a second mention."""
        outlets = {
            m.name
            for m in self.mentions
            if m.start < position
            and m.kind == ORGANISATION
            and " " in m.name
            and _fold(m.name.split()[-1]) == word
        }
        return NamedEntity(outlets.pop(), ORGANISATION) if len(outlets) == 1 else None

    def _spokesperson(self, phrase: str, position: int) -> NamedEntity | None:
        """ "A Labour spokesperson", "a spokesman for the IFS", "White House officials": the
        organisation (or the person) they speak for. An empty name means: a spokesperson of
        someone the text does not name (no speaker)."""
        words = phrase.split()
        folded = [_fold(w) for w in words]
        spokes = [
            i
            for i, w in enumerate(folded)
            if w in lexicon.SPOKESPERSON_WORDS or w in ("spokesman", "spokeswoman")
        ]
        if not spokes:
            return None
        i = spokes[-1]
        after = words[i + 1 :]
        if after and _fold(after[0]) in ("for", "of", "at", "to", "with"):
            owner = " ".join(after[1:])
        elif after and any(w[:1].isupper() for w in after):
            # "spokesman Josh Earnest": the named person.
            named = self._named(" ".join(after), position)
            return named or NamedEntity("", PERSON)
        else:
            owner = " ".join(words[:i])
        owner = re.sub(_OWNER_LEAD_RE, "", owner).strip()
        owner = re.sub(_OWNER_TAIL_RE, "", owner).strip()
        if not owner or not any(w[:1].isupper() for w in owner.split()):
            return NamedEntity("", ORGANISATION)
        resolved = self._named(owner, position)
        if resolved is None:
            words = owner.split()
            org = self._organisation_in(words)
            if org:
                return NamedEntity(org, ORGANISATION)
            caps = [w for w in words if w[:1].isupper()]
            if len(caps) == 1:
                person = self._full_name(caps[0], position)
                if person is not None:
                    return NamedEntity(person.name, PERSON)  # "a Clinton spokesman"
                if re.search(r"(?:ic|an|ish|ese|ist)$", caps[0]) and not is_acronym(caps[0]):
                    return NamedEntity("", ORGANISATION)  # "a Democratic spokesman"
            if (caps and len(caps) == len(words)) or len(caps) >= 2:
                # "a Home Office spokeswoman", "a Pentagon spokesman": the name the text gives.
                return NamedEntity(" ".join(words), ORGANISATION)
            return NamedEntity("", ORGANISATION)
        return resolved

    def _role_of_organisation(self, phrase: str) -> str | None:
        """The role in "(the) [modifiers] ROLE of/for/at ORGANISATION", or None."""
        words = phrase.split()
        for i, word in enumerate(words[:4]):
            folded = _fold(word)
            if folded in lexicon.DETERMINERS or folded in lexicon.ROLE_MODIFIERS:
                continue
            if (
                folded in lexicon.ROLE_WORDS
                and i + 2 < len(words)
                and _fold(words[i + 1]) in ("of", "for", "at")
                and self._organisation_in(words[i + 2 :]) is not None
            ):
                return _canonical_role(folded)
            return None
        return None

    def _role_holder(
        self, role: str, position: int, *, excluded: frozenset[str] = frozenset()
    ) -> NamedEntity | None:
        """The one person the item gave `role` before `position`, leaving out the `excluded`
        people; else the item's subject when no one in the item holds that role; else nobody."""
        people = [p for p in self._persons.values() if p.name not in excluded]
        holders = [p for p in people if role in p.roles]
        # "World Bank President Jim Yong Kim" holds a described role: never "the president"
        # alone, but another one the text may mean by it ("the senator" beside "Florida Sen.
        # Marco Rubio" and "Sen. Ted Cruz").
        described = [
            p
            for p in people
            if role in p.described_roles and role not in p.roles and p.first_at < position
        ]
        earlier = [p for p in holders if p.first_at < position]
        if len(earlier) == 1 and not described:
            return NamedEntity(earlier[0].name, PERSON)
        earlier += described
        if len(earlier) == 1:
            return None
        if len(earlier) > 1:
            # Several senators: "the senator" is the one of them the text has just named (this
            # sentence or the one before), the way a reader takes it; two named there -> nobody.
            sentence = self._sentence_index(position)
            window_start = max(self._sentence_starts[max(0, sentence - 1)], position - _ROLE_REACH)
            window = self._text[window_start:position]
            surnames = Counter(p.surname.casefold() for p in earlier)
            near = [
                p
                for p in earlier
                if surnames[p.surname.casefold()] == 1
                and re.search(rf"(?<![\w'’-]){re.escape(p.surname)}(?![\w-])", window)
            ]
            if len(near) == 1:
                return NamedEntity(near[0].name, PERSON)
            return None
        if (
            not holders
            and not described
            and not excluded
            and self.subject is not None
            and self.subject.kind == PERSON
        ):
            return self.subject
        return None

    def _role(self, phrase: str, position: int) -> NamedEntity | None:
        """ "The senator", "the former secretary": the one person the item gave that role."""
        words = [_fold(w) for w in phrase.split()]
        if not words or words[0] not in ("the",):
            return None
        if words[-1] in lexicon.DOCUMENT_NOUNS and len(words) == 2:
            # "the statement went on": whoever was just quoted issuing it, if just quoted.
            if 0 <= position - self._last_speaker_at < _DOCUMENT_REACH:
                return self.last_speaker
            return None
        heads = {_canonical_role(w) for w in words if w in lexicon.ROLE_WORDS}
        if not heads or len(words) > 4:
            return None
        head = _canonical_role(words[-1])
        if head not in heads:
            return None
        described = {
            w for w, raw in zip(words[1:-1], phrase.split()[1:-1], strict=True) if _describing(raw)
        }
        if described:
            return self._described_holder(head, described, position)
        return self._role_holder(head, position)

    def _described_holder(
        self, role: str, described: set[str], position: int
    ) -> NamedEntity | None:
        """ "The Texas senator": the one person in the item the text gave that role with those
        words ("Texas Sen. Ted Cruz", "Sen. Ted Cruz of Texas"), named before `position`. A
        description no one was given ("the Mexican president") is nobody, not the one
        president the item names."""
        fitting = [
            p
            for p in self._persons.values()
            if role in p.described_roles and described <= p.descriptors
        ]
        if len(fitting) == 1 and fitting[0].first_at < position:
            return NamedEntity(fitting[0].name, PERSON)
        if fitting:
            return None
        # No one was described so: "the Colorado senator" is read as "the senator" is (the one
        # senator, or the one just named), among the senators the text did not describe
        # otherwise ("Florida Sen. Ann Ross" is not the Colorado senator).
        otherwise = frozenset(
            p.name
            for p in self._persons.values()
            if p.descriptors and (role in p.roles or role in p.described_roles)
        )
        return self._role_holder(role, position, excluded=otherwise)

    def _pronoun(self, gender: str, position: int) -> NamedEntity | None:
        """The person a he/she refers to, by gender and recency; None when ambiguous."""
        sentence = self._sentence_index(position)
        window_start = self._sentence_starts[max(0, sentence - _NEAR_SENTENCES)]
        candidates: list[tuple[int, str]] = [
            (m.start, m.name)
            for m in self.mentions
            if m.kind == PERSON
            and window_start <= m.start < position
            and self._persons[m.name].evidence
        ]
        last = self.last_speaker
        if last is not None and last.kind == PERSON and self._last_speaker_at < position:
            candidates.append((max(self._last_speaker_at, window_start - 1), last.name))
        candidates.sort()
        seen: list[str] = []
        for _at, name in reversed(candidates):
            if name not in seen:
                seen.append(name)
        matching = [n for n in seen if self._gender(n) == gender]
        unknown = [n for n in seen if self._gender(n) is None]
        if matching:
            nearest = matching[0]
            if self._two_named_before(gender, position):
                return None
            # A nearer person of unknown gender makes it ambiguous.
            nearer_unknown = [n for n in unknown if seen.index(n) < seen.index(nearest)]
            if nearer_unknown:
                return None
            last_named = max(at for at, name in candidates if name == nearest)
            if self._other_named_by_surname(nearest, gender, last_named, position):
                return None
            return NamedEntity(nearest, PERSON)
        if len(unknown) == 1 and len(seen) == 1:
            return NamedEntity(unknown[0], PERSON)
        return None

    def _other_named_by_surname(self, nearest: str, gender: str, start: int, end: int) -> bool:
        """Whether the narration between start and end names someone else who may be a he/she
        of `gender` by surname alone ("Tom Walker met Bob Jones. Jones left early. He said"):
        the name runs record no mention for a bare surname, so the nearest person named in full
        is not the nearest person named, and word order alone cannot say which is meant."""
        if self._by_surname is None:
            self._by_surname = {}
            for person in self._persons.values():
                if " " in person.name:
                    self._by_surname.setdefault(person.surname, []).append(person)
        if not self._by_surname:
            return False
        text = self._narration or self._text
        for match in _CAPITALISED_RE.finditer(text, max(start, 0), end):
            people = self._by_surname.get(match.group(0))
            if not people or not self._subject_at(text, match.start()):
                continue  # an object or an owner ("met Jones", "Jones's aides") is no subject
            if any(p.name != nearest and p.gender in (gender, None) for p in people):
                return True
        return False

    def _subject_at(self, text: str, start: int) -> bool:
        """Whether a name at `start` opens its sentence, or follows the auxiliary opening a
        question ("Was Jones satisfied?")."""
        if self._at_sentence_start(text, start):
            return True
        opening = _QUESTION_OPENING_RE.search(text, max(0, start - 12), start)
        return opening is not None and self._at_sentence_start(text, opening.start())

    def _two_named_before(self, gender: str, position: int) -> bool:
        """Whether the pronoun's own sentence, before it, names two people it may refer to
        ("Bush went after Trump at the debate, when he called ..."): word order alone does not
        say which, whether they are named in full or by surname."""
        start = self._sentence_starts[self._sentence_index(position)]
        words = set(re.findall(rf"[{_UP}][\w'’-]+", self._text[start:position]))
        named = {
            p.surname
            for p in self._persons.values()
            if p.surname in words and p.gender in (gender, None)
        }
        return len(named) > 1

    def _gender(self, name: str) -> str | None:
        person = self._persons.get(name)
        return person.gender if person else None

    def _it(self, position: int) -> NamedEntity | None:
        last = self.last_speaker
        if (
            last is not None
            and last.kind == ORGANISATION
            and 0 <= position - self._last_speaker_at < 600
        ):
            return last
        return None

    def generic(self, noun: str) -> NamedEntity | None:
        """ "The group", "the party": the organisation last quoted, if it is one of those."""
        last = self.last_speaker
        if noun in _GENERIC_OWN:
            # An outlet reports on the group; it is never "the group" itself.
            if last is not None and last.kind == ORGANISATION and not _is_outlet(last.name):
                return last
            own = [self.main_organisation or ""] + [
                m.name for m in self.mentions if m.kind == ORGANISATION
            ]
            main = next((name for name in own if name and not _is_outlet(name)), None)
            if main:
                return NamedEntity(main, ORGANISATION)
        return None


def _names_no_organisation(folded: Sequence[str]) -> bool:
    """Whether a capitalised name (its words case-folded) holds a role, a title, a place, a side
    or a date, and so names a person, a place or a time rather than an organisation."""
    return any(
        w in lexicon.ROLE_WORDS
        or w in lexicon.ABBREVIATED_TITLES
        or w in lexicon.ROLE_MODIFIERS
        or w in lexicon.PLACE_WORDS
        or w in _PLACE_FIRST
        or w in _PLACE_NOUNS
        or w in lexicon.AFFILIATION_WORDS
        or w in lexicon.MONTHS
        or w in lexicon.WEEKDAYS
        for w in folded
    )


def _is_outlet(name: str) -> bool:
    """Does an organisation's name end as a newspaper's or an agency's does ("The Riverside
    Herald", "Associated Press")?"""
    return _fold(name.split()[-1]) in lexicon.MEDIA_WORDS


def _title(alias: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in alias.split())
