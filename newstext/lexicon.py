"""Word lists the text pipeline reads: plain English vocabulary, nothing about particular pages.

Kept apart from the rules that use them so that a list can be read and extended in one place.
"""

from __future__ import annotations

__all__ = ["COMMON_NEWS_WORDS", "NEGATIONS", "STOPWORDS"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words: they carry no claim of their own, so matching ignores them.
STOPWORDS = _words(
    """
    a about above after again against all am an and any are aren't as at be because been before
    being below between both but by can can't cannot could couldn't did didn't do does doesn't
    doing don't down during each few for from further had hadn't has hasn't have haven't having
    he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've
    if in into is isn't it it's its itself let's me more most mustn't my myself nor of off on
    once only or other ought our ours ourselves out over own same shan't she she'd she'll she's
    should shouldn't so some such than that that's the their theirs them themselves then there
    there's these they they'd they'll they're they've this those through to too under until up
    very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's
    which while who who's whom why why's with won't would wouldn't you you'd you'll you're you've
    your yours yourself yourselves also just mr mrs ms dr said says say told tells added
    since per via upon among across within onto toward towards whether though although
    """
)

# Words of negation: two texts that differ in one of these say opposite things.
NEGATIONS = frozenset(["not", "no", "never", "nor", "none", "nothing", "neither", "without"])

# Words so common in news that sharing them says little about sharing a claim: they count at a
# fraction of an ordinary word's weight when two claims are compared.
COMMON_NEWS_WORDS = _words(
    """
    year years month months week weeks day days time times people person government party
    parties new old first last next many much well make made take taken give given get got go
    going went come came see seen know known think thought want wanted need needed way ways
    part parts number numbers use used work working country countries world public plan plans
    minister ministers official officials leader leaders group groups member members issue
    issues today yesterday tomorrow now still even back good great important right left support
    including according statement report reports news week's year's
    """
)
