"""The voice catalog: the voices a user can choose, and how each engine makes them.

Why engine-neutral ids: a plan names ``female-1``, not a Kokoro style, so the same plan renders
with the neural voice, with the fast espeak fallback, or with the test fake. Each id maps to a
setting per engine, with per-language adjustments where a language needs them.

Kokoro ships five style vectors (jm_kumo male ~92 Hz; jf_alpha ~270 Hz, jf_nezumi ~240 Hz,
jf_gongitsune ~240 Hz female; jf_tebukuro child-like ~325 Hz, medians measured here on an
English sentence). Eight voices are made from them by weighted blends (a blend of kumo with a
female style lands in between: 15 % alpha → ~112 Hz, 40 % nezumi → ~143 Hz), a resampling pitch
factor and a tempo, so that every pair differs audibly in pitch, timbre or pace.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import LANGUAGES
from filmstudio.engine.voice.base import VoiceInfo

#: The engine that speaks catalog voices by default.
DEFAULT_ENGINE = "kokoro"


@dataclass(frozen=True)
class KokoroSetting:
    """A Kokoro voice: a blend of shipped styles, a final tempo and a pitch factor.

    tempo is the speaking rate heard in the end (the model speed is pre-compensated for the
    pitch factor, which resampling would otherwise also apply to the tempo).
    """

    blend: tuple[tuple[str, float], ...]
    tempo: float = 1.0
    pitch: float = 1.0


@dataclass(frozen=True)
class EspeakSetting:
    """An espeak-ng voice: a variant (``+f2``), base pitch and range (0-100), rate in wpm."""

    variant: str
    pitch: int
    pitch_range: int
    rate: int


@dataclass(frozen=True)
class _Entry:
    info: VoiceInfo
    kokoro: KokoroSetting
    espeak: EspeakSetting
    fake_hz: float


def _entry(
    voice_id: str,
    gender: str,
    age: str,
    description: str,
    kokoro: KokoroSetting,
    espeak: EspeakSetting,
    fake_hz: float,
) -> _Entry:
    info = VoiceInfo(voice_id, DEFAULT_ENGINE, gender, age, LANGUAGES, description)
    return _Entry(info, kokoro, espeak, fake_hz)


_CATALOG: dict[str, _Entry] = {
    entry.info.id: entry
    for entry in (
        _entry(
            "narrator-female",
            "female",
            "adult",
            "Warm, clear female storyteller; unhurried.",
            KokoroSetting((("jf_alpha", 0.7), ("jf_nezumi", 0.3)), tempo=0.95, pitch=0.93),
            EspeakSetting("+f2", 45, 40, 160),
            220.0,
        ),
        _entry(
            "narrator-male",
            "male",
            "adult",
            "Calm, low male storyteller; unhurried.",
            KokoroSetting((("jm_kumo", 0.9), ("jf_nezumi", 0.1)), tempo=0.95),
            EspeakSetting("+m1", 42, 45, 160),
            110.0,
        ),
        _entry(
            "male-1",
            "male",
            "adult",
            "Younger, brighter male voice.",
            KokoroSetting((("jm_kumo", 0.85), ("jf_alpha", 0.15)), tempo=1.03, pitch=1.03),
            EspeakSetting("+m3", 50, 55, 175),
            135.0,
        ),
        _entry(
            "male-2",
            "male",
            "adult",
            "Deep, steady male voice.",
            KokoroSetting((("jm_kumo", 1.0),), tempo=1.0, pitch=0.9),
            EspeakSetting("+m7", 20, 40, 165),
            95.0,
        ),
        _entry(
            "female-1",
            "female",
            "adult",
            "Soft, low female voice.",
            KokoroSetting((("jf_nezumi", 1.0),), tempo=1.0, pitch=0.96),
            EspeakSetting("+f1", 62, 50, 170),
            235.0,
        ),
        _entry(
            "female-2",
            "female",
            "adult",
            "Bright, lively female voice.",
            KokoroSetting((("jf_gongitsune", 0.8), ("jf_alpha", 0.2)), tempo=1.05, pitch=1.12),
            EspeakSetting("+f4", 70, 60, 180),
            265.0,
        ),
        _entry(
            "child",
            "any",
            "child",
            "A child's voice: high and quick.",
            KokoroSetting((("jf_tebukuro", 1.0),), tempo=1.05, pitch=1.05),
            EspeakSetting("+f4", 85, 70, 180),
            330.0,
        ),
        _entry(
            "elder",
            "any",
            "elder",
            "An old voice: slow, between low and high, a little worn.",
            KokoroSetting((("jm_kumo", 0.6), ("jf_nezumi", 0.4)), tempo=0.85, pitch=0.95),
            EspeakSetting("+m6", 60, 30, 140),
            150.0,
        ),
    )
}

#: Per-language tempo factors: Sanskrit verse is read more slowly than prose.
_LANGUAGE_TEMPO: dict[str, float] = {"sa": 0.92}

VOICE_IDS: tuple[str, ...] = tuple(_CATALOG)


def list_voices() -> list[VoiceInfo]:
    """Every voice a user can choose, in catalog order."""
    return [entry.info for entry in _CATALOG.values()]


def _lookup(voice_id: str) -> _Entry:
    entry = _CATALOG.get(voice_id.strip().lower())
    if entry is None:
        raise ChoiceError(f"Unknown voice '{voice_id}'. Choose one of: {', '.join(VOICE_IDS)}.")
    return entry


def get_voice(voice_id: str) -> VoiceInfo:
    """The voice called `voice_id` (case-insensitive); ChoiceError if there is none."""
    return _lookup(voice_id).info


def kokoro_setting(voice_id: str, language: str) -> KokoroSetting:
    """How Kokoro speaks `voice_id` in `language`."""
    setting = _lookup(voice_id).kokoro
    return replace(setting, tempo=setting.tempo * _LANGUAGE_TEMPO.get(language, 1.0))


def espeak_setting(voice_id: str, language: str) -> EspeakSetting:
    """How espeak-ng speaks `voice_id` in `language`."""
    setting = _lookup(voice_id).espeak
    return replace(setting, rate=round(setting.rate * _LANGUAGE_TEMPO.get(language, 1.0)))


def fake_pitch(voice_id: str) -> float:
    """The tone frequency the fake provider uses for `voice_id`."""
    return _lookup(voice_id).fake_hz
