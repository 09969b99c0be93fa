"""The languages civicqa reads questions in, each a module of words, patterns and
question-word rules, chosen by a pack's `language` code. A language other than English is
imported only when a pack or a question needs it."""

from __future__ import annotations

import importlib
from types import ModuleType

from civicqa.language import english

# A pack's `language` code -> the module of that language's words.
LANGUAGES: dict[str, str] = {"en": "civicqa.language.english", "es": "civicqa.language.spanish"}


def language(code: str) -> ModuleType:
    """The language of a pack's `language` code ("en", "es", "en-US"); English for a code civicqa
    has no words for yet, as before there were languages."""
    found = _FOUND.get(code)
    if found is None:
        name = LANGUAGES.get(code.split("-")[0].lower())
        found = _FOUND[code] = importlib.import_module(name) if name else english
    return found


_FOUND: dict[str, ModuleType] = {}  # by code: answers ask for the packs' language thousands of times
