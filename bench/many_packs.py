"""A first build of many packs used together: its time and peak memory, against another checkout.

    python bench/many_packs.py                           # 6 packs of 20,000 entries
    python bench/many_packs.py --packs 3 --entries 5000
    python bench/many_packs.py --against ../before/src   # the same, also for another checkout

Synthetic packs (bench/scale.py's) are written once; each build is the first `civicqa ask` with
all of them, a whole process from an empty cache, run as that checkout runs it (`python -m
civicqa`), and reports its wall time and its peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import SEED, write_pack  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# Run in a process of its own, so that the peak memory of its one child is that build's.
BUILD = """
import json, resource, subprocess, sys, time
began = time.perf_counter()
subprocess.run([sys.executable, "-m", "civicqa", "ask", "--json", *(f"-k{p}" for p in sys.argv[1:]), "What is it?"],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
print(json.dumps({"build_s": time.perf_counter() - began,
                  "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def build(packs: list[Path], src: Path, folder: Path) -> dict:
    """The first `civicqa ask` with all the packs, as that checkout runs it (`python -m civicqa`)."""
    with tempfile.TemporaryDirectory(dir=folder) as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache, "PYTHONPATH": str(src)}
        done = subprocess.run([sys.executable, "-c", BUILD, *map(str, packs)], env=env, capture_output=True,
                              text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", type=int, default=6)
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--against", type=Path, metavar="SRC", help="another checkout's src folder, measured after")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        packs = [Path(folder) / f"pack-{n}.toml" for n in range(args.packs)]
        for n, pack in enumerate(packs):
            write_pack(pack, args.entries, seed=SEED + n, name=f"pack-{n}")
        for name, src in (("this checkout", ROOT / "src"), (str(args.against), args.against)):
            if src is not None:
                found = build(packs, src.resolve(), Path(folder))
                print(f"{name}: {args.packs} packs of {args.entries:,} entries built in {found['build_s']:.1f} s, "
                      f"peak {found['peak_mib']:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
