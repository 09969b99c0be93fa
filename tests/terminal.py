"""Driving the real civicqa on a pseudo-terminal with pexpect, for the chat and kiosk tests."""

from __future__ import annotations

import os
import sys

import pexpect

TIMEOUT = 20  # seconds for any one step: generous for slow CI machines, but bounded
UP = "\x1b[A"


def spawn(*arguments: str) -> pexpect.spawn:
    """`python -m civicqa ARGUMENTS` on a 100x30 xterm-like pseudo-terminal, colors allowed."""
    # pexpect is no terminal emulator: it cannot answer prompt-toolkit's cursor position requests.
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100", "LINES": "30", "PROMPT_TOOLKIT_NO_CPR": "1"}
    env.pop("NO_COLOR", None)
    return pexpect.spawn(sys.executable, ["-m", "civicqa", *arguments], env=env, dimensions=(30, 100),
                         timeout=TIMEOUT, encoding="utf-8", codec_errors="replace")


def ask(child: pexpect.spawn, question: str, expected: str, prompt: str) -> str:
    """Type a question, wait for text from its answer and the next prompt; return the output."""
    child.send(question + "\r")
    child.expect_exact(expected)
    seen = child.before + child.after
    child.expect_exact(prompt)
    return seen + child.before
