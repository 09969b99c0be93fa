"""Errors that reach a person: each says what happened and what to do next.

This module also holds `sanitize`, the one function that makes text from a pack, a question or
a file path safe for a terminal. It lives here, the lowest module every message passes through,
so that an error message is made safe when it is built and `render` can share it without an
import cycle (render re-exports it as `render.sanitize`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Patterns are plain strings: `re` compiles them on first use and caches them, so importing
# this module costs nothing on a one-shot `civicqa ask`.
_ESCAPE_SEQUENCE = r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])"
# C0 controls but tab and newline, DEL, C1 controls (U+0080-U+009F, U+009B is an 8-bit CSI),
# the Arabic letter mark, left-to-right and right-to-left marks, line and paragraph separators,
# and bidi embeddings, overrides and isolates: all can change what a terminal shows.
UNSAFE_CHARACTERS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]"
MAX_SHOWN_PROBLEMS = 30  # a broken file can have thousands: show these, then count the rest


def sanitize(text: str) -> str:
    """Make text safe to print: escape sequences and control characters become visible escapes.

    Safe to apply twice: its output has no characters left that it would change.
    """
    text = str(text)
    if printable(text):
        return text  # nothing to escape, and neither pattern compiled (a one-shot ask prints once)
    text = re.sub(_ESCAPE_SEQUENCE, lambda m: repr(m.group(0))[1:-1], text)
    return re.sub(UNSAFE_CHARACTERS, lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 256
                  else f"\\u{ord(m.group(0)):04x}", text)


def printable(text: str) -> bool:
    """Whether a text holds no character that UNSAFE_CHARACTERS or an escape sequence has: those
    are all controls, formats and separators, which str.isprintable refuses (as it does a tab,
    a newline and a no-break space, so a text with those may still be safe)."""
    return text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()


class CivicqaError(Exception):
    """An error with a hint: the message says what happened, the hint what to do next.

    Both are sanitized here, so a path or a pack's text quoted in a message can never send
    escape sequences to the terminal, whoever prints it.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        message, hint = sanitize(message), sanitize(hint)
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class _Where(NamedTuple):  # a NamedTuple, not a frozen dataclass: quicker to define at each start
    path: str
    line: int
    message: str
    fix: str


class Problem(_Where):
    """One problem in a knowledge pack file, with where it is and how to fix it.

    The path, message and fix are sanitized when the problem is made: they quote the pack.
    """

    __slots__ = ()

    def __new__(cls, path: str, line: int, message: str, fix: str) -> Problem:
        return super().__new__(cls, sanitize(path), line, sanitize(message), sanitize(fix))

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        return f"{place}: {self.message}. {self.fix}"


class PackError(CivicqaError):
    """A knowledge pack could not be used; carries the problems found in it.

    `unlisted` counts problems found but not kept (a file with thousands of bad lines keeps
    only the first few dozen). The message shows at most MAX_SHOWN_PROBLEMS of them.
    """

    def __init__(self, problems: list[Problem], unlisted: int = 0) -> None:
        self.problems = problems
        self.unlisted = unlisted
        count = len(problems) + unlisted
        noun = "problem" if count == 1 else "problems"
        lines = [str(p) for p in problems[:MAX_SHOWN_PROBLEMS]]
        if count > len(lines):
            lines.append(f"... and {count - len(lines):,} more.")
        super().__init__(
            "\n".join(lines) + f"\n{count:,} {noun} found.",
            "Fix the problems above, then run `civicqa check PATH` again.",
        )
