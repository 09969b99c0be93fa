"""The bottom toolbar: which pack is loaded, what follow-ups refer to, and how to get help."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from civicqa.render import sanitize

if TYPE_CHECKING:
    from civicqa.repl.session import ChatSession

# A pack title or subject longer than this is cut, so the toolbar stays on one line.
MAX_LABEL = 36
CHAT_HINTS = ("/help: commands", "Ctrl-D: leave")

Fragments = list[tuple[str, str]]  # prompt-toolkit formatted text: (style class, text)


def toolbar(session: ChatSession, hints: tuple[str, ...] = CHAT_HINTS) -> Callable[[], Fragments]:
    """A function prompt-toolkit calls on each redraw, so the subject stays current."""

    def fragments() -> Fragments:
        parts = [_short(sanitize(session.packs[0].title))]
        subject = session.conversation.last_subject()
        if subject is not None:
            parts.append(f"about: {_short(sanitize(subject.label))}")
        parts += hints
        return [("class:bottom-toolbar", " " + "  |  ".join(parts) + " ")]

    return fragments


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "\u2026"
