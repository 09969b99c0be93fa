"""Answers on packs the engine was not built on: the test packs in tests/packs, each written by a
librarian from sources alone, with questions written apart from it (bench/quality.py --pack).

burlington-irv is held out: no test here asks its questions."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from civicqa.answer import Explainer
from civicqa.conversation import Conversation
from civicqa.knowledge import PartialDate, load_packs
from civicqa.language import english

PACKS = Path(__file__).parent / "packs"
DEVELOPMENT = ("princeton-bond", "rochester-pab")
HELD_OUT = "burlington-irv"


def questions(name: str) -> list[list[str]]:
    data = tomllib.loads((PACKS / name / "questions.toml").read_text(encoding="utf-8"))
    return [[q["q"]] for q in data["question"]] + [[t["q"] for t in c["turn"]] for c in data["chain"]]


@pytest.mark.parametrize("name", [*DEVELOPMENT, HELD_OUT])
def test_every_test_pack_is_valid_and_has_its_own_questions(name):
    [pack] = load_packs([PACKS / name / "pack.toml"])
    assert pack.id == name and len(pack.entries) >= 40 and len(pack.sources) >= 6
    data = tomllib.loads((PACKS / name / "questions.toml").read_text(encoding="utf-8"))
    categories = {q["category"] for q in data["question"]}
    assert {"direct", "paraphrase", "out_of_scope"} <= categories and data["chain"]


# Found by the librarian writing princeton-bond: the entries found had no sentence to give, and
# civicqa printed an empty answer with exit status 0.
REPORTED = [["Who was on the yes side?"], ["who was on the no side"]]


@pytest.mark.parametrize("name", DEVELOPMENT)
def test_an_answer_is_never_empty_unless_declined(name):
    """Whatever the question, civicqa answers with words or declines: never an empty answer."""
    explainer = Explainer(load_packs([PACKS / name / "pack.toml"]))
    for conversation in questions(name) + REPORTED:
        context = Conversation()
        for question in conversation:
            answer = explainer.ask(question, context)
            assert answer.abstained or answer.text.strip(), question
            assert answer.abstained == (not answer.text) == (not answer.citations), question


def test_as_of_lowers_an_ordinary_first_word_but_not_a_name():
    may = PartialDate(2024, 5, 0)
    common = frozenset({"approval", "under"})
    assert english.as_of(may, "Approval of all three questions adds $532.", common).startswith(
        "As of May 2024, approval of")
    assert english.as_of(may, "Under the plan, ICE pays.", common).startswith("As of May 2024, under")
    for name in ("Question 1 asked for money.", "ICE runs it.", "Princeton voted."):
        assert english.as_of(may, name, common) == f"As of May 2024, {name}"
