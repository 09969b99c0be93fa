"""The kinds of question civicqa tells apart, and what each prefers: one enum, one table.

Analysis gives a question its type (question_type() of the language, civicqa.language.english);
retrieval favors the entries the type prefers, and composition the sentences. To add a type: a
member here, its row in civicqa.tuning.PREFERS (the table, as it holds tuning numbers), and the
rule that recognizes it in each language's question_type().
"""

from __future__ import annotations

from enum import Enum, StrEnum
from types import MappingProxyType
from typing import Mapping, NamedTuple


class QuestionType(StrEnum):
    """A question's type; its value (a plain string too) is what --explain shows."""

    WHAT = "what"
    WHO = "who"
    WHEN = "when"
    WHERE = "where"
    WHY = "why"
    HOW = "how"
    HOW_MANY = "how_many"
    DEFINITION = "definition"
    YES_NO = "yes_no"


class Shows(Enum):
    """What a sentence shows that makes it answer a type of question."""

    NOTHING = "nothing"
    DATE = "a year or a month"
    COUNT = "a number that is not a year"
    PLACE = "a place name"
    SUBJECT = "the opening of an entry about a term, a group or a person"
    REASON = "a reason (because, concern, in order to)"
    FULL_NAME = "a full name"


class Prefers(NamedTuple):  # immutable; a NamedTuple is quicker to define than a frozen dataclass
    """What answers one type of question best."""

    kinds: Mapping[str, float] = MappingProxyType({})  # entry kind -> score factor
    with_number: float = 1.0  # score factor of entries that give a count
    with_date: float = 1.0  # score factor of entries that give a date or a year
    stance: bool = True  # "who opposed it": favor the entries of that stance
    sentence: Shows = Shows.NOTHING  # the sentences that answer it
    sentence_bonus: float = 0.0  # added to such a sentence's score
    longer: bool = False  # wants the longer budget and up to three sentences
    lists_sides: bool = False  # "the pros and cons": both sides listed, when it asks for both
    lists_positions: bool = False  # "who supported it": the positions listed
