"""Named entities: the one type the pipeline uses for a person or an organisation, and acronyms.

A `NamedEntity` is what the pipeline says about someone: a speaker, a claimant, a publisher, a
known organisation passed in by the caller. It is a plain value: the name, the kind and the other
names the text (or the caller) used for it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

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
    JLM), preferring an explicit definition "Full Name (ACR)"."""
    n = len(acronym)
    if n < 2:
        return None
    defined = re.search(
        rf"((?:[A-Z][\w'’-]*\s+(?:of\s+|for\s+|the\s+|and\s+)?){{{n - 1}}}"
        rf"[A-Z][\w'’-]*)\s+\({re.escape(acronym)}\)",
        text,
    )
    if defined and initials(defined.group(1)) == acronym:
        return defined.group(1)
    candidates: Counter[str] = Counter()
    for match in re.finditer(
        r"(?:[A-Z][a-z][\w'’-]*\s+(?:(?:of|for|and|the)\s+)?){1,5}[A-Z][a-z][\w'’-]*", text
    ):
        words = match.group(0).split()
        for i in range(len(words)):
            if words[i].casefold() in _SKIPPED_IN_INITIALS:
                continue
            for j in range(i + 1, len(words) + 1):
                phrase = " ".join(words[i:j])
                if (
                    words[j - 1].casefold() not in _SKIPPED_IN_INITIALS
                    and initials(phrase) == acronym
                ):
                    candidates[phrase] += 1
    return candidates.most_common(1)[0][0] if candidates else None
