"""Warnings for a valid pack that breaks a rule of docs/knowledge-format.md.

    warnings(pack) -> [Problem]

A pack with warnings still loads and answers; `civicqa check` lists them after the errors, and
`check --strict` fails on them. Each warning says where it is and what to do.
"""

from __future__ import annotations

import re

from civicqa.errors import Problem
from civicqa.knowledge import Pack, pack_lines
from civicqa.language import language
from civicqa.text import normalize, sentences, tokenize, unclosed_quote, words

MOST_SENTENCES = 5  # "1 to 5 sentences"
FEWEST_EXAMPLES, MOST_EXAMPLES = 3, 8  # "3 to 8 example questions"
# The words a sentence must not open with: it is quoted alone, so it names what it is about.
_PRONOUN_OPENING = re.compile(r"^(He|She|It|They|His|Her|Its|Their|Them|This|These|Those)\b")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def warnings(pack: Pack) -> list[Problem]:
    line = pack_lines(pack)
    lang = language(pack.language)
    found: list[Problem] = []

    def warn(where: tuple, message: str, fix: str) -> None:
        found.append(Problem(str(pack.path), line(*where), message, fix))

    examples = len(pack.examples)
    if not FEWEST_EXAMPLES <= examples <= MOST_EXAMPLES:
        counted = "no example questions" if not examples else f"{examples} example question{'s' * (examples > 1)}"
        warn(("pack", "examples"), f"the pack has {counted}; the docs ask for 3 to 8",
             'Residents see them on start and under every decline: write 3 to 8, as examples = ["What is ...?", ...]')
    for group, other, shared in _same_reading(pack, lang):
        warn(("vocabulary", "synonyms"), f"the synonyms {group!r} and {other!r} read the same to civicqa "
             f"({shared!r}): little words such as 'for', 'against', 'yes' and 'no' are not searched",
             "Word each so that it keeps a word of its own (\"in favor\", \"opposed\"), or drop one")
    for phrase, read in _sides_lost(pack, lang):
        warn(("vocabulary", "synonyms"), f"the synonym {phrase!r}, in the group of who was for or against, is "
             f"read as {read!r} once little words are dropped: every question about {read} would ask for a side",
             "Word it so that it keeps a word of its own for the side (\"supporters of the pool\"), or drop it")
    for phrase in _asking(pack, lang):
        warn(("vocabulary", "synonyms"), f"the synonym {phrase!r} is only a question word: every question "
             f"asked with {phrase!r} would search for its group",
             "Remove it from the group; put the words residents ask with in the entries' `questions` instead")
    for index, source in enumerate(pack.sources.values()):
        if not _SCHEME.match(source.url):
            warn(("sources", index, "url"), f"source {source.id}'s url {source.url!r} has no scheme",
                 f"Write it in full, e.g. https://{source.url}")
    asked: dict[str, str] = {}
    for index, entry in enumerate(pack.entries):
        where = ("entries", index)
        for problem in _entry_warnings(pack, entry, lang):
            warn(where + (problem[0],), *problem[1:])
        for question in entry.questions:
            key = " ".join(tokenize(question, keep_stopwords=True, lang=lang))
            if key in asked and asked[key] != entry.id:
                warn(where + ("questions",), f"entry {entry.id} lists the question {question!r}, "
                     f"which entry {asked[key]} lists too", "Keep each question on the one entry that answers it best")
            asked.setdefault(key, entry.id)
    return sorted(found, key=lambda p: p.line)


def _same_reading(pack: Pack, lang) -> list[tuple[str, str, str]]:
    """Synonym phrases of different groups that civicqa reads as the same words once little
    words are dropped ("Yes on 5" and "No on 5" -> "5"): at least one of the two lost a word."""
    readings: dict[tuple[str, ...], list[tuple[int, str, bool]]] = {}
    for number, group in enumerate(pack.synonyms):
        for phrase in group:
            terms = tuple(tokenize(phrase, lang=lang))
            if terms:
                dropped = len(terms) < len(tokenize(phrase, keep_stopwords=True, lang=lang))
                readings.setdefault(terms, []).append((number, phrase, dropped))
    found = []
    for terms, phrases in readings.items():
        for index, (group, phrase, dropped) in enumerate(phrases):
            for other_group, other, other_dropped in phrases[index + 1:]:
                if other_group != group and (dropped or other_dropped):
                    found.append((phrase, other, " ".join(terms)))
    return found


def _sides_lost(pack: Pack, lang) -> list[tuple[str, str]]:
    """Phrases of a stance group ("yes on the pool", in the group of "supported") that keep
    only words of what the pack is about once little words are dropped ("pool"): they would
    read every question about the pool as one about a side."""
    about = set(tokenize(f"{pack.topic} {pack.title}", lang=lang))
    sides = {lang.stem(stance) for stance in lang.STANCE_WORDS}
    found = []
    for group in pack.synonyms:
        if not {t for word in group for t in tokenize(word, lang=lang)} & sides:
            continue
        for phrase in group:
            read = tokenize(phrase, lang=lang)
            if read and set(read) <= about and len(read) < len(tokenize(phrase, keep_stopwords=True, lang=lang)):
                found.append((phrase, " ".join(read)))
    return found


def _asking(pack: Pack, lang) -> list[str]:
    """Synonyms made only of question words ("why", "por qué"): civicqa would read the group
    into every question asked with them. A phrase with a word of its own ("what happened
    next", "how much", "qué pasó") is read only whole."""
    return [phrase for group in pack.synonyms for phrase in group
            if (said := words(phrase, lang)) and all(w in lang.ASKING_WORDS for w in said)]


def _entry_warnings(pack: Pack, entry, lang) -> list[tuple[str, str, str]]:
    """(key, message, fix) for each rule one entry breaks."""
    found = []
    if entry.draft:
        found.append(("draft", f"entry {entry.id} is a draft: it still has the article's own words",
                      "Rewrite it in the pack's own words (facts carry over, sentences do not; short quotes "
                      "only with who said them), then remove `draft = true`. The kiosk refuses a pack with drafts"))
    said = sentences(entry.text, lang)
    if len(said) > MOST_SENTENCES:
        found.append(("text", f"entry {entry.id}'s text has {len(said)} sentences; the docs ask for 1 to 5",
                      "Split it into two entries, each about one thing, or cut what residents will not ask about"))
    if unclosed_quote(entry.text):
        found.append(("text", f"entry {entry.id} opens a quote it never closes: {_short(entry.text)}",
                      "Close the quote, so that civicqa can show it whole (for inches, write 6-inch)"))
    for sentence in said:
        opening = _PRONOUN_OPENING.match(sentence)
        if opening:
            found.append(("text", f"entry {entry.id} has a sentence that opens with {opening.group(1)!r}: "
                          f"{_short(sentence)}", "civicqa may quote that sentence alone: name who or what it "
                          "is about instead"))
        if len(sentences(sentence, lang, whole_quotes=False)) > 1:
            found.append(("text", f"entry {entry.id} has a quote that runs across sentences: {_short(sentence)}",
                          "civicqa shows a quote whole, so its sentence is long: shorten the quote to the "
                          "words that matter"))
    for source_id in pack.sources:
        for locator in (entry.locator, *(where for _, where in entry.also)):
            if not re.search(rf"(?<![\w-]){re.escape(source_id)}(?![\w-])", locator):
                continue
            found.append(("locator", f"entry {entry.id}'s locator {locator!r} names the source id {source_id}",
                          "Residents see the locator; the source is given by `source`: write only where in "
                          "the source, e.g. `paragraph 5`"))
    if entry.stance and not (entry.kind == "position" or (entry.kind == "overview" and entry.stance == "neutral")):
        found.append(("stance", f"entry {entry.id} has stance {entry.stance!r} but is a {entry.kind}",
                      "`stance` is for `position` entries (and `neutral` for an overview of both sides): make it "
                      "a position entry, or remove the stance"))
    if not _names_its_subject(entry, lang):
        found.append(("text", f"entry {entry.id}'s text never names what its title is about ({entry.title!r})",
                      "Name it in the text, or give the entry an alias the text uses: a quoted sentence must "
                      "say what it is about"))
    return found


def _names_its_subject(entry, lang) -> bool:
    """Whether the text shares a word with the title or an alias (words of one letter aside)."""
    text = set(tokenize(entry.text, lang=lang))
    for name in (entry.title, *entry.aliases):
        words = {t for t in tokenize(name, lang=lang) if len(t) > 1} - set(lang.SOFT_WORDS)
        if not words or words & text:
            return True
    return False


def _short(sentence: str, most: int = 60) -> str:
    sentence = normalize(sentence)
    return repr(sentence if len(sentence) <= most else sentence[: most - 3] + "...")
