"""Actions, props, expressions and roles planned from the words, in en, es, fr and hi."""

from __future__ import annotations

from pathlib import Path

import pytest

from filmstudio.engine.plan import ACTION_VERBS, FilmPlan, Scene
from filmstudio.engine.planning import make_plan
from filmstudio.engine.planning.lexicon.acting import ACTION_WORDS, PROP_WORDS
from filmstudio.engine.request import FilmRequest
from filmstudio.engine.script.text import tokens

SPANISH = (
    "Un anciano cruza la plaza con un pan bajo el brazo, saluda a su vecina y se sienta "
    "junto a la fuente."
)
FRENCH = (
    "Au lever du soleil, une vieille pêcheuse sort de sa cabane avec une lanterne et un "
    "panier. Elle marche jusqu'au port, s'agenouille près de sa barque et prie. Son petit-fils "
    "Léo arrive en courant et lui donne une lettre. Elle lit la lettre, sourit puis pleure. "
    "Léo montre la mer du doigt et rit. Ensemble, ils poussent la barque et dansent sur le quai."
)
HINDI = (
    "सुबह एक बूढ़ा पुजारी हाथ में दीया लिए मंदिर में प्रवेश करता है। वह घुटनों के बल बैठकर "
    "प्रार्थना करता है। एक छोटी लड़की फूल लेकर दौड़ती हुई आती है और पुजारी को फूल देती है। "
    "पुजारी मुस्कुराता है और सिर हिलाकर हामी भरता है। फिर लड़की नाचती है और हँसती है। "
    "बाहर एक सैनिक खड़ा है और आकाश को देखता है।"
)
ENGLISH = (
    "Maya walks into the kitchen holding a letter. She sits at the table and cries. "
    "Arun runs in, hugs her and gives her a cup of tea. Maya looks at him and laughs. "
    "Then he kneels, points at the guitar on the wall and takes it. They dance."
)


def _plan(text: str) -> FilmPlan:
    return make_plan(text, FilmRequest(script=text, duration=30))


def _actions(plan: FilmPlan) -> set[tuple[str, str, str | None]]:
    return {(a.who, a.action, a.target) for s in plan.scenes for a in s.actions}


def _props(plan: FilmPlan) -> set[tuple[str, str | None]]:
    return {(p.name, p.holder) for s in plan.scenes for p in s.props}


def test_the_spanish_old_man_walks_waves_sits_and_holds_his_bread() -> None:
    plan = _plan(SPANISH)
    assert _actions(plan) >= {
        ("Anciano", "walk", None),
        ("Anciano", "wave", "Vecina"),
        ("Anciano", "sit", None),
    }
    assert ("bread", "Anciano") in _props(plan)
    assert plan.scenes[0].setting.place == "village"  # "la plaza ... la fuente"
    old = plan.character("Anciano")
    assert old is not None and (old.gender, old.age) == ("male", "elder")
    assert plan.scenes[0].characters == ["Anciano", "Vecina"]


def test_a_french_fisherwoman_and_her_grandson() -> None:
    plan = _plan(FRENCH)
    woman = "Vieille pêcheuse"
    fisher = plan.character(woman)
    assert fisher is not None and (fisher.role, fisher.age, fisher.gender) == (
        "fisherwoman",
        "elder",
        "female",
    )
    actions = _actions(plan)
    assert {(who, verb) for who, verb, _ in actions} >= {
        (woman, "exit"),
        (woman, "walk"),
        (woman, "kneel"),
        (woman, "pray"),
        (woman, "cry"),  # "Elle ... pleure": she, not Léo who was named last
        ("Léo", "enter"),
        ("Léo", "give"),
        ("Léo", "point"),
        ("Léo", "laugh"),
        ("Léo", "dance"),
        (woman, "dance"),  # "Ensemble, ils ... dansent"
    }
    assert {name for name, _ in _props(plan)} >= {"lantern", "basket", "boat", "letter"}
    assert ("lantern", woman) in _props(plan)
    faces = [(e.who, e.expression) for s in plan.scenes for e in s.expressions]
    assert (woman, "happy") in faces and (woman, "sad") in faces


def test_a_hindi_priest_a_girl_and_a_soldier() -> None:
    plan = _plan(HINDI)
    priest, girl, soldier = "पुजारी", "लड़की", "सैनिक"
    assert [(c.name, c.role, c.age) for c in plan.characters] == [
        (priest, "priest", "elder"),  # "एक बूढ़ा पुजारी"
        (girl, "child", "child"),
        (soldier, "soldier", "adult"),
    ]
    assert _actions(plan) >= {
        (priest, "enter", None),
        (priest, "kneel", None),
        (priest, "pray", None),
        (girl, "run", None),
        (girl, "give", priest),  # "पुजारी को फूल देती है": the object comes before the verb
        (priest, "nod", None),
        (girl, "dance", None),
        (girl, "laugh", None),
        (soldier, "stand", None),
        (soldier, "look", None),
    }
    assert _props(plan) >= {("diya", priest), ("flower", girl)}
    assert all(line.effect == "echo" for s in plan.scenes for line in s.dialogue)  # a temple


def test_english_names_pronouns_targets_and_they() -> None:
    plan = _plan(ENGLISH)
    actions = _actions(plan)
    assert actions >= {
        ("Maya", "walk", None),
        ("Maya", "sit", None),
        ("Maya", "cry", None),
        ("Arun", "run", None),
        ("Arun", "embrace", "Maya"),  # "hugs her": the one other person in the scene
        ("Arun", "give", "Maya"),
        ("Maya", "look", "Arun"),  # "looks at him"
        ("Maya", "laugh", None),
        ("Arun", "kneel", None),
        ("Arun", "point", "guitar"),
        ("Arun", "take", None),
        ("Maya", "dance", None),
        ("Arun", "dance", None),
    }
    assert {("letter", "Maya"), ("cup", "Arun"), ("guitar", None)} <= _props(plan)


def test_actions_name_the_line_that_triggers_them() -> None:
    plan = _plan(ENGLISH)
    for scene in plan.scenes:
        for action in scene.actions:
            assert action.line is not None
            assert action.who in scene.characters


def test_a_parenthetical_makes_the_speaker_act_and_the_emotion_shows() -> None:
    script = "INT. KITCHEN - NIGHT\n\nMAYA\n(laughing, kneeling)\nLook at this!\n"
    scene: Scene = _plan(script).scenes[0]
    assert {(a.who, a.action, a.line) for a in scene.actions} == {
        ("Maya", "laugh", 0),
        ("Maya", "kneel", 0),
    }
    assert [(e.who, e.expression) for e in scene.expressions] == [("Maya", "happy")]


#: One way of saying each verb in English, Spanish, French and Hindi.
SAYINGS: dict[str, tuple[str, str, str, str]] = {
    "enter": ("she enters the room", "entra en la casa", "il entre dans la maison", "वह अंदर आई"),
    "exit": ("he walks away", "se va de la casa", "elle quitte la pièce", "वह चली गई"),
    "walk": ("she walks home", "camina por la calle", "il marche vers le port", "वह टहलती है"),
    "run": ("he runs", "corre hacia el mar", "elle court", "वह दौड़ता है"),
    "sit": ("she sits down", "se sienta", "il s'assoit", "वह बैठ गई"),
    "stand": ("he stands up", "se levanta", "elle se lève", "वह खड़ा है"),
    "wave": ("she waves", "saluda con la mano", "il salue", "वह हाथ हिलाती है"),
    "embrace": ("they hug", "se abrazan", "elle l'étreint", "वे गले मिलते हैं"),
    "point": ("he points at the sea", "señala el mar", "elle montre la mer", "वह इशारा करता है"),
    "give": ("she gives him bread", "le da pan", "il lui donne du pain", "वह उसे रोटी देती है"),
    "take": ("he takes the lamp", "toma la lámpara", "elle prend la lampe", "वह दीया उठाता है"),
    "hold": ("she holds a cup", "sostiene una taza", "il tient une tasse", "वह कप पकड़ती है"),
    "kneel": ("he kneels", "se arrodilla", "elle s'agenouille", "वह घुटनों के बल बैठता है"),
    "pray": ("she prays", "reza", "il prie", "वह प्रार्थना करती है"),
    "cry": ("he cries", "llora", "elle pleure", "वह रोने लगी"),
    "laugh": ("she laughs", "se ríe", "il rit", "वह हँसती है"),
    "dance": ("they dance", "bailan", "elles dansent", "वे नाचते हैं"),
    "look": ("he looks at the sky", "mira el cielo", "elle regarde le ciel", "वह आकाश देखता है"),
    "nod": ("she nods", "asiente", "il hoche la tête", "वह हामी भरता है"),
    "shake_head": (
        "he shakes his head",
        "niega con la cabeza",
        "elle secoue la tête",
        "वह इनकार करती है",
    ),
    "turn_away": ("she turns away", "le da la espalda", "il se détourne", "वह मुँह फेर लेता है"),
}


def test_every_action_verb_is_said_in_every_language() -> None:
    assert set(SAYINGS) == set(ACTION_VERBS)


@pytest.mark.parametrize(("verb", "sayings"), list(SAYINGS.items()))
def test_each_verb_is_found_in_four_languages(verb: str, sayings: tuple[str, ...]) -> None:
    for text in sayings:
        assert verb in [hit.label for hit in ACTION_WORDS.hits(tokens(text))], text


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("se sienta", "sit"),
        ("il s'assoit", "sit"),
        ("वह बैठ गई", "sit"),
        ("corre", "run"),
        ("elle court", "run"),
        ("दौड़ता है", "run"),
        ("abraza a su hija", "embrace"),
        ("il l'étreint", "embrace"),
        ("गले लगाती है", "embrace"),
        ("llora", "cry"),
        ("elle pleure", "cry"),
        ("रोने लगी", "cry"),
        ("se arrodilla", "kneel"),
        ("il s'agenouille", "kneel"),
        ("se va", "exit"),
        ("चली गई", "exit"),
        ("turns away", "turn_away"),
        ("se détourne", "turn_away"),
        ("shakes his head", "shake_head"),
        ("secoue la tête", "shake_head"),
        ("nods", "nod"),
        ("asiente", "nod"),
    ],
)
def test_verbs_in_four_languages(text: str, verb: str) -> None:
    assert ACTION_WORDS.first(tokens(text)) == verb


@pytest.mark.parametrize(
    ("text", "prop"),
    [
        ("un paraguas", "umbrella"),
        ("un parapluie", "umbrella"),
        ("छाता", "umbrella"),
        ("la guitarra", "guitar"),
        ("une lettre", "letter"),
        ("दीया", "diya"),
        ("un panier", "basket"),
        ("las redes", "net"),
        ("an old lantern", "lantern"),
        ("तलवार", "sword"),
    ],
)
def test_props_in_four_languages(text: str, prop: str) -> None:
    assert PROP_WORDS.first(tokens(text)) == prop


def test_common_words_are_not_actions_or_props() -> None:
    """Words that look like verbs or props but are not ("dans" is "in", "red" a colour)."""
    for text in ("il est dans la maison", "a red door", "the leaves are green", "entre nous"):
        assert ACTION_WORDS.hits(tokens(text)) == []
    assert PROP_WORDS.hits(tokens("a red door")) == []


def test_sanskrit_verse_names_its_lamps_and_lotuses() -> None:
    """Sanskrit inflects its nouns: दीपः, दीपम्, पद्मानि all find their prop."""
    assert PROP_WORDS.first(tokens("दीपम्")) == "diya"
    assert PROP_WORDS.first(tokens("पद्मानि")) == "flower"
    assert PROP_WORDS.first(tokens("शङ्खम्")) == "conch"
    verse = (
        "शुभं करोति कल्याणमारोग्यं धनसम्पदः ।\nशत्रुबुद्धिविनाशाय दीपज्योतिर्नमोऽस्तु ते ॥\n"
        "दीपज्योतिः परब्रह्म दीपज्योतिर्जनार्दनः ।\nदीपो हरतु मे पापं दीपज्योतिर्नमोऽस्तु ते ॥"
    )
    plan = _plan(verse)
    assert "diya" in {name for name, _ in _props(plan)}
    assert any(s.kind == "insert" and s.subject == "diya" for sc in plan.scenes for s in sc.shots)


@pytest.mark.parametrize(
    ("text", "faces"),
    [
        (
            "Nora trembles in the dark. Elias frowns at the sea. Nora gasps, then she wonders "
            "where the boat is.",
            [("Nora", "afraid"), ("Elias", "angry"), ("Nora", "surprised"), ("Nora", "thoughtful")],
        ),
        ("Sofía tiembla de miedo. Luego sonríe.", [("Sofía", "afraid"), ("Sofía", "happy")]),
        (
            "Pierre fronce les sourcils et réfléchit.",
            [("Pierre", "angry"), ("Pierre", "thoughtful")],
        ),
        ("राधा उदास है। फिर राधा मुस्कुराती है।", [("राधा", "sad"), ("राधा", "happy")]),
    ],
)
def test_faces_change_as_the_words_say(text: str, faces: list[tuple[str, str]]) -> None:
    plan = _plan(text)
    assert [(e.who, e.expression) for s in plan.scenes for e in s.expressions] == faces


def test_a_gift_goes_to_the_one_other_person_and_starts_in_the_givers_hand() -> None:
    plan = _plan("La vecina ve al anciano. Ella sonríe y le da una flor.")
    actions = _actions(plan)
    assert ("Vecina", "give", "Anciano") in actions
    assert ("flower", "Vecina") in _props(plan)


def test_named_children_and_elders_without_a_trade_are_dressed_as_such() -> None:
    text = (Path(__file__).parents[3] / "examples" / "lighthouse-keeper.txt").read_text("utf-8")
    plan = _plan(text)
    assert {(c.name, c.role) for c in plan.characters} == {("Elias", "elder"), ("Nora", "child")}


def test_a_prose_attribution_makes_the_speaker_act() -> None:
    text = (
        'Nora ran to the window. "Look!" Nora cried, pointing at the sea. "A boat!" '
        '"Ya voy," dijo Elias, arrodillándose junto al fuego.'
    )
    actions = {(who, verb) for who, verb, _ in _actions(_plan(text))}
    assert {("Nora", "run"), ("Nora", "point"), ("Elias", "kneel")} <= actions
