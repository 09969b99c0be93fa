"""The shipped Willmar 287(g) pack: valid, fully cited, covering the story (issue 3)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from civicqa.answer import Explainer
from civicqa.cli import app
from civicqa.knowledge import load_packs
from quality_harness import quality

PEOPLE = [
    "Charly Leuze", "Steve Ahmann", "Bruce DeBlieck", "Ernesto Velez Bustos", "Greg Palmore",
    "Maria Diaz", "Jim Kulset", "Ron Christianson", "Les Heitke", "Frank Yanish", "Joe Gimse",
    "Eric Tollefson", "Errol Bluhm", "Ron Maurer", "Dan Hartog", "Jim Felt", "Eric Holien",
]
ORGANIZATIONS = [
    "Immigration and Customs Enforcement", "Department of Homeland Security", "Inspector General",
    "Department of Public Safety", "West Central Integration Collaborative", "Centro Campesino",
    "Kandiyohi County Sheriff", "Attorney General",
]
GLOSSARY = [
    "287(g)", "memorandum of agreement", "detainer", "deportation", "refugee",
    "jail enforcement", "task force", "warrant service officer", "Illegal Immigration Reform",
    "Immigration and Nationality Act",
]


@pytest.fixture(scope="module")
def pack():
    [willmar] = [p for p in load_packs() if p.id == "willmar-287g"]
    return willmar


@pytest.fixture(scope="module")
def explainer(pack):
    return Explainer([pack])


def test_every_source_is_cited_and_every_citation_is_registered(pack):
    cited = {e.source.id for e in pack.entries}
    assert cited == set(pack.sources), f"never cited: {set(pack.sources) - cited}"
    assert len(pack.sources) >= 45


def test_every_paragraph_of_the_seed_article_has_an_entry(pack):
    covered = set()
    for entry in pack.entries:
        if entry.source.id == "S01":
            for first, last in re.findall(r"(\d+)(?:\s*(?:-|–|to|and)\s*(\d+))?", entry.locator):
                covered.update(range(int(first), int(last or first) + 1))
    assert set(range(1, 33)) <= covered, f"paragraphs without an entry: {set(range(1, 33)) - covered}"


@pytest.mark.parametrize("name", PEOPLE)
def test_named_people_have_an_entry(pack, name):
    assert any(e.kind == "person" and name in e.title for e in pack.entries), name


@pytest.mark.parametrize("name", ORGANIZATIONS)
def test_organizations_have_an_entry(pack, name):
    assert any(e.kind == "organization" and (name.lower() in e.title.lower() or name.lower() in e.text.lower())
               for e in pack.entries), name


@pytest.mark.parametrize("term", GLOSSARY)
def test_glossary_terms_are_defined(pack, term):
    assert any(e.kind == "definition" and term.lower() in (e.title + " " + e.text).lower()
               for e in pack.entries), term


def test_changeable_facts_carry_an_as_of_date(pack):
    assert sum(1 for e in pack.entries if e.as_of) >= 5


def test_no_unverified_aggregator_is_cited(pack):
    assert not any("transparencycascade" in s.url or "picwink" in s.url for s in pack.sources.values())


def test_timeline_runs_from_1996_to_2026():
    result = CliRunner().invoke(app, ["timeline"])
    assert result.exit_code == 0
    years = [int(y) for y in re.findall(r"^(?:about )?(?:\w+ )?(?:\d+, )?(\d{4}):", result.stdout, re.M)]
    assert years[0] == 1996 and years[-1] == 2026 and years == sorted(years)


def test_is_willmar_part_of_287g_now_distinguishes_city_and_county(explainer):
    answer = explainer.ask("Is Willmar part of 287(g) now?")
    assert not answer.abstained
    assert "City of Willmar" in answer.text or "city" in answer.text.lower()
    assert "Kandiyohi County Sheriff" in answer.text
    assert re.search(r"20(25|26)", answer.text)


def test_recommendation_count_gives_both_figures_and_both_sources(explainer):
    answer = explainer.ask("How many recommendations did the inspector general make?")
    assert "23" in answer.text and "33" in answer.text
    assert {"S01", "S44"} <= {c.entry.source.id for c in answer.citations}


def test_who_opposed_names_opponents_with_citations(explainer):
    answer = explainer.ask("Who opposed it?")
    assert "Leuze" in answer.text and "profiling" in answer.text
    assert len(answer.citations) >= 2
    assert all(c.entry.stance == "opposed" for c in answer.citations)


def test_good_or_bad_gets_both_sides(explainer):
    answer = explainer.ask("Is 287(g) good or bad?")
    assert not answer.abstained
    assert "Ahmann" in answer.text and "Leuze" in answer.text


def test_sources_and_topics_commands_list_the_pack():
    runner = CliRunner()
    sources = runner.invoke(app, ["sources"])
    assert sources.exit_code == 0 and "MPR News" in sources.stdout and "S44" in sources.stdout
    topics = runner.invoke(app, ["topics"])
    assert topics.exit_code == 0 and "People" in topics.stdout and "?" in topics.stdout


# Measured 104/107 when this set was last run for docs/quality.md; the issue asks for 60 or more.
PACK_SET_TARGET = 0.93


def test_pack_questions_are_answered_correctly():
    scores, singles, chains = quality.evaluate("pack", baseline=False)["civicqa"]
    correct, total = scores.in_scope
    wrong = "\n".join(f"  {r.item.question!r}: expected {r.item.expect}, got {r.answer[:160]!r}"
                      for r in singles if not r.correct)
    assert correct >= 60 and correct / total >= PACK_SET_TARGET, f"{correct}/{total} right:\n{wrong}"


def test_what_is_287g_cites_the_mpr_article(explainer):
    answer = explainer.ask("What is 287(g)?")
    assert "1996" in answer.text and "Immigration and Nationality Act" in answer.text
    assert "S01" in {c.entry.source.id for c in answer.citations}


def test_super_bowl_is_declined(explainer):
    answer = explainer.ask("Who won the Super Bowl in 2024?")
    assert answer.abstained and answer.text == "" and not answer.citations
