"""The voice catalog: the voices a user can choose, and how each engine makes them.

Why engine-neutral ids: a plan names ``female-1``, not a Kokoro style, so the same plan renders
with the neural voice, with the fast espeak fallback, or with the test fake. Each id maps to a
setting per engine, with per-language adjustments where a language needs them.

Kokoro ships five style vectors (jm_kumo male ~92 Hz; jf_alpha ~270 Hz, jf_nezumi ~240 Hz,
jf_gongitsune ~240 Hz female; jf_tebukuro child-like ~325 Hz, medians measured here on an
English sentence). Twelve voices are made from them by weighted blends (a blend of kumo with a
female style lands in between: 15 % alpha → ~112 Hz, 40 % nezumi → ~143 Hz), a resampling pitch
factor and a tempo, so that every pair differs audibly in pitch, timbre or pace; one more, the
robot, is espeak-ng's own voice (engines are combined: each voice names the engine it uses).
Every Kokoro voice speaks every film language (the robot only English); per-language tempo
factors slow Sanskrit verse and French, and in French the most accented style is swapped out.

Voices a user adds (``filmstudio voices add``, cloud voices) are listed here too, from the
user voice registry (user_voices.py); for the espeak fallback and the test fake they borrow
the settings of the built-in voice of the same gender and age.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import LANGUAGES
from filmstudio.engine.voice.base import VoiceInfo
from filmstudio.engine.voice.user_voices import find_user_voice, load_user_voices

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
    engine: str = DEFAULT_ENGINE,
    languages: tuple[str, ...] = LANGUAGES,
) -> _Entry:
    info = VoiceInfo(voice_id, engine, gender, age, languages, description)
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
            "A child's voice (a girl's, or any child's): high and quick.",
            KokoroSetting((("jf_tebukuro", 1.0),), tempo=1.0, pitch=1.05),
            EspeakSetting("+f4", 85, 70, 180),
            330.0,
        ),
        _entry(
            "elder",
            "male",
            "elder",
            "An old man's voice: slow, between low and high, a little worn.",
            KokoroSetting((("jm_kumo", 0.6), ("jf_nezumi", 0.4)), tempo=0.85, pitch=0.95),
            EspeakSetting("+m6", 60, 30, 140),
            150.0,
        ),
        _entry(
            "male-3",
            "male",
            "adult",
            "Light, higher male voice; a young man.",
            KokoroSetting((("jm_kumo", 0.7), ("jf_gongitsune", 0.3)), tempo=1.02, pitch=1.1),
            EspeakSetting("+m2", 58, 60, 185),
            165.0,
        ),
        _entry(
            "female-3",
            "female",
            "adult",
            "Clear, firm female voice; measured pace.",
            KokoroSetting((("jf_alpha", 1.0),), tempo=0.97, pitch=0.82),
            EspeakSetting("+f3", 55, 45, 165),
            205.0,
        ),
        _entry(
            "elder-female",
            "female",
            "elder",
            "An old woman's voice: slow and soft.",
            KokoroSetting((("jf_nezumi", 0.8), ("jm_kumo", 0.2)), tempo=0.85, pitch=0.92),
            EspeakSetting("+f5", 50, 35, 140),
            185.0,
        ),
        _entry(
            "child-2",
            "male",
            "child",
            "A boy's voice: high, a little lower and rounder than the other child.",
            KokoroSetting((("jf_tebukuro", 0.75), ("jm_kumo", 0.25)), tempo=1.08, pitch=1.1),
            EspeakSetting("+m3", 80, 70, 185),
            290.0,
        ),
        _entry(
            "robot",
            "any",
            "adult",
            "A machine's voice (espeak-ng): flat and synthetic, for robots and computers; "
            "English only (espeak's Spanish, French and Hindi are hard to follow).",
            KokoroSetting((("jm_kumo", 0.5), ("jf_alpha", 0.5)), tempo=1.0, pitch=1.0),
            EspeakSetting("+m1", 40, 10, 150),
            120.0,
            engine="espeak",
            languages=("en",),
        ),
    )
}

#: Per-language tempo factors: Sanskrit verse is read more slowly than prose, and French a
#: little slower (the Japanese-trained styles slur fast French: round-trip WER of the
#: bench passage fell from 3-17 % to 3-11 % per voice at 0.9).
_LANGUAGE_TEMPO: dict[str, float] = {"sa": 0.92, "fr": 0.9}

#: Per-language style swaps in a blend: jf_alpha carries the strongest Japanese accent, and in
#: French its share goes to the styles that carry the least (RESEARCH.md). Measured on tuning
#: sentences (not the bench passages), Whisper base: narrator-female 34.5 % -> 25.8 % WER.
_LANGUAGE_STYLES: dict[str, dict[str, tuple[tuple[str, float], ...]]] = {
    "fr": {"jf_alpha": (("jf_gongitsune", 0.7), ("jf_nezumi", 0.3))},
}


def _blend_for(
    blend: tuple[tuple[str, float], ...], language: str
) -> tuple[tuple[str, float], ...]:
    """`blend` with the language's style swaps applied (weights of one style summed)."""
    swaps = _LANGUAGE_STYLES.get(language, {})
    weights: dict[str, float] = {}
    for style, weight in blend:
        for name, share in swaps.get(style, ((style, 1.0),)):
            weights[name] = weights.get(name, 0.0) + weight * share
    return tuple((name, round(weight, 4)) for name, weight in weights.items())


VOICE_IDS: tuple[str, ...] = tuple(_CATALOG)


#: Cloud voices named directly by the provider's voice id ("openai:nova", "elevenlabs:<id>").
CLOUD_ENGINES: tuple[str, ...] = ("openai", "elevenlabs")


def list_voices(language: str | None = None) -> list[VoiceInfo]:
    """Every voice a user can choose (built-in, then added ones), for `language` when given."""
    infos = [entry.info for entry in _CATALOG.values()]
    infos += [voice.info for voice in load_user_voices() if voice.info.id not in _CATALOG]
    return [info for info in infos if language is None or language in info.languages]


def _cloud_voice(voice_id: str) -> VoiceInfo | None:
    engine, _, remote = voice_id.strip().partition(":")
    if engine.lower() not in CLOUD_ENGINES or not remote.strip():
        return None
    description = f"{engine.lower()} voice '{remote.strip()}' (needs its API key)."
    return VoiceInfo(
        f"{engine.lower()}:{remote.strip()}",
        engine.lower(),
        "unknown",
        "adult",
        LANGUAGES,
        description,
    )


def _unknown(voice_id: str) -> ChoiceError:
    choices = ", ".join(v.id for v in list_voices())
    return ChoiceError(f"Unknown voice '{voice_id}'. Choose one of: {choices}.")


def get_voice(voice_id: str) -> VoiceInfo:
    """The voice called `voice_id` (case-insensitive); ChoiceError if there is none."""
    entry = _CATALOG.get(voice_id.strip().lower())
    if entry is not None:
        return entry.info
    added = find_user_voice(voice_id)
    if added is not None:
        return added.info
    cloud = _cloud_voice(voice_id)
    if cloud is not None:
        return cloud
    raise _unknown(voice_id)


def stand_in(info: VoiceInfo) -> str:
    """The built-in voice whose settings an added voice borrows (same gender and age)."""
    if info.age == "child":
        return "child-2" if info.gender == "male" else "child"
    if info.age == "elder":
        return "elder-female" if info.gender == "female" else "elder"
    return {"male": "male-1", "female": "female-1"}.get(info.gender, "narrator-female")


def _lookup(voice_id: str) -> _Entry:
    entry = _CATALOG.get(voice_id.strip().lower())
    if entry is None:
        entry = _CATALOG[stand_in(get_voice(voice_id))]
    return entry


def kokoro_setting(voice_id: str, language: str) -> KokoroSetting:
    """How Kokoro speaks `voice_id` in `language`."""
    setting = _lookup(voice_id).kokoro
    return replace(
        setting,
        blend=_blend_for(setting.blend, language),
        tempo=setting.tempo * _LANGUAGE_TEMPO.get(language, 1.0),
    )


def espeak_setting(voice_id: str, language: str) -> EspeakSetting:
    """How espeak-ng speaks `voice_id` in `language`."""
    setting = _lookup(voice_id).espeak
    return replace(setting, rate=round(setting.rate * _LANGUAGE_TEMPO.get(language, 1.0)))


def fake_pitch(voice_id: str) -> float:
    """The tone frequency the fake provider uses for `voice_id`."""
    return _lookup(voice_id).fake_hz
