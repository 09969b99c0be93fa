"""A built answer engine as plain data, and back: numpy arrays and JSON, never code.

A stored engine is one file holding a sequence of `.npy` arrays (numpy's own format, read here
without pickle), each starting at a multiple of 64 bytes (zeros between them): first a header,
the UTF-8 bytes of a JSON document, then the arrays it names, in order. The header holds the
packs, their entries column by column (strings as one UTF-8 text with end offsets, few-valued
fields as codes), and every table the engine built, each tagged with its type so that tuples,
frozensets and dates come back as they were. The index's posting lists and the engine's
per-entry flags are arrays, used where they lie in the file (memory-mapped, for a file of
MAP_FROM bytes or more), so a large pack loads without copying them or making a Python object
per posting. The tables that point at entries (by id, by stance) are rebuilt from the entries.

Reading never runs code from the file: JSON and numpy headers are parsed as data, arrays with
an object dtype are refused, and only the classes named in `_CLASSES` can be built. A file
that is not a stored engine raises `ValueError`.
"""

from __future__ import annotations

import gc
import io
import json
import operator
import os
import zlib
from pathlib import Path
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO

import numpy as np
from numpy.lib import format as npy

from civicqa.answer import Explainer
from civicqa.conversation import Subject
from civicqa.index import Index
from civicqa.search import StoredBackend
from civicqa.knowledge import Entry, Pack, PartialDate, Source
from civicqa.tables import PROFILE_COUNT, PackTables, join_ends

# Written in the header and checked on load; a change of layout changes it (and the cache key).
FORMAT = "civicqa-engine-5"
# Each array starts at a multiple of this many bytes (numpy pads its headers to the same).
ALIGN = 64
# Files at least this large are memory-mapped rather than read.
MAP_FROM = 1 << 22
# Arrays of at most this many bytes are checked against their CRC-32 at each load.
CHECKED_UP_TO = 1 << 21
# The dtypes of the arrays stored here: their .npy headers are read without numpy's parser.
_PLAIN_DTYPES = frozenset(("<i2", "<i4", "<i8", "<f8", "|i1", "|u1", "|b1"))
# The search backends a stored engine can name (civicqa.search.StoredBackend), by their kind.
BACKENDS: dict[str, type[StoredBackend]] = {Index.kind: Index}
# Values that are the same in JSON: a list of only these is stored as it is.
_JSON_TYPES = frozenset((str, int, float, bool, type(None)))
# The small values (NamedTuples) an engine's tables hold, by name: the only classes a file can name.
_CLASSES = {cls.__name__: cls for cls in (PartialDate, Source, Subject)}


def save(explainer: Explainer, file: BinaryIO, fingerprint: Any) -> None:
    """Write the engine's tables (and the fingerprint they were built for) to an open binary file."""
    encoder = _Encoder()
    built = explainer.tables
    tables: list[str] = []
    arrays: dict[str, np.ndarray] = {}
    for name, value in vars(built).items():
        if name in ("packs", "entries", "index", "stored"):
            continue
        if isinstance(value, np.ndarray):
            arrays[f"engine.{name}"] = value
        else:  # each table its own JSON text, decoded when an answer first needs it
            tables.append(name)
            arrays[f"table.{name}"] = _utf8(_json(encoder.encode(value)))
    index_tables, index_arrays = built.index.tables()  # a StoredBackend (see BACKENDS)
    arrays.update({f"index.{name}": value for name, value in index_arrays.items()})
    header = [
        ["format", FORMAT],
        ["fingerprint", encoder.encode(fingerprint)],
        ["packs", [encoder.pack(pack) for pack in built.packs]],
        ["entries", encoder.entries(built.entries, arrays)],
        ["backend", built.index.kind],
        ["index", encoder.encode(index_tables)],
        ["tables", tables],
        ["sources", encoder.sources],  # last: entries and packs add to it
        ["arrays", list(arrays)],
        # CRC-32 of every array small enough to check at each load (tables, codes, offsets);
        # the larger ones (postings, entry texts) are checked for what could crash instead.
        ["checksums", [[name, zlib.crc32(value)] for name, value in arrays.items() if value.nbytes <= CHECKED_UP_TO]],
    ]
    for value in (_utf8(_json(header)), *arrays.values()):
        if value.dtype.hasobject:
            raise TypeError("an array of Python objects cannot be stored as data")
        npy.write_array(file, np.ascontiguousarray(value), allow_pickle=False)
        file.write(bytes(-file.tell() % ALIGN))  # so that the next array's numbers are aligned


def restamp(old: BinaryIO, new: BinaryIO, fingerprint: Any) -> None:
    """Copy a stored engine with another fingerprint in its header; every array as it was."""
    import mmap

    with mmap.mmap(old.fileno(), 0, access=mmap.ACCESS_READ) as data:
        reader = _Reader(data)
        header = json.loads(bytes(reader.array()))
        rest = reader.position + -reader.position % ALIGN  # where the first array starts
        header = [[key, _Encoder().encode(fingerprint) if key == "fingerprint" else value] for key, value in header]
        npy.write_array(new, _utf8(_json(header)), allow_pickle=False)
        new.write(bytes(-new.tell() % ALIGN))  # the arrays start aligned, as they did
        for start in range(rest, len(data), 1 << 24):
            new.write(data[start : start + (1 << 24)])


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _utf8(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def load(fd: int, accepts: Callable[[Any], bool]) -> Explainer | None:
    """The engine in the file open on fd, or None if `accepts` refuses the fingerprint it was
    saved with (it was built for other code or other packs)."""
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of new objects, none of them garbage: no need to look
    try:
        return _load(fd, accepts)
    finally:
        if collecting:
            gc.enable()


def _load(fd: int, accepts: Callable[[Any], bool]) -> Explainer | None:
    size = os.fstat(fd).st_size
    if size < MAP_FROM:
        data: Any = os.read(fd, size + 1)
    else:  # the posting arrays are used where they lie, read from disk only as searches need them
        import mmap

        data = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
    reader = _Reader(data)
    header = dict(json.loads(bytes(reader.array()), object_hook=_decode))
    if header.get("format") != FORMAT or not accepts(header.get("fingerprint")):
        return None
    arrays = {name: reader.array() for name in header["arrays"]}
    for name, checksum in header["checksums"]:
        if zlib.crc32(arrays[name]) != checksum:
            raise ValueError(f"not a stored engine: {name} is damaged")
    sources = [Source(**dict(fields)) for fields in header["sources"]]
    entries = StoredEntries(header["entries"], sources, arrays)
    packs, start = [], 0
    for pairs in header["packs"]:
        fields = dict(pairs)
        count = fields.pop("entries")
        fields["sources"] = {key: sources[number] for key, number in fields["sources"]}
        packs.append(Pack(**fields, entries=entries[start : start + count]))
        start += count
    if start != len(entries):
        raise ValueError("the packs do not account for every entry")
    built = PackTables.__new__(PackTables)
    built.packs, built.entries = packs, entries
    backend = BACKENDS.get(header.get("backend"))
    if backend is None:  # stored by a civicqa with another backend: build again
        return None
    built.index = backend.restored(header["index"], _group(arrays, "index."))
    built.__dict__.update(_group(arrays, "engine."))
    _check_engine_arrays(built, len(entries))
    built.stored = {name: _Decoded(arrays[f"table.{name}"]) for name in header["tables"]}
    return Explainer.of(built)


def _check_engine_arrays(built: PackTables, count: int) -> None:
    """The per-entry arrays that answers index with, checked as the entry columns are: a large one
    is not CRC-checked, and a damaged number must refuse the file, never fail an answer."""
    for name in ("kinds", "stances", "years", "has_number", "has_date", "recent", "profiles", "entry_name_ends"):
        _sized(getattr(built, name), count)
    _codes(built.profiles, count, PROFILE_COUNT)
    names, ends = _offsets(built.entry_name_ends), _offsets(built.name_ends)
    if (len(names) and int(names[-1]) != len(ends)) or (len(ends) and int(ends[-1]) != len(built.name_terms)):
        raise ValueError("not a stored engine: entries' names do not fit their terms")


class _Decoded:
    """A table's JSON text, decoded when it is first asked for (PackTables.__getattr__)."""

    def __init__(self, text: np.ndarray) -> None:
        self.text = text

    def __call__(self) -> Any:
        return json.loads(bytes(self.text), object_hook=_decode)


def _group(arrays: dict[str, np.ndarray], prefix: str) -> dict[str, np.ndarray]:
    return {name.removeprefix(prefix): value for name, value in arrays.items() if name.startswith(prefix)}


class _Reader:
    """The arrays of a file in turn, each a read-only view of its bytes (no copy)."""

    def __init__(self, data: Any) -> None:  # bytes, or a read-only mmap
        self.data, self.position = data, 0

    def array(self) -> np.ndarray:
        self.position += -self.position % ALIGN
        shape, dtype = self._plain_header() or self._any_header()
        count = int(np.prod(shape, dtype=np.int64))
        offset, end = self.position, self.position + count * dtype.itemsize
        if end > len(self.data):
            raise ValueError("not a stored engine: truncated")
        self.position = end
        return np.frombuffer(self.data, dtype=dtype, count=count, offset=offset).reshape(shape)

    def _plain_header(self) -> tuple[tuple[int, ...], np.dtype] | None:
        """The header numpy writes for the plain arrays stored here, read without numpy's general
        parser, which compiles each header as a Python literal: most of the time to open a small engine."""
        start = self.position
        if self.data[start : start + 8] != b"\x93NUMPY\x01\x00":
            return None
        length = int.from_bytes(self.data[start + 8 : start + 10], "little")
        text = self.data[start + 10 : start + 10 + length].decode("latin-1").rstrip(" \n")
        if not (text.startswith("{'descr': '") and text.endswith("), }")):
            return None
        descr, known, dimensions = text[11:-4].partition("', 'fortran_order': False, 'shape': (")
        sizes = [d.strip() for d in dimensions.split(",") if d.strip()]
        if not known or descr not in _PLAIN_DTYPES or not all(d.isdigit() for d in sizes):
            return None
        self.position = start + 10 + length
        return tuple(int(d) for d in sizes), np.dtype(descr)

    def _any_header(self) -> tuple[tuple[int, ...], np.dtype]:
        file = io.BytesIO(self.data[self.position : self.position + 65536 + 12])
        version = npy.read_magic(file)
        if version == (1, 0):
            shape, fortran, dtype = npy.read_array_header_1_0(file)
        elif version == (2, 0):
            shape, fortran, dtype = npy.read_array_header_2_0(file)
        else:
            raise ValueError(f"not a stored engine: .npy version {version}")
        if dtype.hasobject or fortran:
            raise ValueError("not a stored engine: an object or Fortran-order array")
        self.position += file.tell()
        return shape, dtype


# -- values as JSON ---------------------------------------------------------------------------
#
# Lists, strings, numbers, booleans and None are themselves; every other value is a JSON object
# with exactly one key, its tag. Dicts become lists of pairs, so no key can pass for a tag.


def _decode(tagged: dict) -> Any:
    [(tag, value)] = tagged.items()
    if tag == "tuple":
        return tuple(value)
    if tag == "tuples":
        return tuple(map(tuple, value))
    if tag == "sentences":
        return {tuple(k): tuple((p, frozenset(t)) for p, t in v) for k, v in value}
    if tag == "synonyms":
        return {tuple(k): tuple(map(tuple, v)) for k, v in value}
    if tag == "frozenset":
        return frozenset(value)
    if tag == "dict":
        return dict(value)
    if tag == "path":
        return Path(value)
    if tag == "date":
        return PartialDate(*value)
    if tag == "object":
        name, fields = value
        return _CLASSES[name](**dict(fields))
    raise ValueError(f"not a stored engine: unknown tag {tag!r}")


def _is_words(value: Any) -> bool:
    return type(value) is tuple and all(type(v) is str for v in value)


def _is_term_set(value: Any) -> bool:
    return type(value) is frozenset and all(type(v) is str for v in value)


class _Encoder:
    def __init__(self) -> None:
        self.sources: list[dict] = []  # each distinct Source once; entries and packs refer to it by number
        self._numbers: dict[int, int] = {}

    def encode(self, value: Any) -> Any:
        if value is None or isinstance(value, (str, bool, int, float)):
            return value
        if type(value) is PartialDate:  # NamedTuples, before tuples
            return {"date": [value.year, value.month, value.day]}
        if type(value).__name__ in _CLASSES and type(value) is _CLASSES[type(value).__name__]:
            return {"object": [type(value).__name__, [[name, self.encode(v)] for name, v in zip(value._fields, value)]]}
        if hasattr(type(value), "_fields"):  # another NamedTuple: stored as a tuple, it would come back as one
            raise TypeError(f"cannot store a {type(value).__name__} as data")
        plain = isinstance(value, (list, tuple, frozenset)) and set(map(type, value)) <= _JSON_TYPES
        if isinstance(value, list):
            return value if plain else [self.encode(v) for v in value]  # names, terms: as they are
        if isinstance(value, tuple):
            if plain:
                return {"tuple": list(value)}
            if value and all(_is_words(v) for v in value):  # ("a",), ("b", "c"): one tag, not three
                return {"tuples": [list(v) for v in value]}
            return {"tuple": [self.encode(v) for v in value]}
        if isinstance(value, frozenset):
            return {"frozenset": sorted(value) if plain else sorted(self.encode(v) for v in value)}
        if isinstance(value, dict):
            if value and all(_is_words(k) and type(v) is tuple and all(
                    type(p) is tuple and len(p) == 2 and type(p[0]) is str and _is_term_set(p[1]) for p in v)
                    for k, v in value.items()):  # entries' sentences, tokenized
                return {"sentences": [[list(k), [[p[0], sorted(p[1])] for p in v]] for k, v in value.items()]}
            if value and all(_is_words(k) and type(v) is tuple and all(_is_words(w) for w in v)
                             for k, v in value.items()):  # a synonym table: one tag for all of it
                return {"synonyms": [[list(k), [list(w) for w in v]] for k, v in value.items()]}
            if set(map(type, value)) | set(map(type, value.values())) <= _JSON_TYPES:  # words -> terms
                return {"dict": [list(pair) for pair in value.items()]}
            return {"dict": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        if isinstance(value, Path):
            return {"path": str(value)}
        raise TypeError(f"cannot store a {type(value).__name__} as data")

    def source(self, source: Source) -> int:
        if id(source) not in self._numbers:
            self._numbers[id(source)] = len(self.sources)
            self.sources.append([[name, self.encode(value)] for name, value in zip(source._fields, source)])
        return self._numbers[id(source)]

    def pack(self, pack: Pack) -> list:
        fields = [[name, self.encode(value)] for name, value in zip(pack._fields, pack)
                  if name not in ("sources", "entries", "tests")]
        fields.append(["sources", [[key, self.source(source)] for key, source in pack.sources.items()]])
        fields.append(["entries", len(pack.entries)])
        return fields

    def entries(self, entries: list[Entry], arrays: dict[str, np.ndarray]) -> list:
        """Entries column by column, [field, how, data], each column in arrays of its own, so that
        an entry is read from the file only when an answer needs it (StoredEntries).

        A column of few distinct values (kinds, topics, dates) is a list of them and a code per
        entry; a column of strings is their UTF-8 bytes end to end, and where each one ends; a
        column of lists of strings is its items as such a column, and where each entry's end;
        anything else is one JSON text per entry.
        """
        if isinstance(entries, StoredEntries) and entries.whole:  # joined ones: their arrays as they are
            return self._stored_entries(entries, arrays)
        columns = []
        for field in Entry._fields:
            name = f"entries.{field}"
            values = list(map(operator.attrgetter(field), entries))
            distinct = _distinct(values)
            if values and all(type(v) is Source for v in values):
                columns.append([field, "sources", None])
                arrays[name] = np.array([self.source(v) for v in values], dtype=np.int32)
            elif distinct is not None and len(distinct) * 4 <= len(values):
                numbers = {key: code for code, key in enumerate(distinct)}
                columns.append([field, "codes", [self.encode(v) for _, v in distinct]])
                arrays[name] = np.array([numbers[type(v), v] for v in values], dtype=np.int32)
            elif all(type(v) is str for v in values):
                columns.append([field, "strings", None])
                _strings(arrays, name, values)
            elif all(type(v) is tuple and all(type(s) is str for s in v) for v in values):
                columns.append([field, "tuples", None])
                _strings(arrays, name, [s for v in values for s in v])
                arrays[f"{name}.items"] = np.cumsum([len(v) for v in values], dtype=np.int64)
            else:
                columns.append([field, "values", None])
                _strings(arrays, name, [_json(self.encode(v)) for v in values])
        return [len(entries), columns]

    def _stored_entries(self, entries: StoredEntries, arrays: dict[str, np.ndarray]) -> list:
        """Stored entries (joined ones: `joined`) written with their arrays as they are; only
        the sources are numbered again, as this file numbers them."""
        columns = []
        for name, how, data in entries.columns:
            if how == "sources":
                numbers = np.array([self.source(source) for source in entries.sources], dtype=np.int32)
                arrays[f"entries.{name}"] = numbers[entries.arrays[f"entries.{name}"]]
            else:
                arrays.update((key, value) for key, value in entries.arrays.items()
                              if key == f"entries.{name}" or key.startswith(f"entries.{name}."))
            columns.append([name, how, [self.encode(v) for v in data] if how == "codes" else None])
        return [entries.count, columns]


def _strings(arrays: dict[str, np.ndarray], name: str, values: list[str]) -> None:
    """Strings as their UTF-8 bytes end to end, and the byte where each one ends."""
    text = "".join(values)
    # Where the text is ASCII, a string's bytes are its characters: no need to encode each.
    lengths = map(len, values) if text.isascii() else (len(v.encode("utf-8")) for v in values)
    arrays[f"{name}.text"] = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    arrays[f"{name}.ends"] = np.cumsum(np.fromiter(lengths, dtype=np.int64, count=len(values)), dtype=np.int64)


def _distinct(values: list) -> list | None:
    """The distinct values (each with its type: True is not 1), or None if one is unhashable."""
    try:
        if len(set(map(type, values))) <= 1:  # one type: the values alone tell them apart
            return [(type(v), v) for v in dict.fromkeys(values)]
        return list(dict.fromkeys((type(v), v) for v in values))
    except TypeError:
        return None


class StoredEntries(Sequence):
    """The entries of a stored engine, each made when it is first used and then kept: loading an
    engine of 100,000 entries makes none of them, and an answer makes the few dozen it reads.

    A slice is a view on the same entries (a pack's entries), so an entry is one object however
    it is reached."""

    def __init__(self, stored: list, sources: list[Source], arrays: dict[str, np.ndarray]) -> None:
        count, columns = stored
        if [name for name, _, _ in columns] != list(Entry._fields):
            raise ValueError("not a stored engine: other entry fields")
        self._columns = [_column(how, data, f"entries.{name}", sources, arrays, count) for name, how, data in columns]
        # As stored, to be joined with other engines' entries (`joined`) and written again.
        self.count, self.columns, self.sources = count, columns, sources
        self.arrays = {name: value for name, value in arrays.items() if name.startswith("entries.")}
        self._made: dict[int, Entry] = {}
        self._start, self._stop = 0, count

    def __len__(self) -> int:
        return self._stop - self._start

    @property
    def whole(self) -> bool:
        """All the entries stored, not a slice of them."""
        return self._start == 0 and self._stop == self.count

    def __getitem__(self, where):
        if isinstance(where, slice):
            start, stop, step = where.indices(len(self))
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            view = StoredEntries.__new__(StoredEntries)
            view._columns, view._made = self._columns, self._made
            view.count, view.columns, view.sources, view.arrays = self.count, self.columns, self.sources, self.arrays
            view._start, view._stop = self._start + start, self._start + max(start, stop)
            return view
        position = where.__index__()
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError("entry position out of range")
        position += self._start
        entry = self._made.get(position)
        if entry is None:
            entry = self._made[position] = Entry(*(read(position) for read in self._columns))
        return entry

    def __iter__(self):
        return map(self.__getitem__, range(len(self)))

    def __eq__(self, other: object) -> bool:  # as a list of the same entries is
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]  # a list is not hashable either


def joined(parts: list[StoredEntries]) -> StoredEntries:
    """The entries of several stored engines end to end, as one engine's: each column's arrays
    joined (offsets moved on, codes numbered again), so no entry is made and no text decoded. A
    column that the parts store in different ways (codes in a large pack, one text each in a
    small one) is read entry by entry and stored again as codes."""
    sources = [source for part in parts for source in part.sources]
    arrays: dict[str, np.ndarray] = {}
    columns = []
    for number, field in enumerate(Entry._fields):
        name = f"entries.{field}"
        hows = {part.columns[number][1] for part in parts}
        how = hows.pop() if len(hows) == 1 else "codes"
        data = None
        if how in ("strings", "values"):
            _join_strings(arrays, name, [part.arrays for part in parts])
        elif how == "tuples":
            _join_strings(arrays, name, [part.arrays for part in parts])
            arrays[f"{name}.items"] = join_ends([part.arrays[f"{name}.items"] for part in parts])
        elif how == "sources":
            first = np.cumsum([0] + [len(part.sources) for part in parts[:-1]])
            arrays[name] = np.concatenate([part.arrays[name] + at for part, at in zip(parts, first)]).astype(np.int32)
        else:  # codes, or stored in different ways: numbered again as codes
            how, data = _join_codes(arrays, name, parts, number)
        columns.append([field, how, data])
    return StoredEntries([sum(len(part) for part in parts), columns], sources, arrays)


def _join_codes(arrays: dict[str, np.ndarray], name: str, parts: list[StoredEntries], number: int) -> tuple[str, Any]:
    """One column of several parts' entries as codes, their distinct values numbered as they first
    appear; a part that stores the column otherwise is read entry by entry. (Every field of an
    entry is hashable: a column of values that are not could never have been coded.)"""
    known: dict[tuple[type, Any], int] = {}
    codes = []
    for part in parts:
        _, how, values = part.columns[number]
        if how != "codes":
            values = [part._columns[number](i) for i in range(len(part))]
        numbers = np.array([known.setdefault((type(v), v), len(known)) for v in values], dtype=np.int32)
        codes.append(numbers[part.arrays[name]] if how == "codes" else numbers)
    arrays[name] = np.concatenate(codes).astype(np.int32)
    return "codes", [value for _, value in known]


def _join_strings(arrays: dict[str, np.ndarray], name: str, parts: list[dict[str, np.ndarray]]) -> None:
    arrays[f"{name}.text"] = np.concatenate([part[f"{name}.text"] for part in parts])
    arrays[f"{name}.ends"] = join_ends([part[f"{name}.ends"] for part in parts])


def _column(how: str, data: Any, name: str, sources: list[Source], arrays: dict[str, np.ndarray],
            count: int) -> Callable[[int], Any]:
    """How to read one entry's value of a stored column, by its position."""
    if how == "sources":
        codes = _codes(arrays[name], count, len(sources))
        return lambda i: sources[codes[i]]
    if how == "codes":
        codes = _codes(arrays[name], count, len(data))
        return lambda i: data[codes[i]]
    if how == "strings":
        return _StringColumn(arrays, name, count)
    if how == "tuples":
        strings, items = _StringColumn(arrays, name), _offsets(_sized(arrays[f"{name}.items"], count))
        if len(items) and int(items[-1]) != len(strings.ends):
            raise ValueError("not a stored engine: items do not fit their strings")
        return lambda i: tuple(map(strings, range(items[i - 1] if i else 0, items[i])))
    if how == "values":
        strings = _StringColumn(arrays, name, count)
        return lambda i: json.loads(strings(i), object_hook=_decode)
    raise ValueError(f"not a stored engine: a column stored as {how!r}")


class _StringColumn:
    """The i-th of strings stored as UTF-8 bytes end to end, with the byte where each ends."""

    def __init__(self, arrays: dict[str, np.ndarray], name: str, count: int | None = None) -> None:
        self.text, self.ends = arrays[f"{name}.text"], _offsets(arrays[f"{name}.ends"])
        if count is not None:
            _sized(self.ends, count)
        if len(self.ends) and int(self.ends[-1]) != len(self.text):
            raise ValueError("not a stored engine: strings do not fit their text")

    def __call__(self, i: int) -> str:
        # A byte damaged on disk shows as one replaced character, never as an error mid-answer.
        return bytes(self.text[self.ends[i - 1] if i else 0 : self.ends[i]]).decode("utf-8", "replace")


def _sized(array: np.ndarray, count: int) -> np.ndarray:
    if len(array) != count:
        raise ValueError("not a stored engine: columns of different lengths")
    return array


def _codes(array: np.ndarray, count: int, distinct: int) -> np.ndarray:
    """A column of codes, each of which names one of `distinct` values."""
    if count and (int(array.min()) < 0 or int(array.max()) >= distinct):
        raise ValueError("not a stored engine: a code names no value")
    return _sized(array, count)


def _offsets(ends: np.ndarray) -> np.ndarray:
    """Where each string ends: never before the one before it."""
    if len(ends) and (int(ends[0]) < 0 or bool((np.diff(ends) < 0).any())):
        raise ValueError("not a stored engine: strings end before they start")
    return ends
