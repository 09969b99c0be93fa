from civicqa.language import spanish
from civicqa.language.english import stem
from civicqa.text import sentences, tokenize


def test_287g_spellings_are_one_token():
    assert tokenize("287(g)") == tokenize("287g") == tokenize("287 g") == tokenize("287 (g)") == ["287g"]
    assert tokenize("Section 287(G) agreements")[1] == "287g"


def test_a_numbered_ballot_measure_is_also_one_word():
    """"Question 3" is read as "question3" beside its number ("question" alone is a stopword),
    so a question about Question 3 finds the entries about it, not every entry with a 3; a
    year, a decimal and a plural still read as before."""
    assert tokenize("Did Question 3 pass?") == ["question3", "3", "pass"]
    assert tokenize("Questions 1 and 2, Proposition 8, Measure 12") == [
        "question1", "1", "2", "proposition8", "8", "measure12", "12"]
    assert tokenize("the issue 2010 and question 3.5") == ["issu", "2010", "3.5"]
    assert tokenize("¿Pasó la Pregunta 3?", lang=spanish)[:2] == ["pregunta3", "3"]


def test_us_abbreviation_survives_and_is_not_the_pronoun():
    assert "u.s." in tokenize("the U.S. government")
    assert "u.s." in tokenize("the US government")
    assert "u.s." not in tokenize("tell us about it")


def test_numbers_with_commas_and_percent_survive():
    assert "1100" in tokenize("more than 1,100 trained officers")
    assert tokenize("1,100") == tokenize("1100")
    assert tokenize("almost 40%") == ["almost", "40", "percent"]
    assert tokenize("40 percent") == ["40", "percent"]


def test_acronyms_are_not_stemmed():
    assert tokenize("ICE OIG DHS") == ["ice", "oig", "dhs"]
    assert tokenize("DHS's report") == ["dhs", "report"]
    assert tokenize("MOAs") == ["moa"]


def test_light_stemming_folds_word_forms():
    assert tokenize("opposed opposing opposes oppose") == ["oppos"] * 4
    assert stem("concerns") == stem("concerned") == "concern"
    assert stem("cities") == "city"
    assert stem("status") == "status"


def test_a_short_stem_gets_back_the_e_its_ending_took():
    """English doubles the consonant of a short syllable before -ed and -ing (stopped, getting),
    so "voted" and "saving" had an -e: they meet "vote" and "savings"; "fixed" and "paying" keep
    their stems, and "not" is not "noted"."""
    assert stem("voted") == stem("voting") == stem("votes") == stem("vote") == "vote"
    assert stem("saving") == stem("savings") == stem("saved") == stem("save")
    assert stem("ruling") == stem("rule") and stem("filed") == stem("file")
    assert stem("stopped") == stem("stop") and stem("getting") == "get"
    assert (stem("fixed"), stem("rowed"), stem("paying"), stem("aimed")) == ("fix", "row", "pay", "aim")
    assert stem("noted") == "note" != stem("not")
    assert tokenize("busing bused buses bus") == ["bus"] * 4  # American spelling keeps one s (IRREGULAR)


def test_accents_fold():
    assert tokenize("Vélez") == tokenize("Velez")


def test_sentences_keep_abbreviations_whole():
    text = 'Sen. Joe Gimse spoke. The U.S. Congress acted in 1996. "It is a slap in the face." Leuze said.'
    assert sentences(text) == [
        "Sen. Joe Gimse spoke.",
        "The U.S. Congress acted in 1996.",
        '"It is a slap in the face."',
        "Leuze said.",
    ]


def test_a_councillors_title_does_not_end_a_sentence():
    assert sentences("Coun. Druh Farrell voted no. The vote was 10-3.") == [
        "Coun. Druh Farrell voted no.", "The vote was 10-3."]
    assert sentences("The contract went to Acme Corp. The council approved it.") == [
        "The contract went to Acme Corp.", "The council approved it."]


def test_an_abbreviation_is_a_whole_word_and_marks_may_run_together():
    """Only a whole word is an abbreviation ("Taco." ends a sentence, "Co." does not), however
    the sentence before it ends; several marks, an ellipsis or a closing bracket end one sentence."""
    assert sentences("We ate at Taco. The (new) Co. opened. Really?! Yes... Then (twice.) Fine.") == [
        "We ate at Taco.", "The (new) Co. opened.", "Really?!", "Yes...", "Then (twice.)", "Fine."]
    assert sentences("Vino de EE.UU. El alcalde habló. Sr. Pérez votó.", lang=spanish) == [
        "Vino de EE.UU. El alcalde habló.", "Sr. Pérez votó."]


def test_a_quotation_of_several_sentences_stays_in_its_sentence():
    """An answer never shows half a quotation with its quote mark left open."""
    text = ('They answered "Why now? Why this amount?" in a letter. Forsyth said: "I am not surprised. '
            'We will appeal." He left. Ella dijo: «¿Por qué ahora? Bueno.» ¿Y después? «Bien.» “Yes. Fine.” Done.')
    assert sentences(text) == [
        'They answered "Why now? Why this amount?" in a letter.',
        'Forsyth said: "I am not surprised. We will appeal."',
        "He left.",
        "Ella dijo: «¿Por qué ahora? Bueno.»",
        "¿Y después?",
        "«Bien.»",
        "“Yes. Fine.”",
        "Done.",
    ]
    # A quote mark that nothing closes (an inch mark, a typo) keeps nothing together.
    assert sentences('Lanes 6" wide. The plan removes 40 spaces.') == ['Lanes 6" wide.', "The plan removes 40 spaces."]
    assert sentences('Lee said: "We paint. We wait." Kim said “no. Then.') == [
        'Lee said: "We paint. We wait."', "Kim said “no.", "Then."]


def test_words_typed_on_a_phone_are_read_as_meant():
    """"wat" is a question word and "ppl" is "people"; fillers such as "lol" carry no meaning."""
    from civicqa.language import english
    from civicqa.text import words

    assert words("wat did ppl say lol")[:3] == ["what", "did", "people"]
    assert english.question_type(words("wat was the vote")) == english.question_type(words("what was the vote"))
    assert "lol" not in tokenize("who voted no lol") and "nah" not in tokenize("did it pass or nah")


def test_spanish_text_is_read_with_spanish_rules():
    """Accents folded, Spanish stopwords dropped, Snowball's Spanish stems: "se opusieron" and
    "oposición" are searched without their little words; "287(g)" stays one token."""
    from civicqa.language import spanish

    assert tokenize("¿Quiénes se opusieron al programa 287(g)?", lang=spanish) == ["oponer", "program", "287g"]
    assert tokenize("la oposición y las deportaciones", lang=spanish) == ["oposicion", "deport"]
    assert sentences("El Sr. Leuze habló el 17 de mayo. La reunión terminó tarde.", spanish) == [
        "El Sr. Leuze habló el 17 de mayo.", "La reunión terminó tarde."]


def test_the_quick_test_for_a_count_agrees_with_counting(tmp_path):
    """`has_count` settles most texts without counting: it must say what counting says."""
    import random
    import tomllib
    from pathlib import Path

    from civicqa.language import english, spanish

    root = Path(__file__).resolve().parents[1]
    texts = [e.get("text", "") for f in sorted(root.glob("knowledge/**/*.toml")) + sorted(root.glob("tests/packs/**/*.toml"))
             for e in tomllib.loads(f.read_text(encoding="utf-8")).get("entries", [])]
    rng = random.Random(3)
    texts += ["".join(rng.choice(["Two", "TEN", "often", "thousand", "May 5", "2010", "3 de mayo", "1,100", "dos",
                                  "Cuarta Parte", "mil", "287(g)", "x", "\u0663", "\u00e9", " ", "Question 2", "s 1 and",
                                  "preguntas 3 y", "Measure"]) for _ in range(12))
              for _ in range(3000)]
    assert len(texts) > 3500
    for lang in (english, spanish):
        assert [lang.has_count(t) for t in texts] == [bool(lang.counts(t)) for t in texts], lang.__name__


def test_the_words_of_a_question_are_not_kept_after_the_answer():
    """Each word as written is remembered while packs are built, never from a question: a
    kiosk patron's words must not stay in memory for the next patron's session."""
    from civicqa import text
    from civicqa.cache import load_explainer

    explainer = load_explainer(None)
    explainer.ask("Could my landlord Zbigniew Kowalczyk evict me?")
    assert text._building == {} and text._builds == 0
    with text.remembering():
        text.tokenize("Zbigniew Kowalczyk")
        assert "Kowalczyk" in text._building["civicqa.language.english"].words
    assert text._building == {}
    from civicqa.language import spanish

    assert not hasattr(spanish.stem, "cache_info")  # no memo of Spanish words either


def test_the_words_of_the_packs_that_answers_read_are_kept_but_not_a_questions(monkeypatch):
    """A large pack's titles and sentences are tokenized as answers read them, and what their
    words become is kept for the next answer; a question's words are not among them."""
    from civicqa import tables, text
    from civicqa.answer import Explainer
    from civicqa.knowledge import load_packs

    monkeypatch.setattr(tables, "PRETOKENIZE", 0)  # as for a pack too large to come tokenized
    monkeypatch.setattr(text, "_pack_text", {})
    explainer = Explainer(load_packs(None))
    for question in ("Could my landlord Zbigniew Kowalczyk evict me?", "What is 287(g)?", "Who opposed it?"):
        explainer.ask(question)
    kept = set(text._pack_text["civicqa.language.english"].words)
    assert "Willmar" in kept
    assert not {"Zbigniew", "Kowalczyk", "landlord"} & kept
