"""Round-trip intelligibility: our default voices, transcribed by offline Whisper (slow).

The same passages and measures as bench/wer.py (which covers every voice); here the two
narrators per language must meet the targets: WER <= 5 % en, <= 8 % es, <= 15 % fr, and the
consonant-outline error for Hindi (Whisper base writes Urdu script) <= 20 %.
"""

from __future__ import annotations

import pytest
from bench.wer import PASSAGES, TARGETS

from filmstudio.engine.plan import Line
from filmstudio.engine.transcribe import WhisperTranscriber
from filmstudio.engine.transcribe.wer import intelligibility_error
from filmstudio.engine.voice import speak_line

pytestmark = pytest.mark.slow

_WHISPER = WhisperTranscriber()
LIMITS = {**TARGETS, "hi": 0.20}


@pytest.mark.parametrize("language", ["en", "es", "fr", "hi"])
@pytest.mark.parametrize("voice", ["narrator-female", "narrator-male"])
def test_narrators_are_understood_in_every_language(language: str, voice: str) -> None:
    text = PASSAGES[language]["story"]
    speech = speak_line(Line(text=text, language=language), voice)
    heard = _WHISPER.transcribe(speech.samples, speech.sample_rate, language)
    error = intelligibility_error(text, heard.text, language)
    assert error <= LIMITS[language], (error, heard.text)
