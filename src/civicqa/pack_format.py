"""The pack format in one table: every block, every key, its type, whether it is required and
what it is. The validator (civicqa.knowledge) reads its keys and required flags from here, and
`json_schema()` turns the same table into a JSON Schema for editors (docs/pack.schema.json;
tests/test_pack_format.py keeps the file, this table and the validator in step).
"""

from __future__ import annotations

from typing import NamedTuple

from civicqa.choices import ID_PATTERN, KINDS, SEEN_AS, STANCES

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class Field(NamedTuple):  # a NamedTuple, not a dataclass: quicker to define at each start
    type: str  # id | text | list | bool | date | dates | choice | synonyms | chain | cites
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()


BLOCKS: dict[str, dict[str, Field]] = {
    "pack": {
        "id": Field("id", "short name: letters, digits and -", True),
        "title": Field("text", "the pack's title, shown in `civicqa topics`", True),
        "topic": Field("text", "the main topic in a few words; 'it' in a one-shot question means this", True),
        "topic_terms": Field("list", "words that name the main topic, used to resolve 'it'"),
        "language": Field("text", "language code, e.g. en", True),
        "description": Field("text", "one or two sentences on what the pack covers"),
        "updated": Field("date", "when the pack was last checked against its sources"),
        "examples": Field("list", "3 to 8 example questions, shown on start and when civicqa cannot answer"),
        "help": Field("text", "where a resident gets help the pack cannot give; shown under every decline"),
    },
    "vocabulary": {
        "synonyms": Field("synonyms", "groups of words or phrases that mean the same to a resident"),
    },
    "sources": {
        "id": Field("id", "short unique id, e.g. S01", True),
        "title": Field("text", "the source's title", True),
        "publisher": Field("text", "who published it (for a repost: who published the original)", True),
        "url": Field("text", "where it can be read, with https://", True),
        "date": Field("date", "publication date: YYYY, YYYY-MM or YYYY-MM-DD; leave it out for an undated page"),
        "date_approximate": Field("bool", "true when the date was inferred, not printed on the source"),
        "seen_as": Field("choice", "how the source was read", choices=SEEN_AS),
        "note": Field("text", "anything a reader should know about the source"),
        "snapshots": Field("dates", "the dates the page was read, for a page that changes or has no date"),
    },
    "entries": {
        "id": Field("id", "short unique id, e.g. def-287g", True),
        "title": Field("text", "what the entry is about", True),
        "text": Field("text", "the fact in the pack's own words: 1 to 5 sentences, each making sense alone", True),
        "source": Field("text", "the id of a [[sources]] block", True),
        "locator": Field("text", "where in the source: paragraph 5, page 2", True),
        "also": Field("cites", "other sources that say the same, each { source = \"S04\", locator = \"page 2\" }"),
        "topic": Field("text", "the section in `civicqa topics`"),
        "kind": Field("choice", "what the entry is", choices=KINDS),
        "aliases": Field("list", "other names for what the entry is about"),
        "keywords": Field("list", "other words a resident may use for it"),
        "questions": Field("list", "questions this entry answers, in a resident's words"),
        "stance": Field("choice", "for position entries", choices=STANCES),
        "as_of": Field("date", "when a fact that changes was true; answers say 'As of ...'"),
        "date": Field("date", "when the event happened; dated entries are in `civicqa timeline`"),
        "date_approximate": Field("bool", "true when `date` was inferred"),
        "related": Field("list", "ids of entries shown with this one when they speak to the question"),
        "disagrees": Field("list", "ids of entries whose sources say otherwise, shown with this one always"),
        "draft": Field("bool", "true while the entry still has a source's own words"),
    },
    "tests": {
        "question": Field("text", "a question, asked in a fresh conversation (or use chain)"),
        "chain": Field("chain", "a follow-up conversation, asked in order (or use question)"),
        "expect": Field("list", "facts the answer must contain; 'a|b' accepts either"),
        "entry": Field("text", "the id of the entry that must answer it"),
        "decline": Field("bool", "true when civicqa must decline it"),
    },
}
ARRAY_BLOCKS = ("sources", "entries", "tests")  # written [[name]], one block per item


def keys(block: str) -> set[str]:
    return set(BLOCKS[block])


def required(block: str, key: str) -> bool:
    field = BLOCKS.get(block, {}).get(key)
    return field is not None and field.required


def json_schema() -> dict:
    """A JSON Schema of a pack file, as editors with TOML support read it: draft 4, the newest
    Taplo (behind VS Code's Even Better TOML and other editors) reads; a TOML date is checked
    as the text Taplo turns it into."""
    properties = {}
    for block, fields in BLOCKS.items():
        table = {"type": "object", "additionalProperties": False,
                 "properties": {key: _property(field) for key, field in fields.items()}}
        needed = [key for key, field in fields.items() if field.required]
        if needed:
            table["required"] = needed
        if block == "tests":
            table["oneOf"] = [{"required": ["question"]}, {"required": ["chain"]}]
        properties[block] = {"type": "array", "items": table} if block in ARRAY_BLOCKS else table
    return {"$schema": "http://json-schema.org/draft-04/schema#",
            "title": "civicqa knowledge pack", "description": "docs/knowledge-format.md of the civicqa source",
            "type": "object", "additionalProperties": False, "required": ["pack", "entries"],
            "properties": properties}


def _property(field: Field) -> dict:
    described = {"description": field.help}
    if field.type == "id":
        return described | {"type": "string", "pattern": ID_PATTERN}
    if field.type == "text":
        return described | {"type": "string"}
    if field.type in ("list", "chain"):
        return described | {"type": "array", "items": {"type": "string"}} | ({"minItems": 1} if field.type == "chain" else {})
    if field.type == "bool":
        return described | {"type": "boolean"}
    if field.type == "choice":
        return described | {"enum": list(field.choices)}
    if field.type == "date":  # a TOML date (as text: 2010-05-19), or "2010-05" or "2010"
        return described | {"type": "string", "pattern": DATE_PATTERN}
    if field.type == "dates":
        return described | {"type": "array", "items": {"type": "string", "pattern": DATE_PATTERN}}
    if field.type == "cites":
        cite = {"type": "object", "additionalProperties": False, "required": ["source", "locator"],
                "properties": {"source": {"type": "string"}, "locator": {"type": "string"}}}
        return described | {"type": "array", "items": cite}
    if field.type == "synonyms":
        return described | {"type": "array", "items": {"type": "array", "items": {"type": "string"}}}
    raise ValueError(f"no JSON Schema for a field of type {field.type!r}")
