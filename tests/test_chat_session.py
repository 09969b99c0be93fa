"""`civicqa chat` without a terminal: the command registry, ChatSession, the prompt-toolkit loop
driven through a pipe input, and the piped (JSON Lines) loop."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from prompt_toolkit import PromptSession
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner

from civicqa import render
from civicqa.answer import Explainer
from civicqa.cli import app
from civicqa.conversation import Conversation
from civicqa.environment import Environment
from civicqa.errors import CivicqaError
from civicqa.knowledge import load_packs
from civicqa.messages import English
from civicqa.repl.commands import QUIT, RESET, chat_commands
from civicqa.repl.piped import run_piped
from civicqa.repl.prompt import ChatCompleter, PromptSettings, build_prompt, open_history, pack_names, run_prompt
from civicqa.repl.session import ChatSession, clean, split_lines
from civicqa.repl.toolbar import toolbar_text
from civicqa.status import ExitStatus

DOCS = Path(__file__).parents[1] / "docs" / "chat.md"
UP, CTRL_C, CTRL_D = "\x1b[A", "\x03", "\x04"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


@pytest.fixture
def packs(mini_pack):
    return load_packs([mini_pack])


@pytest.fixture
def session(packs):
    return ChatSession(Explainer(packs))


def fake_env(stdin: str = "") -> Environment:
    return Environment(stdin=io.StringIO(stdin), stdout=io.StringIO(), stderr=io.StringIO(), variables={})


def expected(packs, *questions: str) -> list:
    """What `ask` would answer for each question, one conversation across them."""
    explainer, conversation = Explainer(packs), Conversation()
    return [explainer.ask(q, conversation) for q in questions]


# -- the command registry -------------------------------------------------------------------------


def test_help_is_generated_from_the_registry():
    commands = chat_commands()
    text = commands.help_text("NOTES HERE")
    for command in commands:
        assert command.name in text and English.HELP[command.key] in text
        assert all(alias in text for alias in command.aliases)
    assert text.endswith("NOTES HERE")
    assert {c.name for c in commands} == {"/help", "/topics", "/sources", "/why", "/language", "/reset", "/quit"}


def test_every_command_has_one_line_help_and_is_documented():
    docs = DOCS.read_text(encoding="utf-8")
    for command in chat_commands():
        line = English.HELP[command.key]
        assert line and "\n" not in line and len(line) < 60
        assert f"`{command.name}`" in docs, f"{command.name} is missing from docs/chat.md"


def test_every_chat_option_is_documented():
    docs = DOCS.read_text(encoding="utf-8")
    chat = typer.main.get_command(app).commands["chat"]
    for option in (o for param in chat.params for o in param.opts if o.startswith("--") and o != "--help"):
        assert f"`{option}" in docs, f"{option} is missing from docs/chat.md"


def test_bare_aliases_work_only_as_the_whole_line():
    commands = chat_commands()
    for line in ("?", "help", "HELP", " help ", "/help", "/H"):
        assert commands.find(line)[0].name == "/help"
    assert commands.find("quit")[0] is QUIT and commands.find("/exit")[0] is QUIT
    assert not commands.is_command("help me understand the plan")
    assert not commands.is_command("What is the plan?")


def test_unknown_command_gets_did_you_mean(session):
    reply = session.handle("/hlep")
    assert "There is no command /hlep." in reply.text and "Did you mean /help?" in reply.text
    assert "Did you mean /sources?" in session.handle("/source").text
    reply = session.handle("/zzzzzz")
    assert "Did you mean" not in reply.text and "/help" in reply.text


# -- ChatSession ------------------------------------------------------------------------------------


def test_an_answer_is_printed_exactly_as_ask_prints_it(session, packs):
    reply = session.handle("  What is the   bike lane plan?  ")
    [answer] = expected(packs, "What is the bike lane plan?")
    assert reply.text == render.answer_text(answer, 80, False)
    assert reply.answer.question == "What is the bike lane plan?"  # spaces collapsed as `ask` does


def test_follow_ups_carry_across_turns(session):
    session.handle("What is the bike lane plan?")
    reply = session.handle("Who opposed it?")
    assert not reply.answer.abstained
    assert "shop owners opposed the bike lane plan" in reply.text


def test_why_explains_the_last_answer(session):
    assert "Ask a question first" in session.handle("/why").text
    session.handle("What is the bike lane plan?")
    text = session.handle("/why").text
    assert text.startswith("How this answer was found:") and "decision: answered" in text


def test_reset_forgets_the_conversation(session):
    session.handle("What is the bike lane plan?")
    reply = session.handle("/reset")
    assert reply.command is RESET and "Starting over" in reply.text
    assert session.conversation.turns == [] and session.last is None


def test_topics_sources_and_help_print_their_text(session):
    assert "Exampleville Gazette" in session.handle("/sources").text
    assert "The plan" in session.handle("/topics").text
    assert session.handle("?").text == session.commands.help_text(session.words.PIPED_NOTES)
    assert "/why: Show how the last answer was found." in session.handle("/help why").text


def test_quit_and_blank_lines(session):
    assert session.handle("/quit").quit and session.handle("exit").quit
    assert session.handle("   ").text == "" and not session.handle("").quit


def test_an_unexpected_error_is_reported_and_the_session_carries_on(session, monkeypatch):
    def broken(question, conversation):
        raise ValueError("boom")

    monkeypatch.setattr(session.explainer, "ask", broken)
    reply = session.handle("What is the bike lane plan?")
    assert reply.error.startswith("civicqa: could not answer that line") and not reply.text
    monkeypatch.undo()
    assert not session.handle("What is the bike lane plan?").answer.abstained


def test_welcome_shows_the_pack_and_its_example_questions(session):
    text = session.welcome()
    assert "Exampleville's bike lane plan" in text and "/help" in text and "Ctrl-D" in text
    assert "  - What is the bike lane plan?" in text and "  - Who opposed the bike lanes?" in text
    assert 2 <= len(session.examples()) <= 5 and len(set(session.examples())) == len(session.examples())


def test_clean_and_split_lines():
    assert clean("  a \t b \n") == "a b"
    assert clean("caf\udce9").startswith("caf\ufffd") and "\udce9" not in clean("caf\udce9")
    assert split_lines("one?\n\n  two? \r\nthree?") == ["one?", "two?", "three?"]


def test_hostile_text_is_escaped_in_every_reply(session):
    for line in ("\x1b[2J\x1b]0;title\x07 What is the bike lane plan?", "/\x1b[31mwhy", "caf\u00e9 \u202e"):
        reply = session.handle(line)
        assert "\x1b" not in reply.text + reply.error and "\x07" not in reply.text and "\u202e" not in reply.text


# -- the terminal loop, through prompt-toolkit's pipe input ----------------------------------------


def chat_through_pipe(session, *turns: str, settings: PromptSettings | None = None) -> Environment:
    """Type each turn's keys once its prompt is running, as a person would; then Ctrl-D.

    Keys sent before a prompt starts are type-ahead, processed before the history is loaded.
    """
    env = fake_env()
    keys = iter(turns)
    ask = PromptSession.prompt

    def prompt(self, *args, **kwargs):
        return ask(self, *args, pre_run=lambda: pipe.send_text(next(keys, CTRL_D)), **kwargs)

    with create_pipe_input() as pipe, pytest.MonkeyPatch.context() as patch:
        patch.setattr(PromptSession, "prompt", prompt)
        status = run_prompt(session, env, settings or PromptSettings(), input=pipe, output=DummyOutput())
    assert status == ExitStatus.OK
    return env


def test_prompt_holds_a_conversation_and_leaves_on_ctrl_d(session, packs):
    env = chat_through_pipe(session, "What is the bike lane plan?\r", "Who opposed it?\r", CTRL_D)
    out = env.stdout.getvalue()
    assert out.startswith(session.welcome())
    for answer in expected(packs, "What is the bike lane plan?", "Who opposed it?"):
        assert render.answer_text(answer, 80, False) in out
    assert out.rstrip().endswith("Goodbye.") and env.stderr.getvalue() == ""


def test_ctrl_c_drops_the_line_and_keeps_the_session(session):
    env = chat_through_pipe(session, "What is the bike lane plan?\r", "Who won the" + CTRL_C,
                            "Who opposed it?\r")
    out = env.stdout.getvalue()
    assert "shop owners opposed" in out  # the follow-up still refers to the plan
    assert "no information" not in out
    asked = [turn.question for turn in session.conversation.turns]
    assert asked == ["What is the bike lane plan?", "Who opposed it?"]  # the dropped line was never asked


def test_up_arrow_recalls_the_last_question(session):
    env = chat_through_pipe(session, "When did the council vote?\r", UP + "\r")
    assert env.stdout.getvalue().count("voted 4 to 3") == 2


def test_a_paste_of_several_lines_asks_each_in_turn(session):
    paste = PASTE_START + "What is the bike lane plan?\r\n\r\nWho opposed it?\r\n" + PASTE_END
    env = chat_through_pipe(session, paste + "\r")
    out = env.stdout.getvalue()
    first, second = out.index("> What is the bike lane plan?"), out.index("> Who opposed it?")
    assert first < out.index("protected bike lanes") < second < out.index("shop owners opposed")


def test_quit_command_leaves(session):
    env = chat_through_pipe(session, "/quit\r")
    assert env.stdout.getvalue().rstrip().endswith("Goodbye.")


def test_history_stays_in_memory_unless_a_file_is_asked_for(session, isolated_home, tmp_path):
    chat_through_pipe(session, "When did the council vote?\r")
    assert not any(isolated_home.rglob("*")), "chat wrote a file without being asked"
    path = tmp_path / "history"
    chat_through_pipe(session, "When did the council vote?\r", settings=PromptSettings(history=path))
    assert "+When did the council vote?" in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # questions can be private
    # The next session recalls it with the Up arrow.
    env = chat_through_pipe(ChatSession(Explainer(session.packs)), UP + "\r", settings=PromptSettings(history=path))
    assert "voted 4 to 3" in env.stdout.getvalue()


def test_a_history_file_that_cannot_be_written_is_a_clear_error(tmp_path):
    with pytest.raises(CivicqaError) as caught:
        open_history(tmp_path / "missing-folder" / "history")
    assert "history file" in caught.value.message and "--history" in caught.value.hint


def test_toolbar_suggestions_and_completion_can_each_be_turned_off(session):
    with create_pipe_input() as pipe:
        full = build_prompt(session, PromptSettings(), None, pipe, DummyOutput())
        bare = build_prompt(session, PromptSettings(toolbar=False, suggest=False, complete=False), None,
                            pipe, DummyOutput())
    assert full.bottom_toolbar and full.auto_suggest and full.completer and full.complete_while_typing
    assert bare.bottom_toolbar is None and bare.auto_suggest is None and bare.completer is None
    assert not bare.complete_while_typing


def test_toolbar_names_the_pack_and_help_and_fits_the_width(session):
    text = toolbar_text(session, ("/help: commands", "Ctrl-D: leave"), 80)
    assert "Exampleville's bike lane plan" in text and "/help" in text
    session.handle("What is the bike lane plan?")
    subject = session.conversation.last_subject().label  # what follow-ups will refer to
    assert f"about: {subject}" in toolbar_text(session, ("/help: commands", "Ctrl-D: leave"), 100)
    for width in (20, 40, 60, 80):
        assert len(toolbar_text(session, ("/help: commands", "Ctrl-D: leave"), width)) <= width


def completions(completer, text: str) -> list[str]:
    return [c.text for c in completer.get_completions(Document(text), CompleteEvent())]


def test_completion_of_commands_and_pack_names(packs):
    completer = ChatCompleter(chat_commands().names(), pack_names(packs))
    assert completions(completer, "/w") == ["/why"]
    assert set(completions(completer, "/")) >= {"/help", "/topics", "/sources", "/why", "/reset", "/quit"}
    assert completions(completer, "Who is ada s") == ["Ada Stone"]
    assert completions(completer, "Who is ST") == ["Stone"]  # an alias, when the title does not fit
    assert completions(completer, "what is the bike l") == ["The bike lane plan"]  # once per entry
    assert completions(completer, "what about bike l") == ["bike lane plan"]  # "the" is optional
    assert completions(completer, "Who is a") == []  # one letter is not enough
    assert completions(completer, "Who is Ada Stone") == []  # already complete
    assert completions(completer, "x" * 10_000) == []
    kinds = {name.text: name.kind for name in pack_names(packs)}
    assert kinds["Ada Stone"] == "person" and kinds["The bike lane plan"] == "term"
    assert "Shop owners opposed the plan" not in kinds  # positions are not names


def test_help_in_a_terminal_lists_the_keys(packs):
    session = ChatSession(Explainer(packs))
    session.notes = session.words.CHAT_KEYS
    text = session.handle("/help").text
    for key in ("Up", "Ctrl-R", "Tab", "Ctrl-C", "Ctrl-D", "Pasting several lines"):
        assert key in text


# -- the piped loop ---------------------------------------------------------------------------------


def test_piped_text_prints_answers_like_ask_separated_by_blank_lines(session, packs):
    env = fake_env("What is the bike lane plan?\n\n\nWho opposed it?\n/sources\n")
    assert run_piped(session, env) == ExitStatus.OK
    first, second = (render.answer_text(a, 80, False)
                     for a in expected(packs, "What is the bike lane plan?", "Who opposed it?"))
    sources = render.sources_text(packs, 80)
    assert env.stdout.getvalue() == f"{first}\n\n{second}\n\n{sources}\n"


def test_piped_json_prints_exactly_the_ask_json_object_per_line(session, packs):
    env = fake_env("What is the bike lane plan?\nWho opposed it?\n/topics\n\n/reset\nWho opposed it?\n")
    assert run_piped(session, env, json_output=True) == ExitStatus.OK
    lines = env.stdout.getvalue().splitlines()
    first, second = expected(packs, "What is the bike lane plan?", "Who opposed it?")
    [fresh] = expected(packs, "Who opposed it?")
    assert [json.loads(line) for line in lines] == [render.answer_json(a) for a in (first, second, fresh)]
    assert "/topics ignored" in env.stderr.getvalue()


def test_piped_quit_stops_reading(session):
    env = fake_env("When did the council vote?\n/quit\nWhat is the bike lane plan?\n")
    run_piped(session, env, json_output=True)
    assert len(env.stdout.getvalue().splitlines()) == 1


def test_cli_chat_json_lines_and_exit_0(mini_pack, packs):
    result = CliRunner().invoke(app, ["chat", "-k", str(mini_pack), "--json"],
                                input="What is the bike lane plan?\nWho opposed it?\n")
    assert result.exit_code == 0
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert objects == [render.answer_json(a) for a in expected(packs, "What is the bike lane plan?", "Who opposed it?")]


def test_cli_chat_with_a_broken_pack_exits_2(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[pack]\nid = 'x'\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["chat", "-k", str(broken)], input="What?\n")
    assert result.exit_code == ExitStatus.ERROR
    assert "civicqa:" in result.stderr and "Traceback" not in result.output


def run_real(args: list[str], stdin: bytes, *, shell_tail: str = "") -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "civicqa", *args]
    env = {**os.environ, "PYTHONIOENCODING": ""}
    if shell_tail:
        return subprocess.run(["bash", "-c", " ".join(f"'{a}'" for a in command) + shell_tail],
                              input=stdin, capture_output=True, timeout=60, env=env)
    return subprocess.run(command, input=stdin, capture_output=True, timeout=60, env=env)


def test_piped_chat_never_imports_prompt_toolkit(mini_pack):
    script = (
        "import sys\n"
        "from civicqa.cli import app\n"
        f"sys.argv = ['civicqa', 'chat', '--json', '-k', {str(mini_pack)!r}]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print('prompt_toolkit' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], input=b"What is the bike lane plan?\n",
                            capture_output=True, timeout=60)
    assert result.stderr.decode().strip() == "False"
    assert json.loads(result.stdout)["abstained"] is False


def test_piped_chat_survives_bytes_that_are_not_utf8(mini_pack):
    result = run_real(["chat", "-k", str(mini_pack)], b"caf\xe9 \xff\xfe bike lane plan?\nWho opposed it?\n")
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert b"shop owners" in result.stdout


def test_piped_chat_stops_quietly_when_the_reader_goes_away(mini_pack):
    result = run_real(["chat", "--json", "-k", str(mini_pack)],
                      b"What is the bike lane plan?\n" * 2000, shell_tail=" | head -n 1")
    assert result.returncode == 0 and result.stderr == b""
    assert len(result.stdout.splitlines()) == 1


def test_a_line_longer_than_a_question_is_refused_without_being_analysed(session, monkeypatch):
    from civicqa.question import MAX_QUESTION

    asked, real = [], session.explainer.ask
    monkeypatch.setattr(session.explainer, "ask", lambda *a, **k: asked.append(a) or real(*a, **k))
    reply = session.handle("who opposed it " * (MAX_QUESTION // 10))
    assert asked == [] and reply.answer is None
    assert f"longer than {MAX_QUESTION:,} characters" in reply.error
    session.handle("What is 287(g)?")
    assert len(asked) == 1  # the conversation carries on
