"""How long splitting an entry into sentences takes, against another checkout in the same run.

    python bench/sentences.py --against ../before/src

An answer on a pack too large to be tokenized whole when built (tuning.PRETOKENIZE) splits
each entry it reads the first time it reads it: its sentences, each sentence's terms
(PackTables.split). This script times that on the entries of bench/scale.py's synthetic pack,
in a fresh process for each checkout, alternately, `--rounds` times, and prints the medians in
microseconds per entry: `sentences` alone, and the whole split (sentences and their terms, with
what each word becomes already known, as after an answer's first words).
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
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import write_pack  # noqa: E402  (bench/scale.py: the same synthetic pack)

ROOT = Path(__file__).resolve().parents[1]


def measure(pack: Path) -> dict[str, float]:
    """In this process: microseconds per entry for sentences() and for the whole split."""
    from civicqa.text import sentences, tokenize

    texts = [e["text"] for e in tomllib.loads(pack.read_text(encoding="utf-8"))["entries"]]
    for text in texts:  # what each word becomes, worked out once, as an answer's first words do
        tokenize(text, from_pack=True)
    began = time.perf_counter()
    for text in texts:
        sentences(text)
    alone = time.perf_counter() - began
    began = time.perf_counter()
    for text in texts:
        tuple((s, frozenset(tokenize(s, from_pack=True))) for s in sentences(text))
    split = time.perf_counter() - began
    return {"sentences_us": alone / len(texts) * 1e6, "split_us": split / len(texts) * 1e6}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000, help="entries in the synthetic pack")
    parser.add_argument("--rounds", type=int, default=5, help="processes of each checkout, alternating")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the civicqa source folder to measure")
    parser.add_argument("--against", type=Path, help="another checkout's source folder, measured alternately")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    sides = {"this": args.src.resolve()}
    if args.against:
        sides["against"] = args.against.resolve()
    with tempfile.TemporaryDirectory() as folder:
        pack = Path(folder) / "pack.toml"
        write_pack(pack, args.size)
        runs: dict[str, list[dict[str, float]]] = {side: [] for side in sides}
        for _ in range(args.rounds):
            for side, src in sides.items():
                env = {**os.environ, "PYTHONPATH": str(src)}
                out = subprocess.run([sys.executable, __file__, "--measure", str(pack)], env=env,
                                     capture_output=True, text=True, check=True).stdout
                runs[side].append(json.loads(out))
    for side, src in sides.items():
        medians = {k: statistics.median(r[k] for r in runs[side]) for k in runs[side][0]}
        print(f"{side} ({src}): sentences {medians['sentences_us']:.1f} us, "
              f"whole split {medians['split_us']:.1f} us per entry (median of {args.rounds} processes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
