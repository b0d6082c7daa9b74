"""The voice stage: speak every line in a distinct voice per character, with word timings.

Public surface::

    speak_line(line, voice_id, provider="kokoro") -> Speech
    voice_cache_key(line, voice_id, provider) -> dict  (what changes a line's audio)
    list_voices(language=None) -> list[VoiceInfo];  get_voice(voice_id) -> VoiceInfo
    cast(plan, overrides=None) -> FilmPlan
    release_voices()  (free loaded voice models once a film's lines are spoken)
    add_voice_folder(path, name=None, gender=..., age=...) -> VoiceInfo  (Piper or Kokoro)
    clone_voice(name, recordings, ...) -> VoiceInfo  (ElevenLabs)
    PROVIDERS (name → class);  get_provider(name) -> VoiceProvider

Providers: ``kokoro`` (Kokoro-82M, the best offline voice), ``espeak`` (instant fallback and
the robot), ``piper`` / ``kokoro-folder`` (voice folders a user adds), ``openai`` and
``elevenlabs`` (cloud, with an API key) and ``fake`` (tone bursts for tests). Each voice names
the engine that speaks it; the film's provider setting picks the engine only when it is not
the default ("espeak" renders every built-in voice fast, "fake" renders tone bursts).
Third-party packages can add one under the ``filmstudio.voice`` entry-point group. A provider
speaks the normalised text (numbers as words, no emoji; see ``normalise``) in the style the
plan's emotion and delivery give; ``speak_line`` puts the word timings back onto the words as
written, with their punctuation, because subtitles are built from them.
"""

from __future__ import annotations

import gc
import threading
from dataclasses import replace
from importlib.metadata import entry_points
from typing import Any

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.memory import trim_heap
from filmstudio.engine.plan import Line
from filmstudio.engine.voice import audio
from filmstudio.engine.voice.base import Speech, VoiceInfo, VoiceProvider, WordTiming
from filmstudio.engine.voice.casting import cast
from filmstudio.engine.voice.catalog import (
    VOICE_IDS,
    espeak_setting,
    get_voice,
    kokoro_setting,
    list_voices,
)
from filmstudio.engine.voice.cloud import ElevenLabsVoiceProvider, OpenAIVoiceProvider, clone_voice
from filmstudio.engine.voice.emotion import EMOTIONS, voice_style
from filmstudio.engine.voice.espeak import EspeakProvider
from filmstudio.engine.voice.fake import FakeVoiceProvider
from filmstudio.engine.voice.folders import KokoroFolderProvider, PiperProvider, add_voice_folder
from filmstudio.engine.voice.kokoro import KokoroProvider
from filmstudio.engine.voice.normalise import NORMALISER_VERSION, normalise
from filmstudio.engine.voice.restore import restore_words
from filmstudio.engine.voice.user_voices import VoiceFolderError
from filmstudio.engine.voice.words import split_words

#: Our providers, by name. Third-party ones come from the ``filmstudio.voice`` entry points.
PROVIDERS: dict[str, type[VoiceProvider]] = {
    "kokoro": KokoroProvider,
    "espeak": EspeakProvider,
    "fake": FakeVoiceProvider,
    "piper": PiperProvider,
    "kokoro-folder": KokoroFolderProvider,
    "openai": OpenAIVoiceProvider,
    "elevenlabs": ElevenLabsVoiceProvider,
}
#: Engines that can speak any voice in a stand-in: the film's provider setting may force them.
_FORCING = frozenset({"espeak", "fake"})
DEFAULT_PROVIDER = "kokoro"
#: Seconds of silence for a line with nothing a voice can say.
SILENT_LINE = 0.5

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


def release_voices() -> None:
    """Free the voice models this process loaded (Kokoro's session is ~600 MB resident) once a
    film's lines are spoken, and hand the freed heap back to the system; a later line loads
    its model again (about a second), and sounds the same."""
    with _lock:
        providers = list(_instances.values())
    released = False
    for provider in providers:
        release = getattr(provider, "release", None)
        if callable(release):
            release()
            released = True
    if released:
        gc.collect()
        trim_heap()


def engine_for(voice: VoiceInfo, provider: str = DEFAULT_PROVIDER) -> str:
    """The engine that speaks `voice`: its own, unless the film forces espeak or the fake."""
    forced = provider.strip().lower()
    if forced in _FORCING:
        return forced
    if forced != DEFAULT_PROVIDER and voice.engine == DEFAULT_PROVIDER:
        return forced  # a third-party engine asked for by name speaks the built-in voices
    return voice.engine


def speak_line(line: Line, voice_id: str, provider: str = DEFAULT_PROVIDER) -> Speech:
    """Speak one line in a voice: its normalised text, in the emotion and delivery the plan
    gives, with word timings for the words as written (what subtitles show)."""
    voice = get_voice(voice_id)
    style = voice_style(line.emotion, line.delivery)
    said = normalise(line.text, line.language)
    if not split_words(said.text):  # nothing a voice can say (emoji, another script)
        silent = Speech(audio.silence(SILENT_LINE), audio.SAMPLE_RATE)
        return replace(silent, words=restore_words(line.text, said, (), silent.duration))
    speech = get_provider(engine_for(voice, provider)).speak(said.text, voice, line.language, style)
    words = restore_words(line.text, said, speech.words, speech.duration)
    return replace(speech, words=words)


def voice_cache_key(line: Line, voice_id: str, provider: str) -> dict[str, Any]:
    """Everything that changes a line's audio: what the voice says (not how it is written),
    the emotion and delivery, the language, the voice, its engine and the engine's setting
    for it, the normaliser's version."""
    return {
        "said": normalise(line.text, line.language, warn=False).text,
        "text": line.text,  # the word timings carry the original words
        "style": voice_style(line.emotion, line.delivery),
        "language": line.language,
        "voice": voice_id,
        "provider": provider,
        "setting": _setting(voice_id, line.language, provider),
        "normaliser": NORMALISER_VERSION,
    }


def _setting(voice_id: str, language: str, provider: str) -> str:
    """How the engine makes this voice in this language (blend, tempo, pitch, variant...)."""
    engine = engine_for(get_voice(voice_id), provider)
    if engine == "kokoro":
        return repr(kokoro_setting(voice_id, language))
    if engine == "espeak":
        return repr(espeak_setting(voice_id, language))
    return engine


__all__ = [
    "DEFAULT_PROVIDER",
    "EMOTIONS",
    "PROVIDERS",
    "VOICE_IDS",
    "ElevenLabsVoiceProvider",
    "EspeakProvider",
    "FakeVoiceProvider",
    "KokoroFolderProvider",
    "KokoroProvider",
    "OpenAIVoiceProvider",
    "PiperProvider",
    "Speech",
    "VoiceFolderError",
    "VoiceInfo",
    "VoiceProvider",
    "WordTiming",
    "add_voice_folder",
    "cast",
    "clone_voice",
    "engine_for",
    "get_provider",
    "get_voice",
    "list_voices",
    "release_voices",
    "speak_line",
    "voice_cache_key",
    "voice_style",
]
