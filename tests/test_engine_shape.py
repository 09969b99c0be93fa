"""The code stays readable: no class over 200 lines and no function over 80 anywhere in src/,
and no import cycle, counting imports made only for type checking; the stages hold no inline
tuning numbers, and the engine modules import no front end."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "civicqa"
ENGINE = ("answer", "tables", "tuning", "question_types", "patterns", "language", "language.english", "search", "analysis", "followup", "retrieval", "decision", "compose",
          "conversation", "index", "text", "store", "messages")
MOST_CLASS_LINES = 200
MOST_FUNCTION_LINES = 80


def modules() -> dict[str, ast.Module]:
    found = {}
    for path in SRC.rglob("*.py"):
        name = ".".join(path.relative_to(SRC.parent).with_suffix("").parts).removesuffix(".__init__")
        found[name] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def test_no_class_or_function_is_too_long():
    too_long = []
    for name, tree in modules().items():
        for node in ast.walk(tree):
            most = MOST_CLASS_LINES if isinstance(node, ast.ClassDef) else MOST_FUNCTION_LINES
            if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > most:
                    too_long.append(f"{name}.{node.name}: {lines} lines")
    assert too_long == []


def imports(tree: ast.Module, known: set[str]) -> set[str]:
    """Every civicqa module a module imports, anywhere in it (TYPE_CHECKING blocks included)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found & known


def test_no_import_cycle_anywhere():
    trees = modules()
    graph = {name: imports(tree, set(trees)) - {name} for name, tree in trees.items()}
    cycles = []
    for start in graph:
        stack, seen = [(start, (start,))], set()
        while stack:
            node, path = stack.pop()
            for following in graph[node]:
                if following == start:
                    cycles.append(" -> ".join((*path, start)))
                elif following not in seen:
                    seen.add(following)
                    stack.append((following, (*path, following)))
    assert cycles == []


STAGES = ("answer", "tables", "analysis", "followup", "retrieval", "decision", "compose")


def test_the_stages_hold_no_inline_tuning_numbers():
    """Numbers other than 0, 1 and -1 are named: tuning numbers in civicqa.tuning (indexes aside)."""
    inline = []
    for name in STAGES:
        tree = modules()[f"civicqa.{name}"]
        in_subscripts = {id(c) for s in ast.walk(tree) if isinstance(s, ast.Subscript) for c in ast.walk(s.slice)}
        named = {id(s.value) for s in tree.body if isinstance(s, ast.Assign)}  # NAME = 4 at the top
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and type(node.value) in (int, float)
                    and node.value not in (0, 1, -1) and id(node) not in in_subscripts | named):
                inline.append(f"civicqa.{name}:{node.lineno}: {node.value}")
    assert inline == []


def test_the_engine_imports_no_front_end():
    """The stages know nothing of terminals: a new front end needs no change to them."""
    trees = modules()
    reaching = {f"civicqa.{m}": imports(trees[f"civicqa.{m}"], set(trees)) for m in ENGINE}
    assert {m: sorted(i for i in found if i.startswith(("civicqa.repl", "civicqa.cli", "civicqa.render")))
            for m, found in reaching.items()} == {m: [] for m in reaching}
