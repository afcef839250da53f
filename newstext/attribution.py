"""Who said a quotation, and reported speech: only on explicit evidence in the quote's sentence.

A quote's *frame* is the sentence it opens in, through the sentence it closes in. Attribution
reads the frame with every other quote blanked out, so it never reads words inside a quote, and
tries, first match wins:

1. after the closing mark, a reporting clause that ends the quote's sentence: `," said Richard
   Gold`, `," Smith said`, `," the spokesman told reporters`, `," Colin Asplin, Blackpool Hotel
   Association, said`. A clause that ends with a colon or opens another quote introduces that
   quote and is not this one's (`He added: "A." Jo Lee said: "B."` is not Jo Lee's "A.");
2. before the opening mark, the nearest reporting verb of the frame whose subject is a noun
   phrase: `Smith said: "`, `A JLM spokesman told Jewish News: "`, `Smith said the plan was a
   "disaster"` (reported speech holding the quote); calling verbs ("called", "described as")
   only bind a quote that follows them at once;
3. "according to X" in the frame;
4. a quote that starts its sentence right after an attributed quote and its clause (`"A," she
   said. "B."`), or that opens a paragraph after a paragraph ending with an attributed quote,
   with no reporting verb of its own, continues that speaker;
5. on an organisation's own statement, press release, speech, interview or letter, an
   unattributed top-level quote is the item's own voice (the caller's default speaker).

The noun phrase is resolved by `SpeakerRegistry.resolve`; anything it cannot resolve leaves the
quote unattributed. Quotes inside other quotes are attributed only by rules 1-3.

`reported_clauses` finds reported speech outside quotes: `Smith said (that) CLAUSE` gives the
clause with Smith as its claimant.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import lexicon
from .names import NamedEntity
from .quote_clauses import SETTING, SPEECH_NOUN
from .quotes import Quote, paragraphs
from .sentences import Span, sentence_at
from .speakers import SpeakerRegistry

__all__ = ["Attribution", "ReportedClause", "attribute_quotes", "reported_clauses"]

_SAY = "|".join(sorted(lexicon.REPORTING_VERBS | {"went on", "goes on"}, key=len, reverse=True))
_CALL = "|".join(sorted(lexicon.CALLING_VERBS, key=len, reverse=True))
_STANCE = "|".join(sorted(lexicon.STANCE_VERBS, key=len, reverse=True))
_VERB_RE = re.compile(rf"(?<![\w'’-])(?P<verb>{_SAY}|{_CALL}|{_STANCE})(?![\w'’-])")
_SAY_RE = re.compile(rf"(?<![\w'’-])(?P<verb>{_SAY})(?![\w'’-])")
# A reporting verb is not a clause of its own in these forms: "was told", "being asked".
_PASSIVE_RE = re.compile(r"\b(?:was|were|is|are|been|being|be|get|got)\s+(?:\w+ly\s+)?$", re.I)
_AUX = "|".join(
    sorted(
        lexicon.VERB_AUXILIARIES | {"not", "never", "n't", "did", "does", "do"},
        key=len,
        reverse=True,
    )
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# Words between a subject and its verb: auxiliaries, adverbs ("emphatically", "however"), a
# reflexive ("Cruz himself"), a time ("last week", "on Tuesday").
_AUX_TAIL_RE = re.compile(
    rf"(?:\s+(?:{_AUX}|(?-i:(?!(?:family|ally|rally|assembly|daily|weekly|monthly|early|only|supply)\b)[a-z]{{3,}}ly)|however|himself|herself|themselves|today|yesterday|"
    rf"(?:on\s+)?{_WEEKDAY}|(?:last|this)\s+(?:week|month|year|night|{_WEEKDAY}))(?=\s|$))+\s*$",
    re.I,
)
# Words that end a subject noun phrase read backwards.
_CLAUSE_WORDS = frozenset(
    [
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "while",
        "because",
        "if",
        "although",
        "though",
        "as",
        "than",
        "and",
        "but",
        "or",
        "nor",
        "so",
        "to",
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
        "will",
        "would",
        "can",
        "could",
        "should",
        "might",
        "must",
        "may",
        "not",
        "in",
        "on",
        "at",
        "by",
        "from",
        "with",
        "about",
        "after",
        "before",
        "into",
        "over",
        "under",
        "during",
        "since",
        "until",
        "says",
        "said",
        "told",
        "adds",
        "added",
        "it",
        "they",
        "we",
        "i",
        "you",
        "there",
        "this",
        "these",
        "those",
    ]
)
_NP_LOWER = (
    lexicon.DETERMINERS
    | lexicon.ROLE_WORDS
    | lexicon.ROLE_MODIFIERS
    | lexicon.SPOKESPERSON_WORDS
    | lexicon.DOCUMENT_NOUNS
    | lexicon.ORGANISATION_HEADS
    | lexicon.MALE_WORDS
    | lexicon.FEMALE_WORDS
    | frozenset(
        ["of", "for", "at", "the", "and", "campaign", "press", "office", "team", "staff", "people"]
    )
)
_ABBREVIATION_RE = re.compile(
    r"(?:\b[A-Z]\.|\b(?:{})\.)$".format("|".join(sorted(lexicon.ABBREVIATED_TITLES))), re.I
)
_ABBREVIATION_DOT_RE = re.compile(
    r"(?<![\w.])((?-i:[A-Z])|{})\.(?=\s)".format("|".join(sorted(lexicon.ABBREVIATED_TITLES))),
    re.I,
)
# A lower-case word that may describe a person before their name: "political scientist".
_DESCRIPTOR_RE = re.compile(r"[a-z]+(?:-[a-z]+)?")
_NOT_DESCRIPTOR = lexicon.REPORTING_VERBS | lexicon.CALLING_VERBS | lexicon.STANCE_VERBS
_MAX_LOOKBACK = 400
# An "and" that starts a new clause, not one joining a name to the object: "called Ross and
# Senator Lee “crazy”" joins; "called the police and the neighbours were “panicked”" does not.
_NEW_CLAUSE_AND_RE = re.compile(r"\b(?:and|but|or)\b(?!\s+(?:[\w'’.-]+\s+){0,4}[A-Z][\w'’-]*\s*$)")
_MAX_VERBS = 4


@dataclass(frozen=True, slots=True)
class Attribution:
    """A quote and who said it (None: unattributed), by which rule, in which words."""

    quote: Quote
    speaker: NamedEntity | None
    rule: str
    surface: str = ""
    # An unattributed quote whose clause names someone by a name the item cannot resolve (a
    # surname it never introduced, or one two of its people share): the name as written.
    written: str = ""
    written_shared: bool = False


@dataclass(frozen=True, slots=True)
class ReportedClause:
    """`Smith said (that) CLAUSE`: body[start:end] is the clause, the speaker its claimant."""

    start: int
    end: int
    speaker: NamedEntity
    surface: str


def attribute_quotes(
    text: str,
    quotes: Sequence[Quote],
    registry: SpeakerRegistry,
    *,
    sentences: Sequence[Span],
    default_speaker: NamedEntity | None = None,
) -> list[Attribution]:
    """One Attribution per quote, in order (see the module docstring for the rules)."""
    titles = [q for q in quotes if _is_told_title(text, q)]
    masked = _unquote(_mask(text, [q for q in quotes if q.depth == 0 and q not in titles]), titles)
    registry.read_narration(masked)
    lines = paragraphs(text)
    results: list[Attribution] = []
    for quote in quotes:
        if quote in titles:
            # A programme's or paper's title is no one's words ("told "Fox and Friends"").
            results.append(Attribution(quote, None, "none"))
            continue
        context = masked if quote.depth == 0 else _mask(text, _siblings(quotes, quote))
        frame = _frame(text, sentences, quote)
        unresolved: list[str] = []
        found = _attribute_one(quote, context, frame, registry, unresolved)
        # A clause of its own that names someone the item cannot resolve (`"B?" Maddow
        # repeated.`, read past the sentence end after a question mark) is no continuation.
        if (
            found is None
            and quote.depth == 0
            and not unresolved
            and not _has_own_clause(context, frame, quote)
        ):
            done = [r for r in results if r.quote not in titles] if titles else results
            carried = _carry_over(quote, done, context, lines)
            if carried is not None and carried.speaker is None:
                # `"A," Trump said. "B."` where "Trump" names nobody the item introduced: "B."
                # is as unidentified as "A.", and named the same way.
                results.append(carried)
                continue
            if carried is not None and carried.speaker is not None:
                found = (carried.speaker, carried.rule, carried.surface)
            else:
                found = _introduced(quote, context, frame, registry)
        own_clause = _has_own_clause(context, frame, quote)
        if found is None and quote.depth == 0 and default_speaker is not None and not own_clause:
            found = (default_speaker, "own_page", "")
        if found is None:
            written = registry.written_name(unresolved[0]) if unresolved else None
            results.append(
                Attribution(
                    quote,
                    None,
                    "unresolved" if written else "none",
                    unresolved[0] if written else "",
                    written=written[0] if written else "",
                    written_shared=written[1] if written else False,
                )
            )
            continue
        speaker, rule, surface = found
        registry.note(speaker, surface, position=quote.open_at)
        results.append(Attribution(quote, speaker, rule, surface))
    return results


def _mask(text: str, quotes: Sequence[Quote]) -> str:
    """`text` with the words of `quotes` blanked out, so attribution never reads inside a quote,
    and with "was quoted as saying" read as "said" (same length, so offsets hold)."""
    pieces = []
    last = 0
    for quote in sorted(quotes, key=lambda q: q.start):
        if quote.start < last:
            continue
        pieces.append(text[last : quote.start])
        pieces.append(re.sub(r"[^\n]", "_", text[quote.start : quote.end]))
        last = quote.end
    pieces.append(text[last:])
    masked = "".join(pieces)
    if "quoted as" not in masked:
        return masked  # the common case: no second pass over the text
    return _QUOTED_AS_SAYING_RE.sub(_as_said, masked)


# `Lee told "Morning Report"`, `told ABC's "This Week,"`: a short title in quote marks after
# "told" (and, at most, the outlet's name) is the programme or paper told, not quoted words.
_TOLD_BEFORE_RE = re.compile(r"(?<![\w'’-])told\s+(?:[A-Z][\w.&-]*(?:['’]s?)?\s+){0,3}[\"“]$")
_TITLE_SMALL_WORDS = frozenset(["a", "an", "and", "the", "of", "in", "on", "for", "to", "at", "&"])


def _is_told_title(text: str, quote: Quote) -> bool:
    """Is the quote a title told to (`Lee told "Morning Report," adding ...`)?"""
    if quote.depth != 0 or quote.close_at < 0:
        return False
    if not _TOLD_BEFORE_RE.search(text[max(0, quote.open_at - 60) : quote.open_at + 1]):
        return False
    words = quote.text.strip().rstrip(",.").split()
    return (
        1 <= len(words) <= 6
        and words[0][:1].isupper()
        and not re.search(r"[!?;:,]|\.\s", " ".join(words))
        and all(w[:1].isupper() or w.casefold() in _TITLE_SMALL_WORDS for w in words)
    )


def _unquote(masked: str, titles: Sequence[Quote]) -> str:
    """`masked` with the quote marks around told-to titles blanked (same length), so a clause
    reads `Lee told Morning Report, adding` as it reads `Lee told CNN, adding`."""
    if not titles:
        return masked
    chars = list(masked)
    for title in titles:
        chars[title.open_at] = chars[title.close_at] = " "
    return "".join(chars)


# "Lee was quoted as saying": the passive of quoting reports Lee's words as "Lee said" does.
_QUOTED_AS_SAYING_RE = re.compile(
    r"(?<![\w'’-])(?:is|was|were|are|has\s+been|had\s+been|have\s+been)\s+quoted\s+as\s+"
    r"(?P<verb>saying|telling)(?![\w'’-])"
)


def _as_said(match: re.Match[str]) -> str:
    said = "said" if match.group("verb") == "saying" else "told"
    return " " * (len(match.group(0)) - len(said)) + said


def _siblings(quotes: Sequence[Quote], quote: Quote) -> list[Quote]:
    return [
        q for q in quotes if q is not quote and not (q.start <= quote.start and quote.end <= q.end)
    ]


def _frame(text: str, sentences: Sequence[Span], quote: Quote) -> tuple[int, int]:
    """From the start of the sentence the quote opens in to the end of the one it closes in,
    within the quote's paragraph(s)."""
    first = sentence_at(sentences, quote.open_at)
    close = quote.close_at if quote.close_at >= 0 else quote.end
    last = sentence_at(sentences, close)
    start = first.start if first else 0
    end = max(last.end if last else close + 1, close + 1)
    line_start = text.rfind("\n", 0, quote.open_at) + 1
    line_end = text.find("\n", close)
    return max(start, line_start), min(end, line_end if line_end >= 0 else len(text))


def _attribute_one(
    quote: Quote,
    context: str,
    frame: tuple[int, int],
    registry: SpeakerRegistry,
    unresolved: list[str],
) -> tuple[NamedEntity, str, str] | None:
    """The speaker by rules 1-3; an explicit clause naming nobody the item knows leaves the
    quote unattributed, its phrase appended to `unresolved`."""
    if _introduced_before(context, frame, quote):
        return _introduced_and_relayed(quote, context, frame, registry, unresolved)
    for rule, finder in (
        ("after", _after),
        ("before", _before),
        ("claim_of", _claim_of),
        ("according_to", _according),
        ("signed", _signed),
    ):
        for phrase, position in finder(context, frame, quote):
            speaker = _resolve(registry, phrase, position)
            if speaker is not None:
                return speaker, rule, phrase
            unresolved.append(phrase)
            if rule != "according_to":
                return None  # an explicit clause that names nobody we know: no guessing
    return None


def _introduced_before(context: str, frame: tuple[int, int], quote: Quote) -> bool:
    """Does a reporting verb and colon open the quote in its own sentence (`Lee said: "`)?
    Inside another quote, or after a quote mark left open, those words are a speaker's own."""
    lead = context[max(frame[0], quote.open_at - 120) : quote.open_at]
    return quote.depth == 0 and not _OPEN_MARK_RE.search(lead) and bool(_INTRODUCED_RE.search(lead))


def _introduced_and_relayed(
    quote: Quote,
    context: str,
    frame: tuple[int, int],
    registry: SpeakerRegistry,
    unresolved: list[str],
) -> tuple[NamedEntity, str, str] | None:
    """A quote its sentence introduced (`Lee said: "A,"`) may still carry a clause after it: the
    same speaker going on (`he wrote, "B"`), or someone relaying the words (`the Times
    reported`). Rule 1 and rule 2 must then name the same speaker; two different ones leave the
    quote unattributed rather than pick one."""
    after = _after(context, frame, quote)
    before = _before(context, frame, quote)
    if not before:
        return None
    speaker = _resolve(registry, before[0][0], before[0][1])
    if speaker is None:
        unresolved.append(before[0][0])
        return None
    if not after:
        return speaker, "before", before[0][0]
    relay = _resolve(registry, after[0][0], after[0][1])
    if relay is None or relay.name != speaker.name:
        return None
    return speaker, "after", after[0][0]


def _resolve(registry: SpeakerRegistry, phrase: str, position: int) -> NamedEntity | None:
    return registry.resolve(phrase, position=position)


# -- rule 1: after the quote ----------------------------------------------------------------


def _after(context: str, frame: tuple[int, int], quote: Quote) -> list[tuple[str, int]]:
    at = quote.close_at + 1 if quote.close_at >= 0 else quote.end
    window = context[at : min(frame[1] + 200, at + 300)].split("\n", 1)[0]
    lead = re.match(r"[\s,;—–-]*", window)
    rest_at = lead.end() if lead else 0
    if (
        lead is None
        or (rest_at == 0 and not quote.text.rstrip().endswith((",", "?", "!", "—", "-")))
    ) and not re.match(r"\s", window):
        return []
    rest = window[rest_at:]
    if rest[:1] == "_" or not rest:
        return []
    # Text after a quote ending its sentence ('." Smith') starts a new sentence unless it is
    # lower case (`?" asked Smith`).
    ends_sentence = re.search(r"[.!?…]$", quote.text.rstrip()) and "," not in window[:rest_at]
    if ends_sentence and rest[:1].isupper() and not quote.text.rstrip().endswith(("?", "!")):
        # `"..." Ann Lee said.`: a sentence that is only a reporting clause (with, at most, where
        # or when) reports the quote before it; one that goes on to other words does not.
        own = _OWN_SENTENCE_CLAUSE_RE.match(rest)
        if own is None or _PASSIVE_RE.search(own.group(1) + " "):
            return []
        phrase = _subject_np(_AUX_TAIL_RE.sub("", " " + own.group(1)).strip(), whole=True)
        return [(phrase, at + rest_at)] if phrase else []
    spoke = re.match(
        r"(?:that|which)\s+(.{1,60}?)\s+(?:has\s+|had\s+)?(?:spoke|spoken|speaks|talked|talks)\s+(?:about|of)\b",
        rest,
    )
    if spoke:
        phrase = _subject_np(spoke.group(1), whole=True)
        return [(phrase, at + rest_at)] if phrase else []
    inverted = _SAY_RE.match(rest)
    if inverted and _NOUN_AFTER_RE.match(rest, inverted.end()):
        return []  # `the "disheartened" state of the campaign`: a noun, no reporting clause
    if inverted:
        after_verb = rest[inverted.end() :]
        if re.match(r"\s*[:“\"_]", after_verb):
            return []
        if inverted.group("verb").endswith("ing"):
            # `"...," promising the club will return`: a participle goes on with the quote's
            # speaker; what follows it is its object, never an inverted subject.
            return []
        phrase = _inverted_role_then_name(after_verb) or _np_forward(after_verb)
        return [(phrase, at + rest_at)] if phrase else []
    verb = _SAY_RE.search(rest[:220])
    if verb is None:
        return []
    subject = rest[: verb.start()]
    after_verb = rest[verb.end() :]
    if re.match(r"\s*(?:[:“\"_]|that\b)", after_verb):
        return []  # "X said: ..." introduces the next quote
    if verb.group("verb").endswith("ing") and re.search(r"\band\s+$", subject):
        # `tweeting that it was a "disaster" for Clinton and asking, "..."`: a participle joined
        # to the one before the quote, with no subject of its own after the quote.
        return []
    if "_" in subject:
        # `"...," Ann Lee, wearing "Vote Lee" pins, said`: a quoted phrase inside an appositive
        # set off by commas belongs to the description, not to the subject before it.
        head, separator, appositive = subject.partition(",")
        described = re.match(r"\s*(?:who|wearing|holding|a|an|the)\b", appositive)
        # The comma closing the appositive may sit inside the quote marks ("a disgrace,").
        if (
            separator
            and "_" not in head
            and described
            and appositive.rstrip().endswith((",", "_", "”", '"'))
        ):
            subject = head + " "
    if (
        re.match(r"\s+\w", after_verb)
        and not _reports_nothing_else(after_verb)
        and not _has_comma(subject)
        and _verb_before(context[frame[0] : quote.open_at])
    ):
        # `Although Lee admitted that they had "been friends," he claimed they never met`:
        # a clause after the quote reporting words of its own; the quote is the clause's
        # before it.
        return []
    if re.search(r"\band\s*$", subject) or (
        re.match(r"\s*(?:and|but)\s", subject) and "_" in after_verb.split(".", 1)[0]
    ):
        # `had "attacked" Lee, and said`: the object of the quoted verb, then a verb whose
        # subject came before the quote; `Lee accuses Kim of "A" and Cho says he's "B"`: a
        # clause of its own, introducing the next quote. Neither names this quote's speaker.
        return []
    # `"a challenge" for Lee, said Kim`: a phrase opening with a preposition finishes the
    # quote's sentence and is no subject; the clause after its comma may still be one.
    prepositional = bool(_PREPOSITION_OPENING_RE.match(subject))
    if "_" not in subject and not prepositional and not _PASSIVE_RE.search(subject):
        phrase = _role_then_name(subject) or _subject_np(
            _AUX_TAIL_RE.sub("", " " + subject).strip(), whole=True
        )
        relayed = _RELAYED_RE.match(after_verb) if verb.group("verb") in _REPORTED else None
        if phrase and relayed:
            # `"A," the Post reported, quoting an official`: the outlet relays someone's words;
            # the speaker is whoever it quotes, and nobody when that is no name.
            source = _np_forward(after_verb[relayed.end() :])
            return [(source or after_verb[relayed.end() :][:60], at + rest_at + verb.end())]
        if phrase:
            return [(phrase, at + rest_at)]
        if (
            not _has_comma(subject)
            and len(subject.split()) <= 8
            and _reports_nothing_else(after_verb)
            and quote.text.rstrip().endswith(",")
        ):
            # `"...," the order released Friday said.`: an explicit clause whose subject we
            # cannot read; no other rule may guess.
            return [(subject.strip(), at + rest_at)]
    if at + rest_at + verb.end() > frame[1] or "_" in context[at + rest_at + verb.end() : frame[1]]:
        return []
    # `"..." about fixing it, said Ann Lee.`, `"..." by the shooting, Nefzi said.`: a reporting
    # clause after a comma that ends the quote's sentence.
    comma = subject.rfind(",")
    if comma < 0:
        return []
    tail = subject[comma + 1 :]
    if "_" in tail or _PASSIVE_RE.search(tail):
        return []
    if tail.strip() and not _reports_nothing_else(after_verb):
        # `"careless" and mishandled it, he said there was no precedent`: a clause reporting
        # words of its own, not this quote.
        return []
    if not tail.strip():
        phrase = _np_forward(after_verb)
        return [(phrase, at + rest_at + verb.end())] if phrase else []
    phrase = _subject_np(_AUX_TAIL_RE.sub("", " " + tail).strip(), whole=True)
    return [(phrase, at + rest_at + comma)] if phrase else []


_PREPOSITION_OPENING_RE = re.compile(
    r"\s*(?:for|to|in|on|at|of|about|with|by|from|against|into|over|toward|towards)\s", re.I
)


# A reporting verb and colon that introduce the quote right after them: `Lee said: "`.
_INTRODUCED_RE = re.compile(rf"(?<![\w'’-])(?:{_SAY})(?:\s+\w+){{0,3}}\s*:\s*$")


_OPEN_MARK_RE = re.compile(r"[\"“”]|''")
_REPORTED = frozenset(["reported", "reports"])
_RELAYED_RE = re.compile(r"\s*,\s*(?:quoting|citing)\s+")


# A whole sentence that is a reporting clause: "Lee said.", "Ann Lee told reporters on Monday."
_OWN_SENTENCE_CLAUSE_RE = re.compile(
    rf"([^_.:;“”\"]{{1,80}}?)\s+(?:{_SAY})"
    rf"(?:\s+(?:reporters|(?:in|on|at|during|after|before|of|to|last|this|when|while|later|"
    rf"earlier|recently|about|{_WEEKDAY})\b|[A-Z])[^_.:;“”\"]{{0,60}}?)?\.(?:\s|$)"
)


# What may follow a reporting verb that reports the quote before it: where, when, to whom.
_CLAUSE_TAIL_RE = re.compile(
    rf"\s*(?:(?:in|at|on|during|after|before|to|of|last|this|when|while|later|earlier|"
    rf"recently|about|from|with|as|by|via|reporters|{_WEEKDAY})\b|[A-Z]|[.!?,;—–-]|$)"
)


def _verb_before(text: str) -> bool:
    """Does `text` hold a reporting verb used as a verb (not "the secretary of state")?"""
    return any(
        not _NOUN_BEFORE_RE.search(text[: verb.start()]) and not _is_compound_noun(text, verb)
        for verb in _SAY_RE.finditer(text)
    )


def _reports_nothing_else(after_verb: str) -> bool:
    """Does the rest of the sentence after a reporting verb only say where, when or to whom
    (`Lee said on Monday.`), rather than report words of its own (`he said there was ...`)?"""
    rest = re.split(r"(?<=[.!?])\s", after_verb.split("\n")[0], maxsplit=1)[0]
    if re.search(r"[_“”\"]", rest):
        return False
    return len(rest.split()) <= 3 or bool(_CLAUSE_TAIL_RE.match(rest))


def _has_comma(subject: str) -> bool:
    """Does the text between a quote and a verb hold a comma (a clause of its own)?"""
    return "," in subject


def _reported_conjunct(head: str) -> str | None:
    """The subject of the verb that `head` (the words before "and") ends the clause of, when that
    clause is reported ("... noted that Sanders has criticized Obama"): the name, or "" when the
    reported clause has no name one can read; None when the clause is not a reported one."""
    verbs = [v for v in _VERB_RE.finditer(head) if not _NOUN_BEFORE_RE.search(head[: v.start()])]
    if not verbs:
        return None
    opener = list(re.finditer(r"\bthat\s", head[: verbs[-1].start()]))
    if not opener or re.search(r"[_“”\";:]|''|[.!?]\s", head[opener[-1].start() :]):
        return None
    return _subject_before(head[opener[-1].end() : verbs[-1].start()])


def _np_forward(text: str) -> str:
    """The noun phrase after an inverted verb: `said Sen. Patty Murray, D-Wash.` -> "Sen. Patty
    Murray"; `said the White House in a statement` -> "the White House"."""
    words: list[str] = []
    pending: list[str] = []  # lower-case words that describe the name after them
    for match in re.finditer(r"\S+", text[:160]):
        word = match.group(0)
        core = word.rstrip(",.;:!?)")
        if not core:
            break
        folded = core.casefold()
        is_np = core[:1].isupper() or folded in _NP_LOWER or re.fullmatch(r"[A-Z]\.", core)
        if folded in _CLAUSE_WORDS - {"the", "of", "for", "and"}:
            break
        if not is_np:
            # "said political scientist Ann Lee", "mused Blaze co-host Stu Burguiere".
            if (
                core != word
                or len(pending) >= 3
                or not _DESCRIPTOR_RE.fullmatch(core)
                or core in _NOT_DESCRIPTOR
            ):
                break
            pending.append(core)
            continue
        if pending and not core[:1].isupper():
            # "said Republican political consultant Ann Lee": a role word among the
            # descriptors of the name that follows.
            if core != word or len(pending) >= 3:
                break
            pending.append(core)
            continue
        words.extend(pending)
        pending = []
        words.append(core)
        ending = word[len(core) :]
        if ending and not (ending == "." and _ABBREVIATION_RE.search(core + ".")):
            break
        if ending == "." and _ABBREVIATION_RE.search(core + "."):
            words[-1] = core + "."
    while words and words[-1].casefold() in ("of", "for", "and", "the", "at"):
        words.pop()
    if words and words[0].casefold() in ("of", "for", "and", "at"):
        return ""  # "of the campaign": no noun phrase starts so
    phrase = " ".join(words)
    if words and words[-1].casefold() in lexicon.ROLE_WORDS:
        # "said the senator from Texas": the place is part of the description.
        place = re.match(rf"\s*{re.escape(phrase)}\s+(from\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)", text)
        if place:
            return f"{phrase} {place.group(1)}"
    return phrase


# -- rule 2: before the quote ---------------------------------------------------------------


_NOUN_THAT_RE = re.compile(
    r"\s*(?:the|an?|this|his|her|their|its)\s+(?:[a-z][\w-]*\s+){0,2}that\s(?:(?!\bthat\b).){1,80}$"
)


# A naming verb's object and quote, then further quotes joined to it by "and"/"or" or by a short
# relative clause on it ("who's acting", "who was not", "whose presidency"), ending where the
# next quote opens.
_FURTHER_QUOTE_RE = re.compile(
    r"(?P<object>[^_“”\"]*?)"
    r"(?:[“\"]_+[”\"]\s*(?:and(?:\s+(?:an?|the))?|"
    r"(?:who|whose|that)(?:['’]s)?(?:\s+[a-z][\w'’-]*){0,3}))+\s+"
)


# A relative clause's own subject before its verb: "which the Tax Foundation ", "whom Lee ".
_RELATIVE_SUBJECT_RE = re.compile(
    r"\b(?:which|whom)\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){1,5}(?:(?:also|has|have|had)\s+)?$"
)
# An adverb between the comma and a participle: ", recently telling", ", later adding".
_ADVERB_BEFORE_PARTICIPLE_RE = re.compile(
    r"(?<=,)\s*(?:(?!(?:family|ally|rally|assembly|daily|weekly|monthly|early|only|supply)\b)"
    r"[a-z]{3,}ly|then|later)\s+$"
)
# "and" or "while" after an earlier participle's words: `, pointing to a chart and `,
# `tweeting that it was a "_" and `, `of Clinton telling one agent to "_," while `.
# A relative clause closed just before a verb: "the man, who later ran off, " claimed.
_RELATIVE_TAIL_RE = re.compile(r",\s*(?:who|which)\s[^,;_“”\"]*,\s*$")
_JOINED_RE = re.compile(r"(?:,\s*|\s+[-–—]\s*|\s+)(?:and|while)\s+$")
_EARLIER_PARTICIPLE_RE = re.compile(r"(?<![\w'’-])[a-z]{3,}ing(?![\w'’-])")


def _joined_participle(before: str) -> int | None:
    """Where the participle that a participle after "and" or "while" is joined to starts in
    `before`: one set off by a comma (`, pointing to bottles and`) or a reporting one (`with Lee
    tweeting that it was a "_" and`), within the same clause; None otherwise."""
    joined = _JOINED_RE.search(before)
    if joined is None:
        return None
    head = before[: joined.start()]
    for participle in reversed(list(_EARLIER_PARTICIPLE_RE.finditer(head))):
        between = head[participle.end() :]
        if len(between) > 200 or re.search(r"[;:]|[.!?](?:\s|$)", between):
            return None
        lead = head[: participle.start()]
        if re.search(r"(?:,|_[”\"’])\s*$", lead) or participle.group(0) in lexicon.REPORTING_VERBS:
            return participle.start()
    return None


def _before(context: str, frame: tuple[int, int], quote: Quote) -> list[tuple[str, int]]:
    start = max(frame[0], quote.open_at - _MAX_LOOKBACK)
    window = context[start : quote.open_at]
    found = []
    for verb in list(reversed(list(_VERB_RE.finditer(window))))[:_MAX_VERBS]:
        word = verb.group("verb")
        gap = window[verb.end() :]
        before = window[: verb.start()]
        if _NOUN_BEFORE_RE.search(before) or _is_compound_noun(window, verb):
            if re.search(r"['’]s?\s+$", before) and re.match(r"\s*(?:that\b|$)", gap):
                if not gap.strip() and _CLAUSE_OPENS_WITH_POSSESSIVE_RE.search(before):
                    # "Lee said that Park's remarks "show bias"": the quote is the predicate
                    # of the reported clause, so it is the outer speaker's.
                    continue
                break  # "criticised Trump's claim that "...": the quote is the other's words
            continue  # "Trump's comments", "the report": a noun, not a verb
        if word in lexicon.CALLING_VERBS and re.match(r"\s+for\b", gap) and len(gap.split()) > 3:
            # "called for his resignation because ...": a demand of its own, not the quote's
            # naming ("called for “boots on the ground”" is).
            continue
        if word in lexicon.CALLING_VERBS:
            # Naming verbs bind only the quote their object leads to: "called Ford's plans to
            # open a plant in Mexico “a disgrace”", never past another verb or quote.
            # "calling Indiana Gov. Mike Pence “my partner”": a title's or an initial's full
            # stop ends no sentence.
            further = _FURTHER_QUOTE_RE.fullmatch(gap)
            if further:
                # `called Obama a "petulant child" who's acting "as if he is a king"`,
                # `described Trump as "A" and "B"`: a quote that goes on describing the
                # object of the verb's first quote is the same caller's words.
                gap = further.group("object")
            plain = _ABBREVIATION_DOT_RE.sub(r"\1", gap)
            short = len(gap.split()) <= 5 and not re.search(r"[.;:!?,_]", plain)
            if not short and (
                len(gap.split()) > 16
                or re.search(r"[;:!?_]|[.](?:\s|$)", plain)
                # "called Clinton's use of private email servers “extremely careless”",
                # "called AP's report “false”": a reporting word used as a noun is no verb.
                or _has_verb(gap)
                or (("," in gap) and len(gap.split()) > 8)
                or re.search(r"\b(?:while|who|which)\b", gap)
                # "called the assault that killed five officers “an attack”": a relative clause
                # on the object's noun; any other "that" opens a clause of its own.
                or (re.search(r"\bthat\b", gap) and not _NOUN_THAT_RE.match(gap))
                # "called both Ross and Lee “crazy”": a coordinated object, not a new clause.
                or _NEW_CLAUSE_AND_RE.search(gap)
                or re.search(rf"\b(?:{_AUX})\b", gap)
            ):
                continue
        elif word in lexicon.STANCE_VERBS:
            # "criticised Trump's "remarks"": the quote is the other person's words.
            if re.search(r"[;]|['’]s?\s*$", gap) or len(gap.split()) > 25:
                break
        elif ";" in gap:
            break
        if "," in gap and _RELATIVE_SUBJECT_RE.search(before):
            # "his plan, which the Tax Foundation estimates would cost $170 billion, would risk
            # "...": a relative clause closed before the quote reports nothing of it.
            break
        at = verb.start()
        progressive = word.endswith("ing") and re.search(r"\b(?:is|are|was|were)\s+$", before)
        if progressive:
            # "Lee is telling the crowd that ...": a finite verb in the progressive.
            phrase = _subject_before(before)
            if phrase:
                found.append((phrase, start + verb.start()))
            break
        infinitive = re.search(r"\bto\s+(?:\w+ly\s+|further\s+|also\s+)?$", before, re.I)
        if (
            infinitive
            and word in lexicon.REPORTING_VERBS
            and not re.search(
                r"\b(?:going|has|have|had|is|are|was|were|wants?|wanted|would\s+like)\s+to\s+\S*\s*$",
                before,
                re.I,
            )
        ):
            # "would like Trump to further explain": an infinitive, not the clause's verb.
            continue
        if _PASSIVE_RE.search(before) or re.search(r"\b(?:to|which|that)\s+$", before, re.I):
            break
        if word.endswith("ing"):
            at = verb.start()
            joined = _joined_participle(before)
            if joined is not None:
                # "..., pointing to a chart and telling viewers that "...": a participle joined
                # by "and" to an earlier one has that one's subject.
                before, at = before[:joined], joined
            # "..., recently telling a friend": an adverb between the comma and the participle.
            before = _ADVERB_BEFORE_PARTICIPLE_RE.sub(" ", before)
            # "..., saying "...": the subject of the sentence's main verb. A quote closing just
            # before the participle held the comma (`called it "a breach," adding`).
            after_comma = re.search(r"(?:,|_[”\"’]|\b(?:upon|by|after|before|while))\s*$", before)
            # `Mateen didn't mingle, Nefzi said, adding "..."`: the reporting clause nearest
            # the participle is its subject's, before the sentence's first subject.
            nearest = _previous_clause_subject(before) if after_comma else ""
            phrase = nearest if re.match(r"(?!(?:A|An|The)\s)[A-Z]", nearest) else ""
            # "Lee was booed after telling them ...": whoever told them, in either voice.
            adverbial = bool(re.search(r"\b(?:after|before|upon|while)\s*$", before))
            phrase = phrase or _sentence_subject(context[frame[0] : start + at], passive=adverbial)
            phrase = phrase if after_comma else ""
            document = re.search(r"\b(?:a|an|the)\s+(?:\w+\s+)?(\w+)\s+$", before)
            if not phrase and document and document.group(1) in lexicon.DOCUMENT_NOUNS:
                # "Lee issued a statement saying ...": who issued it.
                phrase = _sentence_subject(context[frame[0] : start + at])
            if not phrase and after_comma:
                # `"A," Lee said, adding: "B."`: the speaker of the clause just before.
                phrase = _previous_clause_subject(before)
            if not phrase:
                # "..., with Ann Lee telling reporters "...": the name before the verb.
                absolute = re.search(r"\bwith\s+([^,;:_“”\"]{1,80}?)\s+$", before)
                phrase = (
                    _subject_np(_AUX_TAIL_RE.sub("", " " + absolute.group(1)).strip(), whole=True)
                    if absolute
                    else ""
                )
        elif word in lexicon.REPORTING_VERBS and re.search(r"[_“”\"]\W*$", before):
            # `"A," says Ann Lee, "B."`: the inverted clause of a split quote.
            phrase = _np_forward(gap) if re.fullmatch(r"[^_“”\"]*,\s*", gap) else ""
        else:
            # "... and then tweeted that": an adverb after the conjunction.
            # "... and in a statement credited him": a short setting too.
            coordinated = re.search(
                r"\b(?:and|but)\s+(?:(?:then|later|also|[a-z]{3,}ly)\s+|"
                r"(?:in|on)\s+(?:a|an|the)\s+(?:statement|interview|tweet|post|letter|email)\s+)?$",
                before,
            )
            phrase = "" if coordinated else _subject_before(before)
            # "X said the man, who later ran off, claimed ...": the verb's subject is the one
            # before the relative clause; when it names no one, the sentence's subject only
            # relays the words, which stay unattributed.
            relative = _RELATIVE_TAIL_RE.search(before)
            reported = coordinated and _reported_conjunct(before[: coordinated.start()])
            if reported is not None:
                # "Clinton noted that Sanders has criticized Obama and called him “weak”": the
                # verb joins the reported clause's verb, so it is that clause's subject's.
                phrase = reported
            elif not phrase and (coordinated or (re.search(r",\s*$", before) and not relative)):
                # "Wilson praised Rubio and said ...": the subject that opens the sentence.
                phrase = _sentence_subject(context[frame[0] : start + verb.start()])
                if not phrase and coordinated:
                    # "..., such as when Cruz knocked Rubio and called him ...": the subject
                    # of the subordinate clause the first verb opens.
                    phrase = _subordinate_subject(before[: coordinated.start()])
        if phrase:
            found.append((phrase, start + at))
        break
    if not found and not _VERB_RE.search(window):
        # `JLM "cannot participate ..."`: the sentence opens with its speaker's name.
        lead = re.fullmatch(r"\s*([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})\s*", window)
        possessive = lead and re.search(r"['’]s?$", lead.group(1))
        if lead and quote.open_at - start == len(window) and not possessive:
            found.append((lead.group(1), start))
    if not found:
        # "Said Ann Lee, who grew up there, "..."": an inverted clause opening the sentence.
        inverted = _INVERTED_OPENING_RE.match(window)
        phrase = _np_forward(window[inverted.end() :]) if inverted else ""
        if inverted and phrase[:1].isupper():
            found.append((phrase, start + inverted.end()))
    if not found:
        # "Clinton: "Our goal ..."": a name and a colon introduce the quote.
        for lead in (
            # "Lessons from Iowa - Carl Bialik:", "More from Jones:": a line naming who follows
            # (read first: the words before the dash are a headline, not a subject).
            re.search(
                r"(?:^|\s[-–—]\s*|\bfrom\s+)(?:[Mm]ore\s+from\s+)?([A-Z][^_“”\":;\-–—]{0,60}?):\s*$",
                window,
            ),
            re.fullmatch(r"\s*([^\s_“”\"][^_“”\":;]{0,60}?):\s*", window),
        ):
            phrase = _subject_np(lead.group(1), whole=True) if lead else ""
            if phrase and phrase[:1].isupper():
                found.append((phrase, start))
                break
    statement = _STATEMENT_COMMA_RE.search(window)
    if (
        not found
        and (re.search(r"[^:]:\s*$", window) or statement)
        # A reporting word used as a noun ("after the attacks") is no clause of its own.
        and not any(
            not _NOUN_BEFORE_RE.search(window[: v.start()]) for v in _VERB_RE.finditer(window)
        )
    ):
        # "In a Fox interview, Trump went even further: "..."": a sentence whose subject opens
        # it and whose colon introduces the quote at once; "Trump issued a statement, "..."" as
        # well. Not a message, sign or post that holds someone else's words ("retweeted a
        # message from Ann Lee that read:").
        sentence = window.rstrip()[:-1]
        sentence = sentence[sentence.rfind("\n") + 1 :]
        if not _QUOTES_A_TEXT_RE.search(sentence):
            phrase = _colon_clause_subject(sentence)
            if phrase:
                found.append((phrase, start))
    return found


def _claim_of(context: str, frame: tuple[int, int], quote: Quote) -> list[tuple[str, int]]:
    """ "Trump's claim that Obama "founded ISIS"": the quote completes a "that" clause of
    someone's speech noun, with no verb of its own, so the words are that one's."""
    start = max(frame[0], quote.open_at - _MAX_LOOKBACK)
    window = context[start : quote.open_at]
    owned = _SPEECH_NOUN_THAT_RE.search(window)
    if (
        owned is None
        or _VERB_RE.search(owned.group("clause"))
        or re.search(r"\bas\s+$", owned.group("clause"))
        # `Frazier said that Rubio's claim that ... is "not true"`: the claim is the subject of
        # a clause someone else reports.
        or _reported_into(window[: owned.start()])
    ):
        return []
    phrase = _subject_np(owned.group("owner"), whole=False)
    return [(phrase, start + owned.start("owner"))] if phrase[:1].isupper() else []


# Someone's speech noun and the "that" clause the quote completes: "Donald Trump's repeated
# accusation that Clinton is playing the ".
_SPEECH_NOUN_THAT_RE = re.compile(
    r"(?P<owner>(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w-]*)['’]s?\s+(?:[a-z][\w-]*\s+)?"
    rf"(?:{SPEECH_NOUN})\s+that\s+(?P<clause>[^_“”\"():;]{{1,150}})$"
)
# Before the base form of a reporting verb, words that make it a verb ("they say that"), not a
# noun ("a private email server").
_BASE_FORM_SUBJECT_RE = re.compile(
    r"\b(?:i|we|you|they|will|would|could|can|did|do|does|to|not)\s+(?:\w+ly\s+)?$", re.I
)


def _reported_into(text: str) -> bool:
    """Does a reporting verb in `text` report a clause running on to its end, with no comma
    between ("Frazier said Thursday that ")?"""
    verbs = list(_SAY_RE.finditer(text))
    if not verbs or re.search(r"[,;:_“”\"]", text[verbs[-1].end() :]):
        return False
    verb = verbs[-1]
    before = text[: verb.start()]
    if _NOUN_BEFORE_RE.search(before):
        return False
    word = verb.group("verb")
    if word.endswith(("ed", "s")) or re.fullmatch(_IRREGULAR_PAST, word):
        return True
    return bool(_BASE_FORM_SUBJECT_RE.search(before))


# "issued a statement, ": the statement's words follow, as after a colon.
_STATEMENT_COMMA_RE = re.compile(r"\b(?:issued|released|put\s+out)\s+a\s+statement,\s*$")


# Before a colon, words that introduce a text rather than the subject's own words.
_QUOTES_A_TEXT_RE = re.compile(
    r"\b(?:which|who|whose|read|reads|reading|titled|entitled|headlined|caption\w*|"
    r"sign|signs|message|messages|letter|post|headline|question|asked|asks)\b",
    re.I,
)


# A reported clause ("that ...") whose subject is someone's noun: "that Ann Lee's ".
_CLAUSE_OPENS_WITH_POSSESSIVE_RE = re.compile(
    r"\bthat\s+(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w-]*['’]s?\s+$"
)


_INVERTED_OPENING_RE = re.compile(
    r"\s*(?:Said|Says|Added|Adds|Stated|States|Wrote|Writes|Asked|Asks|Replied|Explained)\s+"
)


# Before a verb-like word, these make it a noun: "Trump's comments", "the report", "secretary of
# state", "the Sept. 11 attacks".
_NOUN_BEFORE_RE = re.compile(
    r"(?:['’]s?|\d|\b(?:the|a|an|his|her|its|their|our|my|your|this|that|these|of|in|for|"
    r"with|on|from|by|about|at|into|under|over|as|percentage|talking|bullet))\s+$",
    re.I,
)


# A reporting word between a modifier and a plural noun is part of a compound noun: "of
# private email servers", "the campaign email lists".
_MODIFIER_BEFORE_RE = re.compile(r"\b(?:the|an?|his|her|its|their|of)\s+[a-z][\w-]*\s+$")
_PLURAL_NOUN_AFTER_RE = re.compile(
    r"\s+(?!(?:his|this|was|has|does|is|as|us|its)\b)[a-z][a-z-]{2,}s\b(?!\s+(?:that|to)\b)"
)


def _is_compound_noun(text: str, verb: re.Match[str]) -> bool:
    """Is the reporting word `verb` in `text` the first part of a compound noun?"""
    word = verb.group("verb")
    return (
        # Only a base form is also a noun: "email", "report", never "said", "says".
        not word.endswith(("ed", "ing", "s"))
        and not re.fullmatch(_IRREGULAR_PAST, word)
        and bool(_MODIFIER_BEFORE_RE.search(text[: verb.start()]))
        and bool(_PLURAL_NOUN_AFTER_RE.match(text, verb.end()))
    )


# A reporting word's base form after a determiner or a number is a noun: "At one point,",
# "the report".
_DETERMINER_BEFORE_RE = re.compile(
    r"\b(?:the|a|an|this|that|one|every|each|some|any|no|his|her|its|their)\s+$", re.I
)


def _noun_use(text: str, verb: re.Match[str]) -> bool:
    """Is the reporting word `verb` in `text` a noun ("At one point, Lee said ...")?"""
    word = verb.group("verb")
    return (
        " " not in word
        and not word.endswith(("ed", "ing", "s"))
        and not re.fullmatch(_IRREGULAR_PAST, word)
        and bool(_DETERMINER_BEFORE_RE.search(text[: verb.start()]))
    )


def _has_verb(text: str) -> bool:
    """Does `text` hold a reporting, naming or stance word used as a verb?"""
    return any(
        not _NOUN_BEFORE_RE.search(text[: v.start()]) and not _is_compound_noun(text, v)
        for v in _VERB_RE.finditer(text)
    )


def _says_something(text: str) -> bool:
    """Does `text` hold a reporting verb used as a verb (not "secretary of state", not "a
    creative writing professor")?"""
    return any(
        not _NOUN_BEFORE_RE.search(text[: m.start()])
        and not _NOUN_AFTER_RE.match(text, m.end())
        # An "-ing" word before the phrase's last word, its head, qualifies that noun.
        and not (m.group("verb").endswith("ing") and _LAST_NOUN_RE.fullmatch(text, m.end()))
        for m in _SAY_RE.finditer(text)
    )


_LAST_NOUN_RE = re.compile(r"\s+[a-z][\w-]*\s*")


# After a verb-like word, "of" makes it a noun: "his home state of Vermont", "reports of fraud".
_NOUN_AFTER_RE = re.compile(r"\s+of\b")


def _previous_clause_subject(before: str) -> str:
    """The subject of a reporting clause that ends `before` with a comma: "..., Lee said, " or
    "..., said Ann Lee, " -> the name; "" otherwise."""
    verbs = list(_SAY_RE.finditer(before))
    if not verbs:
        return ""
    verb = verbs[-1]
    tail = before[verb.end() :]
    # `Lee said on "Morning Hour," adding`: a quoted title may close a where-or-when tail.
    titled = re.fullmatch(r"\s*(?:on|in)\s[^_“”\"():;,]{0,40}[“\"]_+[”\"]\s*", tail)
    # `said Rep. Bobby Scott (D-Va.) at the time, adding`: a party tag in the tail;
    # `Lee said before adding`: no comma before "before" or "after".
    if not titled and not re.fullmatch(
        r"(?:[^_“”\"():;]|\([^()_“”\"]{1,20}\)){0,60}(?:,|\b(?:before|after))\s*", tail
    ):
        return ""
    head = before[: verb.start()]
    if re.search(r"[_“”\"][\s,]*$", head):
        return _np_forward(tail)  # "..., said Ann Lee, adding"
    # "Lee said, adding", "Lee said at a rally in Ohio, adding": a short tail or a place or time.
    placed = re.match(rf"\s*(?:at|in|on|during|after|before|to|of|last|this|{_WEEKDAY})\b", tail)
    told = verb.group("verb") in ("told", "tells", "tell", "asked", "asks")  # "told a rally,"
    if len(tail.split()) > (10 if placed else 6 if told else 3) or _PASSIVE_RE.search(head):
        return ""
    return _subject_before(re.split(r"[_“”\"]", head)[-1])


def _sentence_subject(text: str, *, passive: bool = False) -> str:
    """The name that opens a sentence (after an introductory phrase set off by a comma, if any)
    and is followed by its verb: "Wilson praised ...", "On Monday, Sen. Ann Lee hit back ..." ->
    the name; "" when the sentence opens otherwise."""
    # "And then Trump went ...": a conjunction (and an adverb) opening the sentence.
    text = _CONJUNCTION_OPENING_RE.sub(lambda m: " " * len(m.group(0)), text, count=1)
    for count, match in enumerate(_INTRO_RE.finditer(text)):
        if count > 2:
            break
        subject = _SUBJECT_VERB_RE.match(text, match.end())
        if subject is None:
            continue
        participle = rf"(?:[a-z]+ed|{_IRREGULAR_PAST}|{_PARTICIPLES})"
        if not passive and (
            re.search(
                rf"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?{participle}$", subject.group(0)
            )
            or (
                re.search(r"\b(?:was|were|is|are)$", subject.group(0))
                and re.match(rf"\s+(?:\w+ly\s+)?{participle}\b", text[subject.end() :])
            )
        ):
            return ""  # "Lee was criticized by ...": the subject did not say it
        phrase = _subject_np(subject.group(1), whole=True)
        if phrase and phrase.split()[0].casefold() in _OPENING_PREPOSITIONS:
            # "Amid responses from some ..., Lee provided": a preposition and its noun are no
            # subject and verb; the subject may follow the comma.
            continue
        if phrase and phrase[:1].isupper():
            return phrase
        # "For months, Cruz had praised ...": an opening phrase read as a subject and a verb
        # ("For" and "months") names no one; the subject may follow its comma.
    return _described_subject(text)


_CONJUNCTION_OPENING_RE = re.compile(r"^\s*(?:And|But|Yet|So)\s+(?:(?:then|later|also|now)\s+)?")
_OPENING_PREPOSITIONS = frozenset(
    lexicon.words(
        """
        amid among after before during despite following in on at for from with without within
        since until under over against about as by through throughout upon
        """
    )
)
# Where a sentence's subject may start: its beginning, or after up to two introductory phrases
# each ending with a comma ("On Thursday, after the vote, Lee ...").
_INTRO_RE = re.compile(r"^\s*|(?<=,)\s+(?=[A-Z])")
_IRREGULAR_PAST = (
    "went|made|took|gave|hit|sat|met|spoke|stood|did|was|is|had|has|came|got|put|held|sent|"
    "left|ran|won|lost|struck|fought|broke|brought|kept|began|threw|drew|wore|shot|swung|"
    "said|told|wrote|spent|led|read|set|cut|let|paid|sought|taught|thought|felt|fell|rose"
)
# A subject of one to six capitalised words (with an abbreviated title or a parenthesis such as
# "(D-Md.)"), optional adverbs, then a finite verb.
_SUBJECT_VERB_RE = re.compile(
    rf"((?:[A-Z][\w'’.-]*(?:\s+\([^()]{{1,20}}\))?\s+){{0,5}}"
    rf"[A-Z][\w'’.-]*(?:\s+\([^()]{{1,20}}\))?)"
    rf"(?:,\s+(?:who|whose|an?|the|himself|herself|(?:[A-Z][\w-]*\s+){{0,2}}[A-Z][\w-]*['’]s)"
    rf"\s[^,;:_“”\"]{{1,120}},)?\s+"
    rf"(?:(?:{_AUX}|(?-i:[a-z]{{3,}}ly))\s+){{0,3}}(?:[a-z]+(?:ed|es|s)|{_IRREGULAR_PAST}|"
    # "Weaver didn't seem impressed": a negated or modal verb in its bare form.
    rf"(?:(?:did|does|could|would|will)n['’]t|won['’]t|(?:did|does)\s+not)\s+[a-z]{{3,}})\b"
)


_PARTICIPLES = "taken|given|gone|done|seen|shown|spoken|written|broken|chosen|risen|begun|come"
# A finite verb in the active voice, with its auxiliaries and adverbs: "criticized", "has taken",
# "later walked back", "didn't seem".
_FINITE_VERB_RE = re.compile(
    rf"(?:(?:has|have|had|did|does|didn['’]t|doesn['’]t|also|later|recently|then|again|"
    rf"(?-i:[a-z]{{3,}}ly))\s+){{0,3}}(?<![\w'’-])(?:[a-z]{{2,}}ed|{_IRREGULAR_PAST}|{_PARTICIPLES})\b"
)
_PASSIVE_BEFORE_RE = re.compile(r"\b(?:was|were|is|are|been|being|be)\s+(?:\w+ly\s+)?$")
# "on Saturday", "last week", "in a statement": when, between a subject and its verb.
_WHEN_RE = re.compile(
    rf"\s+(?:on\s+{_WEEKDAY}|(?:last|this)\s+(?:week|month|year|night|{_WEEKDAY})|{_WEEKDAY}|"
    rf"(?:in|on)\s+(?:a|an|the)\s+\w+(?:\s+\w+)?)(?=\s|,|$)",
    re.I,
)


def _described_subject(text: str) -> str:
    """The subject of a sentence's first verb when it is a name with descriptions around it:
    "Democratic presidential candidate Sen. Bernie Sanders (I-Vt.) on Saturday criticized",
    "Michael J. Petrilli, president of the Fordham Institute, tied", "Former Secretary of
    State Madeleine Albright recently urged" -> the name; "" otherwise (and for a passive)."""
    for count, intro in enumerate(_INTRO_RE.finditer(text)):
        if count > 2:
            break
        verb = _FINITE_VERB_RE.search(text, intro.end(), intro.end() + 200)
        if verb is None:
            continue
        subject = text[intro.end() : verb.start()]
        if (
            not subject.strip()
            or _PASSIVE_BEFORE_RE.search(subject)
            or re.search(r"[_“”\";:]", subject)
            or _says_something(subject)
        ):
            continue
        subject = _WHEN_RE.sub("", " " + subject).strip()
        subject = re.sub(r"\s*\([^()]{1,40}\)", "", subject)
        if subject.endswith(","):
            # "Trump's state director, Mike Rubino, reached out ..., writing": the name.
            phrase = _role_then_name(subject) or _opening_subject(subject)
        else:
            phrase = _subject_np(subject, whole=True) or _described_name(subject)
        if phrase and phrase[:1].isupper():
            return phrase
    return ""


# Words that make what follows them someone else than the subject: "the aide to Sen. Lee",
# "the wife of Ann Lee", "Lee's spokesman".
_NOT_DESCRIBING_RE = re.compile(
    r"\b(?:of|for|to|at|with|from|by|and|or|but|who|whose|which|that)\b|['’]s?\b", re.I
)


def _described_name(subject: str) -> str:
    """ "Democratic presidential candidate Sen. Ann Lee" -> "Sen. Ann Lee": the name that ends a
    subject after words only describing it; "" otherwise."""
    phrase = re.sub(r"^(?:[a-z][\w-]*\s+)+", "", _subject_np(subject, whole=False))
    if not phrase or not phrase[:1].isupper():
        return ""
    prefix = subject[: len(subject) - len(phrase)].strip()
    if len(prefix.split()) > 5 or _NOT_DESCRIBING_RE.search(prefix):
        return ""
    return phrase


_PASSED_ON_BY_RE = re.compile(
    r"\s+(?:obtained|seen|reviewed|published|released|leaked)\s+by\s+[^,;:_“”\"]{1,80}$"
)


# A short phrase of occasion right after a capitalised word: "in his announcement speech".
_SETTING_AFTER_NAME_RE = re.compile(
    r"\b[A-Z][\w'’.-]*(?P<setting>\s+(?:in|at|during)\s+(?:a|an|the|his|her|its|their)\s+"
    r"(?P<words>(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*))$"
)
# Words that show the phrase runs on into a clause of its own ("at an activist as she").
_NOT_OCCASION = _CLAUSE_WORDS | frozenset(["he", "she", "it", "they", "we", "i", "you"])


def _subject_before(text: str) -> str:
    """The subject noun phrase that ends `text` (the words before a reporting verb)."""
    text = _AUX_TAIL_RE.sub("", " " + text).rstrip()
    setting = _SETTING_AFTER_NAME_RE.search(text)
    if setting and not set(setting.group("words").split()) & _NOT_OCCASION:
        # "Trump in his announcement speech called", "Sanders in the past has criticized": the
        # occasion between a name and its verb.
        text = _AUX_TAIL_RE.sub("", " " + text[: setting.start("setting")]).rstrip()
    # "A letter from the Legion obtained by the Herald warns": whoever obtained the words
    # passes them on; the subject's head comes before.
    text = _PASSED_ON_BY_RE.sub("", text)
    # "Rep. Bobby Scott (D-Va.)", and the comma some copy puts after it: "Gov. Lee (R-OH), said".
    text = re.sub(r"\s*\([^()]{1,40}\),?$", "", text)
    # "Jo Park — a teacher from Dayton — says": a description between dashes, as between commas.
    text = re.sub(r"\s+[—–]\s+([^—–_“”\"]{1,120}?)\s+[—–]$", r", \1,", text)
    placed = re.search(
        r"(?:^|(?<=[,.;:\n]))\s*((?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]*)\s+(?:of|from)\s+"
        r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?"
        r",\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?,?$",
        text,
    )
    if placed:
        # "Jo Park of Columbia, South Carolina says": the person, then where they are from.
        return _subject_np(placed.group(1), whole=False)
    relative = re.search(r",\s*who(?:\s+\w+ly)?$", text)
    if relative:
        text = text[: relative.start()]
    if text.endswith(","):
        # "Colin Asplin, Blackpool Hotel Association," : the appositive's head is the subject.
        inner = text[:-1]
        comma = inner.rfind(",")
        if comma < 0 or len(inner) - comma > 160 or re.search(r"[_“”\"]", inner[comma:]):
            return _opening_subject(text)
        appositive = inner[comma + 1 :]
        participle = re.match(r"\s*[a-z]+ing\b", appositive)
        # "Lee, who says the plan will fail,": a relative clause only describes the subject.
        relative_clause = re.match(r"\s*who\b", appositive) and "," not in inner[:comma]
        if not relative_clause and _says_something(
            appositive[participle.end() :] if participle else appositive
        ):
            return ""  # "The plan, Lee said, ...": a reporting clause of its own
        head = inner[:comma]
        named = _role_then_name(text)
        if named:
            return named
        if "," in head:
            # "Cory James, 22, of Flint, Mich.,": the name opening the chain of appositives;
            # "In a statement, Brian Fallon, a spokesman,": the name after the opening phrase.
            return _opening_subject(text) or _subject_np(head.rsplit(",", 1)[1], whole=True)
        return _subject_np(re.sub(r"\s*\([^()]{1,40}\)$", "", head), whole=False) or (
            _opening_subject(text)
        )
    return _subject_np(text, whole=False)


def _role_then_name(text: str) -> str:
    """ "Lee's campaign manager, Jo Park," -> "Jo Park": a role described by whose it is, then
    the name, set off by commas; "" otherwise."""
    match = re.fullmatch(
        r"(?P<head>[^_“”\"]*?(?:\w['’]s?|\b(?i:his|her|its|their))\s+"
        # The role may name a place or body ("Trump's Virginia state director") but ends in a
        # lower-case word.
        r"(?:[A-Za-z][\w-]*\s+){0,3}[a-z][\w-]*\s*),"
        r"\s*(?P<name>(?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]*)\s*,",
        text.strip(),
    ) or re.fullmatch(
        # "The leader of the Harbor League, Jo Park,", "A top strategist, Jo Park,": a role
        # (and whose it is), then the name.
        r"(?:[^_“”\"]*?,\s*)?(?P<head>(?i:the|an?|another)\s+(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*"
        r"(?:\s+(?:of|at|for|on|from)\s+[^,_“”\"]{1,60}?)?),"
        r"\s*(?P<name>(?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]*)\s*,",
        text.strip(),
    )
    return match.group("name") if match else ""


# After an inverted verb, a role (whose it is, or "the"/"a") set off by a comma, then the name it
# describes: `said the deputy campaign manager, Ann Lee, who ...`. A role "of/for" someone is
# left out (`said a spokesman for the mayor, Ann Lee`: the name may be the mayor's), and so is a
# name that goes on ("Ann Lee and Tom Ross").
_INVERTED_ROLE_NAME_RE = re.compile(
    r"\s*(?:(?i:the|an?|his|her|its|their)|[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,3}['’]s?)"
    r"(?P<role>(?:\s+[a-z][\w'’-]*){1,4}),"
    r"\s*(?P<name>(?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]*)(?=\s*(?:[,.;]|$|\swho\b))"
)


def _inverted_role_then_name(after_verb: str) -> str:
    """`said the campaign's spokeswoman, Jo Park,` -> "Jo Park"; "" otherwise."""
    match = _INVERTED_ROLE_NAME_RE.match(after_verb)
    if match is None:
        return ""
    role = match.group("role").split()
    if role[-1] in ("of", "for", "at", "and", "or") or set(role) & {"of", "for", "and", "or"}:
        return ""
    return match.group("name")


# One appositive of a sentence's subject: an age ("22"), a description in lower case ("a
# Philadelphia freelance photographer", "who lives in Sacramento"), a state ("Mich.", "South
# Carolina").
_APPOSITIVE = (
    r"(?:\d{1,3}|[a-z(][^,;:“”\"]{0,120}?|[A-Z][a-z]{1,4}\.|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
)
_OPENING_SUBJECT_RE = re.compile(
    rf"\s*(?P<head>[^,_“”\"]{{1,80}}?)(?:\s*\([^()]{{1,40}}\))?"
    rf"(?P<middle>(?:,\s*{_APPOSITIVE}){{1,4}}),\s*"
)


def _opening_subject(text: str) -> str:
    """The name that opens `text` when everything after it is appositives ending with a comma:
    "Cory James, 22, of Flint, Mich.," -> "Cory James"; "" otherwise."""
    match = _OPENING_SUBJECT_RE.fullmatch(text)
    if match is None or _says_something(match.group("middle")):
        return ""
    if re.match(r",\s*[A-Z][a-z]+\s[A-Z][a-z]+(?:,|$)", match.group("middle")):
        return ""  # "Ann Lee, Tom Ross, Jo Park,": a list of people, not one described
    phrase = _subject_np(match.group("head"), whole=True)
    return phrase if phrase[:1].isupper() else ""


def _subject_np(text: str, *, whole: bool) -> str:
    """A subject noun phrase at the end of `text` (all of `text` when `whole`), or ""."""
    text = text.strip()
    if whole:
        text = re.sub(r"\s*\([^()]{1,40}\)", "", text)
        if "," in text:
            head, _, appositive = text.partition(",")
            if _SAY_RE.search(appositive) or re.search(r"[_“”\"]", appositive):
                return ""
            text = head.strip()
    words = re.findall(r"\S+", text)
    taken: list[str] = []
    for word in reversed(words):
        core = word
        if core.endswith(".") and not _ABBREVIATION_RE.search(core):
            break
        if re.search(r"[,;:!?_“”\"()]", core):
            break
        folded = core.casefold().rstrip(".")
        if not taken and folded in ("he", "she", "it", "they", "i", "we"):
            return core if not whole or len(words) == 1 else ""
        if core[:1].isupper() or folded in _NP_LOWER or re.fullmatch(r"[A-Z]\.", core):
            if (
                folded in _CLAUSE_WORDS - {"the", "of", "for", "and", "at"}
                and not core[:1].isupper()
            ):
                break
            taken.insert(0, core)
            if len(taken) > 10:
                return ""
            continue
        break
    if whole and len(taken) != len(words):
        prefix = words[: len(words) - len(taken)]
        if not (
            any(w[:1].isupper() for w in taken)
            and len(prefix) <= 3
            and all(
                _DESCRIPTOR_RE.fullmatch(w) and w not in _CLAUSE_WORDS and w not in _NOT_DESCRIPTOR
                for w in prefix
            )
        ):
            return ""
        # "political scientist Christopher Wlezien told ...": the words describe the name.
        taken = [*prefix, *taken]
    if taken and re.search(r"['’]s?$", taken[-1]):
        return ""  # "Trump's comments are": a possessive, so the "verb" is a noun
    while taken and taken[0].casefold() in ("of", "for", "and", "at"):
        taken.pop(0)
    # A capitalised sentence opener is no part of the name: "But Smith", "Meanwhile Jones".
    while (
        len(taken) > 1
        and taken[0].casefold() in lexicon.NOT_NAME_WORDS
        and not (
            taken[0].casefold() in lexicon.DETERMINERS
            or taken[0].casefold().rstrip(".") in lexicon.ABBREVIATED_TITLES
            or taken[0].casefold() in lexicon.HONORIFICS
            or taken[0].casefold() in lexicon.ROLE_WORDS
            or taken[0].casefold() in lexicon.ROLE_MODIFIERS
        )
    ):
        taken.pop(0)
    if not taken or not any(
        w[:1].isupper()
        or w.casefold() in lexicon.ROLE_WORDS
        or w.casefold() in lexicon.SPOKESPERSON_WORDS
        or w.casefold() in lexicon.DOCUMENT_NOUNS
        for w in taken
    ):
        return ""
    return " ".join(taken)


# -- rule 3: according to -------------------------------------------------------------------


def _according(context: str, frame: tuple[int, int], quote: Quote) -> list[tuple[str, int]]:
    window = context[frame[0] : frame[1]]
    match = re.search(r"\b[Aa]ccording\s+to\s+(.{1,120})", window)
    if not match:
        return []
    phrase = _np_forward(match.group(1))
    return [(phrase, frame[0] + match.start())] if phrase else []


# -- a quotation paragraph signed by the next one -------------------------------------------

# "— Bernie Sanders." or "-Michelle Marks, Philadelphia.": a paragraph that only names who
# said the quotation paragraph above it.
_SIGNATURE_RE = re.compile(
    r"\n+[ \t]*[-–—][ \t]*([^\s,.;:_“”\"\n][^,;:_“”\"\n]{1,60}?)"
    r"(?:,[^\n_“”\"]{0,80})?\.?[ \t]*(?:\n|$)"
)


def _signed(context: str, frame: tuple[int, int], quote: Quote) -> list[tuple[str, int]]:
    line_start = context.rfind("\n", 0, quote.open_at) + 1
    close = quote.close_at if quote.close_at >= 0 else quote.end - 1
    line_end = context.find("\n", close)
    if line_end < 0 or context[line_start : quote.open_at].strip():
        return []
    if context[close + 1 : line_end].strip(" .,!?\t"):
        return []  # the paragraph goes on after the quotation
    signature = _SIGNATURE_RE.match(context, line_end)
    if signature is None:
        return []
    phrase = _subject_np(signature.group(1), whole=True)
    return [(phrase, signature.start(1))] if phrase[:1].isupper() else []


# -- rule 4: a quote continuing its speaker ------------------------------------------------


def _has_own_clause(context: str, frame: tuple[int, int], quote: Quote) -> bool:
    """Does the quote's own sentence hold a reporting verb outside quotes (which then named
    nobody we could resolve, so the quote must not inherit a speaker)?"""
    return bool(_VERB_RE.search(context, frame[0], frame[1]))


# A sentence that is only a reporting clause: "Ann Lee agreed.", "Lee went further:".
# A sentence that is only a reporting clause, with at most when, where or to whom it was said:
# "Lee agreed.", "Ann Lee, the party's director, said in a statement.", "Lee told reporters:".
_INTRO_SENTENCE_RE = re.compile(
    rf"(?:^|(?<=[.!?]\s)|(?<=\n))([A-Z][^_.:;!?“”\"\n]{{0,100}}?)\s+(?:(?:{_AUX})\s+)*"
    rf"(?:{_SAY}|went further|did not hold back)"
    rf"(?:\s+(?:reporters|journalists|supporters|the\s+crowd|the\s+audience))?{SETTING}[.:]\s*$"
)


def _introduced(
    quote: Quote, context: str, frame: tuple[int, int], registry: SpeakerRegistry
) -> tuple[NamedEntity, str, str] | None:
    """`Ann Lee agreed. "It is too late."`: a quote that opens its sentence right after a
    sentence that is only a reporting clause (in its paragraph or ending the one before) is that
    clause's; the clause may say when, where or to whom ("Ann Lee said in a statement on
    Friday.", "Lee told reporters:") but nothing that was said."""
    if context[frame[0] : quote.open_at].strip():
        return None
    window = context[max(0, frame[0] - 200) : frame[0]]
    match = _INTRO_SENTENCE_RE.search(window.rstrip("\n ") + " ")
    # The clause ends this quote's paragraph or the one before (blank lines between count once).
    phrase = ""
    if match and re.sub(r"\n[ \t]*(?=\n)", "", window[match.start() :]).count("\n") <= 1:
        phrase = _subject_np(_AUX_TAIL_RE.sub("", " " + match.group(1)).strip(), whole=True)
    phrase = phrase or _colon_paragraph_subject(context, quote)
    if not phrase:
        return None
    speaker = _resolve(registry, phrase, frame[0])
    return (speaker, "introduced", phrase) if speaker is not None else None


def _colon_paragraph_subject(context: str, quote: Quote) -> str:
    """`Lee issued the following statement:` ending the paragraph before a paragraph that opens
    with the quote: the subject of that sentence; "" otherwise."""
    line_start = context.rfind("\n", 0, quote.open_at) + 1
    if context[line_start : quote.open_at].strip():
        return ""
    previous = context[:line_start].rstrip()
    if not previous.endswith(":") or context[len(previous) : line_start].count("\n") > 2:
        return ""
    paragraph = previous[previous.rfind("\n") + 1 : -1]
    ends = list(re.finditer(r"[.!?][\"”’)]*\s+(?=[A-Z“\"])", paragraph))
    sentence = paragraph[ends[-1].end() :] if ends else paragraph
    return _colon_clause_subject(sentence)


def _colon_clause_subject(sentence: str) -> str:
    """The subject of a sentence (without its colon) that introduces a quote: `Lee went even
    further`, `When Lee died, Ann Park released the following statement` -> the name; ""
    when the sentence holds a quote of its own or is long."""
    if len(sentence) > 200 or re.search(r"[_“”\"]", sentence):
        return ""
    # The clause nearest the colon introduces the quote: "The Ledger made the claim in May, and
    # the council responded:", "When Lee died, Ann Park released the following statement:".
    inverted = _INVERTED_OPENING_RE.match(sentence)
    if inverted:
        # "Stated Ann Lee:": the speaker after an inverted verb.
        phrase = _np_forward(sentence[inverted.end() :])
        return phrase if phrase[:1].isupper() else ""
    clauses = re.split(r",\s+(?:and\s+|but\s+)?", sentence)
    for index in range(len(clauses) - 1, -1, -1):
        clause = clauses[index]
        if index < len(clauses) - 1 and re.match(_SUBORDINATE, clause, re.I):
            break
        phrase = _sentence_subject(clause)
        if phrase:
            return phrase
    return ""


_SUBORDINATE = r"(?:when|if|as|after|before|while|because|although|though|since|once|until)\b"
_SUBORDINATE_OPENING_RE = re.compile(rf"(?:^|[,;]\s*|\s)(?i:{_SUBORDINATE})\s+(?=[A-Z])")


def _subordinate_subject(text: str) -> str:
    """The name opening the last subordinate clause of `text` when its verb follows at once and
    nothing but that clause runs to the end: "such as when Cruz knocked Rubio on trade" ->
    "Cruz"; "" otherwise."""
    openings = list(_SUBORDINATE_OPENING_RE.finditer(text))
    if not openings:
        return ""
    rest = text[openings[-1].end() :]
    if re.search(r"[,;:_“”\"]", rest):
        return ""
    subject = _SUBJECT_VERB_RE.match(rest)
    if subject is None or re.search(r"\b(?:was|were|is|are|been|being)\b", subject.group(0)):
        return ""  # "when Lee was criticized by Ross and called him ...": left alone
    phrase = _subject_np(subject.group(1), whole=True)
    return phrase if phrase[:1].isupper() else ""


def _carry_over(
    quote: Quote,
    done: Sequence[Attribution],
    context: str,
    lines: list[tuple[int, int]],
) -> Attribution | None:
    """The attribution `quote` continues (its speaker, or the unresolved name it was given),
    with the rule that says how; None when it continues none."""
    earlier = [a for a in done if a.quote.depth == 0 and a.quote.end <= quote.start]
    if not earlier or earlier[-1].rule == "own_page":
        return None
    previous = earlier[-1]
    if previous.speaker is None and not previous.written:
        return None
    attributed = previous.rule in ("before", "after", "split") or (
        previous.speaker is None and previous.rule in ("unresolved", "split")
    )
    prev_close = previous.quote.close_at if previous.quote.close_at >= 0 else previous.quote.end
    between = context[prev_close + 1 : quote.open_at]
    if "\n" not in between and context[quote.open_at - 1 : quote.open_at].isspace():
        # `X added he was "saddened" by it. "The abuse is shocking."`: a quote that makes up a
        # sentence right after the attributed quote's sentence, in the same paragraph.
        ends = re.findall(r"[.!?]\s", between)
        quote_ends_sentence = re.search(
            r"[.!?][\"”’]*\s*$", context[previous.quote.end : quote.open_at]
        )
        if (
            len(ends) == 1
            and len(between) <= 200
            and quote_ends_sentence
            and attributed
            and not _SAY_RE.search(between.split(".")[-1])
        ):
            return replace(previous, quote=quote, rule="follows")
    if "\n" not in between:
        # `"A," she said. "B."`: only the previous quote's own clause in between.
        clause = between.strip(" ,.;:—–-")
        if (
            len(between) <= 100
            and (not clause or _SAY_RE.search(clause))
            and (not clause or re.search(r"[.]\s*$", between) or between.rstrip().endswith(","))
        ):
            return replace(previous, quote=quote, rule="split")
        return None
    # A paragraph that opens with a quote, right after a paragraph that ended with an
    # attributed quote and its clause.
    here = _line_index(lines, quote.open_at)
    there = _line_index(lines, prev_close)
    if here != there + 1:
        return None
    line_start = lines[here][0]
    if context[line_start : quote.open_at].strip():
        return None
    if context[quote.open_at] in "‘'" and context[previous.quote.open_at] in '“"':
        # `'We're vetting candidates!'` after a paragraph of "..." quotes: a heading in single
        # marks, not the speaker's next paragraph (which would open with the same mark).
        return None
    previous_tail = context[prev_close + 1 : lines[there][1]]
    if len(previous_tail) > 100 or (
        previous_tail.strip(" ,.") and not _SAY_RE.search(previous_tail)
    ):
        return None
    return replace(previous, quote=quote, rule="follows")


def _line_index(lines: list[tuple[int, int]], position: int) -> int:
    lo, hi = 0, len(lines) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lines[mid][0] <= position:
            lo = mid
        else:
            hi = mid - 1
    return lo


# -- reported speech ------------------------------------------------------------------------


_SETTING_THEN_COMMA_RE = re.compile(
    rf"(?:(?:on|in|at|during|last|this|earlier|later)\b[^,;:]{{0,40}}|{_WEEKDAY}),", re.I
)


def reported_clauses(
    text: str,
    sentences: Sequence[Span],
    registry: SpeakerRegistry,
    quotes: Sequence[Quote] = (),
) -> list[ReportedClause]:
    """`Smith said (that) CLAUSE.`: the clause and its speaker. Quote marks may only stand inside
    the clause (`Smith said the plan was "dead"`): the verb and its subject are read outside
    quotes."""
    titles = [q for q in quotes if _is_told_title(text, q)]
    top = [q for q in quotes if q.depth == 0 and q not in titles]
    masked = _unquote(_mask(text, top), titles) if quotes else text
    out = []
    for span in sentences:
        sentence = masked[span.start : span.end]
        mark = re.search(r"[“”\"]", sentence)
        if mark and not quotes:
            continue
        verb = next((v for v in _SAY_RE.finditer(sentence) if not _noun_use(sentence, v)), None)
        if verb is None or verb.group("verb").endswith("ing"):
            continue
        if mark and mark.start() < verb.end():
            continue
        before = sentence[: verb.start()]
        if _PASSIVE_RE.search(before) or re.search(r"\b(?:to|who|which|that|if)\s+$", before, re.I):
            continue
        phrase = _subject_before(before)
        if not phrase or not (before.strip() == phrase or before.rstrip().endswith(phrase)):
            continue
        # Only a subject opening the sentence (after an introductory phrase, if any).
        lead = before[: before.rstrip().rfind(phrase)].strip()
        if lead and not lead.endswith(","):
            continue
        rest = sentence[verb.end() :]
        clause = (
            re.match(
                r"(?:\s+(?:[a-z]+\s+){0,2}?(?:on|in)\s+\w+day)?(?:\s+(?:reporters|[A-Z][\w.’']*(?:\s+[A-Z][\w.’']*){0,3}))?\s*,?\s+that\s+",
                rest,
            )
            if verb.group("verb") in ("told", "tells", "tell", "warned", "warns", "reminded")
            else re.match(r"\s+(?:(?:on|in|last)\s+\w+\s+)?(?:that\s+)?", rest)
        )
        if clause is None:
            continue
        body = rest[clause.end() :].rstrip(" .!?")
        if len(body.split()) < 4 or not (body[:1].isalpha() or body[:1].isdigit()):
            continue
        if lead and _SETTING_THEN_COMMA_RE.match(body):
            # "The plan failed, the Herald reported on Thursday, two days after ...": the
            # verb is followed by when or where, then the sentence goes on; what was reported
            # came before it.
            continue
        if mark and (_says_something(body) or mark.start() < verb.end() + clause.end()):
            continue  # another reporting clause inside: whose words are quoted is unclear
        speaker = _resolve(registry, phrase, span.start + verb.start())
        if speaker is None:
            continue
        start = span.start + verb.end() + clause.end()
        registry.note(speaker, phrase, position=span.start)
        out.append(ReportedClause(start, start + len(body), speaker, phrase))
    return out
