"""Knowledge packs: load a TOML pack file and validate it, reporting every problem with its line.

The format is documented in docs/knowledge-format.md. `load_pack` either returns a whole,
valid `Pack` or raises `PackError` listing every problem it found, never a half-loaded pack.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import stat
from pathlib import Path
from typing import Any, Callable, NamedTuple

from civicqa.errors import PackError, Problem
from civicqa.messages import English
from civicqa.choices import ID_PATTERN, KINDS, SEEN_AS, STANCES
from civicqa.tuning import PROGRESS_EVERY

# Patterns used only when a pack is read (re compiles them on first use).
_ID = ID_PATTERN  # every id: pack, source, entry, `related` and `disagrees`
_ID_FIX = ("Use only letters, digits and `-` (no spaces, `_`, `.` or other symbols), starting with "
           "a letter or digit, e.g. `S01` or `council-vote`")
MAX_PACK_BYTES = 100_000_000  # 100 MB: a 100,000-entry pack is 67 MB (docs/performance.md)
MAX_NESTING = 100  # lists and inline tables inside each other; a pack needs 2 (synonyms)
MAX_BAD_LINES = 30  # lines reported one by one in a file that is not UTF-8
_DATE = r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$"


# The values a pack is made of are NamedTuples: immutable, compared and ordered field by field
# (a date by year, month, day), and quicker to define than frozen dataclasses, whose methods
# are compiled at each start (about 1 ms a class; docs/performance.md, bench/imports.py).
class PartialDate(NamedTuple):
    """A date known to the year, the month or the day, as sources often give them."""

    year: int
    month: int = 0  # 0: unknown
    day: int = 0  # 0: unknown

    def __str__(self) -> str:
        """In English ("May 19, 2010"): how the index and the English answers write it; a
        catalogue writes it in its language (messages.English.date)."""
        return English.date(self)

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


class Source(NamedTuple):
    id: str
    title: str
    publisher: str
    url: str
    date: PartialDate | None  # None: an undated page
    date_approximate: bool = False
    seen_as: str = "full"
    note: str = ""
    snapshots: tuple[PartialDate, ...] = ()  # when a page that changes (or has no date) was read


class Entry(NamedTuple):
    id: str
    pack: str
    title: str
    text: str
    source: Source
    locator: str
    topic: str = "General"
    kind: str = "fact"
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    stance: str = ""
    as_of: PartialDate | None = None
    date: PartialDate | None = None
    date_approximate: bool = False
    related: tuple[str, ...] = ()
    disagrees: tuple[str, ...] = ()  # entries whose sources say otherwise: always shown with this one
    draft: bool = False  # still the article's own words (`civicqa new`): to be rewritten
    also: tuple[tuple[Source, str], ...] = ()  # other sources that say the same: (source, locator)

    @property
    def name(self) -> str:
        """What the entry is called: its title, for a person without the role a librarian may
        add after a comma or in brackets ("Miguel Meléndez, City Council president (2022-2023)"
        is Miguel Meléndez)."""
        if self.kind != "person":
            return self.title
        # "Matthew (Matt) Bouldin" is Matthew Bouldin; "..., president (2022-2023)" is a role.
        return " ".join(re.sub(r"\([^)]*\)", " ", self.title).split(",")[0].split()) or self.title


class PackTest(NamedTuple):
    """One `[[tests]]` block: a question, or a follow-up chain asked in one conversation, and what
    the answer to its last question must do."""

    questions: tuple[str, ...]
    expect: tuple[str, ...] = ()  # facts the answer must contain; "a|b" accepts either
    entry: str = ""  # the id of the entry that must be cited first
    decline: bool = False  # the question must be declined
    line: int = 0


class Pack(NamedTuple):  # a NamedTuple, not a dataclass: quicker to define at each start
    id: str
    title: str
    topic: str
    language: str
    path: Path
    topic_terms: tuple[str, ...] = ()
    description: str = ""
    updated: PartialDate | None = None
    examples: tuple[str, ...] = ()
    help: str = ""  # where a resident gets help the pack cannot give: shown with every decline
    synonyms: tuple[tuple[str, ...], ...] = ()
    sources: dict[str, Source] = {}  # never changed in place: each pack read gets its own
    entries: list[Entry] = []  # likewise
    # Only for authoring (`civicqa test`, `check`): read from the file, never stored in the cache.
    tests: tuple[PackTest, ...] = ()



# Questions over packs, for the listings (`civicqa topics`, `civicqa timeline`).

TOPIC_EXAMPLES = 3  # example questions listed under each topic


def topics(pack: Pack) -> list[dict]:
    """The pack's topics in the order they first appear: each with its entry count and up to
    TOPIC_EXAMPLES of its entries' sample questions."""
    found: dict[str, dict] = {}
    for entry in pack.entries:
        topic = found.setdefault(entry.topic, {"topic": entry.topic, "entries": 0, "examples": []})
        topic["entries"] += 1
        if entry.questions and len(topic["examples"]) < TOPIC_EXAMPLES:
            topic["examples"].append(entry.questions[0])
    return list(found.values())


def timeline(packs: list[Pack]) -> list[Entry]:
    """The dated entries of the packs, oldest first."""
    dated = [e for p in packs for e in p.entries if e.date is not None]
    return sorted(dated, key=lambda e: (e.date, e.id))


# ---------------------------------------------------------------------------------------------
# Finding packs


def shipped_dir() -> Path:
    """The folder of packs that ship with civicqa: inside the installed package, or the repo's."""
    packaged = Path(__file__).with_name("knowledge")  # where the wheel puts them
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "knowledge"


def shipped_packs() -> list[Path]:
    return sorted(shipped_dir().glob("*.toml"))


def load_packs(paths: list[Path] | None = None, progress: Callable[..., None] | None = None) -> list[Pack]:
    """Load the given pack files, or every shipped pack; raise PackError with all problems.
    `progress(step)` hears of each file as it is read (civicqa.progress)."""
    chosen = list(paths) if paths else shipped_packs()
    if not chosen:
        raise PackError(
            [Problem(str(shipped_dir()), 0, "no knowledge packs found here",
                     "Reinstall civicqa, or name a pack file with --knowledge PATH")]
        )
    packs, problems, unlisted = [], [], 0
    for number, path in enumerate(chosen, 1):
        if progress:
            progress(f"reading {Path(path).name}" + (f" (pack {number} of {len(chosen)})" if len(chosen) > 1 else ""))
        try:
            packs.append(load_pack(path, progress))
        except PackError as error:
            problems.extend(error.problems)
            unlisted += error.unlisted
    seen: dict[str, Path] = {}
    for pack in packs:
        if pack.id in seen:
            problems.append(Problem(str(pack.path), 1, f"pack id {pack.id!r} is also used by {seen[pack.id]}",
                                    "Give each pack its own id in [pack]"))
        seen[pack.id] = pack.path
    if problems or unlisted:
        raise PackError(problems, unlisted)
    return packs


# ---------------------------------------------------------------------------------------------
# Loading and validating one pack


def load_pack(path: Path | str, progress: Callable[..., None] | None = None) -> Pack:
    """Read and validate one pack file. Raises PackError listing every problem found."""
    import tomllib  # only when a pack is read, not when its index comes from the cache

    path = Path(path)
    name = str(path)
    raw = read_pack_file(path)
    text = _decode(name, raw)
    del raw  # a large pack need not be held twice
    try:
        data = _parse(text)
    except tomllib.TOMLDecodeError:
        from civicqa.toml_syntax import syntax_problems  # only for a file with a syntax error

        try:
            readable = syntax_problems(name, text)
        except RecursionError:  # a syntax error, and nesting too deep for the next reading
            raise PackError([_too_deep(name, text)]) from None
        problems = list(readable.problems)
        if readable.data is not None:  # check the rest of the file, as far as it could be read
            try:
                _Validator(path, readable.text, readable.data).pack()
            except PackError as error:
                problems += [p for p in error.problems if not readable.caused(p)]
        raise PackError(sorted(problems, key=lambda p: p.line)) from None
    except RecursionError:  # tomllib recurses once per level of nesting
        raise PackError([_too_deep(name, text)]) from None
    return _Validator(path, text, data, progress).pack()


def _parse(text: str) -> dict:
    """The TOML document: read by rtoml, which is fast; a document it refuses is read by tomllib,
    whose errors civicqa.toml_syntax puts in plain words (or which reads what rtoml did not)."""
    import tomllib

    import rtoml

    try:
        # tomllib reads the line ends of a file saved on Windows as "\n", inside strings too;
        # rtoml keeps the "\r" (and TOML allows a carriage return nowhere else).
        return rtoml.loads(text.replace("\r\n", "\n") if "\r" in text else text)
    except Exception as error:  # TomlParsingError, or a value Python cannot hold
        if "recurs" in str(error):  # nesting deeper than rtoml goes: tomllib could exhaust memory
            raise RecursionError from None
    return tomllib.loads(text)


def read_pack_file(path: Path | str) -> bytes:
    """The bytes of a pack file. What is not a regular file of at most MAX_PACK_BYTES is refused
    at once, before reading: a FIFO would hang civicqa, and a device such as /dev/zero never ends."""
    name = str(path)
    try:
        _refuse_unless_pack_file(name, os.stat(path))
        # O_NONBLOCK: were the file swapped for a FIFO since the stat, open would wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as file:
            _refuse_unless_pack_file(name, os.fstat(file.fileno()))
            raw = file.read(MAX_PACK_BYTES + 1)  # the file may grow while it is read
    except FileNotFoundError:
        raise PackError([Problem(name, 0, "no such file", "Check the path, or run `civicqa check` "
                                 "without a path to check the packs civicqa answers from")]) from None
    except OSError as error:
        raise PackError([Problem(name, 0, f"cannot read the file ({error.strerror or error})",
                                 "Check that the file exists and that you may read it")]) from None
    if len(raw) > MAX_PACK_BYTES:
        _refuse_unless_pack_file(name, os.stat_result((stat.S_IFREG, 0, 0, 0, 0, 0, len(raw), 0, 0, 0)))
    return raw


def _refuse_unless_pack_file(name: str, info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise PackError([Problem(name, 0, "this is a folder, not a pack file",
                                 "Name a .toml pack file inside it")])
    if not stat.S_ISREG(info.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else
                "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else
                "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
        raise PackError([Problem(name, 0, f"this is {kind}, not a pack file, so civicqa did not read it",
                                 "Name a .toml pack file saved on disk")])
    if info.st_size > MAX_PACK_BYTES:
        raise PackError([Problem(name, 0, f"the file is larger than {MAX_PACK_BYTES / 1_000_000:g} MB, "
                                 "the most a pack may be, so civicqa did not read it",
                                 "Split it into smaller packs and name each with its own "
                                 "--knowledge option; the pack format is in docs/knowledge-format.md of the civicqa source")])


def _decode(name: str, raw: bytes) -> str:
    """The text of the file, without a byte-order mark; PackError naming the lines not UTF-8."""
    try:
        return raw.decode("utf-8-sig")  # "-sig": strips the mark some editors put at the start
    except UnicodeDecodeError:
        pass
    problems, unlisted, number, start = [], 0, 0, 0
    while start <= len(raw):  # line by line, without splitting a large file into a list at once
        end = raw.find(b"\n", start)
        end = len(raw) if end < 0 else end
        number += 1
        try:
            raw[start:end].decode("utf-8")
        except UnicodeDecodeError as error:
            if len(problems) < MAX_BAD_LINES:
                problems.append(Problem(name, number, f"bytes that are not UTF-8 at column {error.start + 1}",
                                        "Save the file as UTF-8 in your editor, or retype the "
                                        "accented or special characters on this line"))
            else:
                unlisted += 1
        start = end + 1
    raise PackError(problems, unlisted)


def _too_deep(name: str, text: str) -> Problem:
    return Problem(name, _deep_line(text), "lists or inline tables are nested too deeply "
                   f"(more than {MAX_NESTING} levels inside each other)",
                   "A pack needs at most a list of lists, as in `synonyms`; remove the extra [ ] or { } brackets")


def _deep_line(text: str) -> int:
    """The first line where [ and { brackets, counted roughly (strings skipped), go too deep."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        line = re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|#.*', "", line)
        if re.match(r"\s*\[", line) and depth == 0:
            continue  # a [table] header
        for char in line:
            depth += (char in "[{") - (char in "]}")
            if depth > MAX_NESTING:
                return number
    return 0


class _LineMap:
    """Remembers on which line each table and key of a TOML file stands, for error messages.

    Keys may be bare (`title`), quoted (`"title"`, `'title'`) or dotted (`a."b"`). A multi-line
    string that is never closed is remembered by the line where it opens.
    """

    _PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
    _PATH = rf"{_PART}(?:\s*\.\s*{_PART})*"
    _HEADER = rf"^\s*(\[\[?)\s*({_PATH})\s*\]\]?\s*(?:#.*)?$"  # whole line: not ["a"], in a list
    _KEY = rf"^\s*({_PATH})\s*="

    def __init__(self, text: str) -> None:
        self.lines: dict[tuple, int] = {}
        counts: dict[tuple, int] = {}
        table: tuple = ()
        in_string = ""
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string:
                if line.count(in_string) % 2 == 1:
                    in_string = ""
                continue
            header = re.match(self._HEADER, line)
            if header:
                name = self._parts(header.group(2))
                if header.group(1) == "[[":
                    counts[name] = counts.get(name, -1) + 1
                    table = (*name, counts[name])
                else:
                    table = name
                self.lines.setdefault(table, number)
                continue
            key = re.match(self._KEY, line)
            if key:
                parts = self._parts(key.group(1))
                for end in range(1, len(parts) + 1):  # a.b = 1 places both a and a.b
                    self.lines.setdefault(table + parts[:end], number)
                rest = line[key.end():]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_string = quote

    @classmethod
    def _parts(cls, path: str) -> tuple[str, ...]:
        """The names in a dotted key, with quotes and escapes undone as TOML reads them."""
        import tomllib

        parts = []
        for part in re.findall(cls._PART, path):
            if part.startswith('"'):
                try:
                    part = tomllib.loads(f"k = {part}")["k"]
                except tomllib.TOMLDecodeError:
                    pass
            elif part.startswith("'"):
                part = part[1:-1]
            parts.append(part)
        return tuple(parts)

    def line(self, *where: Any) -> int:
        """The line of a key, else of its table, else 1."""
        where = tuple(where)
        while where:
            if where in self.lines:
                return self.lines[where]
            where = where[:-1]
        return 1




class _Fields:
    """Typed field readers over one pack file: each reports a problem (with its line) and returns
    a default when a value is bad, so one pass lists every problem."""

    def __init__(self, path: Path, text: str, data: dict, progress: Callable[..., None] | None = None) -> None:
        self.path = path
        self.data = data
        self.text = text
        self.progress = progress  # told how far the entries are checked (civicqa.progress)
        self._where: _LineMap | None = None  # mapped only when there is a problem to place
        self.problems: list[Problem] = []

    def problem(self, where: tuple, message: str, fix: str) -> None:
        self.problems.append(Problem(str(self.path), self.line(where), message, fix))

    def line(self, where: tuple) -> int:
        if self._where is None:
            self._where = _LineMap(self.text)
        return self._where.line(*where)

    # -- typed field readers: each reports a problem and returns a default when the value is bad

    def text_field(self, table: dict, where: tuple, key: str) -> str:
        value = table.get(key)
        needed = _required(where[0], key)  # civicqa.pack_format says which keys a block must have
        if value is None:
            if needed:
                self.problem(where, f"missing `{key}` in {_describe(where)}",
                             f'Add a line `{key} = "..."` to this block')
            return ""
        if not isinstance(value, str):
            self.problem(where + (key,), f"`{key}` should be text, not {_type_name(value)}",
                         f'Put the value in double quotes: `{key} = "..."`')
            return ""
        if needed and not value.strip():
            self.problem(where + (key,), f"`{key}` is empty in {_describe(where)}",
                         f"Write the {key} between the quotes")
        return value.strip()

    def list_field(self, table: dict, where: tuple, key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if value == []:  # most entries leave most lists out
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(where + (key,), f"`{key}` should be a list of text",
                         f'Write it as `{key} = ["first", "second"]`')
            return ()
        return tuple(v.strip() for v in value if v.strip())

    def bool_field(self, table: dict, where: tuple, key: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            self.problem(where + (key,), f"`{key}` should be true or false, not {_type_name(value)}",
                         f"Write `{key} = true` or `{key} = false`, without quotes")
            return False
        return value

    def date_field(self, table: dict, where: tuple, key: str) -> PartialDate | None:
        value = table.get(key)
        if value is None:
            if _format().required(where[0], key):
                self.problem(where, f"missing `{key}` in {_describe(where)}",
                             f'Add a line `{key} = "YYYY-MM-DD"` (or "YYYY-MM", or "YYYY")')
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return PartialDate(value.year, value.month, value.day)
        parsed = parse_date(value) if isinstance(value, str) else None
        if parsed is None:
            shown = value if isinstance(value, str) else _type_name(value)
            self.problem(where + (key,), f"`{key}` is not a date: {_shown(shown)}",
                         'Write it as "YYYY-MM-DD", "YYYY-MM" or "YYYY", e.g. "2010-05-19"')
        return parsed

    def dates_field(self, table: dict, where: tuple, key: str) -> tuple[PartialDate, ...]:
        value = table.get(key, [])
        if not isinstance(value, list):
            self.problem(where + (key,), f"`{key}` should be a list of dates",
                         f'Write it as `{key} = ["2024-01-05", "2024-06-01"]`')
            return ()
        dates = (self.date_field({key: v}, where, key) for v in value)
        return tuple(sorted(d for d in dates if d is not None))

    def cites_field(self, table: dict, where: tuple, sources: dict[str, Source]) -> tuple[tuple[Source, str], ...]:
        """`also = [{ source = "S04", locator = "page 2" }]`: more sources for the same fact."""
        value = table.get("also", [])
        example = 'Write it as `also = [{ source = "S04", locator = "page 2" }]`'
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(where + ("also",), "`also` should be a list of { source, locator } tables", example)
            return ()
        found = []
        for cite in value:
            source_id, locator = cite.get("source"), cite.get("locator")
            if set(cite) != {"source", "locator"} or not isinstance(source_id, str) or not isinstance(locator, str) \
                    or not locator.strip():
                self.problem(where + ("also",), "each source in `also` needs exactly `source` and `locator`", example)
            elif source_id not in sources:
                close = close_matches(source_id, sorted(sources), n=1, cutoff=0.5)
                self.problem(where + ("also",), f"`also` names {_shown(source_id)}, which is not a source id",
                             f"Use the id of a [[sources]] block{f'. Did you mean {close[0]!r}?' if close else ''}")
            else:
                found.append((sources[source_id], locator.strip()))
        return tuple(found)

    def choice_field(self, table: dict, where: tuple, key: str, choices: tuple, default: str) -> str:
        value = table.get(key, default)
        if value not in choices:
            shown = _shown(value) if isinstance(value, str) else _type_name(value)
            self.problem(where + (key,), f"`{key}` is {shown}, which is not one of {', '.join(choices)}",
                         f"Use one of: {', '.join(choices)}")
            return default
        return value

    def id_field(self, table: dict, where: tuple, what: str) -> str:
        value = self.text_field(table, where, "id")
        if value and not re.match(_ID, value):
            self.problem(where + ("id",), f"{what} id {_shown(value)} has characters other than "
                         "letters, digits and `-`", _ID_FIX)
        return value

    def unknown_keys(self, table: dict, where: tuple, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                close = close_matches(key, sorted(allowed), n=1)
                hint = (f"Did you mean `{close[0]}`?" if close else
                        f"Remove it, or use one of the allowed keys: {', '.join(sorted(allowed))}")
                self.problem(where + (key,), f"unknown key {_shown(key, '`')} in {_describe(where)}", hint)

    def table_list(self, name: str) -> list[dict]:
        value = self.data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem((name,), f"`{name}` should be a list of [[{name}]] blocks",
                         f"Start each block with a line `[[{name}]]`")
            return []
        return value


class _Validator(_Fields):
    """Reads a whole pack, table by table, into a Pack: [pack], [vocabulary], sources, entries."""

    def pack(self) -> Pack:
        meta = self.data.get("pack")
        if not isinstance(meta, dict):
            self.problem(("pack",), "missing the [pack] block",
                         "Add a [pack] block with id, title, topic and language at the top of the file")
            meta = {}
        where = ("pack",)
        self.unknown_keys(meta, where, _format().keys("pack"))
        for key in self.data:
            if key not in _format().BLOCKS:
                self.problem((key,), f"unknown block {_shown(key, '`')}",
                             "A pack has only [pack], [vocabulary], [[sources]], [[entries]] and "
                             "[[tests]]; remove or rename this block")
        pack_id = self.id_field(meta, where, "pack")
        sources = self.sources()
        pack = Pack(
            id=pack_id,
            title=self.text_field(meta, where, "title"),
            topic=self.text_field(meta, where, "topic"),
            language=self.text_field(meta, where, "language"),
            path=self.path,
            topic_terms=self.list_field(meta, where, "topic_terms"),
            description=self.text_field(meta, where, "description"),
            updated=self.date_field(meta, where, "updated"),
            examples=self.list_field(meta, where, "examples"),
            help=self.text_field(meta, where, "help"),
            synonyms=self.synonyms(),
            sources=sources,
            entries=self.entries(pack_id, sources),
        )
        pack = pack._replace(tests=self.tests({e.id for e in pack.entries}))
        if not pack.entries and not self.problems:
            self.problem(("pack",), "the pack has no entries", "Add at least one [[entries]] block")
        if self.problems:
            raise PackError(sorted(self.problems, key=lambda p: p.line))
        return pack

    def synonyms(self) -> tuple[tuple[str, ...], ...]:
        vocabulary = self.data.get("vocabulary", {})
        where = ("vocabulary",)
        if not isinstance(vocabulary, dict):
            self.problem(where, "`vocabulary` should be a [vocabulary] block", "Write it as [vocabulary]")
            return ()
        self.unknown_keys(vocabulary, where, _format().keys("vocabulary"))
        groups = vocabulary.get("synonyms", [])
        if not isinstance(groups, list) or not all(
            isinstance(g, list) and all(isinstance(w, str) for w in g) for g in groups
        ):
            self.problem(where + ("synonyms",), "`synonyms` should be a list of lists of words",
                         'Write it as `synonyms = [["opposed", "against"], ["police", "officers"]]`')
            return ()
        return tuple(tuple(w.strip() for w in g if w.strip()) for g in groups if len(g) > 1)

    def sources(self) -> dict[str, Source]:
        sources: dict[str, Source] = {}
        for index, table in enumerate(self.table_list("sources")):
            where = ("sources", index)
            self.unknown_keys(table, where, _format().keys("sources"))
            source_id = self.id_field(table, where, "source")
            if source_id in sources:
                self.problem(where + ("id",), f"duplicate source id {_shown(source_id)}",
                             "Give each source its own id, and update the entries that cite it")
            date = self.date_field(table, where, "date")
            snapshots = self.dates_field(table, where, "snapshots")
            source = Source(
                id=source_id,
                title=self.text_field(table, where, "title"),
                publisher=self.text_field(table, where, "publisher"),
                url=self.text_field(table, where, "url"),
                date=date,
                date_approximate=self.bool_field(table, where, "date_approximate"),
                seen_as=self.choice_field(table, where, "seen_as", SEEN_AS, "full"),
                note=self.text_field(table, where, "note"),
                snapshots=snapshots,
            )
            if source_id and source_id not in sources:
                sources[source_id] = source
        return sources

    def entries(self, pack_id: str, sources: dict[str, Source]) -> list[Entry]:
        entries: list[Entry] = []
        ids: set[str] = set()
        related_refs: list[tuple[tuple, str]] = []
        tables = self.table_list("entries")
        for index, table in enumerate(tables):
            if self.progress and index % PROGRESS_EVERY == 0:
                self.progress(f"checking {self.path.name}", index, len(tables))
            where = ("entries", index)
            self.unknown_keys(table, where, _format().keys("entries"))
            entry_id = self.id_field(table, where, "entry")
            if entry_id in ids:
                self.problem(where + ("id",), f"duplicate entry id {_shown(entry_id)}",
                             "Give each entry its own id")
            ids.add(entry_id)
            source_id = self.text_field(table, where, "source")
            source = sources.get(source_id)
            if source_id and source is None:
                close = close_matches(source_id, sorted(sources), n=1, cutoff=0.5)
                hint = f"Did you mean {close[0]!r}?" if close else "Add it to [[sources]] first"
                self.problem(where + ("source",), f"unknown source id {_shown(source_id)}",
                             f"Use the id of a [[sources]] block. {hint}")
            related = self.list_field(table, where, "related")
            disagrees = self.list_field(table, where, "disagrees")
            related_refs.extend((where + (field,), r) for field, refs in (("related", related), ("disagrees", disagrees))
                                for r in refs)
            kind = self.choice_field(table, where, "kind", KINDS, "fact")
            stance = table.get("stance", "")
            if stance:
                stance = self.choice_field(table, where, "stance", STANCES, "")
            entries.append(Entry(
                id=entry_id,
                pack=pack_id,
                title=self.text_field(table, where, "title"),
                text=" ".join(self.text_field(table, where, "text").split()),
                source=source or Source(source_id, "", "", "", None),
                locator=self.text_field(table, where, "locator"),
                topic=self.text_field(table, where, "topic") or "General",
                kind=kind,
                aliases=self.list_field(table, where, "aliases"),
                keywords=self.list_field(table, where, "keywords"),
                questions=self.list_field(table, where, "questions"),
                stance=stance,
                as_of=self.date_field(table, where, "as_of"),
                date=self.date_field(table, where, "date"),
                date_approximate=self.bool_field(table, where, "date_approximate"),
                related=related,
                disagrees=disagrees,
                draft=self.bool_field(table, where, "draft"),
                also=self.cites_field(table, where, sources),
            ))
        for where, ref in related_refs:
            if not re.match(_ID, ref):
                self.problem(where, f"`{where[-1]}` names {_shown(ref)}, which has characters other than "
                             "letters, digits and `-`", "Use the id of another entry in this pack")
            elif ref not in ids:
                self.problem(where, f"`{where[-1]}` names {_shown(ref)}, which is not an entry id",
                             "Use the id of another entry in this pack")
        return entries


    def tests(self, ids: set[str]) -> tuple[PackTest, ...]:
        found = []
        for index, table in enumerate(self.table_list("tests")):
            where = ("tests", index)
            self.unknown_keys(table, where, _format().keys("tests"))
            if ("question" in table) == ("chain" in table):
                self.problem(where, "a [[tests]] block needs `question` or `chain` (not both)",
                             'Write `question = "Who opposed it?"`, or `chain = ["What is 287(g)?", "Who opposed it?"]` '
                             "for a follow-up conversation")
                continue
            questions = ((self.text_field(table, where, "question"),) if "question" in table
                         else self.list_field(table, where, "chain"))
            asked = table.get("question") if "question" in table else table.get("chain")
            if isinstance(asked, str) and not asked.strip() or isinstance(asked, list) and (
                    not asked or not all(isinstance(q, str) and q.strip() for q in asked)):
                self.problem(where + ("question" if "question" in table else "chain",),
                             "a [[tests]] block has an empty question", "Write the question, or remove the block")
                continue
            entry = self.text_field(table, where, "entry")
            if entry and entry not in ids:
                close = close_matches(entry, sorted(ids), n=1, cutoff=0.5)
                self.problem(where + ("entry",), f"`entry` names {_shown(entry)}, which is not an entry id",
                             f"Use the id of an entry in this pack{f'. Did you mean {close[0]!r}?' if close else ''}")
            decline = self.bool_field(table, where, "decline")
            expect = self.list_field(table, where, "expect")
            if decline and (entry or expect):
                self.problem(where + ("decline",), "a test that must be declined cannot also expect an entry or facts",
                             "Remove `entry` and `expect`, or remove `decline`")
            if questions and all(questions):
                found.append(PackTest(questions, expect, entry, decline, self.line(where)))
        return tuple(found)


def pack_lines(pack: Pack) -> Callable[..., int]:
    """Where a table or key of the pack's file stands: lines("entries", 3, "text") -> its line
    (for authoring: `check` warnings and `civicqa test`; 0 when the file cannot be read now)."""
    try:
        return _LineMap(_decode(str(pack.path), read_pack_file(pack.path))).line
    except PackError:
        return lambda *where: 0


@functools.cache
def _required(block: str, key: str) -> bool:
    return _format().required(block, key)


@functools.cache
def _format():
    """The format's table (civicqa.pack_format), imported when a pack file is validated, not
    when an engine comes from the cache."""
    from civicqa import pack_format

    return pack_format


def close_matches(word: str, choices: list[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    import difflib  # only to suggest a fix for a problem

    return difflib.get_close_matches(word, choices, n=n, cutoff=cutoff)


def parse_date(value: str) -> PartialDate | None:
    found = re.match(_DATE, value.strip())
    if not found:
        return None
    year, month, day = (int(g) if g else 0 for g in found.groups())
    if month and not 1 <= month <= 12:
        return None
    if day:
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
    return PartialDate(year, month, day)


def _shown(value: str, quote: str = "") -> str:
    """A value quoted in a message: repr() (or in the given quotes), cut short if it is long."""
    if len(value) > 60:
        value = value[:57] + "..."
    return f"{quote}{value}{quote}" if quote else repr(value)


def _describe(where: tuple) -> str:
    if len(where) >= 2:
        return f"[[{where[0]}]] block {where[1] + 1}"
    return f"[{where[0]}]"


def _type_name(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list",
            dict: "a table", str: "text"}.get(type(value), type(value).__name__)
