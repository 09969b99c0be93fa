"""Cold one-shot start: `civicqa ask --json` against importing its two heaviest dependencies.

    python bench/startup.py              # 21 runs of each, interleaved; prints medians and the ratio
    python bench/startup.py --runs 41

Both commands run as fresh processes, alternately, in the same run, so machine load affects
both alike. The index cache and bytecode are warmed first (two runs of each before timing), as a
resident's second and later questions find them. The target (issue 7) is a ratio of at most 1.25.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TARGET = 1.25


def civicqa_command() -> list[str]:
    found = shutil.which("civicqa")
    return [found] if found else [sys.executable, "-m", "civicqa"]


def wall_time(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def measure(runs: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as cache:
        # Bytecode as an installed package has it (pip compiles it at install time), even
        # when this shell sets PYTHONDONTWRITEBYTECODE for an editable checkout.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["XDG_CACHE_HOME"] = cache
        ask = civicqa_command() + ["ask", "--json", "What is 287(g)?"]
        baseline = [sys.executable, "-c", "import typer, rank_bm25"]
        for _ in range(2):  # warm the index cache and the bytecode
            subprocess.run(ask, env=env, stdout=subprocess.DEVNULL, check=False)
            subprocess.run(baseline, env=env, stdout=subprocess.DEVNULL, check=False)
        times: dict[str, list[float]] = {"civicqa ask --json": [], "import typer, rank_bm25": []}
        for _ in range(runs):
            times["civicqa ask --json"].append(wall_time(ask, env))
            times["import typer, rank_bm25"].append(wall_time(baseline, env))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args(argv)
    times = measure(args.runs)
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        print(f"{name:<26} median {median * 1000:6.1f} ms over {args.runs} runs")
    ratio = medians["civicqa ask --json"] / medians["import typer, rank_bm25"]
    print(f"ratio {ratio:.2f} (target at most {TARGET})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
