"""The index cache: keyed by content, written atomically, plain data only, and never a reason to fail."""

from __future__ import annotations

import os
import pickle
import shutil
import stat
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import numpy as np
import pytest

import civicqa
from civicqa import cache
from civicqa.answer import Explainer
from civicqa.conversation import Conversation
from civicqa.knowledge import shipped_packs

QUESTIONS = Path(__file__).parent / "questions"
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")


@pytest.fixture
def pack(tmp_path, mini_pack):
    copy = tmp_path / "pack.toml"
    shutil.copy(mini_pack, copy)
    return copy


@pytest.fixture
def steady(pack, monkeypatch):
    """The key of the pack, kept while the test runs: an edit to civicqa's code meanwhile (as
    when several people work in the tree) must not pass for a cache that was not used."""
    key = cache._fingerprint([pack])
    monkeypatch.setattr(cache, "_fingerprint", lambda paths: key)


def cache_files():
    return sorted(cache.cache_dir().glob("explainer-*"))


def rebuilds(monkeypatch) -> list:
    """Count the times the packs are parsed: a cache that is used parses nothing."""
    calls = []
    real = cache.load_packs
    monkeypatch.setattr(cache, "load_packs", lambda paths, *more: calls.append(paths) or real(paths, *more))
    return calls


def test_first_load_writes_the_cache_and_the_second_reads_it(pack, steady, monkeypatch):
    first = cache.load_explainer([pack])
    [written] = cache_files()
    assert oct(written.stat().st_mode & 0o777) == "0o600"
    monkeypatch.setattr(cache, "load_packs", lambda paths, *more: pytest.fail("the pack was parsed again"))
    second = cache.load_explainer([pack])
    assert isinstance(second, Explainer) and second is not first
    assert second.ask("What is the bike lane plan?").text == first.ask("What is the bike lane plan?").text


def _same(fresh, restored) -> bool:
    if isinstance(fresh, np.ndarray):
        return fresh.dtype == restored.dtype and np.array_equal(fresh, restored)
    if hasattr(fresh, "_slots"):  # the index: its tables and arrays
        return vars(fresh).keys() == vars(restored).keys() and all(
            _same(value, getattr(restored, name)) for name, value in vars(fresh).items())
    return fresh == restored and type(fresh) is type(restored)


@pytest.fixture
def built_and_restored(monkeypatch):
    """The shipped packs' engine built, then loaded from the cache it wrote (never parsed again)."""
    key = cache._fingerprint(shipped_packs())
    monkeypatch.setattr(cache, "_fingerprint", lambda paths: key)
    built = cache.load_explainer()
    monkeypatch.setattr(cache, "load_packs", lambda paths, *more: pytest.fail("the packs were parsed again"))
    return built, cache.load_explainer()


def test_the_restored_engine_holds_exactly_what_a_built_one_does(built_and_restored):
    built, restored = built_and_restored
    built, restored = built.tables, restored.tables  # all that is built once per pack
    for name, value in vars(built).items():
        again = getattr(restored, name)  # a table is decoded when first asked for
        assert _same(list(value) if name == "entries" else value,
                     list(again) if name == "entries" else again), name
    assert set(vars(restored)) == set(vars(built)) | {"stored"} and restored.stored == {}
    assert [p.entries[0] is restored.entries[0] for p in restored.packs[:1]] == [True]
    first = restored.entries[0]
    assert restored.entry(first.pack, first.id) is first


def test_a_restored_engine_makes_only_the_entries_an_answer_reads(built_and_restored):
    _, restored = built_and_restored
    entries = restored.tables.entries
    assert entries._made == {}
    restored.ask("What is 287(g)?")
    assert 0 < len(entries._made) < len(entries) // 2
    assert entries[-1] is entries[len(entries) - 1] and entries[3:5][0] is entries[3]
    with pytest.raises(IndexError):
        entries[len(entries)]


def test_the_restored_engine_answers_every_test_question_as_a_built_one(built_and_restored):
    built, restored = built_and_restored
    asked = 0
    for path in sorted(QUESTIONS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        chains = [[q["q"]] for q in data.get("question", [])]
        chains += [[t["q"] for t in chain["turn"]] for chain in data.get("chain", [])]
        for chain in chains:
            talks = Conversation(), Conversation()
            for question in chain:
                want, got = built.ask(question, talks[0]), restored.ask(question, talks[1])
                assert (got.text, got.abstained, got.decision, got.suggestions) == (
                    want.text, want.abstained, want.decision, want.suggestions), question
                assert [(c.marker, c.entry, c.score, c.text) for c in got.citations] == [
                    (c.marker, c.entry, c.score, c.text) for c in want.citations], question
                asked += 1
    assert asked > 500


def test_a_large_cache_file_is_memory_mapped_and_answers_the_same(pack, steady, monkeypatch):
    from civicqa import store

    built = cache.load_explainer([pack])
    monkeypatch.setattr(store, "MAP_FROM", 0)  # as for a pack of 100,000 entries
    calls = rebuilds(monkeypatch)
    mapped = cache.load_explainer([pack])
    assert calls == []
    postings = mapped.tables.index._scores
    assert postings.flags.aligned and not postings.flags.writeable
    while isinstance(postings, np.ndarray):
        postings = postings.base
    assert type(postings.obj if isinstance(postings, memoryview) else postings).__name__ == "mmap"
    for question in ("What is the bike lane plan?", "Who is Ada Stone?", "How long is the trail?"):
        want, got = built.ask(question), mapped.ask(question)
        assert (got.text, [(c.entry, c.score) for c in got.citations]) == (
            want.text, [(c.entry, c.score) for c in want.citations])


def test_no_module_of_civicqa_unpickles():
    """No pickle (or its kin) imported anywhere in the package, and no numpy load that allows it."""
    import ast

    package = Path(civicqa.__file__).parent
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name}: import {n}" for n in names
                      if n.split(".")[0] in ("pickle", "_pickle", "cPickle", "shelve", "dill", "marshal")]
            if isinstance(node, ast.keyword) and node.arg == "allow_pickle" and not (
                    isinstance(node.value, ast.Constant) and node.value.value is False):
                found.append(f"{path.name}: allow_pickle")
    assert found == []


class Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_pickle_is_never_run_and_never_trusted(pack, steady, tmp_path):
    assert "40 parking" in cache.load_explainer([pack]).ask("What is the bike lane plan?").text
    marker = tmp_path / "RAN"
    planted = list(cache.cache_dir().glob("explainer-*"))
    assert planted
    for path in planted:
        with open(path, "wb") as file:  # what the old cache read, and the same wrapped in .npy
            if path.suffix == ".npy":
                np.save(file, np.array([Payload(marker)], dtype=object), allow_pickle=True)
            else:
                pickle.dump(Payload(marker), file)
    assert "40 parking" in cache.load_explainer([pack]).ask("What is the bike lane plan?").text
    assert not marker.exists()


def test_a_new_cache_folder_is_private(pack):
    previous = os.umask(0o002)  # the common umask that made the folder group-writable
    try:
        cache.load_explainer([pack])
    finally:
        os.umask(previous)
    assert stat.S_IMODE(cache.cache_dir().stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in cache.cache_dir().iterdir())


@as_root
@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_cache_another_user_owns_is_not_used(pack, steady, monkeypatch, what):
    cache.load_explainer([pack])
    [written] = cache_files()
    os.chown(cache.cache_dir() if what == "folder" else written, 65534, 65534)  # nobody
    before = written.read_bytes()
    calls = rebuilds(monkeypatch)
    assert cache.load_explainer([pack]).ask("Who is Ada Stone?").citations
    assert len(calls) == 1  # built again, in memory
    if what == "folder":  # not written to either
        assert written.read_bytes() == before and written.stat().st_uid == 0
    else:  # in civicqa's own folder, the file is replaced by one of its own
        assert (written.stat().st_uid, stat.S_IMODE(written.stat().st_mode)) == (0, 0o600)


def test_a_link_at_the_cache_folder_is_not_followed(pack, tmp_path, monkeypatch):
    """Whoever plants the link could aim civicqa's writes and pruning at someone else's folder."""
    target = tmp_path / "someone-elses"
    target.mkdir(mode=0o700)
    (target / "explainer-00000000.pickle").write_bytes(b"theirs")  # pruning would remove it
    cache.cache_dir().parent.mkdir(parents=True, exist_ok=True)
    cache.cache_dir().symlink_to(target)
    calls = rebuilds(monkeypatch)
    assert cache.load_explainer([pack]).ask("Who is Ada Stone?").citations
    assert len(calls) == 1 and sorted(p.name for p in target.iterdir()) == ["explainer-00000000.pickle"]


@pytest.mark.parametrize("mode", [0o770, 0o777, 0o1777], ids=oct)
def test_a_cache_folder_others_may_write_is_not_used(pack, steady, monkeypatch, mode):
    cache.load_explainer([pack])
    [written] = cache_files()
    cache.cache_dir().chmod(mode)
    calls = rebuilds(monkeypatch)
    assert cache.load_explainer([pack]).ask("Who is Ada Stone?").citations
    assert len(calls) == 1
    pack.write_text(pack.read_text().replace("40 parking spaces", "55 parking spaces"))
    assert "55 parking" in cache.load_explainer([pack]).ask("What is the bike lane plan?").text
    assert cache_files() == [written]  # nothing written there either


def test_a_cache_file_others_may_write_is_not_used(pack, steady, monkeypatch):
    cache.load_explainer([pack])
    [written] = cache_files()
    written.chmod(0o666)
    calls = rebuilds(monkeypatch)
    assert cache.load_explainer([pack]).ask("Who is Ada Stone?").citations
    assert len(calls) == 1
    assert stat.S_IMODE(written.stat().st_mode) == 0o600  # replaced by a private one


@pytest.mark.parametrize("what", ["fifo", "folder", "link to /dev/zero", "device"])
def test_something_else_at_the_cache_path_neither_hangs_nor_fails(pack, what):
    code = f"from civicqa import cache; print(len(cache.load_explainer([{str(pack)!r}]).ask('Who is Ada Stone?').citations) > 0)"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)  # writes the cache
    [written] = cache_files()
    written.unlink()
    if what == "fifo":
        os.mkfifo(written, 0o600)
    elif what == "folder":
        written.mkdir(0o700)
    elif what == "device":
        try:
            os.mknod(written, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # another /dev/zero
        except PermissionError:
            pytest.skip("making a device node needs root")
    else:
        written.symlink_to("/dev/zero")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "True", "")


def test_a_corrupt_cache_file_is_rebuilt(pack):
    cache.load_explainer([pack])
    [written] = cache_files()
    written.write_bytes(b"not a cache file")
    assert cache.load_explainer([pack]).ask("Who is Ada Stone?").citations
    assert written.read_bytes() != b"not a cache file"


@pytest.mark.parametrize("damage", ["truncated", "empty", "foreign", "header only", "other fingerprint"])
def test_a_damaged_or_foreign_cache_file_is_rebuilt(pack, monkeypatch, damage):
    first = cache.load_explainer([pack])
    [written] = cache_files()
    content = written.read_bytes()
    if damage == "truncated":
        written.write_bytes(content[: len(content) * 2 // 3])
    elif damage == "empty":
        written.write_bytes(b"")
    elif damage == "foreign":
        with open(written, "wb") as file:
            np.save(file, np.arange(10))
    elif damage == "header only":
        with open(written, "wb") as file:
            np.save(file, np.frombuffer(b'[["format","civicqa-engine-1"]]', dtype=np.uint8))
    else:  # a valid file from another pack, under this pack's name
        other = pack.with_name("other.toml")
        other.write_text(pack.read_text().replace("40 parking spaces", "55 parking spaces"))
        cache.load_explainer([other])
        [foreign] = [p for p in cache_files() if p != written]
        shutil.copy(foreign, written)
    calls = rebuilds(monkeypatch)
    assert cache.load_explainer([pack]).ask("What is the bike lane plan?").text == (
        first.ask("What is the bike lane plan?").text)
    assert len(calls) == 1
    assert cache.load_explainer([pack]) and len(calls) == 1  # rewritten whole: read from the cache now


def test_an_edited_pack_is_never_answered_from_the_old_index(pack):
    assert "40 parking" in cache.load_explainer([pack]).ask("What is the bike lane plan?").text
    pack.write_text(pack.read_text().replace("40 parking spaces", "55 parking spaces"))
    assert "55 parking" in cache.load_explainer([pack]).ask("What is the bike lane plan?").text
    assert len(cache_files()) == 1  # the pack's old cache file replaced, not kept beside it


def test_an_edit_that_keeps_the_size_and_the_time_is_still_seen(pack):
    """Written twice within the clock's resolution, a file keeps its modification time: a pack
    read soon after it was written is checked by its content at the next start."""
    cache.load_explainer([pack])
    status = pack.stat()
    pack.write_text(pack.read_text().replace("40 parking spaces", "55 parking spaces"))
    os.utime(pack, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert pack.stat().st_size == status.st_size
    assert "55 parking" in cache.load_explainer([pack]).ask("What is the bike lane plan?").text


def test_a_pack_unchanged_for_a_while_is_not_read_at_each_start(pack, steady, monkeypatch):
    an_hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(pack, ns=(an_hour_ago, an_hour_ago))
    cache.load_explainer([pack])
    monkeypatch.setattr(cache, "read_pack_file", lambda path: pytest.fail("the pack was read"))
    monkeypatch.setattr(cache, "load_packs", lambda paths, *more: pytest.fail("the pack was parsed"))
    assert cache.load_explainer([pack]).ask("Who is Ada Stone?").citations


def test_a_pack_touched_but_not_changed_keeps_its_cache(pack, steady, monkeypatch):
    cache.load_explainer([pack])
    pack.touch()
    calls = rebuilds(monkeypatch)
    assert cache.load_explainer([pack]).ask("Who is Ada Stone?").citations
    assert calls == []


def test_the_key_covers_every_module_subpackages_included(pack, tmp_path, monkeypatch):
    package = tmp_path / "civicqa"
    (package / "repl").mkdir(parents=True)
    (package / "cache.py").write_text("# the cache\n")
    (package / "repl" / "session.py").write_text("ANSWER = 1\n")
    monkeypatch.setattr(cache, "__file__", str(package / "cache.py"))
    before = cache._fingerprint([pack])
    (package / "repl" / "session.py").write_text("ANSWER = 2\n")
    assert cache._fingerprint([pack]) != before


def test_an_unwritable_cache_is_skipped(pack, monkeypatch, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert cache.load_explainer([pack]).ask("Who is Ada Stone?").citations
    assert not list(tmp_path.glob("blocked/**/explainer-*"))


def test_a_missing_pack_is_still_reported(tmp_path):
    from civicqa.errors import PackError

    with pytest.raises(PackError, match="no such file"):
        cache.load_explainer([tmp_path / "missing.toml"])


def test_old_cache_files_are_pruned(tmp_path, mini_pack, monkeypatch):
    monkeypatch.setattr(cache, "KEEP", 5)  # fewer packs to build than the real number
    for number in range(cache.KEEP + 3):
        copy = tmp_path / f"pack{number}.toml"
        copy.write_text(mini_pack.read_text().replace("12 miles", f"{number} miles"))
        cache.load_explainer([copy])
    assert len(cache_files()) == cache.KEEP


def test_cache_files_beyond_the_room_allowed_are_pruned_but_the_newest_is_kept(tmp_path, mini_pack, monkeypatch):
    monkeypatch.setattr(cache, "ROOM", 1)
    for number in range(3):
        copy = tmp_path / f"pack{number}.toml"
        copy.write_text(mini_pack.read_text().replace("12 miles", f"{number} miles"))
        cache.load_explainer([copy])
        time.sleep(0.01)  # distinct modification times
    assert len(cache_files()) == 1
    assert "2 miles" in cache_files()[0].read_text(errors="replace")


def test_leftovers_of_interrupted_writes_and_old_pickles_are_removed(pack):
    cache.load_explainer([pack])
    folder = cache.cache_dir()
    old_temporary, new_temporary = folder / ".explainer-k3j2h1.tmp", folder / ".explainer-a8b7c6.tmp"
    old_pickle = folder / "explainer-0692dd77.pickle"
    for path in (old_temporary, new_temporary, old_pickle):
        path.write_bytes(b"x" * 1000)
    an_hour_ago = time.time() - 3600
    os.utime(old_temporary, (an_hour_ago, an_hour_ago))
    pack.write_text(pack.read_text().replace("40 parking spaces", "55 parking spaces"))
    cache.load_explainer([pack])  # a write, which prunes
    assert not old_temporary.exists() and not old_pickle.exists()
    assert new_temporary.exists()  # perhaps another civicqa writing right now


def test_ask_does_not_import_prompt_toolkit_or_rank_bm25_with_a_warm_cache(pack):
    code = ("import sys; from civicqa.cli import main; sys.argv = ['civicqa', 'ask', '--json', '-k', "
            f"{str(pack)!r}, 'Who is Ada Stone?']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('LOADED', sorted(m for m in ('prompt_toolkit', 'rank_bm25') if m in sys.modules))")
    env = dict(os.environ)
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True)  # warm
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert "LOADED []" in result.stdout


def _data_offset(path: Path, wanted: str) -> int:
    """Where the bytes of one stored array start in a cache file."""
    import json

    from civicqa import store

    reader = store._Reader(path.read_bytes())
    header = dict(json.loads(bytes(reader.array())))
    for name in header["arrays"]:
        array = reader.array()
        if name == wanted:
            return reader.position - array.nbytes
    raise AssertionError(f"no array {wanted}")


@pytest.mark.parametrize("array", ["table.synonyms", "table.spelling_vocabulary", "entries.pack", "entries.title.text"])
def test_a_byte_damaged_on_disk_makes_a_rebuild_not_an_error(pack, steady, monkeypatch, array):
    first = cache.load_explainer([pack]).ask("Who is Ada Stone?").text
    [written] = cache_files()
    content = bytearray(written.read_bytes())
    content[_data_offset(written, array)] ^= 0xFF
    written.write_bytes(bytes(content))
    calls = rebuilds(monkeypatch)
    assert cache.load_explainer([pack]).ask("Who is Ada Stone?").text == first
    assert len(calls) == 1


def test_damage_in_a_large_unchecked_text_shows_as_one_character(pack, steady, monkeypatch):
    from civicqa import store

    monkeypatch.setattr(store, "CHECKED_UP_TO", 0)  # as for the texts of 100,000 entries
    cache.load_explainer([pack])
    [written] = cache_files()
    content = bytearray(written.read_bytes())
    content[_data_offset(written, "entries.text.text")] = 0xFF  # not UTF-8
    written.write_bytes(bytes(content))
    calls = rebuilds(monkeypatch)
    explainer = cache.load_explainer([pack])
    assert calls == []  # not checked, so used
    assert "\ufffd" in explainer.tables.entries[0].text
    assert explainer.ask("Who is Ada Stone?").citations


@pytest.mark.parametrize("array", ["engine.profiles", "engine.entry_name_ends", "engine.name_ends"])
def test_a_damaged_number_in_a_large_unchecked_array_makes_a_rebuild(pack, steady, monkeypatch, array):
    """The arrays answers index with are range-checked at load, as entry offsets are: above 2 MB
    (262,144 entries) they are not CRC-checked, and a damaged one must not fail every answer."""
    from civicqa import store

    monkeypatch.setattr(store, "CHECKED_UP_TO", 0)  # as for 300,000 entries
    first = cache.load_explainer([pack]).ask("Who is Ada Stone?").text
    [written] = cache_files()
    content = bytearray(written.read_bytes())
    at = _data_offset(written, array)
    content[at + 1] ^= 0x40  # the first number made far too large
    written.write_bytes(bytes(content))
    calls = rebuilds(monkeypatch)
    assert cache.load_explainer([pack]).ask("Who is Ada Stone?").text == first
    assert len(calls) == 1


@pytest.mark.parametrize("mapped", [False, True], ids=["read", "memory-mapped"])
def test_a_pack_read_again_to_check_it_is_not_read_at_the_next_start(pack, steady, monkeypatch, mapped):
    """A touched (or just-edited) pack is read once to check its content; the cache file then
    keeps its new size and time, so later starts trust them as for any other pack."""
    from civicqa import store

    if mapped:
        monkeypatch.setattr(store, "MAP_FROM", 0)  # as for a pack of 100,000 entries
    first = cache.load_explainer([pack]).ask("Who is Ada Stone?").text
    an_hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(pack, ns=(an_hour_ago, an_hour_ago))  # touched: the same content, another time
    reads = []
    real = cache.read_pack_file
    monkeypatch.setattr(cache, "read_pack_file", lambda path: reads.append(path) or real(path))
    calls = rebuilds(monkeypatch)
    counts = []
    for _ in range(3):
        before = len(reads)
        assert cache.load_explainer([pack]).ask("Who is Ada Stone?").text == first
        counts.append(len(reads) - before)
    assert counts == [1, 0, 0] and calls == []
    assert len(cache_files()) == 1 and oct(cache_files()[0].stat().st_mode & 0o777) == "0o600"


def test_a_large_engine_is_stored_after_the_answer_by_a_writer_of_its_own(pack, steady, monkeypatch):
    """With `later` (as `ask` loads), an engine of cache.LATER entries or more is stored only
    when write_pending is called, by a child process; wait_for_writes returns once it is done."""
    monkeypatch.setattr(cache, "LATER", 1)
    explainer = cache.load_explainer([pack], later=True)
    assert cache_files() == [] and len(cache._pending) == 1  # nothing written before the answer
    answer = explainer.ask("Who is Ada Stone?").text
    cache.write_pending()
    assert cache._pending == []
    cache.wait_for_writes()
    [written] = cache_files()
    assert oct(written.stat().st_mode & 0o777) == "0o600"
    monkeypatch.setattr(cache, "load_packs", lambda paths, *more: pytest.fail("the pack was parsed again"))
    assert cache.load_explainer([pack]).ask("Who is Ada Stone?").text == answer


def test_a_small_engine_is_stored_at_once_even_when_it_could_wait(pack, steady):
    cache.load_explainer([pack], later=True)
    assert len(cache_files()) == 1 and cache._pending == []


def test_ask_ends_before_the_writer_it_leaves_behind(pack):
    """The command's output ends with its answer: the writer's input and output go nowhere, and
    it closes any other pipe it inherited, so a script reading the answer does not wait for the
    cache to be written."""
    import select

    code = ("import sys, time; from civicqa import cache; cache.LATER = 1; real = cache._write\n"
            "cache._write = lambda *a, **k: (time.sleep(6), real(*a, **k))\n"
            "from civicqa.cli import main; sys.argv = ['civicqa', 'ask', '--json', '-k', "
            f"{str(pack)!r}, 'Who is Ada Stone?']\nmain()")
    reading, writing = os.pipe()
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            pass_fds=(writing,))
    os.close(writing)
    took = time.monotonic() - started
    assert result.returncode == 0 and result.stdout.count('"question"') == 1 and result.stderr == ""
    assert select.select([reading], [], [], 3)[0] and os.read(reading, 1) == b""  # closed by all
    os.close(reading)
    assert took < 6 and cache_files() == []  # answered, the writer still asleep
    cache.wait_for_writes()
    assert len(cache_files()) == 1


def test_a_command_waits_for_a_writer_rather_than_build_again(pack, steady, monkeypatch):
    monkeypatch.setattr(cache, "LATER", 1)
    real = cache._write
    monkeypatch.setattr(cache, "_write", lambda *a, **k: (time.sleep(2), real(*a, **k)))
    answer = cache.load_explainer([pack], later=True).ask("Who is Ada Stone?").text
    cache.write_pending()  # the writer sleeps, then writes
    calls = rebuilds(monkeypatch)
    assert cache.load_explainer([pack]).ask("Who is Ada Stone?").text == answer
    assert calls == [] and len(cache_files()) == 1


def test_the_first_process_of_a_container_writes_in_place(pack, steady, monkeypatch):
    """Where the command's end ends every process it started (a container's first process, a
    service), there is no writer to leave behind: the engine is stored before it returns."""
    monkeypatch.setattr(cache, "LATER", 1)
    monkeypatch.setattr(os, "getppid", lambda: 1)
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked"))
    cache.load_explainer([pack], later=True)
    cache.write_pending()
    assert len(cache_files()) == 1


def test_a_put_off_write_stores_nothing_in_a_folder_no_longer_trusted(pack, steady, monkeypatch):
    monkeypatch.setattr(cache, "LATER", 1)
    cache.cache_dir().mkdir(mode=0o700, parents=True)
    cache.load_explainer([pack], later=True)
    cache.cache_dir().chmod(0o770)  # made writable by the group meanwhile
    cache.write_pending()
    cache.wait_for_writes()
    assert cache_files() == []
