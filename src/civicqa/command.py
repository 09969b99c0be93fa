"""The `civicqa` command itself (the console script and `python -m civicqa`).

A command's start makes hundreds of thousands of objects that live until it exits (Typer's,
numpy's, the engine's), and Python's cycle collector walks them all again each time enough new
ones have been made, finding next to nothing to free: on a one-shot `ask`, a large part of the
time civicqa adds to its libraries' import (docs/performance.md). So the collector is off for
the whole of a one-shot command (`ask`, `check`, `test`, `show`, ...), which makes little
cyclic garbage (a build of 10,000 entries leaves about 700 objects; the tokenizer's memos hold
no cycles so that a question's are freed at once: civicqa.text). `chat` and `kiosk`, which run
for hours, turn it back on once their engine is loaded (civicqa.cli._long_session), with what
start-up made set aside for good. Importing civicqa as a library changes nothing of the kind.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    from civicqa.cli import main as run

    run()
