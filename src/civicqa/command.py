"""The `civicqa` command itself (the console script and `python -m civicqa`).

A command's start makes hundreds of thousands of objects that live until it exits (Typer's,
numpy's, the engine's), and Python's cycle collector walks them all again each time enough new
ones have been made: on a one-shot `ask`, a sixth of its time, spent finding nothing to free
(`bench/startup.py`). So the collector is off while a command starts; `chat` and `kiosk`, which
run for hours, turn it back on once their engine is loaded (civicqa.cli._long_session), with what
start-up made set aside for good. Importing civicqa as a library changes nothing of the kind.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    from civicqa.cli import main as run

    run()
