"""Named entities: the one type the pipeline uses for a person or an organisation, and acronyms.

A `NamedEntity` is what the pipeline says about someone: a speaker, a claimant, a publisher, a
known organisation passed in by the caller. It is a plain value: the name, the kind and the other
names the text (or the caller) used for it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "ORGANISATION",
    "PERSON",
    "NamedEntity",
    "expand_acronym",
    "initials",
    "is_acronym",
]

PERSON = "person"
ORGANISATION = "organisation"
# Small words that initials skip: "Institute for Fiscal Studies" is IFS.
_SKIPPED_IN_INITIALS = frozenset({"of", "for", "the", "and", "&", "in", "on"})
_ACRONYM_RE = re.compile(r"[A-Z][A-Z&]{1,7}")


@dataclass(frozen=True, slots=True)
class NamedEntity:
    """A person or an organisation, with the other names it goes by."""

    name: str
    kind: str  # PERSON | ORGANISATION
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def is_acronym(word: str) -> bool:
    """ "IFS", "NATO", "AT&T": two to eight capitals."""
    return bool(_ACRONYM_RE.fullmatch(word))


def initials(name: str) -> str:
    """The capitals a name's acronym would have: "Jewish Labour Movement" -> "JLM"."""
    return "".join(
        word[0] for word in name.split() if word.casefold() not in _SKIPPED_IN_INITIALS
    ).upper()


def expand_acronym(acronym: str, text: str) -> str | None:
    """The capitalised name in `text` whose initials spell `acronym` ("Jewish Labour Movement" for
    JLM), preferring an explicit definition "Full Name (ACR)". Linear in `text` once per text:
    its names are indexed on the first call and the index is reused for the same text."""
    if len(acronym) < 2:
        return None
    index = _acronym_index(text)
    defined = index.defined.get(acronym)
    if defined:
        return defined
    candidates = index.by_initials.get(acronym)
    return candidates.most_common(1)[0][0] if candidates else None


@dataclass(frozen=True, slots=True)
class _AcronymIndex:
    # "Full Name (ACR)" definitions, the first one per acronym.
    defined: dict[str, str]
    # Capitalised names (runs of capitalised words and the small words between them) by their
    # initials, with how often each occurs.
    by_initials: dict[str, Counter[str]]


_DEFINITION_RE = re.compile(
    r"((?:[A-Z][\w'’-]*\s+(?:of\s+|for\s+|the\s+|and\s+)?){1,7}[A-Z][\w'’-]*)\s+\(([A-Z][A-Z&]{1,7})\)"
)
_NAME_RUN_RE = re.compile(
    r"(?:[A-Z][a-z][\w'’-]*\s+(?:(?:of|for|and|the)\s+)?){1,5}[A-Z][a-z][\w'’-]*"
)


@lru_cache(maxsize=8)
def _acronym_index(text: str) -> _AcronymIndex:
    defined: dict[str, str] = {}
    for match in _DEFINITION_RE.finditer(text):
        words, acronym = match.group(1).split(), match.group(2)
        # The match may start left of the name ("said Jewish Labour Movement (JLM)"): the name
        # is the shortest tail whose initials spell the acronym.
        for start in range(len(words) - 1, -1, -1):
            tail = " ".join(words[start:])
            if words[start].casefold() not in _SKIPPED_IN_INITIALS and initials(tail) == acronym:
                defined.setdefault(acronym, tail)
                break
    by_initials: dict[str, Counter[str]] = {}
    for match in _NAME_RUN_RE.finditer(text):
        words = match.group(0).split()
        heads = [None if w.casefold() in _SKIPPED_IN_INITIALS else w[0].upper() for w in words]
        for i, first in enumerate(heads):
            if first is None:
                continue
            # The initials of words[i:j + 1], built one word at a time. A single word's initial
            # is one letter, which no acronym (two letters or more) can be: not indexed.
            letters = first
            for j in range(i + 1, len(words)):
                head = heads[j]
                if head is None:
                    continue
                letters += head
                phrase = " ".join(words[i : j + 1])
                counts = by_initials.get(letters)
                if counts is None:
                    counts = by_initials[letters] = Counter()
                counts[phrase] += 1
    return _AcronymIndex(defined, by_initials)
