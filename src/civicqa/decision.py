"""The answer-or-decline decision: answer only when the leading entries cover most of the
question's weighted meaning; otherwise say why not.

    decide(analysis, candidates, tables) -> Decision

The decision is data (a `Why` code, the coverage, any unknown names); its words are in
civicqa.messages, so a second language words it without touching this module.
"""

from __future__ import annotations

from typing import NamedTuple

from civicqa.analysis import Analysis
from civicqa.messages import English, Messages, Why
from civicqa.patterns import LazyPattern
from civicqa.retrieval import Candidate
from civicqa.tables import PackTables
from civicqa.text import fold_accents, words
from civicqa.tuning import (LEADING, LEADING_SHARE, MIN_COVERAGE, MIN_LONG_COVERAGE, MIN_NAMED,
                            MIN_PARTIAL_COVERAGE, MIN_SPECIFIC, SHORT_QUESTION)


class Decision(NamedTuple):  # a NamedTuple, not a dataclass: quicker to define at each start
    coverage: float  # the share of the question's meaning the leading entries match
    why: Why = Why.ANSWERED  # anything else: why not to answer
    names: tuple[str, ...] = ()  # Why.UNKNOWN_NAMES: the names the packs never mention

    @property
    def declined(self) -> bool:
        return self.why is not Why.ANSWERED

    def reason(self, words: Messages = English) -> str:
        """Why civicqa answered or declined, in words, for --explain and /why."""
        return words.reason(self.why, self.coverage, self.names,
                            (MIN_COVERAGE, MIN_PARTIAL_COVERAGE, MIN_SPECIFIC))


def decide(analysis: Analysis, candidates: list[Candidate], tables: PackTables) -> Decision:
    share = coverage(analysis, candidates)
    why, names = _why(analysis, candidates, share, tables)
    return Decision(share, why, names)


def _why(analysis: Analysis, candidates: list[Candidate], coverage: float,
         tables: PackTables) -> tuple[Why, tuple[str, ...]]:
    """Why to decline (and the names the packs lack), or Why.ANSWERED to answer."""
    if analysis.asks_advice:  # however well it matches: the pack holds public facts, not advice
        return Why.ADVICE, ()
    if not analysis.concepts:
        return Why.NO_WORDS, ()
    if all(c.soft for c in analysis.concepts):
        return Why.EVERYDAY_ONLY, ()
    if not candidates:
        return Why.NO_MATCH, ()
    own = [c for c in analysis.own if not c.soft]
    unknown_names = tuple(c.label for c in own if c.proper and not any(
        all(tables.index.has(t) for t in alt) for alt in c.alternatives))
    if unknown_names and len(own) <= SHORT_QUESTION:
        return Why.UNKNOWN_NAMES, unknown_names
    if analysis.asks_future and not _says_future(candidates, tables):
        return Why.FUTURE, ()  # the entries tell what happened, however well they match
    if _kind_missed(analysis, candidates, tables):  # "What percentage ...?" and no share in the entries
        return Why.NO_SENTENCE, ()
    if coverage >= MIN_COVERAGE:
        return Why.ANSWERED, ()
    if _names_missed(analysis, candidates, tables):  # a near miss: a name or year the leading entries never give
        return Why.LOW_COVERAGE, ()
    specific = _specific_matches(analysis, candidates)
    named = _named_weight(analysis, candidates, tables)
    if coverage >= MIN_PARTIAL_COVERAGE and (specific >= MIN_SPECIFIC or named >= MIN_NAMED
                                             or _quotes_a_leading_entry(analysis, candidates, tables)):
        return Why.ANSWERED, ()  # one entry matches several specific words, or the question names its subject
    if len(own) > SHORT_QUESTION and specific >= MIN_SPECIFIC + 1 and coverage >= MIN_LONG_COVERAGE:
        return Why.ANSWERED, ()  # a long, chatty question: its many everyday words lower the share
    return Why.LOW_COVERAGE, ()


def _names_missed(analysis: Analysis, candidates: list[Candidate], tables: PackTables) -> bool:
    """Whether the question names something (Concept.named: a name or a year in a sentence that
    asks) that none of the leading entries matches, or a year that the best one does not: "What
    does Kingston's law allow?", answered from entries about another city's law, is a near
    miss, and so is "Who won the 2021 mayoral election?" answered from a 2019 ruling. Only for
    a question that falls short of MIN_COVERAGE."""
    year = tables.language.YEAR
    for c in analysis.concepts:
        if c.named and not c.soft and c.origin == "question":
            missing = candidates[:1] if year.fullmatch(c.label) else _leading(candidates)
            if not any(c.label in lead.matched for lead in missing):
                return True
    return False


def _kind_missed(analysis: Analysis, candidates: list[Candidate], tables: PackTables) -> bool:
    """Whether the question asks by name for a kind of fact (language.KINDS_ASKED) that no
    leading entry gives: a share or a rate ("What percentage of voters turned out?"; "40
    percent", "a third"), a sum of money ("¿Cuánto dinero le paga ICE al condado?"; "$2
    million"), a number of years ("Over how many years ...?"; "20 years"). Vote counts or dates
    answer another question, however well they match: a near miss."""
    question = analysis.question
    lowered = question.lower()
    return any(kind.asked(question, lowered) and not any(kind.gives.search(lead.entry.text) for lead in _leading(candidates))
               for kind in tables.language.KINDS_ASKED)


def _says_future(candidates: list[Candidate], tables: PackTables) -> bool:
    """Whether a leading entry says anything of what will or may happen ("will", "planned",
    "expected"): a question about the future ("When is the next election?") is answered only
    from such an entry, never from the last election's."""
    says = tables.language.SAYS_FUTURE
    return any(says.search(fold_accents(lead.entry.text)) for lead in _leading(candidates))


def _leading(candidates: list[Candidate]) -> list[Candidate]:
    """The entries an answer would come from: the first LEADING, if close enough to the best."""
    best = candidates[0].score
    return [c for c in candidates[:LEADING] if c.score >= LEADING_SHARE * best]


def coverage(analysis: Analysis, candidates: list[Candidate]) -> float:
    """The share of the question's own weighted meaning that the leading entries match."""
    # What "he" or "it" refers to counts when an entry matches it ("What was his position?"),
    # and is never held against an entry that answers the question's own words.
    if not candidates:
        return 0.0
    shares = []
    for lead in _leading(candidates):
        counted = [c for c in analysis.concepts if c.origin == "question" or c.label in lead.matched]
        total = sum(c.weight for c in counted)
        shares.append(sum(c.weight for c in counted if c.label in lead.matched) / total if total else 0.0)
    return max(shares)


def _named_weight(analysis: Analysis, candidates: list[Candidate], tables: PackTables) -> float:
    """How specific a name is that the question gives in full (an entry's title or alias,
    such as "Velez Bustos" or "MOA"): the IDF of its words; 0 when it names no entry."""
    asked = {t for c in analysis.concepts for alt in c.alternatives for t in alt}
    best = 0.0
    for candidate in candidates[:LEADING]:
        for name in tables.entry_names(tables.position(candidate.entry.pack, candidate.entry.id)):
            if name and name <= asked:
                best = max(best, sum(tables.index.idf(t) for t in name))
    return best


_QUOTED = LazyPattern(r"""(?<!\w)["']([^"']+)["'](?!\w)""")  # after normalize: curly quotes are straight
QUOTED_WORDS = 2  # a quoted phrase of this many words or more names what was said


def _quotes_a_leading_entry(analysis: Analysis, candidates: list[Candidate], tables: PackTables) -> bool:
    """Whether the question quotes words that a leading entry gives, in that order ("Who called
    the plan 'a slap in the face'?"): the question names what it is about, as a full name does."""
    lang = tables.language
    for phrase in _QUOTED.findall(analysis.question):
        said = words(phrase, lang)
        if len(said) >= QUOTED_WORDS and any(w not in lang.STOPWORDS for w in said):
            wanted = f" {' '.join(said)} "
            if any(wanted in f" {' '.join(words(lead.entry.text, lang))} " for lead in _leading(candidates)):
                return True
    return False


def _specific_matches(analysis: Analysis, candidates: list[Candidate]) -> int:
    """The most meaningful words of the question that one leading entry matches."""
    own = [c.label for c in analysis.concepts if not c.soft]
    return max((sum(label in lead.matched for label in own) for lead in candidates[:LEADING]), default=0)
