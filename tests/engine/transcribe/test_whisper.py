"""The real offline Whisper base model hears our voices and a recording (slow: loads 145 MB)."""

from __future__ import annotations

import subprocess
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import pytest
import soundfile

from filmstudio.engine.plan import Line
from filmstudio.engine.transcribe import WhisperTranscriber, narration_from_recording
from filmstudio.engine.transcribe.wer import word_error_rate
from filmstudio.engine.voice import speak_line

pytestmark = pytest.mark.slow

_WHISPER = WhisperTranscriber()
TEXT = "The little boat sailed across the quiet bay before the storm."


def _words(text: str) -> list[str]:
    return ["".join(c for c in w.lower() if c.isalnum()) for w in text.split()]


def test_whisper_hears_the_words_and_when_they_are_said() -> None:
    speech = speak_line(Line(text=TEXT), "male-1", "espeak")
    heard = _WHISPER.transcribe(speech.samples, speech.sample_rate, "en")
    assert heard.language == "en"
    assert word_error_rate(TEXT, heard.text) <= 0.1
    said = _words(TEXT)
    matcher = SequenceMatcher(a=said, b=[_words(w.text)[0] for w in heard.words])
    pairs = [(b.a + i, b.b + i) for b in matcher.get_matching_blocks() for i in range(b.size)]
    assert len(pairs) >= 9
    for spoken, found in pairs:
        truth, word = speech.words[spoken], heard.words[found]
        assert word.start == pytest.approx(truth.start, abs=0.25), (word, truth)


def test_whisper_transcribes_at_any_sample_rate() -> None:
    speech = speak_line(Line(text=TEXT), "female-1", "espeak")
    up = np.repeat(speech.samples, 2)  # 48 kHz
    heard = _WHISPER.transcribe(up, 48000, None)
    assert heard.language == "en" and len(_words(heard.text)) >= 9


def test_an_uploaded_hindi_recording_keeps_the_script_words(tmp_path: Path) -> None:
    text = "राजा ने अपने बेटे को जंगल में भेजा।"
    speech = speak_line(Line(text=text, language="hi"), "narrator-male", "espeak")
    wav = tmp_path / "take.wav"
    soundfile.write(wav, speech.samples, speech.sample_rate)
    mp3 = tmp_path / "take.mp3"
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(wav), str(mp3)], check=True)
    narration = narration_from_recording(mp3, "hi", _WHISPER, text=text)
    assert [w.text for w in narration.words] == text.split()
    assert narration.words[0].start < 0.4
    assert narration.words[-1].end == pytest.approx(speech.words[-1].end, abs=0.4)
