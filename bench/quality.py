"""Answer quality: civicqa against a plain rank-bm25 paragraph baseline, on the same questions.

    python bench/quality.py                      # the development set, as a table
    python bench/quality.py --set pack           # the knowledge-pack question set
    python bench/quality.py --markdown           # the table docs/quality.md shows
    python bench/quality.py --failures           # also list every question answered wrongly
    python bench/quality.py --pack rochester-pab # a test pack: tests/packs/NAME/pack.toml and
                                                 # its questions.toml, written apart from it
    python bench/quality.py --pack NAME --sheet answers.jsonl   # every answer, for graders

Librarian grades: a reader who did not write the engine grades answers against the sources
(A: correct, answered in the first sentence, nothing irrelevant; B: correct but buried, padded,
or missing the other side or a date; C: partly wrong or mostly irrelevant; D: wrong, or declined
though the pack answers it) in tests/packs/NAME/grades.toml, one [[grade]] per answer with the
answer's `sha` from the sheet, its `grade` and a `reason`. The table counts a grade only while
the answer is still the one graded; an answer that changed since is counted as ungraded.

The test packs under tests/packs/ are about other towns' issues, each written by a librarian
from sources alone, with questions written by someone else from the same sources who never saw
the pack. burlington-irv is held out: measured once, at the end of a change, never tuned on.

A question file (tests/questions/*.toml) holds single questions and follow-up chains, each
with the facts a correct answer must contain (`expect`, "a|b" for alternatives) or
`abstain = true` for questions the pack does not cover. An answer is correct when it contains
every expected fact; an out-of-scope question is handled correctly when the tool declines it.

The baseline is what the issue measured: rank-bm25's BM25Okapi over the seed article's 32
paragraphs (lowercased words, no stemming), the best paragraph as the answer. It declines only
when no paragraph shares a word with the question. For a test pack, the baseline's paragraphs
are the pack's entries (title and text): plain BM25 over the same knowledge civicqa has.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "questions"
PACKS = ROOT / "tests" / "packs"
ARTICLE = ROOT.parent / "shared" / "sources" / "mpr-2010-05-19-willmar-ice.txt"

sys.path.insert(0, str(ROOT / "src"))

from rank_bm25 import BM25Okapi  # noqa: E402

from civicqa.answer import Explainer  # noqa: E402
from civicqa.conversation import Conversation  # noqa: E402
from civicqa.knowledge import load_packs  # noqa: E402
from civicqa.text import fold_accents, normalize  # noqa: E402


@dataclass
class Item:
    question: str
    category: str
    expect: list[str] = field(default_factory=list)
    abstain: bool = False
    chain: str = ""  # the chain's name, for follow-up turns


@dataclass
class Result:
    item: Item
    answer: str
    abstained: bool

    @property
    def correct(self) -> bool:
        if self.item.abstain:
            return self.abstained
        return not self.abstained and all(contains(self.answer, fact) for fact in self.item.expect)


def load_items(name: str, path: Path | None = None) -> tuple[list[Item], list[list[Item]]]:
    data = tomllib.loads((path or QUESTIONS / f"{name}.toml").read_text(encoding="utf-8"))
    singles = [
        Item(q["q"], q.get("category", "direct"), q.get("expect", []), q.get("abstain", False))
        for q in data.get("question", [])
    ]
    chains = [
        [Item(t["q"], "followup", t.get("expect", []), t.get("abstain", False), chain.get("name", ""))
         for t in chain["turn"]]
        for chain in data.get("chain", [])
    ]
    return singles, chains


def _fold(text: str) -> str:
    return " ".join(fold_accents(normalize(text)).lower().replace("\u00a0", " ").split())


def contains(answer: str, fact: str) -> bool:
    folded = _fold(answer)
    return any(_fold(alternative) in folded for alternative in fact.split("|") if alternative.strip())


# -- the two systems ---------------------------------------------------------------------------


class Civicqa:
    name = "civicqa"

    def __init__(self, packs: list[Path] | None = None) -> None:
        self.explainer = Explainer(load_packs(packs))

    def conversation(self) -> Conversation:
        return Conversation()

    def ask(self, question: str, conversation: Conversation) -> tuple[str, bool]:
        answer = self.explainer.ask(question, conversation)
        return answer.text, answer.abstained


def article_paragraphs() -> list[str]:
    """The seed article's 32 body paragraphs, numbered as in NOTES.md's paragraph map."""
    blocks = [" ".join(b.split()) for b in ARTICLE.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    headline_and_caption = 2  # the headline, and the photo caption block
    footer = 2  # "Your support matters." and the donation appeal
    return blocks[headline_and_caption:-footer]


class Baseline:
    name = "rank-bm25 paragraphs"

    def __init__(self, paragraphs: list[str] | None = None) -> None:
        self.paragraphs = paragraphs or article_paragraphs()
        self.bm25 = BM25Okapi([self._words(p) for p in self.paragraphs])

    @staticmethod
    def _words(text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    def conversation(self) -> None:
        return None

    def ask(self, question: str, conversation: None) -> tuple[str, bool]:
        words = self._words(question)
        if not any(w in self.bm25.idf for w in words):
            return "", True
        scores = self.bm25.get_scores(words)
        best = max(range(len(scores)), key=lambda i: scores[i])
        return self.paragraphs[best], False


# -- running and reporting ---------------------------------------------------------------------


def run(system, singles: list[Item], chains: list[list[Item]]) -> tuple[list[Result], list[list[Result]]]:
    single_results = []
    for item in singles:
        text, abstained = system.ask(item.question, system.conversation())
        single_results.append(Result(item, text, abstained))
    chain_results = []
    for chain in chains:
        conversation = system.conversation()
        chain_results.append([Result(t, *system.ask(t.question, conversation)) for t in chain])
    return single_results, chain_results


@dataclass
class Scores:
    by_category: dict[str, tuple[int, int]]  # category -> (correct, total)
    in_scope: tuple[int, int]
    declined_out_of_scope: tuple[int, int]  # abstention recall
    abstention_precision: tuple[int, int]  # declines that were right to decline
    chains: tuple[int, int]  # chains with every turn right
    turns: tuple[int, int]
    short: tuple[int, int]  # answers of at most 800 characters
    median_length: int


def score(singles: list[Result], chains: list[list[Result]]) -> Scores:
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for result in singles + [t for c in chains for t in c]:
        counts = by_category[result.item.category]
        counts[0] += result.correct
        counts[1] += 1
    everything = singles + [t for c in chains for t in c]
    in_scope = [r for r in everything if not r.item.abstain]
    out_of_scope = [r for r in everything if r.item.abstain]
    declined = [r for r in everything if r.abstained]
    lengths = sorted(len(r.answer) for r in everything if not r.abstained)
    return Scores(
        by_category={k: tuple(v) for k, v in sorted(by_category.items())},
        in_scope=(sum(r.correct for r in in_scope), len(in_scope)),
        declined_out_of_scope=(sum(r.abstained for r in out_of_scope), len(out_of_scope)),
        abstention_precision=(sum(r.item.abstain for r in declined), len(declined)),
        chains=(sum(all(t.correct for t in c) for c in chains), len(chains)),
        turns=(sum(t.correct for c in chains for t in c), sum(len(c) for c in chains)),
        short=(sum(n <= 800 for n in lengths), len(lengths)),
        median_length=lengths[len(lengths) // 2] if lengths else 0,
    )


def percent(pair: tuple[int, int]) -> str:
    correct, total = pair
    return f"{100 * correct / total:.1f}% ({correct}/{total})" if total else "n/a"


def table(results: dict[str, Scores]) -> str:
    names = list(results)
    rows = [["measure", *names]]
    categories = sorted({c for s in results.values() for c in s.by_category})
    for category in categories:
        rows.append([f"accuracy: {category}", *(percent(results[n].by_category.get(category, (0, 0))) for n in names)])
    rows.append(["accuracy: all in-scope questions", *(percent(results[n].in_scope) for n in names)])
    rows.append(["out-of-scope declined (abstention recall)", *(percent(results[n].declined_out_of_scope) for n in names)])
    rows.append(["abstention precision", *(percent(results[n].abstention_precision) for n in names)])
    rows.append(["follow-up chains with every turn right", *(percent(results[n].chains) for n in names)])
    rows.append(["answers of at most 800 characters", *(percent(results[n].short) for n in names)])
    rows.append(["median answer length (characters)", *(str(results[n].median_length) for n in names)])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |" for row in rows]
    lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(lines)


def evaluate(name: str = "dev", baseline: bool = True, pack: str | None = None,
             spanish: str | None = None) -> dict[str, tuple[Scores, list[Result], list[list[Result]]]]:
    """Score civicqa, and the baseline when its paragraphs are at hand, on one question set: a
    set in tests/questions for the shipped packs, or a test pack's own set."""
    if spanish is not None:  # a Spanish set in tests/questions-es, against the Spanish pack
        singles, chains = load_items(spanish, ROOT / "tests" / "questions-es" / f"{spanish}.toml")
        systems = [Civicqa([ROOT / "knowledge" / "es" / "willmar-287g-es.toml"])]
    elif pack is not None:
        folder = PACKS / pack
        singles, chains = load_items(pack, folder / "questions.toml")
        systems = [Civicqa([folder / "pack.toml"])]
        if baseline:
            entries = systems[0].explainer.packs[0].entries
            systems.append(Baseline([f"{e.title}. {e.text}" for e in entries]))
    else:
        singles, chains = load_items(name)
        systems = [Civicqa()]
        if baseline and ARTICLE.exists():
            systems.append(Baseline())
    out = {}
    for system in systems:
        single_results, chain_results = run(system, singles, chains)
        out[system.name] = (score(single_results, chain_results), single_results, chain_results)
    return out


def answer_sha(result: Result) -> str:
    """Which answer a grade is for: the question, what came before it in a chain, and the answer."""
    key = json.dumps([result.item.chain, result.item.question, result.abstained, result.answer], ensure_ascii=False)
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def sheet_row(result: Result) -> dict:
    return {"sha": answer_sha(result), "category": result.item.category, "chain": result.item.chain,
            "question": result.item.question, "declined": result.abstained, "answer": result.answer,
            "substring_check": "pass" if result.correct else "fail"}


def grades_line(results: list[Result], path: Path) -> str:
    """The librarian grades of the answers as they are now: A-D counts over the graded ones."""
    if not path.is_file():
        return "librarian grades: none recorded (tests/packs/NAME/grades.toml)"
    graded = {g["sha"]: g["grade"] for g in tomllib.loads(path.read_text(encoding="utf-8")).get("grade", [])}
    now = [graded[answer_sha(r)] for r in results if answer_sha(r) in graded]
    if not now:
        return f"librarian grades: {len(graded)} recorded, none for the answers as they are now"
    counts = {g: now.count(g) for g in "ABCD"}
    shares = ", ".join(f"{g} {100 * n / len(now):.0f}%" for g, n in counts.items())
    both = 100 * (counts["A"] + counts["B"]) / len(now)
    return (f"librarian grades of {len(now)} answers (of {len(results)}; {len(graded) - len(now)} graded "
            f"answers have changed since): {shares}; A+B {both:.0f}%")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="dev", help="question set in tests/questions (dev or pack)")
    parser.add_argument("--markdown", action="store_true", help="print the table only, for docs/quality.md")
    parser.add_argument("--pack", metavar="NAME", help="a test pack in tests/packs, with its own questions")
    parser.add_argument("--spanish", metavar="NAME", help="a Spanish set in tests/questions-es, on the Spanish pack")
    parser.add_argument("--failures", action="store_true", help="list civicqa's wrong answers")
    parser.add_argument("--sheet", type=Path, metavar="FILE", help="write every answer (JSON Lines) for graders")
    args = parser.parse_args(argv)
    if args.pack and not (PACKS / args.pack / "questions.toml").is_file():
        known = ", ".join(sorted(p.name for p in PACKS.iterdir() if (p / "questions.toml").is_file()))
        parser.error(f"no test pack {args.pack!r} in tests/packs (there are: {known})")
    started = time.perf_counter()
    results = evaluate(args.set, pack=args.pack, spanish=args.spanish)
    elapsed = time.perf_counter() - started
    print(table({name: r[0] for name, r in results.items()}))
    _, singles, chains = results["civicqa"]
    answered = singles + [t for c in chains for t in c]
    if args.pack:
        print(grades_line(answered, PACKS / args.pack / "grades.toml"))
    if args.sheet:
        args.sheet.write_text("".join(json.dumps(sheet_row(r), ensure_ascii=False) + "\n" for r in answered),
                              encoding="utf-8")
    if not args.markdown:
        print(f"\n{args.pack + ' pack' if args.pack else (args.spanish or args.set) + ' set'}, evaluated in {elapsed:.1f} s")
    if args.failures:
        for result in singles + [t for c in chains for t in c]:
            if not result.correct:
                verdict = "declined" if result.abstained else "answered"
                print(f"\n[{result.item.category}{' ' + result.item.chain if result.item.chain else ''}] "
                      f"{result.item.question}\n  expected: {'ABSTAIN' if result.item.abstain else result.item.expect}"
                      f"\n  {verdict}: {result.answer[:400]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
