"""The command line: options, choosing a renderer, exit codes. The work happens elsewhere."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer._click.types import StringParamType
from typer.core import TyperCommand

from civicqa import __version__
from civicqa.environment import Environment, plain_terminal
from civicqa.errors import CivicqaError
from civicqa.status import ExitStatus

# The top-level help is the docstring of _main below, examples included (a help= here would
# replace it). Completion adds --install-completion and --show-completion, at no measurable
# start-up cost (bench/startup.py).
app = typer.Typer(
    name="civicqa",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None if plain_terminal() else "rich",
    pretty_exceptions_enable=False,  # run() turns any unexpected error into one line
    context_settings={"help_option_names": ["-h", "--help"]},
)

KnowledgeOption = Annotated[
    Optional[list[Path]],
    typer.Option("--knowledge", "-k", metavar="PATH",
                 help="Use this knowledge pack file instead of the packs in use (repeatable; "
                      "`civicqa sources` says which those are)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of text.")]
LangOption = Annotated[Optional[str], typer.Option(
    "--lang", metavar="CODE", help="List the packs in this language (en, es). Default: English, or the packs' own.")]


def _environment() -> Environment:
    return Environment()


def fail(error: CivicqaError) -> typer.Exit:
    """Report a domain error on stderr, with what to do next, and choose the exit status."""
    _say(f"civicqa: {error.message}", error.hint)
    return typer.Exit(ExitStatus.ERROR)


def _say(*lines: str) -> None:
    """Write a message on stderr. A stderr that cannot be written to changes nothing: the exit
    status still tells what happened."""
    try:
        for line in lines:
            if line:
                print(line, file=sys.stderr, flush=True)
    except (OSError, AttributeError, ValueError):
        pass


def _show(env: Environment, text: str) -> None:
    """Print a long listing; on a terminal, through a pager when it is taller than the screen."""
    chosen = env.pager(text)
    if chosen is not None:
        import subprocess

        command, variables = chosen
        try:
            pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=variables,
                                     encoding=getattr(env.stdout, "encoding", None) or "utf-8",
                                     errors="backslashreplace")
        except OSError:
            pass  # no such pager program: print the text instead
        else:
            try:
                pager.communicate(text + "\n")  # a reader who quits early is not an error
            except KeyboardInterrupt:
                pass  # Ctrl-C belongs to the pager, as with git
            while True:
                try:
                    pager.wait()
                    return
                except KeyboardInterrupt:
                    continue
    print(text, file=env.stdout)


def _in_use(knowledge: list[Path] | None, kiosk: tuple[Path, ...] = ()) -> list[Path]:
    """The pack files to answer from: --knowledge, else the settings (civicqa.locations)."""
    from civicqa.locations import packs_in_use

    try:
        return packs_in_use(knowledge, _environment().variables, list(kiosk)).paths
    except CivicqaError as error:
        raise fail(error) from None


def _code(lang: str | None) -> str | None:
    """A --lang value as pack codes are compared: "ES", "es-MX" -> "es"."""
    return lang.split("-")[0].strip().lower() if lang else None


def _packs_in(knowledge: list[Path] | None, lang: str | None):
    """The packs in use, or only those in one language (civicqa.multilingual): for listings."""
    lang = _code(lang)
    if lang is None:
        return _packs(knowledge)
    from civicqa.locations import packs_in_use
    from civicqa.multilingual import groups_of, shipped_groups

    try:
        in_use = packs_in_use(knowledge, _environment().variables)
    except CivicqaError as error:
        raise fail(error) from None
    groups = shipped_groups() if in_use.shipped else groups_of(in_use.paths)
    if lang not in groups:
        raise fail(CivicqaError(f"--lang {lang!r}: the packs in use are in {', '.join(groups)}.",
                                "Leave --lang out, or name one of those."))
    return _packs(groups[lang])


def _packs(knowledge: list[Path] | None):
    from civicqa.knowledge import load_packs

    try:
        return load_packs(_in_use(knowledge))
    except CivicqaError as error:
        raise fail(error) from None


def _explainer(knowledge: list[Path] | None, kiosk: tuple[Path, ...] = (), language: str | None = None,
               later: bool = False):
    """The answering engines for the packs in use, one per language (civicqa.multilingual), each
    built once and then loaded from the user cache when a question in its language comes; with
    `later`, a large one is stored once the command is done (civicqa.cache.write_pending)."""
    from civicqa.cache import load_explainer
    from civicqa.locations import default_language, packs_in_use
    from civicqa.multilingual import Multilingual, groups_of, shipped_groups

    def load(paths: list[Path]):
        try:
            return load_explainer(paths, later)
        except CivicqaError as error:
            raise fail(error) from None

    variables = _environment().variables
    try:
        in_use = packs_in_use(knowledge, variables, list(kiosk))
        language = language or default_language(variables)  # the kiosk's own setting comes first
    except CivicqaError as error:
        raise fail(error) from None
    groups = shipped_groups() if in_use.shipped else groups_of(in_use.paths)
    if language and language not in groups:
        _say(f"civicqa: the language setting {language!r} names no language of the packs in use "
             f"({', '.join(groups)}), so it is not used.", "Set language to one of those, or remove it.")
    engines = Multilingual(groups, load, language)
    engines.engine()  # the default language's engine: a pack problem is reported now, before any answer
    return engines


def _words(packs):
    """The catalogue of the packs' language (civicqa.messages), for what a resident reads."""
    from civicqa import messages

    return messages.for_code(packs[0].language)


def _version(value: bool) -> None:
    if value:
        print(f"civicqa {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Short, cited answers to questions about local civic issues, offline.

    Every command has its own --help with examples, for example: civicqa ask --help.

    \b
    Examples:
      civicqa ask "What is 287(g)?"
      civicqa ask who opposed it
      civicqa chat
      civicqa sources
      civicqa check my-pack.toml
    """


# A question that only asks for help gets a pointer to the help, not an answer from the pack.
_HELP_REQUESTS = frozenset({"help", "-h", "--help", "-help", "/help", "help me", "help please", "please help",
                            "usage", "--usage", "?"})


def _asks_for_help(question: str) -> bool:
    return " ".join(question.lower().strip(" ?!.").split()) in _HELP_REQUESTS or question.strip() == "?"


class _Words(StringParamType):
    """The words of a question: no type shown in help (Typer 0.28 would print <str>)."""

    name = "words"

    def get_metavar(self, param, ctx) -> str:
        return ""


class _AskCommand(TyperCommand):
    """`ask` with the usage line `civicqa ask [OPTIONS] QUESTION...`, not Typer 0.28's {QUESTION}."""

    def collect_usage_pieces(self, ctx) -> list[str]:
        return [piece.strip("{}") if piece.startswith("{") else piece for piece in super().collect_usage_pieces(ctx)]


@app.command(cls=_AskCommand)
def ask(
    question: Annotated[list[str], typer.Argument(
        metavar="QUESTION...", show_default=False, click_type=_Words(),
        help='The question, as words or in quotes (the shell needs quotes around 287(g)). '
             '"-" reads it from stdin.')],
    json_output: JsonOption = False,
    explain: Annotated[bool, typer.Option("--explain", help="Also show how the answer was found.")] = False,
    knowledge: KnowledgeOption = None,
    lang: Annotated[Optional[str], typer.Option(
        "--lang", metavar="CODE", help="Answer in this language (en, es). Default: the question's language.")] = None,
) -> None:
    """Answer one question with a short, cited answer.

    The answer is in the language of the question (English or Spanish), or in --lang's.
    A question is at most 2,000 characters. Exit status: 0 answered, 1 the knowledge has no
    answer, 2 usage or knowledge error, 3 the answer could not be written.

    \b
    Examples:
      civicqa ask "What is 287(g)?"
      civicqa ask who opposed it
      civicqa ask --json "Who opposed it?"
      civicqa ask "¿Quién se opuso al plan?"
      echo "Did Willmar join?" | civicqa ask -
    """
    from civicqa import render
    from civicqa.question import read_question, tidy

    env = _environment()
    try:
        if question == ["-"]:
            if env.stdin_isatty:
                _say("civicqa: reading the question from the terminal. Press Ctrl-D when done.")
            text = read_question(env.stdin)
        else:
            text = tidy(" ".join(question))
    except CivicqaError as error:
        raise fail(error) from None
    if not text:
        raise fail(CivicqaError("the question is empty.",
                                'Type a question, for example: civicqa ask "What is 287(g)?"'))
    if _asks_for_help(text):
        raise fail(CivicqaError(f"{render.sanitize(text)!r} is a request for help, not a question civicqa can look up.",
                                "Run `civicqa ask --help` for how to ask, or `civicqa --help` for every command."))
    explainer = _explainer(knowledge, later=True)  # the answer first: a large engine is stored after it
    lang = _code(lang)
    if lang is not None and lang not in explainer.codes:
        raise fail(CivicqaError(f"--lang {render.sanitize(lang)!r}: the packs in use are in {', '.join(explainer.codes)}.",
                                "Leave --lang out to answer in the question's language."))
    answer = explainer.ask(text, lang=lang)
    from civicqa import messages

    words = messages.for_code(answer.language)
    _Outcome.status = ExitStatus.NO_ANSWER if answer.abstained else ExitStatus.OK  # also if stdout closes
    if json_output:
        print(render.dumps(render.answer_json(answer), pretty=env.stdout_isatty), file=env.stdout)
    else:
        print(render.answer_text(answer, env.width, env.color, words), file=env.stdout)
    if explain:
        print("\n" + render.explain_text(answer, env.width, words), file=env.stdout if not json_output else env.stderr)
    raise typer.Exit(_Outcome.status)


@app.command(short_help="Check knowledge pack files: every problem, with its line and a fix.")
def check(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        metavar="[PATH]...", help="Pack files to check. Default: the packs civicqa answers from.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit status 2) on warnings too.")] = False,
    json_output: JsonOption = False,
    schema: Annotated[bool, typer.Option("--schema", help="Print the JSON Schema of the pack format, for editors, and exit.")] = False,
) -> None:
    """Check knowledge pack files and list every problem with its line and how to fix it; then
    the warnings: rules of the pack format that a valid pack breaks (the format is described in
    docs/knowledge-format.md of the civicqa source repository).

    Exit status: 0 when every pack is valid (warnings or not), 2 when there are problems, or
    with --strict when there are warnings.

    \b
    Examples:
      civicqa check
      civicqa check my-pack.toml
      civicqa check --strict --json my-pack.toml
      civicqa check --schema > pack.schema.json
    """
    from civicqa import lint, render, render_pack
    from civicqa.knowledge import load_packs

    env = _environment()
    if schema:
        from civicqa.pack_format import json_schema

        print(render.dumps(json_schema(), pretty=True), file=env.stdout)
        return
    from civicqa.errors import Problem
    from civicqa.locations import packs_in_use

    try:
        packs = load_packs(packs_in_use(paths, env.variables).paths)
    except CivicqaError as error:
        if json_output:  # a pack's problems, or one problem with where the packs are named
            problems = getattr(error, "problems", None) or [Problem("", 0, error.message, error.hint)]
            print(render.dumps(render_pack.check_json([], problems, [], strict), pretty=env.stdout_isatty),
                  file=env.stdout)
        raise fail(error) from None
    warned = [w for pack in packs for w in lint.warnings(pack)]
    if json_output:
        print(render.dumps(render_pack.check_json(packs, [], warned, strict), pretty=env.stdout_isatty), file=env.stdout)
    else:
        print(render_pack.check_text(packs, warned, env.width), file=env.stdout)
    if strict and warned:
        raise typer.Exit(ExitStatus.ERROR)


@app.command(name="test", short_help="Ask a pack's own questions and tests; explain each failure.")
def test_pack(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        metavar="[PACK]...", help="Pack files to test. Default: the packs civicqa answers from.")] = None,
    every: Annotated[bool, typer.Option("--all", help="List the tests that pass too.")] = False,
    json_output: JsonOption = False,
) -> None:
    """Ask every entry's `questions` and the pack's [[tests]], as residents would.

    An entry's question passes when it is answered from that entry first. A failure says which
    entry answered instead, the scores, the words each matched and the likeliest fix.
    Exit status: 0 when every test passes, 1 when some fail, 2 for a pack with problems.

    \b
    Examples:
      civicqa test my-pack.toml
      civicqa test --json my-pack.toml
    """
    from civicqa import packtest, render, render_pack
    from civicqa.answer import Explainer

    env = _environment()
    if json_output:  # a pack that cannot be read is reported as JSON too, as `check --json` does
        from civicqa.errors import Problem
        from civicqa.knowledge import load_packs
        from civicqa.locations import packs_in_use

        try:
            packs = load_packs(packs_in_use(paths, env.variables).paths)
        except CivicqaError as error:
            problems = getattr(error, "problems", None) or [Problem("", 0, error.message, error.hint)]
            print(render.dumps(render_pack.check_json([], problems, [], False) | {"tests": []},
                               pretty=env.stdout_isatty), file=env.stdout)
            raise fail(error) from None
    else:
        packs = _packs(paths)
    results = packtest.run(Explainer(packs))
    if json_output:
        print(render.dumps(render_pack.test_json(results), pretty=env.stdout_isatty), file=env.stdout)
    else:
        _show(env, render_pack.test_text(results, env.width, every))
    raise typer.Exit(ExitStatus.OK if all(r.passed for r in results) else ExitStatus.NO_ANSWER)


@app.command(short_help="Show an entry as residents will see it quoted, and the questions it answers.")
def show(
    entry_id: Annotated[str, typer.Argument(metavar="ENTRY-ID", help="The id of an entry.")],
    knowledge: KnowledgeOption = None,
) -> None:
    """Show an entry as residents will see it quoted: each sentence alone (a changeable fact with
    its "As of"), its citation, and the questions `civicqa test` found it answers first.

    \b
    Example:
      civicqa show def-287g -k my-pack.toml
    """
    from civicqa import packtest, render_pack
    from civicqa.answer import Explainer

    env = _environment()
    explainer = Explainer(_packs(knowledge))
    found = [(p, e) for p in explainer.packs for e in p.entries if e.id == entry_id]
    if not found:
        from civicqa.knowledge import close_matches

        ids = [e.id for p in explainer.packs for e in p.entries]
        close = close_matches(entry_id, ids, n=3, cutoff=0.5)
        hint = f"Did you mean {', '.join(close)}?" if close else "`civicqa topics` lists the entries' topics; ids are in the pack file"
        raise fail(CivicqaError(f"no entry with the id {entry_id!r}", hint))
    answers = [r.questions[-1] for r in packtest.run(explainer) if r.first == entry_id]
    for pack, entry in found:
        _show(env, render_pack.entry_text(entry, pack, explainer.tables, answers, env.width))


@app.command(short_help="Start a draft pack from an article's plain text.")
def new(
    path: Annotated[Path, typer.Argument(metavar="PACK", help="The pack file to write (.toml); it must not exist yet.")],
    article: Annotated[Path, typer.Option("--from", metavar="ARTICLE.txt", help="The article, as plain text.")],
    title: Annotated[str, typer.Option("--title", metavar="TEXT", help="The article's title.")],
    publisher: Annotated[str, typer.Option("--publisher", metavar="TEXT", help="Who published it.")],
    url: Annotated[str, typer.Option("--url", metavar="URL", help="Where it can be read.")],
    date: Annotated[str, typer.Option("--date", metavar="YYYY-MM-DD", help="When it was published (or YYYY-MM, YYYY).")],
    topic: Annotated[str, typer.Option("--topic", metavar="TEXT", help="The pack's main topic, in a few words.")] = "",
) -> None:
    """Start a draft pack from an article: the [pack] and [[sources]] blocks filled in, one
    draft entry per paragraph with its locator, a draft person entry for each person quoted,
    and the dates found proposed. Every entry keeps the article's words and `draft = true`
    until it is rewritten; `check` warns about drafts and the kiosk refuses them. An existing
    file is never overwritten.

    \b
    Example:
      civicqa new my-town.toml --from article.txt --title "Council backs lanes" \\
        --publisher "Exampleville Gazette" --url https://example.org/lanes --date 2024-03-05
    """
    from civicqa import draft

    env = _environment()
    try:
        text = draft.read_article(article)
        source = draft.ArticleSource(title, publisher, url, draft.check_date(date))
        draft.check_source(source)
        written = draft.draft_pack(text, source, draft.pack_id(path), topic)
        draft.write_new(path, written)
    except CivicqaError as error:
        raise fail(error) from None
    entries = written.count("[[entries]]")
    print(f"Wrote {path}: {entries} draft entries from {article}. Next: rewrite each in your own words, "
          f"then run civicqa check {path} and civicqa test {path}.", file=env.stdout)


@app.command(short_help="List the sources of the knowledge: publisher, date and address.")
def sources(json_output: JsonOption = False, knowledge: KnowledgeOption = None, lang: LangOption = None) -> None:
    """List the sources the knowledge comes from: publisher, date and address.

    \b
    Example:
      civicqa sources
    """
    from civicqa import render

    from civicqa import locations

    env = _environment()
    try:
        in_use = locations.packs_in_use(knowledge, env.variables)
    except CivicqaError as error:
        raise fail(error) from None
    packs = _packs(in_use.paths) if lang is None else _packs_in(knowledge, lang)
    if json_output:
        data = render.sources_json(packs)
        print(render.dumps(data, pretty=env.stdout_isatty), file=env.stdout)
    else:
        from civicqa import render_pack

        where = render_pack.packs_origin(in_use.origin, locations.user_pack_dir(env.variables),
                                         locations.VARIABLE, locations.settings_path(env.variables), env.width)
        _show(env, render.sources_text(packs, env.width, _words(packs)) + "\n\n" + where)


@app.command()
def topics(json_output: JsonOption = False, knowledge: KnowledgeOption = None, lang: LangOption = None) -> None:
    """List what the knowledge covers, with example questions.

    \b
    Examples:
      civicqa topics
      civicqa topics --lang es
    """
    from civicqa import render

    env = _environment()
    packs = _packs_in(knowledge, lang)
    if json_output:
        print(render.dumps(render.topics_json(packs), pretty=env.stdout_isatty), file=env.stdout)
    else:
        _show(env, render.topics_text(packs, env.width, _words(packs)))


@app.command()
def timeline(json_output: JsonOption = False, knowledge: KnowledgeOption = None, lang: LangOption = None) -> None:
    """Print the dated events in order, each with its source.

    \b
    Example:
      civicqa timeline
    """
    from civicqa import render

    env = _environment()
    packs = _packs_in(knowledge, lang)
    if json_output:
        print(render.dumps(render.timeline_json(packs), pretty=env.stdout_isatty), file=env.stdout)
    else:
        _show(env, render.timeline_text(packs, env.width, _words(packs)))


@app.command(short_help="Hold a conversation, with follow-up questions such as \"Who opposed it?\".")
def chat(
    json_output: Annotated[bool, typer.Option(
        "--json", help="Read questions one per line and print one JSON object per answer (JSON Lines).")] = False,
    knowledge: KnowledgeOption = None,
    history: Annotated[Optional[Path], typer.Option(
        "--history", metavar="FILE", dir_okay=False,
        help="Keep the questions you type in FILE for next time. Off by default: the file is plain text.")] = None,
    no_toolbar: Annotated[bool, typer.Option("--no-toolbar", help="Hide the bottom toolbar.")] = False,
    no_suggest: Annotated[bool, typer.Option("--no-suggest", help="Do not suggest earlier questions as you type.")] = False,
    no_complete: Annotated[bool, typer.Option("--no-complete", help="Do not complete commands and names.")] = False,
) -> None:
    """Hold a conversation: ask a question, then follow-up questions such as "Who opposed it?".

    On a terminal this is an interactive prompt; type /help there for commands and keys. When
    stdin is not a terminal, each line is a question and answers are printed as `ask` prints
    them (with --json, one JSON object per line). Exit status: 0 at the end of the conversation.

    \b
    Examples:
      civicqa chat
      civicqa chat --history ~/.civicqa_history
      printf 'What is 287(g)?\\nWho opposed it?\\n' | civicqa chat --json
    """
    from civicqa.repl.session import ChatSession

    env = _environment()
    explainer = _explainer(knowledge)
    _long_session()
    if json_output or not (env.stdin_isatty and env.stdout_isatty):
        from civicqa.repl.piped import run_piped

        if env.stdin_isatty and not json_output:
            print(_words(explainer.packs).READING, file=env.stderr)
        raise typer.Exit(run_piped(ChatSession(explainer), env, json_output))
    # prompt-toolkit is imported only here, so `ask` and piped chat never load it.
    from civicqa.repl.prompt import PromptSettings, run_prompt

    settings = PromptSettings(history=history, toolbar=not no_toolbar, suggest=not no_suggest,
                              complete=not no_complete)
    session = ChatSession(explainer, width=env.width, color=env.color)
    session.notes = lambda width: session.words.CHAT_KEYS  # in the language the session speaks
    try:
        raise typer.Exit(run_prompt(session, env, settings))
    except CivicqaError as error:
        raise fail(error) from None


@app.command(short_help="Run civicqa on a public terminal: patrons leave no trace.")
def kiosk(
    knowledge: KnowledgeOption = None,
    idle_timeout: Annotated[Optional[float], typer.Option(
        "--idle-timeout", metavar="SECONDS",
        help="Start over after this many seconds without a key press (default 120).")] = None,
    plain: Annotated[bool, typer.Option(
        "--plain", help="No color, toolbar, pop-up menus or box drawing: for screen readers.")] = False,
    counts: Annotated[Optional[Path], typer.Option(
        "--counts", metavar="FILE", dir_okay=False,
        help="Count questions asked, answered and declined in FILE: numbers only, never the questions.")] = None,
    config: Annotated[Optional[Path], typer.Option(
        "--config", metavar="FILE", dir_okay=False,
        help="The settings and staff passphrase file (default: ~/.config/civicqa/kiosk.toml).")] = None,
    set_passphrase: Annotated[bool, typer.Option(
        "--set-passphrase", help="Set the staff passphrase, typed twice at the terminal, then exit.")] = False,
) -> None:
    """Run civicqa on a public terminal: patrons leave no trace, and only staff can close it.

    Patrons ask questions as in chat. Ctrl-D, /reset, or --idle-timeout seconds without a key
    press start over: the conversation is forgotten and the screen cleared. Nothing typed is
    saved. Staff close the kiosk by typing /staff and the passphrase. The kiosk needs a
    terminal and a passphrase: set one first with --set-passphrase. The kiosk guide is
    docs/kiosk.md in the civicqa source repository.
    Exit status: 0 closed by staff or stopped with SIGTERM; 2 the kiosk cannot start, got
    SIGHUP, or lost its terminal.

    \b
    Examples:
      civicqa kiosk --set-passphrase
      civicqa kiosk
      civicqa kiosk --plain --idle-timeout 300 --counts ~/kiosk-counts.json
    """
    from civicqa.repl import kiosk_config

    env = _environment()
    path = (config or kiosk_config.config_path(env.variables)).expanduser()
    try:
        if set_passphrase:
            if not env.stdin_isatty:
                raise CivicqaError("--set-passphrase reads the passphrase from a terminal, and stdin is not one.",
                                   "Run civicqa kiosk --set-passphrase in a terminal. The passphrase is never "
                                   "read from the command line, the environment or a pipe.")
            import getpass

            try:
                kiosk_config.set_passphrase(path, getpass.getpass, input, lambda text: print(text, file=env.stderr))
            except EOFError:
                raise CivicqaError("no passphrase was typed, so nothing was changed.") from None
            raise typer.Exit(ExitStatus.OK)
        settings = kiosk_config.kiosk_settings(path, idle_timeout, plain, counts)
        if not (env.stdin_isatty and env.stdout_isatty):
            raise CivicqaError("the kiosk needs a terminal, and stdin or stdout is not one.",
                               "Run civicqa kiosk on the terminal patrons use. Scripts can use civicqa chat --json.")
    except CivicqaError as error:
        raise fail(error) from None
    explainer = _explainer(knowledge, settings.knowledge, settings.language)
    _long_session()
    drafts = [i for code in explainer.codes for i in explainer.engine(code).tables.drafts]
    if drafts:
        raise fail(CivicqaError(f"the kiosk will not answer from draft entries ({', '.join(drafts[:5])}"
                                f"{' ...' if len(drafts) > 5 else ''}): they still have an article's own words.",
                                "Rewrite them and remove `draft = true`; `civicqa check` lists every one."))
    # prompt-toolkit is imported only here.
    from civicqa.repl.kiosk import run_kiosk
    from civicqa.repl.kiosk_core import kiosk_session

    color = env.color and not settings.plain
    session = kiosk_session(explainer, settings.plain, env.width, color)
    try:
        raise typer.Exit(run_kiosk(session, env, settings))
    except CivicqaError as error:
        raise fail(error) from None


def _long_session() -> None:
    """A session that runs for hours collects its cyclic garbage again (civicqa.command turned
    the collector off for the start); what start-up made is set aside, never to be walked."""
    import gc

    gc.freeze()
    gc.enable()


class _Outcome:
    """The status a command has settled on before it prints: what civicqa exits with if the
    reader of its output leaves early (`civicqa ask ... | head -1`)."""

    status: int = ExitStatus.OK


class OutputError(OSError):
    """Writing to stdout failed. A closed pipe carries no errno here, so that Click does not
    turn it into exit status 1, the status for "no answer"."""

    def __init__(self, error: OSError) -> None:
        closed = isinstance(error, BrokenPipeError) or error.errno == errno.EPIPE
        super().__init__(*(() if closed else (error.errno, error.strerror)))
        self.closed_pipe = closed
        self.cause = error


class _GuardedOutput:
    """sys.stdout, with every failed write or flush raised as OutputError."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OutputError:
            raise
        except OSError as error:
            raise OutputError(error) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OutputError:
            raise
        except OSError as error:
            raise OutputError(error) from None

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def main() -> None:
    sys.exit(run())


def run(args: list[str] | None = None) -> int:
    """Run the command line; return its exit status whatever happens to stdout or stderr."""
    # Typer bundles its Click and exports only some of its exceptions.
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError

    _Outcome.status = ExitStatus.OK
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        _say("civicqa: stdout is closed, so there is nowhere to print.",
             "Run civicqa with its output going to a terminal, a file or a pipe.")
        return ExitStatus.OUTPUT_ERROR
    sys.stdout = _GuardedOutput(sys.stdout)
    try:
        with _only_the_command_asked(sys.argv[1:] if args is None else args):
            status = app(args=args, prog_name="civicqa" if args is not None else None, standalone_mode=False)
        sys.stdout.flush()  # now, not at exit, where Python would only complain
        return status if isinstance(status, int) else ExitStatus.OK
    except OutputError as error:
        return _output_failed(error)
    except NoArgsIsHelpError as error:
        _say(error.format_message())
        return ExitStatus.ERROR
    except UsageError as error:
        command = error.ctx.command_path if error.ctx is not None else "civicqa"
        _say(f"civicqa: {_sentence(error.format_message())}", f"Run `{command} --help` for usage.")
        return ExitStatus.ERROR
    except ClickException as error:
        _say(f"civicqa: {_sentence(error.format_message())}")
        return ExitStatus.ERROR
    except (KeyboardInterrupt, typer.Abort):
        return ExitStatus.INTERRUPTED
    except Exception as error:  # a bug: say so in one line, never with a traceback
        _say(f"civicqa: unexpected error ({type(error).__name__}: {error}). This is a bug in "
             "civicqa; please report it with the command you ran.")
        return ExitStatus.ERROR
    finally:
        _store_put_off()


def _store_put_off() -> None:
    """Store what `ask` put off storing until its answer was out (civicqa.cache.write_pending)."""
    cache = sys.modules.get("civicqa.cache")  # not imported: nothing was put off
    if cache is not None:
        with contextlib.suppress(KeyboardInterrupt):  # a write here and now, cut short: no harm
            cache.write_pending()


@contextlib.contextmanager
def _only_the_command_asked(args: list[str]):
    """Typer builds every command's options at each start, a few milliseconds each. When the
    first argument names a command, only that one is built: `civicqa ask` does not pay for the
    authoring commands. Anything else (`--help`, a misspelled command, shell completion) sees
    them all."""
    commands = app.registered_commands
    named = [c for c in commands if args and (c.name or c.callback.__name__) == args[0]]
    if not named or "_CIVICQA_COMPLETE" in os.environ:
        yield
        return
    app.registered_commands = named
    try:
        yield
    finally:
        app.registered_commands = commands


def _output_failed(error: OutputError) -> int:
    """A closed pipe ends quietly with the command's own status; any other write failure (a
    full disk, a closed stdout) is said in one line and exits OUTPUT_ERROR."""
    try:  # what is still buffered goes nowhere, so Python's flush at exit stays quiet
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, ValueError, OSError):
        pass
    if error.closed_pipe:
        return _Outcome.status
    reason = error.cause.strerror or str(error.cause)
    _say(f"civicqa: could not write the output ({reason}).",
         "Check that the disk has room and that stdout goes to an open file, pipe or terminal.")
    return ExitStatus.OUTPUT_ERROR


def _sentence(message: str) -> str:
    """Click's message in civicqa's voice: lower-case start ("no such option"), full stop."""
    message = " ".join(message.split())
    if len(message) > 1 and message[0].isupper() and message[1].islower():
        message = message[0].lower() + message[1:]
    return message if message.endswith((".", "?", "!")) else message + "."
