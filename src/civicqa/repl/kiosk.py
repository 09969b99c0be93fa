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
- Staff exit: /staff (not listed in /help) asks for the passphrase, showing nothing of it (not
  even its length) and erasing the line after each try; each wrong one waits twice as long as
  the last before the kiosk carries on.
- No jam: input goes through GuardedInput (terminal_input.py), which drops a paste that does not
  end in time, and the idle clock runs from every byte read. SIGTERM and SIGHUP clear the screen
  and the scrollback before the kiosk ends; with TERM=dumb a line loop (kiosk_line.py) sends no
  escape sequence at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import gc
import os
import signal
import threading
import time
from typing import TYPE_CHECKING, Iterator, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.clipboard import InMemoryClipboard
from prompt_toolkit.history import DummyHistory, InMemoryHistory
from prompt_toolkit.input import Input, create_input
from prompt_toolkit.input.typeahead import clear_typeahead
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput
from prompt_toolkit.output import ColorDepth, Output, create_output
from prompt_toolkit.styles import Style

from civicqa import render
from civicqa.environment import Environment
from civicqa.repl.commands import HELP, SOURCES, TOPICS, WHY, Command, Registry, Reply
from civicqa.repl.keys import add_enter_takes_completion, add_ignore_mouse_reports, add_paste_as_lines
from civicqa.repl.kiosk_config import Counts, ErrorLog, KioskSettings, error_line
from civicqa.repl.kiosk_line import LineLoop
from civicqa.repl.prompt import PromptSettings, build_prompt
from civicqa.repl.session import ChatSession, clean, split_lines
from civicqa.repl.terminal_input import GuardedInput
from civicqa.repl.toolbar import toolbar
from civicqa.status import ExitStatus

if TYPE_CHECKING:
    from civicqa.answer import Answer
    from civicqa.knowledge import Pack

MAX_INPUT = 500  # characters: a question, or a paste of a few
STAFF_COMMAND = "/staff"  # deliberately not in the registry: /help, completion and "did you mean" never show it
PROMPT = "Your question: "
# Home, erase the screen, erase the scrollback (xterm, VTE, tmux, the Linux console all know 3J).
CLEAR = "\x1b[H\x1b[2J\x1b[3J"
# Restarting the loop after this many unexpected prompt errors in a row would only spin: stop.
MAX_PROMPT_FAILURES = 5
CAP_NOTE = (f"Questions can be up to {MAX_INPUT} characters long, so only the first {MAX_INPUT} "
            "characters were used.")
KIOSK_HINTS = ("/help: commands", "Ctrl-D: start over")


class StartOver(Exception):
    """Ctrl-D at the prompt: forget this patron and show the welcome."""


class Idle(Exception):
    """No key pressed for idle_timeout seconds."""


class Cancel(Exception):
    """Ctrl-C or Ctrl-D at the passphrase prompt."""


# -- the session and its commands -------------------------------------------------------------------


def start_over(session: ChatSession, argument: str) -> Reply:
    session.reset()
    return Reply("")  # the kiosk sees the command and clears the screen


START_OVER = Command("/reset", "Start over: forget your questions and clear the screen.", start_over,
                     ("/new", "/quit", "/exit", "quit", "exit"))


def kiosk_commands() -> Registry:
    return Registry([HELP, TOPICS, SOURCES, WHY, START_OVER])


def kiosk_notes(plain: bool = False, width: int = 80) -> str:
    """The keys, shown under /help, wrapped to the width (a large font leaves few columns)."""
    keys = [("Up, Down", "your earlier questions (forgotten when you start over)"),
            ("Tab", "complete a command or a name"),
            ("Ctrl-C", "clear the line"),
            ("Ctrl-D", "start over: forget your questions and clear the screen")]
    lines = ["Keys:"]
    for key, text in keys:
        if not (plain and key == "Tab"):
            lines.append(render.wrap(f"{key:<11}{text}", width, "  ", " " * 13))
    return "\n".join(lines)


class KioskSession(ChatSession):
    """A ChatSession with the kiosk's commands that remembers its last failure for the log."""

    def __init__(self, packs: list[Pack], *args, plain: bool = False, **kwargs) -> None:
        self.plain = plain
        if len(args) < 2:  # (explainer, commands, notes, width, color) may come by position
            kwargs.setdefault("commands", kiosk_commands())
        super().__init__(packs, *args, **kwargs)
        self.failure: BaseException | None = None

    @property
    def notes(self) -> str:
        """The keys under /help, wrapped to the width at the time."""
        return kiosk_notes(self.plain, self.width)

    @notes.setter
    def notes(self, value: str) -> None:
        pass  # the kiosk's notes are always its keys

    def ask(self, question: str) -> Answer:
        try:
            return super().ask(question)
        except Exception as error:
            self.failure = error
            raise

    def run_command(self, line: str) -> Reply:
        try:
            return super().run_command(line)
        except Exception as error:
            self.failure = error
            raise


# -- settings and the welcome -----------------------------------------------------------------------


def duration(seconds: float) -> str:
    """120 -> "2 minutes", 90 -> "90 seconds", 1 -> "1 second"."""
    if seconds >= 60 and seconds % 60 == 0:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds:g} second{'s' if seconds != 1 else ''}"


WELCOME_EXAMPLES = 3  # with the rest, the welcome fits a 24-row screen at 80 columns, title on top


def welcome_text(session: ChatSession, settings: KioskSettings) -> str:
    """What civicqa is, examples, privacy and how to start over, in about 13 lines at 80 columns,
    so the title stays on a 24-row screen together with the prompt and the space kept below it."""
    fancy = session.color and not settings.plain  # bold and box drawing only where styling is welcome
    width, style = session.width, render.Style(fancy)
    titles = "; ".join(render.sanitize(p.title) for p in session.packs)
    topic = render.sanitize(session.packs[0].topic)
    lines = [style.bold(render.wrap(f"civicqa: {titles}", width))]
    if fancy:
        lines.append("\u2500" * width)
    lines += [render.wrap(f"Ask a question about {topic}. civicqa gives short answers from a fixed set "
                          "of sources and names them. If the sources do not say, it tells you so instead of "
                          "guessing.", width),
              "", render.wrap('Type a question and press Enter, then ask a follow-up such as "Who opposed '
                              'it?" For example:', width)]
    lines += [render.wrap(render.sanitize(q), width, "  - ", "    ") for q in session.examples(WELCOME_EXAMPLES)]
    counted = (" This terminal counts how many questions are asked, but never what they are."
               if settings.counts else "")
    lines += ["", render.wrap(f"Privacy: nothing you type is saved.{counted} Your questions and answers are "
                              "forgotten and the screen is cleared when you start over, and after "
                              f"{duration(settings.idle_timeout)} without typing.", width)]
    lines.append(render.wrap("To start over, press Ctrl-D or type /reset. Type /help for more.", width))
    return "\n".join(lines)


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


# -- lock-down --------------------------------------------------------------------------------------


@contextlib.contextmanager
def locked_down(stdin: TextIO) -> Iterator[None]:
    """Ignore the terminal's signals and keys that stop, freeze or end a program, then restore them.

    prompt-toolkit turns these off while a prompt runs; this covers the moments between prompts,
    when an answer is being printed. Ctrl-D is no end-of-file then, and typing is not echoed over
    the answer (the next prompt shows it).
    """
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGINT", "SIGTSTP", "SIGQUIT"):
            number = getattr(signal, name, None)
            if number is not None:
                previous[number] = signal.signal(number, signal.SIG_IGN)
    descriptor, saved = _terminal_attributes(stdin)
    if saved is not None:
        import termios

        changed = [list(item) if isinstance(item, list) else item for item in saved]
        changed[0] &= ~(termios.IXON | termios.IXOFF)
        changed[3] &= ~(termios.ISIG | termios.ICANON | termios.ECHO | termios.IEXTEN)
        changed[6][termios.VMIN], changed[6][termios.VTIME] = 1, 0
        termios.tcsetattr(descriptor, termios.TCSANOW, changed)
    try:
        yield
    finally:
        if saved is not None:
            import termios

            with contextlib.suppress(OSError, termios.error):
                termios.tcsetattr(descriptor, termios.TCSANOW, saved)
        for number, handler in previous.items():
            signal.signal(number, handler)


def stop_signals_to_catch() -> Iterator[tuple[str, int]]:
    """(name, number) of each STOP_SIGNALS signal this process can catch here. A signal ignored
    when the kiosk starts (nohup, a wrapper) stays ignored, as in a shell; only the main thread
    may set handlers."""
    if threading.current_thread() is not threading.main_thread():
        return
    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            yield name, number


def keep_memory_private() -> None:
    """Patrons' questions linger in freed memory until it is reused (Python cannot wipe a string):
    write no core dump of it, and let no other process of this account read it (/proc/PID/mem,
    a debugger). Only root still can. Where the system has no such setting, nothing changes."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        PR_SET_DUMPABLE = 4  # Linux prctl(2)
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def _terminal_attributes(stdin: TextIO) -> tuple[int, list | None]:
    """stdin's descriptor and terminal settings; None when it is no terminal (tests, pipes)."""
    try:
        import termios

        descriptor = stdin.fileno()
        return descriptor, termios.tcgetattr(descriptor) if os.isatty(descriptor) else None
    except Exception:  # no termios (Windows), no descriptor (StringIO), or termios.error
        return -1, None


# -- the kiosk ------------------------------------------------------------------------------------


class Stop(Exception):
    """SIGTERM or SIGHUP: clear the screen and end the kiosk."""


# How the kiosk ends on each signal: SIGTERM is a request to stop (systemctl stop, shutdown), so
# it ends as cleanly as the staff exit; SIGHUP means the terminal went away.
TERMINAL_CLOSED = "civicqa: the terminal closed; the kiosk stops."
# Signals whose default would end the kiosk with the last patron's answer on screen: each clears
# the screen first. SIGTERM is how a service manager stops it; SIGKILL cannot be caught.
STOP_SIGNALS = {"SIGTERM": (ExitStatus.OK, "civicqa kiosk: stopped."),
                "SIGHUP": (ExitStatus.ERROR, TERMINAL_CLOSED),
                **{name: (ExitStatus.ERROR, f"civicqa kiosk: stopped by {name}.")
                   for name in ("SIGUSR1", "SIGUSR2", "SIGALRM", "SIGVTALRM", "SIGPROF", "SIGXCPU",
                                "SIGXFSZ", "SIGPWR")}}
# Errors that mean the terminal itself is gone: EIO after a hang-up, ENXIO, EBADF once closed.
TERMINAL_GONE = (errno.EIO, errno.ENXIO, errno.EBADF, errno.EPIPE)


class Kiosk(LineLoop):
    """One kiosk: the welcome, the prompt loop, starting over, and the staff exit.

    The kiosk builds one patron prompt and one passphrase prompt and resets them for each
    patron, instead of building new ones: each new prompt-toolkit prompt leaves a little memory
    in prompt-toolkit's filter caches for good (about 11 KB per patron). Each prompt reads through
    its own GuardedInput, reset for each patron, so no half-read key or open paste carries over.
    """

    def __init__(self, session: ChatSession, env: Environment, settings: KioskSettings,
                 input: Input | None = None, output: Output | None = None) -> None:
        self.session = session
        self.env = env
        self.settings = settings
        self.input, self.output = input, output  # the terminal's; None: stdin and stdout
        self.prompt: PromptSession | None = None
        self.secret: PromptSession | None = None
        self.patron_input: GuardedInput | None = None
        self.staff_input: GuardedInput | None = None
        self.last_key = time.monotonic()
        self.touched = False  # a key was pressed or a question asked since the screen was cleared
        self.capped = False  # the line being typed reached MAX_INPUT
        self.failures = 0  # unexpected prompt errors in a row
        self.stopping: str | None = None  # the name of the signal that asked the kiosk to stop
        self.start_overs = 0
        self.error_log: ErrorLog | None = None  # opened at the first error
        # TERM=dumb: not one escape sequence (prompt-toolkit always sends some), so a line loop.
        self.dumb = env.variables.get("TERM") == "dumb"
        # Opened now, so a counts file that cannot be written stops the start, not a patron.
        self.counts = Counts(settings.counts) if settings.counts is not None else None

    # The loop.

    def run(self) -> ExitStatus:
        if self.dumb:
            return self.run_lines()
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

    def terminal_closed(self) -> ExitStatus:
        """The terminal went away: say so where it can still be read (a log, a journal)."""
        with contextlib.suppress(OSError, ValueError):
            print(TERMINAL_CLOSED, file=self.env.stderr, flush=True)
        return ExitStatus.ERROR

    async def loop(self) -> ExitStatus:
        # An error in a key handler is logged and the prompt carries on; prompt-toolkit's own
        # handler would print a traceback and wait for Enter.
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(self.loop_error)
        handled = self.catch_stop_signals(loop)
        try:
            return await self.prompts()
        finally:
            for number in handled:
                loop.remove_signal_handler(number)

    def catch_stop_signals(self, loop: asyncio.AbstractEventLoop) -> list[int]:
        handled = []
        for name, number in stop_signals_to_catch():
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self.stop, name)
                handled.append(number)
        return handled

    def stop(self, name: str) -> None:
        """A stop signal arrived: end the prompt that is running (the loop then stops)."""
        self.stopping = self.stopping or name
        for prompt in (self.prompt, self.secret):
            app = prompt.app if prompt is not None else None
            if app is not None and app.is_running and app.future is not None and not app.future.done():
                app.exit(exception=Stop())
        if self.stop_event is not None:
            self.stop_event.set()

    stop_event: asyncio.Event | None = None

    def stopped(self) -> ExitStatus:
        """Clear the screen and the scrollback (the last patron's questions go) and say why."""
        status, message = STOP_SIGNALS[self.stopping]
        self.session.reset()
        with contextlib.suppress(OSError, ValueError):
            self.clear_screen()
        with contextlib.suppress(OSError, ValueError):
            print(message, file=self.env.stderr, flush=True)
        return status

    async def prompts(self) -> ExitStatus:
        self.stop_event = asyncio.Event()
        self.start_over()
        while True:
            if self.stopping:
                return self.stopped()
            self.session.width, self.session.color = self.env.width, self.env.color and not self.settings.plain
            try:
                text = await self.read(self.prompt)
                self.failures = 0
            except Stop:
                return self.stopped()
            except (StartOver, Idle):
                self.start_over()
                continue
            except (KeyboardInterrupt, EOFError):
                if self.prompt.app.input.closed:  # the terminal went away
                    print(TERMINAL_CLOSED, file=self.env.stderr)
                    return ExitStatus.ERROR
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
            if clean(text).lower() == STAFF_COMMAND:
                if await self.staff_exit():
                    return ExitStatus.OK
                continue
            try:
                self.answer(text)
            except OSError:  # the terminal cannot be written to: nothing to carry on with
                raise
            except Exception as error:  # a bug outside the answering itself: log it, start over
                self.log(error)
                self.start_over()

    async def read(self, prompt: PromptSession) -> str:
        """One prompt; raises Idle when no key is pressed for idle_timeout seconds after the last use."""
        app = prompt.app
        task = asyncio.ensure_future(prompt.prompt_async(handle_sigint=False, set_exception_handler=False))
        stop = asyncio.ensure_future(self.stop_event.wait()) if self.stop_event is not None else None
        timeout = self.settings.idle_timeout
        try:
            while True:
                idle = time.monotonic() - self.last_key
                running = app.is_running and app.future is not None and not app.future.done()
                if running and self.stopping:  # a stop signal that came while the prompt was starting
                    app.exit(exception=Stop())
                elif running and self.touched and idle >= timeout:
                    app.exit(exception=Idle())
                wait = timeout - idle if self.touched and idle < timeout else min(timeout, 1.0)
                waiting = {task} if stop is None or stop.done() else {task, stop}
                done, _ = await asyncio.wait(waiting, timeout=max(wait, 0.05), return_when=asyncio.FIRST_COMPLETED)
                if task in done:
                    return task.result()
        finally:
            if stop is not None:
                stop.cancel()

    def new_prompt(self) -> PromptSession:
        """The patron prompt, built once and reset for each patron (see reset_prompt)."""
        plain = self.settings.plain
        settings = PromptSettings(message=PROMPT, history=None, toolbar=False, suggest=False, complete=not plain)
        prompt = build_prompt(self.session, settings, kiosk_bindings(), self.patron_input, self.output)
        prompt.enable_suspend = prompt.enable_open_in_editor = prompt.enable_system_prompt = False
        prompt.bottom_toolbar = None if plain else self.toolbar()
        if plain:  # nothing drawn below the prompt, nothing styled: screen readers read only text
            prompt.reserve_space_for_menu = 0
            prompt.color_depth = ColorDepth.MONOCHROME
            prompt.style = Style([])  # not even a bold prompt
        prompt.default_buffer.on_text_changed += self.cap
        self.watch(prompt)
        return prompt

    def reset_prompt(self, prompt: PromptSession) -> None:
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

    def new_secret(self) -> PromptSession:
        """The passphrase prompt: its own input and buffer, no history, nothing shown as typed."""
        secret = PromptSession(message="Passphrase: ", input_processors=[Hidden()], key_bindings=passphrase_bindings(),
                               history=DummyHistory(), enable_suspend=False, enable_system_prompt=False,
                               enable_open_in_editor=False, erase_when_done=True,
                               input=self.staff_input, output=self.output)
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

    def toolbar(self):
        base = toolbar(self.session, KIOSK_HINTS)

        def fragments():
            if self.capped:
                return [("class:bottom-toolbar", f" Questions can be up to {MAX_INPUT} characters long.")]
            return base()

        return fragments

    # Starting over.

    def start_over(self) -> None:
        """Forget everything about the last patron; clear the screen and scrollback; welcome."""
        self.session.reset()
        self.start_overs += 1
        if self.dumb:
            self.start_over_lines()
            return
        if self.patron_input is None:  # driven without run() (tests): the terminal's input as it is
            terminal = self.input or create_input(self.env.stdin)
            self.patron_input = GuardedInput(terminal, "patron", on_input=self.pressed)
            self.staff_input = GuardedInput(terminal, "staff", on_input=self.pressed)
        for guarded in (self.patron_input, self.staff_input):
            clear_typeahead(guarded)
            guarded.reset()  # a fresh parser: no half-read sequence, no open paste
        self._flush_terminal_input()
        if self.prompt is None:
            self.prompt = self.new_prompt()
        self.reset_prompt(self.prompt)
        gc.collect()  # the last patron's history and answers go now, not some time later
        self.capped = False
        self.clear_screen()
        self.session.width, self.session.color = self.env.width, self.env.color and not self.settings.plain
        self.say(welcome_text(self.session, self.settings))
        self.touched = False
        self.last_key = time.monotonic()

    def clear_screen(self) -> None:
        if self.dumb:  # no escape sequences: push the text out of sight
            self.say("\n" * 100)
            return
        self.env.stdout.write(CLEAR)
        self.env.stdout.flush()

    def _flush_terminal_input(self) -> None:
        """Drop keys typed but not yet read, so they do not reach the next patron's prompt."""
        descriptor, saved = _terminal_attributes(self.env.stdin)
        if saved is not None:
            import termios

            with contextlib.suppress(OSError, termios.error):
                termios.tcflush(descriptor, termios.TCIFLUSH)

    # Answering.

    def answer(self, text: str) -> None:
        """Answer what was typed or pasted, line by line, as chat does."""
        if len(text) > MAX_INPUT or self.capped:
            text = text[:MAX_INPUT]
            self.say(render.wrap(CAP_NOTE, self.session.width))
        self.capped = False
        lines = split_lines(text)
        for line in lines:
            if len(lines) > 1:  # a paste: show which line each answer belongs to
                self.say(f"> {render.sanitize(line)}")
            reply = self.session.handle(line)
            if reply.command is START_OVER:
                self.start_over()
                return
            is_question = reply.command is None and not self.session.commands.is_command(line)
            if reply.error:
                self.say(reply.error)
                if getattr(self.session, "failure", None) is not None:
                    self.log(self.session.failure)
                    self.session.failure = None
            if is_question:
                self.count(reply.answer)
            if reply.text:
                self.say(reply.text + "\n")
        self.touched, self.last_key = True, time.monotonic()  # reading time counts from here

    def count(self, answer: Answer | None) -> None:
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

    def loop_error(self, loop: asyncio.AbstractEventLoop, context: dict) -> None:
        error = context.get("exception")
        if isinstance(error, BaseException):
            self.log(error, "in the prompt")
        else:  # the context's message could quote a callback's arguments: say only that it happened
            print("civicqa: an error in the prompt; the kiosk carries on.", file=self.env.stderr)
        if self.prompt is not None and self.prompt.app.is_running:
            self.prompt.app.invalidate()  # redraw over whatever the log line printed

    def say(self, text: str) -> None:
        print(text, file=self.env.stdout, flush=True)

    # The staff exit.

    def closes(self, text: str) -> bool:
        """True when text is the passphrase: forget the patron, clear the screen, say so."""
        if not self.settings.passphrase.matches(text):
            return False
        self.settings.limiter.succeeded()
        self.session.reset()
        self.clear_screen()
        self.say("civicqa kiosk: closed by staff.")
        return True

    async def staff_exit(self) -> bool:
        """Ask for the passphrase; True when it is right. A wrong one waits longer each time.

        Nothing typed is shown, and the prompt line is erased after each try, so the screen never
        shows a passphrase's length.
        """
        if self.secret is None:
            self.secret = self.new_secret()
        clear_typeahead(self.staff_input)
        self.staff_input.reset()
        self.reset_prompt(self.secret)
        try:
            text = await self.read(self.secret)
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
            await asyncio.wait_for(self.stop_event.wait(), self.settings.limiter.failed())
        clear_typeahead(self.staff_input)  # keys typed while waiting are not the next try
        clear_typeahead(self.patron_input)
        self._flush_terminal_input()
        if self.stopping:
            return False
        self.say("That is not the passphrase.\n")
        self.touched, self.last_key = True, time.monotonic()
        return False


def run_kiosk(session: ChatSession, env: Environment, settings: KioskSettings,
              input: Input | None = None, output: Output | None = None) -> ExitStatus:
    """Run the kiosk until staff close it with the passphrase (0), a stop signal arrives (SIGTERM 0,
    SIGHUP 2) or the terminal goes away (2)."""
    keep_memory_private()
    return Kiosk(session, env, settings, input, output).run()
