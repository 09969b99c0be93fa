import math

import numpy as np
import pytest

from civicqa.index import Index, entry_document, lucene_bm25, lucene_idf, top_positions
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
