"""The fixed choices of the pack format: entry kinds, stances, how a source was seen, and the
shape of an id. The validator (knowledge.py), the format table (pack_format.py) and the engine
read them from here."""

KINDS = ("definition", "person", "organization", "event", "fact", "position", "overview")
STANCES = ("supported", "opposed", "undecided", "neutral")
SEEN_AS = ("full", "partial", "repost")
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]*$"  # every id: pack, source, entry, `related` and `disagrees`
