"""The index cache: keyed by content, written atomically, and never a reason to fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from civicqa import cache
from civicqa.answer import Explainer


@pytest.fixture
def pack(tmp_path, mini_pack):
    copy = tmp_path / "pack.toml"
    shutil.copy(mini_pack, copy)
    return copy


def cache_files():
    return sorted(cache.cache_dir().glob("explainer-*.pickle"))


def test_first_load_writes_the_cache_and_the_second_reads_it(pack, monkeypatch):
    first = cache.load_explainer([pack])
    [written] = cache_files()
    assert oct(written.stat().st_mode & 0o777) == "0o600"
    monkeypatch.setattr(cache, "load_packs", lambda paths: pytest.fail("the pack was parsed again"))
    second = cache.load_explainer([pack])
    assert isinstance(second, Explainer) and second is not first
    assert second.ask("What is the bike lane plan?").text == first.ask("What is the bike lane plan?").text


def test_an_edited_pack_is_never_answered_from_the_old_index(pack):
    assert "40 parking" in cache.load_explainer([pack]).ask("What is the bike lane plan?").text
    pack.write_text(pack.read_text().replace("40 parking spaces", "55 parking spaces"))
    assert "55 parking" in cache.load_explainer([pack]).ask("What is the bike lane plan?").text
    assert len(cache_files()) == 2


def test_a_corrupt_cache_file_is_rebuilt(pack):
    cache.load_explainer([pack])
    [written] = cache_files()
    written.write_bytes(b"not a pickle")
    assert cache.load_explainer([pack]).ask("Who is Ada Stone?").citations
    assert written.read_bytes() != b"not a pickle"


def test_an_unwritable_cache_is_skipped(pack, monkeypatch, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert cache.load_explainer([pack]).ask("Who is Ada Stone?").citations
    assert not list(tmp_path.glob("blocked/**/*.pickle"))


def test_a_missing_pack_is_still_reported(tmp_path):
    from civicqa.errors import PackError

    with pytest.raises(PackError, match="no such file"):
        cache.load_explainer([tmp_path / "missing.toml"])


def test_old_cache_files_are_pruned(tmp_path, mini_pack):
    for number in range(cache.KEEP + 3):
        copy = tmp_path / f"pack{number}.toml"
        copy.write_text(mini_pack.read_text().replace("12 miles", f"{number} miles"))
        cache.load_explainer([copy])
    assert len(cache_files()) == cache.KEEP


def test_ask_does_not_import_prompt_toolkit_or_rank_bm25_with_a_warm_cache(pack):
    code = ("import sys; from civicqa.cli import main; sys.argv = ['civicqa', 'ask', '--json', '-k', "
            f"{str(pack)!r}, 'Who is Ada Stone?']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('LOADED', sorted(m for m in ('prompt_toolkit', 'rank_bm25') if m in sys.modules))")
    env = dict(os.environ)
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True)  # warm
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert "LOADED []" in result.stdout
