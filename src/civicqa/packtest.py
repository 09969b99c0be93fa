"""Testing a pack as residents will use it: every entry's `questions` and the pack's `[[tests]]`.

    run(explainer) -> [Result]

An entry's question passes when civicqa answers it and cites that entry first. A `[[tests]]`
block passes when its last question is answered with every expected fact (first cited from the
expected entry, when it names one), or declined when it must be. A failure says why, as data: the
entry that answered instead, both scores, the words each matched, and the likeliest fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from civicqa.analysis import matches
from civicqa.answer import Answer, Explainer
from civicqa.conversation import Conversation
from civicqa.knowledge import Entry, Pack, PackTest, pack_lines
from civicqa.language import language
from civicqa.text import fold_accents, normalize, tokenize


@dataclass
class Side:
    """An entry in a failure's explanation: its score and rank in retrieval, the question's words it matched."""

    entry: str
    score: float = 0.0
    rank: int = 0  # 1 for the best; 0 when retrieval did not find it among its candidates
    matched: tuple[str, ...] = ()


@dataclass
class Result:
    pack: str
    path: str
    line: int
    origin: str  # "entry ID" for an entry's question, "tests" for a [[tests]] block
    questions: tuple[str, ...]
    passed: bool
    answer: str = ""
    declined: bool = False
    first: str = ""  # the id of the entry cited first
    problem: str = ""  # what went wrong, in words
    fix: str = ""  # the likeliest fix
    expected: Side | None = None
    instead: Side | None = None  # the entry that answered instead
    missing: tuple[str, ...] = field(default_factory=tuple)  # expected facts the answer lacks


def run(explainer: Explainer) -> list[Result]:
    """Every test of every pack the explainer answers from, in file order."""
    results = []
    for pack in explainer.packs:
        line = pack_lines(pack)
        for index, entry in enumerate(pack.entries):
            for number, question in enumerate(entry.questions):
                test = PackTest(questions=(question,), entry=entry.id, line=line("entries", index, "questions"))
                results.append(_check(explainer, pack, test, f"entry {entry.id}"))
        results.extend(_check(explainer, pack, test, "tests") for test in pack.tests)
    return results


def _check(explainer: Explainer, pack: Pack, test: PackTest, origin: str) -> Result:
    conversation = Conversation()
    for question in test.questions[:-1]:
        explainer.ask(question, conversation)
    answer = explainer.ask(test.questions[-1], conversation)
    result = Result(pack.id, str(pack.path), test.line, origin, test.questions, True, answer.text, answer.abstained,
                    answer.citations[0].entry.id if answer.citations else "")
    if test.decline:
        if not answer.abstained:
            first = answer.citations[0].entry.id
            result.passed = False
            result.problem = f"answered from {first}, though it must be declined"
            result.instead = _side(answer, first, pack)
            result.fix = (f"Nothing in the question is what the pack covers only if {first} does not match it: "
                          f"take the words it matched ({', '.join(result.instead.matched) or 'none'}) out of "
                          f"{first}'s keywords or aliases, or drop this test if the pack should answer it")
        return result
    if answer.abstained:
        result.passed = False
        result.problem = f"declined: {answer.decision.reason()}"
        result.expected = _side(answer, test.entry, pack) if test.entry else None
        result.fix = _fix_for_decline(answer, test.entry)
        return result
    first = answer.citations[0].entry.id
    if test.entry and first != test.entry:
        result.passed = False
        result.expected, result.instead = _side(answer, test.entry, pack), _side(answer, first, pack)
        result.problem = _lost(result.expected, result.instead, answer)
        result.fix = _fix_for_other_entry(answer, pack, test.entry, result.instead)
    missing = tuple(fact for fact in test.expect if not _contains(answer.text, fact))
    if missing:
        result.passed = False
        result.missing = missing
        result.problem = result.problem or f"the answer lacks {', '.join(repr(m) for m in missing)}"
        result.fix = result.fix or (f"Put the sentence that says {missing[0]!r} first in {first}'s text, "
                                    "or make its own entry, so that it is the one quoted")
    return result


def _side(answer: Answer, entry_id: str, pack: Pack) -> Side:
    for rank, candidate in enumerate(answer.candidates, 1):
        if candidate.entry.id == entry_id:
            return Side(entry_id, round(candidate.score, 2), rank, candidate.matched)
    entry = next((e for e in pack.entries if e.id == entry_id), None)
    words = _entry_terms(entry, pack) if entry is not None else frozenset()
    return Side(entry_id, 0.0, 0, tuple(c.label for c in answer.analysis.concepts if matches(c, words)))


def _entry_terms(entry: Entry, pack: Pack, questions: bool = True) -> frozenset[str]:
    listed = entry.questions if questions else ()
    return frozenset(tokenize(" ".join((entry.title, entry.text, *entry.aliases, *entry.keywords, *listed)),
                              lang=language(pack.language)))


def _lost(expected: Side, instead: Side, answer: Answer) -> str:
    if expected.rank == 1:
        where = (f"{expected.entry} ranked first (score {expected.score}), but the answer quotes "
                 f"{instead.entry} first (score {instead.score})")
    else:
        found = (f"{expected.entry} came {_ordinal(expected.rank)} with {expected.score}" if expected.rank
                 else f"{expected.entry} was not among the entries found")
        where = f"answered from {instead.entry} first (score {instead.score}); {found}"
    stance = answer.analysis.stance
    if stance:  # the question was read as "who was for or against", which lists position entries
        side = {"both": "for or against", "supported": "for", "opposed": "against"}.get(stance, stance)
        where += (f"; civicqa read the question as asking who was {side} (a word of a stance synonym "
                  "group), so it lists position entries")
    return where


def _ordinal(rank: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(rank, f"{rank}th")


def _fix_for_other_entry(answer: Answer, pack: Pack, wanted: str, instead: Side) -> str:
    entry = next((e for e in pack.entries if e.id == wanted), None)
    own = _entry_terms(entry, pack, questions=False) if entry is not None else frozenset()
    lacking = [c.label for c in answer.analysis.concepts if not c.soft and not matches(c, own)]
    if lacking:  # a word only in the entry's own `questions` counts for little against a text that says it
        return (f"{wanted} never says {', '.join(repr(w) for w in lacking)} (outside its `questions`): add "
                f"{'it' if len(lacking) == 1 else 'them'} to {wanted}'s keywords (or aliases, if a name), "
                "or use the word in its first sentence")
    if answer.candidates and answer.candidates[0].entry.id == wanted:
        return (f"{wanted} ranked first, but another entry's sentence answers the question better: put the "
                f"sentence of {wanted} that answers this question first in its text")
    return (f"{wanted} matches the same words as {instead.entry}: name what the question asks about in "
            f"{wanted}'s title or first sentence, give it an alias, or check its `kind` (a shorter text also "
            f"ranks higher); or, if {instead.entry} answers the question as well, move the question there")


def _fix_for_decline(answer: Answer, wanted: str) -> str:
    unknown = [c.label for c in answer.analysis.concepts if c.label not in
               {label for candidate in answer.candidates for label in candidate.matched}]
    target = wanted or "the entry that answers it"
    if unknown:
        return (f"No entry says {', '.join(repr(w) for w in unknown)}: add {'it' if len(unknown) == 1 else 'them'} "
                f"to {target}'s keywords, or a synonym group in [vocabulary] that links the resident's word "
                "to the pack's")
    return f"Name what the question asks about in {target}'s title, aliases or first sentence"


def _contains(answer: str, fact: str) -> bool:
    """Whether the answer states the fact, any of its forms ("tabled|no decision"), ignoring case and accents."""
    text = fold_accents(normalize(answer)).lower()
    return any(fold_accents(normalize(form)).lower().strip() in text for form in fact.split("|") if form.strip())
