"""One object describing the terminal civicqa talks to, so tests can fake any of it."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass, field
from typing import TextIO

MAX_WIDTH = 80


@dataclass
class Environment:
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    variables: dict[str, str] = field(default_factory=lambda: dict(os.environ))

    @property
    def stdin_isatty(self) -> bool:
        return _isatty(self.stdin)

    @property
    def stdout_isatty(self) -> bool:
        return _isatty(self.stdout)

    @property
    def color(self) -> bool:
        """Color and styling only on a real terminal, and never with NO_COLOR or TERM=dumb."""
        if "NO_COLOR" in self.variables or self.variables.get("TERM") == "dumb":
            return False
        return self.stdout_isatty

    @property
    def width(self) -> int:
        """Columns to wrap at: the terminal's width, but never wider than 80."""
        if not self.stdout_isatty:
            return MAX_WIDTH
        columns = shutil.get_terminal_size((MAX_WIDTH, 24)).columns
        return max(30, min(columns, MAX_WIDTH))


def plain_terminal() -> bool:
    """True when help and errors should be plain text (no color, no box drawing)."""
    return not Environment().color


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
