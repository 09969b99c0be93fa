"""The kiosk's safety on a real pseudo-terminal (issue 10): a typed paste mark cannot jam it,
signals and a lost terminal end it cleanly, TERM=dumb gets no escape sequences, and on an
80x24 screen (tmux) the passphrase leaves no trace and the welcome's title stays on top.

Every wait is bounded; the only sleeps are the pauses a person makes between keys and the
kiosk's own paste timeout.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid

import pytest

pexpect = pytest.importorskip("pexpect")
import terminal  # noqa: E402  (needs pexpect)
from test_kiosk_pty import CLEAR_SCROLLBACK, PASSPHRASE, PROMPT, WELCOME_END, passphrase  # noqa: E402,F401

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pseudo-terminal")

PASTE_TIMEOUT = 1.5  # terminal_input.PASTE_TIMEOUT, written out so the test also runs on old code
KEY_GAP = 0.3  # seconds between keys, as a person types


def spawn(mini_pack, *args: str, idle: float = 60):
    child = terminal.spawn("kiosk", "--knowledge", str(mini_pack), "--idle-timeout", str(idle), *args)
    child.logfile_read = io.StringIO()  # everything the kiosk showed
    child.expect_exact(WELCOME_END)
    child.expect_exact(PROMPT)
    return child


def type_slowly(child, keys: str) -> None:
    for key in keys:
        child.send(key)
        time.sleep(KEY_GAP)


def staff_exit(child) -> int:
    child.send("/staff\r")
    child.expect_exact("Passphrase:")
    child.send(PASSPHRASE + "\r")
    child.expect_exact("closed by staff")
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_a_paste_start_mark_typed_by_hand_never_jams_the_kiosk_or_shows_what_staff_typed(mini_pack, passphrase):
    child = spawn(mini_pack)
    try:
        type_slowly(child, "\x1b[200~")  # Esc [ 2 0 0 ~ at typing speed
        child.send("/staff\r" + PASSPHRASE + "\r")  # staff find it frozen and try the exit
        time.sleep(PASTE_TIMEOUT)  # the "paste" never ended: it is dropped
        type_slowly(child, "\x1b[201~")  # the patron comes back for what was typed
        child.send("\r")
        child.sendcontrol("d")  # and Ctrl-D works again, at once
        child.expect_exact(CLEAR_SCROLLBACK, timeout=2)
        child.expect_exact(PROMPT, timeout=2)
        terminal.ask(child, "What is the bike lane plan?", "protected bike lanes", PROMPT)
        assert staff_exit(child) == 0
    finally:
        child.close(force=True)
    shown = child.logfile_read.getvalue()
    assert PASSPHRASE not in shown and "> /staff" not in shown


def test_an_idle_reset_comes_even_after_a_jam_swallowed_every_key(mini_pack, passphrase):
    child = spawn(mini_pack, idle=1)
    try:
        child.send("\x1b[200~What is the")  # typed into the welcome; nothing reaches the prompt
        child.expect_exact(CLEAR_SCROLLBACK, timeout=6)  # the idle clock runs from raw input
        child.expect_exact(PROMPT, timeout=3)
        child.send("Who won the")  # a half-typed question on a welcome also starts over
        child.expect_exact(CLEAR_SCROLLBACK, timeout=6)
        child.expect_exact(PROMPT, timeout=3)
        assert staff_exit(child) == 0
    finally:
        child.close(force=True)


@pytest.mark.parametrize(("number", "status", "message"), [
    (signal.SIGTERM, 0, "civicqa kiosk: stopped."),
    (signal.SIGHUP, 2, "the terminal closed; the kiosk stops."),
    (signal.SIGUSR1, 2, "civicqa kiosk: stopped by SIGUSR1."),  # any signal whose default ends a program
])
def test_sigterm_and_sighup_clear_the_screen_and_scrollback_and_exit_as_documented(
        mini_pack, passphrase, number, status, message):
    child = spawn(mini_pack)
    try:
        terminal.ask(child, "What is the bike lane plan?", "protected bike lanes", PROMPT)
        os.kill(child.pid, number)
        child.expect_exact(CLEAR_SCROLLBACK, timeout=5)
        child.expect(pexpect.EOF, timeout=5)
        after = child.before
        child.close()
        assert (child.exitstatus, child.signalstatus) == (status, None)
        assert message in after and "protected bike lanes" not in after
    finally:
        child.close(force=True)


def test_losing_the_terminal_says_so_instead_of_reporting_a_bug(mini_pack, passphrase, tmp_path):
    """A wrapper that ignores SIGHUP: the kiosk then sees the terminal's input fail (EIO)."""
    errors = tmp_path / "stderr.txt"
    command = (f"exec {sys.executable} -m civicqa kiosk --knowledge {mini_pack} 2>{errors}")
    env = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn("/bin/sh", ["-c", command], env=env, dimensions=(30, 100), timeout=terminal.TIMEOUT,
                          encoding="utf-8", codec_errors="replace",
                          preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    try:
        child.expect_exact(PROMPT)
        terminal.ask(child, "What is the bike lane plan?", "protected bike lanes", PROMPT)
        os.close(child.child_fd)  # the terminal goes away
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            pid, code = os.waitpid(child.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the kiosk did not stop when its terminal went away")
    finally:
        with contextlib.suppress(OSError, ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)  # only if it is still running
            os.waitpid(child.pid, 0)
    assert os.WIFEXITED(code) and os.WEXITSTATUS(code) == 2
    text = errors.read_text(encoding="utf-8")
    assert "the terminal closed; the kiosk stops." in text and "unexpected error" not in text


def test_a_dumb_terminal_gets_not_one_escape_sequence(mini_pack, passphrase):
    env = {**os.environ, "TERM": "dumb", "COLUMNS": "80", "LINES": "24"}
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(sys.executable, ["-m", "civicqa", "kiosk", "--knowledge", str(mini_pack)], env=env,
                          dimensions=(24, 80), timeout=terminal.TIMEOUT, encoding="utf-8", codec_errors="replace")
    child.logfile_read = io.StringIO()
    try:
        child.expect_exact(PROMPT)
        terminal.ask(child, "What is the bike lane plan?", "protected bike lanes", PROMPT)
        child.send("Who won\x03")  # Ctrl-C clears the line
        child.expect_exact(PROMPT)
        child.send("\x1b[AWho opposed it?\r")  # an arrow key is dropped, not echoed
        child.expect_exact("shop owners opposed")
        child.expect_exact(PROMPT)
        child.sendcontrol("d")  # starts over
        child.expect_exact(WELCOME_END)
        child.expect_exact(PROMPT)
        assert staff_exit(child) == 0
    finally:
        child.close(force=True)
    shown = child.logfile_read.getvalue()
    assert "\x1b" not in shown and PASSPHRASE not in shown


def test_chat_drops_a_paste_that_never_ends(mini_pack):
    child = terminal.spawn("chat", "--knowledge", str(mini_pack))
    try:
        child.expect_exact("civicqa>")
        child.send("\x1b[200~lost words")
        time.sleep(PASTE_TIMEOUT)
        output = terminal.ask(child, "What is the bike lane plan?", "protected bike lanes", "civicqa>")
        assert "lost words" not in output
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)


# -- on an 80x24 screen, through tmux -----------------------------------------------------------------


class Screen:
    """A kiosk in a detached tmux session of 80x24 on a private server; read with capture-pane."""

    def __init__(self, *arguments: str) -> None:
        self.socket = f"civicqa-test-{uuid.uuid4().hex[:8]}"
        command = " ".join([sys.executable, "-m", "civicqa", *arguments])
        variables = [f"{k}={v}" for k, v in os.environ.items()
                     if k in ("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "PYTHONPATH", "PATH")]
        self.tmux("new-session", "-d", "-s", "k", "-x", "80", "-y", "24", "env", *variables, *command.split())

    def tmux(self, *arguments: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *arguments], check=True, capture_output=True,
                              text=True, timeout=10).stdout

    def keys(self, text: str) -> None:
        self.tmux("send-keys", "-t", "k", "-l", text)

    def enter(self) -> None:
        self.tmux("send-keys", "-t", "k", "Enter")

    def text(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "k")

    def wait_for(self, words: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.text()
            if words in shown:
                return shown
            if time.monotonic() > deadline:
                pytest.fail(f"{words!r} did not appear; the screen shows:\n{shown}")
            time.sleep(0.1)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)


needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


@needs_tmux
def test_the_passphrase_prompt_shows_no_length_and_leaves_nothing_on_screen(mini_pack, passphrase):
    screen = Screen("kiosk", "--knowledge", str(mini_pack))
    try:
        screen.wait_for(PROMPT)
        screen.keys("/staff")
        screen.enter()
        screen.wait_for("Passphrase:")
        screen.keys("wrong guess")
        time.sleep(0.3)
        line = next(l for l in screen.text().splitlines() if "Passphrase:" in l)
        assert line.strip() == "Passphrase:"  # not one star
        screen.enter()
        shown = screen.wait_for("That is not the passphrase.")
        assert "Passphrase" not in shown and "*" not in shown
    finally:
        screen.close()


@needs_tmux
@pytest.mark.parametrize("pack", ["shipped", "mini"])
def test_the_welcome_title_stays_on_top_of_an_80x24_screen(mini_pack, passphrase, pack):
    arguments = ["kiosk"] if pack == "shipped" else ["kiosk", "--knowledge", str(mini_pack)]
    screen = Screen(*arguments)
    try:
        shown = screen.wait_for(PROMPT, timeout=60)  # the shipped pack's index may be built first
        lines = shown.splitlines()
        assert lines[0].startswith("civicqa: "), shown
        assert any(WELCOME_END in line for line in lines)
    finally:
        screen.close()
