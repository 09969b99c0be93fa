"""First use of the command line: unquoted questions, help that helps, one error style, shell
completion, NO_COLOR, the pager, and the packaging a redistributor checks."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civicqa import __version__
from civicqa.cli import app
from civicqa.environment import Environment
from civicqa.status import ExitStatus

ROOT = Path(__file__).resolve().parents[1]
CIVICQA = [sys.executable, "-m", "civicqa"]
runner = CliRunner()


def run(*args: str, input: str | None = None, env: dict | None = None):
    return runner.invoke(app, list(args), input=input, env=env)


def civicqa(*args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([*CIVICQA, *args], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL, **options)


# -- questions as plain words ---------------------------------------------------------------


def test_a_question_can_be_typed_without_quotes(mini_pack):
    result = run("ask", "-k", str(mini_pack), "Who", "is", "Ada", "Stone")
    assert result.exit_code == ExitStatus.OK, result.output
    assert "council member" in result.stdout


def test_options_may_follow_the_words(mini_pack):
    result = run("ask", "Who", "is", "Ada", "Stone", "--json", "-k", str(mini_pack))
    assert result.exit_code == ExitStatus.OK and '"question": "Who is Ada Stone"' in result.stdout


def test_the_usage_line_names_the_question():
    result = run("ask", "--help")
    assert "Usage: civicqa ask [OPTIONS] QUESTION..." in result.stdout
    assert "{" not in result.stdout and "<str>" not in result.stdout


@pytest.mark.parametrize("words", [["help"], ["--", "--help"], ["help", "me"], ["HELP?"], ["--", "-h"]])
def test_a_request_for_help_points_at_the_help_instead_of_answering(words):
    result = run("ask", *words)
    assert result.exit_code == ExitStatus.ERROR
    assert result.stdout == ""
    assert "civicqa ask --help" in result.stderr and "civicqa --help" in result.stderr


def test_a_question_that_mentions_help_is_still_answered(mini_pack):
    result = run("ask", "-k", str(mini_pack), "Who", "would", "the", "bike", "lanes", "help?")
    assert result.exit_code in (ExitStatus.OK, ExitStatus.NO_ANSWER)
    assert "civicqa ask --help" not in result.stderr


# -- help -----------------------------------------------------------------------------------


def test_the_top_level_help_shows_examples():
    result = run("--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and 'civicqa ask "What is 287(g)?"' in result.stdout
    assert "civicqa ask who opposed it" in result.stdout


@pytest.mark.parametrize("command", [None, "ask", "check", "test", "show", "new", "sources", "topics", "timeline", "chat",
                                     "kiosk"])
def test_help_never_points_at_files_an_installed_copy_lacks(command):
    result = run(*([command] if command else []), "--help")
    for mention in re.findall(r"docs/\S+", result.stdout):
        # A docs/ path is fine only when the help says it is in the source repository.
        assert "source repository" in " ".join(result.stdout.split()), mention


def test_plain_command_summaries_are_whole_sentences():
    result = run("--help", env={"NO_COLOR": "1"})
    commands = result.stdout.split("Commands:")[1]
    assert "..." not in commands
    for name in ("ask", "check", "test", "show", "new", "sources", "topics", "timeline", "chat", "kiosk"):
        assert re.search(rf"^  {name} ", commands, re.M), name


# -- one error style ------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "words"), [
    (["ask", "--jsn", "x"], "no such option: --jsn"),
    (["akk"], "no such command 'akk'"),
    (["ask"], "missing argument"),
    (["sources", "extra"], "unexpected extra argument"),
    (["kiosk", "--idle-timeout", "soon"], "invalid value for '--idle-timeout'"),
])
def test_usage_errors_speak_like_civicqa(args, words):
    result = civicqa(*args)
    assert result.returncode == ExitStatus.ERROR and result.stdout == ""
    message, hint = result.stderr.splitlines()
    assert message.startswith("civicqa: ") and words in message.lower()
    assert re.fullmatch(r"Run `(python -m )?civicqa( \w+)? --help` for usage\.", hint), hint
    assert "Error" not in result.stderr and not set("╭─╮│╰╯") & set(result.stderr)


def test_a_bare_civicqa_still_shows_the_help():
    result = civicqa()
    assert result.returncode == ExitStatus.ERROR
    assert "Usage:" in result.stderr and "Commands" in result.stderr


# -- shell completion -----------------------------------------------------------------------


def test_shell_completion_can_be_shown_and_installed():
    script = Path(sys.executable).with_name("civicqa")  # the installed command, as a shell runs it
    # Typer finds the shell by walking up the parent processes, and a test run started from no
    # shell (a detached job, some CI runners) has none: name it instead, as Typer's own tests do.
    env = {**os.environ, "SHELL": "/bin/bash", "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    result = subprocess.run([str(script), "--show-completion", "bash"], capture_output=True, text=True,
                            timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert "_CIVICQA_COMPLETE" in result.stdout and "complete " in result.stdout
    assert "--install-completion" in run("--help").stdout


# -- NO_COLOR -------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def terminal(variables: dict[str, str], stdout: io.StringIO | None = None) -> Environment:
    return Environment(stdin=io.StringIO(), stdout=stdout or Terminal(), stderr=io.StringIO(),
                       variables=variables)


def test_an_empty_no_color_keeps_color():
    assert terminal({"TERM": "xterm", "NO_COLOR": ""}).color is True
    assert terminal({"TERM": "xterm", "NO_COLOR": "1"}).color is False
    assert terminal({"TERM": "xterm"}).color is True


# -- the pager ------------------------------------------------------------------------------

TALL = "\n".join(f"line {n}" for n in range(100))


def test_a_tall_text_on_a_terminal_goes_through_less_as_git_sets_it():
    command, variables = terminal({"TERM": "xterm", "LINES": "40"}).pager(TALL)
    assert command == ["less"] and variables["LESS"] == "FRX"


def test_the_pager_respects_pager_and_less():
    command, variables = terminal({"TERM": "xterm", "LINES": "40", "PAGER": "most -s", "LESS": "-S"}).pager(TALL)
    assert command == ["most", "-s"] and variables["LESS"] == "-S"


@pytest.mark.parametrize("variables", [
    {"TERM": "xterm", "LINES": "40", "PAGER": ""},  # an empty PAGER means no pager
    {"TERM": "xterm", "LINES": "40", "PAGER": "cat"},
    {"TERM": "xterm", "LINES": "200"},  # the text fits the screen
    {"TERM": "dumb", "LINES": "40"},  # less needs a real terminal
])
def test_no_pager_when_it_is_not_wanted(variables):
    assert terminal(variables).pager(TALL) is None


def test_never_a_pager_on_a_pipe():
    assert terminal({"TERM": "xterm", "LINES": "40"}, stdout=io.StringIO()).pager(TALL) is None


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("command", ["sources", "timeline"])
def test_a_long_listing_on_a_terminal_is_paged(tmp_path, command):
    pexpect = pytest.importorskip("pexpect")
    paged = tmp_path / "paged.txt"
    env = {**os.environ, "TERM": "xterm", "LINES": "30", "COLUMNS": "80",
           "PAGER": f"sh -c 'cat > {paged}; echo PAGED'"}
    child = pexpect.spawn(sys.executable, ["-m", "civicqa", command], env=env, dimensions=(30, 80),
                          timeout=30, encoding="utf-8")
    child.expect_exact("PAGED")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert len(paged.read_text(encoding="utf-8").splitlines()) > 100
    # On a pipe the same command prints and never pages.
    paged.unlink()
    piped = civicqa(command, env=env)
    assert piped.returncode == 0 and len(piped.stdout.splitlines()) > 100 and not paged.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_missing_pager_program_falls_back_to_printing(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "TERM": "xterm", "LINES": "30", "PAGER": str(tmp_path / "no-such-pager")}
    child = pexpect.spawn(sys.executable, ["-m", "civicqa", "sources"], env=env, dimensions=(30, 80),
                          timeout=30, encoding="utf-8")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and "MPR News" in child.before and "Traceback" not in child.before


# -- the README and the package ---------------------------------------------------------------


def test_every_exit_status_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for status in ExitStatus:
        assert re.search(rf"^\| {status.value} \| \S", readme, re.M), status


def test_the_package_declares_its_license_dependencies_and_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert project["license"] == "MIT" and license_text.startswith("MIT License")
    assert "civicqa contributors" in license_text
    assert any(re.match(r"numpy\b", dependency) for dependency in project["dependencies"])
    assert "version" in project.get("dynamic", []) and __version__  # one version, in __init__.py
    classifiers = project["classifiers"]
    assert "Environment :: Console" in classifiers
    assert {f"Programming Language :: Python :: 3.{minor}" for minor in (11, 12, 13)} <= set(classifiers)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## Unreleased" in changelog
