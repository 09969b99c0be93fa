"""`civicqa kiosk` without a terminal: the settings file and passphrase hash, the wait after a
wrong passphrase, the counts file, and the kiosk loop driven through prompt-toolkit's pipe input."""

from __future__ import annotations

import io
import itertools
import json
import signal
import stat
import threading
import time
from pathlib import Path

import pytest
from prompt_toolkit import PromptSession
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner

from civicqa.cli import app
from civicqa.environment import Environment
from civicqa.errors import CivicqaError
from civicqa.knowledge import load_packs
from civicqa.answer import Explainer
from civicqa.messages import English
from civicqa.repl.kiosk import CLEAR, Kiosk
from civicqa.repl.kiosk_core import MAX_INPUT, STAFF, START_OVER, kiosk_commands, kiosk_session, welcome_text
from civicqa.repl.kiosk_line import LineKiosk
from civicqa.repl.kiosk_config import (SCRYPT_N, SCRYPT_P, SCRYPT_R, Counts, KioskConfig, KioskSettings,
                                       PassphraseHash, RateLimiter, config_path, error_line, kiosk_settings,
                                       load_config, save_config, save_passphrase, set_passphrase)
from civicqa.status import ExitStatus

DOCS = Path(__file__).parents[1] / "docs" / "kiosk.md"
CHEAP = 2**10  # scrypt cost for tests that only need some hash; the real cost is tested once
PASSPHRASE = "staff only, please"
UP, CTRL_C, CTRL_D, CTRL_Z, CTRL_BACKSLASH = "\x1b[A", "\x03", "\x04", "\x1a", "\x1c"
runner = CliRunner()


@pytest.fixture
def packs(mini_pack):
    return load_packs([mini_pack])


@pytest.fixture
def session(packs):
    return kiosk_session(Explainer(packs))


def fake_env(**variables: str) -> Environment:
    return Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), variables=variables)


def settings(**changes) -> KioskSettings:
    values = dict(passphrase=PassphraseHash.of(PASSPHRASE, n=CHEAP), idle_timeout=30.0,
                  limiter=RateLimiter(first=0.01, most=0.05))
    return KioskSettings(**{**values, **changes})


# -- the passphrase -----------------------------------------------------------------------------------


def test_passphrase_hash_uses_salted_scrypt_at_the_stated_cost():
    secret = PassphraseHash.of("correct horse battery")
    assert (secret.algorithm, secret.n, secret.r, secret.p) == ("scrypt", SCRYPT_N, SCRYPT_R, SCRYPT_P)
    assert (SCRYPT_N, SCRYPT_R, SCRYPT_P) == (2**17, 8, 1)
    assert len(secret.salt) == 16 and len(secret.hash) == 32
    assert secret.matches("correct horse battery")
    assert not secret.matches("correct horse batter") and not secret.matches("")


def test_each_hash_has_its_own_salt_and_accents_match_however_typed():
    one, two = PassphraseHash.of("caf\u00e9 au lait", n=CHEAP), PassphraseHash.of("caf\u00e9 au lait", n=CHEAP)
    assert one.salt != two.salt and one.hash != two.hash
    assert one.matches("cafe\u0301 au lait")  # the same letters, decomposed


def test_settings_file_is_private_atomic_and_holds_no_passphrase(isolated_home):
    path = config_path()
    assert path == isolated_home / ".config" / "civicqa" / "kiosk.toml"
    save_passphrase(path, PASSPHRASE, n=CHEAP)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert PASSPHRASE not in path.read_text(encoding="utf-8")
    assert [p.name for p in path.parent.iterdir()] == ["kiosk.toml"]  # no temporary file left
    config = load_config(path)
    assert config.passphrase.matches(PASSPHRASE) and config.passphrase.n == CHEAP


def test_a_new_passphrase_keeps_read_permissions_but_never_write_for_others(tmp_path):
    path = tmp_path / "kiosk.toml"
    save_passphrase(path, PASSPHRASE, n=CHEAP)
    path.chmod(0o640)  # the librarian lets the kiosk account's group read it
    save_passphrase(path, "another passphrase", n=CHEAP)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    path.chmod(0o666)
    save_config(KioskConfig(path, passphrase=PassphraseHash.of(PASSPHRASE, n=CHEAP)))
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert load_config(path).passphrase.matches(PASSPHRASE)


def test_config_path_follows_xdg_config_home(tmp_path):
    assert config_path({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path / "civicqa" / "kiosk.toml"


def test_settings_survive_a_new_passphrase(tmp_path):
    path = tmp_path / "kiosk.toml"
    save_config(KioskConfig(path, idle_timeout=45.5, plain=True, counts=tmp_path / "my counts.json",
                            error_log=tmp_path / "errors.log"))
    save_passphrase(path, PASSPHRASE, n=CHEAP)
    config = load_config(path)
    assert (config.idle_timeout, config.plain) == (45.5, True)
    assert config.counts == tmp_path / "my counts.json" and config.error_log == tmp_path / "errors.log"


def test_relative_paths_in_the_settings_file_are_relative_to_it(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\ncounts = "counts.json"\n', encoding="utf-8")
    path.chmod(0o600)
    assert load_config(path).counts == tmp_path / "counts.json"


@pytest.mark.parametrize("text, message", [
    ("[kiosk\n", "not valid TOML"),
    ("[kiosk]\nidle_timout = 5\n", "unknown setting 'idle_timout'"),
    ("[kiosk]\nidle_timeout = 0.1\n", "idle timeout must be between"),
    ("[kiosk]\nidle_timeout = \"soon\"\n", "not a number of seconds"),
    ("[kiosk]\nplain = \"yes\"\n", "not true or false"),
    ("[extra]\n", "unknown section"),
    ('[passphrase]\nalgorithm = "md5"\n', "cannot use"),
    ('[passphrase]\nalgorithm = "scrypt"\nn = 3\nr = 8\np = 1\nsalt = "00"\nhash = "00"\n', "cannot use"),
])
def test_a_bad_settings_file_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    with pytest.raises(CivicqaError) as caught:
        load_config(path)
    assert message in caught.value.message and str(path) in caught.value.message and caught.value.hint


def test_a_settings_file_others_can_change_is_refused(tmp_path):
    path = tmp_path / "kiosk.toml"
    save_passphrase(path, PASSPHRASE, n=CHEAP)
    path.chmod(0o666)
    with pytest.raises(CivicqaError) as caught:
        load_config(path)
    assert "other accounts" in caught.value.message and "chmod go-w" in caught.value.hint


def test_the_kiosk_refuses_to_start_without_a_passphrase(tmp_path):
    with pytest.raises(CivicqaError) as caught:
        kiosk_settings(tmp_path / "kiosk.toml")
    assert "no staff passphrase" in caught.value.message
    assert "civicqa kiosk --set-passphrase" in caught.value.hint and "--config" in caught.value.hint


def test_command_line_options_override_the_settings_file(tmp_path):
    path = tmp_path / "kiosk.toml"
    save_config(KioskConfig(path, idle_timeout=300, counts=tmp_path / "a.json"))
    save_passphrase(path, PASSPHRASE, n=CHEAP)
    assert kiosk_settings(path).idle_timeout == 300 and kiosk_settings(path).counts == tmp_path / "a.json"
    chosen = kiosk_settings(path, idle_timeout=1.5, plain=True, counts=tmp_path / "b.json")
    assert (chosen.idle_timeout, chosen.plain, chosen.counts) == (1.5, True, tmp_path / "b.json")
    with pytest.raises(CivicqaError):
        kiosk_settings(path, idle_timeout=0.5)


def dialogue(path: Path, secrets: list[str], answers: list[str] = ()) -> list[str]:
    said: list[str] = []
    typed, replies = iter(secrets), iter(answers)
    set_passphrase(path, lambda prompt: next(typed), lambda prompt: next(replies), said.append, n=CHEAP)
    return said


def test_set_passphrase_asks_twice_and_before_replacing(tmp_path):
    path = tmp_path / "kiosk.toml"
    assert "Saved" in dialogue(path, ["first passphrase", "first passphrase"])[-2]
    with pytest.raises(CivicqaError, match="not the same"):
        dialogue(path, ["other passphrase", "other passphrase!"], ["y"])
    with pytest.raises(CivicqaError, match="at least 8"):
        dialogue(path, ["short", "short"], ["yes"])
    assert "not changed" in dialogue(path, [], ["n"])[-1]
    assert load_config(path).passphrase.matches("first passphrase")
    dialogue(path, ["second passphrase"] * 2, ["y"])
    assert load_config(path).passphrase.matches("second passphrase")


def test_wrong_passphrases_wait_twice_as_long_each_time_up_to_a_minute():
    limiter = RateLimiter()
    assert [limiter.failed() for _ in range(8)] == [2, 4, 8, 16, 32, 60, 60, 60]
    limiter.succeeded()
    assert limiter.failed() == 2


# -- the command line -----------------------------------------------------------------------------------


def test_cli_refuses_without_a_passphrase_and_says_how_to_set_one(mini_pack):
    result = runner.invoke(app, ["kiosk", "-k", str(mini_pack)])
    assert result.exit_code == ExitStatus.ERROR
    assert "no staff passphrase" in result.stderr and "civicqa kiosk --set-passphrase" in result.stderr
    assert "Traceback" not in result.output


def test_cli_refuses_a_stdin_that_is_not_a_terminal(mini_pack, isolated_home):
    save_passphrase(config_path(), PASSPHRASE, n=CHEAP)
    result = runner.invoke(app, ["kiosk", "-k", str(mini_pack)], input="What is the bike lane plan?\n")
    assert result.exit_code == ExitStatus.ERROR and "needs a terminal" in result.stderr
    assert "bike lanes" not in result.stdout
    result = runner.invoke(app, ["kiosk", "--set-passphrase"], input="a passphrase\na passphrase\n")
    assert result.exit_code == ExitStatus.ERROR and "reads the passphrase from a terminal" in result.stderr


def test_cli_has_no_way_to_pass_a_passphrase_in_plain_text():
    result = runner.invoke(app, ["kiosk", "--help"])
    assert result.exit_code == 0 and "civicqa kiosk --set-passphrase" in result.stdout
    assert "--passphrase " not in result.stdout
    assert runner.invoke(app, ["kiosk", "--passphrase", "x"]).exit_code == 2


def test_every_kiosk_option_and_command_is_documented():
    docs = DOCS.read_text(encoding="utf-8")
    for option in ("--knowledge", "--idle-timeout", "--plain", "--counts", "--config", "--set-passphrase"):
        assert f"`{option}" in docs, f"{option} is missing from docs/kiosk.md"
    for setting in ("idle_timeout", "plain", "counts", "error_log"):
        assert f"`{setting}`" in docs, f"the {setting} setting is missing from docs/kiosk.md"
    for command in kiosk_commands():
        assert f"`{command.name}`" in docs
    assert f"`{STAFF.name}`" in docs and "Restart=always" in docs


# -- counts and the error log ---------------------------------------------------------------------------


def test_counts_hold_three_numbers_and_carry_on_across_starts(tmp_path):
    path = tmp_path / "kiosk" / "counts.json"  # the folder is made if need be
    counts = Counts(path)
    assert json.loads(path.read_text()) == {"asked": 0, "answered": 0, "declined": 0}
    counts.record(True)
    counts.record(False)
    counts.record(None)  # an error: asked, neither answered nor declined
    assert json.loads(path.read_text()) == {"asked": 3, "answered": 1, "declined": 1}
    Counts(path).record(True)
    assert json.loads(path.read_text()) == {"asked": 4, "answered": 2, "declined": 1}
    assert sorted(p.name for p in path.parent.iterdir()) == ["counts.json"]


def test_a_counts_file_that_cannot_be_used_is_a_clear_error(tmp_path):
    (tmp_path / "bad.json").write_text("not json", encoding="utf-8")
    with pytest.raises(CivicqaError, match="counts file"):
        Counts(tmp_path / "bad.json")
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(CivicqaError, match="not a civicqa counts file"):
        Counts(tmp_path / "list.json")


def test_an_error_line_never_quotes_the_error_message():
    try:
        raise ValueError("What did Ada Stone say about my address at 12 Elm Street?")
    except ValueError as error:
        line = error_line(error)
    assert "ValueError" in line and "test_kiosk.py" in line
    assert "Ada" not in line and "Elm" not in line


# -- the session and its commands ---------------------------------------------------------------------


def test_the_staff_command_is_hidden_from_patrons(session):
    assert STAFF.name not in session.commands.names()
    help_text = session.handle("/help").text
    assert "/staff" not in help_text and "Ctrl-D" in help_text and "start over" in help_text
    for typo in ("/stafff", "/staf", "/sta"):
        assert "Did you mean /staff" not in session.handle(typo).text


def test_quit_and_exit_start_over_instead_of_leaving(session):
    for line in ("/quit", "exit", "/reset", "/new"):
        session.handle("What is the bike lane plan?")
        reply = session.handle(line)
        assert reply.command is START_OVER and not reply.quit
        assert session.conversation.turns == [] and session.last is None


def test_welcome_says_what_it_is_gives_examples_privacy_and_how_to_start_over(session):
    text = " ".join(welcome_text(session, settings(idle_timeout=120)).split())
    for words in ("Exampleville's bike lane plan", "- What is the bike lane plan?", "Privacy:",
                  "nothing you type is saved", "after 2 minutes without typing", "press Ctrl-D", "/reset",
                  "/help"):
        assert words in text, words
    assert "counts how many" not in text
    counted = " ".join(welcome_text(session, settings(counts=Path("c.json"))).split())
    assert "counts how many questions are asked, but never what they are" in counted
    assert English.duration(90) == "90 seconds" and English.duration(60) == "1 minute" and English.duration(1.5) == "1.5 seconds"


@pytest.mark.parametrize("width", [30, 40, 80])
def test_welcome_wraps_to_the_width_and_draws_boxes_only_with_color(packs, width):
    session = kiosk_session(Explainer(packs), width=width, color=True)
    fancy = welcome_text(session, settings())
    assert "\u2500" in fancy
    assert all(len(line) <= width for line in fancy.replace("\x1b[1m", "").replace("\x1b[0m", "").splitlines())
    for plain_session, plain in ((kiosk_session(Explainer(packs), width=width), False), (session, True)):
        text = welcome_text(plain_session, settings(plain=plain))
        assert not set(text) & set("\u2500\u2502\u256d\u256e\u2570\u256f") and "\x1b" not in text


# -- the kiosk loop through prompt-toolkit's pipe input ---------------------------------------------------


def run(session, *turns, env: Environment | None = None, **changes) -> tuple[ExitStatus, Environment, Kiosk]:
    """Run the kiosk, typing each turn's keys once its prompt is running, as a person would.

    A number instead of keys types nothing at that prompt (so it can go idle). After the last
    turn the input closes, which stops the kiosk as a closed terminal would.
    """
    env = env or fake_env()
    keys = iter(turns)
    original = PromptSession.prompt_async

    async def prompt_async(self, *args, **kwargs):
        turn = next(keys, None)

        def type_keys():
            if turn is None:
                pipe.close()
            elif isinstance(turn, str):
                pipe.send_text(turn)

        return await original(self, *args, pre_run=type_keys, **kwargs)

    with create_pipe_input() as pipe, pytest.MonkeyPatch.context() as patch:
        patch.setattr(PromptSession, "prompt_async", prompt_async)
        kiosk = Kiosk(session, env, settings(**changes), input=pipe, output=DummyOutput())
        status = kiosk.run()
    return status, env, kiosk


def screens(env: Environment) -> list[str]:
    """What was shown between clears of the screen, the first being the first welcome."""
    return env.stdout.getvalue().split(CLEAR)[1:]


def test_a_patron_asks_and_follows_up(session):
    status, env, _ = run(session, "What is the bike lane plan?\r", "Who opposed it?\r")
    assert status == ExitStatus.ERROR  # the input closed: only staff or a lost terminal end a kiosk
    [screen] = screens(env)
    assert screen.startswith(welcome_text(session, settings()))
    assert "protected bike lanes" in screen and "shop owners opposed" in screen
    assert "terminal closed" in env.stderr.getvalue()


def test_ctrl_c_clears_the_line_and_ctrl_z_and_ctrl_backslash_do_nothing(session):
    status, env, _ = run(session, "Who won the" + CTRL_C + "What is" + CTRL_Z + CTRL_BACKSLASH + " the bike lane plan?\r")
    [screen] = screens(env)
    assert "protected bike lanes" in screen and "no information" not in screen
    assert [t.question for t in session.conversation.turns] == ["What is the bike lane plan?"]


def test_ctrl_d_and_reset_start_over_with_a_clean_screen_and_no_history(session):
    status, env, kiosk = run(session, "What is the bike lane plan?\r", CTRL_D, UP + "\r", "/why\r",
                             "When did the council vote?\r", "/reset\r", "/why\r")
    first, second, third = screens(env)
    assert "protected bike lanes" in first
    assert "protected bike lanes" not in second  # Up recalled nothing from the last patron
    assert "Ask a question first" in second and "voted 4 to 3" in second
    assert third.startswith(welcome_text(session, settings())) and "Ask a question first" in third
    assert list(kiosk.prompt.history.get_strings()) == ["/why"]


def test_idle_reset_forgets_the_conversation_and_clears_the_screen(session):
    started = time.monotonic()
    status, env, kiosk = run(session, "What is the bike lane plan?\r", 5.0, "/why\r", idle_timeout=0.3)
    first, second = screens(env)
    assert "protected bike lanes" in first
    assert second.startswith(welcome_text(session, settings(idle_timeout=0.3)))
    assert "Ask a question first" in second
    assert time.monotonic() - started < 5  # the idle prompt ended early
    assert list(kiosk.prompt.history.get_strings()) == ["/why"]


def test_an_untouched_welcome_is_not_cleared_again_and_again(session):
    env = fake_env()
    with create_pipe_input() as pipe:
        goes_away = threading.Timer(1.0, pipe.close)  # the terminal goes away after a quiet second
        goes_away.start()
        Kiosk(session, env, settings(idle_timeout=0.2), input=pipe, output=DummyOutput()).run()
        goes_away.join()  # its close done before the block's own: two at once can close a closed fd
    assert len(screens(env)) == 1


def test_staff_exit_needs_the_right_passphrase_and_waits_after_a_wrong_one(session):
    started = time.monotonic()
    status, env, kiosk = run(session, "What is the bike lane plan?\r", "/staff\r", "guess one\r",
                             " /STAFF \r", CTRL_C, "/staff\r", "guess two\r", "/staff\r", PASSPHRASE + "\r",
                             "never typed\r")
    assert status == ExitStatus.OK
    out = env.stdout.getvalue()
    assert out.count("That is not the passphrase.") == 2
    assert kiosk.settings.limiter.failures == 0  # the right one resets the wait
    assert out.endswith(CLEAR + "civicqa kiosk: closed by staff.\n")
    assert time.monotonic() - started >= 0.01 + 0.02
    assert session.conversation.turns == []


def test_signals_are_ignored_while_the_kiosk_runs_and_restored_after(session):
    seen = {}
    original = Kiosk.answer

    def answer(self, text):
        seen.update({n: signal.getsignal(n) for n in (signal.SIGINT, signal.SIGTSTP, signal.SIGQUIT)})
        original(self, text)

    before = {n: signal.getsignal(n) for n in (signal.SIGINT, signal.SIGTSTP, signal.SIGQUIT)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Kiosk, "answer", answer)
        run(session, "What is the bike lane plan?\r")
    assert set(seen.values()) == {signal.SIG_IGN}
    assert {n: signal.getsignal(n) for n in before} == before


def test_typed_escape_sequences_that_look_like_mouse_reports_are_ignored(session):
    status, env, _ = run(session, "Who is \x1b[31mAda\x1b[96;14;13M Stone?\r")
    [screen] = screens(env)
    assert "council member" in screen and env.stderr.getvalue() == "civicqa: the terminal closed; the kiosk stops.\n"


def test_an_error_in_a_key_handler_is_logged_and_the_prompt_carries_on(session, capsys):
    env, failed = fake_env(), []

    def cap(self, buffer):
        if not failed:
            failed.append(True)
            raise RuntimeError(f"while typing {buffer.text!r}")

    with create_pipe_input() as pipe, pytest.MonkeyPatch.context() as patch:
        patch.setattr(Kiosk, "cap", cap)
        goes_away = threading.Timer(1.0, pipe.close)
        goes_away.start()
        pipe.send_text("Where is zebra-quokka?")
        status = Kiosk(session, env, settings(), input=pipe, output=DummyOutput()).run()
        goes_away.join()  # its close done before the block's own (see above)
    assert status == ExitStatus.ERROR  # the input closed later; the error itself ended nothing
    log = env.stderr.getvalue()
    assert "error in the prompt: RuntimeError" in log and "zebra" not in log
    assert "Press ENTER" not in capsys.readouterr().out


def test_long_input_is_cut_with_a_friendly_note(session):
    status, env, _ = run(session, "What is the bike lane plan? " + "x" * 2000 + "\r")
    [screen] = screens(env)
    assert f"only the first {MAX_INPUT}" in screen.replace("\n", " ")
    [turn] = session.conversation.turns
    assert len(turn.question) <= MAX_INPUT


def test_an_error_while_answering_is_logged_without_the_question_and_the_kiosk_carries_on(
        session, monkeypatch, tmp_path):
    calls = itertools.count()
    ask = session.explainer.ask

    def sometimes_broken(question, conversation=None):
        if next(calls) == 0:
            raise RuntimeError(f"cannot parse {question!r}")
        return ask(question, conversation)

    monkeypatch.setattr(session.explainer, "ask", sometimes_broken)
    log = tmp_path / "errors.log"
    status, env, _ = run(session, "Where does zebra-quokka live?\r", "What is the bike lane plan?\r",
                         error_log=log, counts=tmp_path / "counts.json")
    [screen] = screens(env)
    assert "could not answer that line" in screen and "protected bike lanes" in screen
    [line] = log.read_text(encoding="utf-8").splitlines()
    assert "RuntimeError" in line and "zebra" not in line
    assert "zebra" not in env.stderr.getvalue()
    assert json.loads((tmp_path / "counts.json").read_text()) == {"asked": 2, "answered": 1, "declined": 0}


def test_counts_count_questions_not_commands_and_never_keep_text(session, tmp_path):
    path = tmp_path / "counts" / "counts.json"
    run(session, "What is the bike lane plan?\r", "Who won the Super Bowl?\r", "/help\r", "/topics\r", "thanks\r",
        counts=path)
    assert json.loads(path.read_text()) == {"asked": 2, "answered": 1, "declined": 1}  # "thanks" asks nothing
    assert "Super Bowl" not in path.read_text() and [p.name for p in path.parent.iterdir()] == ["counts.json"]


def test_nothing_is_written_under_home(session, isolated_home):
    run(session, "What is the bike lane plan?\r", CTRL_D, "Who opposed it?\r", "/staff\r", PASSPHRASE + "\r")
    assert not any(isolated_home.rglob("*"))


def test_plain_mode_has_no_toolbar_pop_ups_or_styling(packs):
    session = kiosk_session(Explainer(packs), plain=True)
    status, env, kiosk = run(session, "What is the bike lane plan?\r", plain=True)
    prompt = kiosk.prompt
    assert prompt.bottom_toolbar is None and prompt.completer is None and not prompt.complete_while_typing
    assert prompt.auto_suggest is None and prompt.reserve_space_for_menu == 0
    text = env.stdout.getvalue().replace(CLEAR, "")
    assert "\x1b" not in text and not set(text) & set("\u2500\u2502")
    assert "Tab" not in session.handle("/help").text


def test_the_full_prompt_has_no_suggestions_from_history_but_keeps_completion(session):
    status, env, kiosk = run(session, "What is the bike lane plan?\r")
    prompt = kiosk.prompt
    assert prompt.auto_suggest is None and prompt.completer is not None and prompt.bottom_toolbar is not None
    assert not prompt.enable_suspend and not prompt.enable_open_in_editor and not prompt.enable_system_prompt


def run_dumb(session, *turns: str) -> tuple[ExitStatus, str]:
    """The kiosk with TERM=dumb, typing each turn once a prompt is shown, as a person would; the
    input closes after 10 s, so a kiosk still open then ends."""
    import threading

    keys = iter(turns)

    class Screen(io.StringIO):
        def write(self, text):
            if text.endswith(("Your question: ", "Passphrase: ")):
                pipe.send_text(next(keys, ""))
            return super().write(text)

    env = Environment(stdin=io.StringIO(), stdout=Screen(), stderr=io.StringIO(), variables={"TERM": "dumb"})
    with create_pipe_input() as pipe:
        stuck = threading.Timer(10, pipe.close)
        stuck.start()
        try:
            status = LineKiosk(session, env, settings(), input=pipe).run()
        finally:
            stuck.cancel()
    return status, env.stdout.getvalue()


def test_a_dumb_terminal_gets_plain_lines_and_not_one_escape_sequence(session):
    """TERM=dumb: a line loop that still clears the line, starts over, and has the staff exit."""
    status, out = run_dumb(session, "What is the bike lane plan?\r", "Who won\x03", "Who\x1b[A opp\x7fposed it?\r",
                           CTRL_D, "/why\r", "/staff\r", "wrong one\r", "/staff\r", PASSPHRASE + "\r")
    assert status == ExitStatus.OK and out.endswith("civicqa kiosk: closed by staff.\n")
    assert "\x1b" not in out and "\n" * 50 in out
    assert "protected bike lanes" in out and "shop owners opposed" in out  # the arrow key was dropped
    assert "Ask a question first" in out  # Ctrl-D started over
    assert "That is not the passphrase." in out and PASSPHRASE not in out and "wrong one" not in out
    assert "*" not in out.split("Passphrase:")[1][:20]


def rss_mib() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads memory use from /proc")
def test_2000_questions_with_new_patrons_grow_memory_by_less_than_20_mb(session):
    """The pty test soaks the real process; this one is quicker and measures the kiosk alone."""
    kiosk = Kiosk(session, fake_env(), settings(), input=None, output=DummyOutput())
    questions = itertools.cycle(["What is the bike lane plan?", "Who opposed it?", "When did the council vote?",
                                 "Who won the Super Bowl?", "What about Ada Stone?"])

    def soak(count: int) -> None:
        for n in range(count):
            kiosk.answer(next(questions))
            if n % 7 == 6:
                kiosk.start_over()
            kiosk.env.stdout.seek(0)
            kiosk.env.stdout.truncate()

    with create_pipe_input() as pipe:
        kiosk.input = pipe
        soak(200)
        before = rss_mib()
        soak(2000)
        assert rss_mib() - before < 20


def test_a_paste_that_holds_staff_asks_for_the_passphrase_and_drops_the_rest(session, tmp_path):
    """/staff is a hidden command in the kiosk's registry: a pasted line runs it like a typed
    one. The paste's later lines are dropped, so a pasted passphrase is never echoed or asked."""
    paste = "\x1b[200~What is the bike lane plan?\n/staff\n" + PASSPHRASE + "\x1b[201~\r"
    status, env, _ = run(session, paste, PASSPHRASE + "\r", counts=tmp_path / "counts.json")
    out = env.stdout.getvalue()
    assert status == ExitStatus.OK and out.rstrip().endswith("civicqa kiosk: closed by staff.")
    assert "protected bike lanes" in out and PASSPHRASE not in out
    assert json.loads((tmp_path / "counts.json").read_text()) == {"asked": 1, "answered": 1, "declined": 0}
