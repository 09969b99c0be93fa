"""Every tuning number of the answering engine, each with why it has its value.

Unless a line says otherwise, a number was chosen on the dev questions, tests/questions/dev.toml
(see docs/quality.md), and checked on the held-out sets; changing one changes answers, so run
`python bench/quality.py` and `python bench/answers.py` after any change here.
"""

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

# -- compose: how long an answer is ----------------------------------------------------------
# Characters of answer text: a factoid is a sentence or two, an overview a short paragraph.
FACTOID_BUDGET = 400
OVERVIEW_BUDGET = 800

# -- analyse and retrieve: how much a word counts --------------------------------------------
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
# with the whole spelling vocabulary, and a question has rarely more than four such words
# (chosen for speed on tests/test_long_questions.py, not for answers).
MAX_SPELLING_LOOKUPS = 12

# -- build: not about answers, about time and memory -----------------------------------------
# Packs up to this many entries are tokenized whole when built; larger ones as answers need it
# (chosen on bench/scale.py).
PRETOKENIZE = 20000
