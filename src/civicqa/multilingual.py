"""Answering in the language of the question: one engine per language of the packs in use.

    Multilingual(groups, load).ask(question, conversation, lang=None) -> Answer

The packs in use are grouped by their `language`; each group gets its own engine (its own
tokenizer and index), loaded the first time a question in that language comes, so an English
question never loads the Spanish engine. A question's language is guessed from its words
(`detect`), or given (`--lang`). The shipped packs of a language other than English live in
knowledge/<code>/ (shipped_groups).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Callable

from civicqa import followup
from civicqa.answer import Answer, Explainer
from civicqa.conversation import Conversation
from civicqa.knowledge import shipped_dir, shipped_packs
from civicqa.patterns import LazyPattern

# Words that are the mark of one language in a short question (written without accents: the
# question's accents are folded first). A question's language is the one with more of them.
_MARKS = {
    "en": frozenset("the is are was were what who whom when where why how did does do of to and in it for "
                    "with about which whats whos has have they he she that this an at on by from or but not "
                    "if only just can will would could should be been their them his her its our you your we "
                    "my any all some there here right true yes also than".split()),
    "es": frozenset("el la los las que quien quienes cuando donde por porque como cual cuales cuanto cuantos "
                    "cuanta cuantas es son fue fueron esta estan del al un una y en se lo le ellos ella eso "
                    "esto hay para con sobre tiene paso ahora todavia dijo".split()),
}
_SPANISH_LETTERS = LazyPattern("[áéíóúñ¿¡ü]", re.I)
_WORD = LazyPattern(r"[a-z]+")
_LANGUAGE_LINE = LazyPattern(r'^\s*language\s*=\s*["\']([A-Za-z-]+)["\']', re.M)
_HEAD = 65536  # a pack's [pack] block is in its first lines


def detect(question: str, codes: list[str], default: str) -> str:
    """The language of a question among `codes`: Spanish letters (á, ñ, ¿) or more Spanish words
    than English ones make it Spanish; a question with neither (a name, "287g?") keeps `default`."""
    if len(codes) < 2:
        return default
    from civicqa.text import fold_accents

    words = _WORD.findall(fold_accents(question.lower()))
    scores = {code: sum(w in _MARKS.get(code, ()) for w in words) for code in codes}
    if "es" in scores and _SPANISH_LETTERS.search(question):
        scores["es"] += 2
    best = max(scores, key=lambda c: (scores[c], c == default))
    return best if scores[best] > scores.get(default, 0) else default


def pack_language(path: Path) -> str:
    """A pack file's `language` code, read from its first lines ("en" when it cannot be read)."""
    try:  # only a regular file, opened without waiting: a FIFO is refused later, when it is loaded
        if not stat.S_ISREG(os.stat(path).st_mode):
            return "en"
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as file:
            head = file.read(_HEAD).decode("utf-8", errors="replace")
    except OSError:
        return "en"
    found = _LANGUAGE_LINE.search(head)
    return found.group(1).split("-")[0].lower() if found else "en"


def groups_of(paths: list[Path]) -> dict[str, list[Path]]:
    """Pack files by language, in the order given."""
    grouped: dict[str, list[Path]] = {}
    for path in paths:
        grouped.setdefault(pack_language(path), []).append(path)
    return grouped


def shipped_groups() -> dict[str, list[Path]]:
    """The shipped packs by language: knowledge/*.toml, and knowledge/<code>/*.toml."""
    grouped = groups_of(shipped_packs())
    for folder in sorted(p for p in shipped_dir().iterdir() if p.is_dir() and len(p.name) == 2):
        found = sorted(folder.glob("*.toml"))
        if found:
            grouped.setdefault(folder.name, []).extend(found)
    return grouped


class Multilingual:
    """The engines of the packs in use, one per language; the first group's is the default."""

    def __init__(self, groups: dict[str, list[Path]], load: Callable[[list[Path]], Explainer],
                 default: str | None = None) -> None:
        self.groups = groups
        self.default = default if default in groups else ("en" if "en" in groups else next(iter(groups)))
        self._load = load
        self._engines: dict[str, Explainer] = {}

    @property
    def codes(self) -> list[str]:
        return list(self.groups)

    def engine(self, code: str | None = None) -> Explainer:
        code = code if code in self.groups else self.default
        if code not in self._engines:
            self._engines[code] = self._load(self.groups[code])
        return self._engines[code]

    # The default engine's packs and tables: what listings, welcomes and suggestions show.
    @property
    def packs(self):
        return self.engine().packs

    @property
    def tables(self):
        return self.engine().tables

    def language_of(self, question: str, lang: str | None = None, prefer: str | None = None) -> str:
        """`lang` when given; else the question's own language, and `prefer` (the language a
        conversation speaks) or the default for a question with none ("ICE", "287g?")."""
        if lang in self.groups:
            return lang
        return detect(question, self.codes, prefer if prefer in self.groups else self.default)

    def ask(self, question: str, conversation: Conversation | None = None, lang: str | None = None,
            prefer: str | None = None) -> Answer:
        code = self.language_of(question, lang, prefer)
        engine = self.engine(code)
        if conversation is None:
            return engine.ask(question)._replace(language=code)
        # Turns asked in another language, as this language's packs would have remembered them.
        conversation.turns[:] = [t if t.language in ("", code) else followup.retold(t, engine.tables, code)
                                 for t in conversation.turns]
        before = conversation.last
        answer = engine.ask(question, conversation)._replace(language=code)
        if conversation.last is not None and conversation.last is not before:
            conversation.turns[-1] = conversation.last._replace(language=code)
        return answer
