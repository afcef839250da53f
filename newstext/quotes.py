"""Direct quotations: finding them and attributing them to a speaker.

Finding (`find_quotes`): quote marks are read left to right with a stack, one paragraph (line) at a
time. Curly marks say which way they face; a straight double quote faces by context (after a space
or an opening bracket it opens, after a word or punctuation it closes); a closing single mark
between two letters is an apostrophe. Single quotes never run past their paragraph. A double quote
still open at the end of its paragraph continues when the next paragraph opens with a quote mark
(the print convention), or when it opened its paragraph and a later paragraph ends with a closing
mark (a statement printed as one quote over several paragraphs); otherwise it ends with its
paragraph. Stray closing marks are ignored. Every quote keeps one part per paragraph, and
`body[part.start:part.end] == part.text` exactly.

Attribution (`attribute_quotes`), first rule that names a speaker wins:
1. right after the quote: `,” said Richard Gold`, `,” the JLM said`, `”, Newmark affirms`,
   `” that John McDonnell spoke about`;
2. earlier in the quote's sentence, the nearest "speaker + reporting verb": `Caplin said: “`,
   `A JLM spokesman told Jewish News: “`, `Corbyn wrote: “`, `the Party has said that ... “`,
   `says Newmark, “` (verb first for say-type verbs); naming verbs ("referred to", "called") only
   bind a quote that follows them directly; "according to X" anywhere in the sentence;
3. the sentence opens with the speaker and the quote follows at once: `JLM “cannot participate`;
4. a quote split by its attribution (`“A,” he said. “B.”`), or a quote that opens its sentence
   right after an attributed quote in the same or one of the two previous paragraphs, continues
   that speaker;
5. on an organisation's own page (a statement, press release, speech, interview or letter, or
   any post of a listing), an unattributed top-level quote is the item's signatory, speech or
   interview subject, or else the publisher.
Quotes inside other quotes are attributed only by rules 1-3 (their words belong to someone the
outer speaker quotes). A quote with no speaker stays unattributed and is not a claim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .sentences import Span, sentence_at, split_sentences
from .speakers import PERSON, Speaker, SpeakerRegistry

__all__ = ["Attribution", "Quote", "QuotePart", "attribute_quotes", "find_quotes"]

_OPEN_D, _CLOSE_D, _OPEN_S, _CLOSE_S = "open_d", "close_d", "open_s", "close_s"
_MARKS = "“”\"‘’'"
_MARK_RE = re.compile(r"[“”\"‘’']")
# How far a multi-paragraph quote that opened its paragraph may run looking for its end.
MAX_QUOTE_PARAGRAPHS = 30
MAX_LOOKBACK = 400
MAX_CLAUSES = 6

_SAY_VERBS = (
    "said|says|say|told|tells|tell|wrote|writes|write|added|adds|add|asked|asks|continued|continues|"
    "went on|goes on|explained|explains|replied|replies|answered|answers|insisted|insists|"
    "declared|declares|affirmed|affirms|laments|lamented|growls|growled|concluded|concludes|"
    "stated|states|warned|warns|claimed|claims|argued|argues|announced|announces|noted|notes|"
    "responded|responds|admitted|admits|acknowledged|acknowledges|suggested|suggests|"
    "commented|comments|remarked|remarks|recalled|recalls|recognised|recognises|recognized|"
    "spoke about|spoke of|speaks of|told reporters|tweeted|posted"
)
_OTHER_VERBS = (
    "accused|accuses|criticised|criticises|criticized|urged|urges|cites|cited|called for|"
    "calls for|believes|believed|described|describes|demanded|demands|pledged|pledges|"
    "promised|promises|vowed|vows|denied|denies|condemned|condemns|welcomed|welcomes|"
    "thinks|thought|feels|felt|hopes|hoped|signs off with|signed off with"
)
_NAMING_VERBS = "referred to|refers to|called|calls|dubbed|labelled|labeled|branded|termed"
_VERB_RE = re.compile(
    rf"\b(?:(?:has|have|had|also|then|later|previously|once|has also|had also)\s+)*"
    rf"(?P<verb>{_SAY_VERBS}|{_OTHER_VERBS}|{_NAMING_VERBS})\b",
    re.I,
)
_SAY_RE = re.compile(rf"^(?:{_SAY_VERBS})$", re.I)
_NAMING_RE = re.compile(rf"^(?:{_NAMING_VERBS})$", re.I)
# Words allowed inside a speaker noun phrase besides capitalised words.
_NP_LOWER = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "for",
        "and",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "spokespeople",
        "source",
        "sources",
        "official",
        "officials",
        "leader",
        "chair",
        "chairman",
        "secretary",
        "party",
        "group",
        "organisation",
        "organization",
        "union",
        "statement",
        "letter",
        "movement",
        "body",
        "campaign",
        "charity",
        "committee",
        "council",
        "government",
        "spokes",
        "representative",
        "aide",
        "insider",
        "deputy",
        "general",
        "national",
        "shadow",
        "members",
        "member",
        "labour",
        "parliamentary",
        "chief",
        "office",
        "press",
        "message",
        "email",
        "report",
        "note",
    ]
)
# A capitalised word after an inverted verb; a full stop ends the phrase except after an initial
# or an honorific ("said Mr. J. Smith.").
_FWD = r"(?:(?:Mr|Mrs|Ms|Dr|St|[A-Z])\.|[A-Z][\w'’-]*)"
# Lowercase words that may stand before the name in "said campaigner Ann Lee", "said party
# leader Jo Bloggs": anything but function words.
_ROLE_WORD = (
    r"(?!(?:that|in|on|at|to|for|with|about|nothing|it|this|as|by|from|of|and|but|or|so|not|"
    r"no|after|before|when|while|he|she|they|we|i)\b)[a-z][a-z-]*"
)
_PRONOUN_RE = re.compile(r"^(?:he|she|they|it|i|we)$", re.I)


@dataclass(frozen=True, slots=True)
class QuotePart:
    """One paragraph's share of a quote: body[start:end] == text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation. `start`/`end` span its words inside the outer marks (trimmed); `open_at` and
    `close_at` are the marks' offsets (close_at == -1 when the page never closed it)."""

    start: int
    end: int
    text: str
    open_at: int
    close_at: int
    depth: int
    parts: tuple[QuotePart, ...]


@dataclass(frozen=True, slots=True)
class Attribution:
    quote: Quote
    speaker: Speaker | None
    rule: str
    surface: str = ""


# -- finding --------------------------------------------------------------------------------


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _classify(text: str, i: int) -> str | None:
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch == "“":
        return _OPEN_D
    if ch == "”":
        return _CLOSE_D
    if ch == "‘":
        return None if nxt.isdigit() and not prev.isalnum() else _OPEN_S
    if ch in "’'":
        if prev.isalnum() and nxt.isalnum():
            return None  # apostrophe: don't, Party’s
        if ch == "'" and (prev.isspace() or prev in '([{—–-“"') and nxt.isalpha():
            return _OPEN_S
        return _CLOSE_S if not prev.isspace() else None
    # Straight double quote: faces by context.
    opens = prev.isspace() or prev in "([{—–-/“‘" or i == 0
    closes = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
    if opens and not nxt.isspace():
        return _OPEN_D
    if closes:
        return _CLOSE_D
    return "straight"


def find_quotes(text: str) -> list[Quote]:
    """All quotations in `text`, outer and nested, in order of their opening mark."""
    paragraphs = _paragraphs(text)
    quotes: list[Quote] = []
    stack: list[dict] = []
    index = 0
    while index < len(paragraphs):
        p_start, p_end = paragraphs[index]
        for match in _MARK_RE.finditer(text, p_start, p_end):
            i = match.start()
            kind = _classify(text, i)
            if kind is None:
                continue
            if kind == "straight":
                kind = _CLOSE_D if any(q["kind"] == "d" for q in stack) else _OPEN_D
            if kind == _OPEN_D:
                if (
                    stack
                    and stack[-1].get("continued_at") == index
                    and text[p_start:i].strip() == ""
                ):
                    stack[-1]["part_starts"][-1] = i + 1  # the continuation mark
                    continue
                stack.append(_new(i, "d", index))
            elif kind == _OPEN_S:
                stack.append(_new(i, "s", index))
            elif kind == _CLOSE_D:
                target = _find_open(stack, "d")
                if target is None:
                    target = _find_open(stack, "s") if text[i] == "”" else None
                if target is not None:
                    _close(text, stack, target, i, quotes)
            elif kind == _CLOSE_S:
                target = _find_open(stack, "s")
                if target is not None:
                    _close(text, stack, target, i, quotes)
        index = _end_paragraph(text, paragraphs, index, stack, quotes)
    for entry in stack:  # the text ended inside a quote: end it with its last paragraph
        _close(text, [entry], 0, -1, quotes, end=entry["part_ends_hint"])
    quotes.sort(key=lambda q: (q.open_at, -q.end))
    return quotes


def _new(at: int, kind: str, paragraph: int) -> dict:
    return {
        "at": at,
        "kind": kind,
        "part_starts": [at + 1],
        "part_ends": [],
        "paragraph": paragraph,
        "continued_at": None,
        "part_ends_hint": None,
    }


def _find_open(stack: list[dict], kind: str) -> int | None:
    for pos in range(len(stack) - 1, -1, -1):
        if stack[pos]["kind"] == kind:
            return pos
    return None


def _close(
    text: str,
    stack: list[dict],
    pos: int,
    close_at: int,
    quotes: list[Quote],
    *,
    end: int | None = None,
) -> None:
    entry = stack[pos]
    del stack[pos:]  # quotes opened inside and never closed are dropped
    ends = [*entry["part_ends"], close_at if close_at >= 0 else end]
    parts = []
    for start, stop in zip(entry["part_starts"], ends, strict=False):
        if stop is None or stop <= start:
            continue
        piece = text[start:stop]
        left = len(piece) - len(piece.lstrip())
        stripped = piece.strip()
        if stripped:
            parts.append(QuotePart(start + left, start + left + len(stripped), stripped))
    if not parts:
        return
    depth = len(stack)
    first, last = parts[0], parts[-1]
    quotes.append(
        Quote(
            start=first.start,
            end=last.end,
            text=text[first.start : last.end],
            open_at=entry["at"],
            close_at=close_at,
            depth=depth,
            parts=tuple(parts),
        )
    )


def _end_paragraph(
    text: str, paragraphs: list[tuple[int, int]], index: int, stack: list[dict], quotes: list[Quote]
) -> int:
    """Decide what happens to quotes still open at the end of paragraph `index`."""
    _p_start, p_end = paragraphs[index]
    # Single quotes never cross a paragraph.
    while stack and stack[-1]["kind"] == "s":
        stack.pop()
    if not stack:
        return index + 1
    outer = stack[0]
    del stack[1:]
    following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
    next_opens = following is not None and text[following[0]] in '“"'
    if next_opens:
        outer["part_ends"].append(p_end)
        outer["part_starts"].append(following[0])
        outer["continued_at"] = index + 1
        return index + 1
    opened_paragraph = paragraphs[outer["paragraph"]]
    opened_at_start = text[opened_paragraph[0] : outer["at"]].strip() == ""
    if opened_at_start and following is not None and outer["continued_at"] is None:
        closing = _closing_paragraph(text, paragraphs, index + 1)
        if closing is not None:
            outer["part_ends"].append(p_end)
            outer["part_starts"].append(following[0])
            outer["continued_at"] = -1  # runs on without marks until its closing paragraph
            return index + 1
    if outer["continued_at"] == -1 and following is not None:
        outer["part_ends"].append(p_end)
        outer["part_starts"].append(following[0])
        return index + 1
    # A quote the page never closed ends with its paragraph.
    _close(text, stack, 0, -1, quotes, end=p_end)
    return index + 1


def _closing_paragraph(text: str, paragraphs: list[tuple[int, int]], first: int) -> int | None:
    """The first paragraph from `first` on that ends with a closing double mark, provided no
    paragraph before it opens with a quote mark (that would be the other convention)."""
    for index in range(first, min(len(paragraphs), first + MAX_QUOTE_PARAGRAPHS)):
        start, end = paragraphs[index]
        if text[start] in '“"':
            return None
        tail = text[start:end].rstrip()
        if tail.endswith(("”", '"')) and _classify(text, start + len(tail) - 1) == _CLOSE_D:
            return index
    return None


# -- attribution ----------------------------------------------------------------------------


def attribute_quotes(
    text: str,
    quotes: Sequence[Quote],
    registry: SpeakerRegistry,
    *,
    sentences: Sequence[Span] | None = None,
    default_speaker: Speaker | None = None,
) -> list[Attribution]:
    """One Attribution per quote, in order (see the module docstring for the rules)."""
    spans = list(sentences) if sentences is not None else split_sentences(text)
    masked = _mask(text, [q for q in quotes if q.depth == 0])
    paragraphs = _paragraphs(text)
    results: list[Attribution] = []
    for quote in quotes:
        context = masked if quote.depth == 0 else _mask(text, _siblings(quotes, quote))
        sentence = sentence_at(spans, quote.open_at)
        sent_start = sentence.start if sentence else 0
        found = _attribute_one(quote, context, sent_start, spans, registry)
        if found is None and quote.depth == 0:
            found = _carry_over(quote, results, text, paragraphs, context, sent_start)
        if found is None and quote.depth == 0 and default_speaker is not None:
            found = (default_speaker, "own_page", "")
        if found is None:
            results.append(Attribution(quote, None, "none"))
            continue
        speaker, rule, surface = found
        registry.note(speaker, surface)
        results.append(Attribution(quote, speaker, rule, surface))
    return results


def _mask(text: str, quotes: Sequence[Quote]) -> str:
    """`text` with the words of `quotes` blanked out, so attribution never reads inside a quote."""
    chars = list(text)
    for quote in quotes:
        for i in range(quote.start, quote.end):
            if chars[i] != "\n":
                chars[i] = "_"
    return "".join(chars)


def _siblings(quotes: Sequence[Quote], quote: Quote) -> list[Quote]:
    return [
        q for q in quotes if q is not quote and not (q.start <= quote.start and quote.end <= q.end)
    ]


def _attribute_one(
    quote: Quote,
    context: str,
    sent_start: int,
    spans: Sequence[Span],
    registry: SpeakerRegistry,
) -> tuple[Speaker, str, str] | None:
    after_at = quote.close_at + 1 if quote.close_at >= 0 else quote.end
    for rule, finder in (
        ("after", lambda: _after(context, after_at)),
        ("before", lambda: _before(context, sent_start, quote.open_at)),
        ("subject", lambda: _subject(context, sent_start, quote.open_at)),
        ("according_to", lambda: _according(context, spans, quote.open_at)),
    ):
        for phrase, position in finder():
            speaker = registry.resolve(phrase, position=position, sentence_start=sent_start)
            if speaker is not None:
                return speaker, rule, phrase
    return None


def _np_backward(text: str, end: int) -> tuple[str, int]:
    """The noun phrase that ends at `end` (the subject of a verb that follows it)."""
    window = text[max(0, end - 160) : end]
    # Skip a parenthetical between subject and verb: "The organisation - which ... 1920 - said".
    window = re.sub(r"\s[-–—]\s[^-–—\n]{1,140}\s[-–—]\s*$", " ", window)
    window = re.sub(r",\s+(?:who|which)\b[^,\n]{1,140},\s*$", " ", window)
    # "Peter Willsman, who referred to ...": the relative pronoun stands for the phrase before it.
    relative = re.search(r",\s+who\s*$", window)
    if relative:
        window = window[: relative.start()]
    taken: list[str] = []
    boundary = len(window)
    for token in reversed(list(re.finditer(r"[\w'’.-]+", window))):
        if window[token.end() : boundary].strip():
            break  # punctuation between words ends the phrase
        word = token.group(0)
        if not taken and _PRONOUN_RE.match(word):
            return word, end
        if not (word[0].isupper() or word.casefold() in _NP_LOWER):
            break
        taken.insert(0, word)
        boundary = token.start()
        if len(taken) >= 8:
            break
    while taken and taken[0].casefold() in ("of", "for", "and"):
        taken.pop(0)
    return " ".join(taken), end


def _np_forward(text: str, start: int) -> str:
    """The noun phrase right after an inverted verb: "says Newmark," / "said Richard Gold."."""
    match = re.match(
        rf"\s*((?:(?:the|a|an)\s+)?(?:{_ROLE_WORD}\s+){{0,3}}(?:{_FWD}|he|she|they|it)"
        rf"(?:\s+(?:{_FWD}|of|the))*)",
        text[start : start + 120],
    )
    return match.group(1).strip() if match else ""


def _after(context: str, at: int) -> list[tuple[str, int]]:
    """Rule 1: an attribution right after the closing mark."""
    window = context[at : at + 160].split("\n", 1)[0]
    lead = re.match(r"^[\s,.;:!?—–-]*(?:that\s+|which\s+|as\s+)?", window)
    rest_at = lead.end() if lead else 0
    rest = window[rest_at:]
    if "_" in rest[:3]:
        return []
    verb_first = re.match(rf"^(?P<verb>{_SAY_VERBS})\b", rest, re.I)
    if verb_first:
        phrase = _np_forward(rest, verb_first.end())
        return [(phrase, at + rest_at)] if phrase else []
    verb = _VERB_RE.search(rest[:100])
    if verb is None:
        return []
    between = rest[: verb.start()]
    if re.search(r"[.;:!?“”\"_]", between) or len(between.split()) > 8:
        return []
    phrase, _ = _np_backward(rest, verb.start())
    if not phrase or phrase.strip() != between.strip().rstrip(","):
        return []
    return [(phrase, at + rest_at)]


def _before(context: str, sent_start: int, open_at: int) -> list[tuple[str, int]]:
    """Rule 2: reporting clauses earlier in the sentence, nearest first."""
    # Reporting clauses sit close to their quote: look back at most MAX_LOOKBACK characters and
    # MAX_CLAUSES verbs (this also bounds the work on run-on "sentences").
    start = max(sent_start, open_at - MAX_LOOKBACK)
    window = context[start:open_at]
    found: list[tuple[str, int]] = []
    for verb in list(reversed(list(_VERB_RE.finditer(window))))[:MAX_CLAUSES]:
        verb_word = verb.group("verb")
        gap = window[verb.end() :]
        if _NAMING_RE.match(verb_word) and len(gap.strip()) > 20:
            continue
        phrase, _ = _np_backward(window, verb.start())
        if not phrase and _SAY_RE.match(verb_word):
            phrase = _np_forward(window, verb.end())
        if phrase and "_" not in phrase:
            found.append((phrase, start + verb.start()))
    return found


def _subject(context: str, sent_start: int, open_at: int) -> list[tuple[str, int]]:
    """Rule 3: `JLM “cannot participate ...”`: the sentence opens with the speaker."""
    lead = context[sent_start:open_at].strip()
    if lead and len(lead.split()) <= 6 and re.fullmatch(r"[A-Z][\w'’. -]*", lead):
        return [(lead, sent_start)]
    return []


def _according(context: str, spans: Sequence[Span], open_at: int) -> list[tuple[str, int]]:
    sentence = sentence_at(spans, open_at)
    if sentence is None:
        return []
    window = context[sentence.start : sentence.end]
    match = re.search(r"\baccording\s+to\s+((?:the\s+|a\s+)?(?:[A-Z][\w'’.-]*\s*){1,5})", window)
    return [(match.group(1).strip(), sentence.start + match.start())] if match else []


def _carry_over(
    quote: Quote,
    done: Sequence[Attribution],
    text: str,
    paragraphs: list[tuple[int, int]],
    context: str,
    sent_start: int,
) -> tuple[Speaker, str, str] | None:
    """Rule 4: a split quote or a follow-on quote keeps the previous speaker."""
    earlier = [a for a in done if a.quote.depth == 0 and a.quote.end <= quote.start]
    previous = next((a for a in reversed(earlier) if a.speaker is not None), None)
    if previous is None or previous.speaker is None:
        return None
    prev_close = previous.quote.close_at if previous.quote.close_at >= 0 else previous.quote.end
    between = context[prev_close + 1 : quote.open_at]
    adjacent = earlier[-1] is previous
    short_gap = "\n" not in between and len(between) <= 80 and previous.rule != "own_page"
    says = re.search(rf"\b(?:{_SAY_VERBS})\b", between, re.I) or not between.strip(" ,.;:")
    if adjacent and short_gap and says:
        return previous.speaker, "split", previous.surface
    # `JLM “cannot participate ...” unless ... “satisfactory outcomes”`: one sentence, one speaker.
    if adjacent and previous.rule in ("subject", "before") and prev_close >= sent_start:
        return previous.speaker, "same_sentence", previous.surface
    opens_sentence = context[sent_start : quote.open_at].strip() == ""
    if not opens_sentence:
        return None
    here = _paragraph_index(paragraphs, quote.open_at)
    there = _paragraph_index(paragraphs, previous.quote.end)
    if here - there <= 2:
        return previous.speaker, "follows", previous.surface
    return None


def _paragraph_index(paragraphs: list[tuple[int, int]], position: int) -> int:
    for index, (start, end) in enumerate(paragraphs):
        if start <= position <= end:
            return index
    return -1


def is_person(speaker: Speaker | None) -> bool:
    return speaker is not None and speaker.kind == PERSON
