"""Cloud voices through their official clients: OpenAI TTS and ElevenLabs (with cloning).

Why these shapes:
- Both services return 24 kHz 16-bit PCM when asked (``pcm`` / ``pcm_24000``), the voices'
  own rate, so no decoder is needed.
- OpenAI returns audio only; word timings come from a Transcriber (offline Whisper by
  default) and keep the script's words (transcribe.align). ElevenLabs' timestamps endpoint
  times every character, so words are timed from their first and last characters.
- Keys come from the environment (OPENAI_API_KEY, ELEVENLABS_API_KEY) and never from a plan;
  OPENAI_BASE_URL and FILMSTUDIO_ELEVENLABS_BASE_URL point the clients elsewhere (a proxy,
  or the local fake servers the tests run).
- A voice is named ``openai:<voice>`` or ``elevenlabs:<voice id>``, or by the name of a clone
  registered with :func:`clone_voice`.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from filmstudio.engine.errors import InputError, RenderError
from filmstudio.engine.voice import audio
from filmstudio.engine.voice.base import Speech, VoiceInfo, WordTiming
from filmstudio.engine.voice.emotion import delivery
from filmstudio.engine.voice.timing import monotonic
from filmstudio.engine.voice.user_voices import (
    VoiceFolderError,
    find_user_voice,
    register,
    slug,
)
from filmstudio.engine.voice.words import split_words

if TYPE_CHECKING:
    from filmstudio.engine.transcribe.base import Transcriber

OPENAI_MODEL = "gpt-4o-mini-tts"
ELEVENLABS_MODEL = "eleven_multilingual_v2"
#: How each delivery is asked for (OpenAI's gpt-4o-mini-tts follows spoken instructions).
_INSTRUCTIONS = {
    "whisper": "Whisper, very quietly.",
    "shout": "Shout, loud and urgent.",
    "angry": "Sound angry.",
    "sad": "Sound sad and slow.",
    "excited": "Sound excited.",
    "calm": "Speak calmly.",
    "recite": "Recite slowly, like verse, pausing at line ends.",
    "sing": "Sing it softly, with a simple melody.",
}


class CloudVoiceError(InputError):
    """A cloud voice cannot be used: no key configured, or the service refused."""


def _pcm(data: bytes) -> audio.Samples:
    usable = len(data) - len(data) % 2
    pcm = np.frombuffer(data[:usable], dtype="<i2").astype(np.float32) / 32768.0
    return pcm.astype(np.float32)


def _remote_id(voice: VoiceInfo, engine: str) -> str:
    prefix = f"{engine}:"
    if voice.id.startswith(prefix):
        return voice.id[len(prefix) :]
    added = find_user_voice(voice.id)
    if added is None or added.info.engine != engine or "voice_id" not in added.settings:
        raise CloudVoiceError(f"The voice '{voice.id}' is not an {engine} voice.")
    return str(added.settings["voice_id"])


def _key(variable: str, service: str) -> str:
    key = os.environ.get(variable, "").strip()
    if not key:
        raise CloudVoiceError(
            f"{service} voices need an API key: set {variable} (or choose an offline voice)."
        )
    return key


def _timed_by_transcript(
    text: str, samples: audio.Samples, language: str, transcriber: Transcriber | None
) -> tuple[WordTiming, ...]:
    from filmstudio.engine.transcribe import align_words, get_transcriber

    heard = (transcriber or get_transcriber()).transcribe(samples, audio.SAMPLE_RATE, language)
    words = align_words([w.text for w in split_words(text)], list(heard.words))
    return monotonic(words, len(samples) / audio.SAMPLE_RATE)


class _CloudVoiceProvider:
    """What both cloud voices keep: a client made on first use (so a missing key only
    matters when the voice speaks), the Transcriber that times words, and the model."""

    name: str
    default_model: str

    def __init__(
        self,
        client: Any = None,
        transcriber: Transcriber | None = None,
        model: str | None = None,
    ) -> None:
        self._client = client
        self._transcriber = transcriber
        self._model = self.default_model if model is None else model

    def client(self) -> Any:
        if self._client is None:
            self._client = self._new_client()
        return self._client

    def _new_client(self) -> Any:
        raise NotImplementedError


class OpenAIVoiceProvider(_CloudVoiceProvider):
    """OpenAI text-to-speech (``openai:alloy``, ``openai:nova``, ...), timed by a Transcriber."""

    name = "openai"
    default_model = OPENAI_MODEL

    def _new_client(self) -> Any:
        import openai

        return openai.OpenAI(api_key=_key("OPENAI_API_KEY", "OpenAI"))

    def speak(self, text: str, voice: VoiceInfo, language: str, emotion: str) -> Speech:
        import openai

        style = delivery(emotion)
        options: dict[str, Any] = {"speed": float(np.clip(style.tempo, 0.25, 4.0))}
        asked = " ".join(_INSTRUCTIONS[p] for p in emotion.split("+") if p in _INSTRUCTIONS)
        if asked:
            options["instructions"] = asked
        try:
            response = self.client().audio.speech.create(
                model=self._model,
                voice=_remote_id(voice, "openai"),
                input=text,
                response_format="pcm",
                **options,
            )
        except openai.APIStatusError as exc:
            raise CloudVoiceError(
                f"OpenAI refused to speak the line ({exc.status_code}): check the key and "
                "the voice name."
            ) from exc
        except openai.APIError as exc:
            raise RenderError(f"OpenAI text-to-speech failed: {exc}.") from exc
        samples = audio.level(_pcm(response.content), style.gain_db)
        if len(samples) == 0:
            raise RenderError("OpenAI returned no audio for the line.")
        words = _timed_by_transcript(text, samples, language, self._transcriber)
        return Speech(samples, audio.SAMPLE_RATE, words)


def _elevenlabs_client() -> Any:
    from elevenlabs import ElevenLabs

    base_url = os.environ.get("FILMSTUDIO_ELEVENLABS_BASE_URL") or None
    return ElevenLabs(api_key=_key("ELEVENLABS_API_KEY", "ElevenLabs"), base_url=base_url)


def _words_from_characters(
    text: str, starts: list[float], ends: list[float]
) -> tuple[WordTiming, ...] | None:
    """Word times from per-character times, when the characters are the text's own."""
    if len(starts) != len(text) or len(ends) != len(text):
        return None
    words = split_words(text)
    timed = [WordTiming(w.text, float(starts[w.start]), float(ends[w.end - 1])) for w in words]
    return tuple(timed)


class ElevenLabsVoiceProvider(_CloudVoiceProvider):
    """ElevenLabs text-to-speech with character timestamps (``elevenlabs:<id>`` or a clone)."""

    name = "elevenlabs"
    default_model = ELEVENLABS_MODEL

    def _new_client(self) -> Any:
        return _elevenlabs_client()

    def speak(self, text: str, voice: VoiceInfo, language: str, emotion: str) -> Speech:
        import httpx
        from elevenlabs.core.api_error import ApiError

        style = delivery(emotion)
        client = self.client()
        try:
            response = client.text_to_speech.convert_with_timestamps(
                _remote_id(voice, "elevenlabs"),
                text=text,
                model_id=self._model,
                output_format="pcm_24000",
                language_code=language if language != "sa" else "hi",
            )
        except ApiError as exc:
            raise CloudVoiceError(
                f"ElevenLabs refused to speak the line ({exc.status_code}): check the key and "
                "the voice id."
            ) from exc
        except httpx.HTTPError as exc:
            raise RenderError(f"ElevenLabs text-to-speech failed: {exc}.") from exc
        samples = audio.level(_pcm(base64.b64decode(response.audio_base_64)), style.gain_db)
        if len(samples) == 0:
            raise RenderError("ElevenLabs returned no audio for the line.")
        alignment = response.alignment
        words = None
        if alignment is not None and "".join(alignment.characters) == text:
            words = _words_from_characters(
                text,
                list(alignment.character_start_times_seconds),
                list(alignment.character_end_times_seconds),
            )
        duration = len(samples) / audio.SAMPLE_RATE
        if words is None:
            timed = _timed_by_transcript(text, samples, language, self._transcriber)
        else:
            timed = monotonic(list(words), duration)
        return Speech(samples, audio.SAMPLE_RATE, timed)


def clone_voice(
    name: str,
    recordings: list[Path],
    gender: str = "unknown",
    age: str = "adult",
    client: Any = None,
) -> VoiceInfo:
    """Clone a voice from recordings with ElevenLabs and register it under `name`."""
    from elevenlabs.core.api_error import ApiError

    from filmstudio.engine.plan import LANGUAGES

    missing = [str(p) for p in recordings if not Path(p).is_file()]
    if not recordings or missing:
        raise VoiceFolderError(
            "Cloning needs one or more recordings of the voice"
            + (f"; not found: {', '.join(missing)}." if missing else ".")
        )
    voice_id = slug(name)
    if find_user_voice(voice_id) is not None:
        raise VoiceFolderError(f"A voice called '{voice_id}' is already added.")
    handles = [open(p, "rb") for p in recordings]  # noqa: SIM115 - closed below
    try:
        result = (client or _elevenlabs_client()).voices.ivc.create(name=name, files=handles)
    except ApiError as exc:
        raise CloudVoiceError(
            f"ElevenLabs could not clone the voice ({exc.status_code}): check the key, the "
            "plan's cloning allowance and the recordings."
        ) from exc
    finally:
        for handle in handles:
            handle.close()
    info = VoiceInfo(voice_id, "elevenlabs", gender, age, LANGUAGES, f"ElevenLabs clone of {name}.")
    return register(info, {}, {"voice_id": str(result.voice_id)}).info
