"""Answer latency in a conversation at the Willmar pack's size, follow-up analysis included.

    python bench/interactive.py

Every question of the development and held-out sets, singles and follow-up chains, is asked
through one chat session (the same `ChatSession.handle` that chat and kiosk use, rendering
included), five times over. Prints p50, p95 and the slowest, against the target (issue 7) of a
p95 of at most 20 ms.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from quality import load_items  # noqa: E402

from civicqa.cache import load_explainer  # noqa: E402
from civicqa.repl.session import ChatSession  # noqa: E402

TARGET_P95_MS = 20
ROUNDS = 5


def main() -> int:
    explainer = load_explainer()
    conversations: list[list[str]] = []
    for name in ("dev", "heldout"):
        singles, chains = load_items(name)
        conversations += [[item.question] for item in singles]
        conversations += [[turn.question for turn in chain] for chain in chains]
    times = []
    for _ in range(ROUNDS):
        for questions in conversations:
            session = ChatSession(explainer.packs, explainer)
            for question in questions:
                started = time.perf_counter()
                session.handle(question)
                times.append(time.perf_counter() - started)
    ordered = sorted(times)
    p50 = 1000 * statistics.median(ordered)
    p95 = 1000 * ordered[int(0.95 * (len(ordered) - 1))]
    print(f"{len(times)} answers: p50 {p50:.2f} ms, p95 {p95:.2f} ms, slowest {1000 * ordered[-1]:.2f} ms "
          f"(target: p95 at most {TARGET_P95_MS} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
