"""civicqa kiosk: chat on a public terminal, where each patron leaves no trace for the next.

The kiosk is the chat session with other settings, run one prompt at a time on one asyncio loop:

- Starting over (Ctrl-D, /reset, or idle_timeout seconds without a key press) forgets the
  conversation, builds a new prompt (so its history, clipboard and type-ahead go too), clears the
  screen and the scrollback, and shows the welcome again.
- Lock-down: Ctrl-C only clears the line; Ctrl-Z, Ctrl-\\, Ctrl-S and Ctrl-R do nothing; there
  is no suspend, editor, system-prompt or history-search binding. While the kiosk runs, SIGINT,
  SIGTSTP and SIGQUIT are ignored and the terminal's signal keys, flow control and end-of-file
  key are off, so no key stops, freezes or ends it, even between prompts.
- Privacy: nothing typed is written anywhere. Counts (three numbers) only when turned on; an
  error while answering is logged by type and place, never with the question.
- Staff exit: /staff (a hidden command: not listed in /help) asks for the passphrase, showing nothing of it (not
  even its length) and erasing the line after each try; each wrong one waits twice as long as
  the last before the kiosk carries on.
- No jam: input goes through GuardedInput (terminal_input.py), which drops a paste that does not
  end in time, and the idle clock runs from every byte read. SIGTERM and SIGHUP clear the screen
  and the scrollback before the kiosk ends; with TERM=dumb a line loop (kiosk_line.py) sends no
  escape sequence at all.

What both loops share (answering, counts, the log, the passphrase check, the welcome) is in
kiosk_core.py; signals, terminal modes and memory in lockdown.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from typing import Callable

from prompt_toolkit import PromptSession
from prompt_toolkit.clipboard import InMemoryClipboard
from prompt_toolkit.history import DummyHistory, InMemoryHistory
from prompt_toolkit.input import Input, create_input
from prompt_toolkit.input.typeahead import clear_typeahead
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput
from prompt_toolkit.output import ColorDepth, Output, create_output
from prompt_toolkit.styles import Style

from civicqa.environment import Environment
from civicqa.repl.commands import Then
from civicqa.repl.keys import add_enter_takes_completion, add_ignore_mouse_reports, add_paste_as_lines
from civicqa.repl.kiosk_config import KioskSettings
from civicqa.repl.kiosk_core import MAX_INPUT, Cancel, Idle, KioskCore, StartOver, welcome_text
from civicqa.repl.lockdown import (TERMINAL_GONE, flush_terminal_input, keep_memory_private,
                                   locked_down, stop_signals_to_catch)
from civicqa.repl.prompt import PromptSettings, build_prompt
from civicqa.repl.session import ChatSession
from civicqa.repl.terminal_input import GuardedInput
from civicqa.repl.toolbar import toolbar
from civicqa.status import ExitStatus

# Home, erase the screen, erase the scrollback (xterm, VTE, tmux, the Linux console all know 3J).
CLEAR = "\x1b[H\x1b[2J\x1b[3J"
# Restarting the loop after this many unexpected prompt errors in a row would only spin: stop.
MAX_PROMPT_FAILURES = 5


class Stop(Exception):
    """SIGTERM or SIGHUP: clear the screen and end the kiosk."""


# -- key bindings ---------------------------------------------------------------------------------


def kiosk_bindings() -> KeyBindings:
    """Chat's Enter and paste handling; Ctrl-C clears, Ctrl-D starts over; Ctrl-Z, Ctrl-\\, Ctrl-S
    and Ctrl-R do nothing."""
    bindings = KeyBindings()
    add_enter_takes_completion(bindings)
    add_paste_as_lines(bindings)

    @bindings.add("c-c")
    def _clear(event: KeyPressEvent) -> None:
        event.current_buffer.reset()

    @bindings.add("c-d")
    def _start_over(event: KeyPressEvent) -> None:
        event.app.exit(exception=StartOver())

    add_ignored_keys(bindings)
    return bindings


def passphrase_bindings() -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add("c-c")
    @bindings.add("c-d")
    def _cancel(event: KeyPressEvent) -> None:
        event.app.exit(exception=Cancel())

    add_ignored_keys(bindings)
    return bindings


def add_ignored_keys(bindings: KeyBindings) -> None:
    @bindings.add("c-z")  # never suspend, never insert a literal ^Z
    @bindings.add("c-\\")
    @bindings.add("c-s")  # no search mode to get lost in: a patron pressing "save" sees nothing happen
    @bindings.add("c-r")
    # Emacs keys that would send the line in a surprising way (Ctrl-O sends it and recalls the next
    # one; Alt-# sends it with a "#" in front) or insert the next key as a raw control character
    # (Ctrl-Q, Ctrl-V): a patron pressing them by accident sees nothing happen.
    @bindings.add("c-o")
    @bindings.add("escape", "#")
    @bindings.add("c-q")
    @bindings.add("c-v")
    def _ignore(event: KeyPressEvent) -> None:
        pass

    add_ignore_mouse_reports(bindings)


class Hidden(Processor):
    """Show nothing of what is typed, not even one star per character: its length is a secret too."""

    def apply_transformation(self, transformation_input: TransformationInput) -> Transformation:
        return Transformation([], source_to_display=lambda i: 0, display_to_source=lambda i: 0)


# -- the prompts ----------------------------------------------------------------------------------


def patron_prompt(session: ChatSession, plain: bool, bottom_toolbar, input: Input | None,
                  output: Output | None) -> PromptSession:
    """The patron's prompt: no history file, suspend, editor or system prompt; in plain mode
    nothing drawn below it and nothing styled, so screen readers read only text."""
    settings = PromptSettings(message=lambda: session.words.PROMPT, history=None, toolbar=False, suggest=False,
                              complete=not plain)
    prompt = build_prompt(session, settings, kiosk_bindings(), input, output)
    prompt.enable_suspend = prompt.enable_open_in_editor = prompt.enable_system_prompt = False
    prompt.bottom_toolbar = bottom_toolbar
    if plain:
        prompt.reserve_space_for_menu = 0
        prompt.color_depth = ColorDepth.MONOCHROME
        prompt.style = Style([])  # not even a bold prompt
    return prompt


def passphrase_prompt(message: str, input: Input | None, output: Output | None) -> PromptSession:
    """The passphrase prompt: its own input and buffer, no history, nothing shown as typed."""
    return PromptSession(message=message, input_processors=[Hidden()], key_bindings=passphrase_bindings(),
                         history=DummyHistory(), enable_suspend=False, enable_system_prompt=False,
                         enable_open_in_editor=False, erase_when_done=True, input=input, output=output)


def forget_patron(prompt: PromptSession) -> None:
    """Forget the last patron in a prompt: no history, clipboard, kill ring, undo or search left."""
    prompt.history = InMemoryHistory()
    prompt.clipboard = InMemoryClipboard()
    for buffer in (prompt.default_buffer, prompt.search_buffer):
        buffer.history = prompt.history if buffer is prompt.default_buffer else InMemoryHistory()
        buffer.reset()
    prompt.app.key_processor.reset()
    prompt.app.emacs_state.reset()  # a macro being recorded holds keys typed...
    prompt.app.emacs_state.macro = []  # ...and so does the last one recorded, which reset() keeps
    prompt.app.vi_state.reset()


def kiosk_toolbar(session: ChatSession, capped: Callable[[], bool]):
    """The chat's toolbar with the kiosk's hints, or the length limit while a line is capped."""
    base = toolbar(session, lambda: (session.words.HINT_HELP, session.words.HINT_START_OVER))

    def fragments():
        if capped():
            return [("class:bottom-toolbar", " " + session.words.cap_hint(MAX_INPUT))]
        return base()

    return fragments


def catch_stop_signals(loop: asyncio.AbstractEventLoop, handler: Callable[[str], None]) -> list[int]:
    """Call handler(name) on each stop signal (lockdown.STOP_SIGNALS); the numbers caught."""
    handled = []
    for name, number in stop_signals_to_catch():
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, handler, name)
            handled.append(number)
    return handled


class PromptReader:
    """Runs one prompt at a time on the kiosk's asyncio loop and ends it when the idle clock runs
    out (Idle) or a stop signal comes (Stop)."""

    def __init__(self, kiosk: KioskCore) -> None:
        self.kiosk = kiosk
        self.stop_event: asyncio.Event | None = None  # made on the running loop

    def start(self) -> None:
        self.stop_event = asyncio.Event()

    def stop(self, *prompts: PromptSession | None) -> None:
        for prompt in prompts:
            app = prompt.app if prompt is not None else None
            if app is not None and app.is_running and app.future is not None and not app.future.done():
                app.exit(exception=Stop())
        if self.stop_event is not None:
            self.stop_event.set()

    async def stopped(self) -> None:
        """Returns once a stop signal has come."""
        await self.stop_event.wait()

    async def read(self, prompt: PromptSession) -> str:
        """One prompt; raises Idle when no key is pressed for idle_timeout seconds after the last use."""
        kiosk, app = self.kiosk, prompt.app
        task = asyncio.ensure_future(prompt.prompt_async(handle_sigint=False, set_exception_handler=False))
        stop = asyncio.ensure_future(self.stop_event.wait()) if self.stop_event is not None else None
        timeout = kiosk.settings.idle_timeout
        try:
            while True:
                idle = time.monotonic() - kiosk.last_key
                running = app.is_running and app.future is not None and not app.future.done()
                if running and kiosk.stopping:  # a stop signal that came while the prompt was starting
                    app.exit(exception=Stop())
                elif running and kiosk.touched and idle >= timeout:
                    app.exit(exception=Idle())
                wait = timeout - idle if kiosk.touched and idle < timeout else min(timeout, 1.0)
                waiting = {task} if stop is None or stop.done() else {task, stop}
                done, _ = await asyncio.wait(waiting, timeout=max(wait, 0.05), return_when=asyncio.FIRST_COMPLETED)
                if task in done:
                    return task.result()
        finally:
            if stop is not None:
                stop.cancel()


class Kiosk(KioskCore):
    """One kiosk: the welcome, the prompt loop, starting over, and the staff exit.

    The kiosk builds one patron prompt and one passphrase prompt and resets them for each
    patron, instead of building new ones: each new prompt-toolkit prompt leaves a little memory
    in prompt-toolkit's filter caches for good (about 11 KB per patron). Each prompt reads through
    its own GuardedInput, reset for each patron, so no half-read key or open paste carries over.
    """

    def __init__(self, session: ChatSession, env: Environment, settings: KioskSettings,
                 input: Input | None = None, output: Output | None = None) -> None:
        super().__init__(session, env, settings)
        self.input, self.output = input, output  # the terminal's; None: stdin and stdout
        self.prompt: PromptSession | None = None
        self.secret: PromptSession | None = None
        self.patron_input: GuardedInput | None = None
        self.staff_input: GuardedInput | None = None
        self.failures = 0  # unexpected prompt errors in a row
        self.reader = PromptReader(self)

    # The loop.

    def run(self) -> ExitStatus:
        self.output = self.output or create_output(self.env.stdout)
        terminal = self.input or create_input(self.env.stdin)
        self.patron_input = GuardedInput(terminal, "patron", on_input=self.pressed)
        self.staff_input = GuardedInput(terminal, "staff", on_input=self.pressed)
        # What is loaded by now (the packs, the index, prompt-toolkit) stays for the kiosk's life:
        # leave it out of garbage collection, so the collection at each start-over stays quick.
        gc.collect()
        gc.freeze()
        try:
            with locked_down(self.env.stdin):
                return asyncio.run(self.loop())
        except OSError as error:
            if error.errno not in TERMINAL_GONE:
                raise
            return self.terminal_closed()
        finally:
            gc.unfreeze()

    async def loop(self) -> ExitStatus:
        # An error in a key handler is logged and the prompt carries on; prompt-toolkit's own
        # handler would print a traceback and wait for Enter.
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(self.loop_error)
        handled = catch_stop_signals(loop, self.stop)
        try:
            return await self.prompts()
        finally:
            for number in handled:
                loop.remove_signal_handler(number)

    def stop(self, name: str) -> None:
        """A stop signal arrived: end the prompt that is running (the loop then stops)."""
        self.stopping = self.stopping or name
        self.reader.stop(self.prompt, self.secret)

    async def prompts(self) -> ExitStatus:
        self.reader.start()
        self.start_over()
        while True:
            if self.stopping:
                return self.stopped()
            self.session.width, self.session.color = self.env.width, self.env.color and not self.settings.plain
            try:
                text = await self.reader.read(self.prompt)
                self.failures = 0
            except Stop:
                return self.stopped()
            except (StartOver, Idle):
                self.start_over()
                continue
            except (KeyboardInterrupt, EOFError):
                if self.prompt.app.input.closed:  # the terminal went away
                    return self.terminal_closed()
                self.start_over()  # never raised by the kiosk's own keys, but never a way out either
                continue
            except Exception as error:  # a bug in the prompt: log it, start over with a new one
                if isinstance(error, OSError) and error.errno in TERMINAL_GONE:
                    raise  # run() says the terminal closed
                self.failures += 1
                self.log(error, "in the prompt")
                if self.failures >= MAX_PROMPT_FAILURES:
                    return ExitStatus.ERROR
                self.start_over()
                continue
            if self.stopping:
                return self.stopped()
            then = self.take(text)
            if then is Then.START_OVER:
                self.start_over()
            elif then is Then.STAFF and await self.staff_exit():
                return ExitStatus.OK

    def new_prompt(self) -> PromptSession:
        """The patron prompt, built once and reset for each patron (see forget_patron)."""
        toolbar = None if self.settings.plain else kiosk_toolbar(self.session, lambda: self.capped)
        prompt = patron_prompt(self.session, self.settings.plain, toolbar, self.patron_input, self.output)
        prompt.default_buffer.on_text_changed += self.cap
        self.watch(prompt)
        return prompt

    def new_secret(self) -> PromptSession:
        secret = passphrase_prompt(self.session.words.PASSPHRASE, self.staff_input, self.output)
        self.watch(secret)
        return secret

    def pressed(self, _=None) -> None:
        """A key came in (or any byte from the terminal, even one a paste swallowed)."""
        self.last_key, self.touched = time.monotonic(), True

    def watch(self, prompt: PromptSession) -> None:
        prompt.app.key_processor.before_key_press += self.pressed

    def cap(self, buffer) -> None:
        """Keep what is typed or pasted to MAX_INPUT characters."""
        if len(buffer.text) > MAX_INPUT:
            from prompt_toolkit.document import Document

            self.capped = True
            buffer.document = Document(buffer.text[:MAX_INPUT], min(buffer.cursor_position, MAX_INPUT))

    # Starting over.

    def start_over(self) -> None:
        """Forget everything about the last patron; clear the screen and scrollback; welcome."""
        self.session.start_over()
        self.start_overs += 1
        if self.patron_input is None:  # driven without run() (tests): the terminal's input as it is
            terminal = self.input or create_input(self.env.stdin)
            self.patron_input = GuardedInput(terminal, "patron", on_input=self.pressed)
            self.staff_input = GuardedInput(terminal, "staff", on_input=self.pressed)
        for guarded in (self.patron_input, self.staff_input):
            clear_typeahead(guarded)
            guarded.reset()  # a fresh parser: no half-read sequence, no open paste
        flush_terminal_input(self.env.stdin)
        if self.prompt is None:
            self.prompt = self.new_prompt()
        forget_patron(self.prompt)
        gc.collect()  # the last patron's history and answers go now, not some time later
        self.capped = False
        self.clear_screen()
        self.session.width, self.session.color = self.env.width, self.env.color and not self.settings.plain
        self.say(welcome_text(self.session, self.settings))
        self.touched = False
        self.last_key = time.monotonic()

    def clear_screen(self) -> None:
        self.env.stdout.write(CLEAR)
        self.env.stdout.flush()

    def loop_error(self, loop: asyncio.AbstractEventLoop, context: dict) -> None:
        error = context.get("exception")
        if isinstance(error, BaseException):
            self.log(error, "in the prompt")
        else:  # the context's message could quote a callback's arguments: say only that it happened
            print(self.session.words.KIOSK_ERROR, file=self.env.stderr)
        if self.prompt is not None and self.prompt.app.is_running:
            self.prompt.app.invalidate()  # redraw over whatever the log line printed

    # The staff exit.

    async def staff_exit(self) -> bool:
        """Ask for the passphrase; True when it is right. A wrong one waits longer each time.

        Nothing typed is shown, and the prompt line is erased after each try, so the screen never
        shows a passphrase's length.
        """
        if self.secret is None:
            self.secret = self.new_secret()
        clear_typeahead(self.staff_input)
        self.staff_input.reset()
        forget_patron(self.secret)
        try:
            text = await self.reader.read(self.secret)
        except (Cancel, Stop):
            return False  # after Stop, the loop sees self.stopping
        except Idle:
            self.start_over()
            return False
        except (KeyboardInterrupt, EOFError):
            return False
        finally:
            self.staff_input.reset()  # nothing half-typed of a passphrase stays in the parser
        if not text:
            return False
        if self.closes(text):
            return True
        with contextlib.suppress(asyncio.TimeoutError):  # a stop signal ends the wait early
            await asyncio.wait_for(self.reader.stopped(), self.settings.limiter.failed())
        clear_typeahead(self.staff_input)  # keys typed while waiting are not the next try
        clear_typeahead(self.patron_input)
        flush_terminal_input(self.env.stdin)
        if self.stopping:
            return False
        self.wrong_passphrase()
        return False


def run_kiosk(session: ChatSession, env: Environment, settings: KioskSettings,
              input: Input | None = None, output: Output | None = None) -> ExitStatus:
    """Run the kiosk until staff close it with the passphrase (0), a stop signal arrives (SIGTERM 0,
    SIGHUP 2) or the terminal goes away (2). TERM=dumb gets the line loop: prompt-toolkit always
    sends some escape sequences, which a dumb terminal prints as junk."""
    keep_memory_private()
    if env.variables.get("TERM") == "dumb":
        from civicqa.repl.kiosk_line import LineKiosk

        return LineKiosk(session, env, settings, input).run()
    return Kiosk(session, env, settings, input, output).run()
