"""What civicqa takes as one question: at most MAX_QUESTION characters, read in bounded pieces.

Every front end uses these: `ask`, `ask -`, and piped `chat` and `chat --json` (the kiosk
stops typing at 500 characters). A longer text is refused with a message, never analysed:
a question is a sentence or two, and a web form piping text into civicqa must not be able to
keep it busy.
"""

from __future__ import annotations

from typing import TextIO

from civicqa.errors import CivicqaError

MAX_QUESTION = 2000  # characters, after runs of spaces and line breaks become one space
# Reads stop here: room for the spaces folded away, but a bounded amount whatever the input.
READ_LIMIT = 4 * MAX_QUESTION


def too_long() -> CivicqaError:
    return CivicqaError(
        f"the question is longer than {MAX_QUESTION:,} characters, so civicqa did not read it.",
        f"Ask one shorter question (at most {MAX_QUESTION:,} characters), for example: "
        'civicqa ask "What is 287(g)?"',
    )


def tidy(text: str) -> str:
    """The question with runs of spaces and line breaks as one space; too_long() past the limit."""
    question = " ".join(text.split())
    if len(question) > MAX_QUESTION:
        raise too_long()
    return question


def read_question(stream: TextIO) -> str:
    """All of a stream as one question (`ask -`), reading at most READ_LIMIT + 1 characters."""
    text = stream.read(READ_LIMIT)
    if len(text) == READ_LIMIT and stream.read(1):
        raise too_long()
    return tidy(text)


def read_line(stream: TextIO) -> tuple[str, bool]:
    """The next line ("" at the end) and whether it is too long to read whole. The rest of a
    too-long line is read in pieces and dropped, so memory stays bounded."""
    line = stream.readline(READ_LIMIT)
    if len(line) < READ_LIMIT or line.endswith("\n"):
        return line, False
    rest = line
    while rest and not rest.endswith("\n"):
        rest = stream.readline(READ_LIMIT)
    return line, True
