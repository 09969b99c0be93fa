"""Answers on packs the engine was not built on: the test packs in tests/packs, each written by a
librarian from sources alone, with questions written apart from it (bench/quality.py --pack).

burlington-irv, calgary-fluoride, pw-digital-gateway and fortcollins-broadband are held out: no
test here asks their questions."""

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
HELD_OUT = ("burlington-irv", "calgary-fluoride", "pw-digital-gateway", "fortcollins-broadband")


def questions(name: str) -> list[list[str]]:
    data = tomllib.loads((PACKS / name / "questions.toml").read_text(encoding="utf-8"))
    return [[q["q"]] for q in data["question"]] + [[t["q"] for t in c["turn"]] for c in data["chain"]]


@pytest.mark.parametrize("name", [*DEVELOPMENT, *HELD_OUT])
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
    common = frozenset({"approval", "under", "health", "only"})
    assert english.as_of(may, "Approval of all three questions adds $532.", common).startswith(
        "As of May 2024, approval of")
    assert english.as_of(may, "Under the plan, ICE pays.", common).startswith("As of May 2024, under")
    assert english.as_of(may, "Under ICE's rules, the county pays.", common).startswith("As of May 2024, under ICE's")
    assert english.as_of(may, "Only WHEC said so.", common).startswith("As of May 2024, only WHEC")
    for name in ("Question 1 asked for money.", "ICE runs it.", "Princeton voted.", "Health Canada advised it."):
        assert english.as_of(may, name, common) == f"As of May 2024, {name}"


def test_a_request_for_advice_is_declined_with_the_packs_pointer_to_help():
    """A pack of public facts gives no advice on a resident's own situation, however closely the
    question's words match it; the decline says where to get help (the pack's `help`)."""
    from civicqa import render
    from civicqa.messages import Why

    explainer = Explainer(load_packs())
    for question in ("Can I sue the Willmar police?", "do i need a lawyer if ICE stops me in Willmar",
                     "Should I vote for the 287(g) plan?", "I got arrested in Willmar, what should I do?",
                     "Is it legal for me to record ICE agents in Willmar?", "am i required to show papers to the police"):
        answer = explainer.ask(question)
        assert answer.abstained and answer.decision.why is Why.ADVICE, question
        text = render.answer_text(answer, 80)
        assert "cannot advise you" in text and "For help with that: for your own situation" in text
    assert not explainer.ask("What is 287(g)?").abstained  # information is still given
    thanks = render.answer_text(explainer.ask("thanks"), 80)  # asks nothing: a short reply, no help line
    assert thanks.startswith("There is nothing in that for civicqa to look up.") and "For help" not in thanks
    for question in ("Is it legal for a county to sign a 287(g) agreement?", "Are we required to join 287(g) as a city?"):
        assert explainer.ask(question).decision.why is not Why.ADVICE, question  # questions of fact


def test_a_near_miss_is_offered_the_questions_of_the_entries_it_came_closest_to():
    explainer = Explainer(load_packs([PACKS / "rochester-pab" / "pack.toml"]))
    answer = explainer.ask("Can I sue the Rochester police?")
    nearest = [c.entry.questions[0] for c in answer.candidates[:3] if c.entry.questions]
    assert answer.abstained and nearest and answer.suggestions[0] == nearest[0]
    unrelated = explainer.ask("Who won the Super Bowl?")
    assert unrelated.suggestions == explainer.tables.examples[:3]


@pytest.mark.parametrize("name, in_scope, declined", [("princeton-bond", 0.57, 0.45), ("rochester-pab", 0.70, 0.50)])
def test_the_development_packs_do_not_fall_below_where_they_stand(name, in_scope, declined):
    """Floors a little under the figures in docs/quality.md, so a change that costs answers on
    a pack the engine was not built on fails here. (The targets, 90%, are far above them.)"""
    from quality_harness import quality

    scores = quality.evaluate(baseline=False, pack=name)["civicqa"][0]
    right, asked = scores.in_scope
    refused, out_of_scope = scores.declined_out_of_scope
    assert right / asked >= in_scope and refused / out_of_scope >= declined
