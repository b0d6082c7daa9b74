"""The voice stage: speak every line in a distinct voice per character, with word timings.

Public surface::

    speak_line(line, voice_id, provider="kokoro") -> Speech
    list_voices() -> list[VoiceInfo];  get_voice(voice_id) -> VoiceInfo
    cast(plan, overrides=None) -> FilmPlan
    PROVIDERS (name → class);  get_provider(name) -> VoiceProvider

Providers: ``kokoro`` (Kokoro-82M, the best offline voice), ``espeak`` (instant fallback) and
``fake`` (tone bursts for tests). Third-party packages can add one under the
``filmstudio.voice`` entry-point group. Word texts keep their original spelling with attached
punctuation, because subtitles are built from them.
"""

from __future__ import annotations

import threading
from importlib.metadata import entry_points

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import Line
from filmstudio.engine.voice.base import Speech, VoiceInfo, VoiceProvider, WordTiming
from filmstudio.engine.voice.casting import cast
from filmstudio.engine.voice.catalog import VOICE_IDS, get_voice, list_voices
from filmstudio.engine.voice.emotion import EMOTIONS, normalize_emotion
from filmstudio.engine.voice.espeak import EspeakProvider
from filmstudio.engine.voice.fake import FakeVoiceProvider
from filmstudio.engine.voice.kokoro import KokoroProvider

#: Our providers, by name. Third-party ones come from the ``filmstudio.voice`` entry points.
PROVIDERS: dict[str, type[VoiceProvider]] = {
    "kokoro": KokoroProvider,
    "espeak": EspeakProvider,
    "fake": FakeVoiceProvider,
}
DEFAULT_PROVIDER = "kokoro"

_instances: dict[str, VoiceProvider] = {}
_lock = threading.Lock()


def _provider_classes() -> dict[str, type[VoiceProvider]]:
    classes = dict(PROVIDERS)
    for point in entry_points(group="filmstudio.voice"):
        classes.setdefault(point.name, point.load())
    return classes


def get_provider(name: str) -> VoiceProvider:
    """The provider called `name` (one shared instance per process); ChoiceError if unknown."""
    key = name.strip().lower()
    with _lock:
        if key not in _instances:
            classes = PROVIDERS if key in PROVIDERS else _provider_classes()
            if key not in classes:
                raise ChoiceError(
                    f"Unknown voice engine '{name}'. Choose one of: {', '.join(classes)}."
                )
            _instances[key] = classes[key]()
        return _instances[key]


def speak_line(line: Line, voice_id: str, provider: str = DEFAULT_PROVIDER) -> Speech:
    """Speak one line in a catalog voice, with the emotion its parenthetical or label asks for."""
    voice = get_voice(voice_id)
    emotion = normalize_emotion(line.emotion, line.parenthetical)
    return get_provider(provider).speak(line.text, voice, line.language, emotion)


__all__ = [
    "DEFAULT_PROVIDER",
    "EMOTIONS",
    "PROVIDERS",
    "VOICE_IDS",
    "EspeakProvider",
    "FakeVoiceProvider",
    "KokoroProvider",
    "Speech",
    "VoiceInfo",
    "VoiceProvider",
    "WordTiming",
    "cast",
    "get_provider",
    "get_voice",
    "list_voices",
    "normalize_emotion",
    "speak_line",
]
