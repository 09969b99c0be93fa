"""In-prompt commands in one small registry; /help and "did you mean" are generated from it.

A command is a name such as "/why", some aliases, a key to its line of help in the messages
catalogue, and a handler. Aliases that do not start with "/" (such as "?" or "help") work only
as a whole line, so a question that starts with "help" is still a question. A hidden command
(the kiosk's /staff) works when typed but is never listed, completed or suggested. A kiosk builds
its own registry from the same handlers, leaving out what a public terminal should not offer.

Handlers return data, a `Reply` saying what to show (an answer, a listing, a message) and
whether the reading should stop; `ChatSession.render` is the one place that turns it into text.
They see the session only through the narrow `Conversing` protocol below.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Callable, Protocol

from civicqa import render
from civicqa.messages import English, Messages

if TYPE_CHECKING:
    from civicqa.answer import Answer


class Show(StrEnum):
    """What a reply shows; ChatSession.render words and lays it out."""

    NOTHING = ""
    ANSWER = "answer"  # reply.answer, with its sources
    WHY = "why"  # how reply.answer was found
    HELP = "help"  # the commands, or one (reply.about)
    TOPICS = "topics"
    SOURCES = "sources"
    MESSAGE = "message"  # reply.message, one short paragraph


class Then(StrEnum):
    """What the front end does after a reply: carry on reading, or stop for something."""

    CARRY_ON = ""
    QUIT = "quit"  # leave (chat), stop reading (piped)
    START_OVER = "start-over"  # the kiosk: forget the patron and show the welcome
    STAFF = "staff"  # the kiosk: ask for the staff passphrase


@dataclass
class Reply:
    """What one line produced: what to show, an error for stderr, and what to do next. `text` is
    the shown part as words, filled in by ChatSession.render."""

    show: Show = Show.NOTHING
    answer: Answer | None = None  # set when the line was a question (or for /why)
    message: str = ""
    about: Command | None = None  # /help COMMAND
    error: str = ""
    then: Then = Then.CARRY_ON
    command: Command | None = None  # set when the line was a known command
    text: str = ""

    @property
    def quit(self) -> bool:
        return self.then is Then.QUIT


class Conversing(Protocol):
    """What a handler may use of the session."""

    commands: Registry
    last: Answer | None
    words: Messages
    language: str
    languages: list[str]

    def reset(self) -> None: ...

    def speak(self, code: str) -> None: ...


Handler = Callable[[Conversing, str], Reply]


@dataclass(frozen=True)
class Command:
    name: str  # "/why"
    key: str  # its line of help: Messages.HELP[key]
    handler: Handler
    aliases: tuple[str, ...] = ()
    hidden: bool = False  # works when typed; never listed, completed or suggested

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class Registry:
    """The commands one front end offers, in the order /help lists them."""

    def __init__(self, commands: list[Command]) -> None:
        self.commands = list(commands)
        self._by_spelling = {s.lower(): c for c in self.commands for s in c.spellings}

    def __iter__(self):
        """The commands a person is shown: hidden ones are left out."""
        return (c for c in self.commands if not c.hidden)

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
        slashed = [s for c in self for s in c.spellings if s.startswith("/")]
        close = difflib.get_close_matches(word.lower(), slashed, n=1, cutoff=0.6)
        return close[0] if close else None

    def names(self) -> list[str]:
        """Every slash spelling, for completion."""
        return [s for c in self for s in c.spellings if s.startswith("/")]

    def help_text(self, notes: str = "", width: int = 80, words: Messages = English) -> str:
        column = max(len(c.name) for c in self) + 2
        lines = [words.COMMANDS]
        for command in self:
            also = f" {words.ALSO} {', '.join(command.aliases)}." if command.aliases else ""
            lines.append(render.wrap(f"{command.name:<{column}}{words.HELP[command.key]}{also}", width,
                                     "  ", "  " + " " * column))
        if notes:
            lines += ["", notes]
        return "\n".join(lines)

    def _bare(self) -> set[str]:
        return {s for s in self._by_spelling if not s.startswith("/")}


def unknown(session: Conversing, word: str) -> Reply:
    """A /word that is no command: say so, with the likeliest one meant."""
    message = session.words.no_command(render.sanitize(word), session.commands.did_you_mean(word))
    return Reply(Show.MESSAGE, message=message)


# -- the handlers chat offers ---------------------------------------------------------------------


def show_help(session: Conversing, argument: str) -> Reply:
    if argument:
        command, word, _ = session.commands.find("/" + argument.lstrip("/"))
        if command and not command.hidden:
            return Reply(Show.HELP, about=command)
        return unknown(session, word)
    return Reply(Show.HELP)


def show_topics(session: Conversing, argument: str) -> Reply:
    return Reply(Show.TOPICS)


def show_sources(session: Conversing, argument: str) -> Reply:
    return Reply(Show.SOURCES)


def show_why(session: Conversing, argument: str) -> Reply:
    if session.last is None:
        return Reply(Show.MESSAGE, message=session.words.ASK_FIRST)
    return Reply(Show.WHY, answer=session.last)


def reset(session: Conversing, argument: str) -> Reply:
    session.reset()
    return Reply(Show.MESSAGE, message=session.words.STARTING_OVER)


def leave(session: Conversing, argument: str) -> Reply:
    return Reply(then=Then.QUIT)


def switch_language(session: Conversing, argument: str) -> Reply:
    """/language es, /idioma en; alone, the next language the packs speak."""
    codes = session.languages
    wanted = argument.strip().lower()[:2]
    if wanted and wanted not in codes:
        return Reply(Show.MESSAGE, message=session.words.languages_offered(codes))
    if not wanted:
        wanted = codes[(codes.index(session.language) + 1) % len(codes)] if session.language in codes else codes[0]
    session.speak(wanted)
    return Reply(Show.MESSAGE, message=session.words.SPEAKING_NOW)


HELP = Command("/help", "help", show_help, ("/h", "?", "help"))
TOPICS = Command("/topics", "topics", show_topics)
SOURCES = Command("/sources", "sources", show_sources)
WHY = Command("/why", "why", show_why)
RESET = Command("/reset", "reset", reset)
QUIT = Command("/quit", "quit", leave, ("/exit", "/q", "quit", "exit"))
LANGUAGE = Command("/language", "language", switch_language, ("/idioma", "/lang", "/espanol", "/english"))


def chat_commands() -> Registry:
    return Registry([HELP, TOPICS, SOURCES, WHY, LANGUAGE, RESET, QUIT])
