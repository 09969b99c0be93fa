"""Each stage of the answering engine alone, on hand-made inputs: a tiny pack built in code,
concepts and candidates written out by hand, a conversation with one remembered turn."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicqa import followup
from civicqa.analysis import Analysis, Concept, analyse
from civicqa.answer import Explainer
from civicqa.compose import compose
from civicqa.conversation import Conversation, Subject, Turn
from civicqa.decision import coverage, decide
from civicqa.knowledge import Entry, Pack, PartialDate, Source
from civicqa.language import english, language, spanish
from civicqa.messages import Why
from civicqa.render import decline_json
from civicqa.retrieval import Candidate, retrieve
from civicqa.tables import PackTables
from civicqa.text import words
from civicqa.tuning import FACTOID_BUDGET, MIN_COVERAGE, MIN_PARTIAL_COVERAGE

SOURCE = Source("S1", "Council minutes", "Town of Testville", "https://example.org/minutes", PartialDate(2022))


def entry(id: str, title: str, text: str, kind: str = "fact", **more) -> Entry:
    return Entry(id=id, pack="t", title=title, text=text, source=SOURCE, locator="p. 1", kind=kind, **more)


ENTRIES = [
    entry("pool", "The town pool", "The town pool opened in 1998. It holds 300 swimmers.", "definition",
          aliases=("pool",)),
    entry("rivera", "Dana Rivera", "Dana Rivera is the mayor of Testville. She backed the new pool.", "person"),
    entry("cost", "Cost of the pool", "The pool cost 2 million dollars to build."),
    entry("foes", "Critics of the pool", "Some neighbors opposed the pool because of noise.", "position",
          stance="opposed"),
]


@pytest.fixture(scope="module")
def tables() -> PackTables:
    pack = Pack(id="t", title="Testville's pool", topic="the town pool", language="en", path=Path("t.toml"),
                synonyms=(("opposed", "against", "critics"), ("supported", "backed")),
                sources={"S1": SOURCE}, entries=ENTRIES)
    return PackTables([pack])


def concept(label: str, weight: float = 2.0, origin: str = "question") -> Concept:
    return Concept(label=label, alternatives=((label,),), weight=weight, origin=origin, asked=(label,), idf=weight)


def test_the_tables_hold_what_the_stages_look_up(tables):
    assert [tables.entries[i].id for i in tables.people] == ["rivera"]
    assert [tables.entries[i] for i in tables.with_stance("opposed")] == [ENTRIES[3]]
    assert tables.entry("t", ENTRIES[2].id) is ENTRIES[2] and tables.position("t", ENTRIES[2].id) == 2
    assert tables.entry("t", "no-such-entry") is None and tables.entry("other", ENTRIES[2].id) is None
    assert tables.has_number.tolist() == [True, False, True, False]
    assert tables.split(ENTRIES[0])[0][0] == "The town pool opened in 1998."


def test_analysis_finds_the_question_type_and_its_words(tables):
    assert english.question_type("how many swimmers does it hold".split()) == "how_many"
    assert english.question_type("who is the mayor".split()) == "who"
    analysis = analyse("Who opposed the pool?", tables)
    assert (analysis.qtype, analysis.stance) == ("who", "opposed")
    assert [c.label for c in analysis.concepts] == ["opposed", "pool"]


def test_a_tag_makes_a_statement_a_yes_or_no_question_and_names_nothing(tables):
    """"The pool holds 300 swimmers, right?" asks whether it does: "right" is no word to search
    for (it would match a "rights" entry), and neither are "didn't it", "or not" and "¿verdad?"."""
    for question in ("The pool holds 300 swimmers, right?", "The pool holds 300 swimmers, doesn't it?",
                     "the pool holds 300 swimmers or not", "The pool holds 300 swimmers - is that true?"):
        analysis = analyse(question, tables)
        assert analysis.qtype == "yes_no", question
        assert [c.label for c in analysis.concepts] == ["pool", "holds", "300", "swimmers"], question
    for question in ("The pool holds 300 swimmers, isn't that right?", "The pool holds 300 swimmers, hadn't it?",
                     "The pool holds 300 swimmers, does it?", "The pool holds 300 swimmers. Right?"):
        assert [c.label for c in analyse(question, tables).concepts] == ["pool", "holds", "300", "swimmers"], question
    assert analyse("Who opposed the pool, right?", tables).qtype == "who"
    assert analyse("Which pool holds 300 swimmers, right?", tables).qtype == "what"  # still asks which
    assert analyse("What decides whether the pool opens or not?", tables).qtype == "what"
    assert [c.label for c in analyse("Was the pool right?", tables).concepts] == ["pool", "right"]
    assert [c.label for c in analyse("Who backed the far-right?", tables).concepts][-1] == "right"  # no tag
    # "right" in the tag asks for no judgment: the statement is checked, not argued both ways.
    assert analyse("The pool holds 300 swimmers, right?", tables).stance == ""
    assert analyse("The pool only holds 300 swimmers, right?", tables).stance == "both"  # it leans
    pack = Pack(id="t", title="Testville", topic="la piscina", language="es", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[entry("piscina", "La piscina", "La piscina abrió en 1998.")])
    analysis = analyse("La piscina abrió en 1998, ¿verdad?", PackTables([pack]))
    assert analysis.qtype == "yes_no" and "verdad" not in [c.label for c in analysis.concepts]


def test_the_right_to_sue_and_rights_ask_for_no_judgment(tables):
    """"Is the pool right for the town?" asks for both sides; "Did they have the right to sue?"
    and "... people's rights?" ask about a right, reported by a pack's librarian."""
    assert analyse("Is the pool right for the town?", tables).stance == "both"
    assert analyse("Did the neighbors have the right to sue over the pool?", tables).stance == ""
    assert analyse("Did the pool violate the neighbors' rights?", tables).stance == ""
    assert analyse("Was it right to close the pool?", tables).stance == "both"  # judges
    assert analyse("Has the pool benefited the town?", tables).stance == "both"  # any form of the word


def test_an_everyday_word_a_pack_defines_is_asked_about():
    """"What does standing mean?" in a pack that defines legal standing asks for that term: it
    is not declined as everyday words only, as "What does stand mean?" is in a pack without it."""
    standing = entry("standing", "Legal standing", "Legal standing is the right to bring a case to court.", "definition")
    pool = entry("pool", "The town pool", "The town pool opened in 1998.", "definition")
    pack = Pack(id="t", title="Testville", topic="the town pool", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[standing, pool])
    engine = Explainer([pack])
    assert engine.ask("What does standing mean?").citations[0].entry.id == "standing"
    bare = Explainer([pack._replace(entries=[pool])])
    assert bare.ask("What does standing mean?").decision.why is Why.EVERYDAY_ONLY


def test_a_tag_refers_to_nothing(tables):
    """The "they" of "..., didn't they?" is no follow-up's "they": the statement names its subject."""
    conversation = Conversation()
    conversation.remember(Turn("Who opposed the pool?", "who", None, None, "opposed"))
    analysis = analyse("The neighbors opposed the pool, didn't they?", tables)
    followup.resolve(analysis, conversation, tables)
    assert analysis.resolved == {}


def test_follow_up_resolves_a_pronoun_from_the_last_turn(tables):
    rivera = Subject("Dana Rivera", (("rivera",), ("dana", "rivera")))
    conversation = Conversation()
    conversation.remember(Turn("Who is the mayor?", "who", None, rivera, ""))
    analysis = Analysis("What did she say?", "what", [concept("say", 0.3)])
    followup.resolve(analysis, conversation, tables)
    assert analysis.resolved == {"she": "Dana Rivera"}
    assert analysis.concepts[-1].alternatives == rivera.terms


def test_that_before_a_word_of_the_last_turn_names_its_thing_again(tables):
    """"Why was that cost so high?" after "How much did the pool cost in 1998?": the cost of
    the pool in 1998, so the last question's words count too, as context; "that" before a
    word the conversation never used ("that lake") refers to nothing, nor does a first question."""
    asked = (concept("cost"), concept("pool"), concept("1998"))
    for question, kept in (("Why was that cost so high?", {"pool", "1998"}), ("Why is that lake so cold?", set()),
                           ("Is it true that cost went up?", set())):  # the "that" of a clause
        conversation = Conversation()
        conversation.remember(Turn("How much did the pool cost in 1998?", "how_many", None, None, "", asked))
        analysis = analyse(question, tables)
        followup.resolve(analysis, conversation, tables)
        assert {c.label for c in analysis.concepts if c.origin == "context"} == kept, question
    analysis = analyse("Why was that cost so high?", tables)
    followup.resolve(analysis, Conversation(), tables)
    assert analysis.resolved == {}
    spanish = PackTables([Pack(id="t", title="Testville", topic="la piscina", language="es", path=Path("t.toml"),
                               sources={"S1": SOURCE}, entries=[entry("c", "Costo", "La piscina costó mucho.")])])
    conversation = Conversation()
    conversation.remember(Turn("¿Cuánto costó la piscina?", "how_many", None, None, "",
                               tuple(analyse("¿Cuánto costó la piscina?", spanish).own)))
    for question, referred in (("¿Está abierta la piscina ahora?", False), ("¿esta cerrada la piscina?", False),
                               ("¿Por qué esa piscina costó tanto?", True), ("¿Quién pagó esta piscina?", True)):
        analysis = analyse(question, spanish)
        followup.resolve(analysis, conversation, spanish)
        assert any(" " in said for said in analysis.resolved) is referred, question  # "esa piscina"


def test_a_turn_that_asks_nothing_keeps_nothing_of_the_last(tables):
    """"ok", "thanks" or "hmm" after an answer ask nothing (the answer is not given again, turn
    after turn); "When?" and "And?" are elliptical and keep the last question's words."""
    conversation = Conversation()
    conversation.remember(Turn("How much did the pool cost in 1998?", "how_many", None, None, "",
                               (concept("cost"), concept("pool"), concept("1998"))))
    for question, kept in (("ok", False), ("thanks!", False), ("hmm", False), ("When?", True), ("And?", True)):
        analysis = analyse(question, tables)
        followup.resolve(analysis, conversation, tables)
        assert bool(analysis.concepts) is kept, question


def test_a_follow_up_naming_another_ballot_measure_replaces_the_last_ones():
    """"And if Question 2 passes too?" after "What is the tax of Question 1?" keeps the tax and
    asks it of Question 2: Question 1 goes, its number too, as a new year replaces an old one;
    "and if" continues the last question even though it names a topic of its own ("passes"),
    but only when it changes a measure, a date or a name, and not for the asker ("What if I
    ...?"): "What if Question 1 fails?" asks anew."""
    tax = entry("tax", "Tax of the questions", "Question 1 adds 200 dollars of tax; Question 2 adds 250 more.")
    pack = Pack(id="t", title="Testville", topic="the town pool", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[tax])
    built = PackTables([pack])
    conversation = Conversation()
    conversation.remember(Turn("What is the tax of Question 1?", "what", None, None, "",
                               tuple(analyse("What is the tax of Question 1?", built).own)))
    analysis = analyse("And if Question 2 passes too?", built)
    followup.resolve(analysis, conversation, built)
    kept = {t for c in analysis.concepts if c.origin == "context" for t in c.asked}
    assert "tax" in kept and not kept & {"question1", "1"}
    # A condition that changes nothing the last question named, or asks for the asker, asks anew.
    for question in ("What if Question 1 fails?", "What if I get stopped by police?", "And if so, who paid?"):
        analysis = analyse(question, built)
        followup.resolve(analysis, conversation, built)
        assert "(follow-up)" not in analysis.resolved and not any(c.origin == "context" for c in analysis.concepts), question
    spanish = PackTables([pack._replace(language="es")])
    conversation = Conversation()
    conversation.remember(Turn("¿Cuánto es el impuesto de la Pregunta 1?", "how_many", None, None, "",
                               tuple(analyse("¿Cuánto es el impuesto de la Pregunta 1?", spanish).own)))
    for question, kept in (("¿Y si pasa la Pregunta 2?", True), ("¿Y si me para la policía?", False)):
        analysis = analyse(question, spanish)
        followup.resolve(analysis, conversation, spanish)
        assert ("(follow-up)" in analysis.resolved) is kept, question


def test_an_elliptical_turn_is_remembered_with_what_it_kept(tables):
    """"And in 2020?" after "How much did the pool cost in 1998?" asked about the pool's cost,
    and the turn is remembered so: the next ellipsis keeps the cost and the pool too, at a
    lower weight."""
    conversation = Conversation()
    conversation.remember(Turn("How much did the pool cost in 1998?", "how_many", None, None, "",
                               (concept("cost"), concept("pool"), concept("1998"))))
    analysis = analyse("And in 2020?", tables)
    followup.resolve(analysis, conversation, tables)
    remembered = followup.turn(analysis, followup.Outcome(True, ENTRIES[2].text, ENTRIES[2]), tables)
    assert [c.label for c in remembered.concepts] == ["2020", "cost", "pool"]
    assert remembered.concepts[1].weight < concept("cost").weight


def test_a_pronoun_that_begins_a_name_is_the_name():
    """"Les Heitke", a person the pack knows, is a name, not the Spanish pronoun "les" (them);
    "¿Qué les dijo?" has it, and so does "¿Qué Les Dijo El Alcalde?" in Title Case."""
    heitke = entry("heitke", "Les Heitke", "Les Heitke era el alcalde en 2010.", "person")
    spanish = PackTables([Pack(id="t", title="Testville", topic="la piscina", language="es", path=Path("t.toml"),
                               sources={"S1": SOURCE}, entries=[heitke])])
    conversation = Conversation()
    conversation.remember(Turn("¿Quiénes se opusieron?", "who", None, None, "opposed"))
    for question, referred in (("¿Cuántos votos sacó Les Heitke?", False), ("¿Y qué les dijo el alcalde?", True),
                               ("¿Qué Les Dijo El Alcalde?", True)):
        analysis = analyse(question, spanish)
        followup.resolve(analysis, conversation, spanish)
        assert bool(analysis.resolved) is referred, question


def test_an_elliptical_follow_up_still_asks_about_the_person_the_last_one_did(tables):
    """"And in June?" after "What did she do in May?" is still about her; "And what did Rivera
    say?" after "What did he say?" about someone else names its own person."""
    rivera = Subject("Dana Rivera", (("rivera",), ("dana", "rivera")))
    kim = Subject("Lee Kim", (("kim",), ("lee", "kim")))
    for question, earlier, expected in (("And in June?", rivera, "Dana Rivera"), ("And what did Rivera say?", kim, None)):
        conversation = Conversation()
        conversation.remember(Turn("Who is it?", "who", None, earlier, ""))
        conversation.remember(Turn("What did she do in May?", "what", None, None, "", (concept("may"),), pronoun="she"))
        analysis = analyse(question, tables)
        followup.resolve(analysis, conversation, tables)
        assert analysis.resolved.get("she") == expected, question


def test_spanish_el_is_the_article_unless_written_el_with_its_accent_or_ending_the_question():
    """"¿Qué dijo el alcalde?" asks about the mayor; "¿Y qué dijo él?" and "y que dijo el" about
    the person the conversation was about."""
    pack = Pack(id="t", title="Testville", topic="la piscina", language="es", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[entry("rivera", "Dana Rivera", "Dana Rivera es la alcaldesa.",
                                                       "person")])
    built = PackTables([pack])
    rivera = Subject("Dana Rivera", (("rivera",), ("dana", "rivera")))
    for question, resolved in (("¿Qué dijo el alcalde?", False), ("¿Y qué dijo él?", True), ("y que dijo el", True),
                               ("y que dijo el sobre la piscina", True)):
        conversation = Conversation()
        conversation.remember(Turn("¿Quién es la alcaldesa?", "who", None, rivera, ""))
        analysis = analyse(question, built)
        followup.resolve(analysis, conversation, built)
        assert ("el" in analysis.resolved) is resolved, question
    assert analyse("¿Y qué denunció él?", built).asks_statement  # a verb of saying: what he said


def test_follow_up_remembers_the_person_an_answer_was_about(tables):
    analysis = Analysis("Who is the mayor?", "who", [concept("mayor")])
    remembered = followup.turn(analysis, followup.Outcome(True, "Dana Rivera is the mayor.", ENTRIES[1]), tables)
    assert remembered.person is not None and remembered.person.label == "Dana Rivera"


def test_retrieval_ranks_the_entries_that_match(tables):
    candidates = retrieve(Analysis("cost of the pool", "what", [concept("cost"), concept("pool")]), tables)
    assert candidates[0].entry.id == "cost"
    assert candidates[0].matched == ("cost", "pool")


def test_the_decision_answers_only_with_enough_coverage(tables):
    analysis = Analysis("q", "what", [concept("cost", 3.0), concept("pool", 1.0)])
    both, one = Candidate(ENTRIES[2], 5.0, ("cost", "pool")), Candidate(ENTRIES[0], 4.0, ("pool",))
    assert coverage(analysis, [both]) == 1.0
    assert decide(analysis, [both], tables).why is Why.ANSWERED
    declined = decide(analysis, [one], tables)
    assert declined.coverage == 0.25 and declined.why is Why.LOW_COVERAGE
    assert declined.reason().startswith("the best entries cover only 25%")
    assert decide(Analysis("q", "what", []), [], tables).why is Why.NO_WORDS


def test_a_share_or_a_sum_asked_for_that_no_leading_entry_gives_is_a_near_miss(tables):
    """"What percentage of the pool's swimmers came on opening day?" answered from entries
    that give counts but no share is declined however well they match; an entry giving a share
    ("about a third", "40 percent") answers it, and so in Spanish. A rate asked for is a share
    or an amount per something; a sum of money asked for ("How much money ...?"), or a number
    of years ("Over how many years ...?"), is likewise a near miss where no leading entry gives
    one."""
    asked = [concept("pool", 2.0), concept("swimmer", 4.0)]
    crowd = entry("crowd", "The crowd", "The town pool holds 300 swimmers.")
    analysis = Analysis("What percentage of the pool's swimmers came?", "how_many", asked)
    assert decide(analysis, [Candidate(crowd, 6.0, ("pool", "swimmer"))], tables).why is Why.NO_SENTENCE
    third = crowd._replace(text="About a third of the pool's 300 swimmers came.")
    assert decide(analysis, [Candidate(third, 6.0, ("pool", "swimmer"))], tables).why is Why.ANSWERED
    how_many = Analysis("How many swimmers does the pool hold?", "how_many", asked)
    assert decide(how_many, [Candidate(crowd, 6.0, ("pool", "swimmer"))], tables).why is Why.ANSWERED
    assert spanish.SHARE_ASKED.asked("¿Qué porcentaje votó?", "¿qué porcentaje votó?")
    assert spanish.SHARE_ASKED.gives.search("la mitad de los votantes")
    rate = Analysis("What interest rate does the pool's loan carry?", "what", asked)  # a rate: a share or per amount
    assert decide(rate, [Candidate(crowd, 6.0, ("pool", "swimmer"))], tables).why is Why.NO_SENTENCE
    assert english.SHARE_ASKED.gives.search("The loan costs 2 dollars per $100 borrowed.")
    paid = Analysis("How much money does the pool pay its lifeguards?", "how_many", asked)  # a sum of money
    assert decide(paid, [Candidate(crowd, 6.0, ("pool", "swimmer"))], tables).why is Why.NO_SENTENCE
    wages = crowd._replace(text="The town pool pays its 300 swimmers' lifeguards $15 an hour.")
    assert decide(paid, [Candidate(wages, 6.0, ("pool", "swimmer"))], tables).why is Why.ANSWERED
    assert spanish.MONEY_ASKED.asked("¿Cuánto dinero le paga ICE al condado?", "¿cuánto dinero le paga ice al condado?")
    assert spanish.MONEY_ASKED.gives.search("2 millones")
    years = Analysis("Over how many years will the pool's loan be paid off?", "how_many", asked)  # a number of years
    assert decide(years, [Candidate(crowd, 6.0, ("pool", "swimmer"))], tables).why is Why.NO_SENTENCE
    term = crowd._replace(text="The town pool's loan for 300 swimmers runs 20 years.")
    assert decide(years, [Candidate(term, 6.0, ("pool", "swimmer"))], tables).why is Why.ANSWERED
    assert spanish.YEARS_ASKED.gives.search("un préstamo a veinte años")


def test_a_name_the_question_asks_about_and_no_leading_entry_gives_is_a_near_miss(tables):
    """"What did Rivera's council pay for the pool?" matched by entries about the pool's cost and
    the council, none about Rivera (whom the pack knows), is declined although it covers more
    than the partial share; with the name in a leading entry, or the word not written as a
    name, it is answered."""
    rivera = concept("rivera", 4.0)._replace(proper=True, named=True)
    analysis = Analysis("q", "what", [rivera, concept("cost", 3.0), concept("pool", 1.0), concept("council", 2.0)])
    ours = Candidate(ENTRIES[2], 5.0, ("cost", "pool", "council"))
    assert 0.65 > coverage(analysis, [ours]) > 0.35
    assert decide(analysis, [ours], tables).why is Why.LOW_COVERAGE
    theirs = Candidate(ENTRIES[1], 4.0, ("rivera", "pool"))
    assert decide(analysis, [ours, theirs], tables).why is Why.ANSWERED
    unnamed = Analysis("q", "what", [rivera._replace(proper=False, named=False), *analysis.concepts[1:]])
    assert decide(unnamed, [ours], tables).why is Why.ANSWERED  # a word, not a name: the partial share does


def test_a_year_the_question_asks_about_that_the_best_entry_lacks_is_a_near_miss(tables):
    """"Who won the 2021 pool election?" led by an entry that matches "won" and "pool" but not
    2021 is declined, though another leading entry gives 2021; with 2021 in the best entry, or
    said in passing (not a name asked about), the partial share answers it."""
    year = concept("2021", 3.0)._replace(named=True)
    analysis = Analysis("q", "who", [year, concept("won", 3.0), concept("pool", 1.0), concept("council", 2.0),
                                     concept("election", 4.0)])
    best = Candidate(ENTRIES[2], 5.0, ("won", "pool", "council"))
    other = Candidate(ENTRIES[1], 4.5, ("2021", "pool"))
    assert MIN_COVERAGE > coverage(analysis, [best, other]) > MIN_PARTIAL_COVERAGE
    assert decide(analysis, [best, other], tables).why is Why.LOW_COVERAGE
    dated = Candidate(ENTRIES[2], 5.0, ("won", "pool", "council", "2021"))
    assert decide(analysis, [dated, other], tables).why is Why.ANSWERED
    passing = Analysis("q", "who", [year._replace(named=False), *analysis.concepts[1:]])
    assert decide(passing, [best, other], tables).why is Why.ANSWERED


def test_only_names_in_the_sentences_that_ask_are_names_asked_about():
    from civicqa.analysis import _asked_names, _proper_terms

    assert _asked_names("I come from Somalia. Did the city police join the program?", english) == set()
    assert _asked_names("Who spoke for the plan? Normal people, not council.", english) == set()
    assert _asked_names("What did Mr. Smith say about St. Paul?", english) >= {"smith", "paul"}
    assert _asked_names("what did kingston decide", english) == set()
    assert _asked_names("When Did City Council Formally File Its Appeal Of The Ruling?", english) == set()
    assert _asked_names("¿Qué dijo Charly Leuze en 2010?", spanish) == {"charly", "leuz", "2010"}
    # A year names a time as a name does a place: "What was the budget for 2024?" answered
    # from entries about other years is a near miss. Not a year said in passing.
    assert _asked_names("What was the budget for 2024?", english) == {"2024"}
    assert _asked_names("We moved here in 2015. What was the budget?", english) == set()
    assert _asked_names("We moved here in 2015, what was the budget?", english) == set()  # a clause in passing
    assert _asked_names("Did more than 1900 swimmers use the pool?", english) == set()  # a count
    # A name anywhere in the question is still a name (the unknown-names decline reads these).
    assert "duluth" in _proper_terms("Tell me about the Duluth police. Did they join 287(g)?", english)


def test_composition_cites_the_sentences_it_chose(tables):
    analysis = Analysis("How many swimmers does the pool hold?", "how_many", [concept("swimmer"), concept("pool")])
    text, citations = compose(analysis, [Candidate(ENTRIES[0], 6.0, ("swimmer", "pool"))], tables)
    assert text.endswith("[1]") and "300 swimmers" in text
    assert [(c.marker, c.entry.id) for c in citations] == [(1, "pool")]


def test_words_kept_from_earlier_questions_add_no_sentence_of_their_own():
    """"And in 2020?" after "How much did the pool cost?": a sentence of another entry that
    names only the pool, a word kept from the last question, adds no part asked now; one
    that names 2020 does, and so does one naming what "it" refers to."""
    costs = entry("costs", "Pool costs", "Its repairs cost 2 million dollars in 2020.")
    noise = entry("noise", "Pool noise", "Neighbors said the pool was loud.")
    pack = Pack(id="t", title="Testville", topic="the town pool", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[costs, noise])
    built = PackTables([pack])
    year = concept("2020", 3.0)
    pool = concept("pool", 1.0, origin="context")
    ranked = [Candidate(costs, 6.0, ("2020", "pool")), Candidate(noise, 5.0, ("pool",))]
    kept = Analysis("And in 2020?", "what", [year, pool])
    kept.resolved["(follow-up)"] = "How much did the pool cost?"
    assert [c.entry.id for c in compose(kept, ranked, built)[1]] == ["costs"]
    referred = Analysis("What did it cost in 2020?", "what", [year, pool])
    referred.resolved["it"] = "pool"
    assert [c.entry.id for c in compose(referred, ranked, built)[1]] == ["costs", "noise"]


def test_composition_answers_first_and_never_tells_a_fact_twice():
    """The sentence that answers leads, though its entry says something else first; a later
    sentence that repeats it (most of its words) is left out."""
    bridge = entry("bridge", "The Elm Street bridge",
                   "The Elm Street bridge was built in 1931. The bridge repair will cost 4 million dollars. "
                   "The repair of the bridge will cost 4 million dollars, the council said.")
    pack = Pack(id="t", title="Testville", topic="the bridge", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[bridge])
    analysis = Analysis("How much will the bridge repair cost?", "how_many",
                        [concept("bridg", 1.0), concept("repair"), concept("cost")])
    text, _ = compose(analysis, [Candidate(bridge, 6.0, ("bridg", "repair", "cost"))], PackTables([pack]))
    assert text.startswith("The bridge repair will cost 4 million dollars.")
    assert "the council said" not in text


def test_every_question_type_has_one_row_of_preferences():
    from civicqa.question_types import QuestionType
    from civicqa.tuning import PREFERS

    assert set(PREFERS) == set(QuestionType)
    assert f"{QuestionType.HOW_MANY}" == "how_many" and QuestionType.WHO == "who"
    assert PREFERS[QuestionType.WHY].longer and not PREFERS[QuestionType.WHEN].stance


def test_the_language_is_chosen_by_the_pack_and_knows_who_was_for_or_against(tables):
    assert tables.language is language("en") is language("en-US") is english
    pack = tables.packs[0]
    bare = PackTables([Pack(id="b", title="t", topic="the town pool", language="en", path=Path("b.toml"),
                            sources=pack.sources, entries=[e for e in ENTRIES])])  # no [vocabulary]
    assert analyse("Who opposed the pool?", bare).stance == "opposed"
    assert analyse("Who were the supporters?", bare).stance == "supported"


class WordCount:
    """A search backend made by hand: an entry matches the terms its text holds, weight 1 each."""

    def __init__(self, texts: list[str]) -> None:
        self.words = [set(t.lower().rstrip(".").split()) for t in texts]
        self.size, self.max_idf = len(texts), 5.0

    def has(self, term: str) -> bool:
        return any(term in w for w in self.words)

    def idf(self, term: str) -> float:
        return 1.0 if self.has(term) else self.max_idf

    def matches(self, terms):
        import numpy as np

        docs = [i for i, w in enumerate(self.words) if all(t in w for t in terms)]
        return np.array(docs, dtype=np.int32), np.full(len(docs), float(len(terms)))


def test_retrieval_runs_on_any_search_backend(tables):
    import copy

    from civicqa.search import SearchBackend

    assert isinstance(tables.index, SearchBackend)  # BM25, the one implementation
    other = copy.copy(tables)
    other.index = WordCount(["a pool", "the mayor", "noise and the pool", "cost"])
    assert isinstance(other.index, SearchBackend)
    found = retrieve(Analysis("noise", "what", [concept("noise")]), other)
    assert [c.entry.id for c in found] == [ENTRIES[2].id]  # the one entry this backend finds it in


def test_who_holds_a_post_now_prefers_the_latest_holder():
    """'Who is the chair?' asks for the present holder; an undated entry's latest year comes
    from its title or text."""
    old = entry("old-chair", "Ann Lee, board chair (2015-2018)", "Ann Lee was chair of the board from 2015.", "person")
    new = entry("new-chair", "Bo Park, board chair (2021-2023)", "Bo Park was chair of the board in 2022.", "person")
    pack = Pack(id="t", title="Testville", topic="the board", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[old, new])
    built = PackTables([pack])
    assert built.recent.tolist() == [False, True]
    analysis = analyse("Who is the chair of the board?", built)
    assert analysis.asks_present and not analyse("Who was the chair of the board?", built).asks_present
    assert retrieve(analysis, built)[0].entry is new


def test_a_question_opened_with_and_or_so_keeps_its_type():
    """"And why did he propose it?" asks why, "¿Y quién se opuso?" who: the words that open a
    follow-up ask nothing."""
    from civicqa.language import spanish

    assert english.question_type("and why did he propose it".split()) == "why"
    assert english.question_type("so who opposed it".split()) == "who"
    assert english.question_type("so did it pass".split()) == "yes_no"
    assert english.question_type(["and"]) == "what"
    assert spanish.question_type("y por que lo propuso el".split()) == "why"
    assert spanish.question_type("pero quien se opuso".split()) == "who"
    assert english.question_type("since when has the jail held ice detainees".split()) == "when"
    assert spanish.question_type("desde cuando la carcel tiene presos de ice".split()) == "when"


def test_a_phrase_that_means_now_asks_for_the_latest_facts_and_names_nothing(tables):
    """"right now" is "now": not "right" (an opinion word) to search for or to ask both sides of."""
    analysis = analyse("Is the pool open right now?", tables)
    assert analysis.asks_present and analysis.stance == ""
    assert [c.label for c in analysis.concepts] == ["pool", "open"]


def test_since_when_asks_when_and_names_nothing(tables):
    """"since" is no word to search for, and a follow-up's "And in 2012?" keeps the rest."""
    analysis = analyse("Since when has the town pool been open?", tables)
    assert analysis.qtype == "when" and [c.label for c in analysis.concepts] == ["town", "pool", "open"]
    assert followup._time_phrase_terms("Since when has the town pool been open?", tables) == frozenset()


def test_he_after_an_answer_led_by_a_position_means_the_person_who_took_it():
    """"Who backed the pool?" answered with "Dana Rivera backed the pool": "he" or "she" next
    is Rivera, although the question named nobody and asked about a stance."""
    rivera = entry("rivera", "Dana Rivera", "Dana Rivera is the mayor of Testville.", "person")
    backed = entry("backed", "Dana Rivera backed the pool", "Dana Rivera backed the new pool in 2021.",
                   "position", stance="supported")
    pack = Pack(id="t", title="Testville", topic="the town pool", language="en", path=Path("t.toml"),
                synonyms=(("supported", "backed"),), sources={"S1": SOURCE}, entries=[rivera, backed])
    built = PackTables([pack])
    analysis = analyse("Who backed the pool?", built)
    assert analysis.stance == "supported"
    remembered = followup.turn(analysis, followup.Outcome(True, backed.text, backed), built)
    assert remembered.person is not None and remembered.person.label == "Dana Rivera"


def test_it_after_an_answer_about_an_organization_means_that_organization():
    """'What is Pool Friends?' names only words that are also a person's ("Pool Friends chair"):
    the next question's 'it' is what the answer was about, not the pack's topic."""
    chair = entry("chair", "Lee Kim", "Lee Kim chairs Pool Friends.", "person", aliases=("Pool Friends chair",))
    club = entry("club", "Pool Friends", "Pool Friends is a group of swimmers founded in 2001.", "organization")
    pack = Pack(id="t", title="Testville", topic="the town pool", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[chair, club])
    built = PackTables([pack])
    analysis = analyse("What is Pool Friends?", built)
    remembered = followup.turn(analysis, followup.Outcome(True, club.text, club), built)
    assert remembered.subject is not None and remembered.subject.label == "Pool Friends"


def test_it_after_a_which_question_means_the_ballot_measure_the_answer_named():
    """"Which ballot question paid for the pool?" answered "Measure ... Question 2 paid ...":
    "it" next is Question 2, searched as the pack's "question2" term. Not when the question
    named a number of its own, nor when it asked for another kind of thing."""
    paid = entry("paid", "What paid for the pool", "Question 2 of the 2020 ballot paid for the pool.")
    passed = entry("passed", "Results", "Voters passed Question 2 by 900 votes to 400.", "event")
    pack = Pack(id="t", title="Testville", topic="the town pool", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[paid, passed])
    built = PackTables([pack])
    issue = "Issue 2 of the 2020 ballot paid for the pool."  # "issue" is an everyday word too
    for question, said, label in (("Which ballot question paid for the pool?", paid.text, "Question 2"),
                                  ("What question paid for it?", paid.text, "Question 2"),
                                  ("What did Question 2 pay for?", paid.text, None),  # a number of its own
                                  ("Which vote paid for the pool?", paid.text, None),
                                  ("What issue did voters worry about?", issue, None)):
        analysis = analyse(question, built)
        remembered = followup.turn(analysis, followup.Outcome(True, said, paid), built)
        assert (remembered.subject.label == label) if label else remembered.subject.label not in ("Question 2", "Issue 2"), question
        if label:
            assert remembered.subject.terms == (("question2",),) and built.index.has("question2")
    spanish_pack = Pack(id="t", title="Testville", topic="la piscina", language="es", path=Path("t.toml"),
                        sources={"S1": SOURCE},
                        entries=[entry("pago", "Pago", "La Pregunta 2 de 2020 pagó la piscina.")])
    built = PackTables([spanish_pack])
    analysis = analyse("¿Qué pregunta pagó la piscina?", built)
    remembered = followup.turn(analysis, followup.Outcome(True, built.entries[0].text, built.entries[0]), built)
    assert remembered.subject.label == "Pregunta 2"
    analysis = analyse("¿Qué proposición pagó la piscina?", built)
    remembered = followup.turn(analysis, followup.Outcome(True, "La Proposición 4 pagó la piscina.", built.entries[0]), built)
    assert remembered.subject.label == "Proposicion 4"


def test_how_many_voted_against_asks_for_a_vote_count_not_for_the_opponents(tables):
    """"How many voted against the pool?" and "How many voted against it?" count votes:
    "against" is no stance there, and names nothing to search for; "How many opposed the
    pool?" and a how-many question naming nothing voted on ("How many voted against?") keep it."""
    counted = analyse("How many people voted against the pool?", tables)
    assert counted.stance == "" and [c.label for c in counted.own] == ["many", "people", "voted", "pool"]
    assert analyse("How many voted against it?", tables).stance == ""
    assert analyse("How many people opposed the pool?", tables).stance == "opposed"
    assert analyse("How many voted against?", tables).stance == "opposed"
    assert analyse("Why did they vote against the pool?", tables).stance == "opposed"


def test_a_stance_phrase_is_read_by_all_its_words():
    """A pack whose "supported" group holds "pro-pool": "When did the pool open?" asks no side,
    nor "Is the pool pro?" (the words out of order), nor does "it" skip "pool" as a stance word;
    "Who was pro-pool?" asks for the supporters."""
    opened = entry("opened", "Pool opening", "The town pool opened in 1998.")
    fans = entry("fans", "Pool Friends", "Pool Friends backed the pool.", "position", stance="supported")
    pack = Pack(id="t", title="Testville", topic="the town pool", language="en", path=Path("t.toml"),
                synonyms=(("supported", "backed", "pro-pool"),), sources={"S1": SOURCE}, entries=[opened, fans])
    built = PackTables([pack])
    assert analyse("When did the pool open?", built).stance == ""
    assert analyse("Is the pool pro?", built).stance == ""  # its words, but not the phrase
    assert analyse("Who was pro-pool?", built).stance == "supported"
    assert analyse("Who backed it?", built).stance == "supported"
    own = analyse("What about the pool?", built).own
    assert followup._main_subject(own, followup.Outcome(True, opened.text, opened), None, built).label == "pool"


def test_who_opposed_it_in_a_year_lists_that_years_positions():
    """Two votes, in 2015 and 2017: "Who opposed the pool in 2015?" lists the 2015 critic and an
    undated one, not the 2017 campaign; asked without a year, it lists all three."""
    early = entry("early", "Critic of 2015", "Lee Kim opposed the pool in 2015.", "position", stance="opposed")
    late = entry("late", "Campaign of 2017", "A campaign opposed the pool in 2017.", "position", stance="opposed")
    undated = entry("undated", "Neighbors", "Some neighbors opposed the pool.", "position", stance="opposed")
    pack = Pack(id="t", title="Testville", topic="the town pool", language="en", path=Path("t.toml"),
                synonyms=(("opposed", "against", "critics"),), sources={"S1": SOURCE}, entries=[early, late, undated])
    engine = Explainer([pack])
    dated = engine.ask("Who opposed the pool in 2015?")
    assert {c.entry.id for c in dated.citations} == {"early", "undated"}
    assert {c.entry.id for c in engine.ask("Who opposed the pool?").citations} == {"early", "late", "undated"}


def test_a_question_about_what_will_happen_is_answered_only_by_an_entry_about_the_future():
    """"When is the next pool vote?" from entries about the 2019 vote is declined, saying the
    pack cannot tell the future; with an entry that says when the next vote is scheduled, it is
    answered. Not about what comes next: what happened ("Did the next board agree?", "What
    happened the next year?"), what a measure will do ("What will the pool cost?"); in
    Spanish, a verb in the future tense asks about it, "van a" before a place does not."""
    past = entry("vote", "The pool vote", "Voters approved the pool in a vote on May 4, 2019.", "event")
    pack = Pack(id="t", title="Testville", topic="the town pool", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[past])
    declined = Explainer([pack]).ask("When is the next pool vote?")
    assert declined.abstained and declined.decision.why is Why.FUTURE
    assert decline_json(declined)["message"].startswith("This pack tells what has happened")
    planned = entry("next", "The next pool vote", "The town scheduled the next pool vote for May 2027.", "event")
    assert not Explainer([pack._replace(entries=[past, planned])]).ask("When is the next pool vote?").abstained
    built = PackTables([pack])
    for question, future in (("Who will win the next vote?", True), ("When is the upcoming pool vote?", True),
                             ("What will the pool cost?", False), ("Did the next board agree?", False),
                             ("What happened the next year?", False), ("Who became the next mayor?", False),
                             ("What is next to the pool?", False), ("When did voters approve the pool?", False)):
        assert analyse(question, built).asks_future is future, question
    spanish = PackTables([Pack(id="t", title="Testville", topic="la piscina", language="es", path=Path("t.toml"),
                               sources={"S1": SOURCE}, entries=[entry("v", "Voto", "La piscina se aprobó en 2019.")])])
    for question, future in (("¿Quién va a ganar la próxima elección?", True), ("¿Quién ganará?", True),
                             ("¿Quién ganó la elección de 2019?", False), ("¿Cuántos niños van a la piscina?", False)):
        assert analyse(question, spanish).asks_future is future, question


def test_everyday_words_find_what_the_sources_call_otherwise():
    """A resident's "yearly" finds the pack's "annual" although the pack's vocabulary has no
    such group: the language's own groups come first, and a pack's groups add to them."""
    fee = entry("fee", "Pool fee", "The annual pool fee is 40 dollars.")
    pack = Pack(id="t", title="Testville", topic="the town pool", language="en", path=Path("t.toml"),
                synonyms=(("yearly", "every year"),), sources={"S1": SOURCE}, entries=[fee])
    built = PackTables([pack])
    yearly = next(c for c in analyse("What is the yearly fee?", built).concepts if c.label == "yearly")
    assert ("annual",) in yearly.alternatives and ("every", "year") in yearly.alternatives
    assert [c.entry.id for c in retrieve(analyse("How big is the yearly fee?", built), built)][:1] == ["fee"]


def test_it_after_a_which_question_means_the_thing_of_that_kind_the_answer_named():
    """"Which lane did the town add?" answered "The town added a lap lane ...": "it" next is
    the lap lane, a term the pack defines, not "lane" or the town. A name that says no more than
    the question did ("the town pool") is not the answer, nor one of another kind ("Pool
    Friends" for a lane); a who-question's answer is a person (other rules)."""
    lane = entry("lane", "Lap lane", "A lap lane is a lane kept for swimming lengths.", "definition")
    pool = entry("pool", "The town pool", "The town pool opened in 1998.", "definition")
    club = entry("club", "Pool Friends", "Pool Friends is a group of swimmers.", "organization")
    added = entry("added", "A lap lane added", "The town pool added a lap lane in 2020, asked by Pool Friends.")
    pack = Pack(id="t", title="Testville", topic="the town pool", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[lane, pool, club, added])
    built = PackTables([pack])
    for question, label in (("Which lane did the town pool add?", "Lap lane"), ("What lane was added?", "Lap lane"),
                            ("Which lane did Pool Friends ask for?", "Lap lane"),
                            # The noun is surely known only before an auxiliary: not "Which pool
                            # member asked ...", whose "pool" would make the town pool the answer.
                            ("Which pool member asked for a lane?", None), ("Who asked for a lane?", None)):
        analysis = analyse(question, built)
        remembered = followup.turn(analysis, followup.Outcome(True, added.text, added), built)
        assert (remembered.subject.label == label) if label else remembered.subject.label != "Lap lane", question
    spanish_pack = Pack(id="t", title="Testville", topic="la piscina", language="es", path=Path("t.toml"),
                        sources={"S1": SOURCE},
                        entries=[entry("carril", "Carril de nado", "Un carril de nado es para nadar largos.", "definition"),
                                 entry("nuevo", "Nuevo carril", "La piscina sumó un carril de nado en 2020.")])
    built = PackTables([spanish_pack])
    analysis = analyse("¿Qué carril sumó la piscina?", built)
    remembered = followup.turn(analysis, followup.Outcome(True, built.entries[1].text, built.entries[1]), built)
    assert remembered.subject.label == "Carril de nado"


def test_it_is_a_thing_an_entry_is_named_for_not_the_verb_of_the_question():
    """After "When did voters decide on the levy?", answered from an entry about a ruling, "it"
    is the levy, which an entry the answer could come from is named for, and not "decide", the
    question's most specific word, which names no entry."""
    ruling = entry("ruling", "The 2021 court ruling", "A judge decided in 2021 that the levy vote stood.", "event")
    levy = entry("levy", "The levy", "The levy is a pool tax voters decided on in 2020.", "definition")
    other = [entry(f"e{i}", f"Lane {i}", f"The levy paid for lane {i}.") for i in range(6)]
    built = PackTables([Pack(id="t", title="Testville", topic="the town pool", language="en", path=Path("t.toml"),
                             sources={"S1": SOURCE}, entries=[ruling, levy, *other])])
    analysis = analyse("When did voters decide on the levy?", built)
    weights = {c.label: c.weight for c in analysis.concepts}
    assert min(weights["decide"], weights["voters"]) > weights["levy"]  # "levy" is the least specific word
    remembered = followup.turn(analysis, followup.Outcome(True, ruling.text, ruling, (ruling.text,), (ruling,),
                                                          (ruling, levy)), built)
    assert remembered.subject.label == "levy"
    remembered = followup.turn(analysis, followup.Outcome(True, ruling.text, ruling, (ruling.text,), (ruling,)), built)
    assert remembered.subject.label != "levy"  # without the entries it could have come from: the most specific


def test_this_and_that_stand_for_the_subject_where_no_noun_follows():
    """"How would that be paid for?" and "Is that why ...?" ask about what the conversation is
    about, as "Why did they do that?" does; "that money" and "the neighbors that spoke" do not.
    Spanish "eso" and "esto" do anywhere: "y eso q significa?"."""
    def refers(question, lang=english):
        lowered = question.lower().rstrip("?").split()
        return any(w in lang.DEMONSTRATIVES and lang.demonstrative_refers(lowered, i) for i, w in enumerate(lowered))

    for question in ("How would that be paid for?", "Why did they do that?", "Is that why they left?",
                     "When did that happen?", "What does that mean?"):
        assert refers(question), question
    for question in ("What was that money for?", "Who were the neighbors that spoke?", "Did they say that the pool was closed?"):
        assert not refers(question), question
    assert refers("y eso q significa, aplica en la calle?", spanish)
    assert not refers("¿qué es eso del perfil racial?", spanish)  # "eso del ..." introduces what follows
    assert not refers("What did the council do that the committee did not?")  # a relative "that"


def test_and_by_a_date_replaces_the_time_phrase_of_the_last_question(tables):
    """'And by 2023?' after '... by the end of the Rivera administration?' keeps what was asked
    (how many swimmers) and drops the old time, phrase and all."""
    last = Turn("How many swimmers did the pool hold by the end of the Rivera administration?", "how_many",
                None, None, "", concepts=(concept("swimmer"), concept("pool"), concept("end"),
                                          concept("rivera"), concept("administration")))
    conversation = Conversation()
    conversation.remember(last)
    analysis = analyse("And by 2023?", tables)
    followup.resolve(analysis, conversation, tables)
    carried = {c.label for c in analysis.concepts if c.origin == "context"}
    assert {"swimmer", "pool"} <= carried and not carried & {"end", "rivera", "administration"}


def test_a_first_sentence_that_answers_all_of_a_when_question_stands_alone():
    """'When did the pool open?' is answered by a sentence with the date and every word asked:
    the entry's next sentence (about something else) is not read on; a how-many question the
    first sentence answers only with a day of a month reads on to the count."""
    opened = entry("opened", "The pool opening", "The pool opened on June 3, 1998. It held 300 swimmers that day.",
                   "event")
    pack = Pack(id="t", title="Testville", topic="the pool", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[opened])
    built = PackTables([pack])
    when = Analysis("When did the pool open?", "when", [concept("pool"), concept("open")])
    text, _ = compose(when, [Candidate(opened, 6.0, ("pool", "open"))], built)
    assert text == "The pool opened on June 3, 1998. [1]"
    assert english.counts("The pool opened on June 3, 1998.") == []
    how_many = Analysis("How many swimmers did the pool open with?", "how_many", [concept("pool"), concept("open")])
    text, _ = compose(how_many, [Candidate(opened, 6.0, ("pool", "open"))], built)
    assert "300 swimmers" in text


def test_a_how_many_answer_stands_alone_when_it_counts_what_was_asked():
    """A first sentence giving the count of the thing asked, with the question's weightiest
    word, answers alone though a lighter word of the question is not in it, unless the question
    asks two things or is a follow-up; a number that counts something else ("three years
    after") does not answer, so the entry reads on."""
    hired = entry("hired", "Pool lifeguards", "The pool hired 12 lifeguards in 2021. The town paid for the pool "
                  "lifeguards' training.", "event")
    opening = entry("opening", "Opening day", "Opening day for swimmers came three years after the petition. "
                    "About 300 swimmers jumped in.", "event")
    pack = Pack(id="t", title="Testville", topic="the pool", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[hired, opening])
    built = PackTables([pack])
    lifeguards = Analysis("How many lifeguards did the pool hire for the season?", "how_many",
                          [concept("lifeguard", 4.0), concept("pool"), concept("hire"), concept("season", 1.0)])
    text, _ = compose(lifeguards, [Candidate(hired, 6.0, ("lifeguard", "pool", "hire"))], built)
    assert text == "The pool hired 12 lifeguards in 2021. [1]"
    for joined in (Analysis("How many lifeguards did the pool hire, and for which season?", "how_many",
                            list(lifeguards.concepts)),
                   Analysis("How many lifeguards did it hire for the season?", "how_many", list(lifeguards.concepts))):
        joined.resolved = {"it": "pool"} if "it" in joined.question.split() else {}
        text, _ = compose(joined, [Candidate(hired, 6.0, ("lifeguard", "pool", "hire"))], built)
        assert "training" in text, joined.question  # two things asked, or a follow-up: every word asked counts
    context = Analysis("How many lifeguards did they hire there for the season?", "how_many",
                       [concept("lifeguard", 4.0), concept("pool", 1.0, "context"), concept("hire"),
                        concept("season", 1.0)])
    text, _ = compose(context, [Candidate(hired, 6.0, ("lifeguard", "pool", "hire"))], built)
    assert "training" in text  # "pool" came from the conversation: every word asked counts
    for one_ask in ("And how many lifeguards did the pool hire for the season?",
                    "How many lifeguards and cashiers did the pool hire for the season?"):
        text, _ = compose(Analysis(one_ask, "how_many", list(lifeguards.concepts)),
                          [Candidate(hired, 6.0, ("lifeguard", "pool", "hire"))], built)
        assert text == "The pool hired 12 lifeguards in 2021. [1]", one_ask
    guards = Concept(label="guards", alternatives=(("guard",), ("lifeguard",)), weight=4.0, origin="question",
                     asked=("guard",), idf=4.0)  # the pack's synonyms: "guards" is counted as "lifeguards"
    text, _ = compose(Analysis("How many guards did the pool hire?", "how_many", [guards, concept("pool"),
                                                                                 concept("hire")]),
                      [Candidate(hired, 6.0, ("lifeguard", "pool", "hire"))], built)
    assert text == "The pool hired 12 lifeguards in 2021. [1]"
    swimmers = Analysis("How many swimmers came on opening day?", "how_many",
                        [concept("swimmer", 4.0), concept("open"), concept("day")])
    text, _ = compose(swimmers, [Candidate(opening, 6.0, ("swimmer", "open", "day"))], built)
    assert "About 300 swimmers jumped in." in text
    asked = words("¿Cuántas personas fueron detenidas en 2025?", spanish)
    assert spanish.counted_words(asked) == ["personas"]
    assert sorted(spanish.after_counts("Tres agentes y 12 personas, en 2025.")) == [" agentes y 12 personas, en 2025.",
                                                                                  " personas, en 2025."]
    assert spanish.counted_words(words("¿Cuántos de los agentes fueron?", spanish)) == ["agentes"]
    assert spanish.counted_words(words("¿Cuánto dinero costó?", spanish)) == []


def test_an_entry_nearly_as_good_that_shows_the_thing_asked_answers_first():
    """"How many swimmers did the pool hold on opening day?": the best entry is about the
    opening and gives no count; one scoring nearly as well names every word asked with the
    count, so it answers first. An entry that shows a count beside a word asked keeps the lead,
    and an entry scoring far less never takes it."""
    opening = entry("opening", "Opening day", "The pool's opening day was a holiday. The mayor cut the ribbon on "
                    "opening day.", "event")
    crowd = entry("crowd", "The crowd", "The pool held 300 swimmers on opening day.", "fact")
    pack = Pack(id="t", title="Testville", topic="the pool", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[opening, crowd])
    built = PackTables([pack])
    asked = Analysis("How many swimmers did the pool hold on opening day?", "how_many",
                     [concept("swimmer", 1.0), concept("pool"), concept("hold"), concept("open"), concept("day")])
    text, _ = compose(asked, [Candidate(opening, 6.0, ("pool", "open", "day")),
                              Candidate(crowd, 5.5, ("swimmer", "pool", "hold", "open", "day"))], built)
    assert text.startswith("The pool held 300 swimmers on opening day. [1]")
    text, _ = compose(asked, [Candidate(opening, 6.0, ("pool", "open", "day")),
                              Candidate(crowd, 2.0, ("swimmer", "pool", "hold", "open", "day"))], built)
    assert text.startswith("The pool's opening day")  # far less sure: ranking's choice stands
    why = Analysis("Why did the pool hold swimmers on opening day?", "why", list(asked.concepts))
    text, _ = compose(why, [Candidate(opening, 6.0, ("pool", "open", "day")),
                            Candidate(crowd, 5.5, ("swimmer", "pool", "hold", "open", "day"))], built)
    assert text.startswith("The pool's opening day")  # a why-question asks for no one thing
    counted = entry("counted", "Opening day", "About 250 swimmers came to the pool on opening day.", "event")
    built = PackTables([Pack(id="t", title="Testville", topic="the pool", language="en", path=Path("t.toml"),
                             sources={"S1": SOURCE}, entries=[counted, crowd])])
    text, _ = compose(asked, [Candidate(counted, 6.0, ("swimmer", "pool", "open", "day")),
                              Candidate(crowd, 5.5, ("swimmer", "pool", "hold", "open", "day"))], built)
    assert text.startswith("About 250 swimmers")  # it shows the count asked for: it answers first


def test_a_how_many_question_naming_no_time_is_answered_first_with_the_latest_count():
    """"How many lifeguards has the pool hired?": the count as of November leads, though the
    one as of September scores a little better; a question that names a time keeps ranking's
    choice, and so does a later entry scoring far less."""
    september = entry("sept", "Lifeguards in September", "The pool had hired 7 lifeguards.", "event",
                      as_of=PartialDate(2021, 9))
    november = entry("nov", "Lifeguards in November", "The pool had hired 8 lifeguards.", "event",
                     as_of=PartialDate(2021, 11))
    built = PackTables([Pack(id="t", title="Testville", topic="the pool", language="en", path=Path("t.toml"),
                             sources={"S1": SOURCE}, entries=[september, november])])
    concepts = [concept("lifeguard", 4.0), concept("pool"), concept("hire")]
    terms = ("lifeguard", "pool", "hire")
    latest = Analysis("How many lifeguards has the pool hired?", "how_many", concepts)
    text, _ = compose(latest, [Candidate(september, 6.0, terms), Candidate(november, 5.5, terms)], built)
    assert text.startswith("As of November 2021, the pool had hired 8 lifeguards.")
    text, _ = compose(latest, [Candidate(september, 6.0, terms), Candidate(november, 2.0, terms)], built)
    assert text.startswith("As of September 2021, the pool had hired 7 lifeguards.")
    dated = Analysis("How many lifeguards had the pool hired by 2021?", "how_many", concepts)
    text, _ = compose(dated, [Candidate(september, 6.0, terms), Candidate(november, 5.5, terms)], built)
    assert text.startswith("As of September 2021, the pool had hired 7 lifeguards.")


def test_whether_a_measure_passed_is_answered_first_by_the_dated_event_that_reports_the_vote():
    """"Did Question 1 pass?": the entry on how the questions were tiered says "pass" more and
    scores best, but the dated event reporting the vote answers first. A question that supposes
    ("Could Question 1 pass if ...?") asks the rule, an undated entry or one scoring far less
    never leads, and neither does an event that reports no outcome, nor one that does not name
    what else was asked. The outcome may be worded otherwise than asked; a question that names
    only the pack's topic keeps ranking's choice."""
    tiers = entry("tiers", "Tiered questions", "Question 2 could pass only if Question 1 did pass. Question 1 "
                  "needed to pass first.")
    vote = entry("vote", "The vote", "Voters passed Question 1 by 2,075 votes to 1,317.", "event",
                 date=PartialDate(2025, 1, 28))
    forum = entry("forum", "A forum", "A forum on whether Question 1 would pass was held.", "event",
                  date=PartialDate(2025, 1, 10))
    built = PackTables([Pack(id="t", title="Testville", topic="the bond", language="en", path=Path("t.toml"),
                             sources={"S1": SOURCE}, entries=[tiers, vote, forum])])
    concepts = [concept("pass"), concept("question1")]
    terms = ("pass", "question1")
    did = Analysis("Did Question 1 pass?", "yes_no", concepts)
    text, _ = compose(did, [Candidate(tiers, 6.0, terms), Candidate(vote, 4.0, terms)], built)
    assert text.startswith("Voters passed Question 1 by 2,075 votes to 1,317. [1]")
    text, _ = compose(did, [Candidate(tiers, 6.0, terms), Candidate(vote, 2.0, terms)], built)
    assert text.startswith("Question 2 could pass")  # far less sure: ranking's choice stands
    text, _ = compose(did, [Candidate(tiers, 6.0, terms), Candidate(forum, 5.0, terms)], built)
    assert text.startswith("Question 2 could pass")  # an event that reports no outcome
    approved = Analysis("Was Question 1 approved?", "yes_no",
                        [concept("approv")._replace(label="approved"), concept("question1")])
    text, _ = compose(approved, [Candidate(tiers, 6.0, ("question1",)), Candidate(vote, 4.0, ("question1",))], built)
    assert text.startswith("Voters passed Question 1")  # "approved" told as "passed"
    bond = Analysis("Did the bond pass?", "yes_no", [concept("pass"), concept("bond")])
    text, _ = compose(bond, [Candidate(tiers, 6.0, ("pass",)), Candidate(vote, 4.0, ("pass",))], built)
    assert text.startswith("Question 2 could pass")  # it names nothing but the topic: ranking's choice stands
    worded = concept("pass")._replace(alternatives=(("pass",), ("approv",), ("vote",)))  # as a pack's synonyms make it
    other = Analysis("Did Question 2 pass?", "yes_no", [worded, concept("question2")])
    text, _ = compose(other, [Candidate(tiers, 6.0, ("pass", "question2")), Candidate(vote, 4.0, ("pass",))], built)
    assert text.startswith("Question 2 could pass")  # the vote on Question 1 tells nothing of Question 2
    needs = entry("needs", "The bond", "The bond needed Question 1 to be approved.")
    built = PackTables([Pack(id="t", title="Testville", topic="the bond", language="en", path=Path("t.toml"),
                             sources={"S1": SOURCE}, entries=[tiers, vote, forum, needs])])
    unnamed = Analysis("Was the bond approved?", "yes_no", [concept("approv")._replace(label="approved"), concept("bond")])
    text, _ = compose(unnamed, [Candidate(needs, 6.0, ("bond",)), Candidate(vote, 4.0, ())], built)
    assert text.startswith("The bond needed")  # a result that names nothing asked never leads
    tell = Analysis("Can you tell me if Question 1 passed?", "yes_no", concepts)  # asks the result politely
    text, _ = compose(tell, [Candidate(tiers, 6.0, terms), Candidate(vote, 4.0, terms)], built)
    assert text.startswith("Voters passed Question 1")
    could = Analysis("Could Question 1 pass if Question 2 failed?", "yes_no", concepts)
    text, _ = compose(could, [Candidate(tiers, 6.0, terms), Candidate(vote, 4.0, terms)], built)
    assert text.startswith("Question 2 could pass")


def test_a_yes_or_no_question_is_answered_first_by_an_entry_close_behind_that_matches_all_it_asks():
    """"Does the pool board have a lifeguard rule?": the board's own entry scores best but says
    nothing of the rule; the entry that names both, scoring nearly as well, answers first. One
    scoring far less does not, nor does any when the best matches all."""
    board = entry("board", "The pool board", "The pool board runs the town pool. It meets monthly.", "organization")
    rule = entry("rule", "Lifeguard rule", "The pool board adopted a lifeguard rule in 2020.")
    built = PackTables([Pack(id="t", title="Testville", topic="the pool", language="en", path=Path("t.toml"),
                             sources={"S1": SOURCE}, entries=[board, rule])])
    asked = Analysis("Does the pool board have a lifeguard rule?", "yes_no",
                     [concept("pool board")._replace(alternatives=(("pool", "board"),), asked=("pool", "board")),
                      concept("lifeguard", 4.0), concept("rule")])
    text, _ = compose(asked, [Candidate(board, 6.0, ("pool board",)),
                              Candidate(rule, 5.5, ("pool board", "lifeguard", "rule"))], built)
    assert text.startswith("The pool board adopted a lifeguard rule in 2020. [1]")
    text, _ = compose(asked, [Candidate(board, 6.0, ("pool board",)),
                              Candidate(rule, 2.0, ("pool board", "lifeguard", "rule"))], built)
    assert text.startswith("The pool board runs")
    whole = board._replace(text="The pool board runs the town pool and its lifeguard rule.")
    built = PackTables([Pack(id="t", title="Testville", topic="the pool", language="en", path=Path("t.toml"),
                             sources={"S1": SOURCE}, entries=[whole, rule])])
    text, _ = compose(asked, [Candidate(whole, 6.0, ("pool board", "lifeguard", "rule")),
                              Candidate(rule, 5.5, ("pool board", "lifeguard", "rule"))], built)
    assert text.startswith("The pool board runs")  # the best matches all: ranking's choice stands


def test_a_count_is_a_number_that_counts_not_a_section_a_year_or_one_of_them():
    """What a how-many answer may count with: "2,075 people" and "one officer" count; 287(g),
    a year, a day of a month and "one of them" do not; "how much" counts no thing."""
    after = english.after_counts
    assert [a.split()[0] for a in after("In May 2010, 2,075 people and one officer came.")] == ["people", "officer"]
    assert after("Three of the 287(g) officers, one of them from May 12, 2019.") == [" of the 287(g) officers, one of "
                                                                                    "them from May 12, 2019."]
    assert english.counted_words(["how", "many", "of", "the", "detainees", "were", "held"]) == ["detainees"]
    assert english.counted_words(["how", "much", "money", "did", "it", "cost"]) == []
    # The number of a ballot measure names it: "Questions 1 and 2" count nothing, "three questions" do.
    assert english.counts("Question 2 could pass only if Questions 1 and 2, or 1, 2 or 3, passed.") == []
    assert english.counts("The three questions: Question 1 by 2,075 votes.") == ["2,075", "three"]
    assert not english.has_count("Question 3 funds Littlebrook.")
    assert spanish.counts("Las preguntas 1 y 2 pasaron el 21 de mayo con 2,075 votos.") == ["2,075"]
    assert english.counts("On Question 1, 300 voters said yes.") == ["300"]  # a list follows the plural only
    assert english.counts("Props 1 and 2 passed.") == [] and spanish.counts("La Proposición 8 pasó.") == []
    assert english.counts("The city will issue 300 permits.") == ["300"]  # a verb, not a measure's name
    plan = entry("plan", "The officers", "Three years later, 287(g) officers were assigned to the jail. In all, "
                 "the sheriff named twelve officers.", "event")
    pack = Pack(id="t", title="Testville", topic="the jail", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[plan])
    built = PackTables([pack])
    analysis = Analysis("How many officers were assigned to the jail?", "how_many",
                        [concept("officer", 4.0), concept("assign"), concept("jail")])
    text, _ = compose(analysis, [Candidate(plan, 6.0, ("officer", "assign", "jail"))], built)
    assert "twelve officers" in text


def test_the_sentence_that_tells_the_rest_of_the_question_is_not_swapped_for_a_shorter_one():
    """When the best entry's next sentence tells a part of the question its first lacks but
    would pass the short budget, it still follows (within the long one): a shorter, lesser
    sentence that happens to fit is no answer in its place."""
    plan = entry("plan", "The pool plan", "On May 19, 2022, the Testville town council adopted Mayor Dana Rivera's "
                 "three-part plan for the pool: hire outside counsel, set up a pool committee, and freeze all "
                 "hiring and spending at the pool until the committee reports on the summer season. The council voted to hire Jo Park "
                 "of the law firm Park, Lee and Stone to investigate the lifeguards' complaints about pool "
                 "management, staffing and safety and propose fixes. Dana Rivera said the results would be made public.", "event")
    pack = Pack(id="t", title="Testville", topic="the pool", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[plan])
    built = PackTables([pack])
    analysis = analyse("Who was hired as outside counsel to investigate the lifeguards' complaints in 2022?", built)
    text, _ = compose(analysis, retrieve(analysis, built), built)
    assert "Jo Park" in text and "would be made public" not in text
    assert len(text) > FACTOID_BUDGET


def test_after_a_first_sentence_that_answers_alone_a_related_entry_must_show_the_thing_asked():
    """A related entry's opening follows an answer that is whole already only when it shows
    the thing asked too: another count of the swimmers (a source that disagrees) is kept, the
    pool's budget is not."""
    crowd = entry("crowd", "Opening-day crowd", "About 300 swimmers came to the pool on opening day in 2021.",
                  "event", related=("recount", "budget"))
    recount = entry("recount", "A later count", "A later town report counted 350 swimmers on opening day.")
    budget = entry("budget", "Pool budget", "The pool's 2021 budget paid 40,000 dollars for opening day.")
    pack = Pack(id="t", title="Testville", topic="the pool", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[crowd, recount, budget])
    built = PackTables([pack])
    analysis = Analysis("How many swimmers came on opening day?", "how_many",
                        [concept("swimmer", 4.0), concept("open"), concept("day")])
    text, _ = compose(analysis, [Candidate(crowd, 6.0, ("swimmer", "open", "day"))], built)
    assert "350" in text and "budget" not in text


def test_after_a_when_answer_that_is_whole_a_related_event_with_its_own_date_is_left_out():
    """"When did the council pass the pool law?" answered alone: the related entry on the
    mayor signing it on another date tells something not asked, and is left out; a related
    fact as of a later date (the law's state then) still follows."""
    passed = entry("passed", "Council passes the pool law", "The council passed the pool law on May 21, 2019.",
                   "event", date=PartialDate(2019, 5, 21), related=("signed",))
    signed = entry("signed", "Mayor signs the pool law", "The mayor signed the pool law on June 7, 2019.", "event",
                   date=PartialDate(2019, 6, 7))
    analysis = Analysis("When did the council pass the pool law?", "when",
                        [concept("council"), concept("pass"), concept("pool", 4.0), concept("law", 4.0)])
    built = PackTables([Pack(id="t", title="Testville", topic="the pool", language="en", path=Path("t.toml"),
                             sources={"S1": SOURCE}, entries=[passed, signed])])
    text, _ = compose(analysis, [Candidate(passed, 6.0, ("council", "pass", "pool", "law"))], built)
    assert text == "The council passed the pool law on May 21, 2019. [1]"
    held = signed._replace(kind="fact", date=None, as_of=PartialDate(2020, 1), text="The pool law was in force in 2020.")
    built = PackTables([Pack(id="t", title="Testville", topic="the pool", language="en", path=Path("t.toml"),
                             sources={"S1": SOURCE}, entries=[passed, held])])
    text, _ = compose(analysis, [Candidate(passed, 6.0, ("council", "pass", "pool", "law"))], built)
    assert "in force in 2020" in text


def test_a_day_of_the_week_is_an_everyday_word(tables):
    """"When do we vote on the pool, is it a Tuesday?": the day is part of the date asked, not
    what the question is about, so a pack that gives the date without its weekday still covers
    it; so in Spanish."""
    analysis = analyse("When do we vote on the pool, is it a Tuesday?", tables)
    assert [c.soft for c in analysis.concepts if c.label == "tuesday"] == [True]
    assert "martes" in spanish.SOFT_WORDS and "sabado" in spanish.SOFT_WORDS


def test_a_place_is_a_town_or_an_address_and_a_month_is_no_place():
    """"Where is the board's office?" is answered by "at 245 E. Main St.", not by "in May 2019"
    (a time); "wheres" asks where as "where" does."""
    places = english.PLACES
    assert places.search("The board moved to 245 E. Main St. downtown.")
    assert places.search("The vote was held in Willmar.")
    assert not places.search("As proposed in May 2019, the board would meet monthly.")
    assert english.question_type(["wheres", "the", "board", "office", "at"]) == "where"


def test_was_anyone_for_it_asks_who_supported_it(tables):
    """"Was anybody actually FOR the pool?" asks who supported it, as "Who was for it?" does;
    "anybody" names nothing to look for. "Who was responsible for the pool?" and "Who voted
    for it?" ask no side."""
    for question in ("Was anybody actually FOR the pool?", "Who was for the pool?", "Is there anyone for it?"):
        analysis = analyse(question, tables)
        assert (analysis.stance, analysis.qtype) == ("supported", "who"), question
        assert "anybody" not in [c.label for c in analysis.concepts]
    for question in ("Who was responsible for the pool?", "What was the reason for the pool?"):
        assert analyse(question, tables).stance == "", question


def test_a_person_s_opening_answers_a_who_question_alone_unless_the_question_names_the_person():
    """"Who is the mayor of Testville?" is answered by the opening "Dana Rivera is the mayor of
    Testville."; what else her entry says was not asked. "Who is Dana Rivera?" names her, and
    her entry reads on."""
    rivera = entry("rivera", "Dana Rivera", "Dana Rivera is the mayor of Testville. As mayor she backed the new pool in "
                   "2019.", "person", aliases=("Rivera", "mayor of Testville"))  # a role as an alias names no one
    built = PackTables([Pack(id="t", title="Testville", topic="the pool", language="en", path=Path("t.toml"),
                             sources={"S1": SOURCE}, entries=[rivera])])
    mayor = Analysis("Who is the mayor of Testville?", "who", [concept("mayor", 4.0), concept("testvill")])
    text, _ = compose(mayor, [Candidate(rivera, 6.0, ("mayor", "testvill"))], built)
    assert text == "Dana Rivera is the mayor of Testville. [1]"
    named = Analysis("Who is Dana Rivera?", "who", [concept("dana"), concept("rivera", 4.0)])
    text, _ = compose(named, [Candidate(rivera, 6.0, ("dana", "rivera"))], built)
    assert "backed the new pool" in text
    what = Analysis("What is the mayor of Testville?", "definition", [concept("mayor", 4.0), concept("testvill")])
    text, _ = compose(what, [Candidate(rivera, 6.0, ("mayor", "testvill"))], built)
    assert "backed the new pool" in text  # only a who-question: a definition's opening reads on


def test_a_whole_answer_keeps_its_entry_s_note_that_the_sources_disagree():
    """The first sentence gives one source's date and answers alone; the entry's sentence that
    the sources date it differently follows it, and an unrelated sentence does not."""
    appeal = entry("appeal", "The appeal", "The council filed its appeal on May 20, 2020. The mayor was away that "
                   "week. Sources date the appeal differently: one story said June 2020.", "event",
                   date=PartialDate(2020, 5, 20))
    built = PackTables([Pack(id="t", title="Testville", topic="the pool", language="en", path=Path("t.toml"),
                             sources={"S1": SOURCE}, entries=[appeal])])
    analysis = Analysis("When did the council file its appeal?", "when",
                        [concept("council"), concept("file"), concept("appeal", 4.0)])
    text, _ = compose(analysis, [Candidate(appeal, 6.0, ("council", "file", "appeal"))], built)
    assert text == ("The council filed its appeal on May 20, 2020. Sources date the appeal differently: one story "
                    "said June 2020. [1]")
    assert spanish.DISAGREEMENT.search("Las fuentes no coinciden en la fecha.")
    other = appeal._replace(text="The council filed its appeal on May 20, 2020. Sources disagree on who wrote the "
                                 "appeal.")
    built = PackTables([Pack(id="t", title="Testville", topic="the pool", language="en", path=Path("t.toml"),
                             sources={"S1": SOURCE}, entries=[other])])
    text, _ = compose(analysis, [Candidate(other, 6.0, ("council", "file", "appeal"))], built)
    assert text == "The council filed its appeal on May 20, 2020. [1]"  # they disagree on something not asked


def test_an_entry_whose_source_says_otherwise_is_shown_whatever_was_asked():
    """`disagrees` names an entry whose source says otherwise: its opening follows an answer
    that is whole already, though it shows no count and shares no word of the question; the
    same entry named as `related` does not."""
    years = entry("years", "Jail and the state", "The sheriff said the jail had held state detainees for 22 years.",
                  "fact", disagrees=("letter",))
    letter = entry("letter", "A reader's letter", "A reader wrote in 2017 that no such contract existed.", "fact")
    built = PackTables([Pack(id="t", title="Testville", topic="the jail", language="en", path=Path("t.toml"),
                             sources={"S1": SOURCE}, entries=[years, letter])])
    analysis = Analysis("How many years has the jail held state detainees?", "how_many",
                        [concept("jail"), concept("detaine", 4.0), concept("state")])
    text, _ = compose(analysis, [Candidate(years, 6.0, ("jail", "detaine", "state"))], built)
    assert text == ("The sheriff said the jail had held state detainees for 22 years. [1] A reader wrote in 2017 "
                    "that no such contract existed. [2]")
    built = PackTables([Pack(id="t", title="Testville", topic="the jail", language="en", path=Path("t.toml"),
                             sources={"S1": SOURCE}, entries=[years._replace(disagrees=(), related=("letter",)),
                                                               letter])])
    text, _ = compose(analysis, [Candidate(built.entries[0], 6.0, ("jail", "detaine", "state"))], built)
    assert "reader" not in text


def test_a_when_question_is_answered_first_with_the_sentence_that_gives_the_date():
    """The sentence that names more of the question's words may say no date: the one that does
    leads."""
    vote = entry("vote", "Council vote on the pool budget", "The council debated the pool budget, the pool "
                 "hours and the pool fees at length. The council vote came on May 3, 2021.", "event")
    pack = Pack(id="t", title="Testville", topic="the town pool", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[*ENTRIES, vote])
    built = PackTables([pack])
    analysis = analyse("When did the council debate the pool budget?", built)
    text, _ = compose(analysis, retrieve(analysis, built), built)
    assert text.startswith("The council vote came on May 3, 2021.")
    from civicqa.compose import _SHOWS
    from civicqa.language import spanish
    from civicqa.question_types import Shows

    for lang, sentence in ((english, "Mail ballots had to arrive by 4:30 p.m. the following Monday."),
                           (spanish, "Las boletas debían llegar el lunes siguiente.")):
        assert _SHOWS[Shows.DATE](lang, sentence, 1, vote), sentence  # a weekday or a time answers "when" too


def test_a_follow_up_does_not_read_on_into_what_the_last_answer_showed():
    """The top entry's next sentence is padding when the last answer showed it already."""
    opened = entry("opened", "The pool", "The pool opened in 1998. It held 300 swimmers. It closed in 2020.")
    pack = Pack(id="t", title="Testville", topic="the pool", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[opened])
    analysis = Analysis("What about the pool?", "what", [concept("pool")])
    fresh, _ = compose(analysis, [Candidate(opened, 6.0, ("pool",))], PackTables([pack]))
    assert "300 swimmers" in fresh
    analysis.shown = frozenset({"It held 300 swimmers."})
    followed, _ = compose(analysis, [Candidate(opened, 6.0, ("pool",))], PackTables([pack]))
    assert "300 swimmers" not in followed and followed.startswith("The pool opened in 1998.")


def test_one_letter_shorthand_the_pack_lacks_is_not_a_word_of_the_question(tables):
    """'w' (with) in a phone-typed question names nothing; it must not weigh as a rare word."""
    labels = {c.label for c in analyse("what does the pool have to do w Dana Rivera", tables).concepts}
    assert "w" not in labels and "pool" in labels


def test_a_referent_whose_name_is_only_stopwords_adds_nothing(tables):
    """A person titled "The" gives a subject with no terms: a follow-up about them must not fail."""
    analysis = analyse("Is he on the council?", tables)
    before = list(analysis.concepts)
    followup._add_referent(analysis, "he", Subject(label="The", terms=()), tables, True)
    assert analysis.concepts == before and "he" not in analysis.resolved


# -- follow-ups in a pack written the way librarians write them --------------------------------

CLUB_ENTRIES = [
    entry("club", "The Harbor Club", "The Harbor Club is the union of the town's lifeguards.", "organization",
          aliases=("Harbor Club", "lifeguards' union")),
    entry("grey", "Robin Grey, Harbor Club president (2019-2023)",
          "Robin Grey led the Harbor Club from 2019 to 2023 and signed its lawsuit against the pool board.",
          "person", aliases=("Rob Grey", "Grey", "Harbor Club president")),
    entry("lawsuit", "The Harbor Club lawsuit of 2019",
          "The Harbor Club filed a lawsuit against the pool board in September 2019. Robin Grey said it came late "
          "because the club's lawyer was abroad."),
    entry("ruling-reply", "The Harbor Club after the 2023 ruling",
          "After the 2023 court ruling the Harbor Club said the board had been about punishing lifeguards."),
]


@pytest.fixture(scope="module")
def club() -> Explainer:
    pack = Pack(id="t", title="Testville's lifeguards", topic="the pool board", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=CLUB_ENTRIES)
    return Explainer([pack])


def test_a_person_titled_with_a_role_is_known_by_the_name(club):
    """'Robin Grey, Harbor Club president (2019-2023)' is Robin Grey: the surname is Grey (not
    2023), the role's words ("club", "president") name no person, and an answer that gives an
    alias ("Rob Grey") is about Grey."""
    grey = club.tables.entries[1]
    assert grey.name == "Robin Grey" and club.tables.entries[0].name == "The Harbor Club"
    assert club.tables.person_with_surname("grey") == 1
    assert {"robin grey", "robin", "grey", "rob grey"} <= club.tables.person_names_terms
    assert not {"club", "presid", "president", "harbor", "harbor club"} & club.tables.person_names_terms
    harbor = next(c for c in analyse("Who founded the Harbor Club?", club.tables).concepts if c.label == "harbor")
    assert followup.concept_type(harbor, club.tables) == "topic"  # an alias's words name no person
    analysis = analyse("Who led the lifeguards?", club.tables)
    remembered = followup.turn(analysis, followup.Outcome(True, "Rob Grey led them.", club.tables.entries[0]),
                               club.tables)
    assert remembered.person == Subject("Robin Grey", (("grey",), ("robin", "grey"), ("rob", "grey"),
                                                     ("harbor", "club", "president")))


def test_they_after_a_question_about_an_organization_means_the_organization(club):
    """"Why did he say their lawsuit came so late?" is about the lawsuit, but the next "they" is
    the club the conversation has been about, not the lawsuit (nor the word "late")."""
    conversation = Conversation()
    for question in ("What is the Harbor Club?", "Who is its president?", "Why did he say their lawsuit came so late?"):
        assert not club.ask(question, conversation).abstained, question
    answer = club.ask("What did they say after the 2023 ruling?", conversation)
    assert answer.analysis.resolved.get("they") == "The Harbor Club"
    assert answer.citations[0].entry.id == "ruling-reply", answer.text


def test_a_word_of_saying_the_pack_never_uses_only_asks_what_was_said(tables):
    """"denounce" is how the resident asks what someone said; no entry uses it, and it must not
    weigh as the rarest word there is (the answer would be declined). Other words the pack lacks
    still count in full."""
    concepts = {c.label: c for c in analyse("What did Dana Rivera denounce or sculpt?", tables).concepts}
    assert concepts["denounce"].soft and not concepts["sculpt"].soft


def test_and_with_a_question_word_asks_anew_about_what_it_refers_to(club):
    """"And what did he say?" after "Who is Robin Grey?" is a question of its own about him: not an
    ellipsis that keeps the last question's kind (a who-question) and words."""
    conversation = Conversation()
    club.ask("Who is Robin Grey?", conversation)
    analysis = club.analyse("And what did he denounce?", conversation)
    assert analysis.qtype == "what" and "(follow-up)" not in analysis.resolved
    assert analysis.resolved.get("he") == "Robin Grey"
    assert club.analyse("And when?", conversation).resolved.get("(follow-up)") == "Who is Robin Grey?"


def test_it_keeps_meaning_what_it_referred_to_until_the_question_names_something_else(club):
    """"Who is its president?" after "What is the Harbor Club?" names nothing the answer is
    about: the next "it" is still the club. "When was its lawsuit filed?" names the lawsuit the
    answer is about: the next "it" is the lawsuit."""
    conversation = Conversation()
    club.ask("What is the Harbor Club?", conversation)
    assert conversation.last.subject.label == "The Harbor Club"
    club.ask("Who is its president?", conversation)
    assert conversation.last_subject().label == "The Harbor Club"
    answer = club.ask("When was its lawsuit filed?", conversation)
    assert answer.citations[0].entry.id == "lawsuit" and conversation.last.subject.label == "lawsuit"


# -- what a review of the follow-up changes found -----------------------------------------------

SIDES_ENTRIES = [
    entry("friends", "Pool Friends", "Pool Friends is a club of swimmers that backed the pool.", "organization"),
    entry("foes", "Critics of the pool", "Some neighbors opposed the pool because of noise.", "position",
          stance="opposed"),
    entry("fans", "Backers of the pool", "Pool Friends backed the pool because it gives children a place to swim.",
          "position", stance="supported"),
    entry("bouldin", "Matthew (Matt) Bouldin, business administrator",
          "Matthew Bouldin ran the district's budget in 2024.", "person", aliases=("Matt Bouldin", "business administrator", "Administrator Bouldin")),
    entry("kelley", "Carol Kelley", "Carol Kelley, a former business administrator, resigned in 2023.", "person"),
    entry("count-2011", "Swimmers in 2011 and 2017", "The pool had 300 swimmers in 2011 and 410 swimmers in 2017."),
]


@pytest.fixture(scope="module")
def sides() -> Explainer:
    pack = Pack(id="t", title="Testville's pool", topic="the town pool", language="en", path=Path("t.toml"),
                synonyms=(("opposed", "against", "critics", "oppose"), ("supported", "backed")),
                sources={"S1": SOURCE}, entries=SIDES_ENTRIES)
    return Explainer([pack])


def test_they_with_a_stance_word_is_that_side_not_the_last_organization(sides):
    """After "What is Pool Friends?", "Why did they oppose it?" asks about the opponents: "they"
    must not become Pool Friends, who backed the pool."""
    conversation = Conversation()
    sides.ask("What is Pool Friends?", conversation)
    analysis = sides.analyse("Why did they oppose it?", conversation)
    assert analysis.stance == "opposed" and "they" not in analysis.resolved


def test_an_organization_is_not_they_two_questions_later(sides):
    """"they" means the last turn's organization, not one from earlier in the conversation."""
    conversation = Conversation()
    sides.ask("What is Pool Friends?", conversation)
    sides.ask("How many swimmers did the pool have in 2011?", conversation)
    assert "they" not in sides.analyse("Why did they count them?", conversation).resolved


def test_and_how_many_with_only_a_date_is_still_an_ellipsis(sides):
    conversation = Conversation()
    sides.ask("How many swimmers did the pool have in 2011?", conversation)
    analysis = sides.analyse("And how many in 2017?", conversation)
    assert analysis.qtype == "how_many" and "(follow-up)" in analysis.resolved


def test_a_nickname_in_brackets_is_part_of_the_name_and_a_role_alias_names_no_one(sides):
    """"Matthew (Matt) Bouldin, business administrator" is Matthew Bouldin, surname Bouldin. A text
    that mentions the post ("a former business administrator") is not about him."""
    tables = sides.tables
    assert tables.entries[3].name == "Matthew Bouldin" and tables.person_with_surname("bouldin") == 3
    assert followup._person_in("Carol Kelley, a former business administrator, resigned.", tables).label == "Carol Kelley"
    assert followup._person_in("The business administrator resigned.", tables) is None


def test_who_did_something_in_words_no_pack_uses_is_not_a_question_about_what_was_said(sides):
    """"Who denounced the pool?" asks who did it: "denounced" is not softened as in "What did Pool
    Friends denounce?", so a pack that never says who denounced it declines."""
    assert not next(c for c in sides.analyse("Who denounced the pool?", Conversation()).concepts
                    if c.label == "denounced").soft
    assert next(c for c in sides.analyse("What did Pool Friends denounce?", Conversation()).concepts
                if c.label == "denounce").soft


def test_a_question_quoting_what_an_entry_says_names_what_it_is_about():
    """"Who called it 'a waste of water' at the council hearing?" matches only part of what it
    asks, but it quotes an entry word for word: the quote names what it asks about, as a full
    name would. Unquoted, the same words are only two of five."""
    entries = [entry("said", "Dana Rivera on the pool", 'Dana Rivera called the pool "a waste of water" in 2021.',
                     "position", stance="opposed"),
               entry("plan", "The pool plan", "The pool plan was approved at a council hearing in 2020."),
               entry("hours", "Pool hours", "The pool opens at nine in the summer."),
               entry("staff", "Lifeguards", "Six lifeguards work at the pool.")]
    pack = Pack(id="t", title="Testville", topic="the town pool", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=entries)
    engine = Explainer([pack])
    quoted = engine.ask("Who called it 'a waste of water' at the council hearing?", Conversation())
    assert not quoted.abstained and quoted.citations[0].entry.id == "said", quoted.decision
    assert engine.ask("Who called it a waste of water at the council hearing?", Conversation()).abstained


def test_a_headline_is_not_what_it_means_next_and_and_who_asks_anew(sides):
    """After "How many swimmers did the pool have in 2011?" the next "it" is the swimmers, not
    the headline of the entry that answered ("Swimmers in 2011 and 2017"). "And who is Matt
    Bouldin?" asks a question of its own; "And Administrator Bouldin?" (a title and a name) is an
    ellipsis that keeps the last question."""
    conversation = Conversation()
    sides.ask("How many swimmers did the pool have in 2011?", conversation)
    assert conversation.last.subject.label == "swimmers"
    assert "(follow-up)" not in sides.analyse("And who is Matt Bouldin?", conversation).resolved
    assert "(follow-up)" in sides.analyse("And Administrator Bouldin?", conversation).resolved


def test_the_it_of_is_it_true_refers_to_nothing(club):
    conversation = Conversation()
    club.ask("What is the Harbor Club?", conversation)
    assert "it" not in club.analyse("Is it true that Robin Grey signed a lawsuit?", conversation).resolved
    assert "it" in club.analyse("Is it true that it sued?", conversation).resolved


def test_a_name_is_found_in_an_answer_whole_and_before_a_possessive(club):
    tables = club.tables
    assert followup._person_in("It was Robin Grey's lawsuit.", tables).label == "Robin Grey"
    assert followup._person_in("Rob Grey signed it; Robin Grey did not.", tables).label == "Robin Grey"
    assert followup._person_in("The Greyhound bus left.", tables) is None


def test_a_name_written_with_quotes_or_next_to_an_underscore_is_found():
    """What the review of the name table found: a name that opens with a quote mark, and a name
    next to "_", which str.isalnum does not count as a letter."""
    bud = entry("bud", "Bud Smith", "Bud Smith ran the pool.", "person", aliases=('"Bud" Smith',))
    lee = entry("lee", "Ann Lee", "Ann Lee swam.", "person")
    pack = Pack(id="t", title="Testville", topic="the town pool", language="en", path=Path("t.toml"),
                sources={"S1": SOURCE}, entries=[bud, lee])
    tables = PackTables([pack])
    assert followup._person_in('"Bud" Smith and Ann Lee spoke.', tables).label == "Bud Smith"
    assert followup._person_in("_Ann Lee_ swam.", tables).label == "Ann Lee"


def test_they_after_a_question_naming_an_organization_by_an_alias_is_that_organization(club):
    """"What did the lifeguards' union say after the 2023 ruling?" is answered from the entry
    about what it said, not the union's own entry; the next "they" is still the union."""
    conversation = Conversation()
    answer = club.ask("What did the lifeguards' union say after the 2023 ruling?", conversation)
    assert answer.citations[0].entry.id != "club" and conversation.last.group is None
    assert club.analyse("Why did they sue?", conversation).resolved.get("they") == "The Harbor Club"
