"""A cache of built answer engines, so a one-shot `civicqa ask` starts fast.

Building the engine means reading and validating the packs and indexing every entry; loading
it from the cache is one file read. The cache lives in the user cache directory
($XDG_CACHE_HOME/civicqa, else ~/.cache/civicqa), one file per pack combination, and for a
combination of several packs one more per pack (each pack's own engine, which the
combination's is joined from, so that an edit to one pack rebuilds only that one: `_joined`),
`explainer-XXXXXXXX.npy`: plain data (numpy arrays and JSON, see civicqa.store), never code,
so a file planted by another account runs nothing and is refused. (The account itself can
change what its own cache says, as it can change civicqa's code: the file is no defence against
its owner.) Its key is civicqa's version, the content of every module of the package
(subpackages included) and where the pack files are; the file also holds each pack file's size,
modification time and CRC-32 as it was read, checked at each load (`_current`), so an edited
pack or a changed engine never sees a stale index.

The folder is created 0700 and files are written 0600, atomically (a temporary file renamed
into place). A folder or file that another user owns, or that the group or others may write,
is not used at all, nor is a symbolic link at the folder's place: the engine is built in memory,
without a word, as for a corrupt, stale or unwritable cache. Anything at a file's place that is not a regular file (a FIFO, a device, a
folder) is skipped without being read. Each write also removes temporary files that
interrupted writes left behind, files of the old pickle format, and the oldest files beyond
KEEP of them or ROOM bytes in all, never the file just written nor the packs' own engines it
was joined from. The cache only ever saves time.

Nothing a person types is part of the key or the file: the cache holds the packs, not questions.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from civicqa import __version__
from civicqa.answer import Explainer
from civicqa.errors import PackError
from civicqa.knowledge import load_packs, read_pack_file, shipped_packs
from civicqa.tables import PackTables

# Cache files kept at most, the oldest removed first: one per pack combination in use, and one
# per pack of a combination (what an edit to one pack rebuilds the combination from).
KEEP = 64
# Bytes of cache files kept at most (the newest file is always kept): a pack with a 200 MB text
# makes a cache file as large.
ROOM = 1 << 30
# A temporary file untouched this long (seconds) was left by a write that never finished.
STALE = 60
# A pack file modified less than this many seconds before it was read is read again at each
# start to check its content, not trusted by its size and modification time (see _current).
RACY = 2
# An engine of at least this many entries is stored after a one-shot command's answer is out,
# by a process that outlives the command (load_explainer's `later`, write_pending): at 100,000
# entries the file takes one to two seconds to write (docs/performance.md), which the person
# asking need not wait for.
LATER = 10_000
# Seconds a command with no stored engine waits for such a writer, which may be storing it.
WRITER_WAIT = 30
_PREFIX, _SUFFIX, _TEMPORARY = "explainer-", ".npy", ".explainer-"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "civicqa"


def load_explainer(paths: list[Path] | None = None, later: bool = False) -> Explainer:
    """The engine for these pack files (default: the shipped packs), from the cache if it can be.

    With `later`, a large engine (LATER entries or more) is stored once the caller has used it,
    when it calls write_pending: a one-shot command answers first."""
    chosen = list(paths) if paths else shipped_packs()
    fingerprint = _fingerprint(chosen)
    if fingerprint is None:  # a pack cannot be read: load_packs reports why
        return Explainer(load_packs(chosen))
    path = _file_for(fingerprint)
    trusted = _trusted_folder(path.parent)
    cached = _cached(path, fingerprint, chosen, later) if trusted else None
    if cached is None and trusted and wait_for_writes(WRITER_WAIT):  # a writer was storing it
        cached = _cached(path, fingerprint, chosen, later)
    if cached is not None:
        return cached[0]
    from civicqa.progress import Progress

    with Progress() as progress:  # a line on a terminal while a long build runs
        joined = _joined(chosen, progress, later) if len(chosen) > 1 and trusted is not False else None
        if joined is not None:  # each pack's own engine, from the cache or built: only the edited ones built
            explainer, files, parts = joined
        else:
            files, parts = _pack_files(chosen), []  # before the packs are read: see _current
            explainer = Explainer(load_packs(chosen, progress), progress)
        if trusted is not False and files is not None:  # None: no folder yet, so one is made
            _store(explainer, later, lambda: _write(path, explainer, (fingerprint, files), keep=parts), progress)
    return explainer


# What load_explainer put off storing (its `later`), until write_pending.
_pending: list[Callable[[], None]] = []


def _store(explainer: Explainer, later: bool, write: Callable[[], None], progress=None) -> None:
    """write() now, or, with `later` and a large engine, once the answer is out (write_pending)."""
    if later and len(explainer.tables.entries) >= LATER:
        _pending.append(write)
        return
    if progress:
        progress("writing the index cache")
    write()


def write_pending() -> None:
    """Store the engines that load_explainer(later=True) put off (a caller that never calls
    this stores nothing, and keeps them in memory). Where the system can fork, a child process
    does it, in a session of its own, with no terminal and no pipe of the command's, so the
    command ends as soon as its answer is out (as `git gc --auto` detaches); it holds a shared
    lock on the cache folder until it is done (wait_for_writes), and a command that finds no
    stored engine while it runs waits for it rather than build again. Else here and now. A
    folder no longer to be trusted gets nothing."""
    writes = _pending[:]
    _pending.clear()
    if writes and _folder_ready(cache_dir()) and not _handed_to_a_writer(writes):
        for write in writes:
            write()


def _handed_to_a_writer(writes: list[Callable[[], None]]) -> bool:
    """Whether a detached child process took the writes (the child itself never returns)."""
    if not hasattr(os, "fork") or 1 in (os.getpid(), os.getppid()):
        return False  # a container's first process or a service: its end ends what it started
    import fcntl
    import signal
    import warnings

    try:
        lock = os.open(cache_dir(), os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    # No Ctrl-C between the fork and the child's guard below; the parent's mask comes back after.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        fcntl.flock(lock, fcntl.LOCK_SH)  # the child's copy of the descriptor keeps it
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Python 3.12+ warns of forking beside numpy's threads
            pid = os.fork()
    except OSError:  # no process to spare
        pid = -1
    if pid:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(lock)
        return pid > 0
    try:  # the child: whatever happens, it ends here, never back in the command
        with contextlib.suppress(ValueError):  # not the main thread: no handler to change
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.setsid()  # no terminal: a closed window does not cut a write short
        os.chdir("/")  # nor does it keep the folder it was started in busy
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        _close_inherited(keep=lock)
        for write in writes:
            write()
    finally:
        os._exit(0)


def _close_inherited(keep: int) -> None:
    """Close the pipes, sockets and terminals the child inherited (a script reading the
    command's output through another descriptor sees its end at the command's end). Regular
    files stay open: a memory-mapped array may be using one."""
    try:
        descriptors = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        descriptors = list(range(3, 256))
    for fd in descriptors:
        with contextlib.suppress(OSError):
            if fd > 2 and fd != keep and not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)


def wait_for_writes(timeout: float | None = None) -> bool:
    """Return once no put-off write is running (write_pending), or after `timeout` seconds:
    whether one was running. Benchmarks and tests call it before reading what a command stored."""
    try:
        import fcntl  # noqa: F401  # none on Windows, where nothing is put off either

        lock = os.open(cache_dir(), os.O_RDONLY | os.O_CLOEXEC)
    except (ImportError, OSError):
        return False
    try:
        deadline = None if timeout is None else time.monotonic() + timeout
        busy = False
        while _held_by_a_writer(lock):
            busy = True
            if deadline is not None and time.monotonic() >= deadline:
                break
            time.sleep(0.02)
        return busy
    finally:
        os.close(lock)


def _held_by_a_writer(fd: int) -> bool:
    """Whether a writer holds the folder's lock (false too where locks do not work)."""
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    except OSError:
        return False


def _file_for(fingerprint: tuple) -> Path:
    return cache_dir() / f"{_PREFIX}{zlib.crc32(repr(fingerprint).encode()):08x}{_SUFFIX}"


def _cached(path: Path, fingerprint: tuple, paths: list[Path],
            later: bool = False) -> tuple[Explainer, list[tuple]] | None:
    """The stored engine for these packs, if the cache holds one built from them as they are
    now, with the pack files' states it was checked against (see _current)."""
    stored_files: list[tuple] = []
    checked: list[tuple] = []  # the pack files as they are now, when they had to be read to check

    def accepts(stored) -> bool:
        if not _current(stored, fingerprint, paths, checked):
            return False
        stored_files[:] = stored[1]
        return True

    cached = _read(path, accepts)
    if cached is None:
        return None
    if checked:  # so that the next start need not read them again
        _store(cached, later, lambda: _refresh(path, (fingerprint, checked)))
    return cached, [tuple(f) for f in checked or stored_files]


def _joined(paths: list[Path], progress, later: bool = False) -> tuple[Explainer, list[tuple]] | None:
    """The engine of several packs, joined from each pack's own stored engine: a pack's engine
    comes from the cache when the pack is unchanged, and is built and stored when it is new or
    edited, so editing one pack of many rebuilds that one (PackTables.merged, store.joined).
    None when it cannot be done so (packs of different languages, the same pack id twice, a
    pack with a problem, no cache folder to store them in): the packs are then built together,
    which reports every problem. The packs to build are built one at a time, each let go of once
    stored, so that a build of many packs holds one in memory, not all of them; those built
    before a pack with a problem stay stored, so the next start builds only the mended pack."""
    from civicqa import store
    from civicqa.language import language

    if not _folder_ready(cache_dir()):  # a pack's engine is joined from its file: none, no join
        return None
    fingerprints = [_fingerprint([path]) for path in paths]
    if None in fingerprints:
        return None
    own = [_file_for(fingerprint) for fingerprint in fingerprints]
    parts = [_cached(file, fingerprint, [path], later) for file, fingerprint, path in zip(own, fingerprints, paths)]
    for number, path in enumerate(paths):  # one at a time, each let go of once stored
        if parts[number] is None:
            parts[number] = _built_alone(path, own[number], fingerprints[number], own, progress)
            if parts[number] is None:
                return None
    packs = [pack for part in parts for pack in part[0].packs]
    if len({pack.id for pack in packs}) < len(packs) or len({language(p.language) for p in packs}) > 1:
        return None  # load_packs reports the same id used twice; languages are not mixed in one index
    tables = [part[0].tables for part in parts]
    if not all(isinstance(t.entries, store.StoredEntries) and t.entries.whole for t in tables):
        return None
    progress("joining the packs' indexes")
    entries = store.joined([t.entries for t in tables])
    return Explainer.of(PackTables.merged(tables, entries)), [f for part in parts for f in part[1]], own


def _built_alone(path: Path, file: Path, fingerprint: tuple, keep: list[Path],
                 progress) -> tuple[Explainer, list[tuple]] | None:
    """One pack's own engine, built, stored and read back from its file (so that its entries are
    stored ones, to be joined), with the pack file's state; None if the pack has a problem or
    the engine could not be stored."""
    files = _pack_files([path])  # before the pack is read: see _current
    try:
        built = Explainer(load_packs([path], progress), progress)
    except PackError:
        return None
    if files is None:
        return None
    progress("writing the index cache")
    _write(file, built, (fingerprint, files), keep=keep)
    del built  # its entries and token lists, before the next pack is read
    stored = _read(file, lambda stored: tuple(stored[0]) == fingerprint and [tuple(f) for f in stored[1]] == files)
    return None if stored is None else (stored, files)


def _fingerprint(paths: list[Path]) -> tuple | None:
    """What a cache file is for: civicqa's version, the size and CRC-32 of every module of it,
    and where the pack files are (their content is checked by _current).

    The whole fingerprint is stored in the cache file and compared on load, so two pack sets can
    share a file name only by chance, never an index."""
    try:
        code = []
        for name, path in _modules():
            with open(path, "rb") as file:
                code.append((name, *_checksum(file.read())))
        return (__version__, *code, *(os.path.realpath(path) for path in paths))
    except OSError:
        return None


def _pack_files(paths: list[Path]) -> list[tuple[int, int, int, int, int]] | None:
    """Each pack file's size and modification time, then its length and CRC-32 as read now, and
    when that was: (size, mtime_ns, length, crc, read_ns). None if one cannot be read."""
    try:
        files = []
        for path in paths:
            status, read = os.stat(path), time.time_ns()
            # read_pack_file refuses a FIFO, a device or a huge file at once
            files.append((status.st_size, status.st_mtime_ns, *_checksum(read_pack_file(path)), read))
        return files
    except (OSError, PackError):
        return None


def _current(stored, fingerprint: tuple, paths: list[Path], checked: list | None = None) -> bool:
    """Whether a stored engine was built from these packs as they are now.

    A pack file whose size and modification time are those it had when it was read, and whose
    modification time was then RACY seconds old or more, is taken as unchanged without reading it:
    a large pack is not read at every start. Any other pack file is read and its CRC-32 compared,
    as a file written twice within the clock's resolution keeps its modification time (git
    handles its index the same way). When a file had to be read and is unchanged, `checked` is
    given every file's state as it is now, to store in place of the old (see _refresh)."""
    try:
        key, files = stored
        if tuple(key) != fingerprint or len(files) != len(paths):
            return False
        now, read_again = [], False
        for path, (size, mtime, length, crc, read) in zip(paths, files):
            status, reading = os.stat(path), time.time_ns()
            if (status.st_size, status.st_mtime_ns) == (size, mtime) and read - mtime >= RACY * 10**9:
                now.append((size, mtime, length, crc, read))
                continue
            if _checksum(read_pack_file(path)) != (length, crc):
                return False
            now.append((status.st_size, status.st_mtime_ns, length, crc, reading))
            read_again = True
        if read_again and checked is not None:
            checked[:] = now
        return True
    except (OSError, PackError, TypeError, ValueError):  # gone, unreadable, or not a stored key
        return False


def _modules() -> list[tuple[str, str]]:
    """Every module of the package, in subpackages too, by its path inside it ("repl/kiosk.py")."""
    package = os.path.dirname(os.path.abspath(__file__))
    found = []
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        inside = os.path.relpath(folder, package).replace(os.sep, "/")
        found += [(name if inside == "." else f"{inside}/{name}", os.path.join(folder, name))
                  for name in files if name.endswith(".py")]
    return sorted(found)


def _checksum(content: bytes) -> tuple[int, int]:
    return len(content), zlib.crc32(content)


def _safe(status: os.stat_result) -> bool:
    """Owned by whoever runs civicqa, and writable by no one else."""
    return status.st_uid == os.geteuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _trusted_folder(folder: Path) -> bool | None:
    """Whether the cache folder may be used: True, False, or None when there is none yet.

    A symbolic link there is refused (lstat): whoever planted it could point civicqa's writes and
    pruning at a folder of someone else's."""
    try:
        status = os.lstat(folder)
    except FileNotFoundError:
        return None
    except OSError:
        return False
    return stat.S_ISDIR(status.st_mode) and _safe(status)


def _read(path: Path, accepts: Callable[[object], bool]) -> Explainer | None:
    from civicqa import store

    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: no symbolic link.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError:  # missing, a link, unreadable
        return None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode) or not _safe(status):
            return None
        return store.load(fd, accepts)
    except Exception:  # truncated, corrupt, foreign, or from another civicqa: rebuild
        return None
    finally:
        os.close(fd)


def _folder_ready(folder: Path) -> bool:
    """The cache folder, made if there is none (0700), and whether it may be used."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:  # read-only home: no cache
        return False
    return bool(_trusted_folder(folder))  # False if made by someone else meanwhile, or umask-widened


def _write(path: Path, explainer: Explainer, fingerprint: tuple, keep: list[Path] = ()) -> None:
    """The engine stored at path; the oldest files pruned, but never path nor those in `keep`
    (the packs' own engines that a joined one is made from, which an edit will need)."""
    from civicqa import store

    if not _folder_ready(path.parent):
        return
    if _replace(path, lambda file: store.save(explainer, file, fingerprint)):
        with contextlib.suppress(OSError):  # the folder unlistable: old files stay, nothing else
            _prune(path.parent, {path, *keep})


def _refresh(path: Path, fingerprint: tuple) -> None:
    """The cache file again with a new fingerprint (the packs' states as they are now), its
    arrays copied as they are: an unchanged pack that had to be read at this start is not read
    at the next. Left as it was if anything goes wrong."""
    from civicqa import store

    if not _trusted_folder(path.parent):  # put off (write_pending), it may run when that has changed
        return
    try:  # the file _read checked: no link followed
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return
    with os.fdopen(fd, "rb") as old:
        _replace(path, lambda new: store.restamp(old, new, fingerprint))


def _replace(path: Path, write: Callable[[BinaryIO], None]) -> bool:
    """A new file at path, written by `write` to a temporary file (0600) renamed into place, so
    a reader finds the old file or the new, never half of one. False, and nothing left, if
    anything goes wrong (a full disk, an engine that is not plain data)."""
    import tempfile

    temporary: Path | None = None
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=_TEMPORARY, suffix=".tmp")  # mode 0600
        temporary = Path(name)
        with os.fdopen(fd, "wb") as file:
            write(file)
        os.replace(temporary, path)
        return True
    except Exception:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
        return False


def _prune(folder: Path, keep: set[Path] = frozenset()) -> None:
    """Temporary files left behind, old-format files, and the oldest cache files beyond KEEP of
    them or ROOM bytes in all, counting those in `keep` first, which are never removed."""
    now = time.time()
    files = []
    for path in folder.iterdir():
        name = path.name
        with contextlib.suppress(OSError):
            status = path.lstat()
            if name.startswith(_TEMPORARY) and now - status.st_mtime > STALE:
                path.unlink()  # left by a write that was interrupted
            elif name.startswith(_PREFIX) and name.endswith(".pickle"):
                path.unlink()  # the old format, which is never read
            elif name.startswith(_PREFIX) and name.endswith(_SUFFIX) and stat.S_ISREG(status.st_mode):
                files.append((status.st_mtime, status.st_size, path))
    # The files to keep first, then the others newest first: the oldest go.
    files.sort(key=lambda f: (f[2] in keep, f[0]), reverse=True)
    total = 0
    for number, (_, size, path) in enumerate(files):
        total += size
        if path not in keep and (number >= KEEP or (number and total > ROOM)):
            with contextlib.suppress(OSError):
                path.unlink()
