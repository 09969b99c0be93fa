"""A draft pack from one article's plain text, for `civicqa new`.

    draft_pack(article, source) -> the TOML text of a pack

The [pack] and [[sources]] blocks are filled in; each paragraph becomes a draft entry with its
locator, each person quoted a draft person entry with the quote attributed, and the dates found
are proposed as `date`. Every entry carries the article's own words and `draft = true`:
`civicqa check` warns until each is rewritten in the pack's words, and the kiosk refuses a pack
with drafts.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from civicqa.errors import CivicqaError, PackError, sanitize
from civicqa.knowledge import load_pack, parse_date

MAX_ARTICLE_BYTES = 5_000_000  # a long article is 100 KB
MIN_PARAGRAPH = 40  # characters: shorter lines are headlines, bylines and captions
TITLE_WORDS = 8
_MONTH_NAMES = ("january february march april may june july august september october november december").split()
_MONTH = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_FULL_DATE = re.compile(rf"\b{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTH},? (\d{{4}})\b")
_DAY = re.compile(rf"\b{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?\b")
# A name: two or three capitalized words ("Loretta Scott", "Mary Ann Lopez").
_WORD = r"[A-Z][a-z'\u2019]+(?:[A-Z][a-z'\u2019]+)?(?:-[A-Z][a-z'\u2019]+)?"  # Scott, McHugh, Lopez-Diaz
_NAME = rf"((?:{_WORD}|[A-Z]\.) (?:{_WORD} )?{_WORD})"
_QUOTE = r"[\"\u201c]([^\"\u201c\u201d]{12,}?)[,.]?[\"\u201d]"
_SAYS = r"(?:said|says|wrote|told|added|explained|argued|asked)"
_QUOTED = [
    re.compile(rf"{_QUOTE},? {_SAYS} (?:[A-Za-z ]+? )?{_NAME}"),  # "...," said Council President Loretta Scott
    re.compile(rf"{_QUOTE},? (?:[A-Za-z ]+? )?{_NAME},? {_SAYS}"),  # "...," City Council President Loretta Scott wrote
    re.compile(rf"{_NAME},? [^.\"\u201c]{{0,60}}?{_SAYS}[^\"\u201c]{{0,40}}?{_QUOTE}"),  # Loretta Scott said: "..."
]
_SURNAME = rf"({_WORD})"
_BY_SURNAME = [
    re.compile(rf"{_QUOTE},? {_SAYS} {_SURNAME}\b"),  # "...," said Ewald
    re.compile(rf"{_QUOTE},? {_SURNAME} {_SAYS}"),  # "...," Ewald told the board
    re.compile(rf"\b{_SURNAME} {_SAYS}[^\"\u201c]{{0,40}}?{_QUOTE}"),  # Ewald said: "..."
]
_NAME_FIRST = (_QUOTED[2], _BY_SURNAME[2])  # the patterns whose name comes before the quote
_NOT_NAMES = {"City Council", "Police Department", "New York", "United States", "Supreme Court"}
# Words of a role before a name: "Council President Loretta Scott" is Loretta Scott.
_ROLES = set("""President Vice Mayor Chief Council Councilor Councilmember Sen Senator Rep Representative
Judge Justice Commissioner Director Chair Chairman Chairwoman Chairperson Officer Sheriff Superintendent
Dr Mr Mrs Ms Gov Governor Attorney General Secretary Clerk Member Board Executive""".split())


@dataclass(frozen=True)
class ArticleSource:
    title: str
    publisher: str
    url: str
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD


def paragraphs(article: str) -> list[str]:
    """The article's paragraphs: blocks between blank lines (or its lines, when it has no blank
    lines), joined into one line each; headlines, bylines and captions (short lines) left out."""
    text = article.replace("\r\n", "\n").replace("\r", "\n")
    blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    return [" ".join(b.split()) for b in blocks if len(" ".join(b.split())) >= MIN_PARAGRAPH]


def quoted_people(paragraph: str, known: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(name, quote) for each quote the paragraph attributes to a named person. `known` maps a
    surname to the full name the article gave earlier, for a quote credited to the surname alone
    ("Ewald told the board", after "Carl Ewald, representing ...")."""
    found = []
    for pattern in (*_QUOTED, *(_BY_SURNAME if known else ())):
        for match in pattern.finditer(paragraph):
            groups = match.groups()
            quote, name = (groups[1], groups[0]) if pattern in _NAME_FIRST else (groups[0], groups[1])
            if " " not in name:
                if name not in (known or {}):
                    continue
                name = known[name]
            words = name.split()
            while len(words) > 2 and words[0].rstrip(".") in _ROLES:
                words = words[1:]
            name = " ".join(words)
            if name not in _NOT_NAMES and words[0].rstrip(".") not in _ROLES and (name, quote.strip()) not in found:
                found.append((name, quote.strip()))
    return found


def full_names(text: str) -> dict[str, str]:
    """Surname -> full name, for the people the text names in full ("Carl Ewald")."""
    names: dict[str, str] = {}
    for name in re.findall(_NAME, text):
        words = [w for w in name.split() if w.rstrip(".") not in _ROLES]
        if len(words) >= 2 and " ".join(words) not in _NOT_NAMES:
            names.setdefault(words[-1], " ".join(words))
    return names


def dates_in(paragraph: str, year: str) -> list[str]:
    """The dates a paragraph names, as YYYY-MM-DD or YYYY-MM; a day without a year takes the
    article's year. A date that does not exist ("February 30") is left out."""
    return [d for d in _named_dates(paragraph, year) if parse_date(d) is not None]


def _named_dates(paragraph: str, year: str) -> list[str]:
    found = []
    for month, day, in_year in _FULL_DATE.findall(paragraph):
        found.append(f"{in_year}-{_month(month):02d}-{int(day):02d}")
    for month, in_year in _MONTH_YEAR.findall(paragraph):
        found.append(f"{in_year}-{_month(month):02d}")
    if year:
        for month, day in _DAY.findall(_FULL_DATE.sub(" ", paragraph)):
            found.append(f"{year}-{_month(month):02d}-{int(day):02d}")
    return list(dict.fromkeys(found))


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(n for n, full in enumerate(_MONTH_NAMES, 1) if full.startswith(name[:3]))


def draft_pack(article: str, source: ArticleSource, pack_id: str, topic: str = "") -> str:
    """The TOML text of a draft pack: [pack], one [[sources]], draft entries."""
    year = source.date[:4]
    lines = [
        "# A draft pack made by `civicqa new` from one article. Every entry below still has the",
        "# article's own words: rewrite each in the pack's words (facts carry over, sentences do",
        "# not; short quotes only with who said them), then remove its `draft = true`.",
        "# `civicqa check` warns about every draft; the kiosk refuses a pack that has any.",
        "# The format: docs/knowledge-format.md. Testing and tuning: docs/authoring.md.",
        "",
        "[pack]",
        f"id = {_s(pack_id)}",
        f"title = {_s(source.title)}",
        f"topic = {_s(topic or source.title)}",
        'language = "en"',
        "examples = []  # 3 to 8 questions residents will ask",
        "",
        "[[sources]]",
        'id = "S01"',
        f"title = {_s(source.title)}",
        f"publisher = {_s(source.publisher)}",
        f"url = {_s(source.url)}",
        f"date = {_s(source.date)}",
    ]
    people: dict[str, list[tuple[str, int]]] = {}
    known = full_names(article)
    for number, paragraph in enumerate(paragraphs(article), 1):
        lines += ["", "[[entries]]", f'id = "p{number:02d}"', f"title = {_s(_title(paragraph))}",
                  f"text = {_s(paragraph)}", 'source = "S01"', f'locator = "paragraph {number}"', "draft = true"]
        dates = dates_in(paragraph, year)
        if dates:
            lines.append(f"date = {_s(dates[0])}  # proposed from the text: check it, or use as_of for a fact that changes")
        for name, quote in quoted_people(paragraph, known):
            people.setdefault(name, []).append((quote, number))
    for name, quotes in people.items():
        said = " ".join(f"{name} said: \u201c{q.rstrip(',.')}.\u201d" for q, _ in quotes[:2])
        lines += ["", "[[entries]]", f"id = {_s('person-' + _slug(name))}", f"title = {_s(name)}", 'kind = "person"',
                  f"text = {_s(said)}", 'source = "S01"',
                  f"locator = {_s('paragraph ' + ', '.join(str(n) for _, n in quotes[:2]))}", "draft = true",
                  "# Say who this person is (their role) in the first sentence, in the pack's words."]
    return "\n".join(lines) + "\n"


def _title(paragraph: str) -> str:
    words = paragraph.split()
    return " ".join(words[:TITLE_WORDS]).rstrip(",;:") + (" ..." if len(words) > TITLE_WORDS else "")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _s(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's; TOML also refuses a raw DEL)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def read_article(path: Path) -> str:
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_ARTICLE_BYTES + 1)
    except IsADirectoryError:
        raise CivicqaError(f"{sanitize(str(path))} is a folder, not an article", "Name a .txt file") from None
    except OSError as error:
        raise CivicqaError(f"cannot read the article {sanitize(str(path))}: {error.strerror or error}",
                           "Check the path: the article is a plain text file (.txt)") from None
    if len(raw) > MAX_ARTICLE_BYTES or b"\x00" in raw:
        raise CivicqaError(f"{sanitize(str(path))} is not an article's plain text",
                           "Save the article as plain text (.txt) first, e.g. copy it from the page into a text editor")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # older editors on Windows
    if not paragraphs(text):
        raise CivicqaError(f"{sanitize(str(path))} has no paragraph of at least {MIN_PARAGRAPH} characters",
                           "Save the article's text, paragraphs separated by blank lines")
    return text


def check_date(value: str) -> str:
    if parse_date(value) is None:
        raise CivicqaError(f"--date {sanitize(value)!r} is not a date", "Write it as YYYY-MM-DD, YYYY-MM or YYYY")
    return value.strip()


def check_source(source: ArticleSource) -> None:
    for option, value in (("--title", source.title), ("--publisher", source.publisher), ("--url", source.url)):
        if not value.strip():
            raise CivicqaError(f"{option} is empty", f"Give the article's {option[2:]}, in quotes if it has spaces")


def pack_id(path: Path) -> str:
    """The pack's id, from the file's name: letters, digits and `-`."""
    return _slug(path.stem) or "my-pack"


def write_new(path: Path, text: str) -> None:
    """Write the file only if it does not exist yet (never overwriting one made meanwhile), and
    only a draft that `civicqa check` accepts."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / "draft.toml"
        trial.write_text(text, encoding="utf-8")
        try:
            load_pack(trial)
        except PackError as error:  # a bug in drafting: say so rather than write a broken pack
            raise CivicqaError(f"civicqa could not make a valid draft from this article ({error.problems[0].message})",
                               "Please report it; meanwhile start the pack from docs/knowledge-format.md's example") from None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise CivicqaError(f"{sanitize(str(path))} exists already, and civicqa never overwrites a pack",
                           "Name a new file, or move the old one away first") from None
    except OSError as error:
        raise CivicqaError(f"cannot write {sanitize(str(path))}: {error.strerror or error}",
                           "Check that the folder exists and that you may write in it") from None
    with open(fd, "w", encoding="utf-8") as file:
        file.write(text)
