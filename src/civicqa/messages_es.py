"""The Spanish catalogue (civicqa.messages): what a resident reads when a pack or a question is
in Spanish. What it does not override is still said in English. Imported only when Spanish is
needed."""

from __future__ import annotations

from civicqa.messages import English, Why


class Spanish(English):
    MONTHS = ("", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
              "septiembre", "octubre", "noviembre", "diciembre")

    @classmethod
    def date(cls, date) -> str:
        """ "19 de mayo de 2010", "mayo de 2010", "2010"."""
        if not date.month:
            return str(date.year)
        month = cls.MONTHS[date.month]
        return f"{date.day} de {month} de {date.year}" if date.day else f"{month} de {date.year}"

    @classmethod
    def dated(cls, date, approximate: bool = False) -> str:
        if date is None:
            return ""
        return f"hacia {cls.date(date)}" if approximate else cls.date(date)

    @classmethod
    def checked(cls, date) -> str:
        return f"Revisado con sus fuentes {'el' if date.day else 'en'} {cls.date(date)}."

    @staticmethod
    def sources_count(title: str, count: int) -> str:
        return f"{title} ({count} fuente{'s' if count != 1 else ''})"

    @staticmethod
    def entries_count(topic: str, count: int) -> str:
        return f"{topic} ({count} entrada{'s' if count != 1 else ''})"

    SOURCE = "Fuente:"

    @staticmethod
    def reason(why: Why, coverage: float, names: tuple[str, ...], needed: tuple[float, float, int]) -> str:
        if why is Why.NO_WORDS:
            return "la pregunta no tiene palabras que buscar"
        if why is Why.EVERYDAY_ONLY:
            return "la pregunta solo tiene palabras de todos los días, nada específico que buscar"
        if why is Why.NO_MATCH:
            return "ninguna entrada tiene palabras de la pregunta"
        if why is Why.UNKNOWN_NAMES:
            return f"las fuentes nunca mencionan a {', '.join(names)}"
        if why is Why.ADVICE:
            return "la pregunta pide consejo sobre la situación de quien pregunta, y las fuentes públicas no pueden darlo"
        if why is Why.NO_SENTENCE:
            return "las entradas encontradas no tienen una frase que responda a la pregunta"
        if why is Why.LOW_COVERAGE:
            return f"las mejores entradas cubren solo el {coverage:.0%} del sentido de la pregunta"
        return f"las mejores entradas cubren el {coverage:.0%} del sentido de la pregunta"

    NO_INFORMATION = "Este paquete no tiene información sobre eso, así que civicqa no va a adivinar."
    NO_ADVICE = ("civicqa explica lo que dicen sus fuentes; no puede aconsejarle sobre su propia situación "
                 "(qué hacer, asuntos legales o de dinero).")
    COULD_ASK = "Puede preguntar:"

    @staticmethod
    def help(where: str) -> str:
        return f"Para ayuda con eso: {where}"

    @staticmethod
    def covers(topic: str) -> str:
        return f"Responde preguntas sobre {topic}. Puede preguntar:"

    SOURCES = "Fuentes (en inglés):"
    REPOST = "vista solo como copia en otro sitio; no se vio la original"
    UNDATED = "sin fecha"
    ALSO_SOURCE = "también:"

    @classmethod
    def read_on(cls, dates) -> str:
        named = [cls.date(d) for d in dates]
        return "leída el " + (", ".join(named[:-1]) + " y el " + named[-1] if len(named) > 1 else named[0])

    HOW_FOUND = "Cómo se encontró esta respuesta:"
    DECLINED = "no respondió"
    ANSWERED = "respondió"

    @staticmethod
    def decision(verdict: str, reason: str) -> str:
        return f"decisión: {verdict}, porque {reason}."
