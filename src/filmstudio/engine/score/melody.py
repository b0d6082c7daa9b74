"""The tune: short motifs repeated and varied in four-bar phrases over the chords.

A melody is remembered because it repeats, so each section draws two bar-long motifs (a rhythm
and an up/down contour) and builds phrases as A, A', B, cadence. Strong beats land on chord tones
and weak beats step along the scale; every third phrase rests so the score breathes under the
narration. The seed picks the motifs, so every seed sings a different tune.
"""

from __future__ import annotations

import numpy as np
import pretty_midi

from filmstudio.engine.score.form import Bar, Section
from filmstudio.engine.score.palettes import Part
from filmstudio.engine.score.parts import Written, add, velocity
from filmstudio.engine.score.theory import nearest

#: Pitch-bend units per semitone with the General MIDI default range of ±2 semitones.
BEND_PER_SEMITONE = 4096


def melody(section: Section, part: Part, rng: np.random.Generator) -> Written:
    """The melody of one section (silent in intros; a held tonic on the final chord)."""
    out = Written()
    palette = section.palette
    ladder = section.key.pitches(part.low, part.high)
    fitting = [r for r in palette.rhythms if abs(sum(abs(x) for x in r) - palette.meter) < 1e-6]
    moving = [r for r in fitting if sum(1 for x in r if x > 0) >= 2] or fitting
    first = moving[int(rng.integers(len(moving)))]
    others = [r for r in fitting if r != first] or fitting
    second = others[int(rng.integers(len(others)))]
    contour_a = _contour(rng, len(first), palette.rising)
    contour_a2 = [*contour_a[:-1], -contour_a[-1]] if contour_a else contour_a
    contour_b = _contour(rng, len(second), palette.rising)
    position = int(rng.integers(len(ladder) // 3, 2 * len(ladder) // 3 + 1))
    body = 0
    previous: pretty_midi.Note | None = None
    for bar in section.bars:
        if bar.role == "intro":
            continue
        if bar.role in ("final", "turn", "cadence") or bar.beats != palette.meter:
            position = _long_note(out, bar, part, ladder, position, rng)
            continue
        phrase, slot = divmod(body, 4)
        body += 1
        if phrase % 3 == 2:
            continue
        if slot == 3:
            position = _long_note(out, bar, part, ladder, position, rng, rest=1.0)
            continue
        rhythm, contour = ((first, contour_a), (first, contour_a2), (second, contour_b))[slot]
        at = 0.0
        for length, direction in zip(rhythm, contour, strict=True):
            if length < 0:
                at += -length
                continue
            strong = at == 0 or (palette.meter == 4 and at == 2) or length >= 2
            anchored = strong and rng.random() < palette.anchor
            position = _step(ladder, position, direction, bar, anchored, rng)
            start = bar.at(at)
            end = bar.at(at + length * part.legato)
            vel = velocity(part, bar, 1.0 if strong else 0.86, rng)
            note = pretty_midi.Note(vel, ladder[position], start, end)
            if palette.meend and previous is not None:
                _meend(out, previous, note, bar, rng)
            out.notes.append(note)
            previous = note
            at += length
    return out


def _contour(rng: np.random.Generator, count: int, rising: float) -> list[int]:
    return [1 if rng.random() < rising else -1 for _ in range(count)]


def _step(
    ladder: list[int],
    position: int,
    direction: int,
    bar: Bar,
    anchored: bool,
    rng: np.random.Generator,
) -> int:
    """The next ladder index: a chord tone near the contour's way if anchored, else a step."""
    top = len(ladder) - 1
    if (position >= top * 0.8 and direction > 0) or (position <= top * 0.2 and direction < 0):
        direction = -direction
    if anchored:
        for distance in range(1, 5):
            for way in (direction, -direction):
                index = position + way * distance
                if 0 <= index <= top and bar.chord.has(ladder[index]):
                    return index
        return position
    size = 2 if rng.random() < 0.2 else 1
    return min(top, max(0, position + direction * size))


def _long_note(
    out: Written,
    bar: Bar,
    part: Part,
    ladder: list[int],
    position: int,
    rng: np.random.Generator,
    rest: float = 0.0,
) -> int:
    """A held chord tone closing a phrase (the tonic on the final bar); rest=beats left silent."""
    current = ladder[position]
    targets = (bar.chord.root,) if bar.role == "final" else bar.chord.tones[:3]
    pitch = min(
        (nearest(pc, current) for pc in targets),
        key=lambda p: (abs(p - current), p),
    )
    while pitch > part.high:
        pitch -= 12
    while pitch < part.low:
        pitch += 12
    length = bar.beats - rest if bar.role != "final" else bar.beats
    add(
        out,
        pitch,
        bar.start,
        bar.at(max(0.5, length * part.legato)),
        velocity(part, bar, 0.95, rng),
    )
    closest = min(range(len(ladder)), key=lambda i: abs(ladder[i] - pitch))
    return closest


def _meend(
    out: Written,
    previous: pretty_midi.Note,
    note: pretty_midi.Note,
    bar: Bar,
    rng: np.random.Generator,
) -> None:
    """Slide into a note from the one before, as a bansuri or voice does in a raga."""
    interval = previous.pitch - note.pitch
    joined = note.start - previous.end < 0.3
    long_enough = note.end - note.start >= 0.8 * bar.beat
    if not (joined and long_enough and 0 < abs(interval) <= 2) or rng.random() > 0.6:
        return
    glide = min(0.25, 0.4 * (note.end - note.start))
    for i in range(9):
        amount = interval * BEND_PER_SEMITONE * (1 - i / 8)
        value = int(max(-8192, min(8191, round(amount))))
        out.bends.append(pretty_midi.PitchBend(value, note.start + glide * i / 8))
