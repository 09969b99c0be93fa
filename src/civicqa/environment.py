"""One object describing the terminal civicqa talks to, so tests can fake any of it."""

from __future__ import annotations

import io
import os
import shutil
import sys
from typing import TextIO

MAX_WIDTH = 80
# What `less` is told when LESS is unset, as git does: quit when the text fits one screen (F),
# pass colors through (R), and leave the text on the screen on quitting (X).
LESS_FLAGS = "FRX"


class Environment:
    """The streams and variables civicqa uses: the process's own unless given (a test's fakes)."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None,
                 variables: dict[str, str] | None = None) -> None:
        # A stream closed when civicqa started is None in Python: read nothing from it.
        self.stdin: TextIO = stdin if stdin is not None else sys.stdin or io.StringIO()
        self.stdout: TextIO = stdout if stdout is not None else sys.stdout
        self.stderr: TextIO = stderr if stderr is not None else sys.stderr or io.StringIO()
        self.variables: dict[str, str] = variables if variables is not None else dict(os.environ)

    def __repr__(self) -> str:
        return f"Environment(stdin={self.stdin!r}, stdout={self.stdout!r}, stderr={self.stderr!r})"

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
