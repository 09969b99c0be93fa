"""Property-based tests: random and hostile questions never crash `ask` or chat, and nothing
unescaped ever reaches the terminal.

Hypothesis explores the odd corners; a seeded loop adds a few thousand more questions through
one long conversation, and one real piped `civicqa chat --json` process gets two thousand lines.
One Explainer is shared so the whole file runs in seconds.
"""

from __future__ import annotations

import io
import json
import random
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civicqa import render
from civicqa.answer import Explainer
from civicqa.conversation import Conversation
from civicqa.environment import Environment
from civicqa.knowledge import load_packs
from civicqa.question import MAX_QUESTION
from civicqa.repl.commands import QUIT
from civicqa.repl.piped import run_piped
from civicqa.repl.session import ChatSession, clean

MINI = Path(__file__).parent / "data" / "mini.toml"
PACKS = load_packs([MINI])
EXPLAINER = Explainer(PACKS)
# Anything a terminal could act on: C0 and C1 controls (newline aside), DEL, bidi overrides.
UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The examples share one module-level Explainer; the autouse home fixture only sets variables.
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

WORDS = sorted({w for e in PACKS[0].entries for w in re.findall(r"[\w()]+", e.title + " " + e.text)})
HOSTILE = ["\x1b[2J", "\x1b[31m", "\x1b]0;title\x07", "\x1b]8;;http://x\x1b\\", "\x07", "\x00", "\x7f",
           "\x9b31m", "\u202e", "\u2028", "\r", "\t", "\ufeff", "\U0001f6b2", "\u65e5\u672c", "caf\u00e9",
           "it", "they", "who", "why", "?", "/why", "/reset", "(", "287(g)", "U.S.", "'", '"', "\\"]
questions = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(WORDS + HOSTILE), max_size=25).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=15).map(" ".join),
    st.tuples(st.text(min_size=1, max_size=8), st.integers(500, 10_000)).map(lambda t: (t[0] * t[1])[:10_000]),
)


def assert_only_refused_if_too_long(line: str, error: str) -> None:
    """No unexpected exception was swallowed: the one error a line may get is being too long."""
    if len(clean(line)) > MAX_QUESTION:
        assert f"longer than {MAX_QUESTION:,} characters" in error, (line, error)
    else:
        assert error == "", (line, error)


def assert_safe(text: str) -> None:
    assert not UNSAFE.search(text), f"unescaped control character in {text[:200]!r}"


@FAST
@given(questions)
def test_ask_never_crashes_and_prints_only_escaped_text(question):
    answer = EXPLAINER.ask(question)
    assert isinstance(answer.abstained, bool) and answer.abstained == (not answer.text)
    assert_safe(render.answer_text(answer, 80, False))
    assert_safe(render.explain_text(answer, 80))
    data = json.loads(render.dumps(render.answer_json(answer)))
    assert data["question"] == question


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(questions, min_size=1, max_size=6))
def test_a_conversation_of_random_lines_never_crashes(lines):
    session = ChatSession(EXPLAINER)
    for line in lines:
        reply = session.handle(line)
        assert_only_refused_if_too_long(line, reply.error)  # no unexpected exception was swallowed
        assert_safe(reply.text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(questions, max_size=8))
def test_piped_json_lines_answer_every_question_line(lines):
    text = "\n".join(line.replace("\n", " ") for line in lines) + "\n"
    env = Environment(stdin=io.StringIO(text), stdout=io.StringIO(), stderr=io.StringIO(), variables={})
    session = ChatSession(EXPLAINER)
    assert run_piped(session, env, json_output=True) == 0
    expected = []
    for line in (raw.strip() for raw in io.StringIO(text)):
        if len(" ".join(line.split())) > MAX_QUESTION:  # too long to read, even as a command
            expected.append(line)
        elif session.commands.is_command(line):
            if session.commands.find(line)[0] is QUIT:
                break
        elif line:
            expected.append(" ".join(line.split()))
    objects = [json.loads(out) for out in env.stdout.getvalue().splitlines()]
    assert [o["question"] if "error" not in o else "(too long)" for o in objects] == [
        q if len(q) <= MAX_QUESTION else "(too long)" for q in expected]
    assert "Traceback" not in env.stderr.getvalue()


def random_questions(count: int, seed: int = 287) -> list[str]:
    """Seeded, so a failure can be replayed: pack words, hostile pieces and random code points."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.6:
            line = " ".join(rng.choice(WORDS + HOSTILE) for _ in range(rng.randint(1, 12))) + rng.choice("?. ")
        elif kind < 0.95:
            line = "".join(chr(rng.choice([rng.randint(0, 0x7f), rng.randint(0x80, 0x2fff),
                                           rng.randint(0x3000, 0x10ffff)]))
                           for _ in range(rng.randint(1, 60)))
            line = line.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates
        else:
            line = rng.choice(WORDS) * rng.randint(100, 2000)
        out.append(line)
    return out


def test_thousands_of_random_questions_in_one_conversation():
    session = ChatSession(EXPLAINER)
    for line in random_questions(3000):
        reply = session.handle(line)
        assert_only_refused_if_too_long(line, reply.error)
        assert_safe(reply.text)


def test_real_piped_chat_answers_two_thousand_random_lines():
    lines = [" ".join(line.split()) for line in random_questions(2000, seed=2010)]
    lines = [line for line in lines if line and not line.startswith("/") and line.lower() not in
             {"?", "help", "quit", "exit"}]
    result = subprocess.run([sys.executable, "-m", "civicqa", "chat", "--json", "-k", str(MINI)],
                            input="\n".join(lines).encode("utf-8"), capture_output=True, timeout=120)
    assert result.returncode == 0
    assert all("is longer than" in note for note in result.stderr.decode("utf-8").splitlines())  # only too-long lines
    objects = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [o["question"] if "error" not in o else "(too long)" for o in objects] == [
        q if len(q) <= MAX_QUESTION else "(too long)" for q in lines]
