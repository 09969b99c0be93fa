"""Every tuning number of the answering engine, each with why it has its value.

Unless a line says otherwise, a number was chosen on the dev questions, tests/questions/dev.toml
(see docs/quality.md); changing one changes answers, so run `python bench/quality.py` and
`python bench/answers.py --against <commit>` after any change here.
"""

from civicqa.question_types import Prefers, QuestionType, Shows

# -- decide: the evidence needed to answer ---------------------------------------------------
# The share of the question's weighted meaning that one leading entry matches.
MIN_COVERAGE = 0.65
# A smaller share suffices when that entry matches MIN_SPECIFIC specific words of the question,
# or the question names an entry's subject in full with words of at least MIN_NAMED IDF.
MIN_PARTIAL_COVERAGE = 0.35
MIN_SPECIFIC = 3
MIN_NAMED = 2.5  # the IDF of a name the question gives in full: "Velez Bustos", "MOA"
# A question with more meaningful words than this is long and chatty: its everyday words
# ("grandson", "coffee shop") lower the share, and an unknown name in it is not its subject.
SHORT_QUESTION = 8
MIN_LONG_COVERAGE = 0.25
# The leading entries: at most this many, each scoring at least this share of the best.
LEADING = 3
LEADING_SHARE = 0.4

# -- compose: how long an answer is ----------------------------------------------------------
# Characters of answer text: a factoid is a sentence or two, an overview a short paragraph.
FACTOID_BUDGET = 400
OVERVIEW_BUDGET = 800
# Sentences at most: a factoid answers in two; "why" and "how" (Prefers.longer) in three.
FACTOID_SENTENCES = 2
OVERVIEW_SENTENCES = 3
# A first sentence answers a how-many question alone when a counted word comes at most this
# many words after a number: "nearly 100 people", "23 new classrooms", "13 board members".
COUNTED_WITHIN = 3
# A question asks two things when a question word comes at most this many words after "and":
# "... and why?", "... and in how many states?".
ASKED_AFTER_AND = 2
# Characters a sentence's citation marker and space add, counted against the budget.
SENTENCE_GAP = 5
# A sentence sharing this share of its words (of the shorter one's) with one already chosen
# tells the same fact again, and is left out (chosen on princeton-bond and rochester-pab).
REPEAT_SHARE = 0.6
# Entries sentences may come from: those scoring at least this share of the best entry.
POOL_SHARE = 0.3
# When the best entry shows nothing of what a question asking for one thing asks, another
# leading entry scoring at least this share of it that shows it answers first
# (compose._answering_first); so does the latest count of a how-many question naming no time.
LEAD_SHARE = 0.8
# A question whether something passed is answered first by a dated event reporting the vote
# (compose._result_entry), if it is among the first RESULT_AMONG entries and scores at least
# RESULT_SHARE of the best.
RESULT_AMONG = 5
RESULT_SHARE = 0.5
# A sentence's score: a concept it does not name but its entry's title does counts this much...
SUBJECT_WEIGHT = 0.5
# ...times how sure the entry is, score / (score + ENTRY_SATURATION): a weak entry counts less...
ENTRY_SATURATION = 1.0
# ...plus this when the question asks what someone said and the sentence reports a statement...
STATEMENT_BONUS = 1.0
# ...times this for an entry's first sentence, which says what the entry is about...
FIRST_SENTENCE = 1.15
# ...divided by 1 + RANK_DECAY * the entry's rank: the best entry's sentences first.
RANK_DECAY = 0.15

# -- analyse and retrieve: how much a word counts --------------------------------------------
# Soft words ("say", "main", "today") count this much of their IDF as evidence.
SOFT_WEIGHT = 0.3
# What the conversation adds: a referent ("she", "it") counts this much of its IDF when the
# question names something else too; a concept carried over from the last question this much
# of its weight; and a context concept's BM25 score this much.
REFERENT_HINT = 0.5
CARRIED_WEIGHT = 0.7
CONTEXT_SCORE = 0.7
# Candidates kept from retrieval; a question about who was for or against lists positions
# from far down the ranking.
CANDIDATES = 8
STANCE_CANDIDATES = 40
# Score factors beyond the question type's (PREFERS below): positions when the question asks
# for an opinion, the latest facts for "now", the entries of the stance asked about, and a
# neutral overview when the question asks for both sides.
OPINION_POSITION = 1.4
RECENT = 1.3
STANCE = 1.5
BOTH_SIDES_OVERVIEW = 1.5
# A question for both sides is answered by a neutral overview among this many best entries.
BOTH_SIDES_OVERVIEW_AMONG = 2
# Entries re-ranked by how much of their title the question names, and by how much.
RERANK = 50
ABOUTNESS = 1.0
# A synonym matches a little less than the word as asked, so exact wording wins ties.
SYNONYM_DISCOUNT = 0.8
# A word matched only through a likely misspelling counts this much.
SPELLING_WEIGHT = 0.8
# A sentence with more than this share of its words (after the first) capitalized is in Title
# Case: its capitals name nothing (civicqa.analysis._asked_names).
TITLE_CASE = 0.7
# Words of one question looked up as likely misspellings, at most: each lookup compares the word
# with the whole spelling vocabulary, and a question has rarely more than four such words
# (chosen for speed on tests/test_long_questions.py, not for answers).
MAX_SPELLING_LOOKUPS = 12
# Only words this long are taken for misspellings: shorter ones are too often other words
# ("joke" is not "Joe"); a misspelling is this close to its word (difflib's ratio), one of the
# SPELLING_CANDIDATES closest, and at most MOST_SPELLINGS are tried.
MIN_MISSPELLED_LENGTH = 6
SPELLING_CLOSENESS = 0.8
SPELLING_CANDIDATES = 3
MOST_SPELLINGS = 2
# The longest synonym phrase looked up, in words ("in favor of the plan").
LONGEST_SYNONYM = 5
# "What is X?" asks for a definition when X is at most this many words.
MOST_DEFINITION_WORDS = 4

# -- what each type of question prefers (see civicqa.question_types) -----------------------
PREFERS: dict[QuestionType, Prefers] = {
    QuestionType.WHAT: Prefers(lists_sides=True),
    QuestionType.WHO: Prefers(kinds={"person": 1.4, "position": 1.15, "organization": 1.1},
                              sentence=Shows.FULL_NAME, sentence_bonus=0.8, lists_positions=True),
    QuestionType.WHEN: Prefers(kinds={"event": 1.25}, with_date=1.3, stance=False,
                               sentence=Shows.DATE, sentence_bonus=1.5),
    QuestionType.WHERE: Prefers(stance=False, sentence=Shows.PLACE, sentence_bonus=1.0),
    QuestionType.WHY: Prefers(kinds={"position": 1.3, "overview": 1.1}, stance=False,
                              sentence=Shows.REASON, sentence_bonus=1.0, longer=True),
    QuestionType.HOW: Prefers(longer=True, lists_sides=True),
    QuestionType.HOW_MANY: Prefers(kinds={"fact": 1.1}, with_number=1.3, stance=False,
                                   sentence=Shows.COUNT, sentence_bonus=2.0),
    QuestionType.DEFINITION: Prefers(kinds={"definition": 1.3, "organization": 1.25, "person": 1.25},
                                     sentence=Shows.SUBJECT, sentence_bonus=2.0),
    QuestionType.YES_NO: Prefers(kinds={"overview": 1.3, "event": 1.1}, lists_sides=True),
}

# -- build: not about answers, about time and memory -----------------------------------------
# Packs up to this many entries are tokenized whole when built, so a one-shot question finds
# them ready in the cache; larger ones as answers need them: at 10,000 entries tokenizing them
# all took half of the build (bench/scale.py), and an answer tokenizes a few dozen.
PRETOKENIZE = 2000
# The best few of many scores (index.high_scores) are looked for among the scores at or above
# a threshold: a high score of every TOP_SAMPLE_EVERY-th, of a rank that leaves about TOP_MARGIN
# times as many scores above it as are asked for (at least the TOP_SAMPLE_RANK_LEAST-th highest
# of the sample, so that fewer than asked reach it about once in a thousand searches; then every
# score above zero is looked at, and the answer is the same). Sorting 65,000 scores to find the
# best 50 took a millisecond at 100,000 entries; the sample and the threshold, a twentieth of that.
TOP_SAMPLE_EVERY = 64
TOP_MARGIN = 8
TOP_SAMPLE_RANK_LEAST = 3
# Entries whose tokenized titles and sentences are kept at most, in a long kiosk session.
TOKENIZED_MOST = 20000
# Terms whose joined postings are kept at most (index.JoinedIndex), in a long kiosk session.
JOINED_TERMS_MOST = 20000
# Entries read or indexed between two reports of a long build's progress (civicqa.progress).
PROGRESS_EVERY = 2000
# After a pack's examples come sample questions of its first entries, at most this many looked
# at; a declined question offers SUGGESTIONS of them all.
SAMPLE_FROM = 200
SUGGESTIONS = 3
# "Now" means the latest year the packs know of and this many before it.
RECENT_YEARS = 1
