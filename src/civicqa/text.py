"""Normalizing, tokenizing and sentence splitting, shared by the index and the answerer.

The rules that matter for civic text:
- "287(g)", "287g" and "287 g" are one token, "287g";
- "U.S." and "US" become "u.s." (not the pronoun "us"); "1,100" becomes "1100";
  "40%" becomes "40" and the language's word for percent; a numbered ballot measure
  ("Question 3") is also one word, "question3", beside its number;
- words written in capitals (ICE, OIG, DHS) are acronyms and are never stemmed;
- the language's stemmer folds word endings ("concerns" ~ "concern"); it, the stopwords, the
  irregular forms, phone spellings, contractions, abbreviations and the word for "%" come from
  civicqa.language.english. What stays here is language-neutral: Unicode folding, section
  numbers, dotted abbreviations, thousands separators, acronyms.
"""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata

from types import ModuleType
from typing import NamedTuple

# The tokenizer's language rules (stopwords, the stemmer, irregular forms, contractions,
# abbreviations) come from the language module each function is given: the pack's language
# (civicqa.language), English when none is given.
from civicqa.language import english
from civicqa.patterns import LazyPattern
from civicqa.phrasing import has_digit

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = {
    ord("\u2018"): "'", ord("\u2019"): "'", ord("\u201b"): "'", ord("\u2032"): "'",
    ord("\u201c"): '"', ord("\u201d"): '"', ord("\u201f"): '"', ord("\u2033"): '"',
}

_SECTION = re.compile(r"\b(\d+)\s*\(\s*([a-z])\s*\)", re.IGNORECASE)  # 287(g) -> 287g
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")  # U.S., D.C.
_THOUSANDS = re.compile(r"\b(\d{1,3}(?:,\d{3})+)\b")
_PERCENT = re.compile(r"(\d)\s*%")
# u.s. | 287g, 1.5 | a1b2 | word; written without alternatives that start alike (three times as fast)
_TOKEN = re.compile(r"[A-Za-z]+(?:(?:\.[A-Za-z])+\.|\d[A-Za-z\d]*)?|\d+(?:\.\d+)?[A-Za-z]*")
_ACRONYM = re.compile(r"^[A-Z]{2,}s?$")


def normalize(text: str) -> str:
    """Unicode-normalize text and fold dashes and curly quotes to plain ASCII forms."""
    text = unicodedata.normalize("NFKC", text)
    return text.translate(_DASHES).translate(_QUOTES)


def fold_accents(text: str) -> str:
    """Remove accents ("Vélez" -> "Velez") so names match however they are typed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fold(run: re.Match) -> str:
    return fold_accents(normalize(run.group(0)))


# Text outside the ASCII range, a run at a time: Unicode normalization changes nothing else, and
# doing it run by run spares the plain letters around them (most of a pack's text).
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@functools.cache
def _section_spaced(letters: str) -> re.Pattern:
    return re.compile(rf"\b(\d+)\s+({letters})\b")  # 287 g -> 287g


def _prepare(text: str, lang: ModuleType) -> str:
    if not text.isascii():
        text = _NON_ASCII.sub(_fold, text)
    if has_digit(text):  # each rule below is about numbers
        text = _SECTION.sub(r"\1\2", text)
        text = _section_spaced(lang.SECTION_LETTERS).sub(r"\1\2", text)
        text = _THOUSANDS.sub(lambda m: m.group(1).replace(",", ""), text)
        text = _PERCENT.sub(rf"\1 {lang.PERCENT_WORD} ", text)
        lowered = text.lower()
        if any(word in lowered for word in lang.DESIGNATION_WORDS):  # "Question 3": "question3 3"
            text = lang.DESIGNATED.sub(lambda m: f"{m.group(1).lower()}{m.group(2)} {m.group(2)}", text)
    if "'" in text:
        text = lang.CONTRACTION.sub(" ", text)  # "why'd" -> "why", "they're" -> "they"
        text = text.replace("'", "")
    return text


class _Words(dict):
    """What each word as written becomes in one language, worked out once: a pack of 100,000
    entries holds millions of words but only tens of thousands of different ones.

    Kept while packs are built (`remembering`), and for the packs' own text that answers read
    (sentences, names: `from_pack`); a question's words are worked out and forgotten, so nothing
    a kiosk patron types stays in memory after the answer."""

    MOST = 200_000  # cleared when it grows this large

    def __init__(self, lang: ModuleType) -> None:
        super().__init__()
        self.lang = lang

    def __missing__(self, raw: str) -> tuple[str, str, bool]:
        if len(self) >= self.MOST:
            self.clear()
        found = self[raw] = _term(raw, self.lang)
        return found


class _IndexTerms(dict):
    """Each word as written -> its index term, or "" for a stopword, from a _Words it shares.
    Neither refers to the other's holder (_Memo), so a question's memo is freed as soon as it is
    done with, even while the cycle collector is off (civicqa.command)."""

    def __init__(self, words: _Words) -> None:
        super().__init__()
        self.words = words

    def __missing__(self, raw: str) -> str:
        if len(self) >= _Words.MOST:
            self.clear()
        _, term, stop = self.words[raw]
        found = self[raw] = "" if stop else term
        return found


class _Memo(NamedTuple):
    words: _Words
    index_terms: _IndexTerms

    @classmethod
    def of(cls, lang: ModuleType) -> _Memo:
        words = _Words(lang)
        return cls(words, _IndexTerms(words))


_building: dict[str, _Memo] = {}  # by language, while a build runs
_builds = 0
_pack_text: dict[str, _Memo] = {}  # by language: the words of the packs' text that answers read


@contextlib.contextmanager
def remembering():
    """Keep what each word becomes while the packs are built; forget it all when the build ends."""
    global _builds
    _builds += 1
    try:
        yield
    finally:
        _builds -= 1
        if not _builds:
            _building.clear()


def _words(lang: ModuleType, from_pack: bool = False) -> _Memo:
    if not _builds and not from_pack:
        return _Memo.of(lang)  # for this text alone: a question's words are not kept
    kept = _building if _builds else _pack_text
    found = kept.get(lang.__name__)
    if found is None:
        found = kept[lang.__name__] = _Memo.of(lang)
    return found


def _term(raw: str, lang: ModuleType) -> tuple[str, str, bool]:
    lower = lang.INFORMAL.get(raw.lower(), raw.lower())
    if _DOTTED.fullmatch(raw) or raw in ("US", "USA"):
        return lower, "u.s." if lower.replace(".", "") in ("us", "usa") else lower, False
    if lower in lang.STOPWORDS:
        return lower, lower, True
    if _ACRONYM.match(raw):
        return lower, lower[:-1] if raw[-1] == "s" else lower, False  # "MOAs" -> "moa"
    return lower, lang.IRREGULAR.get(lower) or lang.stem(lower), False


def terms(text: str, lang: ModuleType = english) -> list[tuple[str, str, bool]]:
    """Every word of a text as (word as written, lowercased; index term; is it a stopword)."""
    return list(map(_words(lang).words.__getitem__, _TOKEN.findall(_prepare(text, lang))))


def words(text: str, lang: ModuleType = english) -> list[str]:
    """Every word of a text, lowercased, before stemming and stopword removal."""
    return [word for word, _, _ in terms(text, lang)]


def tokenize(text: str, keep_stopwords: bool = False, lang: ModuleType = english, from_pack: bool = False) -> list[str]:
    """The index terms of a text: normalized, stopwords dropped, acronyms kept, the rest stemmed.
    `from_pack`: the text is the packs' own, never a question's, so what its words become is kept
    for the next answer that reads it."""
    if keep_stopwords:
        return [term for _, term, _ in terms(text, lang)]
    known = _words(lang, from_pack).index_terms
    return list(filter(None, map(known.__getitem__, _TOKEN.findall(_prepare(text, lang)))))


# The mark that ends a sentence, then the space before the next. Written with the mark first,
# not looked behind for, so the search skips to each mark (splitting a pack's text took a third of the time).
_SENTENCE_END = LazyPattern(r"[.!?][\"'”»)\]]*\s+(?=[\"'“«(\[]?[A-Z0-9ÁÉÍÓÚÑ¿¡])")
def sentences(text: str, lang: ModuleType = english, whole_quotes: bool = True) -> list[str]:
    """Split a passage into sentences, keeping abbreviations such as "U.S." and "Sen." whole,
    and a quotation of several sentences ("Why now? Why this amount?") inside its sentence
    (unless `whole_quotes` is false: `civicqa check` looks for such quotations)."""
    text = " ".join(text.split())
    if not text:
        return []
    quoted = _quotations(text) if whole_quotes else []
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + 1  # just after the mark
        candidate = text[start:end]
        # An abbreviation holds no space, so it is looked for in the last word alone (the
        # search still sees the space before it: a pattern's \b there works as on the whole).
        if lang.ABBREVIATIONS.search(candidate, candidate.rfind(" ") + 1):
            continue
        if quoted and any(a < end < b for a, b in quoted):
            continue
        parts.append(candidate + text[end : match.end()].rstrip())
        start = match.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def _quotations(text: str) -> list[tuple[int, int]]:
    """Where each quotation of a text opens and closes; a quote mark never closed opens none."""
    if '"' not in text and "“" not in text and "«" not in text:
        return []
    straight = [at for at, mark in enumerate(text) if mark == '"']
    found = list(zip(straight[0::2], straight[1::2]))  # a lone mark (6" wide) pairs with none
    for opening, closing in (("“", "”"), ("«", "»")):
        at = text.find(opening)
        while at != -1 and (end := text.find(closing, at + 1)) != -1:
            found.append((at, end))
            at = text.find(opening, end + 1)
    return found


def unclosed_quote(text: str) -> bool:
    """Whether a text opens a quotation it never closes."""
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”") or text.count("«") > text.count("»")


@functools.cache
def stems(words: frozenset[str], lang: ModuleType = english) -> frozenset[str]:
    """The stems of a language's word list, computed once per list."""
    return frozenset(lang.stem(w) for w in words)
