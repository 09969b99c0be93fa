"""BM25 over knowledge entries.

rank-bm25 computes the corpus statistics (document lengths, term frequencies). Two things are
changed on top of it, each with a test:

- IDF: BM25Okapi's IDF is zero or negative for a term in half or more of the entries, which
  on a small pack silently drops words such as "Willmar". We use Lucene's non-negative IDF,
  log(1 + (N - n + 0.5) / (n + 0.5)).
- Building: the same statistics rank-bm25 computes (tests/test_index.py compares them), from
  arrays rather than a dictionary per entry.
- Speed: instead of scanning every entry for every query term, each term keeps a posting list
  (the entries that contain it, with their BM25 term weight precomputed), stored as three flat
  arrays so an index of 100,000 entries loads from the cache in a few milliseconds. The scores
  are the same BM25 scores, computed only where they are not zero.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Callable
from types import ModuleType

import numpy as np

from civicqa.knowledge import Entry
from civicqa.language import english
from civicqa.text import tokenize
from civicqa.tuning import (JOINED_TERMS_MOST, PROGRESS_EVERY, TOP_MARGIN, TOP_SAMPLE_EVERY,
                            TOP_SAMPLE_RANK_LEAST)

K1 = 1.5
B = 0.75


def lucene_idf(documents: int, containing: int) -> float:
    return math.log(1 + (documents - containing + 0.5) / (containing + 0.5))


def lucene_bm25(corpus: list[list[str]]):
    """rank-bm25's Okapi BM25 over a tokenized corpus, with Lucene's IDF."""
    from rank_bm25 import BM25Okapi  # only needed to build an index, not to load one

    class LuceneBM25(BM25Okapi):
        def _calc_idf(self, nd: dict[str, int]) -> None:
            for word, freq in nd.items():
                self.idf[word] = lucene_idf(self.corpus_size, freq)
            self.average_idf = sum(self.idf.values()) / max(len(self.idf), 1)

    return LuceneBM25(corpus, k1=K1, b=B)


def entry_document(entry: Entry, lang: ModuleType = english) -> list[str]:
    """The terms an entry is found by. The title and aliases count twice: they name the subject."""
    return entry_terms(entry, lang)[0]


def entry_terms(entry: Entry, lang: ModuleType = english) -> tuple[list[str], list[list[str]]]:
    """The terms an entry is found by (entry_document), and the terms of each of its names."""
    names = [tokenize(name, lang=lang) for name in (entry.title, *entry.aliases)]
    dates = " ".join(lang.date_words(d) for d in (entry.as_of, entry.date) if d is not None)  # "May 2010"
    rest = " ".join((*entry.keywords, *entry.questions, entry.text, dates))
    return [term for name in names for term in name] * 2 + tokenize(rest, lang=lang), names


class Index:
    """BM25 posting lists: for each term, the entries containing it and its weight in each."""

    kind = "bm25"  # its name in a stored engine (civicqa.store.BACKENDS)

    def __init__(self, documents: list[list[str]]) -> None:
        """The statistics rank-bm25's BM25Okapi keeps (document lengths, term frequencies,
        document frequencies; tests/test_index.py compares the two), computed on arrays: a
        dictionary per document costs seconds at 100,000 entries."""
        self._index(list(documents))

    def _index(self, documents: list[list[str]]) -> None:
        """Index.__init__, emptying `documents` as soon as their terms are numbered: the lists
        of terms are the largest thing a build holds, and the arrays below are made after them."""
        self.size = len(documents)
        # Terms numbered in the order they first appear: a new term's number is the count so far.
        slots: dict[str, int] = defaultdict()
        slots.default_factory = slots.__len__
        lengths = np.fromiter(map(len, documents), dtype=np.int64, count=self.size)
        terms = np.fromiter(itertools.chain.from_iterable(map(slots.__getitem__, d) for d in documents),
                            dtype=np.int64, count=int(lengths.sum()))
        documents.clear()
        # One posting per (term, entry), in term order then entry order, with its frequency: each
        # term's number made a (term, entry) number in place and sorted in place, which np.unique
        # would do on copies (at 100,000 entries, the build's largest moment).
        keys = terms
        keys *= max(self.size, 1)
        keys += np.repeat(np.arange(self.size, dtype=np.int64), lengths)
        keys.sort()
        first = np.ones(len(keys), dtype=bool)  # where a new (term, entry) starts
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        at = np.flatnonzero(first)
        del first
        pairs, tf = keys[at], np.diff(np.append(at, len(keys)))
        del terms, keys, at
        slot_of_posting = pairs // max(self.size, 1)
        docs = (pairs - slot_of_posting * max(self.size, 1)).astype(np.int32)
        del pairs
        starts = np.zeros(len(slots) + 1, dtype=np.int64)
        np.cumsum(np.bincount(slot_of_posting, minlength=len(slots)), out=starts[1:])
        del slot_of_posting
        tf = tf.astype(np.int32)  # the int64 counts let go of: this is the build's busiest moment
        self._score(list(slots), starts, docs, tf, lengths.astype(np.int32))

    def _score(self, terms: list[str], starts: np.ndarray, docs: np.ndarray, tf: np.ndarray,
               lengths: np.ndarray) -> None:
        """Every posting's BM25 score from the statistics: the terms in the order they first
        appear, where each term's postings start, each posting's entry and term frequency (in
        term order, then entry order), and each entry's length."""
        self.size = len(lengths)
        self.max_idf = lucene_idf(self.size, 0)
        self._slots = {term: slot for slot, term in enumerate(terms)}
        self._starts, self._docs, self._tf, self._lengths = starts, docs, tf, lengths
        containing = np.diff(starts)
        # IDF with math.log, as the reference computes it, once per distinct document frequency.
        by_frequency = {n: lucene_idf(self.size, n) for n in np.unique(containing).tolist()}
        idf = np.array([by_frequency[n] for n in containing.tolist()], dtype=np.float64)
        self._idf = dict(zip(terms, idf.tolist()))
        # Each posting's whole BM25 score, IDF included: a search only adds them up.
        self._scores = _posting_scores(np.repeat(idf, containing), tf, docs, _norms(lengths))

    @classmethod
    def merged(cls, parts: list[Index]) -> Index:
        """The index of the entries of several indexes, one after another: the same, to the last
        bit, as an index built from all their entries at once (tests/test_merge.py), computed from
        the parts' statistics without tokenizing an entry again, term by term as searches ask
        (JoinedIndex)."""
        return JoinedIndex(parts)

    @classmethod
    def of(cls, entries: list[Entry], lang: ModuleType = english, progress: Callable[..., None] | None = None,
           names: list[list[list[str]]] | None = None) -> Index:
        """The index of the entries; `names`, if given, is filled with each entry's names' terms."""
        documents = []
        for done in range(0, len(entries), PROGRESS_EVERY):
            if progress:
                progress("indexing", done, len(entries))
            for document, named in map(entry_terms, entries[done : done + PROGRESS_EVERY], itertools.repeat(lang)):
                documents.append(document)
                if names is not None:
                    names.append(named)
        index = cls.__new__(cls)
        index._index(documents)  # which empties the list: no one else holds it
        return index

    def tables(self) -> tuple[dict, dict[str, np.ndarray]]:
        """The index as plain data, for the cache: small values, and the posting arrays."""
        idf = np.array([self._idf[term] for term in self._slots], dtype=np.float64)
        return ({"size": self.size, "max_idf": self.max_idf, "terms": list(self._slots)},
                {"idf": idf, "docs": self._docs, "starts": self._starts, "scores": self._scores,
                 "tf": self._tf, "lengths": self._lengths})  # the statistics, for Index.merged

    @classmethod
    def restored(cls, tables: dict, arrays: dict[str, np.ndarray]) -> Index:
        """The index that `tables` described: nothing is recomputed (the arrays may be memory-mapped)."""
        index = cls.__new__(cls)
        index.size, index.max_idf = tables["size"], tables["max_idf"]
        terms = tables["terms"]
        index._slots = {term: slot for slot, term in enumerate(terms)}
        index._idf = dict(zip(terms, arrays["idf"].tolist()))
        index._docs, index._starts, index._scores = arrays["docs"], arrays["starts"], arrays["scores"]
        index._tf, index._lengths = arrays["tf"], arrays["lengths"]
        if not (len(terms) + 1 == len(index._starts) == len(arrays["idf"]) + 1 and len(index._lengths) == index.size
                and len(index._docs) == len(index._scores) == len(index._tf) == int(index._starts[-1])):
            raise ValueError("not a stored index: its arrays do not fit together")
        if int(index._starts[0]) != 0:
            raise ValueError("not a stored index: its postings do not start at the start")
        if len(index._docs) and (int(index._docs.min()) < 0 or int(index._docs.max()) >= index.size
                                 or bool((np.diff(index._starts) < 0).any())):
            raise ValueError("not a stored index: a posting names no entry")
        return index

    def has(self, term: str) -> bool:
        return term in self._slots

    def idf(self, term: str) -> float:
        """The term's IDF; a term no entry contains gets the highest IDF there is."""
        return self._idf.get(term, self.max_idf)

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The entries that contain the term, and its BM25 score in each."""
        slot = self._slots.get(term)
        if slot is None:
            return self._docs[:0], self._scores[:0]
        start, end = self._starts[slot], self._starts[slot + 1]
        return self._docs[start:end], self._scores[start:end]

    def weights(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The entries that contain the term, and its BM25 term-frequency weight (without IDF)."""
        docs, scores = self.postings(term)
        return docs, scores / self.idf(term)

    def matches(self, terms: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """The entries that contain every term, and the sum of the terms' weights (without IDF)
        in each: civicqa.search.SearchBackend, what the answering engine asks of an index."""
        docs, weights = self.weights(terms[0])
        for term in terms[1:]:
            other_docs, other_weights = self.weights(term)
            docs, mine, theirs = np.intersect1d(docs, other_docs, assume_unique=True, return_indices=True)
            weights = weights[mine] + other_weights[theirs]
        return docs, weights

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 scores of a bag of query terms in every entry: the fast path.

        The query terms' posting lists are summed in one pass (bincount), each entry's
        contributions added in the order of the terms, as the reference loop adds them.
        """
        found = [postings for postings in map(self.postings, terms) if len(postings[0])]
        if not found:
            return np.zeros(self.size)
        docs = np.concatenate([docs for docs, _ in found])
        values = np.concatenate([scores for _, scores in found])
        return np.bincount(docs, weights=values, minlength=self.size)

    def top(self, terms: list[str], n: int = 5) -> list[tuple[int, float]]:
        """The best n entry positions for a bag of terms; entries that matched nothing never appear."""
        return top_positions(self.scores(terms), n)


def _norms(lengths: np.ndarray) -> np.ndarray:
    """Each entry's BM25 length normalization, K1 * (1 - B + B * length / average length)."""
    total = int(lengths.sum(dtype=np.int64))
    average = total / len(lengths) if total else 1.0  # no terms at all: no posting uses it
    return K1 * (1 - B + B * lengths.astype(np.float64) / average)


def _posting_scores(idf: np.ndarray, tf: np.ndarray, docs: np.ndarray, norm: np.ndarray) -> np.ndarray:
    """Postings' whole BM25 scores, idf * (tf * (K1 + 1) / (tf + norm)), from each posting's IDF
    (`idf`, which becomes the scores), term frequency and entry. In place, so that a few arrays
    as long as the postings are made, not eight, and in this order of steps wherever a score
    is computed, so that scores worked out apart are the same to the last bit."""
    frequency = tf.astype(np.float64)
    denominator = norm[docs]
    denominator += frequency
    frequency *= K1 + 1
    frequency /= denominator
    del denominator
    idf *= frequency
    return idf


class JoinedIndex(Index):
    """The index of several indexes' entries, one after another (Index.merged), worked out term
    by term as searches ask for them, from the parts' postings and the joined statistics. After
    an edit to one pack among packs of 100,000 entries, a one-shot question needs the postings
    of a few terms, not 3 million postings placed and scored again (a third of a second). The
    whole index, the same postings in the same order, is made only when something needs all of
    it: tables(), to store it, or the arrays themselves (`_whole`)."""

    _WHOLE = frozenset({"_slots", "_idf", "_starts", "_docs", "_tf", "_lengths", "_scores"})

    def __init__(self, parts: list[Index]) -> None:
        self._parts = parts
        self._offsets = np.cumsum([0] + [part.size for part in parts]).tolist()
        self.size = self._offsets[-1]
        self.max_idf = lucene_idf(self.size, 0)
        self._norm = _norms(np.concatenate([part._lengths for part in parts]))
        self._found: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def __getattr__(self, name: str):
        """The whole index's arrays and tables, made the first time one is asked for."""
        if name not in JoinedIndex._WHOLE:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        self.__dict__.update(vars(self._whole()))
        return self.__dict__[name]

    def has(self, term: str) -> bool:
        return any(term in part._slots for part in self._parts)

    def idf(self, term: str) -> float:
        containing = self._containing(term)
        return lucene_idf(self.size, containing) if containing else self.max_idf

    def _containing(self, term: str) -> int:
        return sum(int(part._starts[slot + 1] - part._starts[slot]) for part in self._parts
                   if (slot := part._slots.get(term)) is not None)

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """A term's postings, kept for the next question only when the packs have the term: a
        word a kiosk patron typed that no pack has is not remembered for the next patron."""
        found = self._found.get(term)
        if found is None:
            found = self._joined_postings(term)
            if len(found[0]):
                if len(self._found) >= JOINED_TERMS_MOST:  # a long kiosk session: start again
                    self._found.clear()
                self._found[term] = found
        return found

    def _joined_postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """A term's postings as the whole index holds them: each part's, laid end to end."""
        docs, tf = [], []
        for part, offset in zip(self._parts, self._offsets):
            slot = part._slots.get(term)
            if slot is not None:
                start, end = part._starts[slot], part._starts[slot + 1]
                docs.append(part._docs[start:end] + np.int32(offset))
                tf.append(part._tf[start:end])
        if not docs:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64)
        docs_of, tf_of = np.concatenate(docs), np.concatenate(tf)
        return docs_of, _posting_scores(np.full(len(docs_of), self.idf(term)), tf_of, docs_of, self._norm)

    def _whole(self) -> Index:
        """Every term's postings at once: terms numbered as they first appear, so the first
        part's numbers stay as they are and each later part's new terms come after; each term's
        postings are the parts' postings of it, laid end to end in order."""
        parts = self._parts
        terms: dict[str, int] = {}
        for part in parts:
            for term in part._slots:
                terms.setdefault(term, len(terms))
        count = len(terms)
        slots_of = [np.fromiter(map(terms.__getitem__, part._slots), dtype=np.int64, count=len(part._slots))
                    for part in parts]
        containing = np.zeros(count, dtype=np.int64)
        for part, slots in zip(parts, slots_of):
            containing[slots] += np.diff(part._starts)
        starts = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(containing, out=starts[1:])
        total = int(starts[-1])
        docs, tf = np.empty(total, dtype=np.int32), np.empty(total, dtype=np.int32)
        filled = starts[:-1].copy()  # where the next part's postings of each term go
        for part, slots, offset in zip(parts, slots_of, self._offsets):
            own = np.diff(part._starts)
            # A part's postings of a term stay together, moved to where that term's next go.
            places = np.repeat(filled[slots] - part._starts[:-1], own) + np.arange(len(part._docs), dtype=np.int64)
            docs[places] = part._docs + offset
            tf[places] = part._tf
            filled[slots] += own
        index = Index.__new__(Index)
        index._score(list(terms), starts, docs, tf, np.concatenate([part._lengths for part in parts]))
        return index


def top_positions(scores: np.ndarray, n: int, candidates: np.ndarray | None = None) -> list[tuple[int, float]]:
    """The positions of the n highest scores above zero, best first (ties: earlier first).
    `candidates`, when the caller knows them, are positions, in order, that hold the n best
    (high_scores, which finds them when they are not given)."""
    if n <= 0 or not len(scores):
        return []
    if candidates is None:
        candidates = high_scores(scores, n)
    if len(candidates) > n:
        best = candidates[np.argpartition(-scores[candidates], n - 1)[:n]]
        threshold = scores[best].min()
        candidates = candidates[scores[candidates] >= threshold]  # keep ties, order them stably
    order = candidates[np.lexsort((candidates, -scores[candidates]))][:n]
    return [(int(i), float(scores[i])) for i in order if scores[i] > 0]


def high_scores(scores: np.ndarray, n: int, reach: float = 1.0) -> np.ndarray:
    """The positions, in order, of every score at or above `reach` times a threshold that at
    least n scores above zero reach: they hold the n best, a handful where the scores above zero
    can be most of 100,000. With a reach below 1 they still do once each score is multiplied by
    a factor of its own, when the smallest factor is `reach` times the largest: a score below
    reach times the threshold stays below n others.

    The threshold is a high score of a sample of every TOP_SAMPLE_EVERY-th score, of a rank that
    leaves about TOP_MARGIN times n scores above it. When fewer than n reach it, or the scores
    are too few to sample, every score above zero is a candidate."""
    rank = max(TOP_SAMPLE_RANK_LEAST, math.ceil(n * TOP_MARGIN / TOP_SAMPLE_EVERY))
    sample = scores[::TOP_SAMPLE_EVERY]
    if len(scores) >= n * TOP_SAMPLE_EVERY and len(sample) >= rank:
        threshold = np.partition(sample, len(sample) - rank)[len(sample) - rank]
        reached = scores >= threshold
        if threshold > 0 and np.count_nonzero(reached) >= n:
            return np.flatnonzero(reached if reach == 1 else scores >= threshold * reach)
    return np.flatnonzero(scores > 0)
