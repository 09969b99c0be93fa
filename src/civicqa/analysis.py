"""Question analysis: what kind of question it is, and its meaningful words (concepts) with the
ways the packs may word them (synonyms, likely misspellings).

    analyse(question, tables) -> Analysis

What "it" or "she" refers to is added afterwards, by civicqa.followup. The words of the
question's language (question words, opinion words) come from civicqa.language.
"""

from __future__ import annotations

import functools
import math
from types import ModuleType
from typing import NamedTuple

from civicqa.patterns import LazyPattern
from civicqa.phrasing import has_digit, without_openings
from civicqa.question_types import QuestionType
from civicqa.tables import PackTables
from civicqa.text import normalize, sentences, stems, terms, tokenize, words
from civicqa.tuning import (LONGEST_SYNONYM, MAX_SPELLING_LOOKUPS, MIN_MISSPELLED_LENGTH,
                            MOST_SPELLINGS, SOFT_WEIGHT, SPELLING_CANDIDATES, SPELLING_CLOSENESS,
                            SPELLING_WEIGHT, TITLE_CASE)

class Concept(NamedTuple):  # immutable; a NamedTuple is quicker to define than a frozen dataclass
    """One meaningful part of a question, with the ways the pack may word it."""

    label: str  # as the question put it
    alternatives: tuple[tuple[str, ...], ...]  # each alternative is a tuple of index terms
    weight: float  # how much it counts as evidence (its IDF)
    origin: str = "question"  # question | context
    expanded_by: str = ""  # "synonyms" or "spelling" when alternatives were added
    proper: bool = False  # written as a name in the question
    soft: bool = False
    asked: tuple[str, ...] = ()  # the index terms of the words as asked
    idf: float = 0.0  # how rare the words as asked are: the BM25 weight of every wording
    named: bool = False  # a name in a sentence that asks (_asked_names): what the question is about


class Analysis:
    """What a question asks, filled in by analyse and then civicqa.followup. A plain class, not a
    dataclass: defining one costs about half a millisecond at each start of a one-shot `ask`."""

    def __init__(self, question: str, qtype: QuestionType, concepts: list[Concept]) -> None:
        self.question = question
        self.qtype = qtype
        self.concepts = concepts
        self.stance = ""  # opposed | supported | both: the question asks who was for or against
        self.resolved: dict[str, str] = {}  # what its follow-up words referred to (--explain)
        self.asks_opinion = False  # "what was his position?", "what did she think?"
        self.asks_statement = False  # "what did the watchdog say?", "what did the report find?"
        self.asks_present = False  # "now", "today", "still"
        self.asks_advice = False  # "should I ...?", "can I sue ...?": advice on the asker's own situation
        self.asks_future = False  # "when is the next election?": what comes next
        self.shown: frozenset[str] = frozenset()  # the sentences the last answer showed: a follow-up's adds none of them again

    def __repr__(self) -> str:
        return f"Analysis({vars(self)!r})"

    @property
    def own(self) -> list[Concept]:
        return [c for c in self.concepts if c.origin == "question"]

    @property
    def carried(self) -> list[Concept]:
        """The words kept from earlier questions ("And in 2020?", "that money"), not what a
        pronoun refers to ("it", "she")."""
        referents = set(self.resolved.values())
        return [c for c in self.concepts if c.origin == "context" and c.label not in referents]


def analyse(question: str, tables: PackTables) -> Analysis:
    """The question's type, concepts and stance, before any follow-up context is added."""
    lang = tables.language
    text = " ".join(normalize(question).split())
    lowered = words(text, lang)
    joined = " ".join(lowered)
    now = phrase_positions(lowered, lang.PRESENT_PHRASES)
    tagged = tag_positions(text, lowered, lang)
    qtype = lang.question_type(lowered[: len(lowered) - len(tagged)] or lowered)
    if tagged and without_openings(lowered, lang.OPENING_WORDS)[0] not in lang.ASKING_WORDS:
        qtype = QuestionType.YES_NO  # a statement asked about: is it so? ("Which ..., right?" asks which)
    analysis = Analysis(text, qtype, [])
    analysis.asks_opinion = bool(set(lowered) & lang.OPINION)
    analysis.asks_statement = bool(set(lowered) & lang.SAYING)
    analysis.asks_present = bool(set(lowered) & lang.PRESENT) or bool(now) or bool(lang.PRESENT_HOLDER.search(joined))
    analysis.asks_advice = bool(lang.ADVICE.search(joined))
    analysis.asks_future = lang.asks_future(text, lowered)
    skip = now | tagged | phrase_positions(lowered, lang.QUESTION_PHRASES)
    sides = vote_side_positions(lowered, lang) if qtype is QuestionType.HOW_MANY else frozenset()
    analysis.concepts = concepts(text, tables, skip=skip | sides)
    if sides and not _names_what_was_voted_on(analysis.concepts, lowered, lang):
        analysis.concepts = concepts(text, tables, skip=skip)  # "How many voted against?": who was against
    if analysis.qtype not in (QuestionType.WHO, QuestionType.YES_NO):
        analysis.concepts = [_as_asked_saying(c, tables) for c in analysis.concepts]
    if analysis.qtype is QuestionType.DEFINITION:
        analysis.concepts = [_as_asked_term(c, tables) for c in analysis.concepts]
    own_terms = {t for c in analysis.concepts for alt in c.alternatives for t in alt}
    said = ""  # the question's index terms, read only for a stance phrase of several words
    for stance, group in tables.stance_terms.items():  # a phrase of the group as said: "pro pool", not "pool"
        for alt in group:
            if len(alt) > 1 and not said:
                said = f" {' '.join(tokenize(text, lang=lang))} "
            if alt[0] in own_terms if len(alt) == 1 else f" {' '.join(alt)} " in said:
                analysis.stance = "both" if analysis.stance else stance
                break
    if not analysis.stance and lang.asks_for_side(joined):  # "Was anyone for it?" asks who was
        analysis.stance, analysis.qtype = "supported", QuestionType.WHO
        analysis.concepts = [c for c in analysis.concepts if c.label not in lang.SOMEONE]
    evaluative = stems(lang.EVALUATIVE, lang)
    nouns = phrase_positions(lowered, lang.NOT_EVALUATIVE)  # "the right to sue" judges nothing
    leans = bool(tagged) and any(w in lang.LEANING for i, w in enumerate(lowered) if i not in tagged)
    if leans or lang.BALANCE.search(joined) or (  # "It only targets criminals, right?" leans: both sides
            analysis.qtype is QuestionType.YES_NO
            and any(lang.stem(w) in evaluative for i, w in enumerate(lowered) if i not in now | tagged | nouns)):
        analysis.stance = "both"  # "Is 287(g) good or bad?", "the pros and cons"
    return analysis


def tag_positions(text: str, lowered: list[str], lang: ModuleType) -> frozenset[int]:
    """Where the question ends with a tag ("..., right?", "..., didn't it?"): the positions of
    its words, which name nothing to search for and refer to nothing. The pattern is compiled
    only for a question that can hold a tag."""
    if not lowered or lowered[-1] not in lang.TAG_ENDS or not any(mark in text for mark in lang.TAG_BEFORE):
        return frozenset()
    tag = lang.TAG_QUESTION.search(text)
    if not tag:
        return frozenset()
    return frozenset(range(len(lowered) - len(words(tag.group("tag") or tag.group("or"), lang)), len(lowered)))


def _as_asked_term(concept: Concept, tables: PackTables) -> Concept:
    """An everyday word that a term the packs define is named with ("What does standing mean?",
    a pack defining legal standing) is the term asked about, not an everyday word. Looked up
    for definition questions only: the names of every organization and defined term are read."""
    if not concept.soft or f" {' '.join(concept.asked)} " not in _joined_names(tables):
        return concept
    return concept._replace(soft=False, weight=concept.weight / SOFT_WEIGHT)


_ENGINES_KEPT = 4  # engines whose names stay joined: a chat has one per language


@functools.lru_cache(maxsize=_ENGINES_KEPT)
def _joined_names(tables: PackTables) -> str:
    """The names of the organizations and defined terms, joined by two spaces, so that a run of
    words is found only within one name: made once per engine (1.2 MB at 100,000 entries)."""
    return f" {'  '.join(tables.named_things)} "


def _as_asked_saying(concept: Concept, tables: PackTables) -> Concept:
    """A word of saying that no pack uses in any of its forms ("What did he denounce?") only asks
    what someone said: as soft as "say". Not in "Who denounced Leuze?", which asks who did it."""
    saying = stems(tables.language.SAYING, tables.language)
    if concept.soft or not all(t in saying for t in concept.asked) or any(
            all(tables.index.has(t) for t in alt) for alt in concept.alternatives):
        return concept
    return concept._replace(soft=True, weight=concept.weight * SOFT_WEIGHT)


def _names_what_was_voted_on(found: list[Concept], lowered: list[str], lang: ModuleType) -> bool:
    """Whether a how-many question about a vote names what was voted on ("Question 1", "it"):
    then "against" asks for a count of votes, not for the opponents."""
    votes = stems(lang.VOTE_FORMS, lang)
    return any(not c.soft and not set(c.asked) <= votes for c in found) \
        or any(lang.PRONOUNS.get(w) == "thing" for w in lowered)


def vote_side_positions(lowered: list[str], lang: ModuleType) -> frozenset[int]:
    """Where the question says which way people voted ("how many voted against Question 1",
    "cuántos votaron en contra"): the positions of the side's words, right after a vote word."""
    voted = phrase_positions(lowered, tuple(f"{vote} {side}" for vote in lang.VOTE_FORMS for side in lang.VOTE_SIDES))
    return frozenset(i for i in voted if lowered[i] not in lang.VOTE_FORMS)


def phrase_positions(lowered: list[str], phrases: tuple[str, ...]) -> frozenset[int]:
    """Where the question says one of the phrases: the positions of their words. A phrase that
    means "now" ("right now", "hoy en día") asks for the latest facts (asks_present), and one that
    asks the question ("since when") says what kind it is: neither names anything to search for."""
    found: set[int] = set()
    for phrase in map(str.split, phrases):
        for start in range(len(lowered) - len(phrase) + 1):
            if lowered[start : start + len(phrase)] == phrase:
                found.update(range(start, start + len(phrase)))
    return frozenset(found)


def concepts(text: str, tables: PackTables, skip: frozenset[int] = frozenset()) -> list[Concept]:
    """The question's meaningful words and phrases, each with its wordings and weight; not the
    words at the positions `skip`."""
    sequence = terms(text, tables.language)
    index_terms = [t for _, t, _ in sequence]  # once: rebuilding it at each word was quadratic
    proper, named = _proper_terms(text, tables.language), _asked_names(text, tables.language)
    soft_stems = stems(tables.language.SOFT_WORDS, tables.language)
    found: list[Concept] = []
    seen: set[tuple] = set()
    spelled: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {}  # a repeated word is looked up once
    position = 0
    while position < len(sequence):
        if position in skip:
            position += 1
            continue
        group, length = _synonyms_at(tables, index_terms, position)
        span = sequence[position : position + length]
        position += length
        if not group and span[0][2]:
            continue  # a stopword that starts no synonym phrase
        if not group and len(span[0][0]) == 1 and span[0][0].isalpha() and not tables.index.has(span[0][1]):
            continue  # one letter the packs lack names nothing: shorthand ("w" for with)
        label_terms = tuple(t for _, t, stop in span if not stop) or tuple(t for _, t, _ in span)
        if group:
            alternatives, expanded = group, "synonyms"
        else:
            word = (span[0][0], label_terms[0])
            if word not in spelled and _may_be_misspelled(tables, *word):
                spelled[word] = spellings(tables, *word) if len(spelled) < MAX_SPELLING_LOOKUPS else ()
            alternatives = (label_terms,) + spelled.get(word, ())
            expanded = "spelling" if len(alternatives) > 1 else ""
        key = tuple(sorted(alternatives))
        if key in seen:
            continue
        seen.add(key)
        known = [alt for alt in alternatives if all(tables.index.has(t) for t in alt)]
        if label_terms in known:
            weight = tables.alt_idf(label_terms)
        else:  # asked in words the packs lack: as specific as the least specific synonym
            weight = min((tables.alt_idf(a) for a in known), default=tables.index.max_idf)
        idf = weight
        if expanded == "spelling" and known:
            weight *= SPELLING_WEIGHT
        soft = all(t in soft_stems for t in label_terms)
        found.append(Concept(
            label=" ".join(w for w, _, stop in span if not stop) or " ".join(w for w, _, _ in span),
            alternatives=alternatives,
            weight=weight * (SOFT_WEIGHT if soft else 1.0), expanded_by=expanded,
            proper=any(t in proper for t in label_terms), soft=soft, asked=label_terms, idf=idf,
            named=any(t in named for t in label_terms),
        ))
    return found


def _synonyms_at(tables: PackTables, sequence: list[str], position: int) -> tuple[tuple, int]:
    for length in range(LONGEST_SYNONYM, 0, -1):
        phrase = tuple(sequence[position : position + length])
        if len(phrase) == length and phrase in tables.synonyms:
            return tables.synonyms[phrase], length
    return (), 1


_TWICE = 2  # difflib's closeness is twice the letters two words share over their total length
_LETTER_BUCKETS = 64  # letters counted by their code point modulo this (_not_ruled_out)


def spellings(tables: PackTables, word: str, term: str) -> tuple[tuple[str, ...], ...]:
    """Likely intended names for a word the packs lack ("Leuse" -> Leuze, "DeBlick" -> DeBlieck).

    Only longer words, only names and vocabulary words of the packs, and only close
    matches that start with the same letter: "joke" must not become "Joe".
    """
    if not _may_be_misspelled(tables, word, term):
        return ()
    import difflib  # only for a word the packs lack

    # The words with the same first letter, and lengths difflib's closeness allows: a word of
    # length m is close enough to one of length n only if 2 min(m, n) / (m + n) >= the cutoff.
    shortest = math.floor(len(word) * SPELLING_CLOSENESS / (_TWICE - SPELLING_CLOSENESS))
    longest = math.ceil(len(word) * (_TWICE - SPELLING_CLOSENESS) / SPELLING_CLOSENESS)
    vocabulary = tables.spelling_vocabulary
    candidates = [w for n in range(shortest, longest + 1) for w in vocabulary.get(f"{word[0]}{n}", ())]
    close = difflib.get_close_matches(word, _not_ruled_out(word, candidates), n=SPELLING_CANDIDATES,
                                      cutoff=SPELLING_CLOSENESS)
    found = [vocabulary[f"{c[0]}{len(c)}"][c] for c in close]
    return tuple(dict.fromkeys((t,) for t in found if tables.index.has(t)))[:MOST_SPELLINGS]


def _not_ruled_out(word: str, candidates: list[str]) -> list[str]:
    """The candidates that difflib's quick bound does not rule out, found for all at once on
    arrays: difflib checks it one word at a time, and at 100,000 entries a word has hundreds of
    candidates. The bound: twice the letters two words share, in any order, over their total
    length. Letters are counted in _LETTER_BUCKETS buckets, which can only raise the count, so a
    word ruled out here is one difflib rules out too: the same matches (tests/test_long_questions.py).
    Only the buckets of the word's own letters are counted: the others share nothing."""
    import numpy as np

    if not candidates:
        return []
    lengths = np.fromiter(map(len, candidates), dtype=np.int64, count=len(candidates))
    letters = np.frombuffer("".join(candidates).encode("utf-32-le"), dtype=np.uint32) % _LETTER_BUCKETS
    owner = np.repeat(np.arange(len(candidates)), lengths)
    buckets, mine = np.unique(np.frombuffer(word.encode("utf-32-le"), dtype=np.uint32) % _LETTER_BUCKETS,
                              return_counts=True)
    column = np.full(_LETTER_BUCKETS, -1)
    column[buckets] = np.arange(len(buckets))  # each of the word's buckets, by its number
    found = column[letters]
    shared_letters = found >= 0
    counts = np.bincount(owner[shared_letters] * len(buckets) + found[shared_letters],
                         minlength=len(candidates) * len(buckets))
    shared = np.minimum(counts.reshape(len(candidates), len(buckets)), mine).sum(axis=1)
    bound = _TWICE * shared / (lengths + len(word))  # difflib's quick_ratio, or more
    return [candidates[i] for i in np.flatnonzero(bound >= SPELLING_CLOSENESS).tolist()]


def _may_be_misspelled(tables: PackTables, word: str, term: str) -> bool:
    return not tables.index.has(term) and len(word) >= MIN_MISSPELLED_LENGTH and word.isalpha()


def _proper_terms(text: str, lang: ModuleType) -> set[str]:
    """Index terms of words written as names, not counting the question's first word."""
    found = set()
    for i, match in enumerate(lang.WORD.finditer(text)):
        word = match.group(0)
        if i == 0 or not word[0].isupper() or word.isupper():
            continue
        found.update(tokenize(word, lang=lang))
    return found


def _asked_names(text: str, lang: ModuleType) -> set[str]:
    """Index terms of the names a question asks about: words written as names, and years
    (_asked_years), in the sentences that ask (those ending in a question mark, or all of them
    when none does), not counting a
    sentence's first word, nor a sentence in Title Case, where a capital says nothing. In "I come
    from Somalia. Did the city police join?" the name is not what is asked about; in "Who spoke
    for it? Normal people, not council." no name is asked about. (Names anywhere in the question
    are `proper`: "Tell me about the Duluth police. Did they join?" still names Duluth.)"""
    found = set()
    said = sentences(text, lang)
    for sentence in [s for s in said if s.endswith("?")] or said:
        written = [match.group(0) for match in lang.WORD.finditer(sentence)]
        capitals = [word for word in written[1:] if word[0].isupper() and not word.isupper()]
        if len(capitals) > TITLE_CASE * max(len(written) - 1, 1):
            continue
        for word in capitals:
            found.update(tokenize(word, lang=lang))
        if has_digit(sentence):
            found.update(_asked_years(sentence, lang))
    return found


def _asked_years(sentence: str, lang: ModuleType) -> list[str]:
    """The years a sentence asks about, which name a time as a name does a place ("the budget
    for 2024"): those in its clauses that ask (that start with a question word or an auxiliary,
    or every clause when none does), not a year said in passing ("We came here in 2016, does
    the jail hold people for ICE?"), nor a count ("more than 1900 officers")."""
    clauses = _CLAUSE_BREAK.split(sentence)
    starts = lang.ASKING_WORDS | lang.AUXILIARIES
    asking = [clause for clause, said in ((c, words(c, lang)) for c in clauses) if said and said[0] in starts]
    found = []
    for clause in asking or clauses:
        for year in lang.YEAR.finditer(clause):
            before = words(clause[: year.start()], lang)
            if not before or before[-1] not in lang.AMOUNT_WORDS:
                found.append(year.group(1))
    return found


_CLAUSE_BREAK = LazyPattern(r"[,;:]\s|\s[-\u2013\u2014]\s")


def matches(concept: Concept, terms: set[str] | frozenset[str]) -> bool:
    """Whether a set of terms words the concept in one of its ways (all of a wording's terms)."""
    return any(all(t in terms for t in alt) for alt in concept.alternatives)
