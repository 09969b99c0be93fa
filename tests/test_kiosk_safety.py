"""The kiosk's safety without a terminal (issue 10): memory over many patrons, the settings
file's owner and folder, checks that hold under python -O, --set-passphrase keeping comments,
the rotated error log, the keys a locked-down kiosk ignores, and the guarded input itself."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from prompt_toolkit import PromptSession
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from civicqa.errors import CivicqaError
from civicqa.repl.kiosk import Kiosk
from civicqa.repl.kiosk_config import load_config, save_passphrase
from test_kiosk import PASSPHRASE, fake_env, packs, run, session, settings  # noqa: F401  (fixtures)

CHEAP = 2**10


# -- memory -------------------------------------------------------------------------------------------


def rss_kib() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads memory use from /proc")
def test_memory_stays_flat_over_2000_start_overs(session):
    """Each patron types a key and Ctrl-D: a start-over. The old kiosk grew by about 11 KB each time
    (22 MB here), in prompt-toolkit's filter caches, from building a new prompt for every patron."""
    warm, measured, marks = 200, 2000, {}
    env = fake_env()
    original = PromptSession.prompt_async
    prompts = iter(range(1, warm + measured + 2))

    async def prompt_async(self, *args, **kwargs):
        number = next(prompts)

        def type_keys():
            env.stdout.seek(0)
            env.stdout.truncate()
            if number == warm:
                marks["before"] = rss_kib()
            if number > warm + measured:
                marks["after"] = rss_kib()
                pipe.close()
            else:
                pipe.send_text("a\x04")

        return await original(self, *args, pre_run=type_keys, **kwargs)

    with create_pipe_input() as pipe, pytest.MonkeyPatch.context() as patch:
        patch.setattr(PromptSession, "prompt_async", prompt_async)
        kiosk = Kiosk(session, env, settings(), input=pipe, output=DummyOutput())
        kiosk.run()
    grown = marks["after"] - marks["before"]
    assert grown < 4 * 1024, f"memory grew by {grown} KB over {measured} start-overs"


# -- the settings file --------------------------------------------------------------------------------


def write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_a_settings_file_owned_by_another_account_is_refused_with_how_to_fix_it(tmp_path):
    path = tmp_path / "kiosk.toml"
    save_passphrase(path, PASSPHRASE, n=CHEAP)
    os.chown(path, 65534, -1)  # nobody
    with pytest.raises(CivicqaError) as caught:
        load_config(path)
    assert "belong to another account" in caught.value.message and "chown" in caught.value.hint


def test_a_settings_file_in_a_folder_others_can_write_is_refused_unless_it_is_sticky(tmp_path):
    folder = tmp_path / "shared"
    path = folder / "kiosk.toml"
    save_passphrase(path, PASSPHRASE, n=CHEAP)
    folder.chmod(0o777)
    with pytest.raises(CivicqaError) as caught:
        load_config(path)
    assert "which other accounts can change" in caught.value.message and "chmod go-w" in caught.value.hint
    folder.chmod(0o1777)  # sticky, like /tmp: nobody can replace another account's file
    assert load_config(path).passphrase.matches(PASSPHRASE)
    folder.chmod(0o700)


def test_a_settings_file_starting_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "kiosk.toml"
    save_passphrase(path, PASSPHRASE, n=CHEAP)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_config(path).passphrase.matches(PASSPHRASE)


@pytest.mark.parametrize(("change", "reason"), [
    ('algorithm = "md5"', "the algorithm must be scrypt"),
    ("n = 1073741824", "n must be a power of 2"),
    ("n = 1000", "n must be a power of 2"),
    ("r = 100", "r must be 1 to 32"),
    ('salt = "00"', "the salt must have at least 16 bytes"),
])
def test_passphrase_settings_are_checked_even_under_python_O(tmp_path, change, reason):
    """The checks are real tests, not assert statements, which python -O leaves out."""
    path = tmp_path / "kiosk.toml"
    save_passphrase(path, PASSPHRASE, n=CHEAP)
    key = change.split(" = ")[0]
    lines = [change if line.startswith(f"{key} = ") else line for line in path.read_text().splitlines()]
    path.write_text("\n".join(lines) + "\n")
    script = ("import sys\nfrom pathlib import Path\nfrom civicqa.errors import CivicqaError\n"
              "from civicqa.repl.kiosk_config import load_config\n"
              "try:\n    load_config(Path(sys.argv[1]))\nexcept CivicqaError as error:\n"
              "    print(error.message)\n    sys.exit(3)\nprint('accepted')\n")
    result = subprocess.run([sys.executable, "-O", "-c", script, str(path)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "[passphrase] section that civicqa cannot use" in result.stdout and reason in result.stdout


def test_set_passphrase_keeps_the_librarians_comments_and_settings(tmp_path):
    path = write(tmp_path / "kiosk.toml", """\
        # Main library, terminal 3 (set up by Ana)
        [kiosk]
        idle_timeout = 300  # patrons at this desk read slowly
        plain = true

        # The passphrase below was set on 2026-11-30.
        [passphrase]
        algorithm = "scrypt"
        n = 1024
        r = 8
        p = 1
        salt = "00112233445566778899aabbccddeeff"
        hash = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
        """)
    save_passphrase(path, PASSPHRASE, n=CHEAP)
    text = path.read_text(encoding="utf-8")
    for comment in ("# Main library, terminal 3 (set up by Ana)", "# patrons at this desk read slowly",
                    "# The passphrase below was set on 2026-11-30."):
        assert comment in text
    config = load_config(path)
    assert config.idle_timeout == 300 and config.plain is True and config.passphrase.matches(PASSPHRASE)
    assert PASSPHRASE not in text and "00112233445566778899aabbccddeeff00112233" not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    bare = write(tmp_path / "bare.toml", "# only settings so far\n[kiosk]\ncounts = \"c.json\"\n")
    save_passphrase(bare, PASSPHRASE, n=CHEAP)
    assert "# only settings so far" in bare.read_text() and load_config(bare).passphrase.matches(PASSPHRASE)


def test_tomlkit_is_imported_only_to_set_a_passphrase(tmp_path):
    path = tmp_path / "kiosk.toml"
    save_passphrase(path, PASSPHRASE, n=CHEAP)
    script = ("import sys\nfrom pathlib import Path\nfrom civicqa.repl import kiosk_config\n"
              "kiosk_config.kiosk_settings(Path(sys.argv[1]))\nimport civicqa.repl.kiosk\n"
              "print('tomlkit' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


# -- the error log ------------------------------------------------------------------------------------


def test_the_error_log_rotates_at_1_mb_keeping_3_old_files_and_never_the_question(session, tmp_path):
    log = tmp_path / "logs" / "kiosk-errors.log"
    kiosk = Kiosk(session, fake_env(), settings(error_log=log))
    try:
        raise RuntimeError("cannot parse 'What about zebra-quokka?'")
    except RuntimeError as caught:
        error = caught
    for _ in range(40_000):  # about 5 MB of lines
        kiosk.log(error)
    files = sorted(p.name for p in log.parent.iterdir())
    assert files == ["kiosk-errors.log", "kiosk-errors.log.1", "kiosk-errors.log.2", "kiosk-errors.log.3"]
    for path in log.parent.iterdir():
        assert path.stat().st_size <= 1_000_000
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert b"zebra" not in path.read_bytes()
    assert "RuntimeError" in log.read_text(encoding="utf-8")


# -- a fresh keyboard state for each patron -----------------------------------------------------------


def test_an_idle_reset_gives_the_next_patron_a_fresh_input_with_nothing_of_an_open_paste(session):
    """The last patron left a paste open, with text in it; the idle reset comes before the paste
    would time out, and the next patron's keys work at once."""
    import threading

    from test_kiosk import screens

    turns = iter(["What is the bike lane plan?\r", "\x1b[200~my secret words", "/why\r"])
    env, original = fake_env(), PromptSession.prompt_async

    async def prompt_async(self, *args, **kwargs):
        turn = next(turns, None)
        return await original(self, *args, pre_run=lambda: pipe.close() if turn is None else pipe.send_text(turn),
                              **kwargs)

    with create_pipe_input() as pipe, pytest.MonkeyPatch.context() as patch:
        patch.setattr(PromptSession, "prompt_async", prompt_async)
        stuck = threading.Timer(10, pipe.close)  # a kiosk that stays jammed ends when its input closes
        stuck.start()
        try:
            Kiosk(session, env, settings(idle_timeout=0.3), input=pipe, output=DummyOutput()).run()
        finally:
            stuck.cancel()
    first, second = screens(env)[:2]
    assert "protected bike lanes" in first
    assert "Ask a question first" in second and "my secret words" not in env.stdout.getvalue()


# -- keys -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("keys", "asked"), [
    # Ctrl-O would send "What is the bike" and recall the next line; Alt-# would send "#What is the bike".
    ("What is the bike\x0f lane plan?\r", "What is the bike lane plan?"),
    ("What is the bike\x1b# lane plan?\r", "What is the bike lane plan?"),
    # Ctrl-Q would insert the next key raw: here Ctrl-C then clears the line as usual.
    ("Who won\x11\x03What is the bike lane plan?\r", "What is the bike lane plan?"),
])
def test_keys_that_send_the_line_early_or_insert_raw_control_characters_do_nothing(session, keys, asked):
    run(session, keys)
    assert [turn.question for turn in session.conversation.turns] == [asked]


# -- the guarded input ----------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def guarded():
    from civicqa.repl.terminal_input import GuardedInput

    clock, pressed = Clock(), []
    with create_pipe_input() as pipe:
        yield GuardedInput(pipe, "test", on_input=lambda: pressed.append(True), clock=clock), clock, pressed


def texts(keys) -> list[tuple[str, str]]:
    return [(str(k.key), k.data) for k in keys]


def test_a_real_paste_arrives_whole_even_split_across_reads(guarded):
    from prompt_toolkit.keys import Keys

    guarded, clock, _ = guarded
    for part in ("ab\x1b[2", "00~line one\nline", " two\x1b[20", "1~c"):
        guarded.feed(part)
    keys = guarded.flush_keys()
    assert [k.data for k in keys if k.key == Keys.BracketedPaste] == ["line one\nline two"]
    assert "".join(k.data for k in keys if k.key != Keys.BracketedPaste) == "abc"


def test_a_paste_that_does_not_end_in_time_is_dropped_and_keys_work_again(guarded):
    guarded, clock, pressed = guarded
    for key in "\x1b[200~":  # typed one key per read, as a person would
        guarded.feed(key)
        clock.now += 0.3
    guarded.feed("/staff\r" + PASSPHRASE + "\r")
    assert guarded.in_paste and guarded.flush_keys() == [] and len(pressed) == 7  # the idle clock saw it all
    clock.now += 1.5
    guarded.feed("\x1b[201~")  # the end mark, once the paste was dropped, is no paste
    keys = guarded.flush_keys()
    assert not guarded.in_paste and guarded.dropped == 1
    assert PASSPHRASE not in "".join(k.data for k in keys)
    guarded.feed("\x04")
    assert texts(guarded.flush_keys()) == [("Keys.ControlD", "\x04")]


def test_reset_forgets_a_half_read_sequence_and_an_open_paste(guarded):
    guarded, clock, _ = guarded
    guarded.feed("\x1b[200~secret")
    guarded.reset()
    guarded.feed("ok")
    assert "".join(k.data for k in guarded.flush_keys()) == "ok"


def test_cursor_position_reports_do_not_count_as_someone_typing(guarded):
    guarded, clock, pressed = guarded
    guarded.feed("\x1b[12;1R")
    assert pressed == []
    guarded.feed("a")
    assert pressed == [True]


def test_a_real_paste_still_asks_each_line_in_the_kiosk(session):
    """Not a fix but a guard for it: the paste marks are now taken out before prompt-toolkit's parser."""
    run(session, "\x1b[200~What is the bike lane plan?\nWho opposed it?\x1b[201~\r")
    assert [turn.question for turn in session.conversation.turns] == ["What is the bike lane plan?", "Who opposed it?"]


def test_a_keyboard_macro_one_patron_records_is_gone_for_the_next(session):
    """Ctrl-X ( ... Ctrl-X ) records keys; Ctrl-X e plays them back. A start-over forgets them."""
    run(session, "\x18(Who is Ada Stone?\x18)\x04", "\x18eWhat is the bike lane plan?\r")
    assert [turn.question for turn in session.conversation.turns] == ["What is the bike lane plan?"]


def test_an_unfinished_escape_sequence_never_swallows_enter_on_a_dumb_terminal(session):
    """TERM=dumb: Esc [ then Enter. The terminal acts on Enter (a control key ends the sequence),
    so the next line is /staff itself, not "taff" asked as a question."""
    from test_kiosk import PASSPHRASE, run_dumb

    status, out = run_dumb(session, "\x1b[\r/staff\r", PASSPHRASE + "\r")
    assert out.endswith("civicqa kiosk: closed by staff.\n")
    assert "no information" not in out  # nothing was asked


# -- settings and counts files that are not small regular files ------------------------------------------


def run_bounded(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Python code in a child with a time and memory limit: on a hang or a flood it fails, never waits."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20, env=env,
                          preexec_fn=limit, check=False)


@pytest.mark.parametrize("kind", ["fifo", "device", "deep"])
@pytest.mark.parametrize(("name", "load", "deep", "refused"), [
    ("kiosk.toml", "load_config", "x = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ("counts.json", "Counts", "[" * 100_000, "not a civicqa counts file"),
])
def test_a_settings_or_counts_file_that_never_ends_or_nests_too_deeply_is_refused_at_once(
        tmp_path, kind, name, load, deep, refused):
    path = tmp_path / name
    if kind == "fifo":
        os.mkfifo(path, 0o600)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        write(path, deep)
    done = run_bounded(f"from civicqa.repl.kiosk_config import {load}\nfrom civicqa.errors import CivicqaError\n"
                       f"try:\n    {load}(__import__('pathlib').Path({str(path)!r}))\n"
                       f"except CivicqaError as e:\n    print(e.message)\n", tmp_path)
    assert done.returncode == 0, done.stderr
    assert ("not a regular file" if kind != "deep" else refused) in done.stdout
    assert path.is_symlink() or kind != "device"  # never replaced by a file of ours


def test_a_passphrase_with_a_control_character_is_refused_since_staff_could_never_type_it(tmp_path):
    from civicqa.repl.kiosk_config import set_passphrase

    path = tmp_path / "kiosk.toml"
    for secret in ("abc\x01\x02defghi", "\x1b[200~abcdefghij\x1b[201~"):
        with pytest.raises(CivicqaError) as caught:
            set_passphrase(path, lambda prompt: secret, lambda prompt: "y", lambda text: None, n=CHEAP)
        assert "control character" in caught.value.message
    assert not path.exists()  # nothing was saved


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl and core limits as on Linux")
def test_the_kiosk_writes_no_core_dump_and_other_processes_cannot_read_its_memory():
    code = ("import ctypes, resource\nfrom civicqa.repl.lockdown import keep_memory_private\n"
            "keep_memory_private()\n"
            "print(ctypes.CDLL(None).prctl(3, 0, 0, 0, 0), resource.getrlimit(resource.RLIMIT_CORE))")  # 3: GET_DUMPABLE
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True)
    assert done.stdout.split(None, 1) == ["0", "(0, 0)\n"]
