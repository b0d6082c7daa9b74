"""Genres: the same mood played by a different band.

A mood's palette keeps its feeling (tempo, key, mode, harmony, melody rhythms); a genre swaps
the players, their figures and the room. Bands come in three energies so a genre still follows
the scene: soft moods get no drums, bright ones a light groove, dark-driving ones weight and
pulse. Indian classical also swaps the scale for a raga that carries the mood, over a drone.
Programs are General MIDI numbers counted from 0.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from filmstudio.engine.score import theory
from filmstudio.engine.score.palettes import PALETTES, Palette, Part

Energy = Literal["soft", "bright", "driving"]

ENERGY: dict[str, Energy] = {
    "calm": "soft",
    "sad": "soft",
    "mysterious": "soft",
    "romantic": "soft",
    "devotional": "soft",
    "hopeful": "bright",
    "joyful": "bright",
    "tense": "driving",
    "epic": "driving",
}

#: The raga that carries each mood in the Indian classical genre.
RAGAS: dict[str, tuple[int, ...]] = {
    "calm": theory.YAMAN,
    "hopeful": theory.BHUPALI,
    "joyful": theory.BILAVAL,
    "sad": theory.BHAIRAVI,
    "tense": theory.TODI,
    "epic": theory.KAFI,
    "devotional": theory.BHAIRAV,
    "mysterious": theory.MARWA,
    "romantic": theory.KHAMAJ,
}

_P = Part


def _orchestral(energy: Energy, mood: str) -> tuple[Part, ...]:
    melody = {"sad": 42, "mysterious": 71, "hopeful": 60, "epic": 60, "joyful": 73}.get(mood, 40)
    strings = _P("pad", 48, "sustain", 52, 74, velocity=58, volume=60, pan=70, reverb=90)
    bass = _P("bass", 43, "root" if energy == "soft" else "half", 28, 45, 56, 60, 58, 70)
    tune = _P("melody", melody, "melody", 62, 81, velocity=78, volume=80, pan=64, reverb=90)
    if energy == "soft":
        harp = _P("accomp", 46, "arp8", 48, 79, velocity=54, volume=96, pan=44, reverb=90)
        return (strings, bass, harp, tune)
    if energy == "bright":
        pizz = _P("accomp", 45, "offbeat", 55, 76, velocity=66, volume=86, pan=44, reverb=70)
        harp = _P("accomp", 46, "arp8up", 48, 79, velocity=50, volume=80, pan=84, reverb=80)
        return (strings, bass, pizz, harp, tune)
    ostinato = _P("accomp", 48, "drive", 43, 62, velocity=82, volume=116, pan=48, legato=0.6)
    timpani = _P("timpani", 47, "epic" if mood == "epic" else "pulse", 38, 53, 84, 90, 64, 60)
    brass = _P("pad", 61, "sustain", 48, 67, velocity=66, volume=56, pan=60, reverb=70)
    return (strings, brass, ostinato, bass, timpani, tune)


def _piano(energy: Energy, mood: str) -> tuple[Part, ...]:
    left = _P("bass", 0, "root" if energy == "soft" else "half", 31, 47, 60, 92, 56, 70)
    figure = {"soft": "flow", "bright": "arp8up", "driving": "ostinato"}[energy]
    low, high = (36, 60) if energy == "driving" else (48, 76)
    hands = _P("accomp", 0, figure, low, high, velocity=52, volume=110, pan=60, reverb=70)
    right = _P("melody", 0, "melody", 67, 88, velocity=72, volume=127, pan=68, reverb=70)
    return (left, hands, right)


def _acoustic(energy: Energy, mood: str) -> tuple[Part, ...]:
    melody = {"sad": 40, "romantic": 40, "joyful": 110, "tense": 71}.get(mood, 73)
    picking = _P("accomp", 25, "pluck", 48, 74, velocity=70, volume=110, pan=44, reverb=50)
    bass = _P("bass", 32, "root" if energy == "soft" else "bounce", 33, 50, 72, 86, 64, 30)
    tune = _P("melody", melody, "melody", 64, 84, velocity=76, volume=80, pan=70, reverb=60)
    if energy == "soft":
        nylon = _P("accomp", 24, "arp8", 48, 74, velocity=62, volume=110, pan=50, reverb=60)
        return (nylon, bass, tune)
    strum = _P("accomp", 24, "strum", 52, 71, velocity=60, volume=92, pan=84, reverb=50)
    shaker = _P("perc", 0, "folk", velocity=60, volume=112, reverb=30)
    return (picking, strum, bass, tune, shaker)


def _electronic(energy: Energy, mood: str) -> tuple[Part, ...]:
    pad = _P("pad", 89 if energy == "soft" else 90, "sustain", 55, 74, 60, 70, 70, 70)
    bass = _P("bass", 38, "root" if energy == "soft" else "bounce", 28, 45, 84, 96, 64, 20)
    arp = _P("accomp", 81, "seq16", 60, 84, velocity=56, volume=70, pan=40, reverb=50, legato=0.5)
    lead = _P("melody", 80 if energy != "soft" else 88, "melody", 64, 84, 70, 66, 72, 60)
    groove = {"soft": "downtempo", "bright": "four", "driving": "four"}[energy]
    beat = _P("perc", 0, groove, velocity=78, volume=118, reverb=20)
    return (pad, bass, arp, lead, beat)


def _ambient(energy: Energy, mood: str) -> tuple[Part, ...]:
    warm = _P("pad", 89, "sustain", 48, 67, velocity=60, volume=78, pan=48, reverb=120)
    halo = _P("pad", 94, "sustain", 60, 79, velocity=52, volume=62, pan=82, reverb=127)
    drone = _P("drone", 95, "drone", 36, 48, velocity=50, volume=70, pan=64, reverb=120)
    bells = _P("accomp", 11 if energy == "soft" else 8, "bells", 67, 91, 54, 84, 64, 127)
    tune = _P("melody", 92, "melody", 60, 79, velocity=60, volume=64, pan=60, reverb=127)
    return (drone, warm, halo, bells, tune)


def _indian(energy: Energy, mood: str) -> tuple[Part, ...]:
    melody = {"joyful": 111, "epic": 111, "tense": 104, "sad": 110}.get(mood, 73)
    tanpura = _P("accomp", 104, "tanpura", 43, 60, velocity=56, volume=104, pan=40, reverb=70)
    drone = _P("drone", 20, "drone", 48, 60, velocity=46, volume=70, pan=64, reverb=70)
    tune = _P("melody", melody, "melody", 62, 81, velocity=76, volume=76, pan=70, reverb=80)
    groove = "tabla" if energy != "driving" else "tabla_fast"
    tabla = _P("perc", 0, groove, velocity=58, volume=127, pan=76, reverb=50)
    return (drone, tanpura, tune, tabla)


_BANDS = {
    "orchestral": _orchestral,
    "piano": _piano,
    "acoustic": _acoustic,
    "electronic": _electronic,
    "ambient": _ambient,
    "indian": _indian,
}

#: FluidSynth's room per genre: (size, damping, width, level).
_ROOMS: dict[str, tuple[float, float, float, float]] = {
    "orchestral": (0.9, 0.3, 1.0, 0.8),
    "piano": (0.6, 0.4, 0.8, 0.55),
    "acoustic": (0.45, 0.5, 0.8, 0.4),
    "electronic": (0.5, 0.6, 1.0, 0.35),
    "ambient": (0.98, 0.15, 1.0, 0.95),
    "indian": (0.75, 0.4, 1.0, 0.7),
}

_AMBIENT_RHYTHMS = ((4,), (2, 2), (3, 1), (-2, 2), (-1, 3), (3,), (2, 1), (-1, 2))


def palette_for(mood: str, genre: str | None) -> Palette:
    """The palette a section in `mood` plays with; genre None is the mood's own band."""
    base = PALETTES[mood]
    if genre is None:
        return base
    energy = ENERGY[mood]
    palette = replace(base, parts=_BANDS[genre](energy, mood), reverb=_ROOMS[genre])
    if genre == "ambient":
        palette = replace(palette, bpm=min(base.bpm, 64.0), rhythms=_AMBIENT_RHYTHMS, anchor=0.6)
    elif genre == "electronic":
        palette = replace(palette, bpm=max(base.bpm, 92.0 if energy == "soft" else 118.0))
    elif genre == "indian":
        raga = RAGAS[mood]
        numeral = "I" if 4 in raga else "i"
        palette = replace(
            palette,
            scales=(raga,),
            progressions=((numeral,),),
            cadence=numeral,
            final=numeral,
            approach="V" if 7 in raga else numeral,
            meend=True,
            anchor=0.3,
        )
    return palette
