"""What a long build is doing, shown on a terminal and nowhere else.

Building the engine for a large set of packs takes seconds (reading the TOML, checking it,
indexing every entry). Once a build has run for `AFTER` seconds, one line on standard error says
which step it is on and how far along it is, rewritten in place and erased when the build ends.
A quick build shows nothing, and neither does one whose standard error is a pipe or a file: a
script's output, a log or `--json` stays as it was.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

AFTER = 1.0  # seconds of building before anything is shown
EVERY = 0.1  # seconds between two updates of the line


class Progress:
    """Called as progress(step, done, total) by each step of a build; a no-op off a terminal."""

    def __init__(self, stream: TextIO | None = None, after: float | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        try:
            self.on = self.stream.isatty()
        except (AttributeError, ValueError):  # replaced or closed
            self.on = False
        self.started = time.monotonic()
        self.after = AFTER if after is None else after
        self.last = 0.0
        self.step = ""
        self.width = 0

    def __call__(self, step: str, done: int = 0, total: int = 0) -> None:
        if not self.on:
            return
        now = time.monotonic()
        if now - self.started < self.after or (step == self.step and now - self.last < EVERY and done < total):
            return
        self.last, self.step = now, step
        line = f"civicqa: {step}" + (f": {done:,} of {total:,} entries ({100 * done // total}%)" if total else "")
        self._write("\r" + line.ljust(self.width))
        self.width = len(line)

    def close(self) -> None:
        """Erase the line, if one was shown."""
        if self.width:
            self._write("\r" + " " * self.width + "\r")
            self.width = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # the terminal went away: the build goes on without it
            self.on = False

