"""What is built once per set of packs and then only read: the index and every table the
answering stages look things up in (kinds, stances, people, synonyms, dates, tokenized text).

civicqa.store saves a `PackTables` as data and restores it: its entries are made as answers
read them, and each table is decoded the first time it is used (`__getattr__`). Entries are
found by pack and id, and people by surname, in sorted key arrays (`_lookup`), which a stored
engine uses where they lie in its file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from civicqa.conversation import Subject
from civicqa.index import Index
from civicqa.choices import KINDS, STANCES
from civicqa.knowledge import Entry, Pack
from civicqa.language import language
from civicqa.phrasing import has_digit
from civicqa.text import remembering, sentences, terms, tokenize
from civicqa.tuning import MIN_MISSPELLED_LENGTH, PRETOKENIZE, RECENT_YEARS, SAMPLE_FROM, TOKENIZED_MOST

if TYPE_CHECKING:  # for the annotation only: a one-shot ask need not import typing's Protocol
    from civicqa.search import SearchBackend

# Entries whose names hold words a misspelling is most likely meant to be.
_NAMED_KINDS = ("person", "organization", "definition")

# An entry's profile number: its kind, its stance (or none), then three flags, a bit each.
_STANCE_CODES = len(STANCES) + 1
_FLAG_CODES = 8
_WITH_NUMBER = 4
_WITH_DATE = 2
_RECENT = 1


class Profiles(NamedTuple):
    """What retrieval's kind boost reads of entries (civicqa.retrieval), an array each. An
    entry's profile is these five as one number: a boost is worked out for the few hundred
    profiles there are, not for each of 100,000 entries."""

    kinds: np.ndarray  # codes of KINDS
    stances: np.ndarray  # codes of STANCES, -1 for none
    has_number: np.ndarray
    has_date: np.ndarray
    recent: np.ndarray

    def numbers(self) -> np.ndarray:
        stance = self.stances.astype(np.int16) + 1
        return ((self.kinds.astype(np.int16) * _STANCE_CODES + stance) * _FLAG_CODES
                + self.has_number * _WITH_NUMBER + self.has_date * _WITH_DATE + self.recent * _RECENT).astype(np.int16)

    @classmethod
    def every(cls) -> Profiles:
        """Every profile, in the order of their numbers."""
        number = np.arange(len(KINDS) * _STANCE_CODES * _FLAG_CODES)
        return cls((number // (_STANCE_CODES * _FLAG_CODES)).astype(np.int8),
                   (number // _FLAG_CODES % _STANCE_CODES - 1).astype(np.int8),
                   (number & _WITH_NUMBER) > 0, (number & _WITH_DATE) > 0, (number & _RECENT) > 0)


NAMED_THING_KINDS = ("organization", "definition")  # entries whose title names a thing, not a headline
PROFILES = Profiles.every()
PROFILE_COUNT = len(PROFILES.kinds)


class PackTables:
    """The index and the look-up tables of a list of packs. Build once; read many times."""

    packs: list[Pack]
    entries: list[Entry]
    index: SearchBackend  # an Index (BM25) as built here and stored by civicqa.store

    def __init__(self, packs: list[Pack], progress: Callable[..., None] | None = None) -> None:
        with remembering():  # each word as written worked out once for the whole build
            self._build(packs, progress)

    def _build(self, packs: list[Pack], progress: Callable[..., None] | None) -> None:
        self.packs = packs
        lang = self.language
        self.entries = [e for p in packs for e in p.entries]
        names: list[list[list[str]]] = []
        self.index = Index.of(self.entries, lang, progress, names)
        # What each entry is about, its title's and aliases' terms: read for dozens of entries at
        # each answer, so kept ready (as the index tokenized them) rather than tokenized then.
        self.name_terms, self.name_ends, self.entry_name_ends = _names_table(names)
        # Each organization and defined term by its title's and aliases' terms ("polic union",
        # "warrant servic officer model"): what "they" may mean after a question that names an
        # organization (followup._organization_named), and what "it" may mean after an answer
        # that names the thing a which-question asked for (followup._instance_named); the first
        # entry of a name.
        self.named_things: dict[str, int] = {}
        for position, entry in enumerate(self.entries):
            for terms in names[position] if entry.kind in NAMED_THING_KINDS else ():
                self.named_things.setdefault(" ".join(terms), position)
        del names
        if progress:
            progress("making the look-up tables")
        # Each entry's place found by its pack and id: the keys sorted, and the positions in that
        # order. Arrays, so a stored engine of any size uses them where they lie in the file.
        self.keys, self.key_positions = _lookup([_key(e.pack, e.id) for e in self.entries], range(len(self.entries)))
        self.people = [i for i, e in enumerate(self.entries) if e.kind == "person"]  # positions
        # Each person's name and the aliases that hold its last word ("Mike Mazzeo"; not a role,
        # "superintendent", that any mention of the post would match), by the letters that start
        # them: an answer is read once for the names in it (followup._person_in).
        self.people_by_first_word = _by_first_word(
            (name, i) for i in self.people for name in _names_with_surname(self.entries[i]))
        self.drafts = [e.id for e in self.entries if e.draft]
        self.spelling_vocabulary = _spelling_vocabulary(packs, lang)  # by first letter and length
        # Sentences, tokenized when an answer first needs them (kept for the next); for a pack of
        # ordinary size all at once, so they come ready from the cache.
        self._sentences: dict[tuple[str, str], tuple[tuple[str, frozenset[str]], ...]] = {}
        if len(self.entries) <= PRETOKENIZE:
            for entry in self.entries:
                self.split(entry)
        people = [self.entries[i] for i in self.people]
        # The first person with each surname (its index term), found as entries are by their keys.
        surnames = [tokenize(p.name, lang=lang)[-1:] for p in people]
        self.surnames, self.surname_people = _lookup([s[0].encode("utf-8") for s in surnames if s],
                                                     [i for i, s in zip(self.people, surnames) if s])
        # How people are named, each as its terms: a name or alias in full, each word of a name,
        # a surname of two words ("Velez Bustos"). Not each word of an alias: "Kandiyohi County
        # sheriff" makes no person of "Kandiyohi".
        names = [tokenize(p.name, lang=lang) for p in people]
        words_of_names = [[t] for name in names for t in name]
        endings = [name[i:] for name in names for i in range(len(name))]  # surnames, and the name in full
        aliases = [tokenize(a, lang=lang) for p in people for a in p.aliases]
        self.person_names_terms = frozenset(" ".join(terms) for terms in (*words_of_names, *endings, *aliases) if terms)
        # Kinds and stances as small codes: comparing strings across 100,000 entries is slow.
        self.kinds = np.array([KINDS.index(e.kind) for e in self.entries], dtype=np.int8)
        self.stances = np.array([STANCES.index(e.stance) if e.stance else -1 for e in self.entries],
                                dtype=np.int8)
        self.years = np.array([_year(e, lang) for e in self.entries], dtype=np.int32)
        # Words the packs write in lower case somewhere: a sentence opening with one of them is
        # lowered after "As of May 2024, " ("approval of ..."), a name ("Question 1") is not.
        written: set[str] = set()
        for entry in self.entries:
            written.update(lang.WORD.findall(entry.text))
        self.common_words = frozenset(w.rstrip(".-'") for w in written if w.islower())
        self.has_number = np.array([lang.has_count(e.text) for e in self.entries], dtype=bool)
        self.has_date = np.array([e.date is not None or _says_a_year(e.text, lang) for e in self.entries], dtype=bool)
        self._of_all_packs()

    def _of_all_packs(self) -> None:
        """The tables that depend on all the packs at once, not on each entry alone."""
        lang, packs = self.language, self.packs
        self.synonyms = _synonym_table(packs, lang)
        self.topic = _topic_subject(packs[0], lang)
        self.stance_terms = {  # the pack's words for who was for or against, else the language's
            stance: self.synonyms.get((lang.stem(stance),)) or _group(words, lang)
            for stance, words in lang.STANCE_WORDS.items()
        }
        # Questions to offer (a welcome, a decline): the packs' examples, then the first entries' own.
        self.examples = list(dict.fromkeys([q for p in packs for q in p.examples]
                                           + [e.questions[0] for e in self.entries[:SAMPLE_FROM] if e.questions]))
        # Entries about the latest year or so the packs know of: what "now" questions want.
        latest = int(self.years.max()) if len(self.years) else 0
        self.recent = (self.years >= latest - RECENT_YEARS) if latest else np.zeros(len(self.years), dtype=bool)
        self.profiles = Profiles(self.kinds, self.stances, self.has_number, self.has_date, self.recent).numbers()

    @classmethod
    def merged(cls, parts: list[PackTables], entries: Sequence[Entry]) -> PackTables:
        """The tables of several sets of packs taken together, from each set's own tables: the
        same as building them from all the packs at once (tests/test_merge.py), without reading
        or tokenizing a pack again. `entries` are the parts' entries end to end (civicqa.store
        joins stored ones); the parts must be in one language."""
        merged = cls.__new__(cls)
        starts = np.cumsum([0] + [len(part.entries) for part in parts]).tolist()
        merged.packs, at = [], 0
        for part in parts:
            for pack in part.packs:
                merged.packs.append(pack._replace(entries=entries[at : at + len(pack.entries)]))
                at += len(pack.entries)
        merged.entries = entries
        merged.index = type(parts[0].index).merged([part.index for part in parts])  # a StoredBackend
        moved = [(part, start) for part, start in zip(parts, starts)]
        merged.keys, merged.key_positions = _first_of([(p.keys, p.key_positions + s) for p, s in moved])
        merged.people = [i + s for p, s in moved for i in p.people]
        merged.people_by_first_word = _by_first_word(
            (name, position + start) for part, start in moved
            for pairs in part.people_by_first_word.values() for name, position in pairs)
        merged.named_things = {}
        for part, start in moved:
            for name, position in part.named_things.items():
                merged.named_things.setdefault(name, position + start)
        merged.drafts = [d for p in parts for d in p.drafts]
        merged.spelling_vocabulary = {}
        for part in parts:
            for group, words in part.spelling_vocabulary.items():
                mine = merged.spelling_vocabulary.setdefault(group, {})
                for word, term in words.items():
                    mine.setdefault(word, term)
        merged.name_terms = np.concatenate([p.name_terms for p in parts])
        merged.name_ends = join_ends([p.name_ends for p in parts])
        merged.entry_name_ends = join_ends([p.entry_name_ends for p in parts])
        few = len(entries) <= PRETOKENIZE  # then every part's sentences came tokenized
        merged._sentences = {}
        for part in parts if few else ():
            for key, split in part._sentences.items():
                merged._sentences.setdefault(key, split)
        merged.surnames, merged.surname_people = _first_of([(p.surnames, p.surname_people + s) for p, s in moved])
        merged.person_names_terms = frozenset().union(*(p.person_names_terms for p in parts))
        merged.common_words = frozenset().union(*(p.common_words for p in parts))
        for name in ("kinds", "stances", "years", "has_number", "has_date"):
            setattr(merged, name, np.concatenate([getattr(p, name) for p in parts]))
        merged._of_all_packs()
        return merged

    def __getattr__(self, name: str):
        """A table of a stored engine, decoded the first time it is used (civicqa.store keeps
        each as its own JSON text in `stored`): a one-shot question decodes only what it reads."""
        stored = self.__dict__.get("stored")
        if stored is None or name not in stored:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        value = stored.pop(name)()
        setattr(self, name, value)
        return value

    @property
    def language(self) -> ModuleType:
        """The words the packs are written in (civicqa.language), by the first pack's `language`."""
        return language(self.packs[0].language)

    def position(self, pack: str, entry_id: str) -> int | None:
        """Where the entry with this id in this pack stands in self.entries, if there is one."""
        return _found(self.keys, self.key_positions, _key(pack, entry_id))

    def person_with_surname(self, term: str) -> int | None:
        """The position of the first person entry whose name ends in this word (an index term)."""
        return _found(self.surnames, self.surname_people, term.encode("utf-8"))

    def entry(self, pack: str, entry_id: str) -> Entry | None:
        """The entry with this id in this pack, if there is one."""
        position = self.position(pack, entry_id)
        return None if position is None else self.entries[position]

    def with_stance(self, stance: str) -> list[int]:
        """The positions of the entries that take this stance, in order."""
        return np.flatnonzero(self.stances == STANCES.index(stance)).tolist() if stance in STANCES else []

    def split(self, entry: Entry) -> tuple[tuple[str, frozenset[str]], ...]:
        """An entry's sentences with their terms."""
        key = (entry.pack, entry.id)
        if key not in self._sentences:
            _bounded(self._sentences)
            lang = self.language
            self._sentences[key] = tuple((s, frozenset(tokenize(s, lang=lang, from_pack=True)))
                                         for s in sentences(entry.text, lang))
        return self._sentences[key]

    def entry_names(self, position: int) -> list[frozenset[str]]:
        """The terms of an entry's title and of each alias: what the entry is about."""
        first = int(self.entry_name_ends[position - 1]) if position else 0
        start = int(self.name_ends[first - 1]) if first else 0
        names = []
        for end in self.name_ends[first : int(self.entry_name_ends[position])].tolist():
            names.append(frozenset(bytes(self.name_terms[start:end]).decode("utf-8", "replace").split()))
            start = end
        return names

    def alt_idf(self, alternative: tuple[str, ...]) -> float:
        """How specific one wording is: the mean IDF of its terms."""
        return sum(self.index.idf(t) for t in alternative) / len(alternative)


def _key(pack: str, entry_id: str) -> bytes:
    return f"{pack}\x00{entry_id}".encode("utf-8")


def _lookup(keys: list[bytes], values) -> tuple[np.ndarray, np.ndarray]:
    """Keys sorted, with the value of the first of each: a table searched by bisection, which a
    stored engine uses where it lies in the file instead of making a dictionary of it."""
    keys_array = np.array(keys, dtype=bytes)
    values_array = np.fromiter(values, dtype=np.int32, count=len(keys))
    unique, first = np.unique(keys_array, return_index=True) if len(keys) else (keys_array, np.zeros(0, np.int64))
    return unique, values_array[first]


def _names_table(names: list[list[list[str]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each entry's names as their terms: each name's terms joined by spaces, as UTF-8 bytes end
    to end; the byte where each name ends; and where each entry's names end."""
    texts = [" ".join(name) for named in names for name in named]
    text = "".join(texts)
    lengths = map(len, texts) if text.isascii() else (len(t.encode("utf-8")) for t in texts)
    return (np.frombuffer(text.encode("utf-8"), dtype=np.uint8).copy(),
            np.cumsum(np.fromiter(lengths, dtype=np.int64, count=len(texts)), dtype=np.int64),
            np.cumsum(np.fromiter(map(len, names), dtype=np.int64, count=len(names)), dtype=np.int64))


def join_ends(parts: list[np.ndarray]) -> np.ndarray:
    """Where each item ends, for the items of several lists laid end to end."""
    joined, before = [], 0
    for ends in parts:
        joined.append(ends.astype(np.int64) + before)
        before += int(ends[-1]) if len(ends) else 0
    return np.concatenate(joined) if joined else np.zeros(0, np.int64)


def _first_of(tables: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Several key tables as one, the value of a key that several hold taken from the first."""
    keys = np.concatenate([keys for keys, _ in tables])
    values = np.concatenate([values for _, values in tables]).astype(np.int32)
    unique, first = np.unique(keys, return_index=True)
    return unique, values[first]


def _found(keys: np.ndarray, values: np.ndarray, key: bytes) -> int | None:
    at = int(np.searchsorted(keys, key))
    return int(values[at]) if at < len(keys) and keys[at] == key else None


def _topic_subject(pack: Pack, lang: ModuleType) -> Subject:
    names = pack.topic_terms or (pack.topic,)
    alternatives = tuple(dict.fromkeys(tuple(tokenize(n, lang=lang)) for n in names if tokenize(n, lang=lang)))
    return Subject(label=pack.topic, terms=alternatives)


def _group(words: tuple[str, ...], lang: ModuleType) -> tuple[tuple[str, ...], ...]:
    """A group of words as the index terms of each, once each, as the synonym table holds them."""
    return tuple(dict.fromkeys(tuple(tokenize(w, lang=lang)) for w in words if tokenize(w, lang=lang)))


def _synonym_table(packs: list[Pack], lang: ModuleType) -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Map each synonym (as index terms) to all the members of its group: the language's
    everyday groups, then each pack's."""
    table: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for groups in (lang.COMMON_SYNONYMS, *(pack.synonyms for pack in packs)):
        for group in groups:
            searchable = _group(group, lang)
            for word in group:
                key = tuple(tokenize(word, keep_stopwords=True, lang=lang))
                if key:
                    table[key] = table.get(key, ()) + tuple(m for m in searchable if m not in table.get(key, ()))
    return table


def _spelling_vocabulary(packs: list[Pack], lang: ModuleType) -> dict[str, dict[str, str]]:
    """Words of names (people, organizations, terms, aliases) and synonyms, as written -> their
    index term: what a misspelled word is most likely meant to be. Grouped by first letter and
    length ("j5": "jones", "jokes"), as a correction keeps the first letter ("joke" must not
    become "Joe") and is close in length: a few groups are searched, not all the words."""
    vocabulary: dict[str, dict[str, str]] = {}
    texts = []
    for pack in packs:  # pack by pack, so that PackTables.merged keeps the same order
        texts += [n for e in pack.entries if e.kind in _NAMED_KINDS for n in (e.title, *e.aliases)]
        texts += [a for e in pack.entries for a in e.aliases]
        texts += [w for g in pack.synonyms for w in g]
    for text in texts:
        for word, term, stop in terms(text, lang):
            if not stop and word.isalpha() and len(word) >= MIN_MISSPELLED_LENGTH:
                vocabulary.setdefault(f"{word[0]}{len(word)}", {}).setdefault(word, term)
    return vocabulary


def _latest_year(entry: Entry, lang: ModuleType) -> int:
    text = f"{entry.title} {entry.text}"
    return max(map(int, lang.YEAR.findall(text)), default=0) if has_digit(text) else 0


def _says_a_year(text: str, lang: ModuleType) -> bool:
    return has_digit(text) and lang.YEAR.search(text) is not None  # a digit first: quicker


def _bounded(memo: dict, most: int = TOKENIZED_MOST) -> None:
    """Keep a memo of tokenized entries from growing without end in a long kiosk session."""
    if len(memo) >= most:
        memo.clear()


def _year(entry: Entry, lang: ModuleType) -> int:
    """The latest year an entry is about (0: none): its dates, else the years its title or text
    says ("president (2022-2023)")."""
    return max((d.year for d in (entry.as_of, entry.date) if d is not None), default=0) or _latest_year(entry, lang)


def _by_first_word(names: Iterable[tuple[str, int]]) -> dict[str, list[list]]:
    """Names and their entries' positions, by the first run of letters or digits of each name
    ("O" for "O'Brien"): [name from that run on, position] pairs, in the order given."""
    found: dict[str, list[list]] = {}
    for name, position in names:
        first = re.search(r"[^\W_]+", name)  # letters or digits, as str.isalnum has them
        if first:  # from there: '"Bud" Smith' is found where the text says Bud" Smith
            found.setdefault(first.group(0), []).append([name[first.start():], position])
    return found


def _names_with_surname(person: Entry) -> tuple[str, ...]:
    """A person's name, and the aliases that hold its last word."""
    surname = person.name.split()[-1] if person.name.split() else ""
    return (person.name, *(a for a in person.aliases if surname and surname in a.split()))
