"""The score's form: which mood plays when, in which key and tempo, bar by bar.

Film music has to land on the picture, so each mood section is fitted to its stretch of the film
exactly: the tempo bends a little so a whole number of beats fills it, and a mood change always
falls on a downbeat. The first section opens with an intro, each section that hands over to
another ends on a "turn" bar (the next key's dominant), and the last one ends on a cadence and a
long final chord, so the piece resolves instead of stopping.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import MOODS
from filmstudio.engine.score.base import MusicSegment
from filmstudio.engine.score.choices import parse_music
from filmstudio.engine.score.genres import palette_for
from filmstudio.engine.score.palettes import PALETTES, Palette
from filmstudio.engine.score.theory import Chord, Key, chord

BarRole = Literal["intro", "body", "turn", "cadence", "final"]

#: A mood shorter than this (seconds) is absorbed by its neighbour: it could not be heard.
MIN_SECTION = 3.0
#: The final chord rings for at least this long (seconds) so it can decay naturally.
MIN_FINAL_BAR = 3.0


@dataclass(frozen=True)
class Bar:
    """One bar in film time, with its chord, its job in the form and how hard the band plays."""

    start: float
    beats: int
    beat: float
    chord: Chord
    role: BarRole
    index: int
    phrase: int
    intensity: float

    @property
    def end(self) -> float:
        return self.start + self.beats * self.beat

    def at(self, beat: float) -> float:
        """Film time of a beat offset inside this bar."""
        return self.start + beat * self.beat


@dataclass(frozen=True)
class Section:
    """A stretch of one mood: its palette, key, and bars covering [start, end) exactly."""

    index: int
    mood: str
    palette: Palette
    key: Key
    start: float
    end: float
    bars: tuple[Bar, ...]
    incoming: bool
    outgoing: bool

    @property
    def bpm(self) -> float:
        return 60.0 / self.bars[0].beat


@dataclass(frozen=True)
class Form:
    """The whole score's plan; parts are written against it."""

    sections: tuple[Section, ...]
    duration: float
    seed: int


def rng_for(seed: int, *salt: int) -> np.random.Generator:
    """A generator for one decision, so changing one section never reshuffles another."""
    return np.random.default_rng([seed % (1 << 63), *salt])


def mood_runs(
    segments: Sequence[MusicSegment], duration: float, music: str
) -> list[tuple[str, float, float]]:
    """(mood, start, end) runs covering [0, duration]: the forced mood, or the scenes' moods.

    `music` is a choice (see :func:`parse_music`); one naming a mood forces it. Gaps between
    segments keep the previous mood, and a run too short to be heard as music joins its
    neighbour.
    """
    forced = parse_music(music).mood
    if forced is not None:
        return [(forced, 0.0, duration)]
    for segment in segments:
        if segment.mood not in PALETTES:
            raise ChoiceError(f"Unknown mood '{segment.mood}'. Choose one of: {', '.join(MOODS)}.")
    ordered = sorted(
        (min(max(s.start, 0.0), duration), s.mood)
        for s in segments
        if min(s.end, duration) > max(s.start, 0.0)
    )
    if not ordered:
        return [("calm", 0.0, duration)]
    moods: list[str] = []
    begins: list[float] = []
    for start, mood in ordered:
        if moods and moods[-1] == mood:
            continue
        if moods and start <= begins[-1]:
            moods[-1] = mood
            continue
        moods.append(mood)
        begins.append(0.0 if len(begins) == 0 else start)
    ends = [*begins[1:], duration]
    return _absorb_short(_join_equal(list(zip(moods, begins, ends, strict=True))))


def _join_equal(runs: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    out: list[tuple[str, float, float]] = []
    for run in runs:
        if out and out[-1][0] == run[0]:
            out[-1] = (run[0], out[-1][1], run[2])
        else:
            out.append(run)
    return out


def _absorb_short(runs: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    merged = list(runs)
    while len(merged) > 1:
        lengths = [end - start for _, start, end in merged]
        shortest = min(range(len(merged)), key=lengths.__getitem__)
        if lengths[shortest] >= MIN_SECTION:
            break
        _, start, end = merged.pop(shortest)
        if shortest == 0:
            next_mood, _, next_end = merged[0]
            merged[0] = (next_mood, start, next_end)
        else:
            prev_mood, prev_start, _ = merged[shortest - 1]
            merged[shortest - 1] = (prev_mood, prev_start, end)
        merged = _join_equal(merged)
    return merged


def plan_form(segments: Sequence[MusicSegment], duration: float, music: str, seed: int) -> Form:
    """The bar-by-bar plan of the score (music is a choice: mood, genre, both, or "auto")."""
    genre = parse_music(music).genre
    runs = mood_runs(segments, duration, music)
    palettes = {mood: palette_for(mood, genre) for mood, _, _ in runs}
    keys = {mood: _key_for(mood, palettes[mood], seed) for mood, _, _ in runs}
    sections: list[Section] = []
    for index, (mood, start, end) in enumerate(runs):
        palette = palettes[mood]
        following = runs[index + 1][0] if index + 1 < len(runs) else None
        turn = (
            chord(palettes[following].approach, keys[following]) if following is not None else None
        )
        sections.append(
            _section(index, mood, palette, keys[mood], start, end, seed, len(runs), turn)
        )
    return Form(sections=tuple(sections), duration=duration, seed=seed)


def _key_for(mood: str, palette: Palette, seed: int) -> Key:
    rng = rng_for(seed, MOODS.index(mood), 1)
    tonic = palette.tonics[int(rng.integers(len(palette.tonics)))]
    scale = palette.scales[int(rng.integers(len(palette.scales)))]
    return Key(tonic=tonic, scale=scale)


def _bar_lengths(total_beats: int, meter: int, beat: float, final: bool) -> list[int]:
    lengths = [meter] * (total_beats // meter)
    if total_beats % meter:
        lengths.append(total_beats % meter)
    if len(lengths) > 1 and lengths[-1] == 1:
        tail = lengths.pop()
        lengths[-1] += tail
    while final and len(lengths) > 1 and lengths[-1] * beat < MIN_FINAL_BAR:
        tail = lengths.pop()
        lengths[-1] += tail
    return lengths


def _roles(count: int, first: bool, last: bool) -> list[BarRole]:
    roles: list[BarRole] = ["body"] * count
    if first and count >= 4:
        roles[0] = "intro"
    if first and count >= 12:
        roles[1] = "intro"
    if last:
        roles[-1] = "final"
        if count >= 3:
            roles[-2] = "cadence"
    elif count >= 2:
        roles[-1] = "turn"
    return roles


def _section(
    index: int,
    mood: str,
    palette: Palette,
    key: Key,
    start: float,
    end: float,
    seed: int,
    count: int,
    turn: Chord | None,
) -> Section:
    rng = rng_for(seed, MOODS.index(mood), 2, index)
    progression = palette.progressions[int(rng.integers(len(palette.progressions)))]
    nominal = 60.0 / (palette.bpm * float(rng.uniform(0.96, 1.04)))
    length = end - start
    total_beats = max(1, round(length / nominal))
    beat = length / total_beats
    last = index == count - 1
    lengths = _bar_lengths(total_beats, palette.meter, beat, last)
    roles = _roles(len(lengths), index == 0, last)
    bars: list[Bar] = []
    at = start
    body = 0
    for i, (beats, role) in enumerate(zip(lengths, roles, strict=True)):
        progress = (at - start) / length if length > 0 else 0.0
        if role == "body":
            numeral_chord = chord(progression[body % len(progression)], key)
            phrase = body % 4
            body += 1
            intensity = 0.55 + 0.45 * progress
        elif role == "intro":
            numeral_chord, phrase, intensity = chord(palette.final, key), -1, 0.3
        elif role == "turn":
            numeral_chord = turn if turn is not None else chord(palette.cadence, key)
            phrase, intensity = -1, 0.8
        elif role == "cadence":
            numeral_chord, phrase, intensity = chord(palette.cadence, key), -1, 0.7
        else:
            numeral_chord, phrase, intensity = chord(palette.final, key), -1, 0.5
        bars.append(
            Bar(
                start=at,
                beats=beats,
                beat=beat,
                chord=numeral_chord,
                role=role,
                index=i,
                phrase=phrase,
                intensity=intensity,
            )
        )
        at += beats * beat
    return Section(
        index=index,
        mood=mood,
        palette=palette,
        key=key,
        start=start,
        end=end,
        bars=tuple(bars),
        incoming=index > 0,
        outgoing=not last,
    )
