"""Key bindings for the chat prompt, as small pieces a kiosk can pick from.

prompt-toolkit's Emacs-style defaults already give Up/Down history, Ctrl-R search, Tab
completion, Right arrow to take a suggestion, Ctrl-C (KeyboardInterrupt: the loop drops the
line) and Ctrl-D on an empty line (EOFError: the loop says goodbye). These add the rest.
"""

from __future__ import annotations

from prompt_toolkit.filters import completion_is_selected
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys


def chat_bindings() -> KeyBindings:
    bindings = KeyBindings()
    add_enter_takes_completion(bindings)
    add_paste_as_lines(bindings)
    add_ignore_mouse_reports(bindings)
    return bindings


def add_ignore_mouse_reports(bindings: KeyBindings) -> None:
    # Mouse support is off, yet typing Esc [ 3 1 m looks like a mouse report to prompt-toolkit,
    # whose own handler then fails with a traceback screen: ignore them all.
    @bindings.add(Keys.Vt100MouseEvent)
    def _ignore(event: KeyPressEvent) -> None:
        pass


def add_enter_takes_completion(bindings: KeyBindings) -> None:
    @bindings.add("enter", filter=completion_is_selected)
    def _take_completion(event: KeyPressEvent) -> None:
        """Enter on a highlighted name takes it instead of sending a half-typed question."""
        event.current_buffer.complete_state = None


def add_paste_as_lines(bindings: KeyBindings) -> None:
    @bindings.add(Keys.BracketedPaste)
    def _paste(event: KeyPressEvent) -> None:
        """Keep a paste's lines (the loop asks each in turn), dropping blank ones at the ends."""
        text = event.data.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
        event.current_buffer.insert_text(text)
