"""The catalogue of words (civicqa.messages): every sentence a resident reads comes from the
catalogue of the pack's language, so a second language needs a catalogue, not code changes."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from civicqa import messages
from civicqa.answer import Explainer
from civicqa.cli import app
from civicqa.knowledge import PartialDate, load_packs
from civicqa.messages import English, Why
from civicqa.repl.session import ChatSession


class Test(English):
    """A made-up language that changes a word in each part: answers, dates, chat, listings."""

    SOURCES = "FUENTES:"
    NO_INFORMATION = "NO SE SABE."
    MONTHS = ("", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
              "octubre", "noviembre", "diciembre")
    ASK_FIRST = "PRIMERO UNA PREGUNTA."
    HELP = {**English.HELP, "why": "POR QUE."}
    EXPLAIN = {**English.EXPLAIN, "type": "TIPO:"}
    CHAT_INTRO = "PREGUNTE."

    @staticmethod
    def sources_count(title: str, count: int) -> str:
        return f"{title} ({count} FUENTES)"


@pytest.fixture
def test_pack(mini_pack, tmp_path, monkeypatch):
    monkeypatch.setitem(messages.CATALOGUES, "xx", Test)
    path = tmp_path / "xx.toml"
    path.write_text(mini_pack.read_text(encoding="utf-8").replace('language = "en"', 'language = "xx"'),
                    encoding="utf-8")
    return path


def test_ask_and_its_listings_speak_the_packs_language(test_pack):
    runner = CliRunner()
    answered = runner.invoke(app, ["ask", "-k", str(test_pack), "--explain", "When did the council vote?"]).stdout
    assert "FUENTES:" in answered and "abril" in answered and "TIPO:" in answered and "Sources:" not in answered
    declined = runner.invoke(app, ["ask", "-k", str(test_pack), "Who won the Super Bowl?"]).stdout
    assert declined.startswith("NO SE SABE.")
    assert "FUENTES)" in runner.invoke(app, ["sources", "-k", str(test_pack)]).stdout


def test_chat_speaks_the_packs_language(test_pack):
    session = ChatSession(Explainer(load_packs([test_pack])))
    assert session.words is Test and "PREGUNTE." in session.welcome()
    assert session.handle("/why").text == "PRIMERO UNA PREGUNTA."
    assert "POR QUE." in session.handle("/help").text
    assert "FUENTES:" in session.handle("When did the council vote?").text


def test_a_code_without_a_catalogue_gets_english_and_every_reason_has_words():
    assert messages.for_code("en-US") is English and messages.for_code("zz") is English
    for why in Why:
        assert English.reason(why, 0.5, ("Ada",), (0.65, 0.35, 3))
    assert English.date(PartialDate(2010, 5, 19)) == "May 19, 2010" == str(PartialDate(2010, 5, 19))
    assert English.checked(PartialDate(2026, 11, 28)) == "Checked against its sources on November 28, 2026."
    assert English.checked(PartialDate(2026, 11)) == "Checked against its sources in November 2026."
