"""What every language module (civicqa.language) does the same way, with its own patterns and words."""

from __future__ import annotations

import functools
import re

_DIGIT = re.compile(r"\d")


def counts(text: str, number, day_of_month, year, number_words) -> list[str]:
    """Numbers in a text that are not years or days of a month, then number words."""
    found = [n for n in number.findall(day_of_month.sub(" ", text)) if not year.fullmatch(n.strip(".,"))]
    return found + number_words.findall(text)


def has_count(text: str, number, day_of_month, year, number_words) -> bool:
    """Whether `counts` finds anything, found sooner: most texts settle it without a digit, and
    the number words (written in lower case) are looked for in the lowered text, without
    re.IGNORECASE, which makes the search three times as slow."""
    if _case_sensitive(number_words.pattern, number_words.flags).search(text.lower()):
        return True
    return _DIGIT.search(text) is not None and bool(counts(text, number, day_of_month, year, number_words))


def lower_opening(sentence: str, openings: tuple[str, ...], common: frozenset[str]) -> str:
    """A sentence to follow "As of ...,": its first word lowered when it is an ordinary word (one
    of `openings`, or written in lower case elsewhere in the packs: `common`), not a name."""
    first, _, rest = sentence.partition(" ")
    if first in openings or (first.istitle() and first.isalpha() and first.lower() in common):
        return f"{first.lower()} {rest}"
    return sentence


@functools.cache
def _case_sensitive(pattern: str, flags: int) -> re.Pattern:
    return re.compile(pattern, flags & ~re.IGNORECASE)
