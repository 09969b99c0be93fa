"""Pack authoring: [[tests]] blocks, `civicqa test`, `check` warnings and `civicqa show`."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civicqa import lint, packtest
from civicqa.answer import Explainer
from civicqa.cli import app
from civicqa.errors import PackError
from civicqa.knowledge import load_pack, load_packs, shipped_packs
from civicqa.status import ExitStatus

runner = CliRunner()
DATA = Path(__file__).parent / "data"


def run(*args: str):
    return runner.invoke(app, list(args))


def write(tmp_path: Path, extra: str = "", entries: str = "") -> Path:
    """The mini pack with more entries and blocks appended."""
    path = tmp_path / "pack.toml"
    path.write_text((DATA / "mini.toml").read_text(encoding="utf-8") + entries + extra, encoding="utf-8")
    return path


TESTS = '''
[[tests]]
question = "How many parking spaces would the plan remove?"
expect = ["40"]
entry = "plan"

[[tests]]
chain = ["Who is Ada Stone?", "What did she say about the lanes?"]
expect = ["safer"]

[[tests]]
question = "What is the price of tea in Portland?"
decline = true
'''


def test_tests_blocks_are_read_with_their_lines(tmp_path):
    pack = load_pack(write(tmp_path, TESTS))
    assert [t.questions for t in pack.tests] == [
        ("How many parking spaces would the plan remove?",),
        ("Who is Ada Stone?", "What did she say about the lanes?"),
        ("What is the price of tea in Portland?",)]
    assert pack.tests[0].entry == "plan" and pack.tests[2].decline
    text = (tmp_path / "pack.toml").read_text(encoding="utf-8").splitlines()
    assert text[pack.tests[1].line - 1] == "[[tests]]" and "chain" in text[pack.tests[1].line]


@pytest.mark.parametrize("block, message", [
    ('[[tests]]\nquestion = "a?"\nchain = ["b?"]\n', "needs `question` or `chain`"),
    ('[[tests]]\nexpect = ["x"]\n', "needs `question` or `chain`"),
    ('[[tests]]\nquestion = "a?"\nentry = "plam"\n', "not an entry id"),
    ('[[tests]]\nquestion = "a?"\ndecline = true\nentry = "plan"\n', "cannot also expect"),
    ('[[tests]]\nquestoin = "a?"\n', "unknown key"),
    ('[[tests]]\nchain = []\n', "empty question"),
    ('[[tests]]\nquestion = " "\n', "empty question"),
    ('[[tests]]\nchain = ["Who?", ""]\n', "empty question"),
])
def test_a_bad_tests_block_is_a_problem_with_its_line(tmp_path, block, message):
    with pytest.raises(PackError) as caught:
        load_pack(write(tmp_path, "\n" + block))
    assert any(message in p.message for p in caught.value.problems)
    if "plam" in block:
        assert any("Did you mean 'plan'" in p.fix for p in caught.value.problems)


def test_every_entry_question_and_test_is_asked(tmp_path):
    results = packtest.run(Explainer(load_packs([write(tmp_path, TESTS)])))
    tests = [r for r in results if r.origin == "tests"]
    assert [r.passed for r in tests] == [True, True, True]
    entry_questions = [r for r in results if r.origin.startswith("entry ")]
    assert len(entry_questions) == sum(len(e.questions) for e in load_pack(DATA / "mini.toml").entries)


def test_a_question_answered_from_another_entry_says_which_and_how_to_fix_it(tmp_path):
    """An entry lists a question another entry answers better: the failure names the winner,
    both scores and matched words, and a fix."""
    stray = '''
[[entries]]
id = "parking"
title = "Parking on Main Street"
text = "Main Street has 120 parking spaces, the city report counted."
source = "N2"
locator = "page 3"
questions = ["What is the bike lane plan?"]
'''
    results = packtest.run(Explainer(load_packs([write(tmp_path, entries=stray)])))
    failed = [r for r in results if not r.passed]
    assert [r.origin for r in failed] == ["entry parking"]
    result = failed[0]
    assert result.instead.entry == "plan" and result.expected.entry == "parking"
    assert result.instead.score > result.expected.score and "bike lane plan" in " ".join(result.instead.matched)
    assert "parking never says" in result.fix and "keywords" in result.fix


def test_a_test_that_must_decline_fails_when_answered(tmp_path):
    answered = '\n[[tests]]\nquestion = "Who opposed the bike lanes?"\ndecline = true\n'
    [result] = [r for r in packtest.run(Explainer(load_packs([write(tmp_path, answered)]))) if r.origin == "tests"]
    assert not result.passed and "must be declined" in result.problem and result.instead is not None


def test_the_test_command_exit_status_and_json(tmp_path):
    good = run("test", str(write(tmp_path, TESTS)))
    assert good.exit_code == ExitStatus.OK and "tests pass (100%)" in good.stdout
    failing = write(tmp_path, '\n[[tests]]\nquestion = "How many parking spaces?"\nexpect = ["41"]\n')
    bad = run("test", "--json", str(failing))
    assert bad.exit_code == ExitStatus.NO_ANSWER
    data = json.loads(bad.stdout)
    assert data["failed"] == 1 and data["tests"][-1]["missing"] == ["41"]
    broken = tmp_path / "broken.toml"
    broken.write_text("[pack]\nid = 'x'\n", encoding="utf-8")
    assert run("test", str(broken)).exit_code == ExitStatus.ERROR


def test_the_shipped_pack_is_tested_fast_enough_to_run_after_every_edit():
    started = time.perf_counter()
    results = packtest.run(Explainer(load_packs(shipped_packs())))
    # bench/packtest_speed.py measures it (about 2 s for the whole command); this only catches a
    # gross slowdown on a slow test machine.
    assert len(results) > 300 and time.perf_counter() - started < 10


WARNED = '''
[[sources]]
id = "N3"
title = "A page"
publisher = "City of Exampleville"
url = "example.org/page"
date = "2021"

[[entries]]
id = "long"
title = "The lane budget"
text = "The lane budget is 2 million dollars. It comes from a grant. The grant is federal. The city adds 5 percent. The council voted in May. The mayor signed in June."
source = "N3"
locator = "N3, paragraph 4"
stance = "supported"
questions = ["What is the bike lane plan?"]

[[entries]]
id = "quote"
title = "Mayor Lee on the lanes"
text = 'Mayor Lee said: "We will paint them. Then we will see." Mayor Lee spoke in May.'
source = "N1"
locator = "paragraph 7"

[[entries]]
id = "elsewhere"
title = "Harbor ferry"
text = "The boat leaves twice a day."
source = "N1"
locator = "paragraph 8"

[[entries]]
id = "unclosed"
title = "Harbor ferry fares"
text = 'The Harbor ferry board said: "Fares rise in June. The board meets in July.'
source = "N1"
locator = "paragraph 9"
'''


def test_check_warns_on_every_rule_the_docs_state(tmp_path):
    pack = load_pack(write(tmp_path, entries=WARNED))
    found = " | ".join(w.message for w in lint.warnings(pack))
    assert "has no scheme" in found
    assert "long's text has 6 sentences" in found
    assert "opens with 'It'" in found
    assert "names the source id N3" in found
    assert "stance 'supported' but is a fact" in found
    assert "which entry plan lists too" in found
    assert "quote that runs across sentences" in found and found.count("runs across") == 1
    assert "unclosed opens a quote it never closes" in found and found.count("never closes") == 1
    assert "elsewhere's text never names" in found
    assert "quote's text never names" not in found  # "Lee" is in the text
    lines = (tmp_path / "pack.toml").read_text(encoding="utf-8").splitlines()
    [scheme] = [w for w in lint.warnings(pack) if "scheme" in w.message]
    assert lines[scheme.line - 1].startswith("url")


def test_check_shows_warnings_after_ok_and_fails_on_them_only_when_strict(tmp_path):
    path = write(tmp_path, entries=WARNED)
    plain = run("check", str(path))
    assert plain.exit_code == ExitStatus.OK
    ok, _, rest = plain.stdout.partition("\n")
    assert "OK" in ok and "warning: " in rest and "--strict" in rest
    strict = run("check", "--strict", "--json", str(path))
    assert strict.exit_code == ExitStatus.ERROR
    data = json.loads(strict.stdout)
    assert data["ok"] is False and data["problems"] == []
    assert all({"path", "line", "message", "fix"} <= set(w) for w in data["warnings"])
    clean = tmp_path / "clean.toml"
    clean.write_text((DATA / "mini.toml").read_text(encoding="utf-8").replace(
        'examples = [', 'examples = ["When will the council vote?", '), encoding="utf-8")
    assert run("check", "--strict", str(clean)).exit_code == ExitStatus.OK, run("check", str(clean)).stdout


def test_check_json_lists_errors_with_their_lines(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[pack]\nid = 'x'\n", encoding="utf-8")
    result = run("check", "--json", str(broken))
    assert result.exit_code == ExitStatus.ERROR
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["problems"] and all(p["severity"] == "error" for p in data["problems"])


def test_show_previews_an_entry_as_quoted_with_its_citation_and_questions():
    result = run("show", "plan", "-k", str(DATA / "mini.toml"))
    assert result.exit_code == ExitStatus.OK
    assert "The plan would remove 40 parking spaces. [1]" in result.stdout
    assert "[1] Exampleville Gazette" in result.stdout and "https://example.org/bike-lanes" in result.stdout
    assert "\u201cWhat is the bike lane plan?\u201d" in result.stdout
    missing = run("show", "plna", "-k", str(DATA / "mini.toml"))
    assert missing.exit_code == ExitStatus.ERROR and "Did you mean plan" in missing.stderr


@pytest.mark.parametrize("good, bad, words, example", [
    ('url = "https://example.org/report"', "url = https://example.org/report", "not in quotes",
     'url = "https://example.org/report"'),
    ('locator = "paragraph 2"', 'locator "paragraph 2"', "no `=`", 'locator = "paragraph 2"'),
    ('kind = "person"', 'kind = "person"\nkind = "fact"', "given twice", "Keep one"),
    ('aliases = ["Stone"]', 'aliases = ["Stone"', "never closed with ]", "questions = ["),
    ('locator = "paragraph 2"', 'locator = "paragraph 2', "not closed before the end of the line", '"""'),
])
def test_a_syntax_error_is_told_in_plain_words_with_an_example(tmp_path, good, bad, words, example):
    text = (DATA / "mini.toml").read_text(encoding="utf-8")
    assert good in text
    path = tmp_path / "pack.toml"
    path.write_text(text.replace(good, bad, 1), encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(path)
    [problem] = [p for p in caught.value.problems if p.message.startswith("TOML syntax error")]
    assert words in problem.message and example in problem.fix
    assert problem.line == text.replace(good, bad, 1).splitlines().index(bad.splitlines()[-1 if "twice" in words else 0]) + 1


def test_after_a_syntax_error_the_rest_of_the_file_is_still_checked(tmp_path):
    """Two syntax errors in two blocks and a bad kind in a third: all three, each at its line,
    and nothing about the blocks set aside (an entry citing a source whose block broke)."""
    text = (DATA / "mini.toml").read_text(encoding="utf-8")
    broken = (text.replace('title = "Council weighs bike lanes"', "title = Council weighs bike lanes")
              .replace('locator = "paragraph 1"', 'locator "paragraph 1"', 1)
              .replace('kind = "position"\nstance = "opposed"', 'kind = "positon"\nstance = "opposed"'))
    path = tmp_path / "pack.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(path)
    lines = broken.splitlines()
    found = [(p.line, p.message.split(":")[0]) for p in caught.value.problems]
    assert found == [(lines.index("title = Council weighs bike lanes") + 1, "TOML syntax error"),
                     (lines.index('locator "paragraph 1"') + 1, "TOML syntax error"),
                     (lines.index('kind = "positon"') + 1, "`kind` is 'positon', which is not one of definition, person, "
                      "organization, event, fact, position, overview")]


ARTICLE = """Council backs Elm Street lanes

By A. Reporter

The Exampleville City Council voted 5 to 2 on March 4, 2024 to add protected bike lanes to a mile of Elm Street.

"Customers will have nowhere to park," said shop owner Dana Ruiz, who spoke against the plan at the meeting.

Council member Ada Stone said the lanes would be painted in June 2024, after the school year ends.
"""


def test_new_starts_a_draft_pack_that_checks_and_never_overwrites(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    pack = tmp_path / "elm-lanes.toml"
    args = ["new", str(pack), "--from", str(article), "--title", "Council backs Elm Street lanes",
            "--publisher", "Exampleville Gazette", "--url", "https://example.org/elm", "--date", "2024-03-05"]
    made = run(*args)
    assert made.exit_code == ExitStatus.OK, made.stderr
    loaded = load_pack(pack)
    assert loaded.id == "elm-lanes" and loaded.sources["S01"].publisher == "Exampleville Gazette"
    assert all(e.draft for e in loaded.entries)
    paragraphs = [e for e in loaded.entries if e.kind != "person"]  # headline and byline left out
    assert [e.locator for e in paragraphs] == ["paragraph 1", "paragraph 2", "paragraph 3"]
    assert str(paragraphs[0].date) == "March 4, 2024" and str(paragraphs[2].date) == "June 2024"  # proposed
    [person] = [e for e in loaded.entries if e.kind == "person"]
    assert person.title == "Dana Ruiz" and "Dana Ruiz said: \u201cCustomers will have nowhere to park.\u201d" == person.text
    checked = run("check", str(pack))
    assert checked.exit_code == ExitStatus.OK and "is a draft" in checked.stdout
    assert run("check", "--strict", str(pack)).exit_code == ExitStatus.ERROR
    before = pack.read_bytes()
    again = run(*args)
    assert again.exit_code == ExitStatus.ERROR and "never overwrites" in again.stderr and pack.read_bytes() == before


@pytest.mark.parametrize("content, words", [(b"\x00\x01binary", "not an article's plain text"),
                                            (b"short\n", "no paragraph")])
def test_new_refuses_what_is_not_an_article(tmp_path, content, words):
    article = tmp_path / "a.txt"
    article.write_bytes(content)
    result = run("new", str(tmp_path / "p.toml"), "--from", str(article), "--title", "t", "--publisher", "p",
                 "--url", "https://e.org", "--date", "2024")
    assert result.exit_code == ExitStatus.ERROR and words in result.stderr and not (tmp_path / "p.toml").exists()
    bad_date = run("new", str(tmp_path / "p.toml"), "--from", str(DATA / "mini.toml"), "--title", "t",
                   "--publisher", "p", "--url", "https://e.org", "--date", "March 2024")
    assert bad_date.exit_code == ExitStatus.ERROR and "YYYY-MM-DD" in bad_date.stderr


SOURCES_MORE = '''
[[sources]]
id = "N3"
title = "Bike lane page"
publisher = "City of Exampleville"
url = "https://example.org/lanes-page"
snapshots = ["2024-06-01", "2024-01-05"]

[[entries]]
id = "lanes-blocks"
title = "How many blocks the lanes cover"
text = "The protected bike lanes would cover 12 blocks of Main Street."
source = "N1"
locator = "paragraph 6"
also = [{ source = "N3", locator = "section 2" }]
questions = ["How many blocks would the lanes cover?"]
'''


def test_an_entry_may_cite_several_sources_and_a_source_may_be_undated(tmp_path):
    pack = load_pack(write(tmp_path, SOURCES_MORE))
    page = pack.sources["N3"]
    assert page.date is None and [str(d) for d in page.snapshots] == ["January 5, 2024", "June 1, 2024"]
    [entry] = [e for e in pack.entries if e.id == "lanes-blocks"]
    assert entry.also == ((page, "section 2"),)
    answered = run("ask", "-k", str(tmp_path / "pack.toml"), "How many blocks would the lanes cover?")
    sources = answered.stdout.partition("Sources:")[2]
    assert "paragraph 6." in sources and "also: City of Exampleville" in sources
    assert "undated, read January 5, 2024 and June 1, 2024, section 2." in " ".join(sources.split())
    data = json.loads(run("ask", "--json", "-k", str(tmp_path / "pack.toml"),
                          "How many blocks would the lanes cover?").stdout)
    [also] = data["citations"][0]["also"]
    assert also["id"] == "N3" and also["date"] is None and also["locator"] == "section 2"
    assert also["snapshots"] == ["2024-01-05", "2024-06-01"]


@pytest.mark.parametrize("also, words", [
    ('also = [{ source = "N9", locator = "p. 1" }]', "not a source id"),
    ('also = [{ source = "N2" }]', "needs exactly `source` and `locator`"),
    ('also = "N2"', "should be a list"),
])
def test_a_bad_also_is_a_problem(tmp_path, also, words):
    with pytest.raises(PackError) as caught:
        load_pack(write(tmp_path, SOURCES_MORE.replace('also = [{ source = "N3", locator = "section 2" }]', also)))
    assert any(words in p.message for p in caught.value.problems)


def test_check_warns_about_too_few_examples_and_synonyms_that_read_the_same(tmp_path):
    text = (DATA / "mini.toml").read_text(encoding="utf-8").replace(
        '["bike", "bicycle"],', '["bike", "bicycle"],\n  ["yes on lanes", "for the lanes"],\n  ["no on lanes"],')
    path = tmp_path / "pack.toml"
    path.write_text(text.replace('examples = ["What is the bike lane plan?", "Who opposed the bike lanes?"]\n', ""),
                    encoding="utf-8")
    found = " | ".join(w.message for w in lint.warnings(load_pack(path)))
    assert "the pack has no example questions; the docs ask for 3 to 8" in found
    assert "'yes on lanes' and 'no on lanes' read the same" not in found  # one-word groups are dropped by the format
    path.write_text(text.replace('["no on lanes"],', '["no on lanes", "against the lanes"],'), encoding="utf-8")
    found = " | ".join(w.message for w in lint.warnings(load_pack(path)))
    assert "the pack has 2 example questions" in found
    assert "'yes on lanes' and 'no on lanes' read the same to civicqa ('lane')" in found


def test_check_warns_about_a_synonym_that_is_only_a_question_word(tmp_path):
    """A group holding "why" would be searched in every why-question (the librarian writing
    fortcollins-broadband found it so), and so would one holding "por qué" in a Spanish pack;
    a phrase with a word of its own ("how much", "how many votes") is read only whole, and
    "per year" asks nothing."""
    text = (DATA / "mini.toml").read_text(encoding="utf-8")
    path = tmp_path / "pack.toml"
    path.write_text(text.replace('["bike", "bicycle"],', '["bike", "bicycle"],\n  ["why", "reason"],\n  ["how much", "cost"],\n  ["per year", "how many votes"],'),
                    encoding="utf-8")
    found = " | ".join(w.message for w in lint.warnings(load_pack(path)))
    assert "the synonym 'why' is only a question word" in found and "'how much'" not in found
    assert "'per year'" not in found and "'how many votes'" not in found and "'reason'" not in found
    spanish = tmp_path / "es.toml"
    spanish.write_text(text.replace('language = "en"', 'language = "es"').replace(
        '["bike", "bicycle"],', '["bike", "bicycle"],\n  ["por qué", "razón"],\n  ["qué pasó", "resultado"],'), encoding="utf-8")
    found = " | ".join(w.message for w in lint.warnings(load_pack(spanish)))
    assert "'por qué' is only a question word" in found and "'qué pasó'" not in found


def test_check_warns_about_a_side_phrase_that_keeps_only_the_topic(tmp_path):
    """"yes on the lanes" in the group of "supported" is read as "lane" once "yes", "on" and
    "the" are dropped: every question about the lanes would ask for a side. "in favor" keeps a
    word of its own, and a group that is no side's is not read for sides."""
    text = (DATA / "mini.toml").read_text(encoding="utf-8")
    path = tmp_path / "pack.toml"
    path.write_text(text.replace('["bike", "bicycle"],', '["bike", "bicycle"],\n  ["supported", "in favor", "yes on the lanes"],\n  ["paint", "on the lanes"],'),
                    encoding="utf-8")
    found = " | ".join(w.message for w in lint.warnings(load_pack(path)))
    assert "the synonym 'yes on the lanes', in the group of who was for or against, is read as 'lane'" in found
    assert "'in favor', in the group" not in found and "'on the lanes', in the group" not in found


def test_a_question_read_as_who_was_for_or_against_says_so(tmp_path):
    """A position question whose answer lists the other side's entries explains why."""
    stray = '\n[[tests]]\nquestion = "Who opposed the bike lanes?"\nentry = "ada-stone-position"\n'
    [result] = [r for r in packtest.run(Explainer(load_packs([write(tmp_path, stray)]))) if r.origin == "tests"]
    assert not result.passed and "asking who was against" in result.problem


def test_new_credits_a_quote_given_to_a_surname_to_the_person_named_in_full():
    from civicqa import draft

    article = ("Carl Ewald, representing the residents' group, argued against the plan at the hearing.\n\n"
               '"The power plant only serves this one use," Ewald told the board on Thursday night.\n')
    known = draft.full_names(article)
    assert [draft.quoted_people(p, known) for p in draft.paragraphs(article)] == [
        [], [("Carl Ewald", "The power plant only serves this one use")]]



def test_a_syntax_error_at_the_end_or_near_a_bracket_line_inside_a_text(tmp_path):
    """An unclosed list on the last line gets that line; a line starting with [ inside a
    \"\"\" text is no block header, so the other blocks are still checked."""
    text = (DATA / "mini.toml").read_text(encoding="utf-8").rstrip("\n")
    path = tmp_path / "pack.toml"
    path.write_text(text + '\nkeywords = ["x", "y"\n', encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(path)
    [problem] = caught.value.problems
    assert "never closed with ]" in problem.message and problem.line == len(text.splitlines()) + 1
    broken = text.replace('The bike lane plan is a proposal', 'The bike lane plan is a proposal\n[Editor: see note]', 1)
    broken = broken.replace('locator = "paragraph 4"', 'locator "paragraph 4"', 1).replace('kind = "person"', 'kind = "persn"', 1)
    path.write_text(broken + "\n", encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(path)
    messages = [p.message for p in caught.value.problems]
    assert any("no `=`" in m for m in messages) and any("'persn'" in m for m in messages)
    assert not any("never closed" in m or "no entries" in m for m in messages)


def test_a_syntax_error_with_nesting_too_deep_is_reported_not_a_crash(tmp_path):
    text = (DATA / "mini.toml").read_text(encoding="utf-8").replace(
        'title = "Council weighs bike lanes"', "title = Council weighs bike lanes")
    path = tmp_path / "pack.toml"
    path.write_text(text + "\nkeywords = " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert "nested too deeply" in caught.value.problems[0].message


def test_new_writes_only_a_draft_check_accepts(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE.replace("March 4, 2024", "February 30, 2024") + "\nA line with a DEL \x7f character in it, long enough.\n",
                       encoding="utf-8")
    base = ["--from", str(article), "--publisher", "Exampleville Gazette", "--url", "https://example.org/elm"]
    made = run("new", str(tmp_path / "a.toml"), "--title", "Lanes", "--date", "2024-03-05", *base)
    assert made.exit_code == ExitStatus.OK, made.stderr
    pack = load_pack(tmp_path / "a.toml")
    assert pack.entries[0].date is None  # "February 30" is no date
    for args, words in ((["--title", "Lanes", "--date", "2024-02-31"], "is not a date"),
                        (["--title", "", "--date", "2024-03-05"], "--title is empty")):
        refused = run("new", str(tmp_path / "b.toml"), *args, *base)
        assert refused.exit_code == ExitStatus.ERROR and words in refused.stderr
        assert not (tmp_path / "b.toml").exists()


def test_the_schema_and_the_validator_agree_on_the_newer_keys(tmp_path):
    """[[tests]], `also`, `snapshots` and `draft` pass both; an empty chain fails both."""
    import tomllib

    from civicqa import pack_format

    jsonschema = pytest.importorskip("jsonschema")
    path = write(tmp_path, TESTS + SOURCES_MORE.replace('locator = "paragraph 6"', 'locator = "paragraph 6"\ndraft = true'))
    load_pack(path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))
    validator = jsonschema.Draft4Validator(pack_format.json_schema())
    assert validator.is_valid(data), list(validator.iter_errors(data))[:1]
    data["tests"][0] = {"chain": []}
    assert not validator.is_valid(data)
