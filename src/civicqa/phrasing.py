"""What every language module (civicqa.language) does the same way, with its own patterns and words."""

from __future__ import annotations

import functools
import re

from civicqa.patterns import LazyPattern

_DIGIT = re.compile(r"\d")
_ASCII_DIGIT = re.compile(r"[0-9]")


class NotCounted:
    """What counts nothing in a text (days of a month; the numbers of ballot measures), as one
    pattern per text: the longer one only where a text holds a word of `gate`, which most
    texts do not (`has_count` runs on every entry at build)."""

    def __init__(self, days: str, measures: str, gate: tuple[str, ...] | list[str], flags: int = 0) -> None:
        self.days = LazyPattern(days, flags)
        self.both = LazyPattern(f"{days}|{measures}", flags)
        self.gate = tuple(gate)

    def choose(self, text: str) -> LazyPattern:
        return self.both if any(word in text for word in self.gate) else self.days


class KindAsked:
    """A kind of fact a question may ask for by name (a share, a sum of money), and how a text
    gives one (civicqa.decision._kind_missed). The question's pattern is searched, and compiled,
    only when the lowered question holds a word of `gate`: most questions ask for no such kind,
    and a one-shot `ask` should not compile what it does not need."""

    def __init__(self, gate: tuple[str, ...], asks: str, gives: str, flags: int = re.IGNORECASE) -> None:
        self.gate = gate
        self.asks = LazyPattern(asks, flags)
        self.gives = LazyPattern(gives, flags)

    def asked(self, question: str, lowered: str) -> bool:
        """Whether the question (and its lower-case form) asks for this kind of fact."""
        return any(word in lowered for word in self.gate) and self.asks.search(question) is not None


def counts(text: str, number, not_counted, year, number_words) -> list[str]:
    """Numbers in a text that are not years, nor what `not_counted` finds (days of a month, the
    numbers of ballot measures), then number words."""
    return [m.group() for m in _count_matches(text, number, not_counted, year, number_words)]


def _count_matches(text: str, number, not_counted, year, number_words) -> list:
    """Where `counts` finds each count in the text (what is not counted blanked, so positions hold)."""
    masked = not_counted.sub(lambda m: " " * len(m.group()), text)
    found = [m for m in number.finditer(masked) if not year.fullmatch(m.group().strip(".,"))]
    return found + list(number_words.finditer(text))


def has_count(text: str, number, not_counted, year, number_words) -> bool:
    """Whether `counts` finds anything, found sooner: most texts settle it without a digit, and
    the number words (written in lower case) are looked for in the lowered text, without
    re.IGNORECASE, which makes the search three times as slow."""
    lowered = text.lower()
    words = _literals(number_words.pattern)  # looked for as plain text first, which is quicker
    if (words is None or any(w in lowered for w in words)) and \
            _case_sensitive(number_words.pattern, number_words.flags).search(lowered):
        return True
    if not has_digit(text):
        return False
    masked = not_counted.sub(lambda m: " " * len(m.group()), text)  # no number words left to find: the digits only
    return any(not year.fullmatch(m.group().strip(".,")) for m in number.finditer(masked))


def counted_phrase(lowered: list[str], asking: tuple[tuple[str, ...], ...], ends: frozenset[str]) -> list[str]:
    """The words a how-many question counts: those after its asking words, past any word of
    `ends` that opens them and up to the next ("how many of the people were taken ..." ->
    [people]); nothing when none follows."""
    for start in range(len(lowered)):
        for words in asking:
            if tuple(lowered[start : start + len(words)]) == words:
                phrase = []
                for word in lowered[start + len(words):]:
                    if word in ends:
                        if phrase:
                            break
                        continue
                    phrase.append(word)
                return phrase
    return []


def after_counts(text: str, number, not_counted, year, number_words, one) -> list[str]:
    """The text after each count in a text, where what it counts is named ("nearly 100 people
    came" -> " people came"): the counts `counts` finds (no years, days of a month or sections
    such as 287(g), nor what `not_counted` finds), and `one` ("one officer", not "one of them")."""
    found = _count_matches(text, number, not_counted, year, number_words) + list(one.finditer(text))
    return [text[m.end():] for m in found]


def has_digit(text: str) -> bool:
    """Whether the text holds a digit: for ASCII text by [0-9], which is quicker than \\d."""
    return (_ASCII_DIGIT if text.isascii() else _DIGIT).search(text) is not None


def without_openings(lowered: list[str], openings: frozenset[str]) -> list[str]:
    """A question's words without the words that open it but ask nothing ("and", "so": "And why
    did he propose it?" asks why), keeping at least one word."""
    start = 0
    while start < len(lowered) - 1 and lowered[start] in openings:
        start += 1
    return lowered[start:]


def which_phrase(lowered: list[str], which: frozenset[str], openings: frozenset[str],
                 ends: frozenset[str]) -> tuple[list[str], str]:
    """The words after a which-question's opening which-word, up to a word of `ends` (articles,
    auxiliaries), and that word ("which 287g model did ..." -> [287g, model], "did"); nothing
    for a question that starts otherwise."""
    asked = without_openings(lowered, openings)
    if not asked or asked[0] not in which:
        return [], ""
    phrase = []
    for word in asked[1:]:
        if word in ends:
            return phrase, word
        phrase.append(word)
    return phrase, ""


def lower_opening(sentence: str, openings: tuple[str, ...], common: frozenset[str],
                  function_words: frozenset[str] = frozenset()) -> str:
    """A sentence to follow "As of ...,": its first word lowered when it is an ordinary word (one
    of `openings`, or written in lower case elsewhere in the packs: `common`), not a name: not
    when a capitalized word follows it ("Health Canada", "Council President Meléndez"), unless
    it is a function word ("Under ICE's rules", "Only WHEC")."""
    first, _, rest = sentence.partition(" ")
    if first in openings or (first.istitle() and first.isalpha() and first.lower() in common
                             and (not rest[:1].isupper() or first.lower() in function_words)):
        return f"{first.lower()} {rest}"
    return sentence


@functools.cache
def _case_sensitive(pattern: str, flags: int) -> re.Pattern:
    return re.compile(pattern, flags & ~re.IGNORECASE)


@functools.cache
def _literals(pattern: str) -> tuple[str, ...] | None:
    """The words of a pattern written as \\b(word|word ...)\\b, or None for any other pattern."""
    found = re.fullmatch(r"\\b\((?:\?:)?([a-z |]+)\)\\b", pattern)
    return tuple(found.group(1).split("|")) if found else None
