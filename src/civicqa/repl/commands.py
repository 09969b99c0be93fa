"""In-prompt commands in one small registry; /help and "did you mean" are generated from it.

A command is a name such as "/why", some aliases, one line of help and a handler. Aliases
that do not start with "/" (such as "?" or "help") work only as a whole line, so a question
that starts with "help" is still a question. A kiosk builds its own registry from the same
handlers, leaving out what a public terminal should not offer.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from civicqa import render

if TYPE_CHECKING:
    from civicqa.answer import Answer
    from civicqa.repl.session import ChatSession


@dataclass
class Reply:
    """What one line produced: text for stdout, an error for stderr, and whether to leave."""

    text: str = ""
    answer: Answer | None = None  # set when the line was a question
    error: str = ""
    quit: bool = False
    command: Command | None = None  # set when the line was a known command


Handler = Callable[["ChatSession", str], Reply]


@dataclass(frozen=True)
class Command:
    name: str  # "/why"
    help: str  # one line, plain English
    handler: Handler
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class Registry:
    """The commands one front end offers, in the order /help lists them."""

    def __init__(self, commands: list[Command]) -> None:
        self.commands = list(commands)
        self._by_spelling = {s.lower(): c for c in self.commands for s in c.spellings}

    def __iter__(self):
        return iter(self.commands)

    def is_command(self, line: str) -> bool:
        line = line.strip()
        return line.startswith("/") or line.lower() in self._bare()

    def find(self, line: str) -> tuple[Command | None, str, str]:
        """Split a command line into (command or None, the word as typed, the argument)."""
        line = line.strip()
        if line.lower() in self._bare():
            return self._by_spelling[line.lower()], line, ""
        word, _, argument = line.partition(" ")
        command = self._by_spelling.get(word.lower()) if word.startswith("/") else None
        return command, word, argument.strip()

    def did_you_mean(self, word: str) -> str | None:
        slashed = [s for s in self._by_spelling if s.startswith("/")]
        close = difflib.get_close_matches(word.lower(), slashed, n=1, cutoff=0.6)
        return close[0] if close else None

    def names(self) -> list[str]:
        """Every slash spelling, for completion."""
        return [s for c in self.commands for s in c.spellings if s.startswith("/")]

    def help_text(self, notes: str = "", width: int = 80) -> str:
        column = max(len(c.name) for c in self.commands) + 2
        lines = ["Commands:"]
        for command in self.commands:
            also = f" Also: {', '.join(command.aliases)}." if command.aliases else ""
            lines.append(render.wrap(f"{command.name:<{column}}{command.help}{also}", width,
                                     "  ", "  " + " " * column))
        if notes:
            lines += ["", notes]
        return "\n".join(lines)

    def _bare(self) -> set[str]:
        return {s for s in self._by_spelling if not s.startswith("/")}


# -- the handlers chat offers ---------------------------------------------------------------------


def show_help(session: ChatSession, argument: str) -> Reply:
    if argument:
        command, word, _ = session.commands.find("/" + argument.lstrip("/"))
        if command:
            return Reply(render.wrap(f"{command.name}: {command.help}", session.width))
        return session.unknown(word)
    return Reply(session.commands.help_text(session.notes, session.width))


def show_topics(session: ChatSession, argument: str) -> Reply:
    return Reply(render.topics_text(session.packs, session.width))


def show_sources(session: ChatSession, argument: str) -> Reply:
    return Reply(render.sources_text(session.packs, session.width))


def show_why(session: ChatSession, argument: str) -> Reply:
    if session.last is None:
        return Reply("Ask a question first. Then /why shows how its answer was found.")
    return Reply(render.explain_text(session.last, session.width))


def reset(session: ChatSession, argument: str) -> Reply:
    session.reset()
    return Reply("Starting over. Follow-up questions will not refer to earlier ones.")


def leave(session: ChatSession, argument: str) -> Reply:
    return Reply("", quit=True)


HELP = Command("/help", "Show this list of commands.", show_help, ("/h", "?", "help"))
TOPICS = Command("/topics", "List what the pack covers, with example questions.", show_topics)
SOURCES = Command("/sources", "List the sources the answers come from.", show_sources)
WHY = Command("/why", "Show how the last answer was found.", show_why)
RESET = Command("/reset", "Forget the conversation, so follow-ups start fresh.", reset)
QUIT = Command("/quit", "Leave civicqa.", leave, ("/exit", "/q", "quit", "exit"))


def chat_commands() -> Registry:
    return Registry([HELP, TOPICS, SOURCES, WHY, RESET, QUIT])
