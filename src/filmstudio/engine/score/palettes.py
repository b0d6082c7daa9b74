"""One palette per mood: key, mode, tempo, progressions, melody rhythms and the band that plays.

A palette is data, not code: giving a mood its character means editing one entry here. Programs
are General MIDI numbers counted from 0 (0 = Acoustic Grand Piano, 48 = String Ensemble 1); part
`pattern`s are the figures written by :mod:`filmstudio.engine.score.parts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from filmstudio.engine.score import theory

Role = Literal["pad", "drone", "bass", "accomp", "melody", "perc", "timpani"]


@dataclass(frozen=True)
class Part:
    """One player in a mood's band: what it plays, in which register, how loud, where."""

    role: Role
    program: int
    pattern: str
    low: int = 48
    high: int = 72
    velocity: int = 80
    volume: int = 100
    pan: int = 64
    reverb: int = 60
    legato: float = 0.95

    @property
    def is_drum(self) -> bool:
        return self.role == "perc"


@dataclass(frozen=True)
class Palette:
    """Everything that makes one mood sound like itself.

    `tonics`, `scales` and `progressions` are alternatives the seed chooses from, so two films
    in the same mood need not share a key or chord loop. `cadence` precedes the `final` chord;
    `approach` is the chord another mood's last bar plays to lead into this one. `rhythms` are
    one-bar melody rhythms in beats (negative = rest), `rising` the chance a melody step goes
    up, `anchor` the chance a strong beat lands on a chord tone (low for a raga over a drone),
    `meend` glides into notes. `level` (dB) keeps a gentle mood quieter than an epic one after
    the moods are evened out; `reverb` is FluidSynth's (room, damping, width, level). Part
    volumes were set by rendering each part alone and measuring its loudness.
    """

    mood: str
    bpm: float
    meter: int
    tonics: tuple[int, ...]
    scales: tuple[tuple[int, ...], ...]
    progressions: tuple[tuple[str, ...], ...]
    cadence: str
    final: str
    rhythms: tuple[tuple[float, ...], ...]
    rising: float
    parts: tuple[Part, ...]
    reverb: tuple[float, float, float, float] = (0.7, 0.3, 0.9, 0.7)
    meend: bool = False
    anchor: float = 0.85
    level: float = 0.0
    approach: str = "V7"


PALETTES: dict[str, Palette] = {
    "calm": Palette(
        mood="calm",
        level=-2,
        bpm=68,
        meter=4,
        tonics=(0, 5, 7, 2),
        scales=(theory.MAJOR,),
        progressions=(
            ("I", "V", "vi", "IV"),
            ("Imaj7", "IVmaj7", "vi7", "V"),
            ("I", "IV", "vi", "V"),
        ),
        cadence="IV",
        final="Iadd9",
        rhythms=((2, 2), (3, 1), (1, 1, 2), (4,), (2, 1, 1)),
        rising=0.5,
        parts=(
            Part("pad", 49, "sustain", 52, 71, velocity=58, volume=41, pan=70, reverb=90),
            Part("bass", 42, "root", 36, 50, velocity=50, volume=43, pan=60, reverb=70),
            Part("accomp", 0, "arp8", 52, 76, velocity=46, volume=100, pan=54, reverb=80),
            Part("melody", 0, "melody", 67, 84, velocity=62, volume=127, pan=64, reverb=80),
        ),
        reverb=(0.8, 0.4, 1.0, 0.8),
    ),
    "hopeful": Palette(
        mood="hopeful",
        level=0,
        bpm=88,
        meter=4,
        tonics=(2, 7, 0, 9),
        scales=(theory.MAJOR,),
        progressions=(
            ("I", "iii", "IV", "V"),
            ("vi", "IV", "I", "V"),
            ("I", "ii7", "IV", "V"),
        ),
        cadence="V",
        final="Isus2",
        rhythms=((1, 1, 2), (1.5, 0.5, 2), (2, 1, 1), (1, 1, 1, 1), (3, 1)),
        rising=0.68,
        parts=(
            Part("pad", 48, "sustain", 55, 74, velocity=60, volume=44, pan=74, reverb=80),
            Part("bass", 43, "half", 33, 48, velocity=62, volume=51, pan=58, reverb=50),
            Part("accomp", 0, "arp8up", 50, 79, velocity=52, volume=96, pan=50, reverb=70),
            Part("melody", 60, "melody", 60, 79, velocity=78, volume=58, pan=66, reverb=70),
            Part("perc", 0, "build", velocity=46, volume=127, reverb=40),
        ),
    ),
    "tense": Palette(
        mood="tense",
        level=0,
        bpm=112,
        meter=4,
        tonics=(4, 2, 9, 11),
        scales=(theory.HARMONIC_MINOR,),
        progressions=(
            ("i", "i", "bVI", "bII"),
            ("i", "bVI", "iv", "V"),
            ("i", "bII", "i", "V"),
        ),
        cadence="V",
        final="i",
        rhythms=((4,), (2, 2), (3, 1), (-2, 2), (1, 3)),
        rising=0.45,
        parts=(
            Part("pad", 44, "sustain", 67, 86, velocity=44, volume=62, pan=80, reverb=70),
            Part("accomp", 48, "ostinato", 40, 55, velocity=86, volume=127, pan=50, legato=0.45),
            Part("bass", 43, "root", 28, 43, velocity=70, volume=74, pan=64, reverb=40),
            Part("timpani", 47, "pulse", 38, 53, velocity=62, volume=125, pan=64, reverb=50),
            Part("melody", 40, "melody", 62, 77, velocity=60, volume=77, pan=76, reverb=70),
            Part("perc", 0, "heartbeat", velocity=80, volume=113, reverb=30),
        ),
        reverb=(0.6, 0.5, 0.8, 0.5),
    ),
    "sad": Palette(
        mood="sad",
        level=-2,
        bpm=62,
        meter=4,
        tonics=(9, 4, 2, 7),
        scales=(theory.MINOR,),
        progressions=(
            ("i", "bVI", "bIII", "bVII"),
            ("i", "iv", "bVI", "V"),
            ("i", "bVII", "bVI", "iv"),
        ),
        cadence="iv",
        final="i",
        rhythms=((2, 2), (3, 1), (1, 1, 2), (4,), (1.5, 0.5, 2)),
        rising=0.42,
        parts=(
            Part("pad", 49, "sustain", 52, 70, velocity=54, volume=50, pan=72, reverb=90),
            Part("bass", 43, "root", 31, 45, velocity=52, volume=52, pan=60, reverb=60),
            Part("accomp", 0, "arp8", 57, 81, velocity=44, volume=127, pan=52, reverb=80),
            Part("melody", 42, "melody", 50, 69, velocity=76, volume=64, pan=64, reverb=80),
        ),
        reverb=(0.85, 0.4, 1.0, 0.8),
    ),
    "joyful": Palette(
        mood="joyful",
        level=1,
        bpm=120,
        meter=4,
        tonics=(0, 7, 2, 5),
        scales=(theory.MAJOR,),
        progressions=(
            ("I", "V", "vi", "IV"),
            ("I", "IV", "V", "IV"),
            ("I", "vi", "ii", "V"),
        ),
        cadence="V",
        final="I",
        rhythms=(
            (0.5, 0.5, 1, 1, 1),
            (1, 0.5, 0.5, 2),
            (0.5, 0.5, 0.5, 0.5, 2),
            (1, 1, 1, 1),
            (1.5, 0.5, 1, 1),
        ),
        rising=0.55,
        parts=(
            Part("pad", 48, "sustain", 55, 72, velocity=46, volume=70, pan=70, reverb=60),
            Part("accomp", 25, "pluck", 48, 74, velocity=72, volume=103, pan=44, reverb=50),
            Part("accomp", 45, "offbeat", 60, 79, velocity=70, volume=79, pan=88, reverb=50),
            Part("bass", 32, "bounce", 33, 50, velocity=80, volume=79, pan=64, reverb=30),
            Part("melody", 73, "melody", 72, 91, velocity=84, volume=73, pan=60, reverb=60),
            Part("perc", 0, "pop", velocity=72, volume=127, reverb=30),
        ),
        reverb=(0.5, 0.5, 0.9, 0.5),
    ),
    "epic": Palette(
        mood="epic",
        level=2,
        bpm=84,
        meter=4,
        tonics=(2, 0, 7, 4),
        scales=(theory.MINOR,),
        progressions=(
            ("i", "bVI", "bIII", "bVII"),
            ("i", "bVII", "bVI", "bVII"),
            ("bVI", "bVII", "i", "i"),
        ),
        cadence="bVII",
        approach="bVII",
        final="i",
        rhythms=((1.5, 0.5, 2), (3, 1), (1, 1, 2), (2, 2), (0.75, 0.25, 1, 2)),
        rising=0.58,
        parts=(
            Part("pad", 61, "sustain", 48, 67, velocity=70, volume=60, pan=60, reverb=70),
            Part("pad", 52, "sustain", 60, 76, velocity=58, volume=64, pan=76, reverb=90),
            Part("accomp", 48, "drive", 43, 62, velocity=84, volume=127, pan=48, legato=0.6),
            Part("bass", 58, "root", 28, 45, velocity=74, volume=79, pan=64, reverb=50),
            Part("melody", 60, "melody", 55, 74, velocity=96, volume=69, pan=66, reverb=80),
            Part("timpani", 47, "epic", 38, 53, velocity=92, volume=71, pan=64, reverb=60),
            Part("perc", 0, "epic", velocity=96, volume=100, reverb=70),
        ),
        reverb=(0.9, 0.3, 1.0, 0.8),
    ),
    "devotional": Palette(
        mood="devotional",
        level=-1,
        bpm=72,
        meter=4,
        tonics=(1, 2, 0),
        scales=(theory.BHUPALI, theory.YAMAN, theory.BHAIRAV),
        progressions=(("I",),),
        cadence="I",
        final="I",
        approach="V",
        rhythms=((2, 2), (1, 1, 2), (3, 1), (1.5, 0.5, 2), (1, 0.5, 0.5, 2)),
        rising=0.5,
        parts=(
            Part("drone", 20, "drone", 48, 60, velocity=46, volume=82, pan=64, reverb=70),
            Part("accomp", 104, "tanpura", 43, 60, velocity=56, volume=104, pan=40, reverb=70),
            Part("melody", 73, "melody", 62, 81, velocity=74, volume=68, pan=70, reverb=80),
            Part("perc", 0, "tabla", velocity=58, volume=127, pan=76, reverb=50),
        ),
        reverb=(0.75, 0.4, 1.0, 0.7),
        meend=True,
        anchor=0.3,
    ),
    "mysterious": Palette(
        mood="mysterious",
        level=-3,
        bpm=64,
        meter=4,
        tonics=(11, 4, 1, 6),
        scales=(theory.HARMONIC_MINOR,),
        progressions=(
            ("imM7", "bVImaj7", "iv", "V"),
            ("i", "bII", "bVI", "V"),
            ("imM7", "bVI", "imM7", "ii°"),
        ),
        cadence="V",
        final="imM7",
        rhythms=((4,), (-1, 3), (2, 2), (-2, 1, 1), (3, 1)),
        rising=0.5,
        parts=(
            Part("pad", 91, "sustain", 50, 70, velocity=56, volume=32, pan=64, reverb=100),
            Part("bass", 44, "root", 28, 43, velocity=48, volume=46, pan=58, reverb=70),
            Part("accomp", 46, "rise", 48, 84, velocity=50, volume=76, pan=42, reverb=100),
            Part("melody", 8, "melody", 72, 91, velocity=70, volume=70, pan=82, reverb=110),
            Part("perc", 0, "mystery", velocity=40, volume=127, reverb=100),
        ),
        reverb=(0.95, 0.2, 1.0, 0.9),
    ),
    "romantic": Palette(
        mood="romantic",
        level=-1,
        bpm=78,
        meter=3,
        tonics=(3, 8, 5, 10),
        scales=(theory.MAJOR,),
        progressions=(
            ("I", "vi", "ii", "V"),
            ("I", "iii", "IV", "iv"),
            ("Imaj7", "vi7", "IVmaj7", "V7"),
        ),
        cadence="V7",
        final="Imaj7",
        rhythms=((2, 1), (3,), (1, 1, 1), (1.5, 0.5, 1), (1, 2)),
        rising=0.52,
        parts=(
            Part("pad", 49, "sustain", 53, 72, velocity=52, volume=61, pan=72, reverb=90),
            Part("accomp", 0, "flow", 36, 72, velocity=50, volume=127, pan=50, reverb=80),
            Part("melody", 40, "melody", 62, 84, velocity=76, volume=78, pan=62, reverb=90),
        ),
        reverb=(0.8, 0.4, 1.0, 0.8),
    ),
}
