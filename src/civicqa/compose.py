"""Composition: the sentences that answer this kind of question, each with its citation.

    compose(analysis, candidates, tables) -> (text, citations)

An overview's opening, a list of who was for or against, or the best sentence plus at most one
more that adds something the question asked about; then the entries those name as related.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Callable, NamedTuple

from civicqa.analysis import Analysis, Concept, matches
from civicqa.knowledge import Entry
from civicqa.phrasing import without_openings
from civicqa.question_types import Prefers, QuestionType, Shows
from civicqa.retrieval import Candidate
from civicqa.tables import PackTables
from civicqa.text import tokenize, words
from civicqa.tuning import (ASKED_AFTER_AND, BOTH_SIDES_OVERVIEW_AMONG, COUNTED_WITHIN, ENTRY_SATURATION, FACTOID_BUDGET, FACTOID_SENTENCES, FIRST_SENTENCE, LEAD_SHARE, LEADING, OVERVIEW_BUDGET,
                            OVERVIEW_SENTENCES, POOL_SHARE, PREFERS, RANK_DECAY, REPEAT_SHARE, RESULT_AMONG, RESULT_SHARE, SENTENCE_GAP,
                            STATEMENT_BONUS, SUBJECT_WEIGHT)

# Where a related entry's sentence sorts: after every sentence of the entry that names it.
_AFTER_ITS_ENTRY = sys.maxsize
# What a question asking for one thing asks for (_answering_first): not a definition's opening.
_ONE_THING = (Shows.COUNT, Shows.DATE, Shows.PLACE, Shows.FULL_NAME)
# A citation's score is shown to this many decimals (--explain, JSON).
_SCORE_DIGITS = 4

class Citation(NamedTuple):  # never changed once made; a NamedTuple is quicker to define than a dataclass
    marker: int
    entry: Entry
    score: float
    sentences: tuple[str, ...]  # the cited sentences, as the entry words them

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


class Pick(NamedTuple):
    """A sentence chosen for the answer, and where it sorts: by entry rank, then position."""

    rank: int
    position: int
    entry: Entry
    sentence: str


def compose(analysis: Analysis, candidates: list[Candidate], tables: PackTables) -> tuple[str, list[Citation]]:
    chosen = choose_sentences(analysis, candidates, tables)
    markers: dict[Entry, int] = {}
    cited: dict[Entry, list[str]] = {}
    parts = []
    for position, (entry, sentence) in enumerate(chosen):
        marker = markers.setdefault(entry, len(markers) + 1)
        cited.setdefault(entry, []).append(sentence)
        previous = chosen[position - 1][0] if position else None
        parts.append(sentence if previous is entry else with_as_of(entry, sentence, tables))
        following = chosen[position + 1][0] if position + 1 < len(chosen) else None
        if following is not entry:  # one marker after a run of sentences from one entry
            parts[-1] += f" [{marker}]"
    scores = {c.entry: c.score for c in candidates}
    citations = [
        Citation(marker, entry, round(scores.get(entry, 0.0), _SCORE_DIGITS), tuple(cited[entry]))
        for entry, marker in markers.items()
    ]
    return " ".join(parts), citations


def pooled(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates an answer's sentences may come from: those scoring at least POOL_SHARE of the best."""
    return [c for c in candidates if c.score >= POOL_SHARE * candidates[0].score] if candidates else []


def choose_sentences(analysis: Analysis, candidates: list[Candidate],
                     tables: PackTables) -> list[tuple[Entry, str]]:
    """The sentences that answer: an overview's opening, a list of positions, or the best
    sentence plus at most one more that adds something the question asked about."""
    pool = pooled(candidates)
    prefers = PREFERS[analysis.qtype]
    listing = (prefers.lists_positions or tables.language.GROUP_WORD in analysis.resolved
               or (analysis.stance == "both" and prefers.lists_sides))
    if analysis.stance and listing:
        listed = _stance_list(analysis, pool, candidates, tables)
        if listed:
            return listed
    top = pool[0].entry
    alone = False  # whether the first sentence answers all of the question
    if top.kind == "overview":  # leave room for the entries it names as related
        chosen = _opening(top, tables.split(top), FACTOID_BUDGET if top.related else OVERVIEW_BUDGET)
    else:
        pool = _answering_first(analysis, pool, tables)
        chosen, alone = _best_sentences(analysis, pool, tables)
    chosen += _related(chosen, analysis, tables, alone)
    # The best sentence answers first; what adds to it follows in the entries' own order.
    lead, rest = (chosen[:1], chosen[1:]) if top.kind != "overview" else ([], chosen)
    rest.sort(key=lambda c: (c[0], c[1]))
    return [(entry, sentence) for _, _, entry, sentence in lead + rest]


def _answering_first(analysis: Analysis, pool: list[Candidate], tables: PackTables) -> list[Candidate]:
    """The pool with the entry that answers first, for a question that asks for one thing (a
    count, a date, a place, a name). When no sentence of the best entry shows that thing
    beside a word asked ("By how many votes did Question 3 pass?" and the entry about what
    Question 3 asked for), another leading entry scoring nearly as well (LEAD_SHARE) whose
    sentence names every word asked and shows it (the count of votes) leads. And a how-many
    question that names no year or month is answered first with the latest count (`as_of`) of
    such an entry ("How many counties signed?": eight as of November, not seven as of
    September)."""
    asked = [c for c in analysis.concepts if not c.soft]
    lang = tables.language

    def shows(candidate: Candidate, every_word: bool) -> bool:
        entry = candidate.entry
        for position, (sentence, terms) in enumerate(tables.split(entry)):
            named = [c for c in asked if matches(c, terms)]
            if (len(named) == len(asked) if every_word else named) \
                    and _shows_what_was_asked(analysis, sentence, position, entry, lang):
                return True
        return False

    prefers = PREFERS[analysis.qtype]
    if analysis.qtype == QuestionType.YES_NO and asked and lang.ASKS_OUTCOME.search(analysis.question) \
            and not lang.SUPPOSES.search(analysis.question):
        return _led_by(_result_entry(asked, pool, tables), pool)
    if analysis.qtype == QuestionType.YES_NO and asked:  # whether something is so: all of it
        return _led_by(_whole_match(asked, pool), pool)
    if prefers.sentence not in _ONE_THING or prefers.longer or not asked or analysis.asks_statement \
            or analysis.asks_opinion:
        return pool
    top = pool[0]
    close = [c for c in _close(pool, LEADING, LEAD_SHARE) if c.entry.kind != "overview"]
    if not shows(top, every_word=False):
        leader = next((c for c in close if shows(c, every_word=True)), None)
    elif prefers.sentence is Shows.COUNT and top.entry.as_of is not None \
            and not (lang.YEAR.search(analysis.question) or lang.MONTH.search(analysis.question)):
        later = [c for c in close if c.entry.as_of is not None and c.entry.as_of > top.entry.as_of]
        leader = max((c for c in later if shows(c, every_word=True)), key=lambda c: c.entry.as_of, default=None)
    else:
        leader = None
    return _led_by(leader, pool)


def _whole_match(asked: list[Concept], pool: list[Candidate]) -> Candidate | None:
    """For a yes-or-no question, a leading entry scoring nearly as well as the best (LEAD_SHARE)
    that matches every word asked, when the best does not: "Does the Kandiyohi sheriff have
    287(g)?" is answered by what the sheriff's office signed, not by who the sheriff is, which
    says nothing of 287(g). None when the best matches them all, or no such entry is close."""
    labels = {c.label for c in asked}
    if labels <= set(pool[0].matched):
        return None
    return next((c for c in _close(pool, LEADING, LEAD_SHARE) if labels <= set(c.matched)), None)


def _result_entry(asked: list[Concept], pool: list[Candidate], tables: PackTables) -> Candidate | None:
    """The entry that tells how a vote came out, for a question whether something passed or
    won ("Did it pass?" after "Which ballot question paid for that?"): a dated event among the
    first RESULT_AMONG entries, scoring at least RESULT_SHARE of the best, with a sentence that
    reports an outcome and names, with its entry's names, every word asked besides the outcome
    and the packs' topic ("Princeton voters passed all three questions ...: Question 1 by 2,075
    votes to 1,317"), not the entry of what the measure asked for, which says "pass" as often.
    The outcome may be worded otherwise ("approved", "passed"). None when the question names
    nothing else ("Did the referendum pass?": ranking's choice stands), when the best entry is
    such an event already, or when none is close."""
    lang = tables.language
    topic = set(tables.topic.terms)
    named = [c for c in asked if not lang.ASKS_OUTCOME.search(c.label) and not topic & set(c.alternatives)]

    def tells_result(candidate: Candidate) -> bool:
        entry = candidate.entry
        if entry.kind != "event" or entry.date is None:
            return False
        names = _names_of(entry, tables)
        return any(lang.REPORTS_OUTCOME.search(sentence) and all(matches(c, words) for c in named)
                   for sentence, words in ((s, terms | names) for s, terms in tables.split(entry)))

    if not named or tells_result(pool[0]):
        return None
    return next((c for c in _close(pool, RESULT_AMONG, RESULT_SHARE) if tells_result(c)), None)


def _close(pool: list[Candidate], among: int, share: float) -> list[Candidate]:
    """The entries after the best, among the first `among`, scoring at least `share` of it:
    those that may answer first in its place."""
    return [c for c in pool[1:among] if c.score >= share * pool[0].score]


def _names_of(entry: Entry, tables: PackTables) -> frozenset[str]:
    """The index terms of all of an entry's names (its title, its aliases)."""
    return frozenset().union(*tables.entry_names(tables.position(entry.pack, entry.id)))


def _led_by(leader: Candidate | None, pool: list[Candidate]) -> list[Candidate]:
    """The pool with `leader` first, if there is one."""
    return pool if leader is None else [leader] + [c for c in pool if c is not leader]


def _best_sentences(analysis: Analysis, pool: list[Candidate], tables: PackTables) -> tuple[list[Pick], bool]:
    """The sentences chosen, and whether the first answers all of the question alone."""
    longer = PREFERS[analysis.qtype].longer
    budget, most = (OVERVIEW_BUDGET, OVERVIEW_SENTENCES) if longer else (FACTOID_BUDGET, FACTOID_SENTENCES)
    scored = []
    for rank, candidate in enumerate(pool):
        entry = candidate.entry
        names = _names_of(entry, tables)
        for position, (sentence, terms) in enumerate(tables.split(entry)):
            score = _sentence_score(analysis, candidate, (rank, position), sentence, (terms, names), tables.language)
            scored.append((score, rank, position, entry, sentence, terms))
    # The answer starts with the best sentence of the best entry: ranking chose that entry
    # for this kind of question; sentences elsewhere may only add to it.
    # A when-question's answer starts with a sentence of that entry that gives a date, if one does.
    dated = PREFERS[analysis.qtype].sentence is Shows.DATE
    scored.sort(key=lambda s: (s[1] != 0, dated and not (s[0] > 0 and _SHOWS[Shows.DATE](tables.language, s[4], s[2], s[3])),
                               -s[0], s[1], s[2]))
    scored = scored[:1] + sorted(scored[1:], key=lambda s: (-s[0], s[1], s[2]))
    chosen: list[Pick] = []
    told: list[frozenset[str]] = []  # the terms of each sentence chosen
    covered: set[str] = set()
    soft = {c.label for c in analysis.concepts if c.soft}  # "year", "people": they add no part asked
    carried = {c.label for c in analysis.carried}  # words of earlier questions add no part asked now; "it" does
    used = 0
    for score, rank, position, entry, sentence, terms in scored:
        if score <= 0 or len(chosen) >= most:
            break
        here = {c.label for c in analysis.concepts if matches(c, terms)}
        # The top entry reads on, unless the last answer showed that sentence already.
        adds = bool(here - covered - carried) or (entry is pool[0].entry and sentence not in analysis.shown)
        # The best entry's sentence that tells a part of the question the answer lacks may run
        # to the longer budget: a shorter, lesser sentence is no answer in its place.
        room = OVERVIEW_BUDGET if entry is pool[0].entry and here - covered - soft else budget
        if chosen and (not adds or used + len(sentence) > room or _repeats(terms, told)):
            continue
        told.append(terms)
        chosen.append(Pick(rank, position, entry, sentence))
        covered |= here
        if len(chosen) == 1 and not longer and _answers(analysis, here, sentence, position, entry, tables):
            return chosen + _caveat(analysis, chosen[0], tables), True  # the first sentence answers all of the question
        used += len(sentence) + SENTENCE_GAP
    return chosen, False


def _caveat(analysis: Analysis, answer: Pick, tables: PackTables) -> list[Pick]:
    """The sentence of the answering entry that says its sources disagree on what was asked
    ("Sources date the appeal differently: ..."), after a first sentence that answers alone: a
    reader must not take one source's date or figure as settled. It names a word asked and
    shows the kind of thing asked (another date, another count), so a disagreement about
    something else is left out. At most one, within the longer budget."""
    lang = tables.language
    asked = [c for c in analysis.concepts if not c.soft]
    for position, (sentence, terms) in enumerate(tables.split(answer.entry)):
        if position != answer.position and lang.DISAGREEMENT.search(sentence) \
                and any(matches(c, terms) for c in asked) \
                and _shows_what_was_asked(analysis, sentence, position, answer.entry, lang) \
                and len(answer.sentence) + SENTENCE_GAP + len(sentence) <= OVERVIEW_BUDGET:
            return [Pick(answer.rank, position, answer.entry, sentence)]
    return []


def _answers(analysis: Analysis, here: set[str], sentence: str, position: int, entry: Entry,
             tables: PackTables) -> bool:
    """Whether a sentence answers all of a question that asks for one thing (a date, a count,
    a place, a name): it names the question's rarest words ("lifeguards", not "season") and
    shows that thing; a count counts what was asked ("12 lifeguards", not "three years
    after"). An opening about a person, a body or a term reads on, and so does what someone
    said or thought; but a who-question that does not name that entry is answered by its
    opening alone ("Who was board president?": "Dafna Kendal was ..."), while "Who is Dafna
    Kendal?" reads on."""
    lang = tables.language
    if analysis.asks_statement or analysis.asks_opinion:
        return False
    if _SHOWS[Shows.SUBJECT](lang, sentence, position, entry) and (
            analysis.qtype != QuestionType.WHO or _names_entry(analysis, entry, tables)):
        return False
    return all(c.label in here for c in _needed(analysis, lang)) \
        and _shows_what_was_asked(analysis, sentence, position, entry, lang)


def _names_entry(analysis: Analysis, entry: Entry, tables: PackTables) -> bool:
    """Whether the question's own words give the entry's name in full: its title, or an alias
    that shares a word with the title ("Kendal" of "Dafna Kendal"); not an alias that names a
    role ("board president"), nor a synonym's words or a word kept from an earlier question."""
    asked = {t for c in analysis.own for t in c.asked}
    title, *aliases = tables.entry_names(tables.position(entry.pack, entry.id))
    return any(name and name <= asked for name in (title, *(a for a in aliases if a & title)))


def _needed(analysis: Analysis, lang: ModuleType) -> list[Concept]:
    """The question's words a sentence must name to answer it alone: the rarest (all of them,
    when equally rare), or every one for a follow-up (part of it is in the conversation) and for
    a question that asks two things."""
    asked = [c for c in analysis.concepts if not c.soft]
    if analysis.resolved or any(c.origin == "context" for c in asked) or _joins_asks(analysis, lang):
        return asked
    top = max((c.weight for c in asked), default=0.0)
    return [c for c in asked if c.weight == top]


def _joins_asks(analysis: Analysis, lang: ModuleType) -> bool:
    """Whether a question asks two things: an "and" followed by a question word ("How many
    ... and in how many states?", "Who ... and why?"), after the words that open it."""
    said = without_openings(words(analysis.question, lang), lang.OPENING_WORDS)
    return any(word in lang.AND_WORDS and any(w in lang.ASKING_WORDS for w in said[i + 1 : i + 1 + ASKED_AFTER_AND])
               for i, word in enumerate(said))


def _shows_what_was_asked(analysis: Analysis, sentence: str, position: int, entry: Entry, lang: ModuleType) -> bool:
    """Whether a sentence shows the kind of thing the question asks for (a date, a place, a
    name), and for a how-many question a count of the thing asked."""
    kind = PREFERS[analysis.qtype].sentence
    shows = _SHOWS.get(kind)
    if shows is None or not shows(lang, sentence, position, entry):
        return False
    return kind is not Shows.COUNT or _counts_what_was_asked(analysis, sentence, lang)


def _counts_what_was_asked(analysis: Analysis, sentence: str, lang: ModuleType) -> bool:
    """Whether a sentence counts what a how-many question counts: a count with a counted word
    at most COUNTED_WITHIN words after it ("how many people were taken ...": "nearly 100
    people", not "three years before"), in the question's word or a one-word synonym of it.
    True when the question names nothing to count ("How much did it cost?")."""
    counted = set(tokenize(" ".join(lang.counted_words(words(analysis.question, lang))), lang=lang))
    if not counted:
        return True
    for concept in analysis.concepts:  # in the packs' words too: "cops" counted as "officers"
        if counted & set(concept.asked):
            counted |= {t for alt in concept.alternatives if len(alt) == 1 for t in alt}
    for after in lang.after_counts(sentence):
        if counted & set(tokenize(" ".join(words(after, lang)[:COUNTED_WITHIN]), lang=lang)):
            return True
    return False


def _repeats(terms: frozenset[str], told: list[frozenset[str]]) -> bool:
    """Whether a sentence tells what a chosen one told already: most of its words are there."""
    return any(len(terms & other) >= REPEAT_SHARE * min(len(terms), len(other)) for other in told if terms)


def _sentence_score(analysis: Analysis, candidate: Candidate, where: tuple[int, int], sentence: str,
                    words: tuple[frozenset[str], frozenset[str]], lang: ModuleType) -> float:
    """How well a sentence answers: where is (entry rank, sentence position), words (the
    sentence's terms, the terms of its entry's names)."""
    (rank, position), (terms, entry_names) = where, words
    score = 0.0
    for concept in analysis.concepts:
        if matches(concept, terms):
            score += concept.weight
        elif matches(concept, entry_names):
            score += SUBJECT_WEIGHT * concept.weight  # the sentence is about the entry's subject
    score *= candidate.score / (candidate.score + ENTRY_SATURATION)
    score += _type_bonus(PREFERS[analysis.qtype], lang, sentence, position, candidate.entry)
    if analysis.asks_statement and lang.STATEMENT.search(sentence):
        score += STATEMENT_BONUS
    if position == 0:
        score *= FIRST_SENTENCE
    return score / (1 + RANK_DECAY * rank)


def _stance_list(analysis: Analysis, pool: list[Candidate], candidates: list[Candidate],
                 tables: PackTables) -> list[tuple[Entry, str]]:
    """Who supported or opposed: each side's positions, most relevant first; both sides,
    with equal room, when the question asks for both."""
    wanted = ("supported", "opposed") if analysis.stance == "both" else (analysis.stance,)
    if analysis.stance == "both":
        overview = next((c.entry for c in pool[:BOTH_SIDES_OVERVIEW_AMONG] if c.entry.kind == "overview"
                         and c.entry.stance == "neutral"), None)
        if overview is not None:
            return [(p.entry, p.sentence) for p in _opening(overview, tables.split(overview), OVERVIEW_BUDGET)]
    relevance = {tables.position(c.entry.pack, c.entry.id): c.score for c in candidates}
    room = OVERVIEW_BUDGET // len(wanted)
    years = [c.label for c in analysis.concepts if c.named and c.origin == "question"
             and tables.language.YEAR.fullmatch(c.label)]
    chosen = []
    for stance in wanted:
        side = sorted(tables.with_stance(stance), key=lambda i: -relevance.get(i, 0.0))
        if years:  # "Who opposed the 2015 vote?": not the positions of 2017
            side = [i for i in side if _of_years(tables.entries[i], years, tables.language)]
        used = 0
        for entry in map(tables.entries.__getitem__, side):
            first = tables.split(entry)[0][0]
            if used and used + len(first) > room:
                break
            chosen.append((entry, first))
            used += len(first) + SENTENCE_GAP
    return chosen


def _of_years(entry: Entry, years: list[str], lang: ModuleType) -> bool:
    """Whether an entry may be of one of the years: dated in it, true as of it or saying it, or
    giving no year at all."""
    said = {str(d.year) for d in (entry.date, entry.as_of) if d is not None} | set(lang.YEAR.findall(entry.text))
    return not said or bool(said & set(years))


def _related(chosen: list[Pick], analysis: Analysis, tables: PackTables, alone: bool) -> list[Pick]:
    """The opening sentences of entries a chosen entry names, in the order named, while the
    answer stays short: first those whose sources say otherwise (`disagrees`), whatever was
    asked; then those it names as related (a later count), when they speak to the question:
    share one of its specific words and, after a first sentence that answers alone, tell more
    of the thing asked (_tells_more)."""
    asked = [c for c in analysis.concepts if not c.soft]
    present = {p.entry for p in chosen}
    used = sum(len(p.sentence) + SENTENCE_GAP for p in chosen)
    extra = []
    named = [(rank, entry.pack, other_id, True) for rank, _, entry, _ in chosen for other_id in entry.disagrees]
    named += [(rank, entry.pack, other_id, False) for rank, _, entry, _ in chosen for other_id in entry.related]
    for rank, pack, other_id, disagrees in named:
        other = tables.entry(pack, other_id)
        if other is None or other in present:
            continue
        first, terms = tables.split(other)[0]
        if not disagrees and (not any(matches(c, terms) for c in asked)
                              or alone and not _tells_more(analysis, first, other, tables.language)):
            continue
        if used + len(first) > OVERVIEW_BUDGET:
            if disagrees:
                continue  # a shorter one may still fit
            return extra
        present.add(other)
        extra.append(Pick(rank, _AFTER_ITS_ENTRY, other, first))
        used += len(first) + SENTENCE_GAP
    return extra


def _tells_more(analysis: Analysis, first: str, other: Entry, lang: ModuleType) -> bool:
    """Whether a related entry's opening adds to a first sentence that answers alone: it shows
    the thing asked, and is another count of it ("a later count counted 350 swimmers") or a
    fact dated as of when it held (`as_of`: "As of November, eight counties had signed"). Another
    event with its own date ("The mayor signed the law on June 7", after "The council passed it
    on May 21") tells something else, which the question did not ask."""
    return _shows_what_was_asked(analysis, first, 0, other, lang) and (
        PREFERS[analysis.qtype].sentence is Shows.COUNT or other.as_of is not None)


def _opening(entry: Entry, split: tuple[tuple[str, frozenset[str]], ...], budget: int) -> list[Pick]:
    """An overview's first sentences, in order, within the budget (at least one)."""
    chosen, used = [], 0
    for position, (sentence, _) in enumerate(split):
        if chosen and used + len(sentence) > budget:
            break
        chosen.append(Pick(0, position, entry, sentence))
        used += len(sentence) + SENTENCE_GAP
    return chosen


def _type_bonus(prefers: Prefers, lang: ModuleType, sentence: str, position: int, entry: Entry) -> float:
    """The bonus of a sentence that shows what this type of question asks for."""
    shows = _SHOWS.get(prefers.sentence)
    return prefers.sentence_bonus if shows is not None and shows(lang, sentence, position, entry) else 0.0


# What a sentence must show for each kind of answer: (language, sentence, its position, its
# entry) -> yes or no.
_SHOWS: dict[Shows, Callable[[ModuleType, str, int, Entry], bool]] = {
    Shows.DATE: lambda lang, sentence, _, __: bool(lang.YEAR.search(sentence) or lang.MONTH.search(sentence)
                                                   or lang.DAY_OR_TIME.search(sentence)),
    Shows.COUNT: lambda lang, sentence, _, __: bool(lang.counts(sentence)),
    Shows.PLACE: lambda lang, sentence, _, __: bool(lang.PLACES.search(sentence)),
    Shows.SUBJECT: lambda _, __, position, entry: entry.kind in ("definition", "organization", "person")
    and position == 0,
    Shows.REASON: lambda lang, sentence, _, __: bool(lang.REASON.search(sentence)),
    Shows.FULL_NAME: lambda lang, sentence, _, __: bool(lang.FULL_NAME.search(sentence)),
}


def with_as_of(entry: Entry, sentence: str, tables: PackTables) -> str:
    """Prefix a changeable fact with the date it was true, unless the sentence says it already."""
    if entry.as_of is None or str(entry.as_of.year) in sentence:
        return sentence
    return tables.language.as_of(entry.as_of, sentence, tables.common_words)
