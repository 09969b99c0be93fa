"""What keeps a public terminal locked down, apart from the prompt: signals, terminal modes, memory.

Shared by both kiosk loops (kiosk.py on prompt-toolkit, kiosk_line.py on a dumb terminal) and
free of prompt-toolkit.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import threading
from typing import Iterator, TextIO

from civicqa.status import ExitStatus

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
    descriptor, saved = terminal_attributes(stdin)
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


def terminal_attributes(stdin: TextIO) -> tuple[int, list | None]:
    """stdin's descriptor and terminal settings; None when it is no terminal (tests, pipes)."""
    try:
        import termios

        descriptor = stdin.fileno()
        return descriptor, termios.tcgetattr(descriptor) if os.isatty(descriptor) else None
    except Exception:  # no termios (Windows), no descriptor (StringIO), or termios.error
        return -1, None


def flush_terminal_input(stdin: TextIO) -> None:
    """Drop keys typed but not yet read, so they do not reach the next patron's prompt."""
    descriptor, saved = terminal_attributes(stdin)
    if saved is not None:
        import termios

        with contextlib.suppress(OSError, termios.error):
            termios.tcflush(descriptor, termios.TCIFLUSH)
