import math

import numpy as np
import pytest

from civicqa.index import Index, LuceneBM25, lucene_idf
from civicqa.knowledge import load_pack
from civicqa.text import tokenize


def test_idf_is_lucene_and_positive_for_a_term_in_half_the_documents():
    corpus = [["willmar", "ice"], ["willmar", "council"], ["mayor"], ["police"]]
    bm25 = LuceneBM25(corpus)
    # "willmar" is in 2 of 4 documents: BM25Okapi would give log((4-2+0.5)/(2+0.5)) = 0.
    assert bm25.idf["willmar"] == pytest.approx(math.log(1 + (4 - 2 + 0.5) / (2 + 0.5)))
    assert bm25.idf["willmar"] == pytest.approx(0.6931471805599453)  # ln 2, by hand
    assert bm25.idf["mayor"] == pytest.approx(math.log(1 + 3.5 / 1.5))
    assert all(value > 0 for value in bm25.idf.values())


def test_idf_is_positive_even_for_a_term_in_every_document():
    assert lucene_idf(10, 10) > 0


def test_bm25_score_matches_a_hand_computation():
    corpus = [["a", "b", "b"], ["a", "c"], ["d"]]
    bm25 = LuceneBM25(corpus, k1=1.5, b=0.75)
    avgdl = 6 / 3
    tf, dl = 2, 3
    idf = math.log(1 + (3 - 1 + 0.5) / (1 + 0.5))
    expected = idf * tf * 2.5 / (tf + 1.5 * (1 - 0.75 + 0.75 * dl / avgdl))
    assert bm25.get_scores(["b"])[0] == pytest.approx(expected)


def test_entries_that_match_nothing_are_never_returned(mini_pack):
    index = Index(load_pack(mini_pack).entries)
    hits = index.top(tokenize("parking"), n=10)
    assert hits, "the word is in the pack"
    assert all(score > 0 for _, score in hits)
    assert len(hits) < index.size
    assert index.top(["zebra"], n=10) == []


def test_fast_scores_equal_rank_bm25_reference(mini_pack):
    index = Index(load_pack(mini_pack).entries)
    for text in ("bike lane", "opposed plan parking", "council vote 2021", "zebra", "the"):
        query = tokenize(text)
        assert np.allclose(index.scores(query), index.reference_scores(query))
