"""What both kiosk loops share: the kiosk's commands and welcome, and `KioskCore`, which answers,
counts, logs, starts over and checks the staff passphrase, whatever reads the keys.

    kiosk.py       Kiosk(KioskCore): the prompt-toolkit loop (idle clock, paste guard, start over)
    kiosk_line.py  LineKiosk(KioskCore): TERM=dumb, a line loop that sends no escape sequence

Neither loop imports the other, and this module does not import prompt-toolkit.
"""

from __future__ import annotations

import contextlib
import time
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

from civicqa import render
from civicqa.environment import Environment
from civicqa.messages import Messages, Why
from civicqa.repl.commands import HELP, LANGUAGE, SOURCES, TOPICS, WHY, Command, Conversing, Registry, Reply, Then
from civicqa.repl.kiosk_config import Counts, ErrorLog, KioskSettings, error_line
from civicqa.repl.lockdown import STOP_SIGNALS, TERMINAL_CLOSED
from civicqa.repl.session import ChatSession, answer_lines, split_lines
from civicqa.status import ExitStatus

if TYPE_CHECKING:
    from civicqa.answer import Explainer

MAX_INPUT = 500  # characters: a question, or a paste of a few
WELCOME_EXAMPLES = 3  # with the rest, the welcome fits a 24-row screen at 80 columns, title on top


class StartOver(Exception):
    """Ctrl-D at the prompt: forget this patron and show the welcome."""


class Idle(Exception):
    """No key pressed for idle_timeout seconds."""


class Cancel(Exception):
    """Ctrl-C or Ctrl-D at the passphrase prompt."""


# -- the session and its commands -------------------------------------------------------------------


def start_over(session: Conversing, argument: str) -> Reply:
    session.reset()
    return Reply(then=Then.START_OVER)  # the kiosk clears the screen and shows the welcome


def ask_passphrase(session: Conversing, argument: str) -> Reply:
    return Reply(then=Then.STAFF)


START_OVER = Command("/reset", "start-over", start_over, ("/new", "/quit", "/exit", "quit", "exit"))
# Hidden: /help, completion and "did you mean" never show it to a patron.
STAFF = Command("/staff", "staff", ask_passphrase, hidden=True)


def kiosk_commands() -> Registry:
    return Registry([HELP, TOPICS, SOURCES, WHY, LANGUAGE, START_OVER, STAFF])


def kiosk_session(explainer: Explainer, plain: bool = False, width: int = 80, color: bool = False) -> ChatSession:
    """A chat session with the kiosk's commands, and its keys under /help."""
    session = ChatSession(explainer, kiosk_commands(), width=width, color=color)
    session.notes = lambda width: kiosk_notes(session.words, plain, width)
    return session


def kiosk_notes(words: Messages, plain: bool = False, width: int = 80) -> str:
    """The keys, shown under /help, wrapped to the width (a large font leaves few columns)."""
    lines = [words.KEYS]
    for key, text in words.KIOSK_KEYS:
        if not (plain and key == "Tab"):
            lines.append(render.wrap(f"{key:<11}{text}", width, "  ", " " * 13))
    return "\n".join(lines)


def welcome_text(session: ChatSession, settings: KioskSettings) -> str:
    """What civicqa is, examples, privacy and how to start over, in about 13 lines at 80 columns,
    so the title stays on a 24-row screen together with the prompt and the space kept below it."""
    fancy = session.color and not settings.plain  # bold and box drawing only where styling is welcome
    width, style, words = session.width, render.Style(fancy), session.words
    titles = "; ".join(render.sanitize(p.title) for p in session.packs)
    lines = [style.bold(render.wrap(words.kiosk_title(titles), width))]
    if fancy:
        lines.append("\u2500" * width)
    lines += [render.wrap(words.kiosk_intro(render.sanitize(session.topic)), width),
              "", render.wrap(words.KIOSK_EXAMPLE, width)]
    lines += [render.wrap(render.sanitize(q), width, "  - ", "    ") for q in session.examples(WELCOME_EXAMPLES)]
    counted = words.COUNTED if settings.counts else ""
    lines += ["", render.wrap(words.privacy(counted, words.duration(settings.idle_timeout)), width)]
    lines.append(render.wrap(words.KIOSK_START_OVER, width))
    lines += [render.wrap(line, width) for line in session.other_languages()]  # "En español: /idioma"
    return "\n".join(lines)


# -- the kiosk, whatever reads its keys -------------------------------------------------------------


class KioskCore(ABC):
    """Answering, counting, logging and the passphrase check; a subclass reads keys, clears the
    screen and starts over (start_over, clear_screen)."""

    def __init__(self, session: ChatSession, env: Environment, settings: KioskSettings) -> None:
        self.session = session
        self.env = env
        self.settings = settings
        self.last_key = time.monotonic()
        self.touched = False  # a key was pressed or a question asked since the screen was cleared
        self.capped = False  # the line being typed reached MAX_INPUT
        self.stopping: str | None = None  # the name of the signal that asked the kiosk to stop
        self.start_overs = 0
        self.error_log: ErrorLog | None = None  # opened at the first error
        # Opened now, so a counts file that cannot be written stops the start, not a patron.
        self.counts = Counts(settings.counts) if settings.counts is not None else None

    @abstractmethod
    def start_over(self) -> None:
        """Forget the patron, clear the screen and show the welcome (each loop its own way)."""

    @abstractmethod
    def clear_screen(self) -> None:
        """Clear the screen and, where the terminal can, the scrollback."""

    def used(self) -> None:
        """The patron did something: the idle clock starts again from now."""
        self.touched, self.last_key = True, time.monotonic()

    # Answering, through the line loop chat and piped chat use too.

    def take(self, text: str) -> Then:
        """Answer what was read; after a bug outside the answering itself, log it and start over."""
        try:
            return self.answer(text)
        except OSError:  # the terminal cannot be written to: nothing to carry on with
            raise
        except Exception as error:
            self.log(error)
            return Then.START_OVER

    def answer(self, text: str) -> Then:
        """Answer what was typed or pasted, line by line; what to do next (start over, the staff exit)."""
        if len(text) > MAX_INPUT or self.capped:
            text = text[:MAX_INPUT]
            self.say(render.wrap(self.session.words.capped(MAX_INPUT), self.session.width))
        self.capped = False
        stopped = answer_lines(self.session, split_lines(text), self)
        self.used()  # reading time counts from here
        return stopped.then if stopped is not None else Then.CARRY_ON

    def echo(self, line: str) -> None:
        self.say(f"> {render.sanitize(line)}")

    def show(self, line: str, reply: Reply) -> None:
        if reply.error:
            self.say(reply.error)
            if self.session.failure is not None:
                self.log(self.session.failure)
                self.session.failure = None
        if not self.session.commands.is_command(line) and not _asks_nothing(reply.answer):
            self.count(reply.answer)  # a question (answered, declined or failed); not "ok" or "thanks"
        if reply.text:
            self.say(reply.text + "\n")

    def count(self, answer) -> None:
        if self.counts is None:
            return
        try:
            self.counts.record(None if answer is None else not answer.abstained)
        except Exception as error:  # a full disk must not stop the kiosk
            self.log(error)

    def log(self, error: BaseException, during: str = "while answering") -> None:
        """Record an error by type and place, never with the question; then carry on."""
        line = error_line(error, during)
        if self.settings.error_log is not None:
            if self.error_log is None:
                self.error_log = ErrorLog(self.settings.error_log)
            with contextlib.suppress(OSError):
                self.error_log.write(line)
                return
        print(f"civicqa: {line}", file=self.env.stderr)

    def say(self, text: str) -> None:
        print(text, file=self.env.stdout, flush=True)

    # Ending.

    def closes(self, text: str) -> bool:
        """True when text is the passphrase: forget the patron, clear the screen, say so."""
        if not self.settings.passphrase.matches(text):
            return False
        self.settings.limiter.succeeded()
        self.session.reset()
        self.clear_screen()
        self.say(self.session.words.CLOSED_BY_STAFF)
        return True

    def wrong_passphrase(self) -> None:
        self.say(self.session.words.WRONG_PASSPHRASE + "\n")
        self.used()

    def stopped(self) -> ExitStatus:
        """A stop signal came: clear the screen and the scrollback (the last patron's questions
        go) and say why."""
        status, message = STOP_SIGNALS[self.stopping]
        self.session.reset()
        with contextlib.suppress(OSError, ValueError):
            self.clear_screen()
        with contextlib.suppress(OSError, ValueError):
            print(message, file=self.env.stderr, flush=True)
        return status

    def terminal_closed(self) -> ExitStatus:
        """The terminal went away: say so where it can still be read (a log, a journal)."""
        with contextlib.suppress(OSError, ValueError):
            print(TERMINAL_CLOSED, file=self.env.stderr, flush=True)
        return ExitStatus.ERROR


def _asks_nothing(answer) -> bool:
    """Whether a line asked nothing ("ok", "thanks"): no question to count."""
    return answer is not None and answer.decision.why is Why.NO_WORDS
