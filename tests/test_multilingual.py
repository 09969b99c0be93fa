"""Answers in the language of the question: detection, one engine per language, the Spanish
pack in step with the English one, and --lang / JSON."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civicqa.cache import load_explainer
from civicqa.cli import app
from civicqa.knowledge import shipped_dir
from civicqa.conversation import Conversation
from civicqa.multilingual import Multilingual, detect, groups_of, pack_language, shipped_groups

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = shipped_dir() / "willmar-287g.toml"  # the installed copy's, or the repository's
SPANISH = shipped_dir() / "es" / "willmar-287g-es.toml"
runner = CliRunner()
sys.path.insert(0, str(ROOT / "bench"))


@pytest.mark.parametrize("question, code", [
    ("What is 287(g)?", "en"), ("who opposed it", "en"), ("Is Willmar part of it now?", "en"),
    ("¿Qué es 287(g)?", "es"), ("quien se opuso al plan", "es"), ("y ahora?", "es"),
    ("Willmar esta en el programa todavia", "es"), ("Charly Leuze?", "en"), ("287g", "en"),
])
def test_a_question_is_read_in_its_language(question, code):
    assert detect(question, ["en", "es"], "en") == code
    assert detect(question, ["en"], "en") == "en"  # one language: no guessing


def test_an_english_question_after_a_spanish_one_is_read_in_english():
    """A conversation in Spanish keeps Spanish only for a question with no mark of English:
    "287(g) only targets criminals, right?" has no "the" or "what", but "only" and "right" are English."""
    assert detect("287(g) only targets criminals, right?", ["en", "es"], "es") == "en"
    assert detect("Charly Leuze?", ["en", "es"], "es") == "es"  # a name alone keeps the language


def test_detection_on_every_question_set():
    """Every English question of the Willmar sets and the development packs reads as English;
    nearly every question of the Spanish set as Spanish (measured: 129 of 131)."""
    import quality

    english = []
    for path in sorted((ROOT / "tests" / "questions").glob("*.toml")):
        singles, chains = quality.load_items(path.stem, path)
        english += [i.question for i in singles] + [t.question for c in chains for t in c]
    assert english and all(detect(q, ["en", "es"], "en") == "en" for q in english)
    # After a Spanish turn (measured: 928 of 934 questions of these sets and the development packs').
    assert sum(detect(q, ["en", "es"], "es") == "en" for q in english) >= 0.99 * len(english)
    singles, chains = quality.load_items("es1", ROOT / "tests" / "questions-es" / "es1.toml")
    spanish = [i.question for i in singles] + [t.question for c in chains for t in c]
    assert sum(detect(q, ["en", "es"], "en") == "es" for q in spanish) >= 0.95 * len(spanish)


def test_the_shipped_packs_are_grouped_by_language():
    assert pack_language(ENGLISH) == "en" and pack_language(SPANISH) == "es"
    assert shipped_groups() == {"en": [ENGLISH], "es": [SPANISH]}
    assert groups_of([SPANISH, ENGLISH]) == {"es": [SPANISH], "en": [ENGLISH]}


def test_an_english_question_never_loads_the_spanish_engine():
    loaded = []

    def load(paths):
        loaded.append(paths)
        return load_explainer(paths)

    engines = Multilingual(shipped_groups(), load)
    assert engines.ask("What is 287(g)?").language == "en" and loaded == [[ENGLISH]]
    answer = engines.ask("¿Qué es el 287(g)?")
    assert answer.language == "es" and not answer.abstained and "ley" in answer.text
    assert loaded == [[ENGLISH], [SPANISH]]
    assert engines.ask("What is 287(g)?", lang="es").language == "es"


def test_a_conversation_that_changes_language_keeps_what_the_last_turn_was_about():
    """"Who proposed it?" then "¿Y cuándo?": the English turn is retold in the Spanish pack's
    words, from the twin of the entry it cited, so the ellipsis still asks about the proposal
    (before, its English words found nothing and it was declined); and back again, to the turn
    as first asked."""
    engines = Multilingual(shipped_groups(), load_explainer)
    conversation = Conversation()
    engines.ask("Who proposed it?", conversation)
    cited = conversation.last.entries
    answer = engines.ask("¿Y cuándo?", conversation)
    assert answer.language == "es" and not answer.abstained and "2010" in answer.text
    assert answer.citations[0].entry.id in cited
    assert engines.ask("And why?", conversation).language == "en" and conversation.last.language == "en"
    assert all(turn.language == "en" for turn in conversation.turns)
    assert conversation.turns[0].question == "Who proposed it?"  # retold back: the turn as first asked
    # What the packs say alike stays, and the twin's title does not stand in for it: "¿Y en
    # 2025?" after 2010's agreements asks of 2025, not of the 2010 entry the answer cited.
    conversation = Conversation()
    engines.ask("How many 287(g) agreements did ICE have in 2010?", conversation)
    assert "71" not in engines.ask("¿Y en 2025?", conversation).text


def test_the_spanish_pack_is_the_english_one_entry_for_entry():
    """Every English entry has its Spanish twin: the same id, source, kind, stance, dates and
    related entries, in the same order; the sources are the same."""
    english = tomllib.loads(ENGLISH.read_text(encoding="utf-8"))
    spanish = tomllib.loads(SPANISH.read_text(encoding="utf-8"))
    assert spanish["pack"]["language"] == "es" and spanish["sources"] == english["sources"]
    assert [e["id"] for e in spanish["entries"]] == [e["id"] for e in english["entries"]]
    for en, es in zip(english["entries"], spanish["entries"]):
        for key in ("source", "kind", "stance", "as_of", "date", "date_approximate", "related"):
            assert en.get(key) == es.get(key), (en["id"], key)
        assert en["text"] != es["text"]  # written in Spanish, not copied


def test_ask_answers_in_spanish_with_spanish_words_and_json_language():
    text = runner.invoke(app, ["ask", "¿Quién se opuso al plan?"])
    assert text.exit_code == 0 and "Fuentes (en inglés):" in text.stdout and "de mayo de 2010" in text.stdout
    data = json.loads(runner.invoke(app, ["ask", "--json", "Who opposed it?"]).stdout)
    assert data["language"] == "en"
    data = json.loads(runner.invoke(app, ["ask", "--json", "--lang", "es", "What is 287(g)?"]).stdout)
    assert data["language"] == "es"
    bad = runner.invoke(app, ["ask", "--lang", "fr", "Qu'est-ce que 287(g)?"])
    assert bad.exit_code == 2 and "the packs in use are in en, es" in bad.stderr
    declined = runner.invoke(app, ["ask", "cual es la capital de francia"])
    assert declined.exit_code == 1 and "Este paquete no tiene información" in declined.stdout


def test_the_spanish_set_stays_above_its_first_measurement():
    """tests/questions-es/es1.toml was written from the sources by someone who saw neither pack
    nor code, and is kept unlooked-at: measured once (77.4% in scope, 56% declined); this only
    catches a fall well below that."""
    import quality

    singles, chains = quality.load_items("es1", ROOT / "tests" / "questions-es" / "es1.toml")
    results = quality.score(*quality.run(quality.Civicqa([SPANISH]), singles, chains))
    right, total = results.in_scope
    declined, out = results.declined_out_of_scope
    assert right >= 0.72 * total and declined >= 0.48 * out


def test_chat_follows_the_residents_language_and_the_kiosk_returns_to_the_librarians():
    """A question in Spanish switches the session's words to Spanish; /idioma en and /language es
    switch by hand; a kiosk's next patron starts in the librarian's language, and its welcome
    offers the other language in that language."""
    from civicqa.repl.kiosk_config import KioskSettings, PassphraseHash
    from civicqa.repl.kiosk_core import kiosk_session, welcome_text
    from civicqa.repl.session import ChatSession

    engines = Multilingual(shipped_groups(), load_explainer)
    session = ChatSession(engines)
    assert session.language == "en" and "En español: escriba /idioma es" in session.welcome()
    answered = session.handle("¿Quién se opuso al plan?")
    assert session.language == "es" and "Fuentes (en inglés):" in answered.text
    assert "Comandos:" in session.handle("/help").text and "Muestra esta lista" in session.handle("/help").text
    assert session.handle("/idioma en").text.startswith("civicqa speaks English now")
    assert session.language == "en" and "Sources:" in session.handle("Who opposed it?").text
    assert "Los paquetes hablan" not in session.handle("/language es").text and session.language == "es"
    assert "English (/idioma en)" in session.handle("/idioma fr").text
    kiosk = kiosk_session(engines)
    kiosk.handle("¿Qué es 287(g)?")
    secret = PassphraseHash.of("a long passphrase", n=2**10)
    spanish = welcome_text(kiosk, KioskSettings(passphrase=secret, idle_timeout=60.0))
    assert "Privacidad: no se guarda nada" in spanish and "In English: type /language en" in spanish
    kiosk.start_over()
    assert kiosk.language == "en" and kiosk.last is None
    assert "Privacy: nothing you type is saved" in welcome_text(kiosk, KioskSettings(passphrase=secret, idle_timeout=60.0))


def test_a_language_setting_chooses_the_default_for_ask_chat_and_the_kiosk(isolated_home, tmp_path):
    from civicqa import locations
    from civicqa.repl.kiosk_config import load_config
    from civicqa.repl.session import ChatSession

    settings = locations.settings_path()
    settings.parent.mkdir(parents=True)
    settings.write_text('language = "es"\n', encoding="utf-8")
    assert locations.default_language() == "es"
    ambiguous = json.loads(runner.invoke(app, ["ask", "--json", "287g"]).stdout)
    assert ambiguous["language"] == "es"  # a question with no language of its own
    assert json.loads(runner.invoke(app, ["ask", "--json", "What is 287(g)?"]).stdout)["language"] == "en"
    engines = Multilingual(shipped_groups(), load_explainer, locations.default_language())
    assert ChatSession(engines).language == "es"
    settings.write_text("language = 3\n", encoding="utf-8")
    assert runner.invoke(app, ["ask", "What is 287(g)?"]).exit_code == 2
    kiosk = tmp_path / "kiosk.toml"
    kiosk.write_text('[kiosk]\nlanguage = "es"\n', encoding="utf-8")
    kiosk.chmod(0o600)
    assert load_config(kiosk).language == "es"


def test_a_question_with_no_language_of_its_own_keeps_the_sessions(isolated_home):
    """After /idioma es, "ICE" is answered in Spanish; --lang and the setting take "ES" or "es-MX";
    a setting that names no language of the packs is reported, not silently ignored."""
    from civicqa import locations
    from civicqa.repl.session import ChatSession

    session = ChatSession(Multilingual(shipped_groups(), load_explainer))
    session.handle("/idioma es")
    assert session.handle("ICE").answer.language == "es" and session.language == "es"
    assert json.loads(runner.invoke(app, ["ask", "--json", "--lang", "ES", "ICE"]).stdout)["language"] == "es"
    settings = locations.settings_path()
    settings.parent.mkdir(parents=True)
    settings.write_text('language = "ES-mx"\n', encoding="utf-8")
    assert locations.default_language() == "es"
    settings.write_text('language = "xx"\n', encoding="utf-8")
    result = runner.invoke(app, ["ask", "ICE"])
    assert result.exit_code == 0 and "names no language of the packs in use (en, es)" in result.stderr
