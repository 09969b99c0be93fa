"""End to end: the real `civicqa chat` on a pseudo-terminal, driven with pexpect.

A question, a follow-up, history recall, Ctrl-C and Ctrl-D, as a person at a terminal would do
them. Each step waits for the prompt before typing, and every wait has a bounded timeout.
"""

from __future__ import annotations

import sys

import pytest

pexpect = pytest.importorskip("pexpect")
import terminal  # noqa: E402  (needs pexpect)
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pseudo-terminal")

PROMPT = "civicqa>"  # the renderer may move the cursor over the trailing space instead of printing it
UP = terminal.UP


def spawn(mini_pack, *args: str):
    child = terminal.spawn("chat", "--knowledge", str(mini_pack), *args)
    child.expect_exact("Type /help for commands")
    child.expect_exact(PROMPT)
    return child


def ask(child, question: str, expected: str) -> str:
    return terminal.ask(child, question, expected, PROMPT)


def leave(child) -> int:
    child.sendcontrol("d")
    child.expect_exact("Goodbye.")
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_question_follow_up_history_ctrl_c_and_ctrl_d(mini_pack):
    child = spawn(mini_pack)
    try:
        ask(child, "What is the bike lane plan?", "protected bike lanes")
        ask(child, "Who opposed it?", "shop owners opposed")  # the follow-up refers to the plan

        child.send("Who won the")  # Ctrl-C drops this half-typed line; the session carries on
        child.sendcontrol("c")
        child.expect_exact(PROMPT)
        output = ask(child, "When did the council vote?", "voted 4 to 3")
        assert "no information" not in output  # the dropped line was never asked

        child.send(UP)  # history recall: Up brings back the last question
        child.expect_exact("council vote?")
        ask(child, "", "voted 4 to 3")
        assert leave(child) == 0
    finally:
        child.close(force=True)


def test_commands_and_did_you_mean(mini_pack):
    child = spawn(mini_pack)
    try:
        ask(child, "/hlep", "Did you mean /help?")
        ask(child, "/help", "Ctrl-R")
        ask(child, "What is the bike lane plan?", "protected bike lanes")
        ask(child, "/why", "How this answer was found")
        child.send("/quit\r")
        child.expect_exact("Goodbye.")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
    finally:
        child.close(force=True)


def test_a_pasted_block_is_asked_line_by_line(mini_pack):
    child = spawn(mini_pack)
    try:
        child.send("\x1b[200~When did the council vote?\nWho supported it?\n\x1b[201~")
        ask(child, "", "Ada Stone supported")
        assert leave(child) == 0
    finally:
        child.close(force=True)


def test_hostile_input_is_escaped_and_the_session_survives(mini_pack):
    child = spawn(mini_pack)
    try:
        hostile = "Who is \x1b[31mAda\x1b]0;pwned\x07 \u00fcn\u00efc\u00f6d\u00e9 \u65e5\u672c "
        child.send("\x1b[200~" + hostile + "x" * 3000 + "\x1b[201~\r")
        child.expect_exact("longer than 2,000 characters")  # refused, not analysed
        child.expect_exact(PROMPT)
        child.send("\x1b[200~" + hostile + "\x1b[201~\r")
        child.expect_exact("no information")
        child.expect_exact(PROMPT)
        assert "\x1b]0;pwned" not in child.before
        ask(child, "What is the bike lane plan?", "protected bike lanes")
        assert leave(child) == 0
    finally:
        child.close(force=True)


def test_a_typed_escape_sequence_is_no_crash(mini_pack):
    """Esc [ 3 1 m typed, not pasted, looks like a mouse report to prompt-toolkit."""
    child = spawn(mini_pack)
    try:
        child.send("\x1b[31m")
        ask(child, "What is the bike lane plan?", "protected bike lanes")
        assert "Traceback" not in child.before and "Unhandled exception" not in child.before
        assert leave(child) == 0
    finally:
        child.close(force=True)


def test_history_file_is_kept_only_when_asked_for(mini_pack, tmp_path, isolated_home):
    history = tmp_path / "questions.txt"
    child = spawn(mini_pack, "--history", str(history))
    try:
        ask(child, "When did the council vote?", "voted 4 to 3")
        assert leave(child) == 0
    finally:
        child.close(force=True)
    assert "When did the council vote?" in history.read_text(encoding="utf-8")
    # Nothing in the home folder but the index cache, which holds the pack, not questions.
    written = [p for p in isolated_home.rglob("*") if p.is_file()]
    assert all(p.parent == isolated_home / ".cache" / "civicqa" and p.name.startswith("explainer-")
               for p in written), written

    child = spawn(mini_pack, "--history", str(history))
    try:
        child.send(UP)  # a new session recalls the question from the file
        child.expect_exact("council vote?")
        ask(child, "", "voted 4 to 3")
        assert leave(child) == 0
    finally:
        child.close(force=True)
