"""The languages civicqa reads questions in, each a module of words, patterns and
question-word rules, chosen by a pack's `language` code."""

from __future__ import annotations

from types import ModuleType

from civicqa.language import english

LANGUAGES: dict[str, ModuleType] = {"en": english}


def language(code: str) -> ModuleType:
    """The language of a pack's `language` code ("en", "en-US"); English for a code civicqa has
    no words for yet, as before there were languages."""
    return LANGUAGES.get(code.split("-")[0].lower(), english)
