"""BM25 over knowledge entries.

rank-bm25 computes the corpus statistics (document lengths, term frequencies). Two things are
changed on top of it, each with a test:

- IDF: BM25Okapi's IDF is zero or negative for a term in half or more of the entries, which
  on a small pack silently drops words such as "Willmar". We use Lucene's non-negative IDF,
  log(1 + (N - n + 0.5) / (n + 0.5)).
- Speed: instead of scanning every entry for every query term, each term keeps a posting list
  (the entries that contain it, with their BM25 term weight precomputed). The scores are the
  same BM25 scores, computed only where they are not zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25Okapi

from civicqa.knowledge import Entry
from civicqa.text import tokenize

K1 = 1.5
B = 0.75


class LuceneBM25(BM25Okapi):
    """rank-bm25's Okapi BM25 with Lucene's IDF, which is never zero or negative."""

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, freq in nd.items():
            self.idf[word] = lucene_idf(self.corpus_size, freq)
        self.average_idf = sum(self.idf.values()) / max(len(self.idf), 1)


def lucene_idf(documents: int, containing: int) -> float:
    return math.log(1 + (documents - containing + 0.5) / (containing + 0.5))


def entry_document(entry: Entry) -> list[str]:
    """The terms an entry is found by. The title and aliases count twice: they name the subject."""
    names = " ".join((entry.title, *entry.aliases))
    dates = " ".join(str(d) for d in (entry.as_of, entry.date) if d is not None)  # "May 2010"
    rest = " ".join((*entry.keywords, *entry.questions, entry.text, dates))
    return tokenize(names) * 2 + tokenize(rest)


@dataclass(frozen=True)
class Postings:
    """The entries that contain one term, and the term's BM25 weight in each (without IDF)."""

    docs: np.ndarray  # int32 entry positions
    weights: np.ndarray  # float64 tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avglen))


class Index:
    """A BM25 index over entries, with posting lists for fast scoring."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        documents = [entry_document(e) for e in entries]
        self.bm25 = LuceneBM25(documents, k1=K1, b=B)
        self.size = len(entries)
        self.max_idf = lucene_idf(self.size, 0)
        self.postings = self._build_postings()
        self.name_terms = sorted(
            {t for e in entries for t in tokenize(" ".join((e.title, *e.aliases))) if t.isalpha()}
        )

    def _build_postings(self) -> dict[str, Postings]:
        docs: dict[str, list[int]] = {}
        freqs: dict[str, list[int]] = {}
        for position, frequencies in enumerate(self.bm25.doc_freqs):
            for term, tf in frequencies.items():
                docs.setdefault(term, []).append(position)
                freqs.setdefault(term, []).append(tf)
        lengths = np.asarray(self.bm25.doc_len, dtype=np.float64)
        norm = K1 * (1 - B + B * lengths / self.bm25.avgdl)
        postings = {}
        for term, positions in docs.items():
            ids = np.asarray(positions, dtype=np.int32)
            tf = np.asarray(freqs[term], dtype=np.float64)
            postings[term] = Postings(ids, tf * (K1 + 1) / (tf + norm[ids]))
        return postings

    def has(self, term: str) -> bool:
        return term in self.postings

    def idf(self, term: str) -> float:
        """The term's IDF; a term no entry contains gets the highest IDF there is."""
        return self.bm25.idf.get(term, self.max_idf)


    def term_weights(self, term: str) -> np.ndarray:
        """The BM25 term-frequency part of one term in every entry, before IDF."""
        weights = np.zeros(self.size)
        postings = self.postings.get(term)
        if postings is not None:
            weights[postings.docs] = postings.weights
        return weights

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 scores of a bag of query terms in every entry: the fast path."""
        total = np.zeros(self.size)
        for term in terms:
            postings = self.postings.get(term)
            if postings is not None:
                total[postings.docs] += self.idf(term) * postings.weights
        return total

    def reference_scores(self, terms: list[str]) -> np.ndarray:
        """The same scores computed by rank-bm25's own loop over every entry (slow; for tests)."""
        return self.bm25.get_scores(terms)

    def top(self, terms: list[str], n: int = 5) -> list[tuple[Entry, float]]:
        """The best n entries for a bag of terms; entries that matched nothing are never returned."""
        scores = self.scores(terms)
        order = np.argsort(-scores, kind="stable")[:n]
        return [(self.entries[i], float(scores[i])) for i in order if scores[i] > 0]
