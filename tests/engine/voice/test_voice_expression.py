"""Expression, measured: pauses follow punctuation and paragraphs, questions rise, whispers are
quieter and slower, shouts louder (fake and espeak here; the real Kokoro in the slow part)."""

from __future__ import annotations

import numpy as np
import pytest
from tests.engine.voice.speech_checks import median_pitch

from filmstudio.engine.plan import Delivery, Line
from filmstudio.engine.voice import speak_line
from filmstudio.engine.voice.audio import speech_level_db
from filmstudio.engine.voice.base import Speech

PAUSES = "We waited, and then we left. The road was long.\nNight came.\n\nMorning broke at last."


def _gap(speech: Speech, before: str) -> float:
    """Silence between the word `before` and the next word."""
    texts = [w.text for w in speech.words]
    index = texts.index(before)
    return speech.words[index + 1].start - speech.words[index].end


def _end_pitch(speech: Speech) -> float:
    """Median pitch of the second half of the last word."""
    last = speech.words[-1]
    middle = (last.start + last.end) / 2
    rate = speech.sample_rate
    return median_pitch(speech.samples[int(middle * rate) : int(last.end * rate)], rate)


@pytest.mark.parametrize("provider", ["fake", "espeak"])
def test_pauses_grow_from_comma_to_full_stop_to_line_to_paragraph(provider: str) -> None:
    speech = speak_line(Line(text=PAUSES), "narrator-female", provider)
    word = _gap(speech, "and")
    comma, stop = _gap(speech, "waited,"), _gap(speech, "left.")
    line, paragraph = _gap(speech, "long."), _gap(speech, "came.")
    assert word < comma < stop <= line < paragraph, (word, comma, stop, line, paragraph)
    assert comma > 0.1 and paragraph > 0.8


def test_the_fake_voices_questions_rise_and_statements_do_not() -> None:
    question = speak_line(Line(text="You are coming home?"), "male-2", "fake")
    statement = speak_line(Line(text="You are coming home."), "male-2", "fake")
    assert _end_pitch(question) > 1.25 * _end_pitch(statement)
    wh = speak_line(Line(text="Where are you going?"), "male-2", "fake")
    assert 1.03 * _end_pitch(statement) < _end_pitch(wh) < _end_pitch(question)


def test_espeak_ends_questions_higher_than_statements() -> None:
    question = speak_line(Line(text="You are going home tonight?"), "female-1", "espeak")
    statement = speak_line(Line(text="You are going home tonight."), "female-1", "espeak")
    assert _end_pitch(question) > 1.2 * _end_pitch(statement)


@pytest.mark.parametrize("provider", ["fake", "espeak"])
def test_whispers_are_quieter_and_slower_shouts_louder(provider: str) -> None:
    def speak(manner: Delivery) -> Speech:
        line = Line(text="Get out of here, right now!", delivery=manner)
        return speak_line(line, "male-1", provider)

    normal, whisper, shout = speak("normal"), speak("whisper"), speak("shout")
    assert speech_level_db(whisper.samples) < speech_level_db(normal.samples) - 10
    assert speech_level_db(shout.samples) > speech_level_db(normal.samples) + 4
    assert whisper.duration > normal.duration * 1.05
    assert float(np.abs(shout.samples).max()) < 1.0


@pytest.mark.slow
def test_kokoro_expression_is_measurable() -> None:
    question = speak_line(Line(text="You are going home tonight?"), "narrator-male")
    statement = speak_line(Line(text="You are going home tonight."), "narrator-male")
    assert _end_pitch(question) > 1.15 * _end_pitch(statement)
    speech = speak_line(Line(text=PAUSES), "female-1")
    word = _gap(speech, "and")
    comma, stop = _gap(speech, "waited,"), _gap(speech, "left.")
    line, paragraph = _gap(speech, "long."), _gap(speech, "came.")
    assert word < comma < stop < line < paragraph, (word, comma, stop, line, paragraph)
    assert paragraph > 0.8


SLOKA = "कर्मण्येवाधिकारस्ते मा फलेषु कदाचन।\nमा कर्मफलहेतुर्भूर्मा ते सङ्गोऽस्त्वकर्मणि॥"


@pytest.mark.parametrize("provider", ["fake", "espeak"])
def test_verse_is_recited_slowly_with_long_pauses_at_line_ends(provider: str) -> None:
    read = speak_line(Line(text=SLOKA, language="sa"), "narrator-male", provider)
    recited = speak_line(
        Line(text=SLOKA, language="sa", emotion="recite"), "narrator-male", provider
    )
    spoken = sum(w.end - w.start for w in recited.words)
    assert spoken > 1.12 * sum(w.end - w.start for w in read.words)  # slower words
    line_end = _gap(recited, "कदाचन।")
    assert line_end > 1.0 and line_end > 2 * _gap(read, "कदाचन।")
    # A poem's stanza break (a blank line) is longer still.
    poem = "The woods are lovely, dark and deep,\nBut I have promises to keep.\n\nAnd miles to go."
    verse = speak_line(Line(text=poem, emotion="recite"), "narrator-female", provider)
    assert _gap(verse, "keep.") > _gap(verse, "deep,") + 0.5
