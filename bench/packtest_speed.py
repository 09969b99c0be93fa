"""How long `civicqa test` takes on each pack: the whole command, as a librarian runs it after
an edit (start-up, reading and indexing the pack, asking every test), best of three runs.

    python bench/packtest_speed.py

The issue's bar is a 200-entry pack in under 2 seconds. The packs measured are the shipped one
and the test packs in tests/packs, plus a 200-entry pack made by repeating the shipped pack's
entries under new ids (its questions then compete with their copies, so it is the slow case).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 3


def timed(pack: Path) -> tuple[float, str]:
    best, line = float("inf"), ""
    for _ in range(RUNS):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "civicqa", "test", str(pack)], capture_output=True, text=True)
        best = min(best, time.perf_counter() - started)
        line = done.stdout.splitlines()[0] if done.stdout else done.stderr.strip()
    return best, line


def two_hundred_entries(folder: Path) -> Path:
    """The shipped pack with copies of its first entries under new ids, to 200 entries."""
    text = (ROOT / "knowledge" / "willmar-287g.toml").read_text(encoding="utf-8")
    blocks = text.split("\n[[entries]]\n")
    head, entries = blocks[0], blocks[1:]
    extra = []
    for number, block in enumerate(entries[: 200 - len(entries)]):
        block = re.sub(r'^id = "([^"]+)"', rf'id = "copy{number}-\1"', block, count=1, flags=re.M)
        extra.append(re.sub(r"^related = \[.*?\]\n", "", block, flags=re.M | re.S))
    path = folder / "two-hundred.toml"
    path.write_text("\n[[entries]]\n".join([head, *entries, *extra]), encoding="utf-8")
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        # burlington-irv is held out (tests/packs/README.md): not even its own tests are run here.
        packs = [ROOT / "knowledge" / "willmar-287g.toml",
                 *sorted(p for p in (ROOT / "tests" / "packs").glob("*/pack.toml") if p.parent.name != "burlington-irv"),
                 two_hundred_entries(Path(folder))]
        print(f"{'pack':<40} {'seconds':>8}  result")
        for pack in packs:
            seconds, line = timed(pack)
            name = pack.parent.name if pack.name == "pack.toml" else pack.name
            print(f"{name:<40} {seconds:>8.2f}  {line.split(': ', 1)[-1]}")


if __name__ == "__main__":
    main()
