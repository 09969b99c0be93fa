"""Every sentence civicqa says to a resident or a patron, in one catalogue per language.

The answering engine returns data (a decline is a `Why` code and its numbers, not a sentence);
the renderer, the chat session, the in-prompt commands and the kiosk take their words from here.
A catalogue is a class of strings and small functions; a second language subclasses `English`
and overrides what it has translated, so a string not yet translated is still said, in English:

    class Spanish(English):          # civicqa.messages_es
        SOURCES = "Fuentes (en inglés):"

`for_code(pack.language)` picks the catalogue. Left out, on purpose: `--help` texts (written by
Typer from the command definitions), the staff's kiosk settings errors, the kiosk's stop and
log lines on stderr (lockdown.STOP_SIGNALS, error_line) and `civicqa check`'s problems, which
librarians and staff read at a desk or in a journal, not patrons. The words the engine reads
questions with (question words, "As of", "percent") are in the language modules
(civicqa.language), not here.
"""

from __future__ import annotations

from enum import StrEnum


class Why(StrEnum):
    """Why civicqa answered or declined: the engine's decision as data, worded by a catalogue."""

    ANSWERED = "answered"  # the leading entries cover enough of the question
    NO_WORDS = "no-words"  # nothing in the question to search for
    EVERYDAY_ONLY = "everyday-only"  # only words such as "today" or "say"
    NO_MATCH = "no-match"  # no entry has any of the question's words
    UNKNOWN_NAMES = "unknown-names"  # a short question names someone the packs never mention
    LOW_COVERAGE = "low-coverage"  # the leading entries cover too little of the question
    NO_SENTENCE = "no-sentence"  # the entries found have no sentence that answers it
    ADVICE = "advice"  # it asks for advice on the asker's own situation
    FUTURE = "future"  # it asks what will happen, and the entries found tell only what did


class EnglishAnswers:
    """English for answers, dates, listings and /why."""

    # -- dates ---------------------------------------------------------------------------------

    MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")

    @classmethod
    def date(cls, date) -> str:
        """A date known to the year, month or day (knowledge.PartialDate): "May 19, 2010",
        "May 2010", "2010"."""
        if not date.month:
            return str(date.year)
        month = cls.MONTHS[date.month]
        return f"{month} {date.day}, {date.year}" if date.day else f"{month} {date.year}"

    @classmethod
    def dated(cls, date, approximate: bool = False) -> str:
        """A source's or an event's date, "about" when it was inferred; "" for none."""
        if date is None:
            return ""
        return f"about {cls.date(date)}" if approximate else cls.date(date)

    @classmethod
    def checked(cls, date) -> str:
        """When a pack was last checked against its sources (`topics`)."""
        return f"Checked against its sources {'on' if date.day else 'in'} {cls.date(date)}."

    # -- listings: sources, topics, timeline ---------------------------------------------------

    @staticmethod
    def sources_count(title: str, count: int) -> str:
        return f"{title} ({count} source{'s' if count != 1 else ''})"

    @staticmethod
    def entries_count(topic: str, count: int) -> str:
        return f"{topic} ({count} entr{'ies' if count != 1 else 'y'})"

    SOURCE = "Source:"

    # -- why an answer was given or declined (shown by --explain and /why) ------------------------

    @staticmethod
    def reason(why: Why, coverage: float, names: tuple[str, ...], needed: tuple[float, float, int]) -> str:
        """One clause after "because": the decision in words. `needed` is the decision's thresholds
        (MIN_COVERAGE, MIN_PARTIAL_COVERAGE, MIN_SPECIFIC), quoted in a LOW_COVERAGE reason."""
        if why is Why.NO_WORDS:
            return "the question has no words the packs could search for"
        if why is Why.EVERYDAY_ONLY:
            return "the question has only everyday words (such as 'today' or 'say'), nothing specific to look up"
        if why is Why.NO_MATCH:
            return "no entry matches any word of the question"
        if why is Why.UNKNOWN_NAMES:
            return f"the packs never mention {', '.join(names)}"
        if why is Why.ADVICE:
            return "the question asks for advice on the asker's own situation, which public sources cannot give"
        if why is Why.FUTURE:
            return "the question asks what will happen, and the entries found say only what has happened"
        if why is Why.NO_SENTENCE:
            return "the entries found have no sentence that answers the question"
        if why is Why.LOW_COVERAGE:
            full, partial, specific = needed
            return (f"the best entries cover only {coverage:.0%} of the question's meaning "
                    f"(at least {full:.0%} is needed, or {partial:.0%} when one entry "
                    f"matches {specific} specific words or the question names what an entry is about)")
        return f"the best entries cover {coverage:.0%} of the question's meaning"

    # -- answers -----------------------------------------------------------------------------------

    NO_INFORMATION = "This pack has no information about that, so civicqa will not guess."
    NO_ADVICE = ("civicqa explains what its sources say; it cannot advise you on your own situation "
                 "(what to do, legal or money matters).")
    NOTHING_ASKED = "There is nothing in that for civicqa to look up."
    NO_FUTURE = ("This pack tells what has happened, as its latest sources report it; it cannot say "
                 "what will happen.")
    COULD_ASK = "You could ask:"

    @staticmethod
    def help(where: str) -> str:
        return f"For help with that: {where}"

    @staticmethod
    def covers(topic: str) -> str:
        return f"It answers questions about {topic}. You could ask:"

    SOURCES = "Sources:"
    REPOST = "seen only as a repost; original not seen"
    UNDATED = "undated"
    ALSO_SOURCE = "also:"  # before another source of the same cited entry

    @classmethod
    def read_on(cls, dates) -> str:
        """When a page that changes was read: "read January 5, 2024 and June 1, 2024"."""
        named = [cls.date(d) for d in dates]
        return "read " + (", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0])

    # -- how an answer was found (/why, --explain) ---------------------------------------------

    HOW_FOUND = "How this answer was found:"
    DECLINED = "declined"
    ANSWERED = "answered"
    EXPLAIN = {
        "type": "question type:", "stance": "asks about positions:", "resolved": "resolved:",
        "terms": "terms (weight; other forms searched):", "synonyms": "synonyms", "spelling": "likely meant",
        "also": "also", "context": "[from the conversation]", "top": "top entries (score; matched terms):",
    }

    @staticmethod
    def decision(verdict: str, reason: str) -> str:
        return f"decision: {verdict}, because {reason}."


class English(EnglishAnswers):
    """The English catalogue: the words civicqa has always used. (Its answers' words are in
    EnglishAnswers, so each class stays short.)"""

    # -- a conversation: chat, piped chat and the kiosk --------------------------------------------

    @staticmethod
    def too_long(limit: int) -> str:
        return f"That question is longer than {limit:,} characters, so civicqa did not read it. Ask a shorter one."

    @staticmethod
    def could_not_answer(error: str) -> str:
        return (f"civicqa: could not answer that line ({error}). "
                "Try asking another way; the conversation carries on.")

    @staticmethod
    def no_command(word: str, guess: str | None) -> str:
        also = f" Did you mean {guess}?" if guess else ""
        return f"There is no command {word}.{also} Type /help to see the commands."

    ASK_FIRST = "Ask a question first. Then /why shows how its answer was found."
    STARTING_OVER = "Starting over. Follow-up questions will not refer to earlier ones."
    GOODBYE = "Goodbye."
    STOPPED = "Stopped."
    COMMANDS = "Commands:"
    KEYS = "Keys:"
    ALSO = "Also:"
    PIPED_NOTES = "One question per line; blank lines are skipped. /reset forgets the conversation."

    @staticmethod
    def chat_title(titles: str) -> str:
        return f"civicqa chat: {titles}"

    CHAT_INTRO = ("Ask a question in your own words. A follow-up question can refer to the one before it. "
                  "For example:")
    CHAT_LEAVE = "Type /help for commands and keys, or press Ctrl-D to leave."
    CHAT_KEYS = """Keys:
  Up, Down   earlier questions; Ctrl-R searches them
  Tab        complete a command or a name; Right arrow takes the grey suggestion
  Ctrl-C     clear the line; Ctrl-D on an empty line leaves
Pasting several lines asks each line in turn, as if you typed them one by one."""

    # One line of /help per command, by the command's key (repl/commands.py).
    HELP = {
        "help": "Show this list of commands.",
        "topics": "List what the pack covers, with example questions.",
        "sources": "List the sources the answers come from.",
        "why": "Show how the last answer was found.",
        "reset": "Forget the conversation, so follow-ups start fresh.",
        "quit": "Leave civicqa.",
        "start-over": "Start over: forget your questions and clear the screen.",
        "staff": "Close the kiosk: asks for the staff passphrase.",
        "language": "Switch language: /language es or /language en.",
    }
    SWITCH_TO = "In English: type /language en, or ask your question in English."  # shown in the other language
    SPEAKING_NOW = "civicqa speaks English now. Ask your question."
    LANGUAGE_NAMES = {"en": "English", "es": "español"}

    @classmethod
    def languages_offered(cls, codes: list[str]) -> str:
        return "The packs speak: " + ", ".join(f"{cls.LANGUAGE_NAMES.get(c, c)} (/language {c})" for c in codes) + "."
    ABOUT = "about"  # the toolbar's "about: Charly Leuze"
    CHAT_PROMPT = "civicqa> "
    READING = "civicqa: reading questions, one per line. Press Ctrl-D to finish."
    HINT_HELP = "/help: commands"
    HINT_LEAVE = "Ctrl-D: leave"
    HINT_START_OVER = "Ctrl-D: start over"

    # -- the kiosk ---------------------------------------------------------------------------------

    PROMPT = "Your question: "
    KIOSK_ERROR = "civicqa: an error in the prompt; the kiosk carries on."
    PASSPHRASE = "Passphrase: "
    WRONG_PASSPHRASE = "That is not the passphrase."
    CLOSED_BY_STAFF = "civicqa kiosk: closed by staff."
    KIOSK_KEYS = (("Up, Down", "your earlier questions (forgotten when you start over)"),
                  ("Tab", "complete a command or a name"),
                  ("Ctrl-C", "clear the line"),
                  ("Ctrl-D", "start over: forget your questions and clear the screen"))

    @staticmethod
    def capped(limit: int) -> str:
        return (f"Questions can be up to {limit} characters long, so only the first {limit} "
                "characters were used.")

    @staticmethod
    def cap_hint(limit: int) -> str:
        return f"Questions can be up to {limit} characters long."

    @staticmethod
    def kiosk_title(titles: str) -> str:
        return f"civicqa: {titles}"

    @staticmethod
    def kiosk_intro(topic: str) -> str:
        return (f"Ask a question about {topic}. civicqa gives short answers from a fixed set of sources and "
                "names them. If the sources do not say, it tells you so instead of guessing.")

    KIOSK_EXAMPLE = 'Type a question and press Enter, then ask a follow-up such as "Who opposed it?" For example:'
    COUNTED = " This terminal counts how many questions are asked, but never what they are."

    @staticmethod
    def privacy(counted: str, idle: str) -> str:
        return (f"Privacy: nothing you type is saved.{counted} Your questions and answers are forgotten and "
                f"the screen is cleared when you start over, and after {idle} without typing.")

    KIOSK_START_OVER = "To start over, press Ctrl-D or type /reset. Type /help for more."

    @staticmethod
    def duration(seconds: float) -> str:
        """120 -> "2 minutes", 90 -> "90 seconds", 1 -> "1 second"."""
        if seconds >= 60 and seconds % 60 == 0:
            minutes = int(seconds // 60)
            return f"{minutes} minute{'s' if minutes != 1 else ''}"
        return f"{seconds:g} second{'s' if seconds != 1 else ''}"


Messages = type[English]
CATALOGUES: dict[str, Messages] = {"en": English}
_MORE = {"es": ("civicqa.messages_es", "Spanish")}  # imported only when that language is needed


def for_code(code: str) -> Messages:
    """The catalogue for a pack's `language` code ("en", "es", "en-US"); English for a code that has none."""
    code = code.split("-")[0].lower()
    if code not in CATALOGUES and code in _MORE:
        import importlib

        module, name = _MORE[code]
        CATALOGUES[code] = getattr(importlib.import_module(module), name)
    return CATALOGUES.get(code, English)
