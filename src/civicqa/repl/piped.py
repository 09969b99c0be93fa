"""The loop for a stdin that is not a terminal: one question per line, no prompt-toolkit.

This is how scripts hold a conversation:

    printf 'What is 287(g)?\\nWho opposed it?\\n' | civicqa chat --json

Text mode prints each answer as `ask` does, with a blank line between answers, and commands
print their text. --json prints exactly the `ask --json` object per question, one per line
(JSON Lines) and nothing else on stdout: /reset and /quit still work, and other commands are
reported on stderr as ignored.

A line longer than a question may be (civicqa.question.MAX_QUESTION characters) is not
analysed: text mode says so on stderr, --json prints an object for that line with an "error"
key, and the conversation carries on with the next line.
"""

from __future__ import annotations

import os
from typing import TextIO

from civicqa import render
from civicqa.environment import Environment
from civicqa.question import MAX_QUESTION, read_line
from civicqa.messages import Messages
from civicqa.repl.commands import QUIT, RESET, Reply
from civicqa.repl.session import ChatSession, answer_lines
from civicqa.status import ExitStatus


def run_piped(session: ChatSession, env: Environment, json_output: bool = False) -> ExitStatus:
    _tolerant(env.stdin, "replace")  # bytes that are not UTF-8 become U+FFFD, never a crash
    _tolerant(env.stdout, "backslashreplace")
    screen = PipeScreen(env, json_output)
    number = 0
    try:
        while True:
            raw, overflow = read_line(env.stdin)
            if not raw:
                break
            number += 1
            line = raw.strip()
            if not line:
                continue
            if overflow or len(" ".join(line.split())) > MAX_QUESTION:
                screen.refuse(line, number, session.words)
                continue
            if json_output and session.commands.is_command(line):
                command, word, _ = session.commands.find(line)
                if command not in (RESET, QUIT):
                    print(f"civicqa: {render.sanitize(word)} ignored: with --json only /reset and /quit "
                          "work.", file=env.stderr)
                    continue
            if answer_lines(session, [line], screen) is not None:  # /quit
                break
    except BrokenPipeError:  # the reader went away (`| head -1`): stop quietly
        _silence(env.stdout)
    return ExitStatus.OK


class PipeScreen:
    """Text mode: each reply as `ask` prints it, a blank line between them. --json: one `ask --json`
    object per question, nothing else on stdout. Errors go to stderr either way."""

    def __init__(self, env: Environment, json_output: bool) -> None:
        self.env, self.json = env, json_output
        self.shown = 0  # replies printed in text mode

    def echo(self, line: str) -> None:
        pass  # one line at a time: nothing to tell apart

    def show(self, line: str, reply: Reply) -> None:
        if reply.error:
            print(reply.error, file=self.env.stderr)
        if self.json:
            if reply.answer is not None and reply.command is None:
                print(render.dumps(render.answer_json(reply.answer)), file=self.env.stdout)
        elif reply.text:
            self.text(reply.text)
        self.env.stdout.flush()  # a script waiting for this answer gets it now

    def text(self, text: str) -> None:
        print(("\n" if self.shown else "") + text, file=self.env.stdout)
        self.shown += 1

    def refuse(self, line: str, number: int, words: Messages) -> None:
        """Say that a line is too long to be a question, in that line's place in the output."""
        message = words.too_long(MAX_QUESTION)
        print(f"civicqa: line {number}: {message} The conversation carries on.", file=self.env.stderr)
        if self.json:
            start = " ".join(line[:PREVIEW].split())
            print(render.dumps({"question": start + "...", "answer": "", "abstained": True, "citations": [],
                                "error": message}), file=self.env.stdout)
        else:
            self.text(words.too_long(MAX_QUESTION))
        self.env.stdout.flush()


PREVIEW = 80  # characters of a refused line repeated in its JSON object


def _tolerant(stream: TextIO, errors: str) -> None:
    try:
        stream.reconfigure(errors=errors)  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        pass  # not a real text stream (tests pass StringIO)


def _silence(stream: TextIO) -> None:
    """Point a closed pipe at /dev/null so Python's own flush at exit does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (AttributeError, ValueError, OSError):
        pass
