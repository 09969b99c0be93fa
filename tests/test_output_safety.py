"""Nothing from a pack, a question or a file path reaches a terminal raw: escape sequences,
C0 and C1 controls and bidi controls are shown as visible escapes in text and as \\uXXXX in
JSON, in every command that prints pack data. And URLs are never split across lines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civicqa import render
from civicqa.answer import Explainer
from civicqa.cli import app
from civicqa.knowledge import load_pack, shipped_packs

# What a terminal acts on: ESC, other C0 controls but tab and newline, DEL, C1, bidi controls.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
# Written as TOML escapes: OSC 52 (clipboard), CSI clear screen, 8-bit CSI and OSC, bidi
# override and isolate, line separator, BEL, a lone carriage return, DEL.
PLANT = ("\\u001b]52;c;SGVsbG8=\\u0007\\u001b[2J\\u009b31m\\u009d0;t\\u009c\\u202e\\u2066\\u2028"
         "\\u0007\\r\\u007f")
PAYLOAD = json.loads(f'"{PLANT}"')  # the same characters, as Python sees them
P = PLANT

# Every text field a pack has, each with the payload in it. Ids cannot hold it (check refuses
# them), so ids are planted on the loaded objects below.
EVIL_PACK = f'''
[pack]
id = "evil"
title = "Evil {P} pack"
topic = "the zorbl plan {P}"
topic_terms = ["zorbl plan {P}"]
language = "en{P}"
description = "About {P} the plan."
examples = ["What is the zorbl plan? {P}", "When was the vote? {P}"]

[vocabulary]
synonyms = [["plan", "scheme{P}"], ["vote", "ballot{P}"]]

[[sources]]
id = "S01"
title = "Title {P} one"
publisher = "Publisher {P} one"
url = "https://example.org/one{P}"
date = "2010"
note = "Note {P}"

[[sources]]
id = "S02"
title = "Title {P} two"
publisher = "Publisher {P} two"
url = "https://example.org/two{P}"
date = "2011-02"
date_approximate = true
seen_as = "repost"

[[entries]]
id = "zorbl"
title = "What the zorbl plan is {P}"
kind = "definition"
topic = "Plans {P}"
text = "The zorbl plan is a city plan for {P} new roads. The zorbl plan started in 2010."
source = "S01"
locator = "page {P} 1"
aliases = ["zorbl{P}"]
keywords = ["roads {P}"]
questions = ["What is the zorbl plan? {P}"]
date = "2010-05"
related = ["zorbl-vote"]

[[entries]]
id = "zorbl-vote"
title = "The vote {P} on the zorbl plan"
kind = "position"
stance = "opposed"
topic = "Votes {P}"
text = "Ada Stone {P} opposed the zorbl plan in the council vote. The council vote was in 2011."
source = "S02"
locator = "paragraph {P} 2"
questions = ["Who opposed the zorbl plan? {P}"]
as_of = "2011"
date = "2011-02-03"
'''

QUESTIONS = ["What is the zorbl plan?", "Who opposed the zorbl plan?", "Who won the Super Bowl?",
             f"What is the zorbl {PAYLOAD} plan?"]


@pytest.fixture
def evil(tmp_path) -> Path:
    path = tmp_path / "evil.toml"
    path.write_text(EVIL_PACK, encoding="utf-8")
    return path


def run(*args: str, input: str | None = None):
    result = CliRunner().invoke(app, list(args), input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def assert_safe(text: str, where: str) -> None:
    found = RAW.search(text)
    assert not found, f"{where}: raw {found.group(0)!r} in {text[max(0, found.start() - 40):found.end() + 40]!r}"


def strings_in(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    return [text for value in values for text in strings_in(value)]


def commands(pack: Path) -> list[tuple[list[str], str | None]]:
    k = ["-k", str(pack)]
    out: list[tuple[list[str], str | None]] = [(["check", str(pack)], None)]
    for command in ("sources", "topics", "timeline"):
        out += [([command, *k], None), ([command, "--json", *k], None)]
    for question in QUESTIONS:
        out += [(["ask", *k, question], None), (["ask", "--explain", *k, question], None),
                (["ask", "--json", *k, question], None), (["ask", "--json", "--explain", *k, question], None)]
    chat_input = "\n".join(["/sources", "/topics", *QUESTIONS, "/explain", "/help"]) + "\n"
    out += [(["chat", *k], chat_input), (["chat", "--json", *k], "\n".join(QUESTIONS) + "\n")]
    return out


def test_the_evil_pack_is_valid_and_its_text_survives(evil):
    pack = load_pack(evil)
    assert PAYLOAD in pack.title and PAYLOAD in pack.sources["S01"].url
    assert PAYLOAD in pack.entries[1].locator
    assert "\x1b]52;c;SGVsbG8=\x07" in pack.entries[0].text and "\u202e" in pack.entries[0].text


def test_no_command_prints_a_planted_field_raw(evil):
    for args, input in commands(evil):
        result = run(*args, input=input)
        assert_safe(result.stdout, " ".join(args))
        assert_safe(result.stderr, " ".join(args) + " (stderr)")
    # Not a vacuous pass: the planted text is printed, escaped.
    listing = run("sources", "-k", str(evil)).stdout
    assert "\\x1b]52;c;SGVsbG8=\\x07" in listing and "\\x9b31m" in listing and "\\u202e" in listing
    answer = run("ask", "-k", str(evil), "What is the zorbl plan?").stdout
    assert "Sources:" in answer and "\\x1b[2J" in answer


def test_json_escapes_what_a_terminal_acts_on_and_keeps_the_text(evil):
    for command in ("sources", "topics", "timeline"):
        result = run(command, "--json", "-k", str(evil))
        assert_safe(result.stdout, command)
        assert any(PAYLOAD in text for text in strings_in(json.loads(result.stdout))), command
    data = json.loads(run("ask", "--json", "-k", str(evil), QUESTIONS[3]).stdout)
    assert "\x1b]52;c;SGVsbG8=\x07" in data["question"] and "\u202e" in data["question"]  # decoded back
    assert data["citations"]
    assert any(PAYLOAD in c["source"]["url"] for c in data["citations"])


def test_json_keeps_other_non_ascii_readable(mini_pack):
    question = "What is the bike lane plan? \u202e\u2067 \u009b31m “café” ñ"
    result = run("ask", "--json", "-k", str(mini_pack), question)
    assert_safe(result.stdout, "ask --json")
    assert "\\u202e" in result.stdout and "\\u2067" in result.stdout and "\\u009b" in result.stdout
    assert "“café” ñ" in result.stdout  # still readable, not \u00e9
    assert json.loads(result.stdout)["question"] == question
    assert render.dumps({"a": "\x85\u2028\u2029\x7f"}) == '{"a": "\\u0085\\u2028\\u2029\\u007f"}'


def planted_ids(path: Path):
    """The evil pack with the payload in every id too, as if validation had let it through."""
    pack = load_pack(path)
    evil_id = "id" + PAYLOAD
    sources = {k: s._replace(id=evil_id + k) for k, s in pack.sources.items()}
    entries = [e._replace(id=evil_id + e.id, pack=evil_id, source=sources[e.source.id],
                          related=tuple(evil_id + r for r in e.related))
               for e in pack.entries]
    return pack._replace(id=evil_id, sources=sources, entries=entries)


@pytest.mark.parametrize("width", [80, 40])
def test_render_sanitizes_every_field_even_ids(evil, width):
    pack = planted_ids(evil)
    for listing in (render.sources_text, render.topics_text, render.timeline_text):
        assert_safe(listing([pack], width), listing.__name__)
    assert "\\x1b]52" in render.sources_text([pack], width)  # the source id is shown, escaped
    explainer = Explainer([pack])
    for question in QUESTIONS:
        answer = explainer.ask(question)
        for color in (False, True):
            text = render.answer_text(answer, width, color)
            assert_safe(text.replace(render.BOLD, "").replace(render.DIM, "").replace(render.RESET, ""),
                        f"answer_text {question!r}")
        assert_safe(render.explain_text(answer, width), f"explain_text {question!r}")
        assert_safe(render.dumps(render.answer_json(answer), pretty=True), "answer_json")
    for data in (render.topics_json([pack]), render.timeline_json([pack]),
                 [render.source_json(s) for s in pack.sources.values()]):
        assert_safe(render.dumps(data), "json")


# -- URLs stay whole ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 40])
def test_sources_never_split_a_url(width):
    packs = [load_pack(p) for p in shipped_packs()]
    lines = render.sources_text(packs, width).splitlines()
    for pack in packs:
        for source in pack.sources.values():
            assert any(source.url in line for line in lines), f"{source.url} is split at width {width}"
    assert all(len(line) <= width or "://" in line for line in lines)


def test_the_sources_command_keeps_every_url_whole():
    stdout = run("sources").stdout
    for pack in (load_pack(p) for p in shipped_packs()):
        for source in pack.sources.values():
            assert f"      {source.url}\n" in stdout


def test_timeline_and_wrap_keep_a_long_url_whole(mini_pack):
    url = "https://example.org/reports/2021/bike-lanes/final-version-with-appendices.pdf"
    pack = load_pack(mini_pack)
    pack = pack._replace(entries=[e._replace(text=f"The plan is described at {url} in full. " + e.text)
                                  for e in pack.entries])
    for width in (80, 40):
        lines = render.timeline_text([pack], width).splitlines()
        assert any(line.strip() == url for line in lines), f"width {width}"
    # A long word that is not a URL is still broken to fit, as before.
    assert all(len(line) <= 20 for line in render.wrap("x" * 50 + " word", 20).splitlines())
    assert render.wrap(f"see {url} now", 30).splitlines() == ["see", url, "now"]


def test_a_text_taken_as_printable_holds_nothing_to_escape():
    """sanitize and render.dumps skip their patterns for a text str.isprintable accepts (tabs and
    newlines aside): no character the patterns escape may pass that check."""
    from civicqa.errors import UNSAFE_CHARACTERS, printable

    unsafe = re.compile(UNSAFE_CHARACTERS)
    for point in range(0x3000):
        character = chr(point)
        if unsafe.match(character) or character == "\x1b":
            assert not printable(f"a{character}b"), hex(point)
    assert printable("Tab\tand newline\n¿Qué es “287(g)”?")
