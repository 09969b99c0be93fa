"""The kinds of question civicqa tells apart, and what each prefers: one enum, one table.

Analysis gives a question its type (civicqa.analysis.question_type); retrieval favors the
entries the type prefers, and composition the sentences. To add a type: a member here, a row in
PREFERS, and the rule that recognizes it in the language (civicqa.analysis for now).
The numbers were chosen on the dev questions, tests/questions/dev.toml (see docs/quality.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum


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


@dataclass(frozen=True)
class Prefers:
    """What answers one type of question best."""

    kinds: dict[str, float] = field(default_factory=dict)  # entry kind -> score factor
    with_number: float = 1.0  # score factor of entries that give a count
    with_date: float = 1.0  # score factor of entries that give a date or a year
    stance: bool = True  # "who opposed it": favor the entries of that stance
    sentence: Shows = Shows.NOTHING  # the sentences that answer it
    sentence_bonus: float = 0.0  # added to such a sentence's score
    longer: bool = False  # wants the longer budget and up to three sentences
    lists_sides: bool = False  # "the pros and cons": both sides listed, when it asks for both
    lists_positions: bool = False  # "who supported it": the positions listed


PREFERS: dict[QuestionType, Prefers] = {
    QuestionType.WHAT: Prefers(lists_sides=True),
    QuestionType.WHO: Prefers(kinds={"person": 1.4, "position": 1.15, "organization": 1.1},
                              sentence=Shows.FULL_NAME, sentence_bonus=0.8, lists_positions=True),
    QuestionType.WHEN: Prefers(kinds={"event": 1.25}, with_date=1.3, stance=False,
                               sentence=Shows.DATE, sentence_bonus=1.5),
    QuestionType.WHERE: Prefers(stance=False, sentence=Shows.PLACE, sentence_bonus=1.0),
    QuestionType.WHY: Prefers(kinds={"position": 1.3, "overview": 1.1}, stance=False,
                              sentence=Shows.REASON, sentence_bonus=1.0, longer=True),
    QuestionType.HOW: Prefers(longer=True, lists_sides=True),
    QuestionType.HOW_MANY: Prefers(kinds={"fact": 1.1}, with_number=1.3, stance=False,
                                   sentence=Shows.COUNT, sentence_bonus=2.0),
    QuestionType.DEFINITION: Prefers(kinds={"definition": 1.3, "organization": 1.25, "person": 1.25},
                                     sentence=Shows.SUBJECT, sentence_bonus=2.0),
    QuestionType.YES_NO: Prefers(kinds={"overview": 1.3, "event": 1.1}, lists_sides=True),
}
