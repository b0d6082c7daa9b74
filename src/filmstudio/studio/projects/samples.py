"""Preview samples: a few seconds of each voice and each music choice, for the editor.

Made by the engine on first request with the providers this studio renders with, then kept
in storage (under samples/), so each sample costs its render once.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import Any

from filmstudio.studio.context import Studio
from filmstudio.studio.errors import NotFound, ServiceUnavailable
from filmstudio.studio.projects import catalog

MUSIC_SECONDS = 12.0
SAMPLE_RATE = 24000
#: One sentence per language, in the script the language is written in.
SENTENCES = {
    "en": "Once upon a time, a lighthouse keeper watched the storm roll in from the sea.",
    "es": "Había una vez un farero que miraba llegar la tormenta desde el mar.",
    "fr": "Il était une fois un gardien de phare qui regardait la tempête arriver de la mer.",
    "hi": "एक समय की बात है, एक प्रकाश-स्तंभ का रखवाला समुद्र से आते तूफ़ान को देख रहा था।",
    "sa": "पुरा कश्चित् दीपस्तम्भपालः समुद्रात् आगच्छन्तं झञ्झावातं अपश्यत्।",
}
_lock = threading.Lock()


def _known(kind: str, value: str) -> None:
    known = catalog.choices(kind)
    if known is None:
        raise ServiceUnavailable("Previews cannot be made right now; try again shortly.")
    if value not in known:
        raise NotFound(f"There is no {kind} called {value!r}.")


def _write_wav(samples: Any, rate: int, path: Path) -> None:
    import soundfile

    soundfile.write(path, samples, rate, subtype="PCM_16")


def _make_voice(studio: Studio, voice: str, language: str, path: Path) -> None:
    from filmstudio.engine.plan import Line
    from filmstudio.engine.voice import speak_line

    line = Line(text=SENTENCES[language], language=language)
    speech = speak_line(line, voice, provider=studio.settings.engine_voice)
    _write_wav(speech.samples, speech.sample_rate, path)


def _make_music(studio: Studio, music: str, path: Path) -> None:
    from filmstudio.engine.score import MUSIC_PROVIDERS, MusicSegment

    half = MUSIC_SECONDS / 2
    moods = ("calm", "hopeful") if music == "auto" else (music, music)
    segments = [MusicSegment(0.0, half, moods[0]), MusicSegment(half, MUSIC_SECONDS, moods[1])]
    provider = MUSIC_PROVIDERS[studio.settings.engine_music]()
    audio = provider.compose(segments, MUSIC_SECONDS, music, 0, SAMPLE_RATE)
    _write_wav(audio, SAMPLE_RATE, path)


def _ensure(studio: Studio, key: str, make: Any) -> str:
    if studio.storage.exists(key):
        return key
    with _lock:  # one at a time: each is CPU-bound, and two asking for one wait for it
        if not studio.storage.exists(key):
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "sample.wav"
                try:
                    make(path)
                except Exception as exc:
                    raise ServiceUnavailable(
                        "The preview could not be made right now; try again shortly."
                    ) from exc
                studio.storage.put_file(key, path)
    return key


def voice_sample(studio: Studio, voice: str, language: str) -> str:
    """The storage key of a few seconds of `voice` speaking `language`."""
    _known("voice", voice)
    if language not in SENTENCES:
        raise NotFound(f"There is no preview in the language {language!r}.")
    key = f"samples/voices/{studio.settings.engine_voice}/{voice}-{language}.wav"
    return _ensure(studio, key, lambda path: _make_voice(studio, voice, language, path))


def music_sample(studio: Studio, music: str) -> str:
    """The storage key of a few seconds of the music choice `music`."""
    _known("music", music)
    if music == "none":
        raise NotFound("This choice has no music, so there is nothing to preview.")
    key = f"samples/music/{studio.settings.engine_music}/{music}.wav"
    return _ensure(studio, key, lambda path: _make_music(studio, music, path))
