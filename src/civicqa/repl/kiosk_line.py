"""The kiosk on a terminal with TERM=dumb: plain lines, and not one escape sequence.

prompt-toolkit always sends some escape sequences (cursor moves, bracketed-paste mode, bold),
which a dumb terminal prints as junk. Here the kiosk edits the line itself, echoing only the
characters typed, backspace-space-backspace to erase one, and new lines. It keeps the kiosk's
rules: the terminal's signal keys, flow control and end-of-file key are off (see locked_down);
Ctrl-C clears the line; Ctrl-D starts over; the idle clock runs from every byte read; /staff asks
for the passphrase with nothing shown as it is typed. Escape sequences typed (arrow keys send
them) are dropped, so there is no history to recall and no completion, and starting over prints
blank lines, which cannot clear the scrollback (docs/kiosk.md says so).
"""

from __future__ import annotations

import codecs
import errno
import os
import select
import signal
import time
from typing import TextIO

from civicqa.environment import Environment
from civicqa.repl.commands import Then
from civicqa.repl.kiosk_config import KioskSettings
from civicqa.repl.kiosk_core import MAX_INPUT, Cancel, Idle, KioskCore, StartOver, welcome_text
from civicqa.repl.lockdown import TERMINAL_GONE, flush_terminal_input, locked_down, stop_signals_to_catch
from civicqa.repl.session import ChatSession
from civicqa.status import ExitStatus


class _Stopped(Exception):
    """SIGTERM or SIGHUP arrived."""


class _Closed(Exception):
    """The terminal went away."""


class LineKiosk(KioskCore):
    """The kiosk for TERM=dumb: it reads the terminal byte by byte and edits the line itself."""

    def __init__(self, session: ChatSession, env: Environment, settings: KioskSettings,
                 input: TextIO | None = None) -> None:
        super().__init__(session, env, settings)
        self.input = input  # the terminal's; None: stdin

    def run(self) -> ExitStatus:
        self._descriptor = (self.input or self.env.stdin).fileno()
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._escape = ""  # an escape sequence being dropped
        self._pending = ""  # read but not yet used: what was typed after Enter
        previous = self._catch_signals_in_lines()
        try:
            with locked_down(self.env.stdin):
                return self._lines()
        except _Stopped:
            return self.stopped()
        except _Closed:
            return self.terminal_closed()
        except OSError as error:
            if error.errno not in TERMINAL_GONE:
                raise
            return self.terminal_closed()
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    def _catch_signals_in_lines(self) -> dict:
        previous = {}
        for name, number in stop_signals_to_catch():

            def handler(signum, frame, name=name):
                self.stopping = self.stopping or name
                raise _Stopped()

            previous[number] = signal.signal(number, handler)
        return previous

    def _lines(self) -> ExitStatus:
        self.start_over()
        while True:
            self.session.width, self.session.color = self.env.width, False
            try:
                text = self.read_line(self.session.words.PROMPT)
            except (StartOver, Idle):
                self.start_over()
                continue
            then = self.take(text)
            if then is Then.START_OVER:
                self.start_over()
            elif then is Then.STAFF and self._staff_exit():
                return ExitStatus.OK

    def start_over(self) -> None:
        """Forget the last patron, push the screen out of sight and show the welcome."""
        self.session.start_over()
        self.start_overs += 1
        flush_terminal_input(self.env.stdin)
        self._escape = self._pending = ""  # nothing typed for the last patron reaches the next
        self.capped = False
        self.clear_screen()
        self.session.width, self.session.color = self.env.width, False
        self.say(welcome_text(self.session, self.settings))
        self.touched = False
        self.last_key = time.monotonic()

    def clear_screen(self) -> None:
        self.say("\n" * 100)  # no escape sequences here: push the text out of sight

    def _staff_exit(self) -> bool:
        try:
            text = self.read_line(self.session.words.PASSPHRASE, hidden=True)
        except (Cancel, StartOver):
            self._write("\n")
            return False
        except Idle:
            self.start_over()
            return False
        if not text:
            return False
        if self.closes(text):
            return True
        time.sleep(self.settings.limiter.failed())
        flush_terminal_input(self.env.stdin)  # keys typed while waiting are not the next try
        self._pending = ""
        self.wrong_passphrase()
        return False

    def read_line(self, prompt: str, hidden: bool = False) -> str:
        """One line typed at the prompt; raises StartOver on Ctrl-D (Cancel when hidden) or Idle."""
        self._write(prompt)
        typed: list[str] = []
        timeout = self.settings.idle_timeout
        while True:
            chars, self._pending = self._pending, ""
            for index, char in enumerate(chars):
                if char in "\r\n":
                    self._pending = chars[index + 1:]
                    self._write("\n")
                    return "".join(typed)
                if char == "\x03":  # Ctrl-C: clear the line
                    typed.clear()
                    self._write("\n" + prompt)
                elif char == "\x04":
                    raise Cancel() if hidden else StartOver()
                elif char in "\x7f\x08":
                    if typed:
                        typed.pop()
                        if not hidden:
                            self._write("\b \b")
                elif char == "\x15":  # Ctrl-U: erase the line
                    if not hidden:
                        self._write("\b \b" * len(typed))
                    typed.clear()
                elif char.isprintable() and len(typed) < MAX_INPUT:
                    typed.append(char)
                    if not hidden:
                        self._write(char)
            wait = None
            if self.touched:
                wait = timeout - (time.monotonic() - self.last_key)
                if wait <= 0:
                    self._write("\n")
                    raise Idle()
            try:
                ready = select.select([self._descriptor], [], [], wait)[0]
            except InterruptedError:
                continue
            if not ready:
                continue
            self._pending = self._read_chars()

    def _read_chars(self) -> str:
        """The characters read, with control characters kept and escape sequences dropped."""
        try:
            data = os.read(self._descriptor, 1024)
        except InterruptedError:
            return ""
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
                return ""
            raise _Closed() from None
        if not data:
            raise _Closed()
        self.last_key, self.touched = time.monotonic(), True
        kept = []
        for char in self._decoder.decode(data):
            if self._escape and char < " ":  # a terminal acts on a control key even inside a sequence
                self._escape = ""
            if self._escape:
                self._escape += char
                # ESC [ ... final byte, ESC O x, or ESC and one other character.
                if (self._escape[1] == "[" and len(self._escape) > 2 and "@" <= char <= "~") \
                        or (self._escape[1] == "O" and len(self._escape) == 3) \
                        or self._escape[1] not in "[O" or len(self._escape) > 32:
                    self._escape = ""
            elif char == "\x1b":
                self._escape = char
            else:
                kept.append(char)
        return "".join(kept)

    def _write(self, text: str) -> None:
        self.env.stdout.write(text)
        self.env.stdout.flush()
