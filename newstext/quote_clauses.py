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
    rf"(?i:(?:\s+(?:on\s+|last\s+|this\s+|early\s+|late\s+)?(?>{_DAY}(?:\s+(?:morning|afternoon|evening|night))?)(?![\w'’])"
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
_TOLD_LEAD_RE = re.compile(rf"{_SETTING}{_ADDRESSEE}{_SETTING}\s*,?\s+that\b")
# `told a group of pupils at the school that ...`: a longer listener, up to its `that`; no word
# of it a subject, an auxiliary or `to` (`told them not to ...` reports no statement).
_TOLD_FAR_THAT_RE = re.compile(
    r"(?:\s+(?!(?i:he|she|it|they|we|i|there|you|was|were|is|are|had|has|have|would|will"
    r"|could|should|can|may|might|must|did|does|not|to)\b)[^\s_,;:]+){1,10}?\s*,?\s+that\b"
)
# After a listener: where it was told (`in London`), when, and `that`.
_AFTER_LISTENER_RE = re.compile(
    rf"{_SETTING}(?:\s+(?:in|at)\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){{0,3}})?{_SETTING}"
    r"(?:\s*,?\s+that\b)?"
)
_WORD_AT_RE = re.compile(r"\s*([\w’'&.-]+)")
_LISTENER_PRONOUNS = frozenset(lexicon.words("him her them us me you reporters journalists"))
_LISTENER_DETERMINERS = lexicon.DETERMINERS - {"one", "that"}
# `points out (to the paper) that ...`: the particle of a reporting verb, then its clause.
_POINTING = frozenset(lexicon.words("point points pointed"))
# A pronoun object of a naming verb and its `as`: `described it as`, `dismissed them as` (the
# object names nothing out of context). Other objects stay: `accused him of ...`, `urged them to
# ...` and `called for ...` are cited from the object on, as the verb's content.
_PRONOUN_OBJECTS = frozenset(lexicon.words("it this that these those her him them me us"))
# Words of NOT_CLAUSE_OPENINGS that still open what a stance or request verb reports: its object
# or the preposition before it (`accused him of ...`, `called for an inquiry ...`, `called on
# the agency to ...`). `to` and `at` (and the particles before them) lead to the listener
# (`wrote to the council`, `hit back at critics`), which is no part of what was said; nor is
# what follows the listener of `told` (`told the Breakfast with Frost programme`).
_OBJECT_OPENINGS = frozenset(lexicon.words("of for on about with against over by him them me us"))
# `said in Madison, Wisconsin, that ...`: a place (with its state or country) before `that`.
_PLACE_THAT_RE = re.compile(
    r"\s+(?:in|at)\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}"
    r"(?:\s*,\s*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})?\s*,?\s+that\b"
)
# `..., says the party - and ...`, `..., said Mr Cook, because ...`: a verb after a comma with
# its subject after it, then a comma or dash: it attributes what came before.
_INVERTED_SUBJECT_RE = re.compile(
    r"(?:\s+(?!(?i:that|he|she|it|they|we|i|there|would|will|could|should|can|may|might|must"
    r"|was|were|is|are|had|has|have|did|does|not)\b)[\w.’'&-]+){1,4}?\s*(?:[,;]|\s[-–—]\s)"
)
# `said, by 2008, he ...`, `claimed, with some justification, that ...`: an aside set off by
# commas between the verb and its clause.
_ASIDE_RE = re.compile(r"\s*,[^,;:_]{1,40},(?:\s+that\b)?")
# An opening phrase before the clause's subject: `said after meeting the minister he had ...`,
# `said as home secretary he ...`.
_OPENING_PHRASE_RE = re.compile(
    r"\s*(?:after|before|as|by|in|on|at|during|since|despite|under|with|without)"
    r"(?:\s+[^\s_,;:]+){1,5}?,?\s+(?:he|she|they|we|I|it|there)\b"
)
_SUBORDINATE_OPENING_RE = re.compile(
    r"\s*(?:when|after|as|if|while|before|since|because|although|though|once|until)\b",
    re.IGNORECASE,
)
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
# `_clause_start`'s answer when a verb stands before the quote but no clause follows it.
_NO_CLAUSE = -1
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
    if start is not None and _SUBORDINATE_OPENING_RE.match(masked, sentence.start):
        # `When Lee said at a rally that ..., he “...,” said Ann.`: the verb belongs to the
        # opening clause; an attribution after the quote claims the whole sentence.
        whole = _clause_before_attribution(text, masked, sentence, quote)
        if whole is not None:
            return whole
    if start is None:
        return _clause_before_attribution(text, masked, sentence, quote)
    if start == _NO_CLAUSE:
        return None
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
    """Where the reported clause before the quote at `open_at` starts; None when no verb
    reports it, _NO_CLAUSE when the verb's object or particle, not a clause, follows it."""
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
        word = verb.group("verb").casefold()
        if (
            word in lexicon.REPORTING_VERBS
            and not word.endswith("ing")
            and before[: verb.start()].rstrip().endswith(",")
            and _INVERTED_SUBJECT_RE.match(before, verb.end())
        ):
            return _NO_CLAUSE  # `..., says the party - and ...`: it attributes what came before
        begin = _after_verb(before, verb.end(), word)
        if begin is None:
            return _NO_CLAUSE
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


def _after_verb(before: str, pos: int, verb: str) -> int | None:
    """Where the clause after the reporting verb ending at `pos` starts: past when and where it
    was said, the listener of `told`, the particle of `points out`, and `that`; None when what
    follows the verb is not a clause (`wrote to ...`, `urged them to ...`, `described it as`)."""
    if verb in _POINTING:
        particle = re.match(r"\s+out\b", before[pos:])
        if particle is None:
            # `pointed to the report's finding that ...`: what it points to is cited with it.
            lead = _LEAD_RE.match(before, pos)
            return lead.end() if lead else pos
        pos += particle.end()
        to = re.match(r"\s+to\b", before[pos:])
        if to is not None:
            listener = _listener_end(before, pos + to.end())
            if listener is None:
                return None
            pos = listener
        verb = "said"
    if verb in _TELLING:
        return _after_listener(before, pos)
    aside = _ASIDE_RE.match(before, pos)
    if aside is not None:
        if aside.group(0).endswith("that"):
            return aside.end()
        if _opens_clause(before, aside.end(), verb):
            return pos + len(aside.group(0)) - len(aside.group(0).lstrip(" ,"))
    lead = _LEAD_RE.match(before, pos)
    begin = lead.end() if lead else pos
    if lead is not None and lead.group(0).rstrip().endswith("that"):
        return begin
    if _OPENING_PHRASE_RE.match(before, begin):
        return begin
    if _opens_clause(before, begin, verb):
        return begin
    place = _PLACE_THAT_RE.match(before, begin)
    if place is not None:
        return place.end()
    to = re.match(r"\s+to\b", before[begin:])
    if to is not None:
        # `insisted to the chairman that ...`: the clause after the listener's `that`.
        listener = _listener_end(before, begin + to.end())
        after = _AFTER_LISTENER_RE.match(before, listener) if listener is not None else None
        if after is not None and after.group(0).rstrip().endswith("that"):
            return after.end()
    # `said at the time that ...`, `wrote in the auction listing that ...`: the clause is the
    # one after the `that` a few words on.
    far = _TOLD_FAR_THAT_RE.match(before, begin)
    return far.end() if far is not None else None


def _after_listener(before: str, pos: int) -> int | None:
    """`told reporters (on Tuesday) (that) ...`, `told BBC Radio's Today programme the plan
    ...`, `told a meeting of party members that ...`: the clause after the listener; None when
    there is no listener or no clause after it (`told of his shock`, `told them not to ...`)."""
    near = _TOLD_LEAD_RE.match(before, pos)
    if near is not None:
        return near.end()
    far = _TOLD_FAR_THAT_RE.match(before, pos)
    setting = _LEAD_RE.match(before, pos)
    listener = _listener_end(before, setting.end() if setting else pos)
    if listener is not None:
        lead = _AFTER_LISTENER_RE.match(before, listener)
        begin = lead.end() if lead else listener
        if lead is not None and lead.group(0).rstrip().endswith("that"):
            return begin
        if _opens_clause(before, begin, "told"):
            # `told reporters the plan that failed ...`: a subject opens the clause before
            # any `that`; `told prospective Labour MPs that ...`: the listener runs to it.
            subject = _WORD_AT_RE.match(before, begin)
            if far is None or (
                subject is not None and subject.group(1).casefold() in _STRONG_SUBJECTS
            ):
                return begin
    return far.end() if far is not None else None


def _listener_end(text: str, pos: int) -> int | None:
    """The end of the listener noun phrase starting at `pos` (`reporters`, `the Daily Post`,
    `Labour members`, `BBC Radio 4's Today programme`), or None. A name run stops at an
    honorific (`the Daily Post Mr Lee would ...`: Mr Lee is the clause's subject)."""
    word = _WORD_AT_RE.match(text, pos)
    if word is None:
        return None
    if word.group(1).casefold() in _LISTENER_PRONOUNS:
        return word.end()
    end = pos
    if word.group(1).casefold() in _LISTENER_DETERMINERS:
        end = word.end()
        word = _WORD_AT_RE.match(text, end)
    names = 0
    while (
        word is not None
        and _is_name_word(word.group(1))
        and not (names and word.group(1).casefold() in lexicon.HONORIFICS)
    ):
        names += 1
        end = word.end()
        word = _WORD_AT_RE.match(text, end)
    if not names:
        # One common noun heads the listener: `the government`, `delegates`.
        if word is None or not _is_head_noun(word.group(1)):
            return None
        end = word.end()
        word = _WORD_AT_RE.match(text, end)
    while word is not None and word.group(1).casefold() in lexicon.AUDIENCE_NOUNS:
        end = word.end()
        word = _WORD_AT_RE.match(text, end)
    return end


def _is_name_word(word: str) -> bool:
    return (word[:1].isupper() or word[:1].isdigit()) and word != "I"


def _is_head_noun(word: str) -> bool:
    folded = word.casefold()
    return (
        word[:1].islower()
        and folded not in lexicon.NOT_CLAUSE_OPENINGS
        and folded not in lexicon.DETERMINERS
        and folded not in _CLAUSE_SUBJECTS
    )


_CLAUSE_SUBJECTS = frozenset(lexicon.words("he she it they we i there you"))
_STRONG_SUBJECTS = _CLAUSE_SUBJECTS | frozenset(lexicon.words("the a an"))


def _is_infinitive(word: re.Match[str] | None) -> bool:
    """Is `word`, after `to`, a bare verb rather than the start of a listener (`to the council`,
    `to Mr Lee`, `to parents`)? A lowercase word, not a determiner, pronoun or plural noun."""
    if word is None:
        return False
    text = word.group(1)
    folded = text.casefold()
    return (
        text[:1].islower()
        and not folded.endswith("s")
        and folded not in lexicon.DETERMINERS
        and folded not in _LISTENER_PRONOUNS
        and folded not in _PRONOUN_OBJECTS
        and folded not in lexicon.NOT_CLAUSE_OPENINGS
    )


def _opens_clause(text: str, pos: int, verb: str) -> bool:
    """Can the words at `pos` open the reported clause of `verb`? Not the preposition or particle
    before a listener (`wrote to`, `hit back at`), a conjunction (`, although`) or an auxiliary,
    nor a pronoun object and its `as` (`described it as`); `promised (not) to ...` is a pledge,
    and a verb's object or its preposition opens what a stance verb reports (`accused him of`)."""
    word = _WORD_AT_RE.match(text, pos)
    if word is None:
        return True  # the quote follows at once
    folded = word.group(1).casefold()
    following = _WORD_AT_RE.match(text, word.end())
    after = following.group(1).casefold() if following is not None else ""
    if verb in lexicon.PLEDGE_VERBS and (folded == "to" or (folded, after) == ("not", "to")):
        return True
    if folded in _PRONOUN_OBJECTS and after == "as":
        return False
    if folded == "to" and _is_infinitive(following):
        return True  # `stated to make it clear ...`: what follows is the verb's content
    if folded in _OBJECT_OPENINGS and verb not in _TELLING:
        return True
    return folded not in lexicon.NOT_CLAUSE_OPENINGS


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
