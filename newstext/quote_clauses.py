"""The reported clause a quotation opening mid-sentence belongs to.

`Lee said the depot would close and that the town had been “badly let down.”`: the quoted
words are only the end of what Lee is reported to have said; the checkable claim is the whole
reported clause, from after the reporting verb (and its `that`) to the end of the sentence. The
same holds after a naming or stance verb (`Lee called the decision “a betrayal”`: the clause is
its object and complement), after `According to Lee,`, and before an attribution that follows
the quote (`The depot is “badly run,” Lee said.`: the sentence up to the closing mark).

`quote_clause` finds that span by reading the sentence outside quotation marks: the last
reporting, naming or stance verb before the opening mark, used as a finite verb (not after `to`,
a passive auxiliary, a relative pronoun, a determiner or a possessive), or an opening
`According to ...,`. The clause runs to the end of the sentence, unless the text after the
closing mark is set off by a comma (`"...," she said`, `..., adding`): then it ends with the
quote. Only a clause with at least two words of its own before the opening mark, not ending in
a colon or comma, is returned: `said, “...”` or `told the paper: “...”` reports the quote
itself. The span is a verbatim slice of the text, trimmed of spaces, of a trailing comma, colon
or semicolon and of the sentence's end mark; who said it is the quote's speaker, decided
elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import lexicon
from .quotes import Quote
from .sentences import Span, sentence_at

__all__ = ["SETTING", "mask_quotes", "quote_clause"]

_VERBS = lexicon.REPORTING_VERBS | lexicon.CALLING_VERBS | lexicon.STANCE_VERBS
_VERB_RE = re.compile(
    r"(?<![\w'’-])(?P<verb>{})(?![\w'’-])".format("|".join(sorted(_VERBS, key=len, reverse=True)))
)
# Before the verb: it is an infinitive, a passive, a relative clause's or a noun ("the claims",
# "his remarks"), not the sentence's verb.
_NOT_FINITE_RE = re.compile(
    r"\b(?:to|was|were|is|are|been|being|be|which|whose|the|a|an|his|her|their|its"
    r"|these|those|such|our|my|your|this)\s+(?:\w+ly\s+)?$|[\w.]['’]s?\s+$",
    re.IGNORECASE,
)
_DAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tonight)"
# Between the verb and the clause: when and where it was said, to whom, and `that`.
_SETTING = (
    rf"(?i:(?:\s+(?:on\s+|last\s+|this\s+|early\s+|late\s+)?{_DAY}(?:\s+(?:morning|afternoon|evening|night))?"
    r"|\s+(?:last|this)\s+(?:week|month|year)"
    r"|\s+in\s+(?:a|an|his|her|their|its)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:statement|interview|email|e-mail|letter|post|tweet|speech|release|op-ed|essay|memo)"
    r"(?:\s+(?:on|to|with)\s+[\w.’'-]+(?:\s+[A-Z][\w.’'-]*){0,3})?"
    r")*)"
)
# The same, for other modules reading reporting clauses.
SETTING = _SETTING
_ADDRESSEE = (
    r"(?:\s+(?:reporters|journalists|supporters|the\s+crowd|the\s+audience|him|her|them|us|me"
    r"|[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}))"
)
# Participles after which a clause follows (`..., saying the plan was “dead”`).
_REPORTING_PARTICIPLES = frozenset(
    lexicon.words(
        "saying adding noting arguing insisting claiming explaining warning telling writing "
        "asking stating declaring suggesting"
    )
)
# A noun for something someone said, as a pattern (longest first): "claim", "conclusion".
SPEECH_NOUN = "|".join(sorted(lexicon.SPEECH_NOUNS, key=len, reverse=True))
# Someone's speech noun and its "that": "Trump's claim that ", "Comey's conclusion that ".
_SPEECH_NOUN_THAT_RE = re.compile(
    rf"[A-Z][\w-]*['’]s?\s+(?:[a-z][\w-]*\s+)?(?:{SPEECH_NOUN})\s+that\s+(?=[^_]*$)"
)
_TELLING = frozenset(lexicon.words("tell tells told telling remind reminds reminded"))
_LEAD_RE = re.compile(rf"{_SETTING}(?:\s*,)?(?:\s+that\b)?")
# `told them the plan ...`, `told The Courier he ...`: a listener needs no `that` after it
# when it is a pronoun or `reporters`, or a name followed by the clause's pronoun subject.
_TOLD_BARE_RE = re.compile(
    rf"{_SETTING}(?:\s+(?:reporters|journalists|him|her|them|us|me)\b"
    r"|\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}(?=\s+(?:he|she|they|it|we|I)\b))"
)
_TOLD_LEAD_RE = re.compile(rf"{_SETTING}{_ADDRESSEE}{_SETTING}\s*,?\s+that\b")
_ACCORDING_RE = re.compile(r"^\s*according\s+to\s+[^,;:]{2,120},", re.IGNORECASE)
# After the closing mark, the attribution and nothing else: `," Lee said.`, `, said Lee, a ...`.
_TRAILING_SAY_RE = re.compile(
    r"[\s,]*(?P<subject>(?:[\w.’'-]+\s+){{0,6}}?)(?:{})\b".format(
        "|".join(sorted(lexicon.REPORTING_VERBS, key=len, reverse=True))
    )
)
# What may follow `Lee said` when it attributes the quote before it: to whom, when, and the end
# of the sentence, or a comma going back to the sentence it interrupted.
_ENDS_RE = re.compile(rf"{_SETTING}(?:{_ADDRESSEE})?{_SETTING}\s*(?:[.!?]?\s*$|,)")
_WORD_RE = re.compile(r"[^\W_]{2,}")
# Trimmed from a clause's end, as from a reported clause's: the sentence's own end mark and a comma
# or colon before what follows; marks closing the quote stay.
_TRIM_END = ",;:.!?"  # and whitespace of any kind


# After a quote: "and", "but" or "while", then a named subject and its reporting verb.
_NEXT_REPORT_RE = re.compile(
    r"\s*,?\s*(?:and|but|while)\s+(?:[A-Z][\w'’.-]*\s+){{1,4}}(?:{})\b".format(
        "|".join(sorted(lexicon.REPORTING_VERBS, key=len, reverse=True))
    )
)


def mask_quotes(text: str, quotes: Sequence[Quote]) -> str:
    """`text` with each outermost quote, marks included, blanked out (same length): verbs are
    read outside quotes only."""
    chars = list(text)
    for quote in quotes:
        if quote.depth:
            continue
        end = quote.close_at + 1 if quote.close_at >= 0 else quote.end
        for i in range(quote.open_at, end):
            if chars[i] != "\n":
                chars[i] = "_"
    return "".join(chars)


def quote_clause(
    text: str, masked: str, sentences: Sequence[Span], quote: Quote
) -> tuple[int, int] | None:
    """(start, end) of the reported clause holding `quote`, or None when the quote opens its
    sentence or no verb before it in the sentence reports it (see the module docstring)."""
    sentence = sentence_at(sentences, quote.open_at)
    if sentence is None or not sentence.start < quote.open_at < sentence.end:
        return None
    start = _clause_start(masked, sentence.start, quote.open_at)
    if start is None:
        return _clause_before_attribution(text, masked, sentence, quote)
    lead_in = masked[start : quote.open_at].rstrip()
    if len(_WORD_RE.findall(lead_in)) < 2 or lead_in.endswith((":", ",")) or "=" in lead_in:
        return None  # `told the paper: “...”`: the quote is what was said, as printed
    end = _clause_end(text, masked, sentences, quote)
    if end <= quote.open_at:
        return None
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1] in _TRIM_END or text[end - 1].isspace()):
        end -= 1
    return (start, end) if end > quote.open_at else None


def _clause_before_attribution(
    text: str, masked: str, sentence: Span, quote: Quote
) -> tuple[int, int] | None:
    """`The plan is “badly let down,” Lee said.`: the sentence up to the closing mark."""
    if len(quote.parts) > 1 or quote.close_at < 0 or quote.close_at >= sentence.end:
        return None
    close = quote.close_at + 1
    set_off = text[quote.close_at - 1] == "," or masked[close : sentence.end].lstrip()[:1] == ","
    trailing = _TRAILING_SAY_RE.match(masked, close, sentence.end) if set_off else None
    if trailing is None:
        return None
    if trailing.group("subject") and not _ENDS_RE.match(masked, trailing.end(), sentence.end):
        return None  # `On the show “This Week,” Lee said the plan ...`: Lee's words follow
    if len(_WORD_RE.findall(masked, sentence.start, quote.open_at)) < 2:
        return None
    end = close
    while end > sentence.start and (text[end - 1] in _TRIM_END or text[end - 1].isspace()):
        end -= 1
    return sentence.start, end


def _clause_start(masked: str, sentence_start: int, open_at: int) -> int | None:
    before = masked[sentence_start:open_at]
    verb = None
    for match in _VERB_RE.finditer(before):
        word = match.group("verb")
        if word.endswith("ing") and word not in _REPORTING_PARTICIPLES:
            continue  # `tweeting a video of ...`: what follows is an object, not a clause
        if word in lexicon.REPORTING_VERBS and before[: match.start()].rstrip(" ,").endswith("_"):
            continue  # `"...," said Lee, who ...`: the inverted attribution of the quote before
        if match.start() > 0 and not _NOT_FINITE_RE.search(before, 0, match.start()):
            verb = match
    if verb is not None:
        lead = None
        if verb.group("verb").casefold() in _TELLING:
            lead = _TOLD_LEAD_RE.match(before, verb.end()) or _TOLD_BARE_RE.match(
                before, verb.end()
            )
        if lead is None:
            lead = _LEAD_RE.match(before, verb.end())
        begin = lead.end() if lead else verb.end()
        owned = _SPEECH_NOUN_THAT_RE.search(before, begin)
        if owned is not None:
            # `blamed the media for Trump's claim that Obama “founded ISIS”`: the quote
            # completes the claim, whose clause is the one after its "that".
            begin = owned.end()
        return sentence_start + begin
    according = _ACCORDING_RE.match(before)
    if according is not None:
        return sentence_start + according.end()
    return None


def _clause_end(text: str, masked: str, sentences: Sequence[Span], quote: Quote) -> int:
    """The end of the sentence the quote closes in, or the closing mark when a comma sets off
    what follows it."""
    if len(quote.parts) > 1 or quote.close_at < 0:
        return quote.parts[0].end  # the clause is the first paragraph's: the quote runs on
    close = quote.close_at + 1
    sentence = sentence_at(sentences, max(close - 1, quote.open_at))
    end = sentence.end if sentence is not None else close
    if end <= close:
        return close
    # `"...," she said` / `“...” (punctuation inside the marks), adding`.
    if text[close - 2 : close - 1] == "," or masked[close:end].lstrip().startswith(","):
        return close
    if "\n" in text[close:end]:
        return close
    if _NEXT_REPORT_RE.match(masked, close, end):
        # `Cruz accuses Obama of “A” and Trump says he's “B”`: the words after the quote are
        # someone else's report; the clause ends with the quote.
        return close
    return end
