"""Every answer to every question in tests/questions/*.toml, to see what a change altered.

    python bench/answers.py                        # the answers' SHA-256, and a count
    python bench/answers.py --write answers.jsonl  # also keep every answer, one JSON line each
    python bench/answers.py --against f385d33      # list every answer that differs from that commit
                                                   # (heldout3's are counted, not shown)

Each question set's single questions are asked in a fresh conversation, and each follow-up
chain as one conversation, through `civicqa chat --json` (the scripts' contract), so the
comparison holds across any change inside the engine. An answer is recorded as its text, its
citations (pack, entry, source, locator) and whether civicqa declined.

`--against REV` checks REV out into a temporary git worktree and runs the same questions there
with the same Python, so both sides are measured in one run. It needs the dependencies of both
(usually the same). The exit status is 0 when every answer is the same, 1 when some differ.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "questions"


def conversations() -> list[tuple[str, list[str]]]:
    """(label, questions) for every conversation: one per single question, one per chain."""
    found = []
    for path in sorted(QUESTIONS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for number, item in enumerate(data.get("question", []), 1):
            found.append((f"{path.stem} q{number}", [item["q"]]))
        for number, chain in enumerate(data.get("chain", []), 1):
            found.append((f"{path.stem} chain{number}", [turn["q"] for turn in chain["turn"]]))
    return found


def record(source: Path) -> list[dict]:
    """Ask every conversation with the civicqa in source/src; one record per question."""
    talks = conversations()
    script = "".join("/reset\n" + "".join(q.replace("\n", " ") + "\n" for q in questions)
                     for _, questions in talks)
    with tempfile.TemporaryDirectory() as home:  # its own cache, never the user's
        env = {**os.environ, "PYTHONPATH": str(source / "src"), "HOME": home,
               "XDG_CACHE_HOME": f"{home}/cache", "XDG_CONFIG_HOME": f"{home}/config"}
        done = subprocess.run([sys.executable, "-m", "civicqa", "chat", "--json"], input=script,
                              capture_output=True, text=True, env=env, cwd=source, check=False)
    if done.returncode != 0:
        sys.exit(f"civicqa chat --json failed in {source} (status {done.returncode}):\n{done.stderr}")
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    asked = [(label, q) for label, questions in talks for q in questions]
    if len(answers) != len(asked):
        sys.exit(f"{source}: {len(asked)} questions but {len(answers)} answers")
    return [{"where": label, "question": q, "abstained": a["abstained"], "answer": a["answer"],
             "citations": [[c["pack"], c["entry"], c["source"]["id"], c["source"].get("locator", "")]
                           for c in a["citations"]]}
            for (label, q), a in zip(asked, answers)]


def digest(records: list[dict]) -> str:
    text = "\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records)
    return hashlib.sha256(text.encode()).hexdigest()


# Sets kept unseen: a difference is counted, never shown (docs/quality.md).
HELD_OUT = ("heldout3",)


def differences(old: list[dict], new: list[dict]) -> list[str]:
    lines = []
    for before, after in zip(old, new):
        if before == after:
            continue
        if after["where"].split()[0] in HELD_OUT:
            lines.append(f"{after['where']}: (held out: the question and answers are not shown)")
            continue
        lines.append(f"{after['where']}: {after['question']}")
        for key in ("abstained", "citations", "answer"):
            if before[key] != after[key]:
                lines += [f"  {key} was: {before[key]}", f"  {key} now: {after[key]}"]
    return lines


def against(revision: str) -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), revision],
                       check=True)
        try:
            return record(tree)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", type=Path, metavar="FILE", help="keep every answer in FILE (JSON Lines)")
    parser.add_argument("--against", metavar="REV", help="list the answers that differ from git revision REV")
    options = parser.parse_args()
    new = record(ROOT)
    print(f"{len(new)} answers, sha256 {digest(new)}")
    if options.write:
        options.write.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in new), encoding="utf-8")
    if not options.against:
        return 0
    old = against(options.against)
    print(f"{options.against}: {len(old)} answers, sha256 {digest(old)}")
    changed = differences(old, new)
    print("\n".join(changed) if changed else "Every answer is the same.")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
