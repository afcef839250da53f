"""Why two claims were matched, in a journalist's words instead of the matcher's keys.

The importer stores a suggestion's method as text ("import: fact_key (Jewish Labour
Movement|affiliated|1920 ~ Jewish Labour Movement|affiliated|now-98 (no reference year))",
"import: text (token_set_ratio=91)"); this reads the known forms and never shows a raw key.
"""

import re

_FACT = re.compile(r"^(?:import: )?fact_key \((?P<a>[^~]+?) ~ (?P<b>[^()]+?)(?: \(|\)|$)")
_SIDE = re.compile(r"^(?P<subject>[^|]+)\|(?P<predicate>[^|]+)\|(?P<when>\S+)")
_TEXT = re.compile(r"^(?:import: )?text\b(?:.*?(?P<score>\d+))?")


def _when(value: str) -> str:
    if value.startswith("now-") and value[4:].isdigit():
        return f"{value[4:]} years before (the page gives no year)"
    return value


def match_reason(method: str) -> str:
    """A sentence saying why the claims were matched."""
    fact = _FACT.match(method)
    if fact:
        a, b = (_SIDE.match(side.strip()) for side in (fact["a"], fact["b"]))
        if a and b:
            subject, predicate = a["subject"], a["predicate"]
            dates = " and ".join(dict.fromkeys([_when(a["when"]), _when(b["when"])]))
            return f"Both date the same fact ({subject}, {predicate}): {dates}."
        return "Both state the same dated fact."
    text = _TEXT.match(method)
    if text:
        score = f" ({text['score']}% of the words in common)" if text["score"] else ""
        return f"Very similar wording{score}."
    if method.startswith("import"):
        return "Found alike by the import."
    return method[:1].upper() + method[1:] if method else "Suggested as alike."
