"""The question analysis costs time in proportion to the question's length, and a bounded
amount of spelling help, so a long question cannot keep civicqa busy (the cap in the front
ends is a second line of defence, not the fix)."""

from __future__ import annotations

import difflib
import random
import string
import time

import pytest

from civicqa.cache import load_explainer
from civicqa.conversation import Conversation

PACK_WORDS = ["287g", "who", "opposed", "ICE", "council", "Willmar", "mayor", "it", "program", "Leuze",
              "police", "agreement"]


@pytest.fixture(scope="module")
def explainer():
    return load_explainer(None)


def unknown_words(count: int, seed: int = 287) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(string.ascii_lowercase) for _ in range(8)) for _ in range(count)]


def timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


@pytest.mark.parametrize("text", [
    "What is 287(g)? " * 7500,  # 120 kB; the old analysis was quadratic in the words
    " ".join(random.Random(1).choice(PACK_WORDS) for _ in range(16000)),
], ids=["287(g) repeated", "pack words"])
def test_analysing_a_long_text_takes_linear_time(explainer, text):
    assert timed(explainer.analyse, text, Conversation()) < 3.0  # about 0.3 s; the old code 10 s


@pytest.mark.parametrize("kind", ["pack words", "unknown words", "287(g) repeated"])
def test_a_2000_character_question_is_answered_in_well_under_a_second(explainer, kind):
    text = {"pack words": " ".join(random.Random(2).choice(PACK_WORDS) for _ in range(400)),
            "unknown words": " ".join(unknown_words(300)),
            "287(g) repeated": "What is 287(g)? " * 125}[kind][:2000]
    assert timed(explainer.ask, text) < 0.5


def test_spelling_help_is_looked_up_a_bounded_number_of_times(explainer, monkeypatch):
    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    explainer.analyse(" ".join(unknown_words(300)), Conversation())
    assert 0 < len(calls) <= 12
    calls.clear()
    explainer.analyse("Who is Velez Bustoss? " + "Bustoss " * 200, Conversation())  # one word, many times
    assert calls == ["bustoss"]


def test_spelling_help_still_finds_a_misspelled_name(explainer):
    analysis = explainer.analyse("Who is Velez Bustoss?", Conversation())
    [bustos] = [c for c in analysis.concepts if c.label == "bustoss"]
    assert bustos.expanded_by == "spelling" and ("busto",) in bustos.alternatives


def test_spelling_help_searches_only_the_words_that_could_be_close_enough(explainer):
    """Grouped by first letter and length, the names give what searching them all would."""
    from civicqa.analysis import spellings
    from civicqa.tuning import MIN_MISSPELLED_LENGTH, MOST_SPELLINGS, SPELLING_CANDIDATES, SPELLING_CLOSENESS

    tables = explainer.tables
    every = {w: t for group in tables.spelling_vocabulary.values() for w, t in group.items()}
    rng = random.Random(5)
    words = sorted(every)
    assert len(words) > 100
    tried = 0
    for word in rng.sample(words, 60):
        for typo in {word[:-1], word + "s", word[:2] + word[3:], word[0] + word[2:], word[:3] + "x" + word[3:]}:
            if len(typo) < MIN_MISSPELLED_LENGTH or not typo.isalpha() or tables.index.has(typo):
                continue
            close = difflib.get_close_matches(typo, [w for w in every if w[0] == typo[0]],
                                              n=SPELLING_CANDIDATES, cutoff=SPELLING_CLOSENESS)
            expected = tuple(dict.fromkeys((every[c],) for c in close if tables.index.has(every[c])))[:MOST_SPELLINGS]
            assert spellings(tables, typo, typo) == expected, typo
            tried += 1
    assert tried > 100
