"""Bad packs, from a careless editor or from someone hostile: each is reported as a pack
problem with its file, its line where there is one, and what to do; never a hang, a flood,
a traceback, or an escape sequence sent to the librarian's terminal."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civicqa import knowledge
from civicqa.cli import app
from civicqa.errors import PackError
from civicqa.knowledge import load_pack

GOOD = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")
SHIPPED = Path(__file__).resolve().parents[1] / "knowledge" / "willmar-287g.toml"
# What a terminal acts on: ESC, other C0 controls but tab and newline, DEL, C1, bidi controls.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
OSC52 = "\\u001b]52;c;SGVsbG8=\\u0007"  # as written in TOML: sets the terminal's clipboard


def problems_in(path: Path) -> list:
    with pytest.raises(PackError) as caught:
        load_pack(path)
    for problem in caught.value.problems:
        assert problem.fix, "every problem says what to do"
    return caught.value.problems


def write(tmp_path: Path, text: str | bytes, name: str = "pack.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    return [i + 1 for i, line in enumerate(text.splitlines()) if needle in line][occurrence - 1]


def check(*paths: Path):
    return CliRunner().invoke(app, ["check", *map(str, paths)])


def civicqa(*args: str, timeout: float = 15) -> subprocess.CompletedProcess:
    """Run civicqa in its own process, so that a hang is a failure, not a stuck test run."""

    def limit_memory():  # a pack read forever must not take the machine's memory with it
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))

    return subprocess.run([sys.executable, "-m", "civicqa", *args], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=limit_memory)


# -- ids: letters, digits and `-`, for every kind of id ---------------------------------------


@pytest.mark.parametrize("old, new, what", [
    ('id = "mini"', 'id = "mini pack"', "pack id"),
    ('id = "N1"', 'id = "N_1"', "source id"),
    ('id = "plan"', 'id = "plan.v2"', "entry id"),
    ('id = "N1"', f'id = "N1{OSC52}"', "source id"),
])
def test_a_bad_id_is_reported_with_its_line_and_the_rule(tmp_path, old, new, what):
    text = GOOD.replace(old, new, 1)
    if what == "source id":  # keep the entries citing it, so the id itself is the only problem
        text = text.replace('source = "N1"', 'source = ' + new.split(" = ")[1])
    if what == "entry id":
        text = text.replace('related = ["plan"]', 'related = ["plan.v2"]')
    problems = problems_in(write(tmp_path, text))
    [problem] = [p for p in problems if what in p.message]
    assert "letters, digits and `-`" in problem.message and "letters, digits and `-`" in problem.fix
    assert problem.line == line_of(text, new)
    assert not RAW.search(str(problem))


def test_a_bad_related_id_is_reported(tmp_path):
    text = GOOD.replace('related = ["plan"]', 'related = ["plan\\u009b2J"]')
    [problem] = problems_in(write(tmp_path, text))
    assert "`related`" in problem.message and "letters, digits and `-`" in problem.message
    assert problem.line == line_of(text, "related =") and not RAW.search(str(problem))


def test_the_shipped_pack_keeps_to_the_id_rule():
    result = check(SHIPPED)
    assert result.exit_code == 0 and "OK" in result.stdout


# -- names and paths quoted in messages ---------------------------------------------------------


def test_a_quoted_unknown_key_is_shown_escaped_at_its_own_line(tmp_path):
    text = GOOD.replace('language = "en"', f'language = "en"\n"{OSC52}" = 1\n\'locater\' = 2')
    result = check(write(tmp_path, text))
    assert result.exit_code == 2
    assert not RAW.search(result.stdout + result.stderr)
    assert f"pack.toml:{line_of(text, 'SGVsbG8')}: unknown key `\\x1b]52;c;SGVsbG8=\\x07`" in result.stderr
    assert f"pack.toml:{line_of(text, 'locater')}: unknown key `locater`" in result.stderr
    assert "Did you mean `language`?" in result.stderr or "allowed keys" in result.stderr


def test_a_quoted_unknown_block_is_shown_escaped_at_its_own_line(tmp_path):
    text = GOOD + '\n["\\u001b]0;pwned\\u0007"]\nx = 1\n'
    result = check(write(tmp_path, text))
    assert not RAW.search(result.stdout + result.stderr)
    assert f":{line_of(text, 'pwned')}: unknown block `\\x1b]0;pwned\\x07`" in result.stderr


def test_a_dotted_quoted_key_gets_its_line(tmp_path):
    text = GOOD.replace('language = "en"', 'language = "en"\n"extra"."part" = 1')
    [problem] = problems_in(write(tmp_path, text))
    assert "unknown key `extra`" in problem.message and problem.line == line_of(text, '"extra"')


@pytest.mark.parametrize("name", ["\x1b]0;pwned\x07.toml", "\x9b2J\u202egnp.toml"])
def test_pack_paths_are_never_printed_raw(tmp_path, name):
    good = write(tmp_path, GOOD, name)
    result = check(good)
    assert result.exit_code == 0 and "OK" in result.stdout
    assert not RAW.search(result.stdout + result.stderr)
    for args in (["check", str(tmp_path / ("missing" + name))], ["ask", "x", "-k", str(tmp_path / ("no" + name))],
                 ["sources", "-k", str(write(tmp_path, GOOD.replace('id = "N1"', 'id = "N 1"'), "bad" + name))]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, args
        assert not RAW.search(result.stdout + result.stderr), args
        assert "\\x" in result.stderr or "\\u" in result.stderr  # the name is there, escaped


# -- file formats ----------------------------------------------------------------------------


def test_a_byte_order_mark_is_accepted(tmp_path):
    pack = load_pack(write(tmp_path, b"\xef\xbb\xbf" + GOOD.encode("utf-8")))
    assert pack.id == "mini" and len(pack.entries) == 6


def test_deep_nesting_is_a_pack_problem_with_its_line(tmp_path):
    text = GOOD + "x = " + "[" * 3000 + "]" * 3000 + "\n"
    result = check(write(tmp_path, text))
    assert result.exit_code == 2
    assert "unexpected error" not in result.stderr and "bug" not in result.stderr
    assert f"pack.toml:{line_of(text, '[[[[')}: lists or inline tables are nested too deeply" in result.stderr
    text = GOOD + "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n"
    [problem] = problems_in(write(tmp_path, text))
    assert "nested too deeply" in problem.message and problem.line == line_of(text, "{a = {a")


def test_a_key_dotted_a_hundred_thousand_levels_deep_is_refused_quickly(tmp_path):
    """tomllib alone would build the nesting until memory ran out; rtoml stops at its limit."""
    path = write(tmp_path, '[pack]\nid = "x"\n' + "a" + ".a" * 100_000 + " = 1\n")
    with pytest.raises(PackError, match="nested too deeply"):
        load_pack(path)


def test_the_fast_reader_reads_every_pack_as_tomllib_does():
    import tomllib

    from civicqa.knowledge import _parse

    root = Path(__file__).resolve().parents[1]
    files = sorted({*root.glob("knowledge/**/*.toml"), *root.glob("tests/**/*.toml")})
    assert len(files) > 10
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert _parse(text) == tomllib.loads(text), file
    windows = GOOD.replace("\n", "\r\n") + 'help = """Call the clerk,\r\nor visit City Hall."""\r\n'
    assert _parse(windows) == tomllib.loads(windows)  # a file saved on Windows: no "\r" left in strings
    assert "\r" not in repr(_parse(windows))


def test_an_unterminated_multiline_string_gets_the_line_where_it_starts(tmp_path):
    text = '[pack]\nid = "x"\ntitle = """abc\nmore text\n\n[[entries]]\n'
    [problem] = problems_in(write(tmp_path, text))
    assert "never closed" in problem.message and problem.line == 3
    assert '"""' in problem.fix


def test_a_file_that_is_not_utf8_reports_a_few_dozen_lines_then_counts_the_rest(tmp_path):
    path = write(tmp_path, b"x = \xff\xfe\n" * 5000)
    with pytest.raises(PackError) as caught:
        load_pack(path)
    error = caught.value
    assert len(error.problems) <= 50, "only the first few dozen problems are kept"
    lines = error.message.splitlines()
    assert len(lines) <= 52
    assert lines[0].startswith(f"{path}:1: bytes that are not UTF-8")
    assert re.search(r"and 4,9\d\d more", error.message) and "5,000 problems found." in error.message
    result = check(path)
    assert result.exit_code == 2 and len(result.stderr.splitlines()) <= 55


def test_many_problems_in_a_valid_toml_file_are_capped_too(tmp_path):
    text = GOOD + "".join(f'\n[[sources]]\nid = "X{i}"\n' for i in range(200))
    with pytest.raises(PackError) as caught:
        load_pack(write(tmp_path, text))
    assert len(caught.value.message.splitlines()) <= 52 and "more." in caught.value.message


# -- things that are not pack files: refused at once, never read -----------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "p.toml"
    os.mkfifo(fifo)
    started = time.monotonic()
    for args in (["check", str(fifo)], ["ask", "x", "-k", str(fifo)], ["sources", "-k", str(fifo)]):
        result = civicqa(*args)
        assert result.returncode == 2 and "FIFO" in result.stderr and "not a pack file" in result.stderr
    assert time.monotonic() - started < 40


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_at_once():
    for args in (["check", "/dev/zero"], ["ask", "x", "-k", "/dev/zero"]):
        result = civicqa(*args)
        assert result.returncode == 2 and "a device, not a pack file" in result.stderr
        assert "unexpected error" not in result.stderr


def test_a_folder_is_refused(tmp_path):
    [problem] = problems_in(tmp_path)
    assert "folder" in problem.message


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(knowledge, "MAX_PACK_BYTES", 1000, raising=False)
    path = write(tmp_path, GOOD)
    assert path.stat().st_size > 1000
    [problem] = problems_in(path)
    assert "larger than" in problem.message and "Split it" in problem.fix
    # The limit is generous for real packs: the shipped one is far below it.
    monkeypatch.undo()
    assert SHIPPED.stat().st_size * 50 < knowledge.MAX_PACK_BYTES <= 200_000_000
