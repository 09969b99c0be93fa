"""Terminal input that no typed sequence can jam: a paste that never ends is dropped.

prompt-toolkit reads `Esc [ 2 0 0 ~` as the start of a bracketed paste and then holds every key
until `Esc [ 2 0 1 ~` arrives. A person can type the start mark by hand, and from then on Enter,
Ctrl-C and Ctrl-D do nothing, and whatever anyone types (a staff passphrase included) is shown
once someone types the end mark. GuardedInput sits in front of prompt-toolkit's VT100 parser:
it takes the paste marks out itself, so the parser never enters its paste mode, and it drops a
paste (never inserting it) that has not ended PASTE_TIMEOUT seconds after it began. A terminal
delivers a real paste in milliseconds.

It uses only prompt-toolkit's public Input interface (fileno, attach, raw_mode, ...) and a
Vt100Parser of its own, so `reset()` gives a fresh parser: the kiosk calls it for each patron.
It also tells its owner about every key read, even those a paste swallows, so the kiosk's idle
clock cannot be stopped by input that never becomes a key press.
"""

from __future__ import annotations

import asyncio
import codecs
import errno
import os
import re
import select
import time
from contextlib import AbstractContextManager
from typing import Callable

from prompt_toolkit.input import Input
from prompt_toolkit.input.vt100_parser import Vt100Parser
from prompt_toolkit.key_binding import KeyPress
from prompt_toolkit.keys import Keys

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
PASTE_TIMEOUT = 1.5  # seconds from a paste's start mark to its end mark, at most
MAX_PASTE = 1_000_000  # characters kept of one paste; the rest is dropped
# The terminal's answer to prompt-toolkit's cursor position request: not a key anyone pressed.
CURSOR_REPORT = re.compile(r"\x1b\[\d+;\d+R")
READ_SIZE = 1024


class GuardedInput(Input):
    """A terminal's input (any prompt-toolkit Input with a file descriptor), with paste guarded."""

    def __init__(self, terminal: Input, name: str = "guarded", on_input: Callable[[], None] | None = None,
                 paste_timeout: float = PASTE_TIMEOUT, clock: Callable[[], float] = time.monotonic) -> None:
        self.terminal = terminal
        self.name = name  # keeps type-ahead apart from other inputs on the same terminal
        self.on_input = on_input  # called for each read that holds more than cursor reports
        self.paste_timeout = paste_timeout
        self.clock = clock
        self._closed = False
        self.dropped = 0  # pastes dropped for not ending in time (for tests and curiosity)
        self.reset()

    def reset(self) -> None:
        """Forget every key read but not yet handed on: a fresh parser, no paste, no half sequence."""
        self._keys: list[KeyPress] = []
        self.parser = Vt100Parser(self._keys.append)
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        self._held = ""  # the end of the last read, when it could be the start of a paste mark
        self._paste: str | None = None  # a paste's text so far, while one is open
        self._paste_started = 0.0
        timer = getattr(self, "_timer", None)
        if timer is not None:
            timer.cancel()
        self._timer: asyncio.TimerHandle | None = None

    @property
    def in_paste(self) -> bool:
        return self._paste is not None

    # Reading.

    def read_keys(self) -> list[KeyPress]:
        self.feed(self._read())
        return self._take()

    def flush_keys(self) -> list[KeyPress]:
        """prompt-toolkit calls this a moment after the last read, so a lone Esc is handed on."""
        self.expire()
        if self._paste is None:
            held, self._held = self._held, ""
            self.parser.feed(held)
            self.parser.flush()
        return self._take()

    def _read(self) -> str:
        if self._closed:
            return ""
        descriptor = self.fileno()
        try:
            if not select.select([descriptor], [], [], 0)[0]:
                return ""
            data = os.read(descriptor, READ_SIZE)
        except InterruptedError:
            return ""
        except OSError as error:  # EIO: the terminal went away (a hang-up); EBADF: closed
            if error.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
                return ""
            self._closed = True
            return ""
        if not data:
            self._closed = True
            return ""
        return self._decoder.decode(data)

    def feed(self, data: str) -> None:
        """Parse what was read; a paste's marks are taken out here, never by the parser."""
        if not data:
            return
        if self.on_input is not None and CURSOR_REPORT.sub("", data):
            self.on_input()
        self.expire()
        while data:
            if self._paste is not None:
                text = self._paste + data
                end = text.find(PASTE_END)
                if end < 0:
                    # Keep the start and the last few characters, where the end mark could begin.
                    self._paste = text if len(text) <= MAX_PASTE else text[:MAX_PASTE] + text[-len(PASTE_END):]
                    return
                self._close_paste()
                self._keys.append(KeyPress(Keys.BracketedPaste, text[:end]))
                data = text[end + len(PASTE_END):]
                continue
            text, self._held = self._held + data, ""
            start = text.find(PASTE_START)
            if start >= 0:
                self.parser.feed(text[:start])
                self.parser.flush()  # whatever came before the paste, in order
                self._open_paste()
                data = text[start + len(PASTE_START):]
                continue
            keep = _partial_mark(text)
            self._held = text[len(text) - keep:] if keep else ""
            self.parser.feed(text[:len(text) - keep])
            return

    def expire(self) -> None:
        """Drop a paste that has been open longer than paste_timeout; its text is never inserted."""
        if self._paste is not None and self.clock() - self._paste_started >= self.paste_timeout:
            self._close_paste()
            self.dropped += 1

    def _open_paste(self) -> None:
        self._paste, self._paste_started = "", self.clock()
        try:  # drop it on time even if no other key arrives
            self._timer = asyncio.get_running_loop().call_later(self.paste_timeout, self.expire)
        except RuntimeError:  # no loop (tests feeding text directly): the next read or flush drops it
            self._timer = None

    def _close_paste(self) -> None:
        self._paste = None
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _take(self) -> list[KeyPress]:
        keys = list(self._keys)
        self._keys.clear()
        return keys

    # The rest of Input, from the terminal.

    @property
    def closed(self) -> bool:
        return self._closed or self.terminal.closed

    def fileno(self) -> int:
        return self.terminal.fileno()

    def typeahead_hash(self) -> str:
        return f"{self.terminal.typeahead_hash()}-{self.name}"

    def raw_mode(self) -> AbstractContextManager[None]:
        return self.terminal.raw_mode()

    def cooked_mode(self) -> AbstractContextManager[None]:
        return self.terminal.cooked_mode()

    def attach(self, input_ready_callback: Callable[[], None]) -> AbstractContextManager[None]:
        return self.terminal.attach(input_ready_callback)

    def detach(self) -> AbstractContextManager[None]:
        return self.terminal.detach()

    def close(self) -> None:
        self.reset()
        self.terminal.close()


def _partial_mark(text: str) -> int:
    """How many characters at the end of text could begin a paste's start mark."""
    for size in range(min(len(PASTE_START) - 1, len(text)), 0, -1):
        if PASTE_START.startswith(text[-size:]):
            return size
    return 0


def guarded_terminal_input(name: str = "guarded", on_input: Callable[[], None] | None = None,
                           stdin=None) -> GuardedInput:
    """The terminal's input (stdin), guarded."""
    from prompt_toolkit.input import create_input

    return GuardedInput(create_input(stdin), name, on_input)
