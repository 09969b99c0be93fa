"""What retrieval needs of a search backend: terms in, scored entries out.

civicqa.index.Index (BM25 with Lucene's IDF) is the one implementation; another backend (a
different scoring, an on-disk index) needs only these five members to serve every stage. To be
kept in civicqa.store's cache as well, it is also a `StoredBackend` listed in store.BACKENDS
(a backend that is not, an index living in a server, is simply built or opened at each start).
"""

from __future__ import annotations

from typing import ClassVar, Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class SearchBackend(Protocol):
    """Entries are numbered 0 .. size - 1, in the order of the packs' entries."""

    size: int  # how many entries
    max_idf: float  # the weight of a term no entry contains

    def has(self, term: str) -> bool:
        """Whether any entry contains the term."""

    def idf(self, term: str) -> float:
        """How specific the term is (max_idf for a term no entry contains)."""

    def matches(self, terms: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """The entries containing every one of the terms, sorted, and the sum of the terms'
        weights in each, without their IDF (the caller weighs a wording as it chooses)."""


class StoredBackend(SearchBackend, Protocol):
    """A backend civicqa.store can keep as plain data (JSON-able tables and numpy arrays), and
    join with others of its kind."""

    kind: ClassVar[str]  # its name in a stored engine's header, e.g. "bm25"

    def tables(self) -> tuple[dict, dict[str, np.ndarray]]:
        """What rebuilds it: small tables (JSON-able) and arrays (stored as .npy)."""

    @classmethod
    def restored(cls, tables: dict, arrays: dict[str, np.ndarray]) -> StoredBackend:
        """The backend again, from what tables() gave."""

    @classmethod
    def merged(cls, parts: list[StoredBackend]) -> StoredBackend:
        """The backend of the entries of several, one after another (PackTables.merged): what
        it would be if built from all their entries at once."""
