"""What every language module (civicqa.language) does the same way, with its own patterns and words."""

from __future__ import annotations


def counts(text: str, number, day_of_month, year, number_words) -> list[str]:
    """Numbers in a text that are not years or days of a month, then number words."""
    found = [n for n in number.findall(day_of_month.sub(" ", text)) if not year.fullmatch(n.strip(".,"))]
    return found + number_words.findall(text)


def lower_opening(sentence: str, openings: tuple[str, ...], common: frozenset[str]) -> str:
    """A sentence to follow "As of ...,": its first word lowered when it is an ordinary word (one
    of `openings`, or written in lower case elsewhere in the packs: `common`), not a name."""
    first, _, rest = sentence.partition(" ")
    if first in openings or (first.istitle() and first.isalpha() and first.lower() in common):
        return f"{first.lower()} {rest}"
    return sentence
