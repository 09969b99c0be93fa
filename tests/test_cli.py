"""The command line through Typer's CliRunner: output, JSON contract, exit codes, help."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from civicqa import __version__
from civicqa.cli import app
from civicqa.knowledge import load_packs
from civicqa.messages import English
from civicqa.messages_es import Spanish
from civicqa.status import ExitStatus

runner = CliRunner()


def run(*args: str, input: str | None = None, env: dict | None = None):
    return runner.invoke(app, list(args), input=input, env=env)


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"civicqa {__version__}"


def test_ask_answers_with_markers_and_sources(mini_pack):
    result = run("ask", "-k", str(mini_pack), "What is the bike lane plan?")
    assert result.exit_code == ExitStatus.OK
    answer, _, sources = result.stdout.partition("\nSources:\n")
    assert "protected bike lanes on Main Street" in answer and "[1]" in answer
    assert "Exampleville Gazette" in sources and "https://example.org/bike-lanes" in sources
    assert "paragraph 1" in sources and "April 12, 2021" in sources


def test_ask_output_fits_80_columns_and_has_no_escape_codes(mini_pack):
    result = run("ask", "-k", str(mini_pack), "Who opposed the bike lanes and why?")
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    assert "\x1b" not in result.stdout


def test_ask_declines_what_the_pack_does_not_cover(mini_pack):
    result = run("ask", "-k", str(mini_pack), "Who won the Super Bowl in 2024?")
    assert result.exit_code == ExitStatus.NO_ANSWER
    assert "no information about that" in result.stdout
    assert "What is the bike lane plan?" in result.stdout  # a suggestion it can answer
    assert "[1]" not in result.stdout


def test_json_contract(mini_pack):
    result = run("ask", "-k", str(mini_pack), "--json", "When did the council vote?")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"question", "answer", "abstained", "language", "citations"}
    assert data["language"] == "en"
    assert data["question"] == "When did the council vote?"
    assert data["abstained"] is False and "May 3, 2021" in data["answer"]
    [citation] = data["citations"]
    assert set(citation) == {"marker", "entry", "pack", "text", "score", "source", "also"}
    assert citation["also"] == []
    assert citation["marker"] == 1 and citation["entry"] == "vote" and citation["pack"] == "mini"
    assert isinstance(citation["score"], float) and citation["score"] > 0
    assert citation["text"] in data["answer"]
    assert citation["source"] == {
        "id": "N1", "title": "Council weighs bike lanes", "publisher": "Exampleville Gazette",
        "url": "https://example.org/bike-lanes", "date": "2021-04-12", "locator": "paragraph 4",
        "date_approximate": False, "seen_as": "full", "note": "", "snapshots": [],
    }


def test_json_when_abstaining_still_prints_and_exits_1(mini_pack):
    result = run("ask", "-k", str(mini_pack), "--json", "What is the capital of France?")
    assert result.exit_code == ExitStatus.NO_ANSWER
    data = json.loads(result.stdout)
    declined = data.pop("declined")
    assert data == {"question": "What is the capital of France?", "answer": "", "abstained": True,
                    "language": "en", "citations": []}
    # what `ask` prints in place of an answer, as data: why, what the pack covers, what to ask instead
    assert declined["why"] in {"no-match", "low-coverage"}
    assert declined["message"] == English.NO_INFORMATION
    assert declined["topic"] == load_packs([mini_pack])[0].topic
    assert "What is the bike lane plan?" in declined["suggestions"]
    assert declined["help"] == ""  # the mini pack names no place to get help


def test_json_decline_in_spanish_gives_the_pack_help_in_spanish():
    result = run("ask", "--json", "¿Cuál es la tasa de interés de los bonos de la escuela?")
    assert result.exit_code == ExitStatus.NO_ANSWER
    data = json.loads(result.stdout)
    assert data["language"] == "es" and data["answer"] == ""
    declined = data["declined"]
    assert declined["message"] == Spanish.NO_INFORMATION
    assert declined["topic"].startswith("el programa 287(g)")
    assert declined["suggestions"] and all(s.startswith("¿") for s in declined["suggestions"])
    assert "abogado" in declined["help"]


def test_json_decline_of_advice_says_so_in_the_question_language(mini_pack):
    result = run("ask", "-k", str(mini_pack), "--json", "Should I hire a lawyer about the bike lanes?")
    assert result.exit_code == ExitStatus.NO_ANSWER
    declined = json.loads(result.stdout)["declined"]
    assert declined["why"] == "advice" and declined["message"] == English.NO_ADVICE


def test_as_of_date_is_shown(mini_pack):
    result = run("ask", "-k", str(mini_pack), "How many miles of bike lanes does the city have?")
    assert "As of June 2021, the city had 12 miles of bike lanes." in result.stdout


def test_question_from_stdin_with_dash(mini_pack):
    result = run("ask", "-k", str(mini_pack), "-", input="Who is Ada Stone?\n")
    assert result.exit_code == 0 and "council member" in result.stdout


def test_stdin_is_not_read_without_dash(mini_pack):
    result = run("ask", "-k", str(mini_pack), "Who is Ada Stone?", input="What is the capital of France?\n")
    assert "council member" in result.stdout


@pytest.mark.parametrize("question", ["", "   ", "-"])
def test_empty_question_is_a_usage_error(mini_pack, question):
    result = run("ask", "-k", str(mini_pack), question, input="")
    assert result.exit_code == ExitStatus.ERROR
    assert "question is empty" in result.stderr and "civicqa ask" in result.stderr
    assert "Traceback" not in result.output


def test_missing_pack_is_a_clear_error(tmp_path):
    result = run("ask", "-k", str(tmp_path / "missing.toml"), "What is it?")
    assert result.exit_code == ExitStatus.ERROR
    assert "no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_passes_on_a_good_pack(mini_pack):
    result = run("check", str(mini_pack))
    assert result.exit_code == 0 and "OK" in result.stdout


def test_check_reports_every_problem_and_exits_2(tmp_path, mini_pack):
    broken = tmp_path / "broken.toml"
    text = mini_pack.read_text(encoding="utf-8")
    broken.write_text(text.replace('id = "vote"', 'id = "plan"').replace('source = "N2"', 'source = "X"'),
                      encoding="utf-8")
    result = run("check", str(broken))
    assert result.exit_code == ExitStatus.ERROR
    assert "duplicate entry id 'plan'" in result.stderr and "unknown source id 'X'" in result.stderr
    assert f"{broken}:" in result.stderr and "2 problems found" in result.stderr


def test_check_default_checks_the_shipped_packs():
    result = run("check")
    assert result.exit_code == 0, result.stderr
    assert "willmar-287g" in result.stdout


def test_explain_shows_the_reasoning(mini_pack):
    result = run("ask", "-k", str(mini_pack), "--explain", "Who opposed the plan?")
    assert "question type: who" in result.stdout
    assert "top entries" in result.stdout and "shop-owners-position" in result.stdout
    assert "decision: answered" in result.stdout


@pytest.mark.parametrize("command", ["ask", "check", "test", "show", "new", "sources", "topics", "timeline", "chat", "kiosk"])
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and f"civicqa {command}" in result.stdout


def test_plain_help_has_no_box_drawing():
    result = run("--help", env={"NO_COLOR": "1"})
    assert not set("╭─╮│╰╯") & set(result.stdout)


def test_sources_topics_timeline_json(mini_pack):
    sources = json.loads(run("sources", "--json", "-k", str(mini_pack)).stdout)
    assert sources[0]["pack"] == "mini" and len(sources[0]["sources"]) == 2
    topics = json.loads(run("topics", "--json", "-k", str(mini_pack)).stdout)
    assert {t["topic"] for t in topics[0]["topics"]} == {"The plan", "People", "Timeline"}
    timeline = json.loads(run("timeline", "--json", "-k", str(mini_pack)).stdout)
    assert [e["date"] for e in timeline] == ["2021-05-03"]
    assert timeline[0]["source"]["publisher"] == "Exampleville Gazette"


def test_every_command_is_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        assert f"civicqa {command.name or command.callback.__name__}" in readme


def test_a_source_has_one_json_shape_in_answers_listings_and_the_timeline(mini_pack):
    """The same keys wherever a source appears; a cited one also says where in it (locator)."""
    answer = json.loads(run("ask", "-k", str(mini_pack), "--json", "When did the council vote?").stdout)
    listed = json.loads(run("sources", "-k", str(mini_pack), "--json").stdout)[0]["sources"]
    dated = json.loads(run("timeline", "-k", str(mini_pack), "--json").stdout)
    cited = [c["source"] for c in answer["citations"]] + [d["source"] for d in dated]
    assert cited and listed
    keys = set(listed[0])
    assert all(set(s) == keys for s in listed)
    assert all(set(s) == keys | {"locator"} for s in cited)
    same = next(s for s in listed if s["id"] == cited[0]["id"])
    assert {k: cited[0][k] for k in keys} == same


def test_a_named_command_is_built_alone_and_everything_else_sees_them_all(capsys, mini_pack):
    """run() builds only the command asked for (start-up time); --help, a misspelling and the
    command list afterwards still see every command."""
    from civicqa.cli import run as run_cli

    before = list(app.registered_commands)
    assert run_cli(["ask", "-k", str(mini_pack), "What is the bike lane plan?"]) == ExitStatus.OK
    assert "bike lanes on Main Street" in capsys.readouterr().out
    assert app.registered_commands == before
    assert run_cli(["--help"]) == ExitStatus.OK
    listed = capsys.readouterr().out
    assert all(f" {name} " in listed for name in ("ask", "check", "test", "show", "new", "kiosk"))
    assert run_cli(["aks", "x"]) == ExitStatus.ERROR
    assert "Did you mean 'ask'?" in capsys.readouterr().err


def _collector_after(command: list[str], stdin: str = "") -> str:
    """Whether Python's cycle collector is on once a civicqa command has run in a process."""
    code = ("import gc, sys\nfrom civicqa import command\n"
            f"sys.argv = {['civicqa', *command]!r}\n"
            "try:\n    command.main()\nexcept SystemExit:\n    pass\n"
            "print('collector', gc.isenabled(), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], input=stdin, capture_output=True, text=True, timeout=120)
    return done.stderr.strip().splitlines()[-1]


def test_a_one_shot_command_runs_without_the_cycle_collector_and_a_session_with_it():
    """civicqa.command turns the collector off for a start; chat (and kiosk) turn it back on."""
    assert _collector_after(["ask", "--json", "What is 287(g)?"]) == "collector False"
    assert _collector_after(["chat", "--json"], "What is 287(g)?\n") == "collector True"
