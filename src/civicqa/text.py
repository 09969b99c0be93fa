"""Normalizing, tokenizing and sentence splitting, shared by the index and the answerer.

The rules that matter for civic text:
- "287(g)", "287g" and "287 g" are one token, "287g";
- "U.S." and "US" become "u.s." (not the pronoun "us"); "1,100" becomes "1100";
  "40%" becomes "40" and "percent";
- words written in capitals (ICE, OIG, DHS) are acronyms and are never stemmed;
- a light English stemmer folds plurals and -ed/-ing endings ("concerns" ~ "concern").
"""

from __future__ import annotations

import functools
import re
import unicodedata

# The words of English, and a pattern compiled on first use; imported from here by older code.
from civicqa.language.english import PRONOUNS, SOFT_WORDS, STOPWORDS  # noqa: F401
from civicqa.patterns import LazyPattern  # noqa: F401

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = {
    ord("\u2018"): "'", ord("\u2019"): "'", ord("\u201b"): "'", ord("\u2032"): "'",
    ord("\u201c"): '"', ord("\u201d"): '"', ord("\u201f"): '"', ord("\u2033"): '"',
}

_SECTION = re.compile(r"\b(\d+)\s*\(\s*([a-z])\s*\)", re.IGNORECASE)  # 287(g) -> 287g
_SECTION_SPACED = re.compile(r"\b(\d+)\s+([b-hj-z])\b")  # 287 g -> 287g (not "a" or "i")
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")  # U.S., D.C.
_THOUSANDS = re.compile(r"\b(\d{1,3}(?:,\d{3})+)\b")
_PERCENT = re.compile(r"(\d)\s*%")
_CONTRACTION = re.compile(r"'(s|d|re|ve|ll|m)\b", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z]+(?:\.[a-z])+\.|\d+(?:\.\d+)?[a-z]*|[a-z]+\d[a-z\d]*|[a-z]+", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-Z]{2,}s?$")


def normalize(text: str) -> str:
    """Unicode-normalize text and fold dashes and curly quotes to plain ASCII forms."""
    text = unicodedata.normalize("NFKC", text)
    return text.translate(_DASHES).translate(_QUOTES)


def fold_accents(text: str) -> str:
    """Remove accents ("Vélez" -> "Velez") so names match however they are typed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_KEEP_S = ("ss", "us", "is", "os")
_NOT_PLURAL = frozenset({"news", "yes", "gas", "bias", "plus", "thus", "lens", "alas", "does", "goes"})


def stem(word: str) -> str:
    """A light, predictable English stemmer: plurals, -ed, -ing, -ly and a final -e.

    Short words (four letters or fewer) and words with digits are left alone, so
    "ice", "dhs" and "287g" never change.
    """
    if len(word) == 4 and word.endswith("s") and not word.endswith(_KEEP_S) and word not in _NOT_PLURAL:
        return word[:-1]  # pays, cops, laws, days
    if len(word) <= 4 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 5:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix, shortest in (("ingly", 3), ("edly", 3), ("ing", 3), ("ed", 3), ("ly", 5)):
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # stopping -> stopp -> stop
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]  # oppose, opposed and opposing all become "oppos"
    return word


def _prepare(text: str) -> str:
    text = fold_accents(normalize(text))
    text = _SECTION.sub(r"\1\2", text)
    text = _SECTION_SPACED.sub(r"\1\2", text)
    text = _THOUSANDS.sub(lambda m: m.group(1).replace(",", ""), text)
    text = _PERCENT.sub(r"\1 percent ", text)
    text = _CONTRACTION.sub(" ", text)  # "why'd" -> "why", "they're" -> "they"
    return text.replace("'", "")


_IRREGULAR = {
    "paid": "pay", "said": "say", "says": "say", "made": "make", "held": "hold", "told": "tell",
    "thought": "think", "brought": "bring", "began": "begin", "begun": "begin", "chose": "choose",
    "chosen": "choose", "won": "win", "lost": "lose", "met": "meet", "sent": "send", "spent": "spend",
    "spoke": "speak", "spoken": "speak", "taken": "take", "took": "take", "went": "go", "gone": "go",
    "written": "write", "wrote": "write", "kept": "keep", "sought": "seek", "known": "know",
    "knew": "know", "led": "lead", "fell": "fall", "ran": "run", "became": "become", "gave": "give",
    "given": "give", "found": "find", "got": "get", "stood": "stand", "felt": "feel", "women": "woman",
    "men": "man", "people": "people", "children": "child",
}


def terms(text: str) -> list[tuple[str, str, bool]]:
    """Every word of a text as (word as written, lowercased; index term; is it a stopword)."""
    out = []
    for match in _TOKEN.finditer(_prepare(text)):
        raw = match.group(0)
        lower = raw.lower()
        if _DOTTED.fullmatch(raw) or raw in ("US", "USA"):
            out.append((lower, "u.s." if lower.replace(".", "") in ("us", "usa") else lower, False))
        elif lower in STOPWORDS:
            out.append((lower, lower, True))
        elif _ACRONYM.match(raw):
            out.append((lower, lower[:-1] if raw[-1] == "s" else lower, False))  # "MOAs" -> "moa"
        else:
            out.append((lower, _IRREGULAR.get(lower) or stem(lower), False))
    return out


def words(text: str) -> list[str]:
    """Every word of a text, lowercased, before stemming and stopword removal."""
    return [word for word, _, _ in terms(text)]


def tokenize(text: str, keep_stopwords: bool = False) -> list[str]:
    """The index terms of a text: normalized, stopwords dropped, acronyms kept, the rest stemmed."""
    return [term for _, term, stop in terms(text) if keep_stopwords or not stop]


_SENTENCE_END = LazyPattern(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = LazyPattern(
    r"(?:\b(?:[A-Z]|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|St|Jr|Sr|No|Vol|Gen|Lt|Sgt|Capt|Co|Inc|Dept|Fla|Minn|"
    r"Calif|Ariz|Ill|Mich|Wis|Pub|Stat|Div|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|vs|etc|approx|"
    r"U\.S|N\.C|S\.C|D\.C)|\b(?:[A-Z]\.){1,}[A-Z])\.$"
)


def sentences(text: str) -> list[str]:
    """Split a passage into sentences, keeping abbreviations such as "U.S." and "Sen." whole."""
    text = " ".join(text.split())
    if not text:
        return []
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.start()].rstrip()
        if _ABBREVIATIONS.search(candidate):
            continue
        parts.append(candidate + text[match.start() : match.end()].rstrip())
        start = match.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


@functools.cache
def stems(words: frozenset[str]) -> frozenset[str]:
    """The stems of a language's word list, computed once per list."""
    return frozenset(stem(w) for w in words)
