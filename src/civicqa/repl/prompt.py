"""The terminal front end: a prompt-toolkit session and the loop around it.

History stays in memory unless the person asks for a file (--history FILE). Completion covers
the /commands and the pack's names (people, organizations, terms). Auto-suggestion, completion
and the toolbar can each be turned off; a kiosk passes its own settings and key bindings.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style

from civicqa.environment import Environment
from civicqa.errors import CivicqaError
from civicqa.knowledge import Pack
from civicqa.language.english import LEADING_ARTICLE
from civicqa.render import sanitize
from civicqa.repl.keys import chat_bindings
from civicqa.repl.commands import Reply
from civicqa.repl.session import ChatSession, answer_lines, split_lines
from civicqa.repl.toolbar import toolbar
from civicqa.status import ExitStatus

NAMED_KINDS = ("person", "organization", "definition")
# Names are completed from the last few words typed: "who is ada s" -> "Ada Stone".
MAX_NAME_WORDS = 4
MAX_NAME_CHARS = 200  # so a 10,000-character line does not slow every key press
STYLE = Style.from_dict({"prompt": "bold"})  # the toolbar keeps the default reverse video: it works in black and white


@dataclass
class PromptSettings:
    message: Callable[[], str] | None = None  # the prompt, in the session's words; None: CHAT_PROMPT
    history: Path | None = None  # None: remembered only until the session ends
    toolbar: bool = True
    suggest: bool = True
    complete: bool = True


def run_prompt(session: ChatSession, env: Environment, settings: PromptSettings,
               bindings: KeyBindings | None = None, input: Input | None = None,
               output: Output | None = None) -> ExitStatus:
    """Hold a conversation until /quit or Ctrl-D; Ctrl-C only drops the line being typed."""
    if input is None:  # a typed Esc [ 2 0 0 ~ must not swallow every key after it (terminal_input.py)
        from civicqa.repl.terminal_input import guarded_terminal_input

        input = guarded_terminal_input("chat", stdin=env.stdin)
    prompt = build_prompt(session, settings, bindings or chat_bindings(), input, output)
    print(session.welcome() + "\n", file=env.stdout)
    screen = TerminalScreen(env)
    while True:
        session.width, session.color = env.width, env.color  # the window may have been resized
        try:
            text = prompt.prompt()
        except KeyboardInterrupt:
            continue
        except EOFError:
            break
        try:
            if answer_lines(session, split_lines(text), screen) is not None:  # only /quit stops chat
                break
        except KeyboardInterrupt:
            print(session.words.STOPPED, file=env.stderr)
    print(session.words.GOODBYE, file=env.stdout)
    return ExitStatus.OK


class TerminalScreen:
    """Chat's screen: answers on stdout with a blank line after each, errors on stderr."""

    def __init__(self, env: Environment) -> None:
        self.env = env

    def echo(self, line: str) -> None:
        print(f"> {sanitize(line)}", file=self.env.stdout)

    def show(self, line: str, reply: Reply) -> None:
        if reply.error:
            print(reply.error, file=self.env.stderr)
        if reply.text:
            print(reply.text + "\n", file=self.env.stdout)


def build_prompt(session: ChatSession, settings: PromptSettings, bindings: KeyBindings | None = None,
                 input: Input | None = None, output: Output | None = None) -> PromptSession:
    completer = ChatCompleter(session.commands.names(), pack_names(session.packs))
    return PromptSession(
        message=lambda: [("class:prompt", settings.message() if settings.message else session.words.CHAT_PROMPT)],
        prompt_continuation=continuation,
        history=open_history(settings.history),
        completer=completer if settings.complete else None,
        complete_while_typing=settings.complete,
        auto_suggest=AutoSuggestFromHistory() if settings.suggest else None,
        bottom_toolbar=toolbar(session) if settings.toolbar else None,
        key_bindings=bindings,
        search_ignore_case=True,
        reserve_space_for_menu=4,
        style=STYLE,
        input=input,
        output=output,
    )


def continuation(width: int, line_number: int, wrap_count: int) -> str:
    """Before each further line of a paste: "... " under the prompt; nothing on wrapped lines."""
    return "" if wrap_count else "... ".rjust(width)


def open_history(path: Path | None) -> History:
    """In-memory history, or a history file readable only by its owner (questions can be private)."""
    if path is None:
        return InMemoryHistory()
    path = path.expanduser()
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        return FileHistory(str(path))
    except (OSError, UnicodeDecodeError) as error:
        raise CivicqaError(f"cannot use {sanitize(str(path))} as the history file: "
                           f"{sanitize(getattr(error, 'strerror', None) or str(error))}.",
                           "Name a file in a folder that exists, or leave out --history.") from None


@dataclass(frozen=True)
class Name:
    text: str
    kind: str  # person, organization or term
    entry: str  # one completion per entry, so its aliases and misspellings do not crowd the menu


def pack_names(packs: list[Pack]) -> list[Name]:
    """Names worth completing: the titles, then the aliases, of people, organizations and terms."""
    names: dict[str, Name] = {}
    for entry in (e for p in packs for e in p.entries if e.kind in NAMED_KINDS):
        kind = "term" if entry.kind == "definition" else entry.kind
        spellings = [" ".join(sanitize(name).split()) for name in (entry.title, *entry.aliases)]
        for text in (spellings[0], _bare(spellings[0]), *spellings[1:], *map(_bare, spellings[1:])):
            names.setdefault(text.casefold(), Name(text, kind, f"{entry.pack}/{entry.id}"))
    return list(names.values())


class ChatCompleter(Completer):
    """/commands at the start of a line; the pack's names after two or more letters of a word."""

    def __init__(self, commands: list[str], names: list[Name]) -> None:
        self.commands = commands
        self.names = names

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        before = document.text_before_cursor
        if before.startswith("/") and " " not in before:
            for command in self.commands:
                if command.startswith(before.lower()):
                    yield Completion(command, -len(before))
            return
        tail = before[-MAX_NAME_CHARS:]
        starts = [m.start() for m in re.finditer(r"(?<!\S)\S", tail)][-MAX_NAME_WORDS:]
        offered: set[str] = set()
        for start in starts:  # the longest typed phrase first: "the bike l" before "bike l"
            typed = tail[start:]
            folded = typed.casefold()
            if len(folded.strip()) < 2:
                continue
            for name in self.names:
                if name.entry not in offered and name.text.casefold().startswith(folded) \
                        and name.text.casefold() != folded:
                    offered.add(name.entry)
                    yield Completion(name.text, -len(typed), display_meta=name.kind)


def _bare(name: str) -> str:
    return LEADING_ARTICLE.sub("", name)
