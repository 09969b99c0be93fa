"""What a conversation remembers between questions, shared by `ask`, `chat` and `kiosk`.

Only what follow-up questions need is kept: who and what the last question was about, and
whether it asked about supporters or opponents. `ask` starts with an empty one; a kiosk
resets it for every patron.
"""

from __future__ import annotations

from typing import NamedTuple

# How many earlier turns to remember: follow-ups refer to the last one or two.
MEMORY = 4


class Subject(NamedTuple):  # immutable; a NamedTuple is quicker to define than a frozen dataclass
    """What a turn was about: the words that name it."""

    label: str  # shown in --explain: "Charly Leuze", "287(g)"
    terms: tuple[tuple[str, ...], ...]  # alternatives, each a tuple of index terms


class Turn(NamedTuple):  # never changed once made; a NamedTuple is quicker to define than a dataclass
    question: str
    qtype: str
    subject: Subject | None
    person: Subject | None
    stance: str
    concepts: tuple = ()  # what it asked about (analysis.Concept): its own words, and those an ellipsis kept
    shown: tuple[str, ...] = ()  # the sentences its answer showed
    pronoun: str = ""  # the word that referred to a person ("him"), also when an ellipsis kept it
    group: Subject | None = None  # the organization it was about: what "they" means next
    entries: tuple[str, ...] = ()  # the ids of the entries its answer cited (a twin pack has the same)
    language: str = ""  # the language it is remembered in (asked, or retold), when the conversation speaks more than one
    before: Turn | None = None  # the same turn in the language it was retold from (followup.retold)


class Conversation:
    """The follow-up context of one conversation."""

    def __init__(self, turns: list[Turn] | None = None) -> None:
        self.turns: list[Turn] = turns if turns is not None else []

    def __repr__(self) -> str:
        return f"Conversation(turns={self.turns!r})"

    def remember(self, turn: Turn) -> None:
        self.turns.append(turn)
        del self.turns[:-MEMORY]

    def reset(self) -> None:
        self.turns.clear()

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    def last_person(self) -> Subject | None:
        return next((t.person for t in reversed(self.turns) if t.person), None)

    def last_subject(self) -> Subject | None:
        return next((t.subject for t in reversed(self.turns) if t.subject), None)
