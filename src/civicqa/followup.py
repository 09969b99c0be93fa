"""Follow-up resolution: what "it", "she" or "they" refer to, the rest of an elliptical question
("When?", "What about Ahmann?"), and what a turn leaves for the next question to refer to.

    resolve(analysis, conversation, tables)    adds context concepts to the analysis
    turn(analysis, outcome, tables) -> Turn    what the conversation remembers of this question
    retold(turn, tables, code) -> Turn         a turn of another language, in these packs' words
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import NamedTuple

from civicqa.analysis import Analysis, Concept, analyse, phrase_positions, tag_positions
from civicqa.conversation import Conversation, Subject, Turn
from civicqa.knowledge import Entry
from civicqa.patterns import LazyPattern
from civicqa.phrasing import without_openings
from civicqa.question_types import QuestionType
from civicqa.tables import NAMED_THING_KINDS, PackTables
from civicqa.text import fold_accents, sentences, stems, tokenize, words
from civicqa.tuning import CARRIED_WEIGHT, REFERENT_HINT

class Outcome(NamedTuple):  # a NamedTuple, not a dataclass: quicker to define at each start
    """What a follow-up needs to know of an answer."""

    answered: bool
    text: str = ""
    first: Entry | None = None  # the first cited entry
    sentences: tuple[str, ...] = ()  # every sentence the answer showed, as its entry words it
    cited: tuple[Entry, ...] = ()  # every cited entry, the first included
    found: tuple[Entry, ...] = ()  # the entries the answer's sentences could come from (its pool)


def resolve(analysis: Analysis, conversation: Conversation, tables: PackTables) -> None:
    """Add what "it", "her" or "they" refer to, and the rest of an elliptical follow-up
    ("When?", "And by September 2025?", "What about Ahmann?", "And if Question 2 passes too?")."""
    lang = tables.language
    pronouns = lang.PRONOUNS
    lowered = words(analysis.question, lang)
    empty = phrase_positions(lowered, lang.EMPTY_IT)  # "Is it true that ...?": that "it" refers to nothing
    empty |= tag_positions(analysis.question, lowered, lang)  # nor does the "they" of "..., didn't they?"
    referring = [w for i, w in enumerate(lowered) if w in pronouns and i not in empty
                 and _is_pronoun(w, i, lowered, analysis.question, tables)]
    kinds = {pronouns[w] for w in referring if w not in lang.DEMONSTRATIVES}
    if any(w in lang.DEMONSTRATIVES and i not in empty and lang.demonstrative_refers(lowered, i)
           for i, w in enumerate(lowered)):
        kinds.add("thing")
    if any(ref in analysis.question.lower() for ref in lang.THING_REFERENCES):
        kinds.add("thing")
    own = [c for c in analysis.own if not c.soft]
    last = conversation.last
    if last is not None:
        analysis.shown = frozenset(last.shown)
    opening = " ".join(lowered) + " "
    topics = [c for c in own if concept_type(c, tables) == "topic" and not _with_a_name(c, own, tables)]
    # "And by 2025?" and "And how many in 2017?" are elliptical, and so is "And what about
    # Ahmann?"; "And how many ... ?" naming a topic is not, nor "And who is Greg Palmore?", nor
    # "And what did he denounce?": each asks a question of its own.
    asked = without_openings(lowered, lang.OPENING_WORDS)
    asks = bool(asked) and asked[0] in lang.ASKING_WORDS
    asks_anew = asks \
        and not (" ".join(asked) + " ").startswith(lang.ELLIPSIS_STARTS) \
        and (bool(kinds) or any(concept_type(c, tables) != "date" for c in own))
    # "When?", "And?" and "Tell me more" are elliptical; "ok", "thanks" and "hmm" (little words
    # only) ask nothing, of this turn or the last. "And if Question 2 passes too?" asks the last
    # question again of another measure, date or name; "What if I get stopped?" asks anew.
    conditional = opening.startswith(lang.CONDITION_STARTS) and last is not None \
        and not set(lowered) & lang.FIRST_PERSON and _changes_one(own, last, tables)
    elliptical = (not own and not kinds and (asks or opening.startswith(lang.ELLIPSIS_STARTS) or analysis.concepts
                                             or " ".join(lowered) in lang.MORE)) \
        or conditional \
        or opening.startswith(lang.ELLIPSIS_STARTS) and (
        not opening.startswith(lang.AND_START) or not topics and not asks_anew)
    # "And in November?" after "What happened to him in May?" still asks about him; "And what did
    # the mayor say?" names its own person.
    inherited = last.pronoun if elliptical and last is not None and not kinds and not any(
        concept_type(c, tables) == "name" for c in own) else ""
    if inherited:
        kinds.add("person")
    if "person" in kinds and (person := conversation.last_person()):
        word = next((w for w in referring if pronouns[w] == "person"), inherited)
        _add_referent(analysis, word, person, tables, full=not own)
    if "group" in kinds:
        if last is not None and last.stance and not analysis.stance:
            analysis.stance = last.stance
            analysis.resolved[lang.GROUP_WORD] = lang.the_people_who(last.stance)
        elif not analysis.stance and last is not None and (group := last.group or _organization_named(last, tables)) \
                and not _names_subject(own, group):
            # "they" is the organization the conversation is about (the union, not its lawsuit);
            # in "Why did they oppose it?" it is a side, as above.
            word = next(w for w in referring if pronouns[w] == "group")
            _add_referent(analysis, word, group, tables, full=not own)
        else:
            kinds.add("thing")
    if "thing" in kinds:
        subject = conversation.last_subject() or tables.topic
        if not _names_subject(own, subject):
            word = next((w for w in lowered if pronouns.get(w) == "thing"), lang.THING_WORD)
            _add_referent(analysis, word, subject, tables, full=not own)
    if elliptical and last is not None:
        _carry_over(analysis, own, last, tables)
    elif last is not None and (named := _named_again(lowered, analysis.question, last, tables)):
        # "What was that money supposed to pay for?": the money the last question asked about
        # (the board's 2021 budget), so its words count too, as context.
        asked = {t for c in own for alt in c.alternatives for t in alt}
        analysis.concepts += [_as_context(c) for c in last.concepts
                              if not asked & {t for alt in c.alternatives for t in alt}]
        analysis.resolved[named] = last.question


def _named_again(lowered: list[str], question: str, last: Turn, tables: PackTables) -> str:
    """"that money", "esa demanda": a demonstrative before a word the last question or its
    answer used, which names that thing again (language.determines); "" if the question has
    none."""
    lang = tables.language
    earlier = {t for c in last.concepts for alt in c.alternatives for t in alt}
    for position, word in enumerate(lowered[:-1]):
        following = lowered[position + 1]
        if lang.determines(lowered, position, question):
            noun = tokenize(following, lang=lang)
            if noun and (noun[0] in earlier or any(noun[0] in tokenize(s, lang=lang, from_pack=True) for s in last.shown)):
                return f"{word} {following}"
    return ""


def _is_pronoun(word: str, position: int, lowered: list[str], question: str, tables: PackTables) -> bool:
    """Whether a pronoun's word is the pronoun here: not when it begins the name of a person
    the packs know ("Les Heitke"); and Spanish "el" is the article ("el alcalde") unless
    written "él", ending the question ("¿y qué dijo el?") or followed by a word no noun is
    ("¿qué dijo el sobre el programa?")."""
    lang = tables.language
    named = tables.people_by_first_word.get(word.capitalize(), ())
    if any(question.startswith(name, found.start()) for found in re.finditer(rf"(?<!\w){word.capitalize()}\b", question)
           for name, _ in named):
        return False
    accented = lang.ARTICLE_PRONOUNS.get(word)
    return accented is None or position == len(lowered) - 1 or lowered[position + 1] in lang.AFTER_PRONOUN \
        or bool(re.search(rf"(?<!\w){accented}(?!\w)", question, re.IGNORECASE))


def _carry_over(analysis: Analysis, own: list[Concept], last: Turn, tables: PackTables) -> None:
    """Keep the last question's intent; what this one names replaces what it named."""
    replaced = {concept_type(c, tables) for c in own} - {"topic"}
    when = _time_phrase_terms(last.question, tables) if "date" in replaced else frozenset()
    # "Question 1" was read as "question1" and "1": with another measure asked, its number goes too.
    numbers = _measure_numbers(last.concepts, tables.language) if "measure" in replaced else frozenset()
    for concept in last.concepts:
        if concept_type(concept, tables) in replaced or any(terms and set(concept.asked) <= terms for terms in (when, numbers)):
            continue  # this question names its own time or measure: the last one's goes, phrase and number alike
        analysis.concepts.append(_as_context(concept))
    analysis.resolved["(follow-up)"] = last.question
    if last.stance and not analysis.stance:
        analysis.stance = last.stance
    if analysis.qtype in (QuestionType.WHAT, QuestionType.DEFINITION) and last.qtype != QuestionType.WHAT:
        analysis.qtype = QuestionType(last.qtype)  # "And by 2025?" keeps "how many"


def _changes_one(own: list[Concept], last: Turn, tables: PackTables) -> bool:
    """Whether the question names a ballot measure, a date or a person the last one did not
    ("Question 2" after "Question 1"): what a conditional follow-up replaces."""
    before = {t for c in last.concepts for t in c.asked}
    return any(concept_type(c, tables) in _REPLACEABLE and not set(c.asked) <= before for c in own)


_REPLACEABLE = ("measure", "date", "name")


def _measure_numbers(concepts: tuple[Concept, ...], lang: ModuleType) -> frozenset[str]:
    """The numbers of the ballot measures concepts name ("question1" -> "1")."""
    found = (lang.DESIGNATION_TERM.fullmatch(t) for c in concepts for t in c.asked)
    return frozenset(m.group(1) for m in found if m)


def _time_phrase_terms(question: str, tables: PackTables) -> frozenset[str]:
    """The index terms of the time phrase that ends a question ("by the end of the Obama
    administration"), if it has one."""
    found = tables.language.TIME_PHRASE.search(question)
    return frozenset(tokenize(found.group("time"), lang=tables.language)) if found else frozenset()


def _add_referent(analysis: Analysis, word: str, subject: Subject, tables: PackTables, full: bool) -> None:
    """A referent counts in full when it is all the question names; as a hint otherwise."""
    if not subject.terms:  # a name of stopwords only ("The"): nothing to look for
        return
    analysis.resolved[word] = subject.label
    idf = max(tables.alt_idf(a) for a in subject.terms)
    analysis.concepts.append(Concept(
        label=subject.label, alternatives=subject.terms, weight=idf * (1.0 if full else REFERENT_HINT),
        origin="context", idf=idf,
    ))


def _names_subject(own: list[Concept], subject: Subject) -> bool:
    subject_terms = {t for alt in subject.terms for t in alt}
    return any(t in subject_terms for c in own for alt in c.alternatives for t in alt)


def turn(analysis: Analysis, outcome: Outcome, tables: PackTables, previous: Turn | None = None) -> Turn:
    """What the next question's "it", "she" or "they" will mean (`previous`: the last turn)."""
    own = [c for c in analysis.own if not c.soft]
    person = _person_named(own, tables)
    answered = outcome.answered
    if person is None and answered and outcome.first is not None and outcome.first.kind == "person":
        person = _person_subject(outcome.first, tables.language)
    if person is None and answered and analysis.qtype is QuestionType.WHO and not analysis.stance:
        person = _person_in(outcome.text, tables)
    if person is None and answered and outcome.first is not None and outcome.first.kind == "position":
        person = _person_in(outcome.first.title, tables)  # "Steve Ahmann supported ...": "he" is Ahmann
    return Turn(
        question=analysis.question, qtype=analysis.qtype,
        subject=(_instance_named(analysis, outcome, tables) or _designation_named(analysis, outcome, tables)
                 or _main_subject(own, outcome, _referred(analysis, ("thing", "group"), tables), tables))
        if answered else None,
        person=person, stance=analysis.stance if analysis.stance != "both" else "",
        concepts=_meant(analysis) if answered else (),
        shown=outcome.sentences,
        pronoun=next((w for w in analysis.resolved if tables.language.PRONOUNS.get(w) == "person"), ""),
        group=_group_of(analysis, outcome, previous, tables) if answered else None,
        entries=tuple(entry.id for entry in outcome.cited),
    )


def retold(turn: Turn, tables: PackTables, code: str) -> Turn:
    """A turn asked in another language, as this language's packs would have remembered it (the
    turn as first asked in this language, when it was). What it named that these packs know
    too stays ("ICE", "287g", "Ahmann", "2010"); when none of what it asked does, the words of
    the title of the twin of its first cited entry (the entry of the same id) stand for it,
    numbers aside, so "¿Y cuándo?" after "Who proposed it?" still asks about the proposal. Its
    subject stays when these packs know its words, else it is that twin. A turn whose entries
    have no twin here keeps only what stays."""
    if turn.before is not None and turn.before.language == code:
        return turn.before
    ids = set(turn.entries)
    twins = {entry.id: entry for entry in tables.entries if entry.id in ids}  # read once, when the language changes
    twin = next((twins[entry_id] for entry_id in turn.entries if entry_id in twins), None)
    known = tables.index.has
    kept = [c for c in turn.concepts if any(all(known(t) for t in alt) for alt in c.alternatives)]
    about = _entry_subject(twin, tables.language) if twin is not None else None
    if twin is not None and all(c.soft for c in kept):  # nothing it asked is said the same way here
        kept += [c for c in analyse(twin.title, tables).own if not any(t[:1].isdigit() for t in c.asked)]

    def here(subject: Subject | None) -> Subject | None:
        if subject is None or any(all(known(t) for t in alt) for alt in subject.terms):
            return subject
        return about

    return turn._replace(concepts=tuple(kept), shown=(), subject=here(turn.subject), group=here(turn.group),
                         language=code, before=turn)


def _meant(analysis: Analysis) -> tuple[Concept, ...]:
    """What the question asked about, for the next one to keep: its own concepts, and for an
    elliptical one ("What about money from the state?") those it kept of the last question
    (the PAB's 2021 budget), fading a little at each turn."""
    if "(follow-up)" not in analysis.resolved:
        return tuple(analysis.own)
    return tuple(analysis.own + analysis.carried)


def _group_of(analysis: Analysis, outcome: Outcome, previous: Turn | None, tables: PackTables) -> Subject | None:
    """The organization a turn was about, which "they" and "their" will mean next: the one the
    question referred to that way, or the one the answer's first entry is about; or the last
    turn's, while the question refers back ("What is the Locust Club?", "Who is its
    president?", "Why did he say their lawsuit came late?")."""
    found = _referred(analysis, ("group",), tables)
    if found is None and outcome.first is not None and outcome.first.kind == "organization":
        return _entry_subject(outcome.first, tables.language)
    if found is None and previous is not None and any(c.origin == "context" for c in analysis.concepts):
        return previous.group
    return found


def _organization_named(turn: Turn, tables: PackTables) -> Subject | None:
    """An organization the turn's question named by its title or an alias, in one concept's
    wording ("police union" in a synonym group) or in words one after another ("lifeguards'
    union"), if it named one. Looked up only when "they" asks for it: at 100,000 entries the
    table takes 16 ms to read from the cache."""
    own = [c for c in turn.concepts if not c.soft]
    wordings = [" ".join(alt) for c in own for alt in c.alternatives]
    wordings += [" ".join(t for c in own[i:j] for t in c.asked) for i in range(len(own))
                 for j in range(i + _FEWEST_WORDS, min(len(own), i + _LONGEST_NAME) + 1)]
    named = tables.named_things
    found = next((named[w] for w in wordings
                  if w in named and tables.entries[named[w]].kind == "organization"), None)
    return None if found is None else _entry_subject(tables.entries[found], tables.language)


def _instance_named(analysis: Analysis, outcome: Outcome, tables: PackTables) -> Subject | None:
    """The thing of the kind a which-question asked for that the answer's first sentence names
    ("Which 287(g) model did the county sign?" answered "... the warrant service officer (WSO)
    model"): an organization or a defined term whose name holds the kind asked for (its noun)
    and says more than the question did. "It" will mean that thing. Looked up only for a
    which-question, word runs of the sentence against the table of names."""
    lang = tables.language
    kind = set(tokenize(lang.which_kind(words(analysis.question, lang)), lang=lang))
    kind -= {alt[0] for alt in tables.topic.terms if len(alt) == 1}  # "287(g)" of every model: not a kind
    if not kind or not outcome.text:
        return None
    asked = {t for c in analysis.own for alt in c.alternatives for t in alt}
    said = tokenize(sentences(outcome.text, lang)[0], lang=lang, from_pack=True)
    named = tables.named_things
    for start in range(len(said)):
        for end in range(min(len(said), start + _LONGEST_THING), start, -1):
            name = said[start:end]
            found = named.get(" ".join(name))
            if found is not None and kind & set(name) and set(name) - asked:
                return _entry_subject(tables.entries[found], lang)
    return None


def _designation_named(analysis: Analysis, outcome: Outcome, tables: PackTables) -> Subject | None:
    """The numbered ballot measure a which-question asked for that the answer's first sentence
    names ("Which ballot question paid for that?" answered "... Question 1 of the 2025
    referendum paid ..."): "it" will mean Question 1, searched as the index term the tokenizer
    makes of it ("question1"). Only when the question names the kind ("question", "measure",
    "proposición"; not the everyday "issue") and no number of its own."""
    lang = tables.language
    asked = without_openings(words(analysis.question, lang), lang.OPENING_WORDS)
    if not outcome.text or not asked or asked[0] not in lang.WHICH_WORDS \
            or lang.DESIGNATED.search(fold_accents(analysis.question)):
        return None
    kinds = set(asked) - lang.SOFT_WORDS
    if not any(word in " ".join(kinds) + " " for word in lang.DESIGNATION_WORDS):
        return None  # no kind of measure asked for: the answer is not split into sentences
    first = fold_accents(sentences(outcome.text, lang)[0])
    found = next((m for m in lang.DESIGNATED.finditer(first) if m.group(1).lower() in kinds), None)
    if found is None:
        return None
    return Subject(label=found.group(0), terms=(tuple(tokenize(found.group(0), lang=lang, from_pack=True)[:1]),))


# Words of a question read together as one organization's name: at least, at most.
_FEWEST_WORDS = 2
_LONGEST_NAME = 4
_LONGEST_THING = 6  # words of a defined term's name read together: "warrant service officer model"


def _main_subject(own: list[Concept], outcome: Outcome, referent: Subject | None,
                  tables: PackTables) -> Subject | None:
    """What "it" will mean next: the question's most specific word that is not a name or a
    stance, preferring one that names what the answer's first entry is about, then one naming
    another cited entry (as asked: "end" naming "ICE stops renewing ..." through a synonym does
    not count), then one naming an entry the answer could have come from: a thing the packs
    name ("the Police Accountability Board"), not a verb of the question ("decide"). Unless
    the question referred back and names no cited entry's subject ("When did it end?": still
    the task force model). A body or a term the first entry is about is the
    subject by all its names ("What is Pool Friends?": Pool Friends, not "pool")."""
    top = outcome.first
    stance_terms = {alt[0] for g in tables.stance_terms.values() for alt in g if len(alt) == 1}  # not "pool" of "pro pool"
    things = [c for c in own if concept_type(c, tables) == "topic"
              and not any(t.isdigit() for t in c.asked)
              and not {t for alt in c.alternatives for t in alt} & stance_terms]
    if not things:  # the question named only names ("the Locust Club"): "it" is what the answer was about
        return _entry_subject(top, tables.language) if top is not None and top.kind != "person" and own else None
    lang = tables.language
    first_names = _name_terms(top, lang) if top else set()
    cited_names = {t for entry in outcome.cited if entry.kind != "person" for t in _name_terms(entry, lang)}

    def names(concept: Concept, terms: set[str]) -> bool:  # "it" is no person: "its president" names none
        return set(concept.asked or concept.alternatives[0]) <= terms

    def cited(concept: Concept) -> tuple[bool, bool]:
        return names(concept, first_names), names(concept, cited_names)

    most = max(map(cited, things))
    tied = [c for c in things if cited(c) == most]
    best = tied[0]
    if len(tied) > 1:  # only then are the names of the entries it could have come from read
        found_names = [_name_terms(entry, lang) for entry in outcome.found if entry.kind != "person"]
        best = max(tied, key=lambda c: (any(names(c, terms) for terms in found_names), c.weight))
    if referent is not None and not names(best, cited_names):
        return referent
    if names(best, first_names) and top.kind in NAMED_THING_KINDS:
        return _entry_subject(top, lang)
    return Subject(label=best.label, terms=best.alternatives)



def _referred(analysis: Analysis, kinds: tuple[str, ...], tables: PackTables) -> Subject | None:
    """What the question's pronouns of these kinds were taken to mean (resolve), if anything:
    "thing" for "it" and "that", "group" for "they" and "their"."""
    pronouns = tables.language.PRONOUNS
    labels = {label for word, label in analysis.resolved.items() if pronouns.get(word) in kinds}
    found = next((c for c in analysis.concepts if c.origin == "context" and c.label in labels), None)
    return Subject(label=found.label, terms=found.alternatives) if found else None


def _name_terms(entry: Entry, lang: ModuleType) -> set[str]:
    """The terms of an entry's title and aliases: what it is about."""
    return set(tokenize(" ".join((entry.title, *entry.aliases)), lang=lang, from_pack=True))


def _person_named(concepts: list[Concept], tables: PackTables) -> Subject | None:
    """The person a question names by surname ("Leuze", "Charly Leuze"), if any."""
    asked = {alt for c in concepts for alt in c.alternatives}
    found = [tables.person_with_surname(alt[0]) for alt in asked if len(alt) == 1]
    first = min((position for position in found if position is not None), default=None)
    return None if first is None else _person_subject(tables.entries[first], tables.language)


def _person_in(text: str, tables: PackTables) -> Subject | None:
    """The person whose name (or an alias with the surname: "Mike Mazzeo", not "superintendent")
    comes first in the text, as whole words ("Scott", not "Scottsdale"), if any names one. The
    text is read once, word by word: at 100,000 entries there are tens of thousands of names."""
    for word in _LETTERS.finditer(text):
        start = word.start()
        found = [position for name, position in tables.people_by_first_word.get(word.group(0), ())
                 if text.startswith(name, start) and not text[start + len(name) : start + len(name) + 1].isalnum()]
        if found:
            return _person_subject(tables.entries[min(found)], tables.language)
    return None


_LETTERS = LazyPattern(r"[^\W_]+")  # a run of letters or digits (as str.isalnum): where a name can start


def _with_a_name(concept: Concept, own: list[Concept], tables: PackTables) -> bool:
    """Whether a word makes a person's alias with another word of the question: "Sheriff" in
    "And Sheriff Hartog?" (an alias "Sheriff Hartog") is part of a name, not a topic."""
    return any(" ".join((*first.asked, *second.asked)) in tables.person_names_terms
               for other in own if other is not concept
               for first, second in ((concept, other), (other, concept)))


def concept_type(concept: Concept, tables: PackTables) -> str:
    """name (a person), date (a year or month), measure (a numbered ballot measure: "Question
    2"), or topic: what a follow-up may replace."""
    if any(" ".join(alt) in tables.person_names_terms for alt in concept.alternatives):
        return "name"  # "Leuze", "Charly Leuze", an alias; not "Community Park School" for a person named Park
    tokens = {t for alt in concept.alternatives for t in alt}
    lang = tables.language
    months = stems(lang.MONTHS_AND_SEASONS, lang)
    if all(lang.YEAR.fullmatch(t) or t in months for t in tokens):
        return "date"
    if any(lang.DESIGNATION_TERM.fullmatch(t) for t in concept.asked):
        return "measure"
    return "topic"


def _as_context(concept: Concept) -> Concept:
    return Concept(concept.label, concept.alternatives, concept.weight * CARRIED_WEIGHT, "context",
                   concept.expanded_by, False, concept.soft, concept.asked, concept.idf)


def _entry_subject(entry: Entry, lang: ModuleType) -> Subject:
    """An organization, term or event as a subject: its title and aliases."""
    return Subject(label=entry.title, terms=_names(entry, lang))


def _names(entry: Entry, lang: ModuleType) -> tuple[tuple[str, ...], ...]:
    named = (tuple(tokenize(n, lang=lang, from_pack=True)) for n in (entry.name, *entry.aliases))
    return tuple(dict.fromkeys(n for n in named if n))


def _person_subject(entry: Entry, lang: ModuleType) -> Subject:
    names = _names(entry, lang)
    surname = names[0][-1:] if names else ()
    alternatives = tuple(dict.fromkeys((surname,) + names)) if surname else names
    return Subject(label=entry.name, terms=alternatives)
