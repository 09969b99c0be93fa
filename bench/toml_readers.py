"""Reading a pack's TOML: rtoml (what civicqa uses) against Python's tomllib, on the same text.

    python bench/toml_readers.py                 # a synthetic pack of 100,000 entries (67 MB)
    python bench/toml_readers.py --entries 10000

The pack is bench/scale.py's synthetic pack, in the real format. Each reader parses it three
times, alternating with the other, in this process; the medians are printed, and the two
results are checked to be the same.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import rtoml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import write_pack  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pack.toml"
        write_pack(path, args.entries)
        text = path.read_text(encoding="utf-8")
    times: dict[str, list[float]] = {"rtoml": [], "tomllib": []}
    results = {}
    for _ in range(args.runs):
        for name, read in (("rtoml", rtoml.loads), ("tomllib", tomllib.loads)):
            started = time.perf_counter()
            results[name] = read(text)
            times[name].append(time.perf_counter() - started)
    assert results["rtoml"] == results["tomllib"], "the two readers disagree"
    rtoml_s, tomllib_s = statistics.median(times["rtoml"]), statistics.median(times["tomllib"])
    print(f"{args.entries:,} entries, {len(text) / 1e6:.0f} MB: rtoml {rtoml_s:.2f} s, tomllib {tomllib_s:.2f} s "
          f"(median of {args.runs}): {tomllib_s / rtoml_s:.1f} times as fast")
    return 0


if __name__ == "__main__":
    sys.exit(main())
