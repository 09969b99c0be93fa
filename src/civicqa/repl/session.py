"""One conversation: the explainer, the packs, the follow-up state and the last answer.

`ChatSession.handle(line)` answers one line, a question or a command, and `answer_lines` is the
one line loop the terminal chat, the piped chat and the kiosk share: each reads text its own way
(a prompt, a pipe, a locked-down prompt, a dumb terminal) and hands it here. `render` is the one
place a reply becomes words, in the packs' language (civicqa.messages). A bad line never raises:
an unexpected error becomes a short message in `Reply.error` and the session carries on.
"""

from __future__ import annotations

from typing import Callable, Protocol

from civicqa import messages, render
from civicqa.answer import Answer, Explainer
from civicqa.conversation import Conversation
from civicqa.knowledge import Pack
from civicqa.question import MAX_QUESTION
from civicqa.repl.commands import Registry, Reply, Show, Then, chat_commands, unknown

# Example questions in the welcome: enough to show the range, few enough to read at a glance.
WELCOME_EXAMPLES = 5


class ChatSession:
    def __init__(self, explainer: Explainer, commands: Registry | None = None,
                 notes: str | None = None, width: int = 80, color: bool = False) -> None:
        self.explainer = explainer
        # The language the session speaks: the packs' at first; a question in another language
        # of the packs in use (civicqa.multilingual) or /language switches it.
        self.default_language = self.language = _code(explainer.packs[0].language)
        self.commands = commands or chat_commands()
        # Under /help: how piped input works, the chat's keys, or a kiosk's keys for the width.
        self.notes: str | Callable[[int], str] = (lambda width: self.words.PIPED_NOTES) if notes is None else notes
        self.conversation = Conversation()
        self.last: Answer | None = None
        self.failure: BaseException | None = None  # the last unexpected error, for a kiosk's log
        self.width = width  # the terminal loops update these when the window changes
        self.color = color

    @property
    def packs(self) -> list[Pack]:
        """The packs of the language the session speaks."""
        return self._engine(self.language).packs

    @property
    def words(self) -> messages.Messages:
        return messages.for_code(self.language)

    @property
    def languages(self) -> list[str]:
        """The languages this session can speak: one per language of the packs in use."""
        return list(getattr(self.explainer, "codes", [self.default_language]))

    def speak(self, code: str) -> None:
        if code in self.languages:
            self.language = code

    def _ask(self, question: str) -> Answer:
        """Asked in the session's language when the question has none of its own ("ICE?")."""
        if hasattr(self.explainer, "codes"):
            return self.explainer.ask(question, self.conversation, prefer=self.language)
        return self.explainer.ask(question, self.conversation)

    def _engine(self, code: str):
        engine = getattr(self.explainer, "engine", None)
        return engine(code) if engine is not None else self.explainer

    @property
    def topic(self) -> str:
        return self.packs[0].topic

    def handle(self, line: str) -> Reply:
        """Answer one line: a command runs, anything else is asked as a question."""
        self.failure = None  # kept only until the front end has logged it: it may hold the question
        question = clean(line)
        if not question:
            return Reply()
        if len(question) > MAX_QUESTION:  # never analysed: see civicqa.question
            return Reply(error=render.wrap(self.words.too_long(MAX_QUESTION), self.width))
        try:
            if self.commands.is_command(question):
                reply = self.run_command(question)
            else:
                self.last = self._ask(question)
                self.speak(self.last.language)  # a resident who asks in Spanish is answered in Spanish
                reply = Reply(Show.ANSWER, answer=self.last)
            reply.text = self.render(reply)
        except Exception as error:  # one bad line must not end the conversation
            self.failure = error
            return Reply(error=render.wrap(self.words.could_not_answer(type(error).__name__), self.width))
        return reply

    def run_command(self, line: str) -> Reply:
        command, word, argument = self.commands.find(line)
        if command is None:
            return unknown(self, word)
        reply = command.handler(self, argument)
        reply.command = command
        return reply

    def _words_of(self, answer) -> messages.Messages:
        """The catalogue of the language an answer is in."""
        code = getattr(answer, "language", "") or self.language
        return messages.for_code(code) if code in self.languages else self.words

    def render(self, reply: Reply) -> str:
        """The one place a reply becomes text, wrapped to the session's width."""
        width, words = self.width, self.words
        if reply.show in (Show.ANSWER, Show.WHY):  # in the answer's language (civicqa.multilingual)
            words = self._words_of(reply.answer)
            if reply.show is Show.ANSWER:
                return render.answer_text(reply.answer, width, self.color, words)
            return render.explain_text(reply.answer, width, words)
        if reply.show is Show.HELP and reply.about is not None:
            return render.wrap(f"{reply.about.name}: {words.HELP[reply.about.key]}", width)
        if reply.show is Show.HELP:
            notes = self.notes(width) if callable(self.notes) else self.notes
            return self.commands.help_text(notes, width, words)
        if reply.show is Show.TOPICS:
            return render.topics_text(self.packs, width, words)
        if reply.show is Show.SOURCES:
            return render.sources_text(self.packs, width, words)
        if reply.show is Show.MESSAGE:
            return render.wrap(reply.message, width)
        return ""

    def reset(self) -> None:
        self.conversation.reset()
        self.last = None

    def start_over(self) -> None:
        """A kiosk's next patron: nothing of the last one, and the librarian's language again."""
        self.reset()
        self.language = self.default_language

    def welcome(self) -> str:
        words = self.words
        titles = "; ".join(render.sanitize(p.title) for p in self.packs)
        lines = [render.wrap(words.chat_title(titles), self.width), render.wrap(words.CHAT_INTRO, self.width)]
        lines += [render.wrap(render.sanitize(q), self.width, "  - ", "    ") for q in self.examples()]
        lines.append(words.CHAT_LEAVE)
        lines += [render.wrap(line, self.width) for line in self.other_languages()]
        return "\n".join(lines)

    def other_languages(self) -> list[str]:
        """How to switch to each other language the packs speak, in that language."""
        return [messages.for_code(code).SWITCH_TO for code in self.languages if code != self.language]

    def examples(self, count: int = WELCOME_EXAMPLES) -> list[str]:
        """The packs' example questions, then questions the entries answer, without repeats."""
        return self._engine(self.language).tables.examples[:count]


class Screen(Protocol):
    """Where one front end shows replies: a terminal, a pipe, a kiosk's screen."""

    def echo(self, line: str) -> None:
        """Before the answer to one line of a paste: which line it answers."""

    def show(self, line: str, reply: Reply) -> None:
        """A reply to a line that did not stop the reading."""


def _code(language: str) -> str:
    return language.split("-")[0].lower()


def answer_lines(session: ChatSession, lines: list[str], screen: Screen) -> Reply | None:
    """Answer what was typed, pasted or piped, line by line, showing each reply on the screen.
    Stops at a reply that ends the reading (quit, start over, the staff exit) and returns it,
    unshown, for the front end to act on; None when every line was answered."""
    for line in lines:
        if len(lines) > 1:  # a paste: show which line each answer belongs to
            screen.echo(line)
        reply = session.handle(line)
        if reply.then is not Then.CARRY_ON:
            return reply
        screen.show(line, reply)
    return None


def clean(line: str) -> str:
    """One line as a question: spaces collapsed as `ask` does, undecodable bytes replaced."""
    line = line.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return " ".join(line.split())


def split_lines(text: str) -> list[str]:
    """The non-blank lines of what was typed or pasted at the prompt, in order."""
    return [line for line in (clean(part) for part in text.splitlines()) if line]
