"""Fountain screenplay features, one test each, parsed through the public parse_script."""

from __future__ import annotations

from filmstudio.engine.plan import NARRATOR
from filmstudio.engine.script import (
    Action,
    Dialogue,
    SceneBlock,
    ScriptDocument,
    Transition,
    VerseLine,
    count_words,
    parse_script,
)

SCENE = """EXT. PIER - NIGHT

Fog rolls over the water.

ANA
(whispering)
Did you hear that?
"""


def _parse(text: str) -> ScriptDocument:
    doc = parse_script(text)
    assert doc.kind == "screenplay"
    return doc


def _elements(doc: ScriptDocument) -> list[object]:
    return [element for block in doc.blocks for element in block.elements]


def _dialogue(doc: ScriptDocument) -> list[Dialogue]:
    return [e for e in _elements(doc) if isinstance(e, Dialogue)]


def test_title_page_gives_the_title_and_is_not_spoken() -> None:
    doc = _parse(
        "Title: _**Night Pier**_\nCredit: Written by\nAuthor: Ana Ruiz\nDraft date: 1/2/2025\n\n"
        + SCENE
    )
    assert doc.title == "Night Pier"
    assert ("Author", "Ana Ruiz") in doc.title_page
    assert not any("Ana Ruiz" in getattr(e, "text", "") for e in _elements(doc))


def test_title_page_values_may_continue_on_indented_lines() -> None:
    doc = _parse("Title:\n    The Long\n    Night\nAuthor: Me\n\n" + SCENE)
    assert doc.title == "The Long Night"


def test_scene_headings_start_blocks_with_their_setting() -> None:
    doc = _parse(SCENE + "\nINT. KITCHEN - DAY\n\nShe boils water.\n\nEST. CITY\n\nLights.\n")
    assert [b.heading for b in doc.blocks] == [
        "EXT. PIER - NIGHT",
        "INT. KITCHEN - DAY",
        "EST. CITY",
    ]
    pier, kitchen, city = doc.blocks
    assert (pier.interior, pier.location, pier.time_hint) == (False, "PIER", "NIGHT")
    assert (kitchen.interior, kitchen.location, kitchen.time_hint) == (True, "KITCHEN", "DAY")
    assert (city.interior, city.location, city.time_hint) == (False, "CITY", "")


def test_int_ext_and_i_e_headings_and_scene_numbers() -> None:
    doc = _parse("INT./EXT. CAR - MOVING #12A#\n\nRain.\n\nI/E BOAT - DAWN\n\nWaves.\n")
    assert [b.heading for b in doc.blocks] == ["INT./EXT. CAR - MOVING", "I/E BOAT - DAWN"]
    assert doc.blocks[1].time_hint == "DAWN"


def test_forced_scene_heading_with_a_leading_dot() -> None:
    doc = _parse(".THE LIGHTHOUSE STAIRS - NIGHT\n\nShe climbs.\n\nMAYA\nAlmost there.\n")
    block = doc.blocks[0]
    assert block.heading == "THE LIGHTHOUSE STAIRS - NIGHT"
    assert (block.interior, block.location, block.time_hint) == (
        None,
        "THE LIGHTHOUSE STAIRS",
        "NIGHT",
    )


def test_action_paragraphs_keep_their_lines_and_forced_action_drops_the_bang() -> None:
    doc = _parse(SCENE + "\nThe boards creak.\nA gull cries.\n\n!SUDDENLY A BELL RINGS\n")
    actions = [e.text for e in _elements(doc) if isinstance(e, Action)]
    assert actions == [
        "Fog rolls over the water.",
        "The boards creak.\nA gull cries.",
        "SUDDENLY A BELL RINGS",
    ]


def test_character_cue_parenthetical_and_dialogue() -> None:
    (line,) = _dialogue(_parse(SCENE))
    assert line == Dialogue("Ana", "Did you hear that?", "whispering", None, False)


def test_character_extensions_are_kept() -> None:
    doc = _parse(
        SCENE
        + "\nTOMÁS (V.O.)\nI heard it.\n\nANA (CONT'D)\nThere it is again.\n\nTOMÁS (O.S.)\nRun!\n"
    )
    lines = _dialogue(doc)
    assert [(d.character, d.extension) for d in lines[1:]] == [
        ("Tomás", "V.O."),
        ("Ana", "CONT'D"),
        ("Tomás", "O.S."),
    ]


def test_forced_character_with_at_sign_keeps_its_case() -> None:
    doc = _parse(SCENE + "\n@McCoy\nI'm a doctor.\n")
    assert _dialogue(doc)[-1].character == "McCoy"


def test_dual_dialogue_caret_marks_the_second_speaker() -> None:
    doc = _parse(SCENE + "\nBRICK\nScrew retirement.\n\nSTEEL ^\nScrew retirement.\n")
    brick, steel = _dialogue(doc)[-2:]
    assert (brick.character, brick.dual) == ("Brick", False)
    assert (steel.character, steel.dual) == ("Steel", True)


def test_parentheticals_split_a_speech_into_pieces() -> None:
    doc = _parse(SCENE + "\nTOMÁS\n(laughing)\nIt was the wind.\n(beat)\nProbably.\n")
    pieces = _dialogue(doc)[-2:]
    assert [(d.parenthetical, d.text) for d in pieces] == [
        ("laughing", "It was the wind."),
        ("beat", "Probably."),
    ]


def test_transitions_ending_in_to_fade_and_forced() -> None:
    doc = _parse(
        "FADE IN:\n\n"
        + SCENE
        + "\nCUT TO:\n\nINT. HUT - NIGHT\n\nA candle.\n\n> BURN TO WHITE.\n\nFADE OUT.\n"
    )
    transitions = [e.text for e in _elements(doc) if isinstance(e, Transition)]
    assert transitions == ["FADE IN:", "CUT TO:", "BURN TO WHITE.", "FADE OUT."]
    assert all(isinstance(b, SceneBlock) for b in doc.blocks) and len(doc.blocks) == 2


def test_centered_text_is_centered_action() -> None:
    doc = _parse(SCENE + "\n>THE END<\n")
    last = _elements(doc)[-1]
    assert last == Action("THE END", centered=True)


def test_notes_and_boneyard_are_removed_and_not_counted() -> None:
    text = (
        SCENE
        + "\nThe water [[make it darker]] goes still.\n\n"
        + "/* CUT THIS\n\nTOMÁS\nGone.\n*/\n\n[[a note on its own line]]\n"
    )
    doc = _parse(text)
    assert [e.text for e in _elements(doc) if isinstance(e, Action)][-1] == "The water goes still."
    assert len(_dialogue(doc)) == 1
    assert doc.word_count == count_words(text) == count_words(SCENE + "\nThe water goes still.\n")


def test_sections_synopses_and_page_breaks_are_not_printed() -> None:
    text = (
        "# ACT ONE\n\n= Ana hears something.\n\n" + SCENE + "\n===\n\n## The chase\n\nShe runs.\n"
    )
    doc = _parse(text)
    texts = [getattr(e, "text", "") for e in _elements(doc)]
    assert "She runs." in texts
    assert not any(
        "ACT ONE" in t or "hears something" in t or "chase" in t or "===" in t for t in texts
    )
    assert doc.word_count == count_words(SCENE + "\nShe runs.\n") + 2  # "# ACT ONE" opens it


def test_lyrics_become_verse_lines() -> None:
    doc = _parse(SCENE + "\n~Row, row, row your boat\n")
    assert VerseLine("Row, row, row your boat", "en") in _elements(doc)


def test_emphasis_markup_is_removed() -> None:
    doc = _parse(SCENE + "\nShe is *very* **sure** it was _nothing_.\n")
    assert _elements(doc)[-1] == Action("She is very sure it was nothing.")


def test_narrator_cue_is_the_narrator() -> None:
    doc = _parse(SCENE + "\nNARRATOR (V.O.)\nShe had heard it before.\n")
    assert _dialogue(doc)[-1].character == NARRATOR
    assert all(p.name != NARRATOR for p in doc.people)


def test_two_cues_without_headings_are_a_screenplay() -> None:
    doc = parse_script("MAYA\nIs it late?\n\nLEO\nVery.\n")
    assert doc.kind == "screenplay"
    assert [d.character for d in _dialogue(doc)] == ["Maya", "Leo"]
