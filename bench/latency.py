"""Whole-answer latency at scale without the machine's noise, against another checkout.

    python bench/latency.py --against ../before/src              # 100,000 entries
    python bench/latency.py --size 10000 --repeat 7 --against ../before/src

bench/scale.py times each of its 200 questions once, right after the engine loads: its p95
moves with whatever else the machine does, and holds the first reading of every entry an
answer reads. This script asks the same questions (scale.py's synthetic pack and questions,
with and without a word no entry has) `--repeat` times in one process and keeps each
question's fastest time, so that what is left is the work an answer does. Each checkout runs
in its own processes, alternately, twice, each with its own warm cache; the medians of the
runs' percentiles are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import queries, write_pack  # noqa: E402  (bench/scale.py: the same pack and questions)

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 2  # each checkout's processes, alternating


def fastest(pack: Path, repeat: int) -> dict[str, float]:
    """In this process: each question's fastest whole answer over `repeat` askings, as p50 and p95 (ms)."""
    from civicqa.cache import load_explainer

    explainer = load_explainer([pack])
    found = {}
    for label, unknown in (("answer", False), ("unknown", True)):
        asked = queries(pack, unknown=unknown)
        best = [float("inf")] * len(asked)
        for _ in range(repeat):
            for k, question in enumerate(asked):
                began = time.perf_counter()
                explainer.ask(question)
                best[k] = min(best[k], time.perf_counter() - began)
        ordered = sorted(best)
        found[f"{label}_p50_ms"] = 1000 * statistics.median(ordered)
        found[f"{label}_p95_ms"] = 1000 * ordered[int(0.95 * (len(ordered) - 1))]
    return found


def run(src: Path, pack: Path, cache: Path, repeat: int) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(src), XDG_CACHE_HOME=str(cache))
    done = subprocess.run([sys.executable, __file__, "--measure", str(pack), "--repeat", str(repeat)],
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100000, help="entries in the synthetic pack")
    parser.add_argument("--repeat", type=int, default=7, help="times each question is asked in a process")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the civicqa source folder to measure")
    parser.add_argument("--against", type=Path, help="another checkout's source folder, measured alternately")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(fastest(args.measure, args.repeat)))
        return 0
    sources = [args.src.resolve()] + ([args.against.resolve()] if args.against else [])
    with tempfile.TemporaryDirectory() as folder:
        pack = Path(folder) / f"synthetic-{args.size}.toml"
        write_pack(pack, args.size)
        found: dict[Path, list[dict[str, float]]] = {src: [] for src in sources}
        for _ in range(ROUNDS):
            for number, src in enumerate(sources):
                found[src].append(run(src, pack, Path(folder) / f"cache-{number}", args.repeat))
    for src, runs in found.items():
        median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        print(f"{src}: whole answer p50 {median['answer_p50_ms']:.2f} ms, p95 {median['answer_p95_ms']:.2f} ms; "
              f"with an unknown word p50 {median['unknown_p50_ms']:.2f} ms, p95 {median['unknown_p95_ms']:.2f} ms "
              f"(fastest of {args.repeat} askings, {args.size:,} entries, median of {len(runs)} processes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
