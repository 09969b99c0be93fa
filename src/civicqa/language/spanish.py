"""Spanish: the words, patterns and question-word rules for packs and questions in Spanish.

The same names as civicqa.language.english, so that every stage reads either. Words are listed
without accents: the tokenizer folds accents before it looks anything up, so "qué", "que",
"cuándo" and "cuando" are one word, as residents type them. The stemmer is Snowball's Spanish
stemmer (the snowballstemmer package), imported only when Spanish text is read.
"""

from __future__ import annotations

import functools
import re

from civicqa import phrasing as shared
from civicqa.patterns import LazyPattern
from civicqa.question_types import QuestionType
from civicqa.tuning import MOST_DEFINITION_WORDS


# Words that carry no meaning for retrieval. Question words are among them: the answerer reads
# them from the question itself to decide what kind of answer is wanted.
STOPWORDS = frozenset(
    """
    a al algo algun alguna algunas alguno algunos ante antes aqui asi aun bajo bien cada casi
    como con contra cual cuales cualquier cuando cuanta cuantas cuanto cuantos de del desde donde
    dos durante e el ella ellas ellos en entre era eran es esa esas ese eso esos esta estaba
    estaban estan estar este esto estos fue fueron ha habia han hasta hay la las le les lo los mas
    me mi mis mucho muy nada ni no nos o otra otras otro otros para pero poco por porque que quien
    quienes se sea ser si sido sin sobre son su sus tal tambien te tiene tienen todo todos tu tus
    un una unas uno unos usted ustedes y ya yo
    adonde dime digame decir explica explicame quiero queria saber sabe sabes pregunta preguntar
    favor porfa gracias hola oye mira bueno pues entonces osea este eh ah ok oka
    pasa paso ocurrio sucedio
    oiga mija mijo mijita comadre compadre senito neta verdad cierto oi escuche radio vi dicen
    dice dizque gente alguien mas o menos
    """.split()
)

# How people type on a phone: the word they mean.
INFORMAL = {
    "q": "que", "k": "que", "ke": "que", "xq": "porque", "pq": "porque", "porq": "porque",
    "tmb": "tambien", "tb": "tambien", "xfa": "favor", "pls": "favor", "d": "de", "x": "por",
    "toy": "estoy", "ta": "esta", "pa": "para", "pal": "para",
}

# Words that carry little of a question's meaning: they help ranking but barely count as evidence.
SOFT_WORDS = frozenset(
    """
    dijo dice dijeron decir cuentame cuenteme dime digame piensa penso pensaba opina opinion posicion postura papel parte tema
    asunto cosa principal importante tipo hizo hace hacer nuevo nueva viejo mucho muchos cantidad
    numero hoy ahora actualmente actual todavia aun primero primera ultimo ultima ano anos dia
    fecha nombre persona personas gente alguien grupo paso pasar pasado exactamente diferente otro
    lunes martes miercoles jueves viernes sabado domingo
    cambio senora senor senorita mujer hombre muchacho chavo tipo gente
    """.split()
)

# Words that keep the pronoun meaning when used alone; the conversation resolves them.
PRONOUNS = {
    "eso": "thing", "esto": "thing", "ello": "thing", "lo": "thing",
    "el": "person", "ella": "person", "su": "person", "le": "person",
    "ellos": "group", "ellas": "group", "les": "group", "sus": "group",
}

# -- questions ---------------------------------------------------------------------------------

# A Spanish yes-or-no question has no auxiliary; these first words start one ("¿Es ...?", "¿Hay ...?").
AUXILIARIES = frozenset("es son era eran fue fueron esta estan estaba hay habia tiene tienen puede pueden "
                        "sigue siguen se ha han hubo".split())
EVALUATIVE = frozenset("bueno buena malo mala mejor peor justo injusto correcto incorrecto ventajas "
                       "desventajas beneficio beneficios dano danos vale".split())
NOT_EVALUATIVE: tuple[str, ...] = ()  # "derecho" (a right) is no evaluative word: nothing to set apart
BALANCE = LazyPattern(
    r"\b(bueno o malo|malo o bueno|pros y contras|ventajas y desventajas|a favor y en contra|"
    r"ambos lados|los dos lados|argumentos)\b")
PRESENT = frozenset("ahora ahorita hoy actualmente todavia aun sigue siguen actual".split())
SOFT_WORDS |= PRESENT  # "ahorita" asks for the latest facts (asks_present); it names nothing
PRESENT_PHRASES = ("hoy en dia", "en este momento", "por ahora", "ahora mismo", "hasta ahora", "hoy por hoy",
                   "a la fecha", "al dia de hoy")
# A tag that turns a statement into a question ("Solo persigue a criminales, ¿verdad?"): the
# statement is asked about as a yes-or-no question would be, and the tag names nothing.
TAG_QUESTION = LazyPattern(
    r"(?:(?:[,;:]|\s[-\u2013\u2014]|[.!?])\s*¿?\s*(?P<tag>verdad|cierto|correcto|no|si|sí|o no"
    r"|no es (?:cierto|verdad|asi|así)|es (?:cierto|verdad))"
    r"|\s(?P<or>o no))\s*[?.!]*\s*$", re.IGNORECASE)
TAG_ENDS = frozenset("verdad cierto correcto no si asi".split())  # as words() gives them: no accents
# Words that make a tagged statement lean ("Solo persigue a criminales, ¿verdad?"), so that
# the answer gives both sides; a plain check ("El condado firmó, ¿verdad?") gets the facts.
LEANING = frozenset("solo solamente simplemente basicamente nomas meramente".split())
TAG_BEFORE = (",", ";", ":", " -", " \u2013", " \u2014", ". ", "! ", "? ", " o ")  # one is in every tagged question
QUESTION_PHRASES = ("desde cuando", "hasta cuando", "para cuando")  # they ask when, and name nothing
# "¿Cuántos votaron en contra?" asks for a vote count, not for the opponents' positions.
VOTE_FORMS = frozenset("voto votos votaron votar votaba votado".split())
VOTE_SIDES = ("en contra", "a favor", "por el no", "por el si")
PRESENT_HOLDER = LazyPattern(r"^(quien|quienes) (es|son|dirige|encabeza|preside) (el|la|los|las)\b")
OPINION = frozenset("posicion postura opinion opina piensa penso pensaba lado".split())
SAYING = frozenset("dijo dice dijeron decir afirmo afirma declaro declara conto argumento argumenta "
                   "encontro concluyo informo reporto escribio llamo denuncio denunciaron acuso acusaron "
                   "advirtio advirtieron".split())
WORD = LazyPattern(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ][\w'.-]*")
SOMEONE = frozenset()


def asks_for_side(joined: str) -> bool:
    """Never: "a favor" is a stance phrase of STANCE_WORDS already ("for" alone is English)."""
    return False
STANCE_WORDS = {
    "opposed": ("se opuso", "se opusieron", "en contra", "opositores", "criticos", "oposicion"),
    "supported": ("apoyo", "apoyaron", "a favor", "partidarios", "defensores", "respaldo"),
}
# Everyday words for the words civic sources use, read as if every pack's [vocabulary] had
# them. Not "demanda" (also a demand), "juicio" (also an opinion) nor "vetar" (to veto).
COMMON_SYNONYMS = (
    ("costo", "precio", "coste"),
    ("resultados", "conteo", "desenlace"),
    ("policia", "policias", "la poli"),
    ("concejal", "concejala", "regidor"),
)

# -- follow-ups ----------------------------------------------------------------------------------

THING_REFERENCES = ("el programa", "el plan", "la propuesta", "la idea", "ese programa", "este programa")
DEMONSTRATIVES = ("eso", "esto")
DETERMINERS = frozenset("ese esa esos esas este esta estos estas aquel aquella aquellos aquellas".split())  # "ese dinero"
_PARTICIPLE = LazyPattern(r"(ad|id)[oa]s?$|(ando|iendo)$")  # "esta firmado": "está" without its accent


def determines(lowered: list[str], position: int, question: str) -> bool:
    """Whether the word at a position is a demonstrative before a noun ("esa demanda"), not
    "está" ("¿Está firmado?", "esta firmado")."""
    word = lowered[position]
    if word not in DETERMINERS or position + 1 >= len(lowered) or lowered[position + 1] in STOPWORDS:
        return False
    return word != "esta" or not ("está" in question.lower() or _PARTICIPLE.search(lowered[position + 1]))


def demonstrative_refers(lowered: list[str], position: int) -> bool:
    """Whether "eso" or "esto" stands for what the conversation is about: anywhere in the
    question ("y eso q significa?"), as neither is written before a noun (ese, este are); not
    when it introduces what follows ("¿qué es eso del perfil racial?")."""
    return position == len(lowered) - 1 or lowered[position + 1] not in ("de", "del")


ARTICLE_PRONOUNS = {"el": "él"}  # "el" is the article unless written "él" (civicqa.followup)
# Words that follow the pronoun "el" but never the article: "¿qué dijo el sobre ...?"
AFTER_PRONOUN = frozenset("a al de del en con sobre por para y o e pero sin contra desde hasta entre durante segun".split())
THING_WORD = "eso"
EMPTY_IT: tuple[str, ...] = ()  # "¿Es cierto que ...?" has no pronoun to take for one
GROUP_WORD = "ellos"
ELLIPSIS_STARTS = ("y ", "que tal ", "y que hay de ", "que hay de ", "y de ")
CONDITION_STARTS = ("y si ", "y que tal si ", "que pasa si ", "y que pasa si ")  # the last question again, on another condition
FIRST_PERSON = frozenset("yo me mi mis nos nuestro nuestra".split())  # "¿Y si me para la policía?" asks for the asker
MORE = ("cuentame mas", "mas", "sigue", "algo mas", "dime mas")  # the last question again, for what its answer left out
AND_START = "y "
AND_WORDS = frozenset({"y", "e"})  # "¿Cuántos ... y cuántos ...?" asks two things
MONTH_NAMES = ("", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
               "septiembre", "octubre", "noviembre", "diciembre")
MONTHS_AND_SEASONS = frozenset(MONTH_NAMES[1:]) | frozenset(("primavera", "verano", "otono", "invierno"))

# -- answers ---------------------------------------------------------------------------------------

YEAR = LazyPattern(r"\b(1[89]\d\d|20\d\d)\b")
# Words before a number that make it a count, not a year: "unos 1900 policias".
AMOUNT_WORDS = frozenset("mas menos unos unas casi aproximadamente".split())
MONTH = LazyPattern(r"\b(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
                    r"noviembre|diciembre)\b", re.I)
DAY_OR_TIME = LazyPattern(r"\b(lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)\b|"
                          r"\b\d{1,2}(:\d\d)?\s?([ap]\. ?m\.|de la (mañana|tarde|noche))", re.I)
_NUMBER = LazyPattern(r"\b\d[\d,.]*\b(?!\s?\(?[a-z]\b)")
_DAY_OF_MONTH = (r"\b\d{1,2} de (?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
                 r"setiembre|octubre|noviembre|diciembre)\b")
_NUMBER_WORDS = LazyPattern(
    r"\b(dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|docena|cien|cientos|mil|millon|"
    r"millones|mitad|cuarta parte|tercio)\b", re.I)
DISAGREEMENT = LazyPattern(r"\bfuentes\s+(difieren|discrepan|no coinciden|no concuerdan|no est[aá]n de acuerdo|"
                           r"se contradicen|dan (cifras|fechas|datos) (distint|diferent))", re.I)  # see english.DISAGREEMENT
STATEMENT = LazyPattern(r"\b(dijo|dice|dijeron|afirmó|afirmo|declaró|declaro|informó|informo|concluyó|"
                        r"concluyo|escribió|escribio|argumentó|argumento)\b|\"|\u201c|«")
PLACES = LazyPattern(r"\b(en|de|desde|cerca de|incluido) (el |la )?[A-Z][a-z]+|[A-Z][a-z]+, [A-Z][a-z]+")
REASON = LazyPattern(r"\b(porque|para que|razon|razón|motivo|preocupa|miedo|temor|con el fin de|objetivo|"
                     r"proposito|propósito|dijo)", re.I)
FULL_NAME = LazyPattern(r"\b[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+ [A-ZÁÉÍÓÚÑ][a-záéíóúñ]+")
# A question about what comes next ("¿Quién va a ganar la próxima elección?", "¿Quién ganará?"):
# "próximo", "va a" before a verb, or a verb in the future tense (written with its accent), in
# a question about no past ("fue", "ganó"). And what an entry says of the future.
NEXT = LazyPattern(r"\b(proxim[oa]s?)\b|\b(va|van|vas|voy|vamos) a \w+(ar|er|ir)\b")
FUTURE_TENSE = LazyPattern(r"\w(ará|erá|irá|arán|erán|irán|aré|eré|iré)\b", re.I)
PRETERITE = LazyPattern(r"\w(ó|aron|ieron)\b", re.I)
# See civicqa.language.english: "¿Se aprobó?", "¿Ganó el sí?"; "la medida fue aprobada ...".
ASKS_OUTCOME = LazyPattern(r"\b(aprob\w*|rechaz\w*|gan[oó]|ganaron|perdi[oó]|perdieron|fracas\w*)\b", re.I)  # not "pasó": "¿qué pasó?"
# Not "si" ("¿Ganó el si?"): the conditional as written with its accent ("¿se aprobaría?", not
# "primaria"), "podría", "qué pasa si".
SUPPOSES = LazyPattern(r"\b(podr[ií]an?|puede|pueden|habr[ií]a|deber[ií]a)\b|\b\w+(?:ar|er|ir)ían?\b|"
                       r"\bqu[eé] pasa(?:r[ií]a)? si\b", re.I)
REPORTS_OUTCOME = LazyPattern(r"\b(aprob(?:[oó]|aron|ad[oa]s?)|rechaz(?:[oó]|aron|ad[oa]s?)|gan(?:[oó]|aron)|"
                              r"perdi(?:[oó]|eron)|fracas(?:[oó]|aron))\b", re.I)
# See civicqa.language.english: "¿Qué porcentaje ...?" ("40 por ciento", "la mitad"), "¿Cuánto
# dinero ...?" ("2 millones"), "¿En cuántos años ...?" ("20 años", "dos décadas").
SHARE_ASKED = shared.KindAsked(
    ("porcentaje", "parte", "proporci", "fracci", "tasa"),
    r"\bqu[eé] (porcentaje|parte|proporci[oó]n|fracci[oó]n|tasa)\b|\btasa de (inter[eé]s|impuestos?)\b",
    r"\d\s?%|\bpor ?ciento\b|\bporcentaje\b|\b(mitad|cuartos?|tercios?|quintos?|mayor[ií]a|minor[ií]a)\b|"
    r"\b(uno|una|dos|tres|cuatro|cinco|\d+) de cada \w+\b")
MONEY_ASKED = shared.KindAsked(
    ("cuanto", "cuánto", "costo", "precio", "presupuesto", "salario", "sueldo"),
    r"\bcu[aá]nto dinero\b|\bcu[aá]nto\b.*\b(cuesta|cost[oó]|costar[aá]|paga|pag[oó]|gasta|gast[oó]|cobra|vale)\b|"
    r"\bcu[aá]l (es|era|fue) el (costo|precio|presupuesto|salario|sueldo)\b",
    r"\$\s?\d|\d\s?(d[oó]lares|millones|mill[oó]n)\b|\bcentavos?\b")
YEARS_ASKED = shared.KindAsked(
    ("años",), r"\bcu[aá]ntos años\b",
    r"\b(\d+|un|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|veinte|treinta|"
    r"cuarenta|cincuenta) (años|d[eé]cadas?)\b")
KINDS_ASKED = (SHARE_ASKED, MONEY_ASKED, YEARS_ASKED)
PAST = frozenset("fue fueron hubo era eran habia".split())
SAYS_FUTURE = LazyPattern(r"\b(va a|van a|planea|planean|planeaba|previst[oa]s?|programad[oa]s?|proxim[oa]s?|"
                          r"futuro|sera|seran|habra|se espera|seria|podria)\b", re.I)


def asks_future(text: str, lowered: list[str]) -> bool:
    """Whether a question asks what comes next: on its lowered words without accents, and
    its text as written (a future or past ending needs its accent)."""
    if set(lowered) & PAST or PRETERITE.search(text):
        return False
    return bool(NEXT.search(" ".join(lowered)) or FUTURE_TENSE.search(text))


ADVICE = LazyPattern(
    r"\b(debo|deberia|puedo|podria|tengo que|necesito)\b|\b(me|nos) (pueden|puede|van a) (deportar|arrestar|"
    r"detener|quitar)\b|\b(que|como|donde) (hago|puedo|debo)\b|\bmis? (derechos|abogado|caso|papeles|visa|"
    r"impuestos)\b|\bes (legal|ilegal) (que yo|para mi)\b|\bestoy obligad[oa]\b"
    r"|\bconsejo legal\b|\basesoria legal\b")
TIME_PHRASE = LazyPattern(r"\b(para|hasta|desde|antes de|despues de|durante|en el|en la)\b(?!\s+cu[aá]ndo\b)(?P<time>.+)$", re.I)
LOWERED_OPENINGS = ("El", "La", "Los", "Las", "Un", "Una", "Hay")


def the_people_who(stance: str) -> str:
    """What "ellos" means after a question about a side."""
    return {"opposed": "quienes se opusieron", "supported": "quienes lo apoyaron"}.get(stance, f"quienes {stance}")


def counts(text: str) -> list[str]:
    """Numbers in a text that are not years, days of a month or the numbers of ballot measures
    ("la pregunta 2")."""
    return shared.counts(text, _NUMBER, _NOT_COUNTED.choose(text), YEAR, _NUMBER_WORDS)


def has_count(text: str) -> bool:
    return shared.has_count(text, _NUMBER, _NOT_COUNTED.choose(text), YEAR, _NUMBER_WORDS)


# "Uno" is a count too, though not in "uno de ellos"; "un" and "una" are also the articles.
_ONE = LazyPattern(r"\buno\b(?! de\b)", re.I)


def after_counts(text: str) -> list[str]:
    """The text after each count in a text: see civicqa.phrasing.after_counts."""
    return shared.after_counts(text, _NUMBER, _NOT_COUNTED.choose(text), YEAR, _NUMBER_WORDS, _ONE)


_HOW_MANY = (("cuantos",), ("cuantas",), ("numero", "de"))  # "cuánto" counts no thing: money, time


def counted_words(lowered: list[str]) -> list[str]:
    """What a how-many question counts: "¿cuántas personas fueron ...?" -> [personas]."""
    return shared.counted_phrase(lowered, _HOW_MANY, STOPWORDS | AUXILIARIES)


def date_words(date) -> str:
    """A partial date in Spanish: "2010", "mayo de 2010", "19 de mayo de 2010"."""
    if not date.month:
        return str(date.year)
    month = MONTH_NAMES[date.month]
    return f"{date.day} de {month} de {date.year}" if date.day else f"{month} de {date.year}"


def as_of(date: object, sentence: str, common: frozenset[str] = frozenset()) -> str:
    """A changeable fact with the date it was true: "Con datos de mayo de 2010, el programa ..."."""
    return f"Con datos de {date_words(date)}, {shared.lower_opening(sentence, LOWERED_OPENINGS, common, STOPWORDS)}"


# Words that open a question without asking anything: "¿Y por qué ...?" is a why-question.
OPENING_WORDS = frozenset("y e pero entonces oye pues ok okay".split())
# Words that ask: "¿Y qué denunció él?" asks anew; "¿Y en 2025?" keeps the last question's kind.
WHICH_WORDS = frozenset("que cual cuales".split())  # "¿Qué modelo ...?" asks for a thing of a kind


_WHICH_ENDS = STOPWORDS | AUXILIARIES  # the kind asked for ends at "el", "es"


def which_kind(lowered: list[str]) -> str:
    """The kind of thing a which-question asks for, its head noun: "que modelo usa kandiyohi" ->
    modelo (Spanish puts the noun first)."""
    phrase, _ = shared.which_phrase(lowered, WHICH_WORDS, OPENING_WORDS, _WHICH_ENDS)
    return phrase[0] if phrase else ""


ASKING_WORDS = frozenset("que cual cuales quien quienes cuando donde adonde por porque como cuanto cuanta cuantos cuantas".split())


def question_type(lowered: list[str]) -> QuestionType:
    """What kind of answer the question wants, from its question words (lower case, no accents)."""
    lowered = shared.without_openings(lowered, OPENING_WORDS)
    joined = " ".join(lowered)
    first = lowered[0] if lowered else ""
    if re.search(r"\bcuant[oa]s?\b|\bque (porcentaje|cantidad|parte)\b|\bnumero de\b", joined):
        return QuestionType.HOW_MANY
    if first == "cuando" or re.search(r"\b(que|en que|cual) (ano|fecha|mes|dia)\b|\bhace cuanto\b", joined) \
            or joined.startswith(QUESTION_PHRASES):
        return QuestionType.WHEN
    if first in ("donde", "adonde") or re.search(
            r"\b(en |de )?(que|cuales?) (pueblos?|ciudad(es)?|lugar(es)?|condados?|estados?|paises|pais)\b", joined):
        return QuestionType.WHERE
    if joined.startswith(("por que", "porque", "para que")) or re.search(r"\b(cual|cuales) (fue|fueron|es|era) (la|las) razon", joined):
        return QuestionType.WHY
    if first in ("quien", "quienes") or re.search(r"\b(que|cuales) (personas|persona|grupos?|funcionarios?)\b", joined):
        return QuestionType.WHO
    if re.match(r"(que|cual) (es|son|era|significa|quiere decir) (el |la |los |las |un |una )?[\w\s]{1,40}$", joined) and len(
            [w for w in lowered if w not in ("que", "cual", "es", "son", "era", "significa", "quiere", "decir",
                                             "el", "la", "los", "las", "un", "una")]) <= MOST_DEFINITION_WORDS:
        return QuestionType.DEFINITION
    if first in ("define", "definicion", "significado"):
        return QuestionType.DEFINITION
    if first == "como":
        return QuestionType.HOW
    if first in ("que", "cual", "cuales"):
        return QuestionType.WHAT
    return QuestionType.YES_NO  # no question word: "¿Willmar se unio al 287(g)?"


# -- the tokenizer's rules (civicqa.text) ---------------------------------------------------------

PERCENT_WORD = "por ciento"
LEADING_ARTICLE = re.compile(r"^(el|la|los|las|un|una) ", re.IGNORECASE)
SECTION_LETTERS = "[b-df-hj-npr-xz]"  # "287 g" is 287(g); "5 a", "3 y", "2 o" are words
# A numbered ballot measure ("Pregunta 3", "Propuesta 8", "Enmienda 2"), also read as one word.
_MEASURE_KINDS = "pregunta|medida|propuesta|proposicion|enmienda"  # the kinds of numbered ballot measure
DESIGNATED = LazyPattern(rf"\b({_MEASURE_KINDS})s?\s+(\d{{1,3}})\b(?![.,]\d)", re.I)
# See civicqa.language.english: "el 21 de mayo", "la Pregunta 2", "las preguntas 1 y 2" count
# nothing (Spanish writes the kind in lower case too); the gate is matched without its first
# letter, so either case passes it.
_NOT_COUNTED = shared.NotCounted(
    _DAY_OF_MONTH, r"\b(?:pregunta|medida|propuesta|proposici[oó]n|enmienda)\s+\d{1,3}\b(?![.,]\d)|"
                   r"\b(?:preguntas|medidas|propuestas|proposiciones|enmiendas)\s+\d{1,3}"
                   r"(?:(?:\s*,\s*|,?\s+(?:y|o)\s+)\d{1,3})*\b(?![.,]\d)",
    gate=("regunta", "edida", "ropuesta", "roposici", "nmienda"), flags=re.I)
DESIGNATION_WORDS = ("pregunta", "medida", "propuesta", "proposicion", "enmienda")  # one is in any text DESIGNATED finds
DESIGNATION_TERM = LazyPattern(rf"(?:{_MEASURE_KINDS})(\d{{1,3}})")  # "pregunta2", as DESIGNATED makes it: a follow-up naming one replaces the last's
CONTRACTION = re.compile(r"(?!)")  # Spanish writes no apostrophe contractions
IRREGULAR = {"fue": "ser", "fueron": "ser", "era": "ser", "dijo": "decir", "dijeron": "decir", "hizo": "hacer",
             "puso": "poner", "opuso": "oponer", "opusieron": "oponer", "opone": "oponer", "oponen": "oponer"}
ABBREVIATIONS = LazyPattern(
    r"(?:\b(?:[A-Z]|Sr|Sra|Srta|Dr|Dra|Lic|Ing|Sen|Rep|Gob|Gral|Prof|Profa|Mtro|Mtra|Arq|Av|Cía|Cia|No|Núm|Num|Vol|Dept|Depto|pág|pag|"
    r"etc|aprox|EE\.UU|EE|UU|U\.S|D\.C)|\b(?:[A-Z]\.){1,}[A-Z])\.$"
)


@functools.cache
def _stemmer():
    import snowballstemmer  # only when Spanish is read

    return snowballstemmer.stemmer("spanish")


def stem(word: str) -> str:
    """Snowball's Spanish stemmer; short words and words with digits are left alone. Not
    memoized: a build works out each word once (civicqa.text), and a question's words must not
    stay in memory after its answer."""
    if len(word) <= 3 or not word.isalpha():
        return word
    return _stemmer().stemWord(word)
