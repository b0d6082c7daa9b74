"""Just enough music theory to write tonal film music: keys, chords from roman numerals, voicing.

Palettes name their harmony as roman numerals ("i", "bVI", "V7", "Imaj7") so a progression reads
like a lead sheet and transposes to any key for free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAJOR: tuple[int, ...] = (0, 2, 4, 5, 7, 9, 11)
MINOR: tuple[int, ...] = (0, 2, 3, 5, 7, 8, 10)
HARMONIC_MINOR: tuple[int, ...] = (0, 2, 3, 5, 7, 8, 11)
DORIAN: tuple[int, ...] = (0, 2, 3, 5, 7, 9, 10)
LYDIAN: tuple[int, ...] = (0, 2, 4, 6, 7, 9, 11)

#: Raga-like scales (that of the ascent; enough for a devotional melody over a Sa-Pa drone).
BHUPALI: tuple[int, ...] = (0, 2, 4, 7, 9)
YAMAN: tuple[int, ...] = (0, 2, 4, 6, 7, 9, 11)
BHAIRAV: tuple[int, ...] = (0, 1, 4, 5, 7, 8, 11)
BHAIRAVI: tuple[int, ...] = (0, 1, 3, 5, 7, 8, 10)
TODI: tuple[int, ...] = (0, 1, 3, 6, 7, 8, 11)
MARWA: tuple[int, ...] = (0, 1, 4, 6, 9, 11)
KAFI: tuple[int, ...] = (0, 2, 3, 5, 7, 9, 10)
KHAMAJ: tuple[int, ...] = (0, 2, 4, 5, 7, 9, 10)
BILAVAL: tuple[int, ...] = MAJOR

_DEGREES = {"i": 0, "ii": 2, "iii": 4, "iv": 5, "v": 7, "vi": 9, "vii": 11}
_NUMERAL = re.compile(r"^(?P<acc>[b#]?)(?P<num>[ivIV]+)(?P<suffix>.*)$")
_MAJOR_TRIAD = (0, 4, 7)
_MINOR_TRIAD = (0, 3, 7)
_SUFFIXES: dict[str, tuple[tuple[int, ...] | None, tuple[int, ...]]] = {
    # suffix: (triad replacing the numeral's own, or None to keep it; added intervals)
    "": (None, ()),
    "7": (None, (10,)),
    "maj7": (None, (11,)),
    "mM7": (_MINOR_TRIAD, (11,)),
    "add9": (None, (14,)),
    "sus2": ((0, 2, 7), ()),
    "sus4": ((0, 5, 7), ()),
    "°": ((0, 3, 6), ()),
    "+": ((0, 4, 8), ()),
    "6": (None, (9,)),
}


@dataclass(frozen=True)
class Key:
    """A tonic pitch class (0 = C) and the scale the melody walks on."""

    tonic: int
    scale: tuple[int, ...]

    def contains(self, pitch: int) -> bool:
        return (pitch - self.tonic) % 12 in self.scale

    def pitches(self, low: int, high: int) -> list[int]:
        """Every scale pitch in [low, high], ascending: the melody's ladder."""
        return [p for p in range(low, high + 1) if self.contains(p)]


@dataclass(frozen=True)
class Chord:
    """A chord as pitch classes with its root first; `symbol` keeps the numeral for debugging."""

    root: int
    tones: tuple[int, ...]
    symbol: str

    def has(self, pitch: int) -> bool:
        return pitch % 12 in self.tones


def chord(numeral: str, key: Key) -> Chord:
    """The chord a roman numeral names in `key` (case gives major/minor, e.g. "bVI", "ii7")."""
    match = _NUMERAL.match(numeral)
    if match is None or match["num"].lower() not in _DEGREES or match["suffix"] not in _SUFFIXES:
        raise ValueError(f"not a chord numeral: {numeral!r}")
    offset = _DEGREES[match["num"].lower()] + {"b": -1, "#": 1, "": 0}[match["acc"]]
    triad, added = _SUFFIXES[match["suffix"]]
    if triad is None:
        triad = _MAJOR_TRIAD if match["num"].isupper() else _MINOR_TRIAD
    if match["suffix"] == "7" and match["num"].isupper():
        added = (10,)
    root = (key.tonic + offset) % 12
    tones: list[int] = []
    for interval in (*triad, *added):
        pc = (root + interval) % 12
        if pc not in tones:
            tones.append(pc)
    return Chord(root=root, tones=tuple(tones), symbol=numeral)


def nearest(pitch_class: int, target: int) -> int:
    """The MIDI pitch of `pitch_class` closest to `target` (ties go down)."""
    base = target - ((target - pitch_class) % 12)
    return base if target - base <= base + 12 - target else base + 12


def voice(
    chord_: Chord, low: int, high: int, previous: tuple[int, ...] = (), size: int = 4
) -> tuple[int, ...]:
    """A close voicing of `chord_` inside [low, high] that moves as little as possible.

    Smooth voice leading is what makes block chords sound like an orchestra section rather than a
    keyboard preset, so every candidate inversion is scored by its distance from `previous`.
    """
    tones = chord_.tones[:size]
    centre = (low + high) // 2 if not previous else round(sum(previous) / len(previous))
    best: tuple[int, ...] = ()
    best_cost = float("inf")
    for start in range(len(tones)):
        order = tones[start:] + tones[:start]
        for base in range(low, min(high, low + 12) + 1):
            if base % 12 != order[0]:
                continue
            notes = [base]
            for pc in order[1:]:
                step = (pc - notes[-1]) % 12 or 12
                notes.append(notes[-1] + step)
            while len(notes) < size:
                notes.append(notes[len(notes) - len(tones)] + 12)
            if notes[-1] > high:
                continue
            if previous:
                cost: float = _movement(previous, notes)
            else:
                cost = abs(sum(notes) / len(notes) - centre)
            if cost < best_cost:
                best, best_cost = tuple(notes), cost
    if not best:
        best = tuple(sorted(nearest(pc, centre) for pc in tones))
    return best


def _movement(previous: tuple[int, ...], notes: list[int]) -> float:
    """Semitones the voices travel, each voice keeping its place from the bottom up."""
    if len(previous) == len(notes):
        return float(sum(abs(a - b) for a, b in zip(sorted(previous), sorted(notes), strict=True)))
    return float(sum(min(abs(n - p) for p in previous) for n in notes))
