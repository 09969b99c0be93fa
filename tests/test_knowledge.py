"""`load_pack` / `civicqa check`: every problem reported with file, line and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicqa.errors import PackError
from civicqa.knowledge import PartialDate, load_pack, load_packs, shipped_packs
from civicqa.messages import English

GOOD = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")


def problems_in(tmp_path: Path, text: str | bytes) -> list:
    path = tmp_path / "pack.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(path)
    for problem in caught.value.problems:
        assert problem.path == str(path)
        assert problem.fix, "every problem says what to fix"
    return caught.value.problems


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = text.splitlines()
    hits = [i + 1 for i, line in enumerate(lines) if needle in line]
    return hits[occurrence - 1]


def test_the_mini_pack_is_valid(mini_pack):
    pack = load_pack(mini_pack)
    assert pack.id == "mini"
    assert len(pack.entries) == 6 and len(pack.sources) == 2
    assert pack.entries[-1].as_of == PartialDate(2021, 6)
    source = pack.sources["N2"]
    assert English.dated(source.date, source.date_approximate) == "about June 2021"


def test_duplicate_entry_id(tmp_path):
    text = GOOD.replace('id = "vote"', 'id = "plan"')
    [problem] = problems_in(tmp_path, text)
    assert "duplicate entry id 'plan'" in problem.message
    assert problem.line == line_of(text, 'id = "plan"', 2)


def test_duplicate_source_id(tmp_path):
    text = GOOD.replace('id = "N2"', 'id = "N1"')
    problems = problems_in(tmp_path, text)
    assert any("duplicate source id 'N1'" in p.message and p.line == line_of(text, 'id = "N1"', 2)
               for p in problems)


def test_unknown_source_id_suggests_the_close_one(tmp_path):
    text = GOOD.replace('source = "N2"', 'source = "N3"')
    [problem] = problems_in(tmp_path, text)
    assert "unknown source id 'N3'" in problem.message
    assert "Did you mean 'N1'" in problem.fix or "Did you mean 'N2'" in problem.fix
    assert problem.line == line_of(text, 'source = "N3"')


def test_missing_field(tmp_path):
    text = GOOD.replace('locator = "paragraph 4"\n', "")
    [problem] = problems_in(tmp_path, text)
    assert "missing `locator`" in problem.message
    assert problem.line == line_of(text, 'id = "vote"') - 1  # the [[entries]] header of that block


def test_empty_text(tmp_path):
    text = GOOD.replace('text = "The city had 12 miles of bike lanes."', 'text = "   "')
    [problem] = problems_in(tmp_path, text)
    assert "`text` is empty" in problem.message
    assert problem.line == line_of(text, 'text = "   "')


def test_bad_date(tmp_path):
    text = GOOD.replace('date = "2021-05-03"', 'date = "2021-13-40"')
    [problem] = problems_in(tmp_path, text)
    assert "`date` is not a date" in problem.message and "YYYY-MM-DD" in problem.fix
    assert problem.line == line_of(text, "2021-13-40")


def test_wrong_type(tmp_path):
    text = GOOD.replace('aliases = ["Stone"]', 'aliases = "Stone"').replace(
        'date_approximate = true', 'date_approximate = "yes"')
    problems = problems_in(tmp_path, text)
    messages = {p.message: p.line for p in problems}
    assert messages["`aliases` should be a list of text"] == line_of(text, 'aliases = "Stone"')
    assert messages["`date_approximate` should be true or false, not text"] == line_of(text, '"yes"')


def test_unknown_key_suggests_the_right_one(tmp_path):
    text = GOOD.replace('locator = "page 3"', 'locater = "page 3"')
    problems = problems_in(tmp_path, text)
    unknown = next(p for p in problems if "unknown key `locater`" in p.message)
    assert "locator" in unknown.fix and unknown.line == line_of(text, "locater")


def test_syntax_error_has_its_line(tmp_path):
    text = GOOD.replace('title = "Ada Stone"', 'title = "Ada Stone')
    [problem] = problems_in(tmp_path, text)
    assert problem.message.startswith("TOML syntax error")
    assert problem.line == line_of(text, 'title = "Ada Stone')


def test_missing_file(tmp_path):
    with pytest.raises(PackError) as caught:
        load_pack(tmp_path / "nope.toml")
    assert "no such file" in caught.value.problems[0].message


def test_non_utf8_bytes_are_reported_by_line(tmp_path):
    raw = GOOD.encode("utf-8").replace(b"Ada Stone is", b"Ada St\xf6ne is")
    [problem] = problems_in(tmp_path, raw)
    assert "not UTF-8" in problem.message
    assert problem.line == line_of(GOOD, "Ada Stone is a council member")


def test_unknown_related_id(tmp_path):
    text = GOOD.replace('related = ["plan"]', 'related = ["plans"]')
    [problem] = problems_in(tmp_path, text)
    assert "'plans'" in problem.message and problem.line == line_of(text, "related =")


def test_disagrees_is_read_and_its_ids_are_checked(tmp_path):
    text = GOOD.replace('related = ["plan"]', 'disagrees = ["plan"]')
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    [entry] = [e for e in load_pack(path).entries if e.disagrees]
    assert entry.disagrees == ("plan",) and entry.related == ()
    [problem] = problems_in(tmp_path, text.replace('disagrees = ["plan"]', 'disagrees = ["plans"]'))
    assert "`disagrees` names 'plans'" in problem.message and problem.line == line_of(text, "disagrees =")


def test_all_planted_problems_are_reported_in_one_run(tmp_path):
    text = (GOOD.replace('id = "vote"', 'id = "plan"')
            .replace('source = "N2"', 'source = "N9"')
            .replace('date = "2021-05-03"', 'date = "May third"')
            .replace('text = "The city had 12 miles of bike lanes."', 'text = ""')
            .replace('locator = "paragraph 3"\n', ""))
    problems = problems_in(tmp_path, text)
    assert len(problems) == 5
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_shipped_packs_load():
    assert shipped_packs(), "civicqa ships at least one pack"
    for pack in load_packs():
        assert pack.entries
