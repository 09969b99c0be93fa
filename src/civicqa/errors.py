"""Errors that reach a person: each says what happened and what to do next."""

from __future__ import annotations

from dataclasses import dataclass


class CivicqaError(Exception):
    """An error with a hint: the message says what happened, the hint what to do next."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


@dataclass(frozen=True)
class Problem:
    """One problem in a knowledge pack file, with where it is and how to fix it."""

    path: str
    line: int
    message: str
    fix: str

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        return f"{place}: {self.message}. {self.fix}"


class PackError(CivicqaError):
    """A knowledge pack could not be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            "\n".join(str(p) for p in problems) + f"\n{count} {noun} found.",
            "Fix the problems above, then run `civicqa check PATH` again.",
        )
