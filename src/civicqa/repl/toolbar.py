"""The bottom toolbar: which pack is loaded, what follow-ups refer to, and how to get help."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from prompt_toolkit.application import get_app_or_none

from civicqa.render import sanitize

if TYPE_CHECKING:
    from civicqa.repl.session import ChatSession

# A pack title or subject longer than this is cut, so the toolbar stays short.
MAX_LABEL = 32
SEPARATOR = "  |  "

Fragments = list[tuple[str, str]]  # prompt-toolkit formatted text: (style class, text)


def toolbar(session: ChatSession, hints: Callable[[], tuple[str, ...]] | None = None) -> Callable[[], Fragments]:
    """A function prompt-toolkit calls on each redraw, so the subject, the width and the language
    stay current. `hints` gives the hints in the session's words; without it, the chat's (how to
    get help, how to leave)."""
    hints = hints or (lambda: (session.words.HINT_HELP, session.words.HINT_LEAVE))

    def fragments() -> Fragments:
        app = get_app_or_none()
        width = app.output.get_size().columns if app else 80
        return [("class:bottom-toolbar", toolbar_text(session, hints(), width))]

    return fragments


def toolbar_text(session: ChatSession, hints: tuple[str, ...], width: int) -> str:
    """One line: the pack, the subject of follow-ups, the hints; the least useful part goes first."""
    parts = [short(session.packs[0].title), *hints]
    subject = session.conversation.last_subject()
    if subject is not None:  # after the first hint (how to get help), before the rest
        parts.insert(2, f"{session.words.ABOUT}: {short(subject.label)}")
    while len(parts) > 1 and len(" " + SEPARATOR.join(parts)) > width:
        parts.pop()
    return (" " + SEPARATOR.join(parts))[:width]


def short(text: str) -> str:
    text = " ".join(sanitize(text).split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "\u2026"
