"""TOML syntax errors in plain words, and the rest of a broken file read as far as it can be.

    syntax_problems(name, text) -> Readable(problems, data, aside, text, headers)

Each syntax error becomes a Problem with its line, what was expected and an example of the right
form. The block ([pack], [[sources]], [[entries]] ...) holding the error is then set aside (its
lines blanked, so every line number stays) and the file read again, until it parses or
MOST_SYNTAX_ERRORS are found; `data` is what could be read (None if nothing could), so that
the rest of the pack is still checked, and `aside` the ids of the blocks set aside (a problem
that another block names one of them is no problem of its own).
"""

from __future__ import annotations

import re
import tomllib
from typing import Any, NamedTuple

from civicqa.errors import Problem

MOST_SYNTAX_ERRORS = 30
_HEADER = re.compile(r"^\s*\[")
_ID_LINE = re.compile(r"""^\s*id\s*=\s*["']([^"']+)["']""")
_KEY_LINE = re.compile(r"^\s*([A-Za-z0-9_.\"'-]+)\s*=\s*(.*)$")
FORMAT = "the pack format is in docs/knowledge-format.md of the civicqa source"


class Readable(NamedTuple):
    problems: list[Problem]  # the syntax errors
    data: dict[str, Any] | None  # what could be read, or None
    aside: frozenset[str]  # the ids of the blocks set aside: other blocks may name them
    text: str  # the file with those blocks blanked: the same lines, for placing other problems
    headers: frozenset[str]  # the headers of the blocks set aside: "[pack]", "[[entries]]"

    def caused(self, problem: Problem) -> bool:
        """Whether a problem of the rest of the file comes only from a block set aside: a
        missing [pack] (or its keys) when [pack] was set aside, or an id of a block set aside."""
        message = problem.message
        if "[pack]" in self.headers and "[pack]" in message:
            return True
        if message == "the pack has no entries" and (self.headers & {"[pack]", "[[entries]]"}):
            return True
        return any(f"'{i}'" in message or f"`{i}`" in message for i in self.aside)


def syntax_problems(name: str, text: str) -> Readable:
    lines = text.split("\n")
    problems: list[Problem] = []
    aside: set[str] = set()
    headers: set[str] = set()
    data = None
    while len(problems) < MOST_SYNTAX_ERRORS:
        try:
            data = tomllib.loads("\n".join(lines))
            break
        except tomllib.TOMLDecodeError as error:
            number, message, fix = explain(str(error), lines)
            problem = Problem(name, number, f"TOML syntax error: {message}", fix)
            if problem in problems:
                break  # setting its block aside did not help: stop here
            problems.append(problem)
            start, end = _block(lines, number)
            if message.startswith("a text that starts on this line"):
                end = len(lines)  # an open string runs to the end of the file
            if all(not line.strip() for line in lines[start:end]):
                break  # nothing left to set aside: stop here
            aside.update(m.group(1) for line in lines[start:end] if (m := _ID_LINE.match(line)))
            headers.update(line.strip() for line in lines[start:end] if _HEADER.match(line))
            lines[start:end] = [""] * (end - start)
    return Readable(problems, data, frozenset(aside), "\n".join(lines), frozenset(headers))


def explain(error: str, lines: list[str]) -> tuple[int, str, str]:
    """(line, what is wrong in plain words, how to fix it with an example)."""
    found = re.search(r"at line (\d+)", error)
    # "at end of document": the last line with anything on it
    number = int(found.group(1)) if found else next((i for i in range(len(lines), 0, -1) if lines[i - 1].strip()), 1)
    message = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)", "", error)
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    key = _KEY_LINE.match(line)
    if message.startswith("Unterminated string") or message == "Expected \"'\"":
        number = _opened_string(lines) or number or len(lines)
        return number, "a text that starts on this line is never closed", (
            'End it with the same quotes it starts with: " on the same line, or """ for text over several lines')
    if message.startswith("Illegal character") and "\\n" in message:
        return number, "the text in quotes is not closed before the end of the line", (
            'End it with " on the same line, or use """ ... """ for text over several lines')
    if message == "Invalid value":
        if key and key.group(2).strip() and key.group(2).strip()[0] not in "\"'[{0123456789tf-":
            return number, "the value after `=` is not in quotes", (
                f'Put text in double quotes: {key.group(1)} = "{key.group(2).strip()}"')
        return number, "the value after `=` is not text in quotes, a number, true or false, a date or a [list]", (
            'Write it as, for example, title = "Council vote", date = "2010-05-19", questions = ["Who voted?"]; '
            "a list must be closed with ] before the next key")
    if message.startswith("Expected '=' after a key"):
        word, _, rest = line.strip().partition(" ")
        example = f"{word} = {rest.strip()}" if rest.strip() else 'locator = "paragraph 2"'
        return number, "this line has a key but no `=` after it", f"Write key = value: {example}"
    if message.startswith("Cannot overwrite a value") or message.startswith("Cannot declare"):
        number = _repeated_key(lines) or number
        return number or 1, "this key (or block) is given twice", (
            "Keep one of them; a list of blocks is written [[entries]], with double brackets, once per block")
    if message.startswith("Unclosed array"):
        return _opened_list(lines, number) or number, "a list opened with [ is never closed with ]", (
            'Close it on the line it ends: questions = ["When was the vote?", "Who voted?"], with commas between')
    if message.startswith("Unclosed inline table"):
        return number or len(lines), "a { ... } table is never closed", "Close it with }, or write the keys as lines"
    if message.startswith("Expected newline or end of document"):
        return number, "there is more on this line after its value", (
            'Put each key = value on a line of its own; quotes inside text are written \\" '
            '(or put the text in single quotes); a date needs the form 2010-05-19')
    if message.startswith("Expected ']]'") or message.startswith("Expected ']'"):
        return number, "a block header is not closed", "Write it as [pack], or [[sources]] and [[entries]] with double brackets"
    if message.startswith("Invalid statement") or message.startswith("Invalid initial character"):
        return number, "this line is not `key = value`, a [block] header or a # comment", (
            'Write key = value, for example title = "Council vote"; start a comment with #')
    return number or len(lines), message[:1].lower() + message[1:], f"Check quotes, brackets and `key = value` on this line; {FORMAT}"


def _block(lines: list[str], number: int) -> tuple[int, int]:
    """The lines (start, end) of the block holding line `number`: from its header to the next
    (a line inside a multi-line text is never a header, whatever it starts with)."""
    headers = _header_lines(lines)
    index = max(0, min(number, len(lines)) - 1)
    start = next((i for i in range(index, -1, -1) if i in headers), 0)
    end = next((i for i in range(index + 1, len(lines)) if i in headers), len(lines))
    return start, end


def _header_lines(lines: list[str]) -> set[int]:
    """The indexes of the lines that are block headers, outside any \"\"\" or \'\'\' text."""
    found, inside = set(), ""
    for index, line in enumerate(lines):
        if not inside and _HEADER.match(line):
            found.add(index)
            continue
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1 and inside in ("", quote):
                inside = "" if inside else quote
    return found


def _opened_string(lines: list[str]) -> int:
    inside = ""
    opened = 0
    for number, line in enumerate(lines, 1):
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                if not inside:
                    inside, opened = quote, number
                elif inside == quote:
                    inside = ""
    return opened if inside else 0


def _opened_list(lines: list[str], number: int) -> int:
    """The nearest key line at or before `number` whose [ is not closed on it."""
    for index in range(min(number, len(lines)) - 1, -1, -1):
        key = _KEY_LINE.match(lines[index])
        if key and key.group(2).count("[") > key.group(2).count("]"):
            return index + 1
    return 0


def _repeated_key(lines: list[str]) -> int:
    """The first line that repeats a key of its block, or a [single] header seen before."""
    table, keys, headers = "", set(), set()
    for number, line in enumerate(lines, 1):
        if _HEADER.match(line):
            table, keys = line.strip(), set()
            if not table.startswith("[[") and table in headers:
                return number
            headers.add(table)
            continue
        key = _KEY_LINE.match(line)
        if key:
            if key.group(1) in keys:
                return number
            keys.add(key.group(1))
    return 0
