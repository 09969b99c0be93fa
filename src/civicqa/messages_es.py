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
        if why is Why.FUTURE:
            return "la pregunta es sobre lo que va a pasar, y las entradas encontradas solo dicen lo que ya pasó"
        if why is Why.NO_SENTENCE:
            return "las entradas encontradas no tienen una frase que responda a la pregunta"
        if why is Why.LOW_COVERAGE:
            return f"las mejores entradas cubren solo el {coverage:.0%} del sentido de la pregunta"
        return f"las mejores entradas cubren el {coverage:.0%} del sentido de la pregunta"

    NO_INFORMATION = "Este paquete no tiene información sobre eso, así que civicqa no va a adivinar."
    NO_ADVICE = ("civicqa explica lo que dicen sus fuentes; no puede aconsejarle sobre su propia situación "
                 "(qué hacer, asuntos legales o de dinero).")
    NOTHING_ASKED = "No hay nada en eso que civicqa pueda buscar."
    NO_FUTURE = ("Este paquete cuenta lo que ya pasó, según sus fuentes más recientes; no puede decir "
                 "lo que va a pasar.")
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
    EXPLAIN = {
        "type": "tipo de pregunta:", "stance": "pregunta por posturas:", "resolved": "se refiere a:",
        "terms": "palabras (peso; otras formas buscadas):", "synonyms": "sinónimos", "spelling": "quizás quiso decir",
        "also": "también", "context": "[de la conversación]", "top": "mejores entradas (puntuación; palabras encontradas):",
    }
    DECLINED = "no respondió"
    ANSWERED = "respondió"

    @staticmethod
    def decision(verdict: str, reason: str) -> str:
        return f"decisión: {verdict}, porque {reason}."

    # -- a conversation: chat, piped chat and the kiosk --------------------------------------------

    @staticmethod
    def too_long(limit: int) -> str:
        return f"Esa pregunta tiene más de {limit:,} caracteres, así que civicqa no la leyó. Haga una más corta."

    @staticmethod
    def could_not_answer(error: str) -> str:
        return (f"civicqa: no pudo responder esa línea ({error}). "
                "Pruebe a preguntar de otra forma; la conversación sigue.")

    @staticmethod
    def no_command(word: str, guess: str | None) -> str:
        also = f" ¿Quiso decir {guess}?" if guess else ""
        return f"No hay ningún comando {word}.{also} Escriba /help para ver los comandos."

    ASK_FIRST = "Primero haga una pregunta. Después /why muestra cómo se encontró la respuesta."
    STARTING_OVER = "Empezamos de nuevo. Las preguntas siguientes no se refieren a las anteriores."
    GOODBYE = "Adiós."
    STOPPED = "Detenido."
    COMMANDS = "Comandos:"
    KEYS = "Teclas:"
    ALSO = "También:"
    PIPED_NOTES = "Una pregunta por línea; las líneas vacías se saltan. /reset olvida la conversación."

    @staticmethod
    def chat_title(titles: str) -> str:
        return f"civicqa chat: {titles}"

    CHAT_INTRO = ("Haga una pregunta con sus propias palabras. Una pregunta de seguimiento puede referirse a la "
                  "anterior. Por ejemplo:")
    CHAT_LEAVE = "Escriba /help para ver los comandos y las teclas, o pulse Ctrl-D para salir."
    CHAT_KEYS = """Teclas:
  Arriba, Abajo  preguntas anteriores; Ctrl-R las busca
  Tab            completa un comando o un nombre; la flecha derecha acepta la sugerencia gris
  Ctrl-C         borra la línea; Ctrl-D en una línea vacía sale
Si pega varias líneas, se pregunta cada una por turno, como si las escribiera una a una."""

    HELP = {
        "help": "Muestra esta lista de comandos.",
        "topics": "Lista lo que cubre el paquete, con preguntas de ejemplo.",
        "sources": "Lista las fuentes de las respuestas.",
        "why": "Muestra cómo se encontró la última respuesta.",
        "reset": "Olvida la conversación, para que las preguntas siguientes empiecen de cero.",
        "quit": "Sale de civicqa.",
        "start-over": "Empieza de nuevo: olvida sus preguntas y limpia la pantalla.",
        "staff": "Cierra el quiosco: pide la contraseña del personal.",
        "language": "Cambia de idioma: /idioma es o /idioma en.",
    }
    SWITCH_TO = "En español: escriba /idioma es, o haga su pregunta en español."
    SPEAKING_NOW = "civicqa ahora habla español. Haga su pregunta."

    @classmethod
    def languages_offered(cls, codes: list[str]) -> str:
        return "Los paquetes hablan: " + ", ".join(f"{cls.LANGUAGE_NAMES.get(c, c)} (/idioma {c})" for c in codes) + "."

    ABOUT = "sobre"
    READING = "civicqa: leyendo preguntas, una por línea. Pulse Ctrl-D para terminar."
    HINT_HELP = "/help: comandos"
    HINT_LEAVE = "Ctrl-D: salir"
    HINT_START_OVER = "Ctrl-D: empezar de nuevo"

    # -- the kiosk ---------------------------------------------------------------------------------

    PROMPT = "Su pregunta: "
    KIOSK_ERROR = "civicqa: un error en la línea de pregunta; el quiosco sigue."
    KIOSK_KEYS = (("Arriba, Abajo", "sus preguntas anteriores (se olvidan al empezar de nuevo)"),
                  ("Tab", "completa un comando o un nombre"),
                  ("Ctrl-C", "borra la línea"),
                  ("Ctrl-D", "empezar de nuevo: olvida sus preguntas y limpia la pantalla"))

    @staticmethod
    def capped(limit: int) -> str:
        return (f"Las preguntas pueden tener hasta {limit} caracteres, así que solo se usaron los primeros "
                f"{limit}.")

    @staticmethod
    def cap_hint(limit: int) -> str:
        return f"Las preguntas pueden tener hasta {limit} caracteres."

    @staticmethod
    def kiosk_intro(topic: str) -> str:
        return (f"Haga una pregunta sobre {topic}. civicqa da respuestas cortas de un conjunto fijo de fuentes y "
                "las nombra. Si las fuentes no lo dicen, se lo dice en vez de adivinar.")

    KIOSK_EXAMPLE = ('Escriba una pregunta y pulse Enter; luego puede seguir con otra, como "¿Quién se opuso?" '
                     "Por ejemplo:")
    COUNTED = " Este terminal cuenta cuántas preguntas se hacen, pero nunca cuáles."

    @staticmethod
    def privacy(counted: str, idle: str) -> str:
        return (f"Privacidad: no se guarda nada de lo que escribe.{counted} Sus preguntas y respuestas se olvidan "
                f"y la pantalla se limpia al empezar de nuevo, y después de {idle} sin escribir.")

    KIOSK_START_OVER = "Para empezar de nuevo, pulse Ctrl-D o escriba /reset. Escriba /help para más."

    @staticmethod
    def duration(seconds: float) -> str:
        if seconds >= 60 and seconds % 60 == 0:
            minutes = int(seconds // 60)
            return f"{minutes} minuto{'s' if minutes != 1 else ''}"
        return f"{seconds:g} segundo{'s' if seconds != 1 else ''}"
