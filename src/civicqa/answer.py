"""From a question to a short, cited answer, or an honest "this pack does not cover that".

    analyse   what kind of question it is, its meaningful words (concepts), their synonyms and
              likely misspellings, and what "it", "she" or "they" refer to;
    retrieve  BM25 over the entries, concept by concept;
    decide    answer only when the best entries cover most of the question's weighted meaning;
    compose   pick the sentences that answer this kind of question, each with its citation.

Everything a pack-specific vocabulary needs (synonyms, the main topic, names) comes from the
packs, never from code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from civicqa.conversation import Conversation, Subject, Turn
from civicqa.index import top_positions
from civicqa.knowledge import KINDS, STANCES, Entry, Pack
from civicqa.tables import YEAR, PackTables, counts
from civicqa.text import LazyPattern, PRONOUNS, SOFT_WORDS, normalize, stem, terms, tokenize, words

# Evidence needed to answer: the share of the question's weighted meaning that one leading
# entry matches; or a smaller share when that entry matches several specific words of a long,
# chatty question. Measured on tests/questions/dev.toml (see docs/quality.md).
MIN_COVERAGE = 0.65
MIN_PARTIAL_COVERAGE = 0.35
MIN_SPECIFIC = 3
MIN_NAMED = 2.5  # the IDF of a name the question gives in full: "Velez Bustos", "MOA"
# A question with more meaningful words than this is long and chatty: its everyday words
# ("grandson", "coffee shop") lower the share, and an unknown name in it is not its subject.
SHORT_QUESTION = 8
MIN_LONG_COVERAGE = 0.25
# Characters of answer text: a factoid is a sentence or two, an overview a short paragraph.
FACTOID_BUDGET = 400
OVERVIEW_BUDGET = 800
# Soft words ("say", "main", "today") count this much of their IDF as evidence.
SOFT_WEIGHT = 0.3
# Entries re-ranked by how much of their title the question names, and by how much.
RERANK = 50
ABOUTNESS = 1.0
# A synonym matches a little less than the word as asked, so exact wording wins ties.
SYNONYM_DISCOUNT = 0.8
# A word matched only through a likely misspelling counts this much.
SPELLING_WEIGHT = 0.8
# Words of one question looked up as likely misspellings, at most: each lookup compares the word
# with the whole spelling vocabulary, and a question has rarely more than four such words.
MAX_SPELLING_LOOKUPS = 12

SOFT_STEMS = frozenset(stem(w) for w in SOFT_WORDS)
_AUXILIARIES = frozenset(
    "is are was were did does do has have had can could will would should may might isnt arent "
    "wasnt werent didnt doesnt dont hasnt havent".split()
)
_EVALUATIVE = frozenset(stem(w) for w in (
    "good bad better worse fair unfair right wrong pros cons benefit benefits harm harms worth "
    "helpful harmful argument arguments".split()
))
_BALANCE = LazyPattern(
    r"\b(good or bad|bad or good|pros and cons|for and against|both sides|two sides|arguments|"
    r"right or wrong|helpful or harmful|fair or unfair)\b")
_PRESENT = frozenset("now today currently current nowadays anymore still".split())
_OPINION = frozenset("position stance stand view views opinion think thought feel felt side".split())
_SAYING = frozenset("say said says tell told claim claimed argue argued find found report reported "
                    "conclude concluded quote quoted describe described call called".split())
_STATEMENT = LazyPattern(r"\b(said|says|say|told|found|finds|reported|argued|concluded|called|wrote)\b|\"")
_THING_REFERENCES = ("the program", "the plan", "the proposal", "the idea", "that program", "this program")
_ELLIPSIS_STARTS = ("and ", "what about ", "how about ", "what of ")
_MONTH = LazyPattern(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
_MONTH_TERMS = frozenset(
    stem(m.lower()) for m in "January February March April May June July August September October "
    "November December spring summer fall autumn winter".split()
)
_PLACES = LazyPattern(r"\b(in|at|from|near|including) (the )?[A-Z][a-z]+|[A-Z][a-z]+, [A-Z][a-z]+")
_REASON = LazyPattern(r"\b(because|so that|reason|concern|worr|fear|in order to|aim|purpose|said)", re.I)


@dataclass(frozen=True)
class Concept:
    """One meaningful part of a question, with the ways the pack may word it."""

    label: str  # as the question put it
    alternatives: tuple[tuple[str, ...], ...]  # each alternative is a tuple of index terms
    weight: float  # how much it counts as evidence (its IDF)
    origin: str = "question"  # question | context
    expanded_by: str = ""  # "synonyms" or "spelling" when alternatives were added
    proper: bool = False  # written as a name in the question
    soft: bool = False
    asked: tuple[str, ...] = ()  # the index terms of the words as asked
    idf: float = 0.0  # how rare the words as asked are: the BM25 weight of every wording


@dataclass
class Analysis:
    question: str
    qtype: str
    concepts: list[Concept]
    stance: str = ""  # opposed | supported | both: the question asks who was for or against
    resolved: dict[str, str] = field(default_factory=dict)
    asks_opinion: bool = False  # "what was his position?", "what did she think?"
    asks_statement: bool = False  # "what did the watchdog say?", "what did the report find?"
    asks_present: bool = False  # "now", "today", "still"

    @property
    def own(self) -> list[Concept]:
        return [c for c in self.concepts if c.origin == "question"]


@dataclass
class Candidate:
    entry: Entry
    score: float
    matched: tuple[str, ...]  # labels of the concepts the entry matches


@dataclass
class Citation:
    marker: int
    entry: Entry
    score: float
    text: str  # the cited sentences


@dataclass
class Answer:
    question: str
    text: str
    abstained: bool
    citations: list[Citation]
    analysis: Analysis
    candidates: list[Candidate]
    reason: str
    suggestions: list[str] = field(default_factory=list)


class Explainer:
    """Answers questions from one or more knowledge packs. Build once; ask many times."""

    def __init__(self, packs: list[Pack]) -> None:
        self.tables = PackTables(packs)

    @classmethod
    def of(cls, tables: PackTables) -> Explainer:
        """The engine over tables already built (civicqa.store restores them)."""
        explainer = cls.__new__(cls)
        explainer.tables = tables
        return explainer

    @property
    def packs(self) -> list[Pack]:
        return self.tables.packs

    # -- the pipeline ---------------------------------------------------------------------

    def ask(self, question: str, conversation: Conversation | None = None) -> Answer:
        conversation = conversation if conversation is not None else Conversation()
        analysis = self.analyse(question, conversation)
        candidates, coverage = self.retrieve(analysis)
        reason = self.decide(analysis, candidates, coverage)
        if reason:
            answer = Answer(question, "", True, [], analysis, candidates, reason, self.suggestions())
        else:
            text, citations = self.compose(analysis, candidates)
            answer = Answer(question, text, False, citations, analysis, candidates,
                            f"the best entries cover {coverage:.0%} of the question's meaning")
        conversation.remember(self._turn(analysis, answer))
        return answer

    def suggestions(self, count: int = 3) -> list[str]:
        """Questions the packs can answer: their examples, else some entries' sample questions."""
        return self.tables.examples[:count]

    # -- analyse --------------------------------------------------------------------------

    def analyse(self, question: str, conversation: Conversation) -> Analysis:
        text = " ".join(normalize(question).split())
        lowered = words(text)
        analysis = Analysis(question=text, qtype=_question_type(lowered, text), concepts=[],
                            asks_opinion=bool(set(lowered) & _OPINION),
                            asks_statement=bool(set(lowered) & _SAYING),
                            asks_present=bool(set(lowered) & _PRESENT) or "these days" in " ".join(lowered))
        analysis.concepts = self._concepts(text)
        own_terms = {t for c in analysis.concepts for alt in c.alternatives for t in alt}
        for stance, group in self.tables.stance_terms.items():
            if group and own_terms & {t for alt in group for t in alt}:
                analysis.stance = "both" if analysis.stance else stance
        if _BALANCE.search(" ".join(lowered)) or (
                analysis.qtype == "yes_no" and any(stem(w) in _EVALUATIVE for w in lowered)):
            analysis.stance = "both"  # "Is 287(g) good or bad?", "the pros and cons"
        self._resolve(analysis, lowered, conversation)
        return analysis

    def _concepts(self, text: str) -> list[Concept]:
        sequence = terms(text)
        index_terms = [t for _, t, _ in sequence]  # once: rebuilding it at each word was quadratic
        proper = _proper_terms(text)
        concepts: list[Concept] = []
        seen: set[tuple] = set()
        spelled: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {}  # a repeated word is looked up once
        position = 0
        while position < len(sequence):
            group, length = self._synonyms_at(index_terms, position)
            span = sequence[position : position + length]
            position += length
            if not group and span[0][2]:
                continue  # a stopword that starts no synonym phrase
            label_terms = tuple(t for _, t, stop in span if not stop) or tuple(t for _, t, _ in span)
            if group:
                alternatives, expanded = group, "synonyms"
            else:
                word = (span[0][0], label_terms[0])
                if word not in spelled and self._may_be_misspelled(*word):
                    spelled[word] = self._spellings(*word) if len(spelled) < MAX_SPELLING_LOOKUPS else ()
                alternatives = (label_terms,) + spelled.get(word, ())
                expanded = "spelling" if len(alternatives) > 1 else ""
            key = tuple(sorted(alternatives))
            if key in seen:
                continue
            seen.add(key)
            known = [alt for alt in alternatives if all(self.tables.index.has(t) for t in alt)]
            if label_terms in known:
                weight = self.tables.alt_idf(label_terms)
            else:  # asked in words the packs lack: as specific as the least specific synonym
                weight = min((self.tables.alt_idf(a) for a in known), default=self.tables.index.max_idf)
            idf = weight
            if expanded == "spelling" and known:
                weight *= SPELLING_WEIGHT
            soft = all(t in SOFT_STEMS for t in label_terms)
            concepts.append(Concept(
                label=" ".join(w for w, _, stop in span if not stop) or " ".join(w for w, _, _ in span),
                alternatives=alternatives,
                weight=weight * (SOFT_WEIGHT if soft else 1.0), expanded_by=expanded,
                proper=any(t in proper for t in label_terms), soft=soft, asked=label_terms, idf=idf,
            ))
        return concepts

    def _synonyms_at(self, sequence: list[str], position: int) -> tuple[tuple, int]:
        for length in (5, 4, 3, 2, 1):
            phrase = tuple(sequence[position : position + length])
            if len(phrase) == length and phrase in self.tables.synonyms:
                return self.tables.synonyms[phrase], length
        return (), 1

    def _spellings(self, word: str, term: str) -> tuple[tuple[str, ...], ...]:
        """Likely intended names for a word the packs lack ("Leuse" -> Leuze, "DeBlick" -> DeBlieck).

        Only longer words, only names and vocabulary words of the packs, and only close
        matches that start with the same letter: "joke" must not become "Joe".
        """
        if not self._may_be_misspelled(word, term):
            return ()
        import difflib  # only for a word the packs lack

        close = difflib.get_close_matches(word, self.tables.spelling_vocabulary, n=3, cutoff=0.8)
        found = [self.tables.spelling_vocabulary[c] for c in close if c[0] == word[0]]
        return tuple(dict.fromkeys((t,) for t in found if self.tables.index.has(t)))[:2]

    def _may_be_misspelled(self, word: str, term: str) -> bool:
        return not self.tables.index.has(term) and len(word) >= 6 and word.isalpha()

    def _resolve(self, analysis: Analysis, lowered: list[str], conversation: Conversation) -> None:
        """Add what "it", "her" or "they" refer to, and the rest of an elliptical follow-up
        ("When?", "And by September 2025?", "What about Ahmann?")."""
        kinds = {PRONOUNS[w] for w in lowered if w in PRONOUNS and w not in ("this", "that")}
        if lowered and lowered[-1] in ("this", "that"):
            kinds.add("thing")
        if any(ref in analysis.question.lower() for ref in _THING_REFERENCES):
            kinds.add("thing")
        own = [c for c in analysis.own if not c.soft]
        last = conversation.last
        if "person" in kinds and (person := conversation.last_person()):
            word = next(w for w in lowered if PRONOUNS.get(w) == "person")
            self._add_referent(analysis, word, person, full=not own)
        if "group" in kinds:
            if last is not None and last.stance and not analysis.stance:
                analysis.stance = last.stance
                analysis.resolved["they"] = f"the people who {last.stance} it"
            else:
                kinds.add("thing")
        if "thing" in kinds:
            subject = conversation.last_subject() or self.tables.topic
            if not self._names_subject(own, subject):
                word = next((w for w in lowered if PRONOUNS.get(w) == "thing"), "it")
                self._add_referent(analysis, word, subject, full=not own)
        opening = " ".join(lowered) + " "
        topics = [c for c in own if _concept_type(c, self.tables.person_terms) == "topic"]
        elliptical = (not own and not kinds) or opening.startswith(_ELLIPSIS_STARTS) and (
            not opening.startswith("and ") or not topics)  # "And by 2025?", not "And how many ... ?"
        if elliptical and last is not None:
            # Keep the last question's intent; what this one names replaces what it named.
            replaced = {_concept_type(c, self.tables.person_terms) for c in own} - {"topic"}
            for concept in last.concepts:
                if _concept_type(concept, self.tables.person_terms) not in replaced:
                    analysis.concepts.append(_as_context(concept))
            analysis.resolved["(follow-up)"] = last.question
            if last.stance and not analysis.stance:
                analysis.stance = last.stance
            if analysis.qtype in ("what", "definition") and last.qtype != "what":
                analysis.qtype = last.qtype

    def _add_referent(self, analysis: Analysis, word: str, subject: Subject, full: bool) -> None:
        """A referent counts in full when it is all the question names; as a hint otherwise."""
        analysis.resolved[word] = subject.label
        idf = max(self.tables.alt_idf(a) for a in subject.terms)
        analysis.concepts.append(Concept(
            label=subject.label, alternatives=subject.terms, weight=idf * (1.0 if full else 0.5),
            origin="context", idf=idf,
        ))

    @staticmethod
    def _names_subject(own: list[Concept], subject: Subject) -> bool:
        subject_terms = {t for alt in subject.terms for t in alt}
        return any(t in subject_terms for c in own for alt in c.alternatives for t in alt)

    # -- retrieve -------------------------------------------------------------------------

    def concept_matches(self, concept: Concept) -> tuple[np.ndarray, np.ndarray]:
        """The entries that word the concept in any of its ways (all of a wording's terms
        present), and the concept's BM25 score in each: sorted entry positions, scores.

        Each wording counts with the IDF of the word as asked, so a rare synonym ("MOA" for
        "agreement") matches like the asked word instead of outranking it.
        """
        found_docs, found_scores = [], []
        for alternative in concept.alternatives:
            docs, weights = self.tables.index.weights(alternative[0])
            for term in alternative[1:]:
                other_docs, other_weights = self.tables.index.weights(term)
                docs, mine, theirs = np.intersect1d(docs, other_docs, assume_unique=True, return_indices=True)
                weights = weights[mine] + other_weights[theirs]
            if len(docs):
                scale = 1.0 if alternative == concept.asked else SYNONYM_DISCOUNT
                found_docs.append(docs)
                found_scores.append(weights * (scale / len(alternative)))
        if not found_docs:
            return np.zeros(0, dtype=np.int32), np.zeros(0)
        if len(found_docs) == 1:
            return found_docs[0], found_scores[0] * concept.idf
        best = np.zeros(self.tables.index.size)  # each entry's best wording
        for docs, scores in zip(found_docs, found_scores):
            best[docs] = np.maximum(best[docs], scores)
        docs = np.flatnonzero(best)
        return docs, best[docs] * concept.idf

    def retrieve(self, analysis: Analysis, limit: int = 8) -> tuple[list[Candidate], float]:
        if not analysis.concepts:
            return [], 0.0
        if analysis.stance:
            limit = 40  # a "who supported it?" answer lists positions from far down the ranking
        matches = [self.concept_matches(c) for c in analysis.concepts]
        total = np.zeros(self.tables.index.size)
        for concept, (docs, scores) in zip(analysis.concepts, matches):
            scale = (SOFT_WEIGHT if concept.soft else 1.0) * (1.0 if concept.origin == "question" else 0.7)
            total[docs] += scale * scores
        total *= self._kind_boost(analysis)
        shortlist = np.array([i for i, _ in top_positions(total, RERANK)], dtype=np.int64)
        asked = {t for c in analysis.concepts for t in (c.asked or c.alternatives[0])}
        for i in shortlist:
            total[i] *= 1 + ABOUTNESS * self._aboutness(i, asked)
        matched = [np.isin(shortlist, docs) for docs, _ in matches]  # concept x shortlisted entry
        order = sorted(range(len(shortlist)), key=lambda k: -total[shortlist[k]])[:limit]
        candidates = [
            Candidate(self.tables.entries[shortlist[k]], float(total[shortlist[k]]),
                      tuple(c.label for c, hits in zip(analysis.concepts, matched) if hits[k]))
            for k in order
        ]
        return candidates, self._coverage(analysis, candidates)

    def _aboutness(self, position: int, asked: set[str]) -> float:
        """How closely what an entry is about (its title or an alias) matches what the question
        names: the overlap of the two sets of words over their union."""
        return max((len(name & asked) / len(name | asked) for name in self.tables.entry_names(position) if name),
                   default=0.0)

    def _kind_boost(self, analysis: Analysis) -> np.ndarray:
        """Favor the entries that can answer this kind of question: people for "who", numbers
        for "how many", dated events for "when", definitions for "what is"."""
        preferred = {
            "definition": {"definition": 1.3, "organization": 1.25, "person": 1.25},
            "who": {"person": 1.4, "position": 1.15, "organization": 1.1},
            "when": {"event": 1.25},
            "why": {"position": 1.3, "overview": 1.1},
            "yes_no": {"overview": 1.3, "event": 1.1},
            "how_many": {"fact": 1.1},
        }.get(analysis.qtype, {})
        boost = np.ones(self.tables.index.size)
        if analysis.qtype == "how_many":
            boost *= np.where(self.tables.has_number, 1.3, 1.0)
        if analysis.qtype == "when":
            boost *= np.where(self.tables.has_date, 1.3, 1.0)
        if analysis.asks_opinion:
            preferred = {**preferred, "position": 1.4}
        if analysis.asks_present:
            boost *= np.where(self.tables.recent, 1.3, 1.0)  # "now", "today": the latest facts first
        for kind, factor in preferred.items():
            boost[self.tables.kinds == KINDS.index(kind)] *= factor
        if analysis.stance in ("opposed", "supported") and analysis.qtype not in ("why", "when", "how_many", "where"):
            boost[self.tables.stances == STANCES.index(analysis.stance)] *= 1.5
        if analysis.stance == "both":
            boost[(self.tables.kinds == KINDS.index("overview")) & (self.tables.stances == STANCES.index("neutral"))] *= 1.5
        return boost

    def _coverage(self, analysis: Analysis, candidates: list[Candidate]) -> float:
        """The share of the question's own weighted meaning that the leading entries match."""
        # What "he" or "it" refers to counts when an entry matches it ("What was his position?"),
        # and is never held against an entry that answers the question's own words.
        if not candidates:
            return 0.0
        best = candidates[0].score
        leading = [c for c in candidates[:3] if c.score >= 0.4 * best]
        shares = []
        for lead in leading:
            counted = [c for c in analysis.concepts if c.origin == "question" or c.label in lead.matched]
            total = sum(c.weight for c in counted)
            shares.append(sum(c.weight for c in counted if c.label in lead.matched) / total if total else 0.0)
        return max(shares)

    def _named_weight(self, analysis: Analysis, candidates: list[Candidate]) -> float:
        """How specific a name is that the question gives in full (an entry's title or alias,
        such as "Velez Bustos" or "MOA"): the IDF of its words; 0 when it names no entry."""
        asked = {t for c in analysis.concepts for alt in c.alternatives for t in alt}
        best = 0.0
        for candidate in candidates[:3]:
            for name in self.tables.entry_names(self.tables.positions[(candidate.entry.pack, candidate.entry.id)]):
                if name and name <= asked:
                    best = max(best, sum(self.tables.index.idf(t) for t in name))
        return best

    @staticmethod
    def _specific_matches(analysis: Analysis, candidates: list[Candidate]) -> int:
        """The most meaningful words of the question that one leading entry matches."""
        own = [c.label for c in analysis.concepts if not c.soft]
        return max((sum(label in lead.matched for label in own) for lead in candidates[:3]), default=0)

    # -- decide ---------------------------------------------------------------------------

    def decide(self, analysis: Analysis, candidates: list[Candidate], coverage: float) -> str:
        """Why to decline, or "" to answer."""
        if not analysis.concepts:
            return "the question has no words the packs could search for"
        if all(c.soft for c in analysis.concepts):
            return "the question has only everyday words (such as 'today' or 'say'), nothing specific to look up"
        if not candidates:
            return "no entry matches any word of the question"
        own = [c for c in analysis.own if not c.soft]
        unknown_names = [c.label for c in own if c.proper and not any(
            all(self.tables.index.has(t) for t in alt) for alt in c.alternatives)]
        if unknown_names and len(own) <= SHORT_QUESTION:
            return f"the packs never mention {', '.join(unknown_names)}"
        if coverage >= MIN_COVERAGE:
            return ""
        specific = self._specific_matches(analysis, candidates)
        named = self._named_weight(analysis, candidates)
        if coverage >= MIN_PARTIAL_COVERAGE and (specific >= MIN_SPECIFIC or named >= MIN_NAMED):
            return ""  # one entry matches several specific words, or the question names its subject
        if len(own) > SHORT_QUESTION and specific >= MIN_SPECIFIC + 1 and coverage >= MIN_LONG_COVERAGE:
            return ""  # a long, chatty question: its many everyday words lower the share
        return (f"the best entries cover only {coverage:.0%} of the question's meaning "
                f"(at least {MIN_COVERAGE:.0%} is needed, or {MIN_PARTIAL_COVERAGE:.0%} when one entry "
                f"matches {MIN_SPECIFIC} specific words or the question names what an entry is about)")

    # -- compose --------------------------------------------------------------------------

    def compose(self, analysis: Analysis, candidates: list[Candidate]) -> tuple[str, list[Citation]]:
        chosen = self._choose_sentences(analysis, candidates)
        markers: dict[Entry, int] = {}
        cited: dict[Entry, list[str]] = {}
        parts = []
        for position, (entry, sentence) in enumerate(chosen):
            marker = markers.setdefault(entry, len(markers) + 1)
            cited.setdefault(entry, []).append(sentence)
            previous = chosen[position - 1][0] if position else None
            parts.append(sentence if previous is entry else _with_as_of(entry, sentence))
            following = chosen[position + 1][0] if position + 1 < len(chosen) else None
            if following is not entry:  # one marker after a run of sentences from one entry
                parts[-1] += f" [{marker}]"
        scores = {c.entry: c.score for c in candidates}
        citations = [
            Citation(marker, entry, round(scores.get(entry, 0.0), 4), " ".join(cited[entry]))
            for entry, marker in markers.items()
        ]
        return " ".join(parts), citations

    def _choose_sentences(self, analysis: Analysis, candidates: list[Candidate]) -> list[tuple[Entry, str]]:
        """The sentences that answer: an overview's opening, a list of positions, or the best
        sentence plus at most one more that adds something the question asked about."""
        best = candidates[0].score
        pool = [c for c in candidates if c.score >= 0.3 * best]
        listing = (analysis.qtype == "who" or "they" in analysis.resolved
                   or (analysis.stance == "both" and analysis.qtype in ("what", "yes_no", "how")))
        if analysis.stance and listing:
            listed = self._stance_list(analysis, pool, candidates)
            if listed:
                return listed
        top = pool[0].entry
        if top.kind == "overview":  # leave room for the entries it names as related
            chosen = _opening(top, self.tables.split(top), FACTOID_BUDGET if top.related else OVERVIEW_BUDGET)
        else:
            chosen = self._best_sentences(analysis, pool)
        chosen += self._related(chosen)
        chosen.sort(key=lambda c: (c[0], c[1]))
        return [(entry, sentence) for _, _, entry, sentence in chosen]

    def _best_sentences(self, analysis: Analysis, pool: list[Candidate]) -> list[tuple[int, int, Entry, str]]:
        longer = analysis.qtype in ("why", "how")
        budget, most = (OVERVIEW_BUDGET, 3) if longer else (FACTOID_BUDGET, 2)
        scored = []
        for rank, candidate in enumerate(pool):
            entry = candidate.entry
            names = frozenset().union(*self.tables.entry_names(self.tables.positions[(entry.pack, entry.id)]))
            for position, (sentence, terms) in enumerate(self.tables.split(entry)):
                score = self._sentence_score(analysis, candidate, rank, position, sentence, terms, names)
                scored.append((score, rank, position, entry, sentence, terms))
        # The answer starts with the best sentence of the best entry: ranking chose that entry
        # for this kind of question; sentences elsewhere may only add to it.
        scored.sort(key=lambda s: (s[1] != 0, -s[0], s[1], s[2]))
        scored = scored[:1] + sorted(scored[1:], key=lambda s: (-s[0], s[1], s[2]))
        chosen: list[tuple[int, int, Entry, str]] = []
        covered: set[str] = set()
        used = 0
        for score, rank, position, entry, sentence, terms in scored:
            if score <= 0 or len(chosen) >= most:
                break
            here = {c.label for c in analysis.concepts if _matches(c, terms)}
            adds = bool(here - covered) or entry is pool[0].entry  # the top entry reads on
            if chosen and (not adds or used + len(sentence) > budget):
                continue
            chosen.append((rank, position, entry, sentence))
            covered |= here
            used += len(sentence) + 5
        return chosen

    def _sentence_score(self, analysis: Analysis, candidate: Candidate, rank: int, position: int,
                        sentence: str, terms: frozenset[str], entry_names: set[str]) -> float:
        score = 0.0
        for concept in analysis.concepts:
            if _matches(concept, terms):
                score += concept.weight
            elif _matches(concept, entry_names):
                score += 0.5 * concept.weight  # the sentence is about the entry's subject
        score *= candidate.score / (candidate.score + 1.0)
        score += _type_bonus(analysis.qtype, sentence, position, candidate.entry)
        if analysis.asks_statement and _STATEMENT.search(sentence):
            score += 1.0
        if position == 0:
            score *= 1.15
        return score / (1 + 0.15 * rank)

    def _stance_list(self, analysis: Analysis, pool: list[Candidate],
                     candidates: list[Candidate]) -> list[tuple[Entry, str]]:
        """Who supported or opposed: each side's positions, most relevant first; both sides,
        with equal room, when the question asks for both."""
        wanted = ("supported", "opposed") if analysis.stance == "both" else (analysis.stance,)
        if analysis.stance == "both":
            overview = next((c.entry for c in pool[:2] if c.entry.kind == "overview"
                             and c.entry.stance == "neutral"), None)
            if overview is not None:
                return [(entry, sentence) for _, _, entry, sentence in _opening(overview, self.tables.split(overview), OVERVIEW_BUDGET)]
        relevance = {c.entry: c.score for c in candidates}
        room = OVERVIEW_BUDGET // len(wanted)
        chosen = []
        for stance in wanted:
            side = sorted(self.tables.by_stance.get(stance, ()), key=lambda e: -relevance.get(e, 0.0))
            used = 0
            for entry in side:
                first = self.tables.split(entry)[0][0]
                if used and used + len(first) > room:
                    break
                chosen.append((entry, first))
                used += len(first) + 5
        return chosen

    def _related(self, chosen: list[tuple[int, int, Entry, str]]) -> list[tuple[int, int, Entry, str]]:
        """The opening sentences of entries a chosen entry names as related (a source that
        disagrees, a later count), in the order named, while the answer stays short."""
        present = {entry for _, _, entry, _ in chosen}
        used = sum(len(sentence) + 5 for *_, sentence in chosen)
        extra = []
        for rank, _, entry, _ in list(chosen):
            for related_id in entry.related:
                other = self.tables.by_id.get((entry.pack, related_id))
                if other is None or other in present:
                    continue
                first = self.tables.split(other)[0][0]
                if used + len(first) > OVERVIEW_BUDGET:
                    return extra
                present.add(other)
                extra.append((rank, 99, other, first))
                used += len(first) + 5
        return extra

    # -- remember -------------------------------------------------------------------------

    def _turn(self, analysis: Analysis, answer: Answer) -> Turn:
        own = [c for c in analysis.own if not c.soft]
        person = self._person_named(own)
        answered = not answer.abstained
        if person is None and answered and analysis.qtype == "who" and not analysis.stance:
            person = self._person_in(answer.text)
        if person is None and answered and answer.citations and answer.citations[0].entry.kind == "person":
            person = _person_subject(answer.citations[0].entry)
        return Turn(
            question=analysis.question, qtype=analysis.qtype,
            subject=self._main_subject(own, answer) if answered else None,
            person=person, stance=analysis.stance if analysis.stance != "both" else "",
            concepts=tuple(analysis.own) if answered else (),
        )

    def _main_subject(self, own: list[Concept], answer: Answer) -> Subject | None:
        """What "it" will mean next: the question's most specific word that is not a name or a
        stance, preferring one the answer's first entry is about."""
        stance_terms = {t for g in self.tables.stance_terms.values() for alt in g for t in alt}
        things = [c for c in own if _concept_type(c, self.tables.person_terms) == "topic"
                  and not any(t.isdigit() for t in c.asked)
                  and not {t for alt in c.alternatives for t in alt} & stance_terms]
        if not things:
            return None
        top = answer.citations[0].entry if answer.citations else None
        names = set(tokenize(" ".join((top.title, *top.aliases)))) if top else set()
        best = max(things, key=lambda c: (any(set(a) <= names for a in c.alternatives), c.weight))
        return Subject(label=best.label, terms=best.alternatives)

    def _person_named(self, concepts: list[Concept]) -> Subject | None:
        """The person a question names by surname ("Leuze", "Charly Leuze"), if any."""
        asked = {alt for c in concepts for alt in c.alternatives}
        for entry, surname in zip(self.tables.people, self.tables.surnames):
            if surname and surname in asked:
                return _person_subject(entry)
        return None

    def _person_in(self, text: str) -> Subject | None:
        found = [(text.find(e.title), e) for e in self.tables.people if e.title and e.title in text]
        return _person_subject(min(found, key=lambda f: f[0])[1]) if found else None

# -- helpers ------------------------------------------------------------------------------


def _question_type(lowered: list[str], text: str) -> str:
    joined = " ".join(lowered)
    first = lowered[0] if lowered else ""
    if re.search(r"\bhow (many|much|long)\b|\bnumber of\b|\bwhat (percent|percentage|share)\b", joined):
        return "how_many"
    if first in ("when",) or re.search(r"\bwhat (year|date|month|day)\b|\bhow long ago\b", joined):
        return "when"
    if first == "where" or (" where " in f" {joined} " and first not in _AUXILIARIES) or re.search(
            r"\b(which|what) (towns?|cities|city|places?|counties|county|states?|countries|country)\b", joined):
        return "where"
    if first == "why" or re.search(r"\bwhat (was|is|were) the reasons?\b|\bfor what reason\b", joined):
        return "why"
    if first in ("who", "whom", "whose", "whos") or re.search(r"\b(which|what) (people|person|groups?|officials?)\b", joined):
        return "who"
    if not set(lowered) & set(PRONOUNS) and re.match(r"(what|whats) (is|are|was|were|does|do) (an? |the )?[\w\s]{1,40}$", joined) and len(
        [w for w in lowered if w not in ("what", "whats", "is", "are", "was", "were", "does", "do", "a",
                                         "an", "the", "mean", "stand", "for")]) <= 4:
        return "definition"
    if first in ("define", "meaning", "definition") or re.search(r"\bwhat does .+ (mean|stand for)\b", joined):
        return "definition"
    if first in _AUXILIARIES:
        return "yes_no"
    if first == "how":
        return "how"
    return "what"


def _proper_terms(text: str) -> set[str]:
    """Index terms of words written as names, not counting the question's first word."""
    found = set()
    for i, match in enumerate(re.finditer(r"[A-Za-z][\w'.-]*", text)):
        word = match.group(0)
        if i == 0 or not word[0].isupper() or word.isupper():
            continue
        found.update(tokenize(word))
    return found


def _opening(entry: Entry, split: tuple[tuple[str, frozenset[str]], ...],
             budget: int) -> list[tuple[int, int, Entry, str]]:
    """An overview's first sentences, in order, within the budget (at least one)."""
    chosen, used = [], 0
    for position, (sentence, _) in enumerate(split):
        if chosen and used + len(sentence) > budget:
            break
        chosen.append((0, position, entry, sentence))
        used += len(sentence) + 5
    return chosen


def _matches(concept: Concept, terms: set[str]) -> bool:
    return any(all(t in terms for t in alt) for alt in concept.alternatives)


def _concept_type(concept: Concept, person_terms: frozenset[str]) -> str:
    """name (a person), date (a year or month), or topic: what a follow-up may replace."""
    if {t for alt in concept.alternatives for t in alt} & person_terms:
        return "name"
    tokens = {t for alt in concept.alternatives for t in alt}
    if all(YEAR.fullmatch(t) or t in _MONTH_TERMS for t in tokens):
        return "date"
    return "topic"


def _as_context(concept: Concept) -> Concept:
    return Concept(concept.label, concept.alternatives, concept.weight * 0.7, "context",
                   concept.expanded_by, False, concept.soft, concept.asked, concept.idf)


def _person_subject(entry: Entry) -> Subject:
    names = tuple(dict.fromkeys(tuple(tokenize(n)) for n in (entry.title, *entry.aliases) if tokenize(n)))
    surname = tuple(tokenize(entry.title)[-1:])
    alternatives = tuple(dict.fromkeys((surname,) + names)) if surname else names
    return Subject(label=entry.title, terms=alternatives)


def _type_bonus(qtype: str, sentence: str, position: int, entry: Entry) -> float:
    if qtype == "when":
        return 1.5 if (YEAR.search(sentence) or _MONTH.search(sentence)) else 0.0
    if qtype == "how_many":
        return 2.0 if counts(sentence) else 0.0
    if qtype == "where":
        return 1.0 if _PLACES.search(sentence) else 0.0
    if qtype == "definition":
        return 2.0 if entry.kind in ("definition", "organization", "person") and position == 0 else 0.0
    if qtype == "why":
        return 1.0 if _REASON.search(sentence) else 0.0
    if qtype == "who":
        return 0.8 if re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+", sentence) else 0.0
    return 0.0


def _with_as_of(entry: Entry, sentence: str) -> str:
    """Prefix a changeable fact with the date it was true, unless the sentence says it already."""
    if entry.as_of is None or str(entry.as_of.year) in sentence:
        return sentence
    first, _, rest = sentence.partition(" ")
    if first in ("The", "A", "An", "There", "It"):
        sentence = f"{first.lower()} {rest}"
    return f"As of {entry.as_of}, {sentence}"
