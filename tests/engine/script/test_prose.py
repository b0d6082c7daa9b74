"""Prose: paragraphs, narration sentences, and who speaks each quote."""

from __future__ import annotations

from filmstudio.engine.script import Dialogue, Narration, ScriptDocument, parse_script


def _parse(text: str) -> ScriptDocument:
    doc = parse_script(text)
    assert doc.kind == "prose"
    return doc


def _speech(doc: ScriptDocument) -> list[tuple[str, str]]:
    return [
        (e.character, e.text)
        for block in doc.blocks
        for e in block.elements
        if isinstance(e, Dialogue)
    ]


def _narration(doc: ScriptDocument) -> list[str]:
    return [e.text for b in doc.blocks for e in b.elements if isinstance(e, Narration)]


def test_paragraphs_become_blocks_of_sentences() -> None:
    doc = _parse("The wind rose. Boats knocked together.\n\nBy morning the sea was calm again.")
    assert len(doc.blocks) == 2
    assert _narration(doc) == [
        "The wind rose.",
        "Boats knocked together.",
        "By morning the sea was calm again.",
    ]


def test_without_blank_lines_every_line_is_a_paragraph() -> None:
    doc = _parse(
        "Maria walked to the harbour at dawn today.\n"
        "The fishermen were already back with their nets."
    )
    assert len(doc.blocks) == 2


def test_a_short_first_line_is_the_title_and_not_narrated() -> None:
    doc = _parse("The Long Night\n\nThe wind rose over the town.")
    assert doc.title == "The Long Night"
    assert _narration(doc) == ["The wind rose over the town."]


def test_a_first_sentence_is_not_a_title() -> None:
    doc = _parse("The wind rose.\n\nBoats knocked together.")
    assert doc.title is None


def test_english_attribution_after_and_before_the_quote() -> None:
    doc = _parse(
        'Maria opened the door. "You came back," said Maria.\n\n'
        'Tom put down his bag. Tom said, "I never left."'
    )
    assert _speech(doc) == [("Maria", "You came back."), ("Tom", "I never left.")]
    assert "said Maria" not in " ".join(_narration(doc))
    assert _narration(doc) == ["Maria opened the door.", "Tom put down his bag."]


def test_pronoun_attribution_points_at_the_last_person_of_that_gender() -> None:
    doc = _parse(
        "Maria and her brother Tom waited on the pier. She checked her watch twice.\n\n"
        '"The boat is late," she said.\n\n"It always is," he answered.'
    )
    assert _speech(doc) == [("Maria", "The boat is late."), ("Tom", "It always is.")]


def test_quote_in_a_paragraph_about_one_person_is_theirs() -> None:
    doc = _parse('"I know," Elias whispered. "The old motor is tired."')
    assert _speech(doc) == [("Elias", "I know."), ("Elias", "The old motor is tired.")]
    (first, second) = [e for e in doc.blocks[0].elements if isinstance(e, Dialogue)]
    assert first.manner == "Elias whispered." and second.manner is None


def test_unclear_quotes_stay_with_the_narrator() -> None:
    doc = _parse('Maria stopped. The sign on the door said "Closed" in red letters.')
    assert _speech(doc) == []
    assert _narration(doc) == [
        "Maria stopped.",
        'The sign on the door said "Closed" in red letters.',
    ]


def test_spanish_dash_dialogue_with_dijo() -> None:
    doc = _parse(
        "Ana llegó al puerto con su abuelo.\n\n"
        "—¿Vienes? —preguntó Ana—. Ya es tarde.\n\n"
        "—Ya voy —dijo él en voz baja."
    )
    speech = _speech(doc)
    assert speech[0] == ("Ana", "¿Vienes?")
    assert speech[1] == ("Ana", "Ya es tarde.")
    assert speech[2][1] == "Ya voy."


def test_spanish_attribution_names_the_speaker() -> None:
    doc = _parse('María miró el mar.\n\n"Hace frío", dijo María.')
    assert _speech(doc) == [("María", "Hace frío.")]


def test_french_guillemets_with_inverted_attribution() -> None:
    doc = _parse(
        "Léa entre dans le café. Paul lève les yeux.\n\n"
        "« Un chocolat, s'il vous plaît », dit-elle.\n\n"
        "« Tout de suite », répond Paul en souriant."
    )
    assert _speech(doc) == [("Léa", "Un chocolat, s'il vous plaît."), ("Paul", "Tout de suite.")]


def test_hindi_attribution_with_ne_kaha_and_bola() -> None:
    doc = _parse('सीता ने कहा, "मैं कल आऊँगी।"\n\n"ठीक है," राम बोला।')
    assert _speech(doc) == [("सीता", "मैं कल आऊँगी।"), ("राम", "ठीक है.")]
    raam = doc.person("राम")
    assert raam is not None and raam.gender == "male"


def test_speech_verb_alone_means_the_last_person_mentioned() -> None:
    doc = _parse(
        "Don Julián abre su tienda al fondo de la plaza.\n\n"
        "—Cada reloj guarda una historia —dice en voz baja."
    )
    assert _speech(doc) == [("Don Julián", "Cada reloj guarda una historia.")]
    (line,) = [e for e in doc.blocks[1].elements if isinstance(e, Dialogue)]
    assert line.manner == "dice en voz baja."


def test_hindi_speakers_found_by_word_order_and_gender_not_from_ne_verbs() -> None:
    doc = _parse(
        "छोटी मीरा अपनी दादी के साथ बरामदे में बैठी थी।\n\n"
        '"दादी, बादल क्यों गरजते हैं?" मीरा ने पूछा।\n\n'
        'दादी मुस्कुराई और बोली, "बादल भी गाना गाते हैं, बेटी।"'
    )
    assert [name for name, _ in _speech(doc)] == ["मीरा", "दादी"]
    meera, daadi = doc.person("मीरा"), doc.person("दादी")
    assert meera is not None and (meera.gender, meera.age) == ("female", "child")
    assert daadi is not None and (daadi.gender, daadi.age) == ("female", "elder")
