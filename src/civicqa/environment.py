"""One object describing the terminal civicqa talks to, so tests can fake any of it."""

from __future__ import annotations

import io
import os
import shutil
import sys
from dataclasses import dataclass, field
from typing import TextIO

MAX_WIDTH = 80
# What `less` is told when LESS is unset, as git does: quit when the text fits one screen (F),
# pass colors through (R), and leave the text on the screen on quitting (X).
LESS_FLAGS = "FRX"


@dataclass
class Environment:
    # A stream closed when civicqa started is None in Python: read nothing from it.
    stdin: TextIO = field(default_factory=lambda: sys.stdin or io.StringIO())
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr or io.StringIO())
    variables: dict[str, str] = field(default_factory=lambda: dict(os.environ))

    @property
    def stdin_isatty(self) -> bool:
        return _isatty(self.stdin)

    @property
    def stdout_isatty(self) -> bool:
        return _isatty(self.stdout)

    @property
    def color(self) -> bool:
        """Color and styling only on a real terminal, and never with NO_COLOR or TERM=dumb.

        An empty NO_COLOR does not count (no-color.org: "present and not an empty string")."""
        if self.variables.get("NO_COLOR") or self.variables.get("TERM") == "dumb":
            return False
        return self.stdout_isatty

    @property
    def width(self) -> int:
        """Columns to wrap at: the terminal's width, but never wider than 80."""
        if not self.stdout_isatty:
            return MAX_WIDTH
        columns = shutil.get_terminal_size((MAX_WIDTH, 24)).columns
        return max(30, min(columns, MAX_WIDTH))

    @property
    def height(self) -> int:
        """Lines the terminal shows at once (LINES first, as shells and curses do)."""
        try:
            return int(self.variables["LINES"])
        except (KeyError, ValueError):
            pass
        try:
            return os.get_terminal_size(self.stdout.fileno()).lines
        except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
            return 24

    def pager(self, text: str) -> tuple[list[str], dict[str, str]] | None:
        """The pager command and its environment for text taller than the terminal, as git
        chooses it: only when stdout is a terminal; PAGER if set (empty or `cat`: no pager),
        else `less` (not with TERM=dumb), told LESS=FRX when LESS is unset. None: print the
        text as it is."""
        if not self.stdout_isatty or text.count("\n") + 1 < self.height:
            return None
        default = "cat" if self.variables.get("TERM") == "dumb" else "less"  # less needs a real terminal
        chosen = self.variables.get("PAGER", default)
        import shlex  # only for a long listing on a terminal

        try:
            command = shlex.split(chosen)
        except ValueError:
            return None
        if not command or command == ["cat"]:
            return None
        variables = dict(self.variables)
        variables.setdefault("LESS", LESS_FLAGS)
        return command, variables


def plain_terminal() -> bool:
    """True when help and errors should be plain text (no color, no box drawing)."""
    return not Environment().color


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
