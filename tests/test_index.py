import math

import numpy as np
import pytest

from civicqa.index import Index, entry_document, high_scores, lucene_bm25, lucene_idf, top_positions
from civicqa.knowledge import load_pack, load_packs
from civicqa.text import tokenize


def test_idf_is_lucene_and_positive_for_a_term_in_half_the_documents():
    corpus = [["willmar", "ice"], ["willmar", "council"], ["mayor"], ["police"]]
    bm25 = lucene_bm25(corpus)
    # "willmar" is in 2 of 4 documents: BM25Okapi would give log((4-2+0.5)/(2+0.5)) = 0.
    assert bm25.idf["willmar"] == pytest.approx(math.log(1 + (4 - 2 + 0.5) / (2 + 0.5)))
    assert bm25.idf["willmar"] == pytest.approx(0.6931471805599453)  # ln 2, by hand
    assert bm25.idf["mayor"] == pytest.approx(math.log(1 + 3.5 / 1.5))
    assert all(value > 0 for value in bm25.idf.values())
    assert Index(corpus).idf("willmar") == bm25.idf["willmar"]


def test_idf_is_positive_even_for_a_term_in_every_document():
    assert lucene_idf(10, 10) > 0


def test_bm25_score_matches_a_hand_computation():
    corpus = [["a", "b", "b"], ["a", "c"], ["d"]]
    avgdl = 6 / 3
    tf, dl = 2, 3
    idf = math.log(1 + (3 - 1 + 0.5) / (1 + 0.5))
    expected = idf * tf * 2.5 / (tf + 1.5 * (1 - 0.75 + 0.75 * dl / avgdl))
    assert lucene_bm25(corpus).get_scores(["b"])[0] == pytest.approx(expected)
    assert Index(corpus).scores(["b"])[0] == pytest.approx(expected)


def test_entries_that_match_nothing_are_never_returned(mini_pack):
    index = Index.of(load_pack(mini_pack).entries)
    hits = index.top(tokenize("parking"), n=10)
    assert hits, "the word is in the pack"
    assert all(score > 0 for _, score in hits)
    assert len(hits) < index.size
    assert index.top(["zebra"], n=10) == []


def test_top_positions_orders_by_score_then_position():
    scores = np.array([0.0, 2.0, 5.0, 2.0, 0.0, 7.0])
    assert top_positions(scores, 3) == [(5, 7.0), (2, 5.0), (1, 2.0)]
    assert top_positions(scores, 10) == [(5, 7.0), (2, 5.0), (1, 2.0), (3, 2.0)]
    assert top_positions(np.zeros(4), 2) == []


def _best_by_sorting(scores: np.ndarray, n: int) -> list[tuple[int, float]]:
    order = sorted(np.flatnonzero(scores > 0).tolist(), key=lambda i: (-scores[i], i))[:n]
    return [(i, float(scores[i])) for i in order]


def test_the_best_of_many_scores_are_found_without_sorting_them_all_and_are_the_same():
    """high_scores picks a threshold from a sample of the scores; whatever the sample misses
    (the best crowded together, ties, most scores zero, too few above it), the n best are the
    ones sorting every score finds, and still are once each is multiplied by its own factor."""
    rng = np.random.default_rng(7)
    size = 100_000
    crowded = np.zeros(size)
    crowded[5000:5040] = rng.random(40) + 1  # the best 40 together, between two samples
    crowded[rng.integers(0, size, 30000)] = rng.random(30000)
    cases = {"most above zero": rng.random(size) * (rng.random(size) < 0.65),
             "best crowded together": crowded,
             "ties": np.round(rng.random(size) * 4) / 4,
             "few above zero": np.where(rng.random(size) < 0.001, rng.random(size), 0.0),
             "none": np.zeros(size), "too few to sample": rng.random(300)}
    sampled = np.where(rng.random(size) < 0.2, rng.random(size), 0.0)
    sampled[::64] = rng.random(len(sampled[::64])) + 1  # the sample's best: too few of them reach its threshold
    cases["the sample's best only"] = sampled
    for name, scores in cases.items():
        for n in (1, 10, 50, 400):
            assert top_positions(scores, n) == _best_by_sorting(scores, n), (name, n)
            factors = rng.choice([0.5, 1.0, 1.3, 1.69], size=len(scores))
            if name == "most above zero":  # the highest lowered most, the next raised most
                factors = np.where(scores >= np.quantile(scores, 0.99), 0.5, 1.69)
            found = high_scores(scores, n, reach=0.5 / 1.69)
            assert np.all(np.diff(found) > 0), (name, n)
            boosted = scores.copy()
            boosted[found] *= factors[found]  # only those that can be among the best, as retrieve does
            assert top_positions(boosted, n, found) == _best_by_sorting(scores * factors, n), (name, n)
    for size in range(1, 400, 7):  # samples of one, two, three scores: fewer than the rank asked for
        scores = rng.random(size)
        for n in (1, 2, 5):
            assert top_positions(scores, n) == _best_by_sorting(scores, n), (size, n)


def test_fast_scores_equal_rank_bm25_reference_on_the_shipped_pack():
    documents = [entry_document(e) for p in load_packs() for e in p.entries]
    index, reference = Index(documents), lucene_bm25(documents)
    queries = ["What is 287(g)?", "Who opposed it?", "willmar council vote May 2010", "zebra",
               "How many agreements did ICE have in 26 states?", "Kandiyohi County sheriff jail"]
    for question in queries:
        terms = tokenize(question)
        fast, slow = index.scores(terms), reference.get_scores(terms)
        assert np.allclose(fast, slow)
        assert [i for i, _ in top_positions(fast, 10)] == [i for i, _ in top_positions(slow, 10)]
