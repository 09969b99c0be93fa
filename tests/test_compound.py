"""Questions that ask two things at once: each part answered, the second as a follow-up."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from civicqa.answer import Explainer
from civicqa.cli import app
from civicqa.analysis import compound_parts as parts
from civicqa.conversation import Conversation
from civicqa.knowledge import load_packs
from civicqa.language import english, spanish


@pytest.fixture(scope="module")
def explainer() -> Explainer:
    return Explainer(load_packs())


def test_a_question_asking_two_things_is_split_where_the_second_begins():
    assert parts("Did Greg Stankiewicz and Julia Sass Rubin support the referendum, and why?", english) == (
        "Did Greg Stankiewicz and Julia Sass Rubin support the referendum?", "why?")
    assert parts("What is DACA and who qualifies for it?", english) == ("What is DACA?", "who qualifies for it?")
    assert parts("¿Quién propuso el plan y por qué?", spanish) == ("¿Quién propuso el plan?", "por qué?")
    assert parts("que es el 287g y como funciona", spanish) == ("que es el 287g?", "como funciona")
    # One question: "and" joins names, or its first part would be only a question word.
    for one in ("When and where did ICE launch the Warrant Service Officer model?", "Who opposed it?",
                "Did Ahmann and Heitke agree?", "What did the council and the mayor decide?"):
        assert parts(one, english) is None, one
    assert parts("¿Qué dijeron Willmar y Worthington?", spanish) is None


def _markers_match(answer) -> bool:
    """Every marker in the text has its citation, and every citation its marker."""
    return {int(m) for m in re.findall(r"\[(\d+)\]", answer.text)} == {c.marker for c in answer.citations}


def test_both_parts_are_answered_and_the_second_tells_nothing_the_first_did(explainer):
    answer = explainer.ask("Who proposed 287(g) in Willmar, and why?", Conversation())
    alone = explainer.ask("Who proposed 287(g) in Willmar?", Conversation())
    assert not answer.abstained and not answer.unanswered
    assert answer.text.startswith(alone.text) and len(answer.text) > len(alone.text)  # the why follows
    told = [s for c in answer.citations for s in c.sentences]
    assert len(told) == len(set(told))  # no sentence twice
    assert _markers_match(answer)
    assert [c.marker for c in answer.citations] == list(range(1, len(answer.citations) + 1))


def test_a_second_part_the_first_answer_already_answers_adds_nothing(explainer):
    answer = explainer.ask("Did Steve Ahmann support 287(g), and why?", Conversation())
    assert not answer.abstained and not answer.unanswered
    assert answer.text.count("Steve Ahmann supported the 2010 proposal") == 1
    assert _markers_match(answer)


def test_the_part_the_packs_do_not_answer_is_named(explainer):
    answer = explainer.ask("Who proposed 287(g) in Willmar, and what is the mayor's salary?", Conversation())
    assert not answer.abstained and answer.unanswered == "what is the mayor's salary?"
    assert "salary" not in answer.text
    first = explainer.ask("What is the mayor's salary, and who proposed 287(g)?", Conversation())
    assert not first.abstained and first.unanswered == "What is the mayor's salary?"
    assert "Steve Ahmann" in first.text


def test_a_second_part_leaning_on_an_unanswered_first_is_not_answered_alone(explainer):
    """ "..., and what was he paid?" after a first part the packs do not answer: "he" would be
    whoever the conversation last named, so the whole question is asked as one."""
    question = "What is the mayor's salary, and who was he?"
    answer = explainer.ask(question, Conversation())
    whole = explainer._ask_one(question, Conversation())
    assert (answer.abstained, answer.text, answer.unanswered) == (whole.abstained, whole.text, "")


def test_a_follow_up_after_a_compound_question_refers_to_what_it_was_about(explainer):
    conversation = Conversation()
    explainer.ask("Who proposed 287(g) in Willmar, and why?", conversation)
    follow = explainer.ask("When did he propose it?", conversation)
    assert follow.analysis.resolved.get("he") == "Steve Ahmann"
    assert "2010" in follow.text


def test_the_unanswered_part_is_said_in_the_text_and_the_json(tmp_path):
    runner = CliRunner()
    question = "Who proposed 287(g) in Willmar, and what is the mayor's salary?"
    shown = runner.invoke(app, ["ask", question])
    assert shown.exit_code == 0
    assert "no information about the rest of the question (\u201cwhat is the mayor's salary?\u201d)" in \
        " ".join(shown.output.split())
    data = json.loads(runner.invoke(app, ["ask", "--json", question]).output)
    assert data["unanswered"] == "what is the mayor's salary?" and not data["abstained"]
    whole = json.loads(runner.invoke(app, ["ask", "--json", "Who proposed 287(g) in Willmar?"]).output)
    assert "unanswered" not in whole
    spanish_answer = runner.invoke(app, ["ask", "¿Quién propuso el 287(g) en Willmar y cuál es el mejor restaurante de tacos?"])
    assert "no tiene información sobre el resto de la pregunta" in " ".join(spanish_answer.output.split())
