"""One conversation: the explainer, the packs, the follow-up state and the last answer.

`ChatSession.handle(line)` answers one line, a question or a command, and is shared by the
terminal loop, the piped loop and (later) the kiosk. It never raises for a bad line: an
unexpected error becomes a short message in `Reply.error` and the session carries on.
"""

from __future__ import annotations

from civicqa import render
from civicqa.answer import Answer, Explainer
from civicqa.conversation import Conversation
from civicqa.knowledge import Pack
from civicqa.question import MAX_QUESTION
from civicqa.repl.commands import Registry, Reply, chat_commands

# Example questions in the welcome: enough to show the range, few enough to read at a glance.
WELCOME_EXAMPLES = 5

PIPED_NOTES = "One question per line; blank lines are skipped. /reset forgets the conversation."


class ChatSession:
    def __init__(self, packs: list[Pack], explainer: Explainer | None = None,
                 commands: Registry | None = None, notes: str = PIPED_NOTES,
                 width: int = 80, color: bool = False) -> None:
        self.packs = packs
        self.explainer = explainer or Explainer(packs)
        self.commands = commands or chat_commands()
        self.notes = notes  # shown under /help: the keys, or how piped input works
        self.conversation = Conversation()
        self.last: Answer | None = None
        self.width = width  # the terminal loop updates these when the window changes
        self.color = color

    @property
    def topic(self) -> str:
        return self.packs[0].topic

    def handle(self, line: str) -> Reply:
        """Answer one line: a command runs, anything else is asked as a question."""
        question = clean(line)
        if not question:
            return Reply()
        if len(question) > MAX_QUESTION:  # never analysed: see civicqa.question
            return Reply(error=render.wrap(f"That question is longer than {MAX_QUESTION:,} characters, so "
                                           "civicqa did not read it. Ask a shorter one.", self.width))
        try:
            if self.commands.is_command(question):
                return self.run_command(question)
            answer = self.ask(question)
        except Exception as error:  # one bad line must not end the conversation
            return Reply(error=f"civicqa: could not answer that line ({type(error).__name__}). "
                               "Try asking another way; the conversation carries on.")
        return Reply(render.answer_text(answer, self.width, self.color, self.topic), answer=answer)

    def ask(self, question: str) -> Answer:
        self.last = self.explainer.ask(question, self.conversation)
        return self.last

    def run_command(self, line: str) -> Reply:
        command, word, argument = self.commands.find(line)
        if command is None:
            return self.unknown(word)
        reply = command.handler(self, argument)
        reply.command = command
        return reply

    def unknown(self, word: str) -> Reply:
        guess = self.commands.did_you_mean(word)
        message = f"There is no command {render.sanitize(word)}."
        if guess:
            message += f" Did you mean {guess}?"
        return Reply(render.wrap(message + " Type /help to see the commands.", self.width))

    def reset(self) -> None:
        self.conversation.reset()
        self.last = None

    def welcome(self) -> str:
        titles = "; ".join(render.sanitize(p.title) for p in self.packs)
        lines = [render.wrap(f"civicqa chat: {titles}", self.width),
                 render.wrap("Ask a question in your own words. A follow-up question can refer to "
                             "the one before it. For example:", self.width)]
        lines += [render.wrap(render.sanitize(q), self.width, "  - ", "    ") for q in self.examples()]
        lines.append("Type /help for commands and keys, or press Ctrl-D to leave.")
        return "\n".join(lines)

    def examples(self, count: int = WELCOME_EXAMPLES) -> list[str]:
        """The packs' example questions, then questions the entries answer, without repeats."""
        questions = [q for p in self.packs for q in p.examples]
        questions += [e.questions[0] for p in self.packs for e in p.entries if e.questions]
        return list(dict.fromkeys(questions))[:count]


def clean(line: str) -> str:
    """One line as a question: spaces collapsed as `ask` does, undecodable bytes replaced."""
    line = line.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return " ".join(line.split())


def split_lines(text: str) -> list[str]:
    """The non-blank lines of what was typed or pasted at the prompt, in order."""
    return [line for line in (clean(part) for part in text.splitlines()) if line]
