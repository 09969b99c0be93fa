"""What importing civicqa's own modules costs a one-shot `ask`, beyond its libraries.

    python bench/imports.py              # 9 fresh processes; medians
    python bench/imports.py --runs 21

Each run is a fresh process that imports what the baseline process of bench/startup.py imports
(typer, rank_bm25, and with it numpy) and json, turns the cycle collector off as the `civicqa`
command does (civicqa/command.py), then times importing the modules a warm `civicqa ask` loads,
and within that the time dataclasses spend making their classes' methods (each is compiled from
source at import; timed on Pythons whose dataclasses do it one method at a time, as 3.11 and
3.12 do) and enum classes being made.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

MODULES = ("civicqa.cli", "civicqa.render", "civicqa.cache", "civicqa.store", "civicqa.multilingual",
           "civicqa.locations")

PROBE = """
import gc, json, sys, time
gc.disable()
import typer, rank_bm25
import dataclasses, enum
made = {"methods": 0, "methods_s": 0.0, "enums": 0, "enums_s": 0.0}
def timed(function, key):  # function, its calls and their time counted under made[key], made[key + "_s"]
    def timing(*args, **kwargs):
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            made[key] += 1
            made[key + "_s"] += time.perf_counter() - began
    return timing
if hasattr(dataclasses, "_create_fn"):  # 3.13 builds the methods otherwise
    dataclasses._create_fn = timed(dataclasses._create_fn, "methods")
enum.EnumType.__new__ = timed(enum.EnumType.__new__, "enums")
began = time.perf_counter()
for name in sys.argv[1:]:
    __import__(name)
made["imports_s"] = time.perf_counter() - began
print(json.dumps(made))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # bytecode as installed
    runs = []
    for _ in range(args.runs + 1):  # the first writes the bytecode
        done = subprocess.run([sys.executable, "-c", PROBE, *MODULES], env=env, capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout))
    runs = runs[1:]
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    print(f"civicqa's modules for a warm ask: {median['imports_s'] * 1000:.1f} ms (median of {args.runs})")
    made = (f"dataclasses making {median['methods']:.0f} methods: {median['methods_s'] * 1000:.1f} ms, "
            if median["methods"] else "(dataclasses not timed on this Python), ")
    print(f"  of which {made}{median['enums']:.0f} enum classes: {median['enums_s'] * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
