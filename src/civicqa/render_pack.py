"""Output for pack authors: `check` warnings, `civicqa test` results and `civicqa show` previews,
as text and as JSON. Everything from a pack is sanitized, as in civicqa.render."""

from __future__ import annotations

import dataclasses

from civicqa.compose import with_as_of
from civicqa.errors import Problem, sanitize
from civicqa.knowledge import Entry, Pack
from civicqa.packtest import Result
from civicqa.render import Style, citation_text, wrap
from civicqa.tables import PackTables
from civicqa.text import sentences


def problem_json(problem: Problem, severity: str) -> dict:
    return {"path": problem.path, "line": problem.line, "severity": severity,
            "message": problem.message, "fix": problem.fix}


def warning_text(problem: Problem, width: int) -> str:
    place = f"{problem.path}:{problem.line}" if problem.line else problem.path
    return wrap(f"{place}: warning: {problem.message}. {problem.fix}", width, "", "    ")


def test_text(results: list[Result], width: int, every: bool = False) -> str:
    """A line per pack with how many tests pass, then each failure (each test with `every`)."""
    blocks = []
    for path in dict.fromkeys(r.path for r in results):
        mine = [r for r in results if r.path == path]
        passed = sum(r.passed for r in mine)
        share = f" ({100 * passed / len(mine):.0f}%)" if mine else ""
        blocks.append(sanitize(f"{path}: {passed} of {len(mine)} tests pass{share}."))
        blocks.extend(_result_text(r, width) for r in mine if every or not r.passed)
    if not results:
        blocks.append("No tests: add `questions` to entries, or [[tests]] blocks (docs/authoring.md).")
    return "\n\n".join(blocks)


def _result_text(result: Result, width: int) -> str:
    asked = " -> ".join(f"\u201c{q}\u201d" for q in result.questions)
    lines = [wrap(sanitize(f"{result.path}:{result.line}: {result.origin}: {asked}"), width, "", "    ")]
    if result.passed:
        lines.append("  passes")
        return "\n".join(lines)
    lines.append(wrap(sanitize(result.problem), width, "  ", "    "))
    for side in (result.instead, result.expected):
        if side is not None:
            matched = ", ".join(side.matched) or "no word of the question"
            lines.append(wrap(sanitize(f"{side.entry} matched: {matched}"), width, "  ", "    "))
    lines.append(wrap(sanitize(f"fix: {result.fix}"), width, "  ", "    "))
    return "\n".join(lines)


def test_json(results: list[Result]) -> dict:
    return {"passed": sum(r.passed for r in results), "failed": sum(not r.passed for r in results),
            "tests": [dataclasses.asdict(r) for r in results]}


def entry_text(entry: Entry, pack: Pack, tables: PackTables, answers: list[str], width: int) -> str:
    """An entry as residents will see it quoted: each sentence alone (the first with its "As of"),
    the citation under it, and the questions `civicqa test` found it answers first."""
    style = Style(False)
    stance = f", {entry.stance}" if entry.stance else ""
    lines = [sanitize(f"{entry.id} ({entry.kind}{stance}{', draft' if entry.draft else ''}) in {pack.path}: "
                      f"{entry.title}"), "", "Quoted, one sentence at a time:"]
    for sentence in sentences(entry.text, tables.language):
        lines.append(wrap(sanitize(with_as_of(entry, sentence, tables)) + " [1]", width, "  ", "    "))
    lines += ["", citation_text(1, entry, width, style), ""]
    if answers:
        lines.append("Answers first, as `civicqa test` found:")
        lines.extend(wrap(sanitize(f"\u201c{q}\u201d"), width, "  - ", "    ") for q in answers)
    else:
        lines.append("No question in the pack's tests is answered from this entry first.")
    return "\n".join(lines)


def packs_origin(origin: str, folder, variable: str, settings, width: int) -> str:
    """Under `civicqa sources`: where the packs in use came from, and how to choose others."""
    return wrap(sanitize(f"These packs come from {origin}. Packs put in your pack folder, {folder}, are used when "
                         f"neither the {variable} variable nor knowledge = [...] in {settings} names others."), width)


def check_json(packs: list[Pack], problems: list[Problem], warnings: list[Problem], strict: bool) -> dict:
    """`check --json`: the packs read, their problems (errors) and warnings."""
    return {"ok": not problems and not (strict and warnings),
            "packs": [{"path": str(p.path), "id": p.id, "entries": len(p.entries), "sources": len(p.sources)}
                      for p in packs],
            "problems": [problem_json(p, "error") for p in problems],
            "warnings": [problem_json(w, "warning") for w in warnings]}


def check_text(packs: list[Pack], warnings: list[Problem], width: int) -> str:
    """`check`: a line for each valid pack, then the warnings."""
    lines = []
    for pack in packs:
        entries, sources = len(pack.entries), len(pack.sources)
        lines.append(sanitize(f"{pack.path}: OK, pack {pack.id!r}: {entries} entr{'y' if entries == 1 else 'ies'}, "
                              f"{sources} source{'' if sources == 1 else 's'}."))
    lines.extend(warning_text(w, width) for w in warnings)
    if warnings:
        lines.append(f"{len(warnings)} warning{'' if len(warnings) == 1 else 's'}: the pack works, but residents "
                     "will see these. `civicqa check --strict` fails on them.")
    return "\n".join(lines)
