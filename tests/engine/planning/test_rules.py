"""The rule-based planner: plan fields, characters, lines, moods, shots and scene counts."""

from __future__ import annotations

import pytest

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import NARRATOR, FilmPlan
from filmstudio.engine.planning import RuleBasedPlanner, make_plan
from filmstudio.engine.planning.sizing import scene_bounds
from filmstudio.engine.request import FilmRequest
from filmstudio.engine.script import parse_script

SCREENPLAY = """Title: The Pier

EXT. PIER - NIGHT

Fog rolls over the black water. LENA, an old woman in a yellow coat, waits at the end of the pier.

LENA
(whispering)
He should be here by now.

A boy, MATEO (10), runs up the boards with a lantern.

MATEO
(shouting)
Grandma! The boat is back!

LENA
Thank God.

INT. LENA'S HOUSE - NIGHT

A warm room. The kettle sings on the stove.

MATEO
(laughing)
He brought a whole basket of fish!
"""


def _plan(text: str, **request: object) -> FilmPlan:
    return make_plan(text, FilmRequest.model_validate({"script": text, **request}))


def test_plan_fields_come_from_the_request() -> None:
    plan = _plan(
        SCREENPLAY,
        duration=45,
        style="watercolor",
        music="piano",
        narrator_voice="narrator-male",
        quality="1080p",
        watermark=True,
        seed=7,
    )
    assert (plan.style, plan.music, plan.narrator_voice, plan.quality) == (
        "watercolor",
        "piano",
        "narrator-male",
        "1080p",
    )
    assert (plan.target_duration, plan.watermark, plan.seed) == (45, True, 7)
    assert (plan.kind, plan.language, plan.title) == ("screenplay", "en", "The Pier")
    assert all(scene.duration == 0 for scene in plan.scenes)
    assert [s.scene_number for s in plan.scenes] == list(range(1, len(plan.scenes) + 1))


def test_title_comes_from_the_request_then_the_script_then_its_first_words() -> None:
    assert _plan(SCREENPLAY, title="My Film").title == "My Film"
    assert _plan("The wind rose over the sleeping town, and nobody noticed.").title == (
        "The wind rose over the sleeping"
    )


def test_requested_language_overrides_detection_and_is_validated() -> None:
    plan = _plan("The wind rose over the town at night.", language="es")
    assert plan.language == "es"
    assert {line.language for s in plan.scenes for line in s.dialogue} == {"es"}
    with pytest.raises(ChoiceError) as caught:
        _plan("The wind rose.", language="xx")
    assert caught.value.message == "Unsupported language 'xx'. Choose one of: en, es, fr, hi, sa."


def test_characters_have_gender_age_description_and_no_voice_yet() -> None:
    plan = _plan(SCREENPLAY)
    lena, mateo = plan.characters
    assert (lena.name, lena.gender, lena.age, lena.voice) == ("Lena", "female", "elder", "")
    assert "yellow coat" in lena.description
    assert (mateo.name, mateo.gender, mateo.age) == ("Mateo", "male", "child")


def test_screenplay_lines_narrate_action_and_keep_parentheticals() -> None:
    plan = _plan(SCREENPLAY)
    lines = [line for scene in plan.scenes for line in scene.dialogue]
    first = lines[0]
    assert first.speaker == NARRATOR and first.text.startswith("Fog rolls over the black water.")
    spoken = [
        (line.speaker, line.emotion, line.delivery, line.parenthetical)
        for line in lines
        if line.speaker != NARRATOR
    ]
    assert spoken == [
        ("Lena", "neutral", "whisper", "whispering"),
        ("Mateo", "excited", "shout", "shouting"),
        ("Lena", "neutral", "normal", None),
        ("Mateo", "excited", "normal", "laughing"),
    ]


def test_action_is_narrated_in_full() -> None:
    plan = _plan(SCREENPLAY)
    narrated = " ".join(
        line.text for s in plan.scenes for line in s.dialogue if line.speaker == NARRATOR
    )
    for sentence in ("Fog rolls over the black water.", "The kettle sings on the stove."):
        assert sentence in narrated


def test_prose_narration_is_grouped_and_quotes_are_spoken() -> None:
    text = (
        "Ana climbed the hill above the village. The wind pulled at her scarf. "
        "Below her the river shone. She sat on a rock and waited for the bus to the city.\n\n"
        '"Are you lost?" asked a voice. Ana turned around.\n\n'
        '"No," she whispered. "I am home."'
    )
    plan = _plan(text)
    lines = [line for scene in plan.scenes for line in scene.dialogue]
    assert lines[0].speaker == NARRATOR and lines[0].text.startswith("Ana climbed the hill")
    assert all(len(line.text.split()) <= 30 for line in lines if line.speaker == NARRATOR)
    assert ("Ana", "No.", "whisper") in [(line.speaker, line.text, line.delivery) for line in lines]


def test_verse_lines_are_recited_in_their_own_language() -> None:
    text = (
        "कर्मण्येवाधिकारस्ते मा फलेषु कदाचन ।\nमा कर्मफलहेतुर्भूर्मा ते सङ्गोऽस्त्वकर्मणि ॥\n\n"
        "You have a right to your work alone,\nnever to the fruits of your work."
    )
    plan = _plan(text)
    lines = [line for scene in plan.scenes for line in scene.dialogue]
    assert [(line.language, line.delivery) for line in lines] == [("sa", "recite")] * 2 + [
        ("en", "recite")
    ] * 2
    assert plan.language == "sa"
    assert {scene.mood for scene in plan.scenes} == {"devotional"}


@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("The storm broke over the sea and the waves smashed the boats in the dark.", "tense"),
        ("She cried alone by the grave, her tears falling on the cold stone.", "sad"),
        ("The children laughed and danced at the village festival all day.", "joyful"),
        ("He kissed her hand and told her that he loved her with all his heart.", "romantic"),
        ("The army marched to battle, and the hero raised his sword over the vast plain.", "epic"),
        ("A strange shadow moved behind the door; nobody knew its secret.", "mysterious"),
        ("After the long winter, new green leaves promised hope for tomorrow.", "hopeful"),
        ("The lake lay still and quiet, and the boats rested in peace.", "calm"),
        ("They prayed in the temple, and the sacred bells rang for God.", "devotional"),
    ],
)
def test_moods_from_words(text: str, mood: str) -> None:
    assert _plan(text).scenes[0].mood == mood


def test_mood_carries_over_when_a_scene_says_nothing() -> None:
    text = (
        "The children laughed and danced at the festival in the square.\n\n"
        "Then they walked together down the long road to the river."
    )
    assert [s.mood for s in _plan(text).scenes] == ["joyful", "joyful"]


def test_shot_types_follow_who_is_talking() -> None:
    text = (
        "EXT. FIELD - DAY\n\nWheat moves in the wind as far as the eye can see.\n\n"
        "EXT. ROAD - DAY\n\nA tractor waits by the gate near the farmhouse.\n\n"
        "EXT. GATE - DAY\n\nANNA\nWhere were you?\n\nPAUL\nIn town.\n\n"
        "EXT. BARN - DAY\n\nANNA\n(angrily)\nYou promised me!\n\n"
        "EXT. YARD - DAY\n\nPAUL\nI know what I said.\n\n"
        "EXT. HILL - DAY\n\nAnna walks up the hill alone while the sun goes down.\n"
    )
    shots = [s.shot_type for s in _plan(text, duration=60).scenes]
    assert shots == ["establishing", "wide", "over-the-shoulder", "close-up", "medium", "medium"]


@pytest.mark.parametrize(
    ("duration", "fewest", "most"), [(30, 2, 5), (60, 4, 10), (90, 6, 15), (300, 20, 20)]
)
def test_scene_bounds_are_six_to_fifteen_seconds_each(
    duration: float, fewest: int, most: int
) -> None:
    assert scene_bounds(duration) == (fewest, most)


def test_many_blocks_are_merged_down_to_the_most_scenes() -> None:
    text = "\n\n".join(f"Paragraph {i} tells of the long road and the river." for i in range(30))
    plan = _plan(text, duration=30)
    assert len(plan.scenes) == 5
    assert sum(len(s.dialogue) for s in plan.scenes) >= 5


def test_few_blocks_are_split_up_to_the_fewest_scenes() -> None:
    text = " ".join(f"Sentence number {i} walks along the quiet river bank." for i in range(12))
    plan = _plan(text, duration=60)
    assert len(plan.scenes) == 4
    narrated = " ".join(line.text for s in plan.scenes for line in s.dialogue)
    assert narrated.count("Sentence number") == 12


def test_tiny_paragraphs_join_a_neighbour() -> None:
    text = (
        "The boat left the harbour early in the morning with six men on board.\n\n"
        "Silence.\n\n"
        "By noon they were far out at sea, and the land was a thin grey line.\n\n"
        "Then the wind changed, and the old captain turned the boat for home.\n\n"
        "They reached the harbour at dusk, tired and happy, with a full catch."
    )
    plan = _plan(text, duration=30)
    assert len(plan.scenes) == 4
    assert (
        "Silence." in plan.scenes[0].dialogue[-1].text
        or "Silence." in plan.scenes[1].dialogue[0].text
    )


def test_one_sentence_makes_one_scene() -> None:
    plan = _plan("A single candle burned.", duration=60)
    assert len(plan.scenes) == 1 and plan.scenes[0].shot_type == "establishing"


def test_planner_is_deterministic_and_takes_a_parsed_document() -> None:
    request = FilmRequest(script=SCREENPLAY)
    doc = parse_script(SCREENPLAY)
    assert RuleBasedPlanner().plan(doc, request) == RuleBasedPlanner().plan(doc, request)


def test_scene_characters_include_speakers_and_people_named() -> None:
    plan = _plan(SCREENPLAY)
    assert plan.scenes[0].characters == ["Lena"]
    assert sorted(plan.scenes[1].characters) == ["Lena", "Mateo"]
    assert plan.scenes[-1].characters == ["Mateo"]


def test_oaths_are_not_devotional() -> None:
    plan = _plan("LENA\nThank God you are here.\n\nMATEO\nOh God, the boat!\n")
    assert plan.scenes[0].mood != "devotional"


def test_scene_description_is_the_first_action() -> None:
    plan = _plan(SCREENPLAY)
    assert plan.scenes[0].description.startswith("Fog rolls over the black water.")


def test_screenplay_capitals_and_ages_are_not_read_aloud() -> None:
    plan = _plan(SCREENPLAY)
    narrated = [line.text for s in plan.scenes for line in s.dialogue if line.speaker == NARRATOR]
    assert "A boy, Mateo, runs up the boards with a lantern." in narrated
    assert any("Lena, an old woman in a yellow coat" in line for line in narrated)
    assert plan.scenes[0].description.startswith("Fog rolls over the black water. Lena, an old")


def test_they_brings_the_last_two_people_into_the_scene() -> None:
    text = (
        "Maria met her brother Tom at the station in the city.\n\n"
        "Nobody said a word.\n\n"
        "They walked home together through the quiet streets."
    )
    plan = _plan(text, duration=30)
    assert sorted(plan.scenes[-1].characters) == ["Maria", "Tom"]


def test_a_sloka_can_be_recited_without_its_translations() -> None:
    from pathlib import Path

    gita = (Path(__file__).resolve().parents[3] / "examples" / "gita-2-47.txt").read_text()
    both = make_plan(gita, FilmRequest(script=gita, duration=60), RuleBasedPlanner())
    alone = make_plan(
        gita,
        FilmRequest(script=gita, duration=60, recite_translation=False),
        RuleBasedPlanner(),
    )
    languages = {line.language for s in both.scenes for line in s.dialogue}
    assert {"sa", "hi", "en"} <= languages  # the sloka, then its translations
    assert {line.language for s in alone.scenes for line in s.dialogue} == {"sa"}
    first = [line.text for line in alone.scenes[0].dialogue]
    assert first[0].startswith("कर्मण्येवाधिकारस्ते")
