"""Retrieval: the entries that match the question's concepts, best first.

    retrieve(analysis, tables) -> list[Candidate]

BM25 concept by concept (each concept's best wording), weighted by the kinds of entries that
can answer this kind of question, then re-ranked by how much of an entry's title the question names.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from civicqa.analysis import Analysis, Concept
from civicqa.index import high_scores, top_positions
from civicqa.choices import KINDS, STANCES
from civicqa.knowledge import Entry
from civicqa.tables import PROFILES, PackTables, Profiles
from civicqa.tuning import (ABOUTNESS, BOTH_SIDES_OVERVIEW, CANDIDATES, CONTEXT_SCORE, OPINION_POSITION,
                            PREFERS, RECENT, RERANK, SOFT_WEIGHT, STANCE, STANCE_CANDIDATES, SYNONYM_DISCOUNT)


class Candidate(NamedTuple):  # never changed once made; a NamedTuple is quicker to define than a dataclass
    entry: Entry
    score: float
    matched: tuple[str, ...]  # labels of the concepts the entry matches


def _among(positions: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """Which of the positions are in docs (sorted): np.isin, without what np.isin costs on first
    use at 100,000 entries (it imports numpy.ma, about 40 ms)."""
    if not len(docs):
        return np.zeros(len(positions), dtype=bool)
    found = np.searchsorted(docs, positions.astype(docs.dtype))  # else docs are converted, all of them
    return docs[np.minimum(found, len(docs) - 1)] == positions


def concept_matches(concept: Concept, tables: PackTables) -> tuple[np.ndarray, np.ndarray]:
    """The entries that word the concept in any of its ways (all of a wording's terms
    present), and the concept's BM25 score in each: sorted entry positions, scores.

    Each wording counts with the IDF of the word as asked, so a rare synonym ("MOA" for
    "agreement") matches like the asked word instead of outranking it.
    """
    index = tables.index
    found_docs, found_scores = [], []
    for alternative in concept.alternatives:
        docs, weights = index.matches(alternative)
        if len(docs):
            scale = 1.0 if alternative == concept.asked else SYNONYM_DISCOUNT
            found_docs.append(docs)
            found_scores.append(weights * (scale / len(alternative)))
    if not found_docs:
        return np.zeros(0, dtype=np.int32), np.zeros(0)
    if len(found_docs) == 1:
        return found_docs[0], found_scores[0] * concept.idf
    best = np.zeros(index.size)  # each entry's best wording
    for docs, scores in zip(found_docs, found_scores):
        best[docs] = np.maximum(best[docs], scores)
    docs = np.flatnonzero(best)
    return docs, best[docs] * concept.idf


def retrieve(analysis: Analysis, tables: PackTables, limit: int = CANDIDATES) -> list[Candidate]:
    if not analysis.concepts:
        return []
    if analysis.stance:
        limit = STANCE_CANDIDATES
    matches = [concept_matches(c, tables) for c in analysis.concepts]
    scaled = [(SOFT_WEIGHT if c.soft else 1.0) * (1.0 if c.origin == "question" else CONTEXT_SCORE) * scores
              for c, (_, scores) in zip(analysis.concepts, matches)]
    # Each entry's concept scores summed in the order of the concepts (np.add.at adds in place,
    # a third of the time of bincount over them all at 100,000 entries, to the same last bit).
    total = np.zeros(tables.index.size)
    for (docs, _), scores in zip(matches, scaled):
        np.add.at(total, docs, scores)
    # Only the entries whose score, once boosted, can be among the best are boosted: at 100,000
    # entries most match something, and boosting them all took a third of a millisecond.
    boost = _profile_boost(analysis, PROFILES)
    contenders = high_scores(total, RERANK, reach=float(boost.min() / boost.max()))
    total[contenders] *= boost[tables.profiles[contenders]]
    shortlist = np.array([i for i, _ in top_positions(total, RERANK, contenders)], dtype=np.int64)
    asked = {t for c in analysis.concepts for t in (c.asked or c.alternatives[0])}
    for i in shortlist:
        total[i] *= 1 + ABOUTNESS * _aboutness(tables, i, asked)
    matched = [_among(shortlist, docs) for docs, _ in matches]  # concept x shortlisted entry
    order = sorted(range(len(shortlist)), key=lambda k: -total[shortlist[k]])[:limit]
    return [
        Candidate(tables.entries[shortlist[k]], float(total[shortlist[k]]),
                  tuple(c.label for c, hits in zip(analysis.concepts, matched) if hits[k]))
        for k in order
    ]


def _aboutness(tables: PackTables, position: int, asked: set[str]) -> float:
    """How closely what an entry is about (its title or an alias) matches what the question
    names: the overlap of the two sets of words over their union."""
    return max((len(name & asked) / len(name | asked) for name in tables.entry_names(position) if name),
               default=0.0)


def _profile_boost(analysis: Analysis, profiles: Profiles) -> np.ndarray:
    """Favor the entries that can answer this kind of question: people for "who", numbers
    for "how many", dated events for "when", definitions for "what is". The boost of the
    entries of each profile an entry can have (kind, stance, flags: tables.PROFILES), which
    is looked up by each entry's."""
    prefers = PREFERS[analysis.qtype]
    preferred = prefers.kinds
    kinds, stances = profiles.kinds, profiles.stances
    boost = np.ones(len(kinds))
    if prefers.with_number != 1.0:
        boost *= np.where(profiles.has_number, prefers.with_number, 1.0)
    if prefers.with_date != 1.0:
        boost *= np.where(profiles.has_date, prefers.with_date, 1.0)
    if analysis.asks_opinion:
        preferred = {**preferred, "position": OPINION_POSITION}
    if analysis.asks_present:
        boost *= np.where(profiles.recent, RECENT, 1.0)  # "now", "today": the latest facts first
    for kind, factor in preferred.items():
        boost[kinds == KINDS.index(kind)] *= factor
    if analysis.stance in ("opposed", "supported") and prefers.stance:
        boost[stances == STANCES.index(analysis.stance)] *= STANCE
    if analysis.stance == "both":
        boost[(kinds == KINDS.index("overview")) & (stances == STANCES.index("neutral"))] *= BOTH_SIDES_OVERVIEW
    return boost
