"""Several packs' engine joined from each pack's own: the same engine as building them together,
and an edit to one pack rebuilds only that one (civicqa.cache._joined)."""

from __future__ import annotations

import os
import random
import re
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest

from civicqa import cache, store, tables as tables_module
from civicqa.answer import Explainer
from civicqa.errors import PackError
from civicqa.index import Index
from civicqa.knowledge import load_packs
from civicqa.tables import PackTables

ROOT = Path(__file__).resolve().parents[1]
PACKS = [ROOT / "knowledge" / "willmar-287g.toml",
         *(ROOT / "tests" / "packs" / name / "pack.toml" for name in ("burlington-irv", "princeton-bond", "rochester-pab"))]
QUESTIONS = ["What is 287(g)?", "Who opposed it?", "What is ranked-choice voting?", "How much is the bond?",
             "What does the police accountability board do?", "When was the vote?"]


def _stored(explainer: Explainer) -> PackTables:
    """The engine as a cache file holds it: saved, then loaded back."""
    with tempfile.TemporaryFile() as file:
        store.save(explainer, file, ("test",))
        file.flush()
        file.seek(0)
        return store.load(os.dup(file.fileno()), lambda fingerprint: True).tables


def _merged(paths: list[Path]) -> PackTables:
    parts = [_stored(Explainer(load_packs([path]))) for path in paths]
    return PackTables.merged(parts, store.joined([part.entries for part in parts]))


def _assert_same(built: PackTables, other: PackTables) -> None:
    for name in [name for name in vars(built) if name != "stored"]:
        mine, theirs = getattr(built, name), getattr(other, name)
        if name == "index":
            assert list(mine._slots) == list(theirs._slots) and mine._idf == theirs._idf
            assert (mine.size, mine.max_idf) == (theirs.size, theirs.max_idf)
            for array in ("_starts", "_docs", "_tf", "_lengths", "_scores"):
                a, b = getattr(mine, array), getattr(theirs, array)
                assert a.dtype == b.dtype and np.array_equal(a, b), array
        elif name == "packs":
            assert len(mine) == len(theirs)
            for a, b in zip(mine, theirs):  # tests are read from the file, never stored
                assert a._replace(tests=()) == b
        elif isinstance(mine, np.ndarray):
            assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs), name
        else:
            assert _in_order(mine) == _in_order(theirs), name  # dictionaries in the same order too


def _in_order(value):
    if isinstance(value, dict):
        return [(key, _in_order(item)) for key, item in value.items()]
    return value


def test_a_merged_index_is_the_index_of_all_the_entries_to_the_last_bit():
    rng = random.Random(2010)
    words = [f"w{i}" for i in range(400)]
    documents = [[rng.choice(words[: rng.randint(1, 400)]) for _ in range(rng.randint(0, 40))] for _ in range(600)]
    documents[100] = []  # an entry with no terms
    whole = Index(documents)
    for cuts in ([0, 600], [0, 1, 600], [0, 100, 101, 350, 600], [0, 590, 600]):
        merged = Index.merged([Index(documents[a:b]) for a, b in zip(cuts, cuts[1:])])
        assert list(merged._slots) == list(whole._slots) and merged._idf == whole._idf
        for array in ("_starts", "_docs", "_tf", "_lengths", "_scores"):
            assert np.array_equal(getattr(merged, array), getattr(whole, array)), (cuts, array)
        assert merged.top(["w1", "w7", "w300"], 10) == whole.top(["w1", "w7", "w300"], 10)


def test_a_merged_index_answers_term_by_term_before_it_is_made_whole():
    """A search on a joined index works out only the terms it asks for, and finds what the
    index built from all the entries holds, to the last bit; the whole is made when stored."""
    rng = random.Random(287)
    words = [f"w{i}" for i in range(300)]
    documents = [[rng.choice(words[: rng.randint(1, 300)]) for _ in range(rng.randint(0, 30))] for _ in range(500)]
    whole = Index(documents)
    merged = Index.merged([Index(documents[:480]), Index(documents[480:490]), Index(documents[490:])])
    for term in [*words, "nowhere"]:
        assert merged.has(term) == whole.has(term) and merged.idf(term) == whole.idf(term), term
        (docs, scores), (their_docs, their_scores) = merged.postings(term), whole.postings(term)
        assert docs.dtype == their_docs.dtype and np.array_equal(docs, their_docs), term
        assert scores.dtype == their_scores.dtype and np.array_equal(scores, their_scores), term
    assert np.array_equal(merged.scores(["w1", "w7", "w7", "w250"]), whole.scores(["w1", "w7", "w7", "w250"]))
    assert all(np.array_equal(a, b) for a, b in zip(merged.matches(("w2", "w3")), whole.matches(("w2", "w3"))))
    assert "_scores" not in vars(merged)  # nothing made whole yet
    assert merged.tables()[0] == whole.tables()[0]
    assert all(np.array_equal(a, whole.tables()[1][name]) for name, a in merged.tables()[1].items())


def test_a_merged_index_keeps_no_word_the_packs_lack_and_keeps_few_terms(monkeypatch):
    """A word a kiosk patron typed that no pack has is not kept for the next patron, and the
    terms kept are bounded in a long session."""
    from civicqa import index as index_module

    documents = [[f"w{(i * 7 + j) % 40}" for j in range(5)] for i in range(60)]
    merged = Index.merged([Index(documents[:30]), Index(documents[30:])])
    assert not len(merged.postings("patronsword")[0]) and "patronsword" not in merged._found
    monkeypatch.setattr(index_module, "JOINED_TERMS_MOST", 3)
    for term in ("w1", "w2", "w3", "w4"):
        assert len(merged.postings(term)[0])
    assert len(merged._found) <= 3 and "w4" in merged._found


def test_packs_joined_from_their_own_engines_are_the_packs_built_together():
    built = PackTables(load_packs(PACKS))
    merged = _merged(PACKS)
    _assert_same(built, merged)
    _assert_same(built, _stored(Explainer.of(merged)))  # and so is the file written of it
    # The packs store some columns in different ways (codes in one, a text each in another):
    # the join must have met that case, not only the easy one.
    parts = [_stored(Explainer(load_packs([path]))) for path in PACKS]
    assert any(len({part.entries.columns[n][1] for part in parts}) > 1 for n in range(len(parts[0].entries.columns)))


def test_packs_too_large_to_come_tokenized_are_joined_as_they_are_built(monkeypatch):
    monkeypatch.setattr(tables_module, "PRETOKENIZE", 150)  # the packs together are over it, some alone under
    _assert_same(PackTables(load_packs(PACKS)), _merged(PACKS))


def test_answers_from_joined_packs_are_the_answers_from_packs_built_together():
    built, joined = Explainer(load_packs(PACKS)), Explainer.of(_merged(PACKS))
    for question in QUESTIONS:
        a, b = built.ask(question), joined.ask(question)
        assert (a.text, a.abstained, [c.entry.id for c in a.citations]) == (b.text, b.abstained, [c.entry.id for c in b.citations])


@pytest.fixture
def two_packs(tmp_path):
    paths = []
    for path in PACKS[1:3]:
        copy = tmp_path / f"{path.parent.name}.toml"
        shutil.copy(path, copy)
        os.utime(copy, (1e9, 1e9))  # old: trusted by size and time, as a pack not just saved is
        paths.append(copy)
    return paths


def _builds(monkeypatch) -> list[list[Path]]:
    calls = []
    real = cache.load_packs
    monkeypatch.setattr(cache, "load_packs", lambda paths, *more: calls.append(list(paths)) or real(paths, *more))
    return calls


def test_editing_one_pack_of_several_rebuilds_only_that_one(two_packs, monkeypatch):
    calls = _builds(monkeypatch)
    first = cache.load_explainer(two_packs)
    assert calls == [[two_packs[0]], [two_packs[1]]]  # each pack alone, each stored for next time
    assert len(list(cache.cache_dir().glob("explainer-*"))) == 3
    calls.clear()
    cache.load_explainer(two_packs)
    assert calls == []  # the joined engine comes from its own cache file
    text = two_packs[1].read_text(encoding="utf-8")
    two_packs[1].write_text(re.sub(r'\ntext = ("""\n?|")', r'\ntext = \1Edited here. ', text, count=1), encoding="utf-8")
    edited = cache.load_explainer(two_packs)
    assert calls == [[two_packs[1]]]  # the unchanged pack's engine came from the cache
    _assert_same(PackTables(load_packs(two_packs)), edited.tables)
    assert edited.tables.entries[len(first.tables.packs[0].entries)].text.startswith("Edited here. ")


def test_a_problem_in_any_of_several_packs_is_reported_with_all_the_others(two_packs):
    for path in two_packs:
        path.write_text(path.read_text(encoding="utf-8").replace("[pack]", "[pack]\n= broken", 1), encoding="utf-8")
    with pytest.raises(PackError) as error:
        cache.load_explainer(two_packs)
    assert {problem.path for problem in error.value.problems} == {str(path) for path in two_packs}


def test_two_packs_with_one_id_are_refused_as_when_built_together(two_packs):
    shutil.copy(two_packs[0], two_packs[1])
    with pytest.raises(PackError, match="also used by"):
        cache.load_explainer(two_packs)


def test_packs_of_two_languages_are_built_together(tmp_path, monkeypatch):
    spanish = ROOT / "knowledge" / "es" / "willmar-287g-es.toml"
    calls = _builds(monkeypatch)
    explainer = cache.load_explainer([PACKS[0], spanish])
    assert calls[-1] == [PACKS[0], spanish]  # one index, tokenized in the first pack's language
    _assert_same(PackTables(load_packs([PACKS[0], spanish])), explainer.tables)


def test_without_a_cache_folder_the_packs_are_built_once_together(two_packs, tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked / "cache"))  # cannot be made
    calls = _builds(monkeypatch)
    cache.load_explainer(two_packs)
    assert calls == [two_packs]


def test_packs_built_before_one_with_a_problem_stay_stored(two_packs, monkeypatch):
    """The packs to build are built one at a time (one in memory at once); when one has a problem,
    every problem is reported, and the packs built before it are not built again once it is mended."""
    broken = two_packs[1].parent / "broken.toml"
    broken.write_text("[pack]\n= broken\n", encoding="utf-8")
    with pytest.raises(PackError):
        cache.load_explainer([*two_packs, broken])
    shutil.copy(ROOT / "knowledge" / "willmar-287g.toml", broken)
    calls = _builds(monkeypatch)
    cache.load_explainer([*two_packs, broken])
    assert calls == [[broken]]


def test_the_packs_own_engines_are_kept_when_old_cache_files_are_pruned(two_packs, monkeypatch):
    monkeypatch.setattr(cache, "KEEP", 1)
    monkeypatch.setattr(cache, "ROOM", 1)
    cache.load_explainer(two_packs)
    assert len(list(cache.cache_dir().glob("explainer-*"))) == 3  # the joined one and both packs'
    calls = _builds(monkeypatch)
    text = two_packs[0].read_text(encoding="utf-8")
    two_packs[0].write_text(re.sub(r'\ntext = ("""\n?|")', r'\ntext = \1Edited here. ', text, count=1), encoding="utf-8")
    cache.load_explainer(two_packs)
    assert calls == [[two_packs[0]]]
