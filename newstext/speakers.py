"""Speakers: who a noun phrase names, whether a person or an organisation, and their aliases.

`SpeakerRegistry` is built per item. `observe()` reads the item once to learn its names: person
names (two or more capitalised words that are not role, organisation or place words), acronym
definitions ("Jewish Labour Movement (JLM)"), roles given to people ("Labour leader Jeremy
Corbyn", "the National Chair of JLM, Ivor Caplin") and where each person and organisation is
mentioned. `resolve()` then turns the noun phrase of an attribution into a `Speaker`:

- titles and roles are stripped: "Labour leader Jeremy Corbyn" -> Jeremy Corbyn, "Luciana Berger
  MP" -> Luciana Berger, "Mr Corbyn" -> Corbyn -> Jeremy Corbyn (a surname alone resolves to the
  full name mentioned in the item);
- spokespeople speak for their organisation: "A Labour party spokesperson" -> Labour Party,
  "A JLM spokesman" -> Jewish Labour Movement;
- an organisation the item names only by its type ("A council spokesperson said", "the council
  said") is the item's organisation of that type if it names one ("Hackney Council"), else an
  organisation named by the type, capitalised ("Council"): the best name the text gives. Such
  entities are not told apart across pages; an editor can rename or merge them;
- acronyms and full names merge: JLM = Jewish Labour Movement (by the item's own definition, by
  initials of a name in the item, or by `KNOWN_ORGANISATIONS`);
- "he"/"she" -> the person mentioned earlier in the same sentence, else the most recent person
  speaker, else the most recent person mentioned; "they"/"it" -> the most recent organisation
  speaker;
- "the group", "the organisation", "the movement" -> the item's main organisation (the first named
  in the title); "the statement", "the letter" -> the most recent speaker; "the party", "the
  union" -> the most recent organisation whose name contains that word;
- a bare role ("The Labour leader", "Chair of the Jewish Labour Movement") -> the person the item
  gave that role to, else the most recent person speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .metadata import expand_acronym

__all__ = [
    "KNOWN_ORGANISATIONS",
    "ORGANISATION",
    "PERSON",
    "Speaker",
    "SpeakerRegistry",
    "strip_roles",
]

PERSON = "person"
ORGANISATION = "organisation"

# Seed vocabulary: organisations whose other names a page may use without defining them. The
# importer can pass the database's Entity aliases instead.
KNOWN_ORGANISATIONS: Mapping[str, tuple[str, ...]] = {
    "Jewish Labour Movement": ("JLM", "Poale Zion", "Paole Zion", "Jewish Socialist Labour Party"),
    "Labour Party": ("Labour", "Labour party", "The Labour Party"),
    "National Executive Committee": ("NEC",),
    "Parliamentary Labour Party": ("PLP",),
}

HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "sir",
        "lord",
        "lady",
        "baroness",
        "baron",
        "dame",
        "cllr",
        "councillor",
        "rt",
        "hon",
        "prof",
        "professor",
        "rabbi",
        "rev",
        "reverend",
    ]
)
_POST_NOMINALS = frozenset(
    ["mp", "mk", "mep", "msp", "am", "ms", "qc", "kc", "obe", "cbe", "mbe", "frs", "phd"]
)
ROLE_HEADS = frozenset(
    [
        "leader",
        "chair",
        "chairman",
        "chairwoman",
        "chairperson",
        "president",
        "secretary",
        "treasurer",
        "officer",
        "minister",
        "whip",
        "mayor",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "director",
        "head",
        "founder",
        "candidate",
        "ceo",
        "editor",
        "correspondent",
        "reporter",
        "chancellor",
        "governor",
        "councillor",
        "member",
        "actor",
    ]
)
_ROLE_WORDS = ROLE_HEADS | frozenset(
    [
        "vice",
        "deputy",
        "general",
        "national",
        "parliamentary",
        "shadow",
        "prime",
        "home",
        "foreign",
        "chief",
        "executive",
        "education",
        "fundraising",
        "events",
        "youth",
        "students",
        "membership",
        "non-portfolio",
        "regional",
        "region",
        "labour",
        "jewish",
        "conservative",
        "tory",
        "liberal",
        "democrat",
        "green",
        "party",
        "movement",
        "former",
        "new",
        "senior",
        "acting",
        "interim",
        "assistant",
        "joint",
        "co-chair",
        "lead",
        "state",
        "of",
        "for",
        "the",
        "a",
        "an",
        "and",
        "nw",
        "ne",
        "sw",
        "se",
        "uk",
        "british",
        "israeli",
    ]
)
ORG_HEADS = frozenset(
    [
        "movement",
        "party",
        "union",
        "committee",
        "council",
        "trust",
        "group",
        "association",
        "society",
        "federation",
        "board",
        "foundation",
        "institute",
        "commission",
        "office",
        "department",
        "ministry",
        "government",
        "agency",
        "alliance",
        "league",
        "network",
        "coalition",
        "campaign",
        "club",
        "company",
        "corporation",
        "bank",
        "university",
        "college",
        "school",
        "church",
        "synagogue",
        "charity",
        "fund",
        "service",
        "services",
        "forum",
        "assembly",
        "parliament",
        "congress",
        "court",
        "police",
        "organisation",
        "organization",
        "centre",
        "center",
        "news",
        "times",
        "post",
        "guardian",
        "telegraph",
        "bbc",
        "itv",
        "reuters",
        "cabinet",
        "executive",
    ]
)
# Capitalised words that are not parts of a person's name.
_NOT_NAME = (
    _ROLE_WORDS
    | ORG_HEADS
    | HONORIFICS
    | frozenset(
        [
            "the",
            "a",
            "an",
            "in",
            "on",
            "at",
            "it",
            "its",
            "this",
            "that",
            "these",
            "those",
            "we",
            "our",
            "they",
            "he",
            "she",
            "i",
            "and",
            "but",
            "so",
            "if",
            "as",
            "last",
            "next",
            "first",
            "second",
            "third",
            "new",
            "old",
            "north",
            "south",
            "east",
            "west",
            "middle",
            "europe",
            "european",
            "london",
            "manchester",
            "brighton",
            "westminster",
            "britain",
            "england",
            "scotland",
            "wales",
            "israel",
            "international",
            "holocaust",
            "remembrance",
            "community",
            "security",
            "equalities",
            "human",
            "rights",
            "constitutional",
            "sub",
            "conference",
            "programme",
            "today",
            "radio",
            "twitter",
            "sky",
            "street",
            "square",
            "green",
            "commons",
            "opposition",
            "downing",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "statement",
            "press",
            "release",
            "report",
            "annual",
            "speech",
            "letter",
            "message",
            "messages",
            "socialist",
            "inquiry",
            "antisemitism",
            "anti-semitism",
            "islamophobia",
            "working",
            "vision",
            "tackling",
            "celebrating",
            "remembering",
            "support",
            "thank",
            "please",
            "read",
            "click",
            "share",
            "however",
            "meanwhile",
            "earlier",
            "claiming",
            "saying",
            "writing",
            "following",
            "since",
            "whilst",
            "while",
            "although",
            "despite",
            "after",
            "before",
            "when",
            "where",
            "what",
            "why",
            "how",
            "who",
            "which",
            "there",
            "here",
            "yes",
            "no",
            "not",
            "all",
            "every",
            "any",
            "some",
            "many",
            "most",
            "more",
            "one",
            "two",
            "three",
            "dear",
            "friends",
            "mr.",
            "mrs.",
            "dr.",
            "st",
            "state",
            "is",
            "was",
            "are",
            "were",
            "be",
            "been",
            "has",
            "have",
            "had",
            "do",
            "does",
            "did",
            "can",
            "could",
            "will",
            "would",
            "should",
            "might",
            "must",
            "shall",
            "also",
            "towards",
            "certainly",
            "call",
            "missed",
            "check",
            "look",
            "let",
            "yet",
            "just",
            "only",
            "even",
            "still",
            "now",
            "then",
            "thus",
            "hence",
            "indeed",
            "perhaps",
            "originally",
            "generations",
            "furthermore",
            "furthemore",
            "historically",
            "sadly",
            "put",
        ]
    )
)
PRONOUNS = {
    "he": PERSON,
    "she": PERSON,
    "him": PERSON,
    "her": PERSON,
    "they": ORGANISATION,
    "it": ORGANISATION,
}
GENERIC_MAIN = frozenset(["group", "organisation", "organization", "movement", "body"])
# Organisation-name endings that are newspapers' names, not kinds of organisation.
_MEDIA_HEADS = frozenset(["news", "times", "post", "guardian", "telegraph"])
# Words before an organisation word that make the phrase no name: "another council", "its union".
_NOT_ORG_MODIFIERS = frozenset(
    ["another", "other", "its", "their", "his", "her", "our", "this", "that", "every", "each"]
)
GENERIC_LAST_SPEAKER = frozenset(["statement", "letter", "message", "email", "report", "note"])
_SPOKES_RE = re.compile(
    r"^(?:an?\s+|the\s+)?(?P<org>.+?)\s+(?:spokes(?:man|woman|person|people)|source|sources|"
    r"official|officials|insider|representative|aide|press\s+office)$",
    re.I,
)
# "Chair of the Jewish Labour Movement", "the National Chair of JLM": a role, not the organisation.
_ROLE_OF_RE = re.compile(
    rf"^(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){{0,3}}(?:{'|'.join(sorted(ROLE_HEADS))})\s+(?:of|for|at)\s+",
    re.I,
)
_GENERIC_RE = re.compile(r"^(?:the|this|that|its|their)\s+(?P<noun>[a-z]+)$", re.I)
# Surnames such as McDonnell, MacPherson, O'Brien, Smith-Jones.
_NAME_TOKEN = r"(?:[A-Z]['’])?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)*"
_CAP_RUN_RE = re.compile(rf"\b{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,4}}\b")
_ACRONYM_DEF_RE = re.compile(
    r"((?:[A-Z][\w'’-]*\s+(?:of\s+|for\s+|the\s+|and\s+)?){1,6}[A-Z][\w'’-]*)\s+\(([A-Z]{2,6})\)"
)
_ACRONYM_RE = re.compile(r"\b[A-Z]{2,6}\b")
_ORG_NAME_RE = re.compile(
    rf"\b(?:{_NAME_TOKEN}\s+){{0,4}}(?:{'|'.join(sorted(h.title() for h in ORG_HEADS))})\b"
)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person or an organisation, with the other names it goes by in the text."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass(slots=True)
class _Entity:
    name: str
    kind: str
    aliases: set[str] = field(default_factory=set)

    def freeze(self) -> Speaker:
        aliases = sorted(a for a in self.aliases if a.casefold() != self.name.casefold())
        return Speaker(self.name, self.kind, tuple(aliases))


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\w'’.-]+", text)


def _clean_token(token: str) -> str:
    return re.sub(r"['’]s$", "", token).strip(".'’-")


def strip_roles(phrase: str) -> str | None:
    """The person's name at the end of a phrase, without roles, titles or post-nominals:
    "Labour leader Jeremy Corbyn" -> "Jeremy Corbyn"; "Luciana Berger MP" -> "Luciana Berger";
    "Mr Corbyn" -> "Corbyn". None when the phrase holds no name."""
    phrase = phrase.rsplit(",", 1)[-1] if "," in phrase else phrase
    tokens = [_clean_token(t) for t in _tokens(phrase)]
    tokens = [t for t in tokens if t]
    while tokens and tokens[-1].casefold() in _POST_NOMINALS:
        tokens.pop()
    name: list[str] = []
    for token in reversed(tokens):
        if not re.fullmatch(_NAME_TOKEN, token) or token.casefold() in _NOT_NAME:
            break
        name.append(token)
    name.reverse()
    if not name or len(name) > 4:
        return None
    return " ".join(name)


class SpeakerRegistry:
    """Names, aliases and mentions of one item; resolves attribution noun phrases."""

    def __init__(
        self,
        *,
        known_organisations: Mapping[str, Sequence[str]] = KNOWN_ORGANISATIONS,
        publisher: Speaker | None = None,
    ) -> None:
        self._entities: dict[tuple[str, str], _Entity] = {}
        self._org_alias: dict[str, str] = {}
        for name, aliases in known_organisations.items():
            for alias in (name, *aliases):
                self._org_alias[alias.casefold()] = name
        self.publisher = publisher
        if publisher is not None:
            self._add(publisher.name, ORGANISATION, publisher.aliases)
            for alias in (publisher.name, *publisher.aliases):
                self._org_alias.setdefault(alias.casefold(), publisher.name)
        self._persons: list[str] = []
        self._person_counts: dict[str, int] = {}
        self._roles: list[tuple[frozenset[str], str]] = []
        # (start, end, name, kind) in text order.
        self.mentions: list[tuple[int, int, str, str]] = []
        self.main_organisation: str | None = None
        self.last_person_speaker: str | None = None
        self.last_org_speaker: str | None = None
        self.last_speaker: Speaker | None = None
        self._text = ""

    # -- learning -------------------------------------------------------------------------
    def observe(self, text: str, *, title: str = "") -> None:
        """Learn the item's names from its title and body (body offsets are kept)."""
        self._text = text
        for source in (title, text):
            for match in _ACRONYM_DEF_RE.finditer(source):
                full, acronym = match.group(1).strip(), match.group(2)
                full = re.sub(r"^(?:The|the)\s+", "", full)
                if _initials(full).endswith(acronym) and len(_initials(full)) >= len(acronym):
                    full = " ".join(full.split()[-_word_span(full, acronym) :])
                    canonical = self._org_alias.get(full.casefold(), full)
                    self._org_alias.setdefault(acronym.casefold(), canonical)
                    self._org_alias.setdefault(full.casefold(), canonical)
        title_orgs = self._find_orgs(title)
        if title_orgs:
            self.main_organisation = title_orgs[0][2]
        orgs = self._find_orgs(text)
        for start, end, name in orgs:
            self.mentions.append((start, end, name, ORGANISATION))
        for match in _CAP_RUN_RE.finditer(text):
            for start, end, name in _person_runs(match):
                # "Riverside Tenants" in "the Riverside Tenants Union" is not a person.
                if any(lo <= start and end <= hi for lo, hi, _org in orgs):
                    continue
                self._learn_person(name, text, start)
                self.mentions.append((start, end, self._person_canonical(name), PERSON))
        self.mentions.sort()
        if self.main_organisation is None:
            orgs = [m for m in self.mentions if m[3] == ORGANISATION]
            self.main_organisation = orgs[0][2] if orgs else None

    def _learn_person(self, name: str, text: str, start: int) -> None:
        if name not in self._persons:
            self._persons.append(name)
        self._person_counts[name] = self._person_counts.get(name, 0) + 1
        entity = self._add(name, PERSON, ())
        entity.aliases.add(name.split()[-1])
        before = text[max(0, start - 80) : start]
        role = re.search(r"((?:[\w'’-]+\s+){1,6}?)(?:,\s*)?$", before)
        if role:
            words = {_clean_token(t).casefold() for t in _tokens(role.group(1))}
            if words & ROLE_HEADS:
                self._roles.append((frozenset(words), name))

    def _person_canonical(self, name: str) -> str:
        parts = name.split()
        if len(parts) == 1:
            return self._surname(name) or name
        return name

    def _surname(self, surname: str) -> str | None:
        """The full name a surname stands for: the most mentioned, then the latest."""
        matches = [
            full
            for full in self._persons
            if full.split()[-1].casefold() == surname.casefold() and full != surname
        ]
        if not matches:
            return None
        return max(reversed(matches), key=lambda full: self._person_counts.get(full, 0))

    def organisations_in(self, text: str) -> list[str]:
        """Canonical names of the organisations `text` mentions, in order."""
        return [name for _start, _end, name in self._find_orgs(text)]

    def organisation_mentions(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, canonical name) of each organisation `text` mentions, in order."""
        return self._find_orgs(text)

    def _find_orgs(self, text: str) -> list[tuple[int, int, str]]:
        found: list[tuple[int, int, str]] = []
        for match in _ORG_NAME_RE.finditer(text):
            phrase = re.sub(r"^(?:The|the)\s+", "", match.group(0))
            canonical = self._org_name(phrase)
            if canonical:
                found.append((match.end() - len(phrase), match.end(), canonical))
        for match in _ACRONYM_RE.finditer(text):
            canonical = self._org_name(match.group(0))
            if canonical:
                found.append((match.start(), match.end(), canonical))
        for alias, canonical in self._org_alias.items():
            if " " in alias or alias.isupper():
                continue
            for match in re.finditer(rf"\b{re.escape(alias)}\b", text, re.I):
                if text[match.start()].isupper():
                    found.append((match.start(), match.end(), canonical))
        found.sort()
        # Keep the longest mention where mentions overlap.
        kept: list[tuple[int, int, str]] = []
        for item in found:
            if kept and item[0] < kept[-1][1]:
                if item[1] - item[0] > kept[-1][1] - kept[-1][0]:
                    kept[-1] = item
                continue
            kept.append(item)
        return kept

    def _org_name(self, phrase: str) -> str | None:
        phrase = phrase.strip()
        if not phrase:
            return None
        known = self._org_alias.get(phrase.casefold())
        if known:
            return known
        if re.fullmatch(r"[A-Z]{2,6}", phrase):
            full = expand_acronym(phrase, self._text) if self._text else None
            if full:
                canonical = self._org_alias.get(full.casefold(), full)
                self._org_alias[phrase.casefold()] = canonical
                return canonical
            return None
        words = phrase.split()
        if any(w.casefold() in _NOT_ORG_MODIFIERS for w in words):
            return None  # "their union", "another council": a reference, not a name
        if len(words) >= 2 and words[-1].casefold() in ORG_HEADS:
            return " ".join(w[:1].upper() + w[1:] for w in words)
        return None

    def _add(self, name: str, kind: str, aliases: Iterable[str]) -> _Entity:
        entity = self._entities.setdefault((kind, name), _Entity(name, kind))
        entity.aliases.update(aliases)
        return entity

    # -- resolving ------------------------------------------------------------------------
    def note(self, speaker: Speaker, surface: str = "") -> None:
        """Record an attributed speaker (pronouns and "the statement" refer back to it)."""
        entity = self._add(speaker.name, speaker.kind, ())
        if surface and surface.casefold() not in PRONOUNS and not _GENERIC_RE.match(surface):
            entity.aliases.add(surface)
        for alias, canonical in self._org_alias.items():
            if canonical == speaker.name and speaker.kind == ORGANISATION:
                entity.aliases.add(alias.upper() if len(alias) <= 6 else _title(alias))
        if speaker.kind == PERSON:
            self.last_person_speaker = speaker.name
        else:
            self.last_org_speaker = speaker.name
        self.last_speaker = speaker

    def speakers(self) -> tuple[Speaker, ...]:
        return tuple(e.freeze() for e in self._entities.values())

    def resolve(self, phrase: str, *, position: int = 0, sentence_start: int = 0) -> Speaker | None:
        """The speaker a noun phrase names at `position` in the item body, or None."""
        phrase = re.sub(r"\s+", " ", phrase).strip(" ,.:;-–—\"'“”‘’")
        phrase = re.sub(r"^(?:and|but|while|as|then|so)\s+", "", phrase, flags=re.I)
        if not phrase or len(phrase) > 120:
            return None
        folded = phrase.casefold()
        if folded in PRONOUNS:
            return self._pronoun(folded, position, sentence_start)
        if folded in ("i", "we", "me", "you", "us"):
            return None
        if _ROLE_OF_RE.match(phrase):
            return self._role(phrase)
        spokes = _SPOKES_RE.match(phrase)
        if spokes:
            return self._organisation(spokes.group("org"), position)
        generic = _GENERIC_RE.match(phrase)
        if generic:
            resolved = self._generic(generic.group("noun").casefold(), position)
            if resolved is None and generic.group(0).split()[0].casefold() == "the":
                resolved = _unnamed_organisation(generic.group("noun"))
            if resolved is not None:
                return resolved
        org = self._organisation(phrase, position, strict=True)
        if org:
            return org
        name = strip_roles(phrase)
        if name:
            return self._person(name, phrase)
        return self._role(phrase)

    def _pronoun(self, pronoun: str, position: int, sentence_start: int) -> Speaker | None:
        if PRONOUNS[pronoun] == PERSON:
            in_sentence = [
                m for m in self.mentions if m[3] == PERSON and sentence_start <= m[0] < position
            ]
            if in_sentence:
                return Speaker(in_sentence[-1][2], PERSON)
            if self.last_person_speaker:
                return Speaker(self.last_person_speaker, PERSON)
            earlier = [m for m in self.mentions if m[3] == PERSON and m[0] < position]
            return Speaker(earlier[-1][2], PERSON) if earlier else None
        if self.last_org_speaker:
            return Speaker(self.last_org_speaker, ORGANISATION)
        return None

    def _generic(self, noun: str, position: int) -> Speaker | None:
        if noun in GENERIC_MAIN:
            name = self.main_organisation or self.last_org_speaker
            return Speaker(name, ORGANISATION) if name else None
        if noun in GENERIC_LAST_SPEAKER:
            if self.last_speaker:
                return self.last_speaker
            return Speaker(self.main_organisation, ORGANISATION) if self.main_organisation else None
        if noun in ORG_HEADS:
            for start, _end, name, kind in reversed(self.mentions):
                if kind == ORGANISATION and start < position and noun in name.casefold().split():
                    return Speaker(name, ORGANISATION)
            for alias, name in self._org_alias.items():
                if noun in name.casefold().split() and noun == alias.split()[-1].casefold():
                    return Speaker(name, ORGANISATION)
        return None

    def _organisation(self, phrase: str, position: int, *, strict: bool = False) -> Speaker | None:
        phrase = re.sub(r"^(?:an?|the)\s+", "", phrase.strip(), flags=re.I)
        phrase = re.sub(r"['’]s$", "", phrase)
        name = self._org_name(phrase)
        if name is None and not strict:
            generic = self._generic(phrase.casefold(), position)
            if generic:
                return generic
            words = phrase.split()
            # "A Labour party spokesperson": try the longest known tail, then each word.
            for i in range(len(words)):
                name = self._org_name(" ".join(words[i:]))
                if name:
                    break
            if name is None:
                return _unnamed_organisation(phrase)
        return Speaker(name, ORGANISATION) if name else None

    def _person(self, name: str, phrase: str) -> Speaker | None:
        if len(name.split()) == 1:
            full = self._surname(name)
            if full:
                return Speaker(full, PERSON)
            org = self._org_alias.get(name.casefold())
            if org:
                return Speaker(org, ORGANISATION)
            honorific = re.search(rf"\b(Lord|Lady|Baroness|Dame|Sir)\s+{re.escape(name)}\b", phrase)
            if honorific:
                return Speaker(honorific.group(0), PERSON)
        return Speaker(name, PERSON)

    def _role(self, phrase: str) -> Speaker | None:
        words = {_clean_token(t).casefold() for t in _tokens(phrase)}
        heads = words & ROLE_HEADS
        if not heads:
            return None
        for role_words, name in reversed(self._roles):
            if heads & role_words:
                return Speaker(name, PERSON)
        if self.last_person_speaker:
            return Speaker(self.last_person_speaker, PERSON)
        return None


def _unnamed_organisation(phrase: str) -> Speaker | None:
    """An organisation the item names only by its type: "a council spokesperson", "the council
    said", "a local council spokesperson". It becomes an organisation named by those words,
    capitalised ("Council", "Local Council"): the best name the text gives. Nothing here names the
    place (an item that does, "Hackney Council", resolves to that name before this is tried),
    so items about different councils that never name them share this entity. Generic words that
    stand for the item's own organisation ("the group", "the movement") and the names of media
    ("news", "post") are not organisations on their own."""
    words = phrase.split()
    if not 1 <= len(words) <= 3 or not all(re.fullmatch(r"[a-z][a-z-]*", w) for w in words):
        return None
    head = words[-1]
    if head not in ORG_HEADS or head in GENERIC_MAIN or head in _MEDIA_HEADS:
        return None
    return Speaker(" ".join(w[:1].upper() + w[1:] for w in words), ORGANISATION)


def _person_runs(match: re.Match[str]) -> list[tuple[int, int, str]]:
    """Runs of 2-4 name-like tokens inside a run of capitalised words."""
    out = []
    run: list[re.Match[str]] = []
    for token in [*re.finditer(_NAME_TOKEN, match.group(0)), None]:
        word = token.group(0) if token else ""
        if (
            token
            and _clean_token(word).casefold() not in _NOT_NAME
            and not word.endswith(("’s", "'s"))
        ):
            run.append(token)
            continue
        if token and run and word.endswith(("’s", "'s")) and word[:-2].casefold() not in _NOT_NAME:
            run.append(token)
        if 2 <= len(run) <= 4:
            start = match.start() + run[0].start()
            end = match.start() + run[-1].end()
            name = " ".join(_clean_token(t.group(0)) for t in run)
            out.append((start, end, name))
        run = []
    return out


def _initials(name: str) -> str:
    return "".join(
        w[0] for w in name.split() if w.lower() not in {"of", "for", "the", "and"}
    ).upper()


def _word_span(full: str, acronym: str) -> int:
    """How many trailing words of `full` spell `acronym` (skipping of/for/the/and)."""
    words = full.split()
    count = 0
    letters = 0
    for word in reversed(words):
        count += 1
        if word.lower() not in {"of", "for", "the", "and"}:
            letters += 1
        if letters == len(acronym):
            break
    return count


def _title(alias: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in alias.split())
