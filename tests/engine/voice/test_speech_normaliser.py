"""The speech normaliser: what is written becomes what a voice of the language can say."""

from __future__ import annotations

import logging

import pytest

from filmstudio.engine.plan import Line
from filmstudio.engine.voice import catalog, speak_line, voice_cache_key
from filmstudio.engine.voice.normalise import LONGEST_WORD, fold, normalise, spoken_text
from filmstudio.engine.voice.words import split_words

HOSTILE = (
    "ＵＮＩＣＯＤＥ ｗｉｄｅ 🎉👍🏽 <script>alert('x')</script> & \"quotes\" "
    "'; DROP TABLE users; -- مرحبا بالعالم fa\u200dmily " + "abcdefghij" * 9 + "."
)


@pytest.mark.parametrize(
    ("language", "written", "said"),
    [
        (
            "en",
            "In 1987, at 42 Station Road.",
            "In nineteen eighty-seven, at forty-two Station Road.",
        ),
        ("en", "her 3rd year, the 21st", "her third year, the twenty-first"),
        ("en", "112 loaves", "one hundred and twelve loaves"),
        ("en", "1,250 people", "one thousand, two hundred and fifty people"),
        ("en", "$12.50 and £3", "twelve dollars, fifty cents and three pounds sterling"),
        ("en", "up 15%", "up fifteen percent"),
        ("en", "at 7:30 and 7:05 and 10:00", "at seven thirty and seven oh five and ten o'clock"),
        ("en", "Dr. Patel met Mr. Smith", "Doctor Patel met Mister Smith"),
        ("en", "20°C", "twenty degrees Celsius"),
        ("es", "En 1975, 35 cabras", "En mil novecientos setenta y cinco, treinta y cinco cabras"),
        ("es", "1.200 € y 3,25 %", "mil doscientos euros y tres coma veinticinco por ciento"),
        ("es", "el 1º y la 2ª", "el primero y la segunda"),
        ("es", "a las 10:15 con el Sr. Ruiz", "a las diez y quince con el señor Ruiz"),
        ("fr", "le 1er mai à 10h30", "le premier mai à dix heures trente"),
        ("fr", "la 1re fois, le 2e étage", "la première fois, le deuxième étage"),
        ("fr", "Mme Dubois paya 5,50 €", "madame Dubois paya cinq euros et cinquante centimes"),
        ("fr", "3 000 livres, 20 %", "trois mille livres, vingt pour cent"),
        ("hi", "डॉ. शर्मा ने ₹500 दिए", "डॉक्टर शर्मा ने 500 रुपये दिए"),
        ("hi", "५० प्रतिशत", "50 प्रतिशत"),  # Devanagari digits, read by the voice's own rules
    ],
)
def test_numbers_amounts_times_and_abbreviations_are_said_as_words(
    language: str, written: str, said: str
) -> None:
    assert spoken_text(written, language) == said


def test_urls_and_mail_addresses_are_said_part_by_part() -> None:
    assert spoken_text("see https://www.example.com/shop.", "en") == (
        "see example dot com slash shop."
    )
    assert (
        spoken_text("anna.smith@example.org", "es") == "anna punto smith arroba example punto org"
    )


def test_fullwidth_emoji_markup_and_invisible_characters() -> None:
    said = spoken_text("ＵＮＩＣＯＤＥ ｗｉｄｅ 🎉👍🏽 <b>bold</b> fa\u200dmi\u200bly ﬁne", "en")
    assert said.split() == ["unicode", "wide", "bold", "family", "fine"]


def test_a_script_the_voice_cannot_read_is_skipped_with_one_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        result = normalise("Hello مرحبا بالعالم and 你好 friend.", "fr")
    assert result.text.split() == ["Hello", "and", "friend."]
    assert result.skipped == ("مرحبا", "بالعالم", "你好")
    assert len([r for r in caplog.records if "cannot read" in r.getMessage()]) == 1
    voice_cache_key(Line(text="Hello مرحبا", language="fr"), "male-1", "espeak")
    assert len([r for r in caplog.records if "cannot read" in r.getMessage()]) == 1
    hindi = normalise("नमस्ते दोस्त, hello", "hi")
    assert hindi.skipped == () and hindi.text == "नमस्ते दोस्त, hello"


def test_a_ninety_letter_word_is_not_spelled_out_forever() -> None:
    word = "abcdefghij" * 9
    said = spoken_text(f"A {word}.", "en")
    assert said == f"A {word[:LONGEST_WORD]}."
    assert spoken_text("Nooooooooo!", "en") == "Noo!"


def test_fold_keeps_the_way_back_to_the_original() -> None:
    text = "ＡＢ\u200dc ﬁ"
    folded, origin = fold(text)
    assert folded == "ABc fi"
    assert [text[origin[i]] for i in range(len(folded))] == ["Ａ", "Ｂ", "c", " ", "ﬁ", "ﬁ"]
    assert origin[-1] == len(text)


def test_every_piece_points_at_the_original_it_came_from() -> None:
    text = "Paid $5 at 7pm 🎉 today."
    result = normalise(text, "en")
    said = {text[p.start : p.end]: result.text[p.said_start : p.said_end] for p in result.pieces}
    assert said["$5"] == "five dollars"
    assert said["7pm"] == "seven p m"
    assert said["🎉"] == ""


def test_the_voice_speaks_words_but_the_timings_keep_the_written_line() -> None:
    text = "In 1987, Elena paid $12.50 🎉 — مرحبا!"
    speech = speak_line(Line(text=text), "narrator-female", "fake")
    assert [w.text for w in speech.words] == [w.text for w in split_words(text)]
    timing = {w.text: w for w in speech.words}
    spoken_1987 = timing["1987,"].end - timing["1987,"].start
    assert spoken_1987 > 2 * (timing["Elena"].end - timing["Elena"].start)  # two words' worth
    arabic = timing["مرحبا!"]
    assert arabic.start == arabic.end  # shown in the subtitles, not spoken
    assert all(
        a.end <= b.start + 1e-9 for a, b in zip(speech.words, speech.words[1:], strict=False)
    )


def test_the_hostile_line_is_short_to_say() -> None:
    speech = speak_line(Line(text=HOSTILE), "narrator-female", "espeak")
    assert len(speech.words) == len(split_words(HOSTILE))
    assert speech.duration < 9.0, speech.duration  # 44 s of spelled-out symbols before


def test_a_line_with_nothing_to_say_is_a_short_silence() -> None:
    speech = speak_line(Line(text="🎉 🙂"), "narrator-male", "espeak")
    assert 0 < speech.duration <= 0.5 and float(abs(speech.samples).max()) == 0.0


def test_the_cache_key_changes_with_what_is_heard_only() -> None:
    base = voice_cache_key(Line(text="It is 5 pm."), "male-1", "kokoro")
    assert base["said"] == "It is five p m."
    assert voice_cache_key(Line(text="It is 5 pm.", delivery="whisper"), "male-1", "kokoro") != base
    assert voice_cache_key(Line(text="It is 5 pm.", emotion="sad"), "male-1", "kokoro") != base
    quiet = Line(text="It is 5 pm.", parenthetical="(quietly)")
    assert voice_cache_key(quiet, "male-1", "kokoro") == base  # the planner reads that, not us
    assert voice_cache_key(Line(text="It is 5 pm.", language="fr"), "male-1", "kokoro") != base


def test_words_that_only_look_like_abbreviations_are_left_alone() -> None:
    assert spoken_text("No. I said no.", "en") == "No. I said no."
    assert spoken_text("Bread, milk, etc., and more.", "en") == "Bread, milk, et cetera, and more."
    assert spoken_text("Juan D. Pérez", "es") == "Juan D. Pérez"


def test_the_cache_key_follows_the_voice_setting_of_the_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    line = Line(text="Bonjour.", language="fr")
    before = voice_cache_key(line, "narrator-female", "kokoro")
    monkeypatch.setitem(catalog._LANGUAGE_TEMPO, "fr", 0.8)
    assert voice_cache_key(line, "narrator-female", "kokoro") != before
    assert voice_cache_key(line, "narrator-female", "fake")["setting"] == "fake"
