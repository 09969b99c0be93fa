"""End to end: the real `civicqa kiosk` on a pseudo-terminal, as a patron and as a librarian.

HOME and the XDG folders point at a temporary folder (conftest.py), and each test writes the
staff passphrase there first, as `civicqa kiosk --set-passphrase` would (with a cheaper hash, so
the tests stay quick). Every wait has a bounded timeout.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from civicqa.repl.kiosk_config import config_path, load_config, save_passphrase

pexpect = pytest.importorskip("pexpect")
import terminal  # noqa: E402  (needs pexpect)
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pseudo-terminal")

PROMPT = "Your question:"
WELCOME_END = "To start over, press Ctrl-D"
PASSPHRASE = "staff only, please"
CLEAR_SCROLLBACK = "\x1b[3J"
TIMEOUT = terminal.TIMEOUT
UP = terminal.UP


@pytest.fixture
def passphrase(isolated_home) -> Path:
    path = config_path()
    save_passphrase(path, PASSPHRASE, n=2**12)
    return path


def spawn(mini_pack, *args: str, idle: float = 60):
    child = terminal.spawn("kiosk", "--knowledge", str(mini_pack), "--idle-timeout", str(idle), *args)
    child.expect_exact(WELCOME_END)
    child.expect_exact(PROMPT)
    return child


def ask(child, question: str, expected: str) -> str:
    return terminal.ask(child, question, expected, PROMPT)


def staff_exit(child, passphrase: str = PASSPHRASE) -> int:
    child.send("/staff\r")
    child.expect_exact("Passphrase:")
    child.send(passphrase + "\r")
    child.expect_exact("closed by staff")
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def state(pid: int) -> str:
    """The process state letter from /proc: R or S when running, T when stopped."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def files(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def test_ctrl_c_ctrl_z_and_ctrl_backslash_neither_exit_nor_suspend(mini_pack, passphrase):
    child = spawn(mini_pack)
    try:
        ask(child, "What is the bike lane plan?", "protected bike lanes")
        child.send("Who won the")  # Ctrl-C clears this half-typed line; nothing else happens
        child.sendcontrol("c")
        child.sendcontrol("z")
        child.send("\x1c")  # Ctrl-\
        child.sendcontrol("s")  # would freeze output if flow control were on
        output = ask(child, "When did the council vote?", "voted 4 to 3")
        assert "no information" not in output and "^Z" not in output
        assert child.isalive() and state(child.pid) != "T"
        # The same signals sent between prompts, as the terminal would while an answer prints.
        for number in (signal.SIGINT, signal.SIGTSTP, signal.SIGQUIT):
            os.kill(child.pid, number)
        time.sleep(0.3)
        assert child.isalive() and state(child.pid) != "T"
        ask(child, "Who opposed it?", "shop owners opposed")  # and the conversation carried on
        assert staff_exit(child) == 0
    finally:
        child.close(force=True)


def test_idle_reset_and_ctrl_d_forget_the_conversation_and_clear_the_screen(mini_pack, passphrase):
    child = spawn(mini_pack, idle=1)
    try:
        ask(child, "What is the bike lane plan?", "protected bike lanes")
        started = time.monotonic()
        child.expect_exact(CLEAR_SCROLLBACK)  # about a second later, with no key pressed
        assert time.monotonic() - started >= 0.5
        child.expect_exact(WELCOME_END)
        child.expect_exact(PROMPT)
        child.send(UP + "\r")  # no history: Up recalls nothing, so Enter asks nothing
        output = ask(child, "/why", "Ask a question first")  # and the last answer is forgotten
        assert "protected bike lanes" not in output

        ask(child, "What is the bike lane plan?", "protected bike lanes")
        child.sendcontrol("d")  # Ctrl-D starts over at once
        child.expect_exact(CLEAR_SCROLLBACK)
        child.expect_exact(WELCOME_END)
        child.expect_exact(PROMPT)
        ask(child, "/why", "Ask a question first")
        assert staff_exit(child) == 0
    finally:
        child.close(force=True)


def test_no_file_is_written_during_a_patron_session(mini_pack, passphrase, tmp_path):
    child = spawn(mini_pack, idle=2)
    try:
        before = files(tmp_path)  # after start-up: the answering engine's cache may be written then
        ask(child, "Who is Ada Stone?", "council member")
        ask(child, "Secret words zebra-quokka?", "no information")
        child.send("Half typed")
        child.sendcontrol("c")
        child.sendcontrol("d")
        child.expect_exact(WELCOME_END)
        ask(child, "When did the council vote?", "voted 4 to 3")
        child.expect_exact(CLEAR_SCROLLBACK, timeout=TIMEOUT)  # the idle reset
        child.expect_exact(PROMPT)
        assert files(tmp_path) == before
        assert staff_exit(child) == 0
    finally:
        child.close(force=True)
    assert files(tmp_path) == before
    for path in tmp_path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"zebra-quokka" not in data and b"Ada Stone?" not in data, path


def test_staff_exit_works_only_with_the_right_passphrase(mini_pack, passphrase):
    child = spawn(mini_pack)
    try:
        child.send("/staff\r")
        child.expect_exact("Passphrase:")
        child.send("not the passphrase\r")
        child.expect_exact("That is not the passphrase.")  # after a wait of 2 seconds
        child.expect_exact(PROMPT)
        assert child.isalive()
        child.send("/staff\r")  # Ctrl-C at the passphrase prompt goes back to the patron prompt
        child.expect_exact("Passphrase:")
        child.send("abc")
        child.sendcontrol("c")
        child.expect_exact(PROMPT)
        ask(child, "What is the bike lane plan?", "protected bike lanes")
        assert "/staff" not in ask(child, "/help", "Ctrl-D")
        assert staff_exit(child) == 0
    finally:
        child.close(force=True)


def test_set_passphrase_asks_twice_and_asks_before_replacing(isolated_home):
    env = {**os.environ, "TERM": "xterm"}
    command = [sys.executable, "-m", "civicqa", "kiosk", "--set-passphrase"]
    child = pexpect.spawn(command[0], command[1:], env=env, timeout=TIMEOUT, encoding="utf-8")
    try:
        child.expect_exact("New staff passphrase:")
        child.send("a good passphrase\r")
        child.expect_exact("Type it again:")
        child.send("a good passphrase\r")
        child.expect_exact("Saved the staff passphrase")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
    finally:
        child.close(force=True)
    path = config_path()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert "a good passphrase" not in path.read_text(encoding="utf-8")
    assert load_config(path).passphrase.matches("a good passphrase")

    child = pexpect.spawn(command[0], command[1:], env=env, timeout=TIMEOUT, encoding="utf-8")
    try:
        child.expect_exact("Replace it? [y/N]")
        child.send("n\r")
        child.expect_exact("not changed")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
    finally:
        child.close(force=True)
    assert load_config(path).passphrase.matches("a good passphrase")


def rss_kib(pid: int) -> int:
    line = next(l for l in Path(f"/proc/{pid}/status").read_text().splitlines() if l.startswith("VmRSS:"))
    return int(line.split()[1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads memory use from /proc")
def test_a_soak_of_2000_questions_grows_memory_by_less_than_20_mb(mini_pack, passphrase):
    questions = ["What is the bike lane plan?", "Who opposed it?", "When did the council vote?",
                 "Who won the Super Bowl?", "Who is Ada Stone?"]
    markers = ["protected bike lanes", "shop owners opposed", "voted 4 to 3", "no information", "council member"]
    child = spawn(mini_pack)
    child.delaybeforesend = None  # type as fast as the kiosk reads

    def batch(start: int, count: int) -> None:
        """Type count questions ahead, wait for the last one's answer; a new patron every 50."""
        for n in range(start, start + count):
            child.send(questions[n % len(questions)] + "\r")
        child.expect_exact(markers[(start + count - 1) % len(markers)])
        child.expect_exact(PROMPT)
        if (start + count) % 50 == 0:
            child.sendcontrol("d")
            child.expect_exact(WELCOME_END)
            child.expect_exact(PROMPT)

    try:
        for start in range(0, 200, 10):  # warm up: caches and allocator pools fill
            batch(start, 10)
        before = rss_kib(child.pid)
        for start in range(200, 2000, 10):
            batch(start, 10)
        after = rss_kib(child.pid)
        assert child.isalive()
        assert after - before < 20 * 1024, f"memory grew by {(after - before) / 1024:.1f} MB"
        assert staff_exit(child) == 0
    finally:
        child.close(force=True)


def test_the_kiosk_refuses_a_pack_with_draft_entries(passphrase, tmp_path):
    """A pack started with `civicqa new` still has an article's words: not for patrons."""
    drafted = tmp_path / "draft.toml"
    drafted.write_text((Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")
                       .replace('locator = "paragraph 1"', 'locator = "paragraph 1"\ndraft = true', 1), encoding="utf-8")
    child = terminal.spawn("kiosk", "--knowledge", str(drafted))
    child.expect_exact("will not answer from draft entries (plan)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
