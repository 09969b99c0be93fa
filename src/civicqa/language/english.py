"""English: every word list, pattern and question-word rule civicqa reads English with.

A language is a module like this one, named in civicqa.language.LANGUAGES by the code a pack
gives as `language`. The tokenizer (civicqa.text) takes its stopwords, stemmer, irregular
forms, contractions and abbreviations from here; only the civic tokens ("287(g)", "U.S.",
"1,100") are language-neutral code there.
"""

from __future__ import annotations

import re

from civicqa import phrasing as shared
from civicqa.patterns import LazyPattern
from civicqa.question_types import QuestionType
from civicqa.tuning import MOST_DEFINITION_WORDS


# Words that carry no meaning for retrieval. Question words are among them: the answerer reads
# them from the question itself (civicqa.analysis) to decide what kind of answer is wanted.
STOPWORDS = frozenset(
    """
    a about above after again all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his i if in into
    is it its itself just me more most my myself no nor not of off on once only or other
    our ours ourselves out over own same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very was
    we were what when where which while who whom why will with would you your yours yourself
    yourselves how whats whos wheres whens hows us
    tell explain please know let lets give show want wanted like can could would should
    really actually exactly basically anything something someone somebody thing things
    mean means meant going gonna get gets getting got gotten one ones also still anyway anyways
    even ever
    ok okay hi hello hey thanks thank quick question questions info information kinda sorta
    guy guys folks stuff whatever heck wondering wonder curious hear heard
    isnt arent wasnt werent didnt doesnt dont hasnt havent cant couldnt wouldnt shouldnt wont
    aint btw unrelated related totally yes yeah yep nope simple simply plain briefly quickly
    lol lmao omg nah yup um uh hmm gonna wanna gotta though seriously literally honestly
    """.split()
)

# How people type on a phone: the word they mean, read before anything else (so "wat" is a
# question word and "ppl" is "people"). Only spellings that are no English word of their own.
INFORMAL = {
    "u": "you", "ur": "your", "r": "are", "ppl": "people", "wat": "what", "wut": "what", "wats": "whats",
    "whos": "who", "pls": "please", "plz": "please", "thx": "thanks", "bc": "because", "cuz": "because",
    "coz": "because", "b4": "before", "abt": "about", "govt": "government", "gov't": "government",
    "dept": "department", "yr": "year", "yrs": "years", "idk": "know", "tho": "though", "w/": "with",
}

# Words that carry little of a question's meaning: they help ranking but barely count as
# evidence that the pack covers the question ("What did she SAY about it?").
SOFT_WORDS = frozenset(
    """
    say said says think thought feel felt stand stood view views position opinion role part
    involved story deal issue issues topic main biggest big key important kind type do did does
    done make made go went come came take took use used need way ways time times new old much
    many number lot today now currently current still ever yet later next first last year years
    day date name called person people someone group happen exactly anyone different another
    change switch subject instead find found lady ladies woman women man men fella gentleman
    folks individual everyone everybody anybody nobody supposed
    monday tuesday wednesday thursday friday saturday sunday weekday weekend
    """.split()
)

# Words that keep the pronoun meaning when used alone; the conversation resolves them.
PRONOUNS = {
    "it": "thing", "its": "thing", "this": "thing", "that": "thing",
    "he": "person", "him": "person", "his": "person", "himself": "person",
    "she": "person", "her": "person", "hers": "person", "herself": "person",
    "they": "group", "them": "group", "their": "group", "theirs": "group",
}

# -- questions ---------------------------------------------------------------------------------

AUXILIARIES = frozenset(
    "is are was were did does do has have had can could will would should may might isnt arent "
    "wasnt werent didnt doesnt dont hasnt havent".split()
)
# Words that make a yes-or-no question ask for both sides ("Is it good?"), stemmed where used.
EVALUATIVE = frozenset(
    "good bad better worse fair unfair right wrong pros cons benefit benefits harm harms worth "
    "helpful harmful argument arguments".split()
)
# Evaluative words that name something here: "the right to sue", "their rights". Not "Was it right to ...?".
NOT_EVALUATIVE = ("rights", "the right to", "a right to", "no right to", "their right to", "the right of")
BALANCE = LazyPattern(
    r"\b(good or bad|bad or good|pros and cons|for and against|both sides|two sides|arguments|"
    r"right or wrong|helpful or harmful|fair or unfair)\b")
PRESENT = frozenset("now today currently current nowadays anymore still".split())
SOFT_WORDS |= PRESENT  # "nowadays" asks for the latest facts (asks_present); it names nothing
PRESENT_PHRASES = ("these days", "right now", "at the moment", "at present", "as of now", "as of today")
# A tag that turns a statement into a question ("It only targets criminals, right?"): the
# statement is asked about as a yes-or-no question would be, and the tag names nothing. It
# follows a comma, a spaced dash or a full stop ("... agreement. Right?"); without one, "right"
# may be what is asked ("Was the vote right?").
TAG_QUESTION = LazyPattern(
    r"(?:(?:[,;:]|\s[-\u2013\u2014]|[.!?])\s*(?P<tag>right|correct|true|yeah|eh|ok|okay|huh|no|am i right"
    r"|(?:is|isn'?t) that (?:right|true|so)"
    r"|(?:(?:is|was|are|were|do|does|did|has|have|had|would|should|could)(?:n'?t)?|won'?t|will|can'?t|can)"
    r" (?:it|that|they|he|she|there|we|you))"
    r"|\s(?P<or>or (?:not|nah|what)))\s*[?.!]*\s*$", re.IGNORECASE)
TAG_ENDS = frozenset("right correct true yeah eh ok okay huh no so it that they he she there we you not nah what"
                     .split())
# Words that make a tagged statement lean ("It only targets criminals, right?"), so that the
# answer gives both sides; a plain check ("The county signed it, right?") gets the facts.
LEANING = frozenset("just only basically simply merely".split())
TAG_BEFORE = (",", ";", ":", " -", " \u2013", " \u2014", ". ", "! ", "? ", " or ")  # one is in every tagged question
# Phrases that ask the question and name nothing: "Since when ...?" is a when-question.
QUESTION_PHRASES = ("since when", "until when", "till when", "by when")
# "How many voted against Question 1?" asks for a vote count, not for the opponents' positions:
# the side after a vote word names nothing to search for in a how-many question.
VOTE_FORMS = frozenset("vote voted votes voting".split())
VOTE_SIDES = ("against", "in favor", "in favour", "no", "yes")
# "Who is the council president?" asks who holds the post now, as "now" would.
PRESENT_HOLDER = LazyPattern(r"^(who|whos) (is|are|runs|leads|heads|chairs) the\b")
OPINION = frozenset("position stance stand view views opinion think thought feel felt side".split())
SAYING = frozenset("say said says tell told claim claimed argue argued find found report reported "
                   "conclude concluded quote quoted describe described call called complained criticized "
                   "criticised accused denounced warned".split())
# A word as written in a question, to tell names (capitalized, not first) from other words.
WORD = LazyPattern(r"[A-Za-z][\w'.-]*")
# Who was for or against: the words of each stance, for packs whose [vocabulary] has no group
# for it (a pack's own group, when it has one, is used instead).
STANCE_WORDS = {
    "opposed": ("opposed", "against", "critics", "opponents", "oppose"),
    "supported": ("supported", "support", "supporters", "backers", "in favor"),
}
# "Was anyone for it?", "who was actually FOR the idea": a side asked with the word "for", which
# is too common to be a stance word itself ("What was the reason for ...?", "Who voted for it?" asks
# for the people who voted, as a who-question does anyway).
FOR_SIDE = LazyPattern(r"\b(?:was|were|is|are)\s+(?:there\s+)?(?:anybody|anyone|somebody|someone|people|folks)\b"
                       r"(?:\s+[\w']+){0,3}?\s+for\b|\b(?:who|anybody|anyone|somebody|someone)\s+(?:was|were|is|are)\s+"
                       r"(?:(?:actually|really|even|ever)\s+)?for\b|\bwhos\s+(?:(?:actually|really)\s+)?for\b")
SOMEONE = frozenset("anybody anyone somebody someone people folks".split())  # the "who" of such a question


def asks_for_side(joined: str) -> bool:
    """Whether the question (its words, lower case, joined) asks who was for it (FOR_SIDE);
    the pattern is compiled only for a question with the word "for"."""
    return " for " in f" {joined} " and FOR_SIDE.search(joined) is not None
# Everyday words for the words civic sources use, read as if every pack's [vocabulary] had
# them: residents ask about the "yearly" cost of what a story calls "annual".
COMMON_SYNONYMS = (
    ("yearly", "annual", "annually"),
    ("results", "outcome", "tally"),
    ("cost", "price"),
    ("lawsuit", "sue", "sued", "suing"),  # not "suit": "follow suit"
    ("cops", "police"),
    ("councilman", "councilwoman", "councilmember", "councilor", "councillor", "alderman"),
    ("ban", "prohibit"),
    ("neighbourhood", "neighborhood"),
)

# -- follow-ups ----------------------------------------------------------------------------------

THING_REFERENCES = ("the program", "the plan", "the proposal", "the idea", "that program", "this program")
DEMONSTRATIVES = ("this", "that")  # "it" where demonstrative_refers says so
DETERMINERS = frozenset("this that these those".split())  # "that money": the money the last answer was about
# Words after which "that" starts a clause, not a noun phrase: "Is it true that police ...?"
_CLAUSE_AFTER = SAYING | frozenset("true so such sure fact mean means meant think believe know knew possible likely "
                                   "clear hope feel felt".split())


def determines(lowered: list[str], position: int, question: str) -> bool:
    """Whether the word at a position is a demonstrative before a noun ("that money"), not the
    "that" of a clause ("Is it true that police refused?")."""
    before = lowered[position - 1] if position else ""
    return lowered[position] in DETERMINERS and position + 1 < len(lowered) \
        and lowered[position + 1] not in STOPWORDS and before not in _CLAUSE_AFTER


def demonstrative_refers(lowered: list[str], position: int) -> bool:
    """Whether "this" or "that" stands for what the conversation is about: ending the question
    ("Why did they do that?"), or asked about before a word no noun is ("How would that be paid
    for?", "Is that why ...?"). Not "that money" (the word after names its own thing), nor "the
    residents that spoke" (no question word or auxiliary before it)."""
    if position == len(lowered) - 1:
        return True
    before = lowered[position - 1] if position else ""
    asks = not before or before in ASKING_WORDS or (before in AUXILIARIES and position <= _AUXILIARY_AT_MOST)
    return asks and lowered[position + 1] in _NO_NOUN


# The words --explain shows for what a follow-up resolved: "it" -> the topic, "they" -> a side.
ARTICLE_PRONOUNS: dict[str, str] = {}  # pronouns also written as articles (Spanish "el")
AFTER_PRONOUN: frozenset[str] = frozenset()  # words that follow a pronoun but never the article it is also
THING_WORD = "it"
# "It" that refers to nothing: "Is it true that the county signed?" asks about the county.
EMPTY_IT = ("is it true", "was it true", "isnt it true", "is it the case", "is it possible")
GROUP_WORD = "they"
ELLIPSIS_STARTS = ("and ", "what about ", "how about ", "what of ")
CONDITION_STARTS = ("and if ", "what if ", "and what if ", "what happens if ", "and what happens if ", "how about if ")
FIRST_PERSON = frozenset("i me my mine we us our".split())  # "What if I get stopped?" asks for the asker
MORE = ("tell me more", "more", "go on", "more please", "say more")  # the last question again, for what its answer left out
AND_START = "and "  # "And by 2025?" is elliptical; "And how many ... ?" names its own topic
AND_WORDS = frozenset({"and"})  # "How many ... and how many ...?" asks two things
# Months and seasons: a follow-up naming one replaces the last question's date.
MONTHS_AND_SEASONS = frozenset(
    m.lower() for m in "January February March April May June July August September October "
    "November December spring summer fall autumn winter".split()
)

# -- answers ---------------------------------------------------------------------------------------

YEAR = LazyPattern(r"\b(1[89]\d\d|20\d\d)\b")
# Words before a number that make it a count, not a year: "more than 1900 officers".
AMOUNT_WORDS = frozenset("than about over under nearly almost around roughly approximately some".split())
MONTH = LazyPattern(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
# A weekday or a clock time also answers "when" ("by 4:30 p.m. the following Monday").
DAY_OR_TIME = LazyPattern(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
                          r"\b\d{1,2}(:\d\d)?\s?([ap]\.m\.|[ap]m\b)")
_NUMBER = LazyPattern(r"\b\d[\d,.]*\b(?!\s?\(?[a-z]\b)")  # not the 287 of "287(g)"
_DAY_OF_MONTH = r"\b(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?\b"
_NUMBER_WORDS = LazyPattern(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|million|"
    r"half|quarter|third|fourth)\b", re.I)
# A sentence saying that sources disagree (civicqa.compose._caveat): "Sources date the appeal
# differently", "Sources give different figures for ...", "the sources differ by a day".
DISAGREEMENT = LazyPattern(r"\b(sources|reports|accounts)\s+(differ|disagree|conflict|vary|give different|"
                           r"do not agree|date\b[^.]{0,40}\bdifferently)", re.I)
STATEMENT = LazyPattern(r"\b(said|says|say|told|found|finds|reported|argued|concluded|called|wrote)\b|\"")
# A place: "in Willmar", "Rochester, New York", or a street address ("245 E. Main St.").
_NOT_A_PLACE = ("(?!(January|February|March|April|May|June|July|August|September|October|November|December|"
                "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\\b)")  # "in May" is a time
PLACES = LazyPattern(rf"\b(in|at|from|near|including) (the )?{_NOT_A_PLACE}[A-Z][a-z]+|[A-Z][a-z]+, [A-Z][a-z]+|"
                     r"\b\d{1,5} (?:[NSEW]\.? )?[A-Z][a-z]+ (?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|"
                     r"Ln|Lane|Way|Pl|Place|Court|Ct|Parkway|Pkwy)\b")
REASON = LazyPattern(r"\b(because|so that|reason|concern|worr|fear|in order to|aim|purpose|said)", re.I)
FULL_NAME = LazyPattern(r"\b[A-Z][a-z]+ [A-Z][a-z]+")
# A request for advice on the asker's own situation (legal, financial, what to do), which no
# pack of public facts can answer: "should I vote yes?", "how do I file a complaint?", "can I
# sue?", "do I need a lawyer?", "my landlord ...", "I got arrested ...". Read on the question's
# lowered words, so "wat should i do" counts too.
ADVICE = LazyPattern(
    r"\b(should|can|could|may|must) (i|we)\b|\b(how|where|what) (do|can|should|would) (i|we)\b"
    r"|\bdo (i|we) (need|have to|get)\b|\bi (got|was|am|have been|just got) (arrested|stopped|detained|pulled over)"
    r"|\b(my|our) (rights?|lawyer|case|taxes|tax return|rent|landlord|ballot|options|papers|visa)\b"
    r"|\b(is it|it is|its) (legal|illegal|allowed|lawful|against the law) for me\b"
    r"|\bam i (allowed|required|obliged)\b|\blegal advice\b")
# A question about what comes next ("When is the next election?", "Who will win the upcoming
# vote?"): "next" or "upcoming" before what is asked about, in a question about no past ("What
# happened the next year?", "Did the next court agree?"). Not every "will": "What will Question
# 1 pay for?" asks what a measure does. And what an entry says of the future.
NEXT = LazyPattern(r"\b(next|upcoming)\b (?!(to|door|day|morning|night)\b)\w")
# A question whether a vote or measure came out one way ("Did it pass?", "Was the levy
# approved?"), and a sentence that reports how one came out ("Question 1 passed by ...").
ASKS_OUTCOME = LazyPattern(r"\b(pass|passed|approve|approved|win|won|fail|failed|reject|rejected|adopt|adopted|"
                           r"defeat|defeated|succeed|succeeded)\b", re.I)
# A question that supposes asks the rule, not the result: "Could Question 3 pass if Question 2
# failed?", "What if it had failed?"; not "Can you tell me if Question 1 passed?".
SUPPOSES = LazyPattern(r"^(?:\w+\s+)?(?:could|would|can|might|should)\b(?!\s+(?:you|u)\s+(?:tell|say|let|show))|"
                       r"\bwhat (?:happens )?if\b|\bunless\b|\bif\b.*\b(?:were|had|would|could)\b", re.I)
REPORTS_OUTCOME = LazyPattern(r"\b(passed|approved|rejected|adopted|defeated|won|lost|failed|succeeded)\b", re.I)
# The kinds of fact a question may ask for by name, each with the words one of its questions
# holds, how it asks and how a text gives one (civicqa.decision._kind_missed): a share or a rate
# ("What interest rate ...?": "3.5 percent", "a third", "2 dollars per $100"), a sum of money,
# a number of years ("Over how many years ...?": "20 years", "a 30-year bond").
SHARE_ASKED = shared.KindAsked(
    ("percent", "share", "proportion", "fraction", "rate", "%"),
    r"\bwhat (percent|percentage|share|proportion|fraction|rate)\b|\bwhat %|"
    r"\b(interest|tax|mill|turnout|vacancy|crime|unemployment) rate\b",
    r"\d\s?%|\bper ?cent\b|\b(half|halves|quarters?|thirds?|fifths?|majority|minority)\b|"
    r"\b(one|two|three|four|five|\d+) (in|out of) (every )?\w+\b|\bpercentage\b|"
    r"\bper \$?\d|\bper (hundred|thousand)\b|\bmills?\b")
MONEY_ASKED = shared.KindAsked(
    ("how much", "cost", "price", "budget", "salary", "fee", "fine", "bill"),
    r"\bhow much (money|\$)|\bhow much\b.*\b(cost|costs|pay|paid|pays|spend|spent|earn|earns|charge|charges|worth|save|"
    r"saves)\b|\bwhat (is|was|were|are) the (cost|price|budget|salary|fee|fine|bill)\b",
    r"\$\s?\d|\d\s?(dollars|million|billion)\b|\bcents?\b")
YEARS_ASKED = shared.KindAsked(
    ("how many years",), r"\bhow many years\b",
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)"
    r"[- ](years?|year-old|decades?)\b")
KINDS_ASKED = (SHARE_ASKED, MONEY_ASKED, YEARS_ASKED)
PAST = frozenset("did was were had didnt wasnt werent hadnt".split())
SAYS_FUTURE = LazyPattern(r"\b(will|would|plans? to|planned|planning|scheduled|expected to|expects|set to|"
                          r"upcoming|future|soon)\b", re.I)


def asks_future(text: str, lowered: list[str]) -> bool:
    """Whether a question asks what comes next (NEXT), read on its lowered words."""
    return bool(NEXT.search(" ".join(lowered))) and not any(
        w in PAST or w.endswith("ed") or w in IRREGULAR for w in lowered)


# The time a question is asked about, to its end: "... by the end of the Obama administration?".
# "And by September 2025?" replaces it, as a new year replaces an old one.
TIME_PHRASE = LazyPattern(r"\b(by|until|since|before|after|during|as of|in the)\b(?!\s+when\b)(?P<time>.+)$", re.I)
# Sentence openings always lowered after "As of May 2024, ": "the program ...", not "The program".
LOWERED_OPENINGS = ("The", "A", "An", "There", "It")


def the_people_who(stance: str) -> str:
    """What "they" means after a question about a side: "the people who opposed it"."""
    return f"the people who {stance} it"


def counts(text: str) -> list[str]:
    """Numbers in a text that are not years, days of a month or the numbers of ballot measures
    ("Question 2"): "71", "1,100", "$10 million", "four"."""
    return shared.counts(text, _NUMBER, _NOT_COUNTED.choose(text), YEAR, _NUMBER_WORDS)


def has_count(text: str) -> bool:
    return shared.has_count(text, _NUMBER, _NOT_COUNTED.choose(text), YEAR, _NUMBER_WORDS)


# "One" is a count too ("pick one officer"), though not in "one of them" nor for has_count.
_ONE = LazyPattern(r"\bone\b(?! of\b)", re.I)


def after_counts(text: str) -> list[str]:
    """The text after each count in a text: see civicqa.phrasing.after_counts."""
    return shared.after_counts(text, _NUMBER, _NOT_COUNTED.choose(text), YEAR, _NUMBER_WORDS, _ONE)


_HOW_MANY = (("how", "many"), ("number", "of"))  # "how much" counts no thing: money, time


def counted_words(lowered: list[str]) -> list[str]:
    """What a how-many question counts: "how many people were ..." -> [people]."""
    return shared.counted_phrase(lowered, _HOW_MANY, STOPWORDS | AUXILIARIES)


def date_words(date) -> str:
    """A partial date in English: "2010", "May 2010", "May 19, 2010"."""
    return str(date)


def as_of(date: object, sentence: str, common: frozenset[str] = frozenset()) -> str:
    """A changeable fact with the date it was true. Its first word is lowered when it is an
    ordinary word (one of LOWERED_OPENINGS, or written in lower case elsewhere: `common`), not a
    name or an acronym: "As of 2023, under ...", "As of 2023, ICE ...", "As of 2023, Willmar ..."."""
    return f"As of {date}, {shared.lower_opening(sentence, LOWERED_OPENINGS, common, STOPWORDS)}"


# Words that open a question without asking anything: "And why ...?" is a why-question.
OPENING_WORDS = frozenset("and so but also ok okay well then plus hey um uh".split())
# Words that ask: "And what did he denounce?" asks anew; "And by 2025?" keeps the last question's kind.
WHICH_WORDS = frozenset("which what whats".split())  # "Which model ...?" asks for a thing of a kind


_WHICH_ENDS = STOPWORDS | AUXILIARIES  # the kind asked for ends at "did", "the"


def which_kind(lowered: list[str]) -> str:
    """The kind of thing a which-question asks for, its head noun: "which 287g model did the
    county sign" -> model (the word before the auxiliary). "" where the phrase does not end
    at an auxiliary ("Which council member first pushed ..."): no word there is surely the noun."""
    phrase, end = shared.which_phrase(lowered, WHICH_WORDS, OPENING_WORDS, _WHICH_ENDS)
    return phrase[-1] if phrase and end in AUXILIARIES else ""


ASKING_WORDS = frozenset("what whats which who whom whose whos when where why how".split())
_AUXILIARY_AT_MOST = 2  # "How would that ...", "Is that ...": not "What did they do that the committee did not?"
_NO_NOUN = STOPWORDS | AUXILIARIES | SOFT_WORDS  # "that be", "that mean", "that happen": "that" is the subject


def question_type(lowered: list[str]) -> QuestionType:
    """What kind of answer the question wants, from its question words (lower case)."""
    lowered = shared.without_openings(lowered, OPENING_WORDS)
    joined = " ".join(lowered)
    first = lowered[0] if lowered else ""
    if re.search(r"\bhow (many|much|long)\b|\bnumber of\b|\bwhat (percent|percentage|share)\b", joined):
        return QuestionType.HOW_MANY
    if first in ("when",) or re.search(r"\bwhat (year|date|month|day)\b|\bhow long ago\b", joined) \
            or joined.startswith(QUESTION_PHRASES):
        return QuestionType.WHEN
    if first in ("where", "wheres") or (" where " in f" {joined} " and first not in AUXILIARIES) or re.search(
            r"\b(which|what) (towns?|cities|city|places?|counties|county|states?|countries|country)\b", joined):
        return QuestionType.WHERE
    if first == "why" or re.search(r"\bwhat (was|is|were) the reasons?\b|\bfor what reason\b", joined):
        return QuestionType.WHY
    if first in ("who", "whom", "whose", "whos") or re.search(r"\b(which|what) (people|person|groups?|officials?)\b", joined):
        return QuestionType.WHO
    if not set(lowered) & set(PRONOUNS) and re.match(r"(what|whats) (is|are|was|were|does|do) (an? |the )?[\w\s]{1,40}$", joined) and len(
        [w for w in lowered if w not in ("what", "whats", "is", "are", "was", "were", "does", "do", "a",
                                         "an", "the", "mean", "stand", "for")]) <= MOST_DEFINITION_WORDS:
        return QuestionType.DEFINITION
    if first in ("define", "meaning", "definition") or re.search(r"\bwhat does .+ (mean|stand for)\b", joined):
        return QuestionType.DEFINITION
    if first in AUXILIARIES:
        return QuestionType.YES_NO
    if first == "how":
        return QuestionType.HOW
    return QuestionType.WHAT


# -- the tokenizer's rules (civicqa.text) ---------------------------------------------------------

PERCENT_WORD = "percent"  # "40%" is read as "40 percent"
LEADING_ARTICLE = re.compile(r"^(the|a|an) ", re.IGNORECASE)  # "the bike lane plan" is also "bike lane plan"

# "287 g" is section 287(g), but "5 a" and "3 i" are more likely words than sections.
SECTION_LETTERS = "[b-hj-z]"
# A numbered ballot measure, "Question 3", "Proposition 8", "Measure 2", is also read as one
# word, "question3", beside its number: "question" alone is a stopword ("quick question").
_MEASURE_KINDS = "question|measure|proposition|prop|issue|amendment"  # the kinds of numbered ballot measure
_MEASURE_NAMES = "Question|Measure|Proposition|Prop|Issue|Amendment"  # as a measure's name is written
DESIGNATED = LazyPattern(rf"\b({_MEASURE_KINDS})s?\s+(\d{{1,3}})\b(?![.,]\d)", re.I)
# What counts nothing: a day of a month ("May 21"), and the number of a ballot measure written
# as its name ("Question 2", "Questions 1 and 2"): capitalized, since "issue 300 permits" and
# "question 12 witnesses" count; a list only after the plural ("On Question 1, 300 voters ..."
# counts 300). The longer pattern runs only on a text that holds one of the names.
_NOT_COUNTED = shared.NotCounted(
    _DAY_OF_MONTH, rf"\b(?:{_MEASURE_NAMES})\s+\d{{1,3}}\b(?![.,]\d)|\b(?:{_MEASURE_NAMES})s\s+\d{{1,3}}"
                   rf"(?:(?:\s*,\s*|,?\s+(?:and|or)\s+)\d{{1,3}})*\b(?![.,]\d)", gate=_MEASURE_NAMES.split("|"))
DESIGNATION_WORDS = ("question", "measure", "propos", "prop ", "issue", "amendment")  # one is in any text DESIGNATED finds
DESIGNATION_TERM = LazyPattern(rf"(?:{_MEASURE_KINDS})(\d{{1,3}})")  # "question2", as DESIGNATED makes it: a follow-up naming one replaces the last's
CONTRACTION = re.compile(r"'(s|d|re|ve|ll|m)\b", re.IGNORECASE)  # "why'd" -> "why", "they're" -> "they"

_KEEP_S = ("ss", "us", "is", "os")
_SHORT_SYLLABLE = LazyPattern(r"[^aeiouy][aeiou][^aeiouwxy]")  # vot(ed), sav(ing); never fix(ed), row(ed), pay(ing)
_NOT_PLURAL = frozenset({"news", "yes", "gas", "bias", "plus", "thus", "lens", "alas", "does"})


def stem(word: str) -> str:
    """A light, predictable English stemmer: plurals, -ed, -ing, -ly and a final -e.

    Short words (four letters or fewer) and words with digits are left alone, so
    "ice", "dhs" and "287g" never change.
    """
    if len(word) == 4 and word.endswith("s") and not word.endswith(_KEEP_S) and word not in _NOT_PLURAL:
        return word[:-1]  # pays, cops, laws, days
    if len(word) <= 4 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 5:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix, shortest in (("ingly", 3), ("edly", 3), ("ing", 3), ("ed", 3), ("ly", 5)):
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # stopping -> stopp -> stop
            elif suffix != "ly" and _SHORT_SYLLABLE.fullmatch(word):
                word += "e"  # voted -> vot -> vote: a short syllable doubles its consonant (stopped), so one alone had an -e
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]  # oppose, opposed and opposing all become "oppos"
    return word


IRREGULAR = {
    "paid": "pay", "said": "say", "says": "say", "made": "make", "held": "hold", "told": "tell",
    "thought": "think", "brought": "bring", "began": "begin", "begun": "begin", "chose": "choose",
    "chosen": "choose", "won": "win", "lost": "lose", "met": "meet", "sent": "send", "spent": "spend",
    "spoke": "speak", "spoken": "speak", "taken": "take", "took": "take", "went": "go", "gone": "go", "goes": "go",
    "bused": "bus", "busing": "bus", "buses": "bus",
    "written": "write", "wrote": "write", "kept": "keep", "sought": "seek", "known": "know",
    "knew": "know", "led": "lead", "fell": "fall", "ran": "run", "became": "become", "gave": "give",
    "given": "give", "found": "find", "got": "get", "stood": "stand", "felt": "feel", "women": "woman",
    "men": "man", "people": "people", "children": "child",
}


# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = LazyPattern(
    r"(?:\b(?:[A-Z]|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|St|Jr|Sr|No|Vol|Gen|Lt|Sgt|Capt|Co|Inc|Dept|Fla|Minn|"
    r"Coun|Cllr|Ald|Supt|Insp|Det|Hon|Prof|Mt|"
    r"Calif|Ariz|Ill|Mich|Wis|Pub|Stat|Div|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|vs|etc|approx|"
    r"U\.S|N\.C|S\.C|D\.C)|\b(?:[A-Z]\.){1,}[A-Z])\.$"
)


