"""Turning an Answer (and pack listings) into text for a terminal, a pipe or a script.

Human output wraps to the terminal (80 columns at most) and uses bold only when color is on.
JSON output follows the `ask --json` contract in the README exactly; chat --json prints the
same object, one per line. Every string from a question or a pack is sanitized first: control
characters and terminal escape sequences are shown as visible escapes, never sent raw. The pack
listings (sources, topics, timeline, explain) also sanitize their whole output, so a field that
was missed still cannot reach the terminal raw. JSON escapes the same characters as \\uXXXX.
URLs are never split across lines.
"""

from __future__ import annotations

import functools
import json
import re
import textwrap
from collections.abc import Callable

from civicqa.answer import Answer
from civicqa.errors import UNSAFE_CHARACTERS, printable, sanitize  # other modules use sanitize as render.sanitize
from civicqa.knowledge import Entry, Pack, Source, timeline, topics
from civicqa.messages import English, Messages, Why, for_code
from civicqa.text import sentences

BOLD, DIM, RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _sanitized(listing: Callable[..., str]) -> Callable[..., str]:
    """Sanitize all a listing prints, not only the fields it remembered to (plain text only)."""

    @functools.wraps(listing)
    def safe(*args, **kwargs) -> str:
        return sanitize(listing(*args, **kwargs))

    return safe


class Style:
    """Bold and dim text when color is on; plain text otherwise."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def bold(self, text: str) -> str:
        return f"{BOLD}{text}{RESET}" if self.color else text

    def dim(self, text: str) -> str:
        return f"{DIM}{text}{RESET}" if self.color else text


class _Wrapper(textwrap.TextWrapper):
    """Breaks a word longer than the line, except a URL: that goes on a line of its own, whole."""

    def _handle_long_word(self, reversed_chunks, cur_line, cur_len, width):
        if "://" not in reversed_chunks[-1]:
            return super()._handle_long_word(reversed_chunks, cur_line, cur_len, width)
        if not cur_line:  # else the line ends here and the URL starts the next one
            cur_line.append(reversed_chunks.pop())


def wrap(text: str, width: int, indent: str = "", hanging: str = "") -> str:
    """Wrap to width, never leaving a citation marker such as [1] alone at a line's start."""
    glued = re.sub(r" (\[\d+\])", "\u00a0\\1", text)
    wrapper = _Wrapper(width=width, initial_indent=indent, subsequent_indent=hanging or indent,
                       break_long_words=True, break_on_hyphens=False)
    return wrapper.fill(glued).replace("\u00a0", " ")


# -- answers ----------------------------------------------------------------------------------


def answer_text(answer: Answer, width: int = 80, color: bool = False, words: Messages = English) -> str:
    style = Style(color)
    if answer.abstained:
        lines = [wrap(decline_message(answer, words), width)]
        lines.append(wrap(words.covers(sanitize(answer.topic)), width) if answer.topic else words.COULD_ASK)
        lines += [wrap(sanitize(s), width, "  - ", "    ") for s in answer.suggestions]
        if answer.help and answer.decision.why is not Why.NO_WORDS:  # "thanks" needs no help line
            lines.append(wrap(words.help(sanitize(answer.help)), width))
        return "\n".join(lines)
    body = wrap(sanitize(answer.text), width)
    if color:
        body = re.sub(r"\[(\d+)\]", lambda m: style.bold(m.group(0)), body)
    lines = [body, "", words.SOURCES]
    for citation in answer.citations:
        lines.append(citation_text(citation.marker, citation.entry, width, style, words))
    return "\n".join(lines)


def citation_text(marker: int, entry: Entry, width: int, style: Style, words: Messages = English) -> str:
    source = entry.source
    label = f"[{marker}] "
    hanging = " " * len(label)
    lines = []
    for number, (cited, where) in enumerate(((source, entry.locator), *entry.also)):
        locator = sanitize(where).replace(" ", "\u00a0")  # "paragraph 1" stays on one line
        described = f"{'' if not number else words.ALSO_SOURCE + ' '}{source_line(cited, words)}, {locator}."
        # URLs are never wrapped, so they stay whole for copying.
        lines.append(wrap(described, width, label if not number else hanging, hanging) + "\n" + hanging
                     + style.dim(sanitize(cited.url)))
    return "\n".join(lines)


def source_line(source: Source, words: Messages = English) -> str:
    """Publisher, "Title", date, and how it was seen when that matters."""
    parts = [sanitize(source.publisher), f"\u201c{sanitize(source.title)}\u201d",
             words.dated(source.date, source.date_approximate) if source.date else words.UNDATED]
    if source.snapshots:
        parts.append(words.read_on(source.snapshots))
    if source.seen_as == "repost":
        parts.append(words.REPOST)
    return ", ".join(p for p in parts if p)


def answer_json(answer: Answer) -> dict:
    """The `ask --json` object. Other tools depend on these keys exactly. A declined answer
    also has `declined`: why, and what `ask` would print instead of an answer, as data."""
    data = {
        "question": answer.question,
        "answer": answer.text,
        "abstained": answer.abstained,
        "language": answer.language,
        "citations": [
            {
                "marker": c.marker,
                "entry": c.entry.id,
                "pack": c.entry.pack,
                "text": c.text,
                "score": c.score,
                "source": source_json(c.entry.source, c.entry.locator),
                "also": [source_json(source, locator) for source, locator in c.entry.also],
            }
            for c in answer.citations
        ],
    }
    if answer.abstained:
        data["declined"] = decline_json(answer)
    return data


def decline_message(answer: Answer, words: Messages) -> str:
    """What a decline says first: that civicqa gives no advice, cannot tell the future, found
    nothing asked ("ok", "thanks"), or has no information."""
    said = {Why.ADVICE: words.NO_ADVICE, Why.FUTURE: words.NO_FUTURE, Why.NO_WORDS: words.NOTHING_ASKED}
    return said.get(answer.decision.why, words.NO_INFORMATION)


def decline_json(answer: Answer) -> dict:
    """Why civicqa declined, in its own words in the answer's language, what the packs cover,
    questions near the one asked that they answer, and where to get help."""
    words = for_code(answer.language)
    return {"why": str(answer.decision.why), "message": decline_message(answer, words),
            "topic": answer.topic, "suggestions": list(answer.suggestions), "help": answer.help}


def dumps(data: object, pretty: bool = False) -> str:
    """JSON with non-ASCII text kept readable (é, “”), but never a character that a terminal
    acts on: json.dumps escapes only U+0000-U+001F, so C1 controls, bidi overrides and line
    separators are escaped here as \\uXXXX. They occur only inside strings, so this stays JSON."""
    text = json.dumps(data, ensure_ascii=False, indent=2 if pretty else None)
    return text if printable(text) else re.sub(UNSAFE_CHARACTERS, lambda m: f"\\u{ord(m.group(0)):04x}", text)


@_sanitized
def explain_text(answer: Answer, width: int = 80, words: Messages = English) -> str:
    """How an answer was found: the analysed question, the top entries, and the decision. The
    labels come from the catalogue; the question types, terms and entry ids are the pack's own."""
    analysis, label = answer.analysis, words.EXPLAIN
    lines = [words.HOW_FOUND, f"  {label['type']} {analysis.qtype}"]
    if analysis.stance:
        lines.append(f"  {label['stance']} {analysis.stance}")
    for word, referent in analysis.resolved.items():
        lines.append(sanitize(f"  {label['resolved']} {word!r} -> {referent}"))
    lines.append(f"  {label['terms']}")
    for concept in analysis.concepts:
        forms = [" ".join(a) for a in concept.alternatives]
        how = label.get(concept.expanded_by or "also", label["also"])
        extra = f"; {how} {', '.join(forms[1:])}" if len(forms) > 1 else ""
        origin = f" {label['context']}" if concept.origin == "context" else ""
        lines.append(wrap(sanitize(f"{concept.label} ({concept.weight:.2f}{extra}){origin}"),
                          width, "    ", "      "))
    lines.append(f"  {label['top']}")
    for candidate in answer.candidates[:5]:
        matched = ", ".join(candidate.matched) or "-"
        lines.append(wrap(sanitize(f"{candidate.entry.id} ({candidate.score:.2f}; {matched})"),
                          width, "    ", "      "))
    verdict = words.DECLINED if answer.abstained else words.ANSWERED
    lines.append(wrap(sanitize(words.decision(verdict, answer.decision.reason(words))), width, "  ", "    "))
    return "\n".join(lines)


# -- pack listings ------------------------------------------------------------------------------


@_sanitized
def sources_text(packs: list[Pack], width: int = 80, words: Messages = English) -> str:
    lines = []
    for pack in packs:
        lines.append(wrap(words.sources_count(sanitize(pack.title), len(pack.sources)), width))
        for source in pack.sources.values():
            lines.append(wrap(f"{sanitize(source.id)}  {source_line(source, words)}", width, "  ", "      "))
            lines.append("      " + sanitize(source.url))  # never wrapped: a URL stays whole for copying
            if source.note:
                lines.append(wrap(sanitize(source.note), width, "      "))
    return "\n".join(lines)


def source_json(source: Source, locator: str | None = None) -> dict:
    """The one JSON shape of a source, in citations, `sources --json` and `timeline --json`; a
    cited source also says where in it the entry comes from (`locator`)."""
    data = {"id": source.id, "title": source.title, "publisher": source.publisher, "url": source.url,
            "date": source.date.iso() if source.date else None, "date_approximate": source.date_approximate,
            "seen_as": source.seen_as, "note": source.note, "snapshots": [d.iso() for d in source.snapshots]}
    if locator is not None:
        data["locator"] = locator
    return data


def sources_json(packs: list[Pack]) -> list[dict]:
    return [{"pack": p.id, "sources": [source_json(s) for s in p.sources.values()]} for p in packs]


def topics_json(packs: list[Pack]) -> list[dict]:
    return [{"pack": pack.id, "title": pack.title, "description": pack.description,
             "updated": pack.updated.iso() if pack.updated else None, "topics": topics(pack)}
            for pack in packs]


@_sanitized
def topics_text(packs: list[Pack], width: int = 80, words: Messages = English) -> str:
    lines = []
    for pack in packs:
        lines.append(sanitize(pack.title))
        if pack.description:
            lines.append(wrap(sanitize(pack.description), width, "  "))
        if pack.updated:
            lines.append(wrap(words.checked(pack.updated), width, "  "))
        for topic in topics(pack):
            lines.append(sanitize("  " + words.entries_count(topic["topic"], topic["entries"])))
            lines += [wrap(sanitize(q), width, "    - ", "      ") for q in topic["examples"]]
    return "\n".join(lines)


def timeline_json(packs: list[Pack]) -> list[dict]:
    return [
        {"date": e.date.iso(), "approximate": e.date_approximate, "title": e.title, "entry": e.id,
         "pack": e.pack, "text": e.text, "source": source_json(e.source, e.locator)}
        for e in timeline(packs)
    ]


@_sanitized
def timeline_text(packs: list[Pack], width: int = 80, words: Messages = English) -> str:
    lines = []
    for entry in timeline(packs):
        lines.append(wrap(sanitize(f"{words.dated(entry.date, entry.date_approximate)}: {entry.title}"), width))
        lines.append(wrap(sanitize(sentences(entry.text)[0]), width, "    "))
        lines.append(wrap(sanitize(f"{words.SOURCE} {source_line(entry.source, words)}, {entry.locator}."),
                          width, "    ", "      "))
    return "\n".join(lines)
