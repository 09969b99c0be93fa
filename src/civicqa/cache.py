"""A cache of built answer engines, so a one-shot `civicqa ask` starts fast.

Building the engine means reading and validating the packs and indexing every entry; loading
it from the cache is one file read. The cache lives in the user cache directory
($XDG_CACHE_HOME/civicqa, else ~/.cache/civicqa). Its key is civicqa's version and the content of
its own code and of every pack file, so an edited pack or a changed engine never sees a stale
index. Files are written
atomically (a temporary file renamed into place). A corrupt, stale or unwritable cache is
rebuilt or skipped without a word: the cache only ever saves time.

Nothing a person types is part of the key or the file: the cache holds the packs, not questions.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import zlib
from pathlib import Path

from civicqa import __version__
from civicqa.answer import Explainer
from civicqa.knowledge import load_packs, shipped_packs

# Cache files kept at most: one per pack combination in use, the oldest removed first.
KEEP = 8


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "civicqa"


def load_explainer(paths: list[Path] | None = None) -> Explainer:
    """The engine for these pack files (default: the shipped packs), from the cache if it can be."""
    chosen = list(paths) if paths else shipped_packs()
    fingerprint = _fingerprint(chosen)
    if fingerprint is None:  # a pack cannot be read: load_packs reports why
        return Explainer(load_packs(chosen))
    path = cache_dir() / f"explainer-{zlib.crc32(repr(fingerprint).encode()):08x}.pickle"
    cached = _read(path, fingerprint)
    if cached is not None:
        return cached
    explainer = Explainer(load_packs(chosen))
    _write(path, (fingerprint, explainer))
    return explainer


def _fingerprint(paths: list[Path]) -> tuple | None:
    """civicqa's version, and the size and CRC-32 of its code and of every pack file.

    The whole fingerprint is stored in the cache file and compared on load, so two packs can
    share a file name only by chance, never an index.
    """
    code = sorted(Path(__file__).parent.glob("*.py"))
    try:
        return (__version__, *((path.name, *_checksum(path)) for path in code + [Path(p) for p in paths]))
    except OSError:
        return None


def _checksum(path: Path) -> tuple[int, int]:
    content = path.read_bytes()
    return len(content), zlib.crc32(content)


def _read(path: Path, fingerprint: tuple) -> Explainer | None:
    try:
        with open(path, "rb") as file:
            stored, explainer = pickle.load(file)
    except Exception:  # missing, truncated, corrupt or from another Python: rebuild
        return None
    return explainer if stored == fingerprint and isinstance(explainer, Explainer) else None


def _write(path: Path, content: tuple) -> None:
    import tempfile

    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=".explainer-", delete=False) as file:
            temporary = Path(file.name)
            pickle.dump(content, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        _prune(path.parent)
    except Exception:  # read-only home, full disk: go on without a cache
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("explainer-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
