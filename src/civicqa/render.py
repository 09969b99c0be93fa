"""Turning an Answer (and pack listings) into text for a terminal, a pipe or a script.

Human output wraps to the terminal (80 columns at most) and uses bold only when color is on.
JSON output follows the `ask --json` contract in the README exactly; chat --json prints the
same object, one per line. Every string from a question or a pack is sanitized first: control
characters and terminal escape sequences are shown as visible escapes, never sent raw.
"""

from __future__ import annotations

import json
import re
import textwrap

from civicqa.answer import Answer
from civicqa.knowledge import Entry, Pack, Source
from civicqa.text import LazyPattern, sentences

_ESCAPE_SEQUENCE = LazyPattern(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = LazyPattern(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
BOLD, DIM, RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def sanitize(text: str) -> str:
    """Make text safe to print: escape sequences and control characters become visible escapes."""
    text = _ESCAPE_SEQUENCE.sub(lambda m: repr(m.group(0))[1:-1], text)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 256
                        else f"\\u{ord(m.group(0)):04x}", text)


class Style:
    """Bold and dim text when color is on; plain text otherwise."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def bold(self, text: str) -> str:
        return f"{BOLD}{text}{RESET}" if self.color else text

    def dim(self, text: str) -> str:
        return f"{DIM}{text}{RESET}" if self.color else text


def wrap(text: str, width: int, indent: str = "", hanging: str = "") -> str:
    """Wrap to width, never leaving a citation marker such as [1] alone at a line's start."""
    glued = re.sub(r" (\[\d+\])", "\u00a0\\1", text)
    wrapped = textwrap.fill(glued, width=width, initial_indent=indent, subsequent_indent=hanging or indent,
                            break_long_words=True, break_on_hyphens=False)
    return wrapped.replace("\u00a0", " ")


# -- answers ----------------------------------------------------------------------------------


def answer_text(answer: Answer, width: int = 80, color: bool = False, topic: str = "") -> str:
    style = Style(color)
    if answer.abstained:
        lines = [wrap("This pack has no information about that, so civicqa will not guess.", width)]
        if topic:
            lines.append(wrap(f"It answers questions about {sanitize(topic)}. You could ask:", width))
        else:
            lines.append("You could ask:")
        lines += [wrap(sanitize(s), width, "  - ", "    ") for s in answer.suggestions]
        return "\n".join(lines)
    body = wrap(sanitize(answer.text), width)
    if color:
        body = re.sub(r"\[(\d+)\]", lambda m: style.bold(m.group(0)), body)
    lines = [body, "", "Sources:"]
    for citation in answer.citations:
        lines.append(citation_text(citation.marker, citation.entry, width, style))
    return "\n".join(lines)


def citation_text(marker: int, entry: Entry, width: int, style: Style) -> str:
    source = entry.source
    label = f"[{marker}] "
    hanging = " " * len(label)
    locator = sanitize(entry.locator).replace(" ", "\u00a0")  # "paragraph 1" stays on one line
    described = f"{source_line(source)}, {locator}."
    # URLs are never wrapped, so they stay whole for copying.
    return wrap(described, width, label, hanging) + "\n" + hanging + style.dim(sanitize(source.url))


def source_line(source: Source) -> str:
    """Publisher, "Title", date, and how it was seen when that matters."""
    parts = [sanitize(source.publisher), f"\u201c{sanitize(source.title)}\u201d", source.date_text]
    if source.seen_as == "repost":
        parts.append("seen only as a repost; original not seen")
    return ", ".join(p for p in parts if p)


def answer_json(answer: Answer) -> dict:
    """The `ask --json` object. Other tools depend on these keys exactly."""
    return {
        "question": answer.question,
        "answer": answer.text,
        "abstained": answer.abstained,
        "citations": [
            {
                "marker": c.marker,
                "entry": c.entry.id,
                "pack": c.entry.pack,
                "text": c.text,
                "score": c.score,
                "source": {
                    "id": c.entry.source.id,
                    "title": c.entry.source.title,
                    "publisher": c.entry.source.publisher,
                    "url": c.entry.source.url,
                    "date": c.entry.source.date.iso(),
                    "locator": c.entry.locator,
                },
            }
            for c in answer.citations
        ],
    }


def dumps(data: object, pretty: bool = False) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2 if pretty else None)


def explain_text(answer: Answer, width: int = 80) -> str:
    """How an answer was found: the analysed question, the top entries, and the decision."""
    analysis = answer.analysis
    lines = ["How this answer was found:", f"  question type: {analysis.qtype}"]
    if analysis.stance:
        lines.append(f"  asks about positions: {analysis.stance}")
    for word, referent in analysis.resolved.items():
        lines.append(sanitize(f"  resolved: {word!r} -> {referent}"))
    lines.append("  terms (weight; other forms searched):")
    for concept in analysis.concepts:
        forms = [" ".join(a) for a in concept.alternatives]
        how = {"synonyms": "synonyms", "spelling": "likely meant"}.get(concept.expanded_by, "also")
        extra = f"; {how} {', '.join(forms[1:])}" if len(forms) > 1 else ""
        origin = " [from the conversation]" if concept.origin == "context" else ""
        lines.append(wrap(sanitize(f"{concept.label} ({concept.weight:.2f}{extra}){origin}"),
                          width, "    ", "      "))
    lines.append("  top entries (score; matched terms):")
    for candidate in answer.candidates[:5]:
        matched = ", ".join(candidate.matched) or "-"
        lines.append(wrap(sanitize(f"{candidate.entry.id} ({candidate.score:.2f}; {matched})"),
                          width, "    ", "      "))
    verdict = "declined" if answer.abstained else "answered"
    lines.append(wrap(sanitize(f"decision: {verdict}, because {answer.reason}."), width, "  ", "    "))
    return "\n".join(lines)


# -- pack listings ------------------------------------------------------------------------------


def sources_text(packs: list[Pack], width: int = 80) -> str:
    lines = []
    for pack in packs:
        lines.append(f"{sanitize(pack.title)} ({len(pack.sources)} sources)")
        for source in pack.sources.values():
            lines.append(wrap(f"{source.id}  {source_line(source)}", width, "  ", "      "))
            lines.append(wrap(sanitize(source.url), width, "      "))
    return "\n".join(lines)


def source_json(source: Source) -> dict:
    return {"id": source.id, "title": source.title, "publisher": source.publisher, "url": source.url,
            "date": source.date.iso(), "date_approximate": source.date_approximate,
            "seen_as": source.seen_as}


def topics_by_pack(packs: list[Pack]) -> list[dict]:
    out = []
    for pack in packs:
        topics: dict[str, dict] = {}
        for entry in pack.entries:
            topic = topics.setdefault(entry.topic, {"topic": entry.topic, "entries": 0, "examples": []})
            topic["entries"] += 1
            if entry.questions and len(topic["examples"]) < 3:
                topic["examples"].append(entry.questions[0])
        out.append({"pack": pack.id, "title": pack.title, "topics": list(topics.values())})
    return out


def topics_text(packs: list[Pack], width: int = 80) -> str:
    lines = []
    for pack in topics_by_pack(packs):
        lines.append(sanitize(pack["title"]))
        for topic in pack["topics"]:
            lines.append(sanitize(f"  {topic['topic']} ({topic['entries']} entries)"))
            lines += [wrap(sanitize(q), width, "    - ", "      ") for q in topic["examples"]]
    return "\n".join(lines)


def timeline(packs: list[Pack]) -> list[Entry]:
    dated = [e for p in packs for e in p.entries if e.date is not None]
    return sorted(dated, key=lambda e: (e.date, e.id))


def timeline_json(packs: list[Pack]) -> list[dict]:
    return [
        {"date": e.date.iso(), "approximate": e.date_approximate, "title": e.title, "entry": e.id,
         "pack": e.pack, "text": e.text,
         "source": {"id": e.source.id, "title": e.source.title, "publisher": e.source.publisher,
                    "url": e.source.url, "date": e.source.date.iso(), "locator": e.locator}}
        for e in timeline(packs)
    ]


def timeline_text(packs: list[Pack], width: int = 80) -> str:
    lines = []
    for entry in timeline(packs):
        lines.append(wrap(sanitize(f"{entry.date_text}: {entry.title}"), width))
        lines.append(wrap(sanitize(sentences(entry.text)[0]), width, "    "))
        lines.append(wrap(sanitize(f"Source: {source_line(entry.source)}, {entry.locator}."),
                          width, "    ", "      "))
    return "\n".join(lines)
