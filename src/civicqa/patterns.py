"""A regular expression compiled on first use (shared by the tokenizer and the languages)."""

from __future__ import annotations

import re


class LazyPattern:
    """A regular expression compiled on first use: not every command needs every pattern, and
    compiling them all would slow down each start of a one-shot `civicqa ask`."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern, self._flags = pattern, flags
        self._compiled: re.Pattern | None = None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
        return getattr(self._compiled, name)
