"""A long build shows how far along it is on a terminal, and nothing anywhere else."""

import io

from civicqa import cache
from civicqa.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_build_shows_its_step_and_how_far_along_it_is_then_erases_the_line():
    screen = Terminal()
    with Progress(screen, after=0) as progress:
        progress("reading big.toml")
        progress("indexing", 50_000, 100_000)
        shown = screen.getvalue()
    assert "civicqa: reading big.toml" in shown
    assert "indexing: 50,000 of 100,000 entries (50%)" in shown
    assert "\n" not in screen.getvalue()  # one line, rewritten in place
    assert screen.getvalue().endswith("\r" + " " * len("civicqa: indexing: 50,000 of 100,000 entries (50%)") + "\r")


def test_a_quick_build_shows_nothing():
    screen = Terminal()
    with Progress(screen, after=60) as progress:
        progress("indexing", 1, 2)
    assert screen.getvalue() == ""


def test_nothing_is_shown_on_a_pipe_or_in_a_file():
    pipe = io.StringIO()
    with Progress(pipe, after=0) as progress:
        progress("indexing", 1, 2)
    assert pipe.getvalue() == ""


def test_a_build_through_the_cache_reports_each_step(mini_pack, monkeypatch):
    screen = Terminal()
    monkeypatch.setattr("civicqa.progress.AFTER", 0)
    monkeypatch.setattr("sys.stderr", screen)
    assert cache.load_explainer([mini_pack]).ask("Who is Ada Stone?").citations
    shown = screen.getvalue()
    for step in ("reading", "checking", "indexing", "making the look-up tables", "writing the index cache"):
        assert step in shown, step
    assert shown.endswith("\r")  # erased when the build was done


def test_a_build_on_a_pipe_writes_nothing_to_stderr(mini_pack, capsys):
    cache.load_explainer([mini_pack])
    assert capsys.readouterr().err == ""
