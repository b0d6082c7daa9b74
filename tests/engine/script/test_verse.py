"""Verse: stanzas of short lines, slokas and their translations."""

from __future__ import annotations

from filmstudio.engine.script import VerseLine, parse_script

POEM = """Night Harbour

The boats sleep in a row,
their lanterns low,
the water hums below.

A gull turns in the dark,
the lighthouse lends a spark,
and morning leaves its mark.
"""

SLOKA = """धर्मक्षेत्रे कुरुक्षेत्रे समवेता युयुत्सवः । मामकाः पाण्डवाश्चैव किमकुर्वत सञ्जय ॥ १ ॥

धर्मभूमि कुरुक्षेत्र में युद्ध की इच्छा से इकट्ठे हुए
मेरे और पाण्डु के पुत्रों ने क्या किया, हे संजय?

On the field of dharma, at Kurukshetra,
what did my sons and the sons of Pandu do, Sanjaya?
"""


def test_short_lines_in_stanzas_are_verse_with_a_title() -> None:
    doc = parse_script(POEM)
    assert (doc.kind, doc.title, doc.language) == ("verse", "Night Harbour", "en")
    assert [b.kind for b in doc.blocks] == ["stanza", "stanza"]
    assert doc.blocks[0].elements[0] == VerseLine("The boats sleep in a row,", "en")
    assert sum(len(b.elements) for b in doc.blocks) == 6


def test_long_lines_are_prose_not_verse() -> None:
    text = (
        "The boats slept in a row along the harbour wall while their lanterns burned low.\n"
        "A gull turned in the dark above the lighthouse and the keeper watched it go.\n"
        "When morning came the whole village walked down to the water to meet the fleet.\n"
    )
    assert parse_script(text).kind == "prose"


def test_sloka_then_translations_each_in_their_own_language() -> None:
    doc = parse_script(SLOKA)
    assert doc.kind == "verse" and doc.language == "sa"
    assert [(b.kind, b.language) for b in doc.blocks] == [
        ("sloka", "sa"),
        ("translation", "hi"),
        ("translation", "en"),
    ]


def test_sloka_half_verses_are_lines_and_verse_numbers_are_dropped() -> None:
    sloka = parse_script(SLOKA).blocks[0]
    assert [e.text for e in sloka.elements] == [
        "धर्मक्षेत्रे कुरुक्षेत्रे समवेता युयुत्सवः ।",
        "मामकाः पाण्डवाश्चैव किमकुर्वत सञ्जय ॥",
    ]


def test_a_hindi_poem_is_verse_in_hindi() -> None:
    doc = parse_script("बादल आए, बूँदें आईं,\nखेतों में हरियाली छाई।\nबच्चे नाचे, गाने गाए,\nसबके मन में खुशियाँ आईं।")
    assert (doc.kind, doc.language) == ("verse", "hi")


def test_a_devanagari_stanza_with_double_danda_before_a_latin_one_is_a_sloka() -> None:
    doc = parse_script(
        "गुरु गोविंद दोऊ खड़े, काके लागूं पांय ।\nबलिहारी गुरु आपने, गोविंद दियो बताय ॥\n\n"
        "Guru and God both stand before me; whose feet shall I touch first?\n"
        "I bow to the Guru, who showed me the way to God."
    )
    assert [b.kind for b in doc.blocks] == ["sloka", "translation"]
    assert doc.blocks[1].language == "en"
