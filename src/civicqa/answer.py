"""From a question to a short, cited answer, or an honest "this pack does not cover that".

The engine calls the stages in order, each a module with a small typed interface:

    analysis   what kind of question it is, its meaningful words (concepts), their synonyms and
               likely misspellings                        analyse(question, tables) -> Analysis
    followup   what "it", "she" or "they" refer to        resolve(analysis, conversation, tables)
    retrieval  BM25 over the entries, concept by concept  retrieve(analysis, tables) -> [Candidate]
    decision   answer only when the best entries cover most of the question's weighted meaning
                                                          decide(analysis, candidates, tables) -> Decision
    compose    the sentences that answer this kind of question, each with its citation
                                                          compose(...) -> (text, [Citation])

Everything built once per set of packs is a `PackTables` (civicqa.tables). Everything a
pack-specific vocabulary needs (synonyms, the main topic, names) comes from the packs, never
from code. Front ends use only `Explainer` and `Answer`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from civicqa import followup
from civicqa.analysis import Analysis, Concept, analyse
from civicqa.compose import Citation, compose, pooled
from civicqa.conversation import Conversation
from civicqa.decision import Decision, decide
from civicqa.knowledge import Pack
from civicqa.messages import Why
from civicqa.retrieval import Candidate, retrieve
from civicqa.tables import PackTables
from civicqa.tuning import SUGGESTIONS

# Declines of a question that came close to some entries: their questions are worth offering.
# (A question with no words to search, or naming what the packs never mention, gets the examples.)
NEAR_MISSES = frozenset({Why.LOW_COVERAGE, Why.NO_SENTENCE, Why.ADVICE, Why.FUTURE})

__all__ = ["Analysis", "Answer", "Candidate", "Citation", "Concept", "Explainer"]


class Answer(NamedTuple):  # never changed once made: a NamedTuple is quicker to define at each start
    question: str
    text: str
    abstained: bool
    citations: list[Citation]
    analysis: Analysis
    candidates: list[Candidate]
    decision: Decision  # why it answered or declined, as data; decision.reason() words it
    suggestions: Sequence[str] = ()  # when declined: questions the packs answer
    help: str = ""  # when declined: where to get help (the packs' `help`)
    topic: str = ""  # when declined: what the packs cover (the first pack's `topic`)
    language: str = "en"  # the language it was answered in: its pack's (ask sets it)


class Explainer:
    """Answers questions from one or more knowledge packs. Build once; ask many times."""

    def __init__(self, packs: list[Pack], progress: Callable[..., None] | None = None) -> None:
        self.tables = PackTables(packs, progress)

    @classmethod
    def of(cls, tables: PackTables) -> Explainer:
        """The engine over tables already built (civicqa.store restores them)."""
        explainer = cls.__new__(cls)
        explainer.tables = tables
        return explainer

    @property
    def packs(self) -> list[Pack]:
        return self.tables.packs

    def ask(self, question: str, conversation: Conversation | None = None) -> Answer:
        conversation = conversation if conversation is not None else Conversation()
        analysis = self.analyse(question, conversation)
        candidates = retrieve(analysis, self.tables)
        decision = decide(analysis, candidates, self.tables)
        if decision.declined:
            answer = self.declined(question, analysis, candidates, decision)
        else:
            text, citations = compose(analysis, candidates, self.tables)
            if not text.strip():  # never an empty answer: say that nothing answers it
                answer = self.declined(question, analysis, candidates, decision._replace(why=Why.NO_SENTENCE))
            else:
                answer = Answer(question, text, False, citations, analysis, candidates, decision)
        answer = answer._replace(language=self.tables.packs[0].language.split("-")[0].lower())  # the pack's, as written
        first = answer.citations[0].entry if answer.citations else None
        shown = tuple(sentence for c in answer.citations for sentence in c.sentences)
        outcome = followup.Outcome(not answer.abstained, answer.text, first, shown,
                                   tuple(c.entry for c in answer.citations),
                                   tuple(c.entry for c in pooled(answer.candidates)))
        if answer.decision.why is not Why.NO_WORDS:  # "ok", "thanks": the conversation goes on as it was
            conversation.remember(followup.turn(analysis, outcome, self.tables, conversation.last))
        return answer

    def analyse(self, question: str, conversation: Conversation) -> Analysis:
        """The question's analysis, with what its follow-up words refer to."""
        analysis = analyse(question, self.tables)
        followup.resolve(analysis, conversation, self.tables)
        return analysis

    def declined(self, question: str, analysis: Analysis, candidates: list[Candidate], decision: Decision) -> Answer:
        help = next((p.help for p in self.packs if p.help), "")
        near = candidates if decision.why in NEAR_MISSES else []
        return Answer(question, "", True, [], analysis, candidates, decision, self.suggestions(near), help,
                      topic=self.packs[0].topic if self.packs else "")

    def suggestions(self, near: list[Candidate] = (), count: int = SUGGESTIONS) -> list[str]:
        """Questions the packs can answer, the nearest to the one asked first: the sample
        questions of the entries it came closest to, then the packs' examples."""
        close = [c.entry.questions[0] for c in near[:count] if c.entry.questions]
        return list(dict.fromkeys(close + self.tables.examples))[:count]
