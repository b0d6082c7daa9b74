"""The accompanying parts: pads, drones, bass lines, figures and drums, written bar by bar.

Each writer turns a section of the form into notes for one player. Writers do not worry about
where a section ends or about two notes of the same pitch overlapping; the arranger trims both,
so a figure can simply let its notes ring like a pianist holding the pedal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pretty_midi

from filmstudio.engine.score.form import Bar, Section
from filmstudio.engine.score.palettes import Part
from filmstudio.engine.score.theory import nearest, voice

# General MIDI percussion keys (the channel-10 kit).
KICK, CONCERT_KICK, SNARE, CLAP, HAT, CRASH, TAMBOURINE = 36, 35, 38, 39, 42, 49, 54
FLOOR_TOM, HIGH_FLOOR_TOM, LOW_TOM, LOW_MID_TOM, HI_MID_TOM, HIGH_TOM = 41, 43, 45, 47, 48, 50
HI_BONGO, LOW_BONGO, MUTE_CONGA, OPEN_CONGA, LOW_CONGA = 60, 61, 62, 63, 64
MUTE_TRIANGLE, OPEN_TRIANGLE = 80, 81
SIDE_STICK, PEDAL_HAT, OPEN_HAT, SHAKER = 37, 44, 46, 82


@dataclass
class Written:
    """What one player plays in one section."""

    notes: list[pretty_midi.Note] = field(default_factory=list)
    bends: list[pretty_midi.PitchBend] = field(default_factory=list)


def velocity(
    part: Part, bar: Bar, accent: float = 1.0, rng: np.random.Generator | None = None
) -> int:
    """A velocity that follows the bar's intensity, with a little human unevenness."""
    value = part.velocity * (0.7 + 0.4 * bar.intensity) * accent
    if rng is not None:
        value += float(rng.normal(0.0, 3.0))
    return int(min(127, max(1, round(value))))


def add(out: Written, pitch: int, start: float, end: float, vel: int) -> None:
    if end - start > 0.005 and 0 <= pitch <= 127:
        out.notes.append(pretty_midi.Note(velocity=vel, pitch=pitch, start=start, end=end))


def _bass_root(bar: Bar, part: Part) -> int:
    root = nearest(bar.chord.root, part.low + 5)
    while root < part.low:
        root += 12
    while root > part.high:
        root -= 12
    return root


def _ladder(bar: Bar, part: Part, count: int) -> list[int]:
    """Chord tones climbing from the bottom of the part's register: an arpeggio's notes."""
    base = _bass_root(bar, part)
    pitches = [base]
    tones = bar.chord.tones
    index = 0
    while len(pitches) < count:
        index += 1
        pc = tones[index % len(tones)]
        step = (pc - pitches[-1]) % 12 or 12
        pitches.append(pitches[-1] + step)
    return [p if p <= part.high + 12 else p - 12 for p in pitches]


def _rolled_chord(out: Written, part: Part, bar: Bar, pitches: list[int]) -> None:
    for i, pitch in enumerate(pitches):
        add(out, pitch, bar.start + 0.045 * i, bar.end, velocity(part, bar, 0.9 - 0.03 * i))


# ---------------------------------------------------------------------------------------------
# sustained parts


def pad(section: Section, part: Part, rng: np.random.Generator) -> Written:
    """Held chords that change only when the harmony does, voiced for smooth movement."""
    out = Written()
    held: list[pretty_midi.Note] = []
    previous: tuple[int, ...] = ()
    for bar in section.bars:
        voicing = voice(bar.chord, part.low, part.high, previous)
        if voicing == previous and held:
            for note in held:
                note.end = bar.end
            continue
        held = []
        for pitch in voicing:
            note = pretty_midi.Note(velocity(part, bar), pitch, bar.start, bar.end)
            out.notes.append(note)
            held.append(note)
        previous = voicing
    return out


def drone(section: Section, part: Part, rng: np.random.Generator) -> Written:
    """Sa and Pa held through the whole section: the ground a raga melody is heard against."""
    out = Written()
    sa = nearest(section.key.tonic, part.low + 6)
    bar = section.bars[min(1, len(section.bars) - 1)]
    vel = velocity(part, bar)
    add(out, sa, section.start, section.end, vel)
    add(out, sa + 7, section.start, section.end, int(vel * 0.85))
    add(out, sa + 12, section.start, section.end, int(vel * 0.6))
    return out


# ---------------------------------------------------------------------------------------------
# bass


def bass(section: Section, part: Part, rng: np.random.Generator) -> Written:
    """Roots (held, root-fifth halves, or a bouncing quarter-eighth line)."""
    out = Written()
    for bar in section.bars:
        root = _bass_root(bar, part)
        fifth = root + 7 if root + 7 <= part.high else root - 5
        simple = part.pattern == "root" or bar.role in ("intro", "final") or bar.beats < 4
        if simple:
            add(out, root, bar.start, bar.end, velocity(part, bar, rng=rng))
        elif part.pattern == "half":
            add(out, root, bar.at(0), bar.at(2), velocity(part, bar, rng=rng))
            add(out, fifth, bar.at(2), bar.end, velocity(part, bar, 0.9, rng))
        else:
            figure = ((0, root, 1, 1.0), (1, fifth, 0.5, 0.8), (1.5, root, 0.5, 0.85))
            for half in (0, 2):
                for at, pitch, length, accent in figure:
                    target = pitch if half == 0 else (root + 12 if at == 1.5 else pitch)
                    start = bar.at(half + at)
                    add(
                        out,
                        target,
                        start,
                        start + length * bar.beat * 0.9,
                        velocity(part, bar, accent, rng),
                    )
    return out


# ---------------------------------------------------------------------------------------------
# figures


def _eighths(
    bar: Bar, pitches: list[int], order: tuple[int, ...], ring: float
) -> list[tuple[float, int, float]]:
    """(start, pitch, end) for an eighth-note figure cycling through `order`."""
    result = []
    for step in range(bar.beats * 2):
        start = bar.at(step / 2)
        pitch = pitches[order[step % len(order)] % len(pitches)]
        result.append((start, pitch, min(bar.end, start + ring * bar.beat)))
    return result


def figure(section: Section, part: Part, rng: np.random.Generator) -> Written:
    """Broken chords, arpeggios, ostinati and plucked patterns: the motor under the tune."""
    out = Written()
    writer = _FIGURES[part.pattern]
    for bar in section.bars:
        if bar.role == "final":
            if part.pattern in ("ostinato", "drive", "tanpura"):
                add(out, _bass_root(bar, part), bar.start, bar.end, velocity(part, bar))
            else:
                _rolled_chord(out, part, bar, _ladder(bar, part, 4))
            continue
        writer(out, bar, part, rng)
    return out


def _arp8(out: Written, bar: Bar, part: Part, rng: np.random.Generator) -> None:
    pitches = _ladder(bar, part, 4)
    for i, (start, pitch, end) in enumerate(_eighths(bar, pitches, (0, 1, 2, 3, 2, 1, 2, 1), 2.0)):
        add(out, pitch, start, end, velocity(part, bar, 1.0 if i % 2 == 0 else 0.82, rng))


def _arp8up(out: Written, bar: Bar, part: Part, rng: np.random.Generator) -> None:
    pitches = _ladder(bar, part, 8)
    for i, (start, pitch, end) in enumerate(_eighths(bar, pitches, tuple(range(8)), 1.5)):
        add(out, pitch, start, end, velocity(part, bar, 0.8 + 0.03 * (i % 8), rng))


def _flow(out: Written, bar: Bar, part: Part, rng: np.random.Generator) -> None:
    root = _bass_root(bar, part)
    upper = _ladder(bar, part, 6)[1:]
    pitches = [root, *[p + 12 if p < root + 7 else p for p in upper[:3]]]
    for i, (start, pitch, end) in enumerate(_eighths(bar, pitches, (0, 1, 2, 3, 2, 1), 1.5)):
        ring = bar.end if i == 0 else end
        add(out, pitch, start, ring, velocity(part, bar, 1.0 if i == 0 else 0.8, rng))


def _rise(out: Written, bar: Bar, part: Part, rng: np.random.Generator) -> None:
    pitches = _ladder(bar, part, 9)
    steps = min(len(pitches), bar.beats * 3)
    for i in range(steps):
        start = bar.at(i / 3)
        add(out, pitches[i], start, bar.end, velocity(part, bar, 0.75 + 0.03 * i, rng))


def _ostinato(out: Written, bar: Bar, part: Part, rng: np.random.Generator) -> None:
    root = _bass_root(bar, part)
    third = (bar.chord.tones[1] - bar.chord.root) % 12
    offsets = (0, 0, 12, 0, 0, 1, 0, third)  # the chromatic upper neighbour is the menace
    for i in range(bar.beats * 2):
        start = bar.at(i / 2)
        accent = 1.0 if i % 8 in (0, 3, 6) else 0.72
        add(
            out,
            root + offsets[i % 8],
            start,
            start + part.legato * bar.beat / 2,
            velocity(part, bar, accent, rng),
        )


def _drive(out: Written, bar: Bar, part: Part, rng: np.random.Generator) -> None:
    root = _bass_root(bar, part)
    for i in range(bar.beats * 2):
        start = bar.at(i / 2)
        accent = 1.0 if i % 8 in (0, 3, 6) else 0.7
        end = start + part.legato * bar.beat / 2
        vel = velocity(part, bar, accent, rng)
        add(out, root, start, end, vel)
        add(out, root + 7, start, end, int(vel * 0.85))


def _pluck(out: Written, bar: Bar, part: Part, rng: np.random.Generator) -> None:
    pitches = _ladder(bar, part, 5)
    order = (0, 2, 3, 4, 1, 2, 3, 4)
    for i, (start, pitch, end) in enumerate(_eighths(bar, pitches, order, 1.0)):
        add(out, pitch, start, end, velocity(part, bar, 1.0 if i % 4 == 0 else 0.78, rng))


def _offbeat(out: Written, bar: Bar, part: Part, rng: np.random.Generator) -> None:
    voicing = voice(bar.chord, part.low, part.high, size=3)
    for beat in range(bar.beats):
        start = bar.at(beat + 0.5)
        vel = velocity(part, bar, 0.9 if beat % 2 else 0.75, rng)
        for pitch in voicing:
            add(out, pitch, start, start + 0.3 * bar.beat, vel)


def _tanpura(out: Written, bar: Bar, part: Part, rng: np.random.Generator) -> None:
    sa = nearest(bar.chord.root, part.low + 6)
    cycle = (sa - 5, sa + 12 if sa + 12 <= part.high + 12 else sa, sa + 12, sa)
    for beat in range(bar.beats):
        start = bar.at(beat)
        accent = 1.0 if beat % 4 == 0 else 0.85
        add(out, cycle[beat % 4], start, start + 2.5 * bar.beat, velocity(part, bar, accent, rng))


def _strum(out: Written, bar: Bar, part: Part, rng: np.random.Generator) -> None:
    """A guitar strum: down on the beat, up on the "and" of two, lighter and quicker."""
    voicing = voice(bar.chord, part.low, part.high, size=5 if len(bar.chord.tones) > 3 else 4)
    strokes = ((0.0, 1), (1.0, 1), (1.5, -1), (2.5, -1), (3.0, 1), (3.5, -1))
    for at, way in strokes:
        if at >= bar.beats:
            continue
        order = voicing if way > 0 else tuple(reversed(voicing))
        accent = 1.0 if way > 0 else 0.75
        for i, pitch in enumerate(order):
            start = bar.at(at) + 0.012 * i
            add(out, pitch, start, bar.at(at) + 0.9 * bar.beat, velocity(part, bar, accent, rng))


def _seq16(out: Written, bar: Bar, part: Part, rng: np.random.Generator) -> None:
    """An arpeggiator: sixteenths climbing the chord over two octaves, short and even."""
    pitches = _ladder(bar, part, 8)
    order = (0, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1, 2, 3)
    for i in range(bar.beats * 4):
        start = bar.at(i / 4)
        end = start + part.legato * bar.beat / 4
        pitch = pitches[order[i % len(order)] % len(pitches)]
        add(out, pitch, start, end, velocity(part, bar, 1.0 if i % 4 == 0 else 0.7, rng))


def _bells(out: Written, bar: Bar, part: Part, rng: np.random.Generator) -> None:
    """Two or three chord tones struck at unhurried moments, left to ring: ambient sparkle."""
    pitches = _ladder(bar, part, 7)[2:]
    count = int(rng.integers(1, 4))
    slots = sorted(rng.choice(bar.beats * 2, size=min(count, bar.beats * 2), replace=False))
    for slot in slots:
        start = bar.at(slot / 2)
        pitch = pitches[int(rng.integers(len(pitches)))]
        add(out, pitch, start, bar.end + bar.beat, velocity(part, bar, 0.9, rng))


_FIGURES: dict[str, Callable[[Written, Bar, Part, np.random.Generator], None]] = {
    "arp8": _arp8,
    "arp8up": _arp8up,
    "flow": _flow,
    "rise": _rise,
    "ostinato": _ostinato,
    "drive": _drive,
    "pluck": _pluck,
    "offbeat": _offbeat,
    "tanpura": _tanpura,
    "strum": _strum,
    "seq16": _seq16,
    "bells": _bells,
}


# ---------------------------------------------------------------------------------------------
# percussion

#: Drum patterns as (beat offset, GM key, accent) for a 4-beat bar.
_GROOVES: dict[str, tuple[tuple[float, int, float], ...]] = {
    "build": (
        (0, KICK, 0.9),
        (2, KICK, 0.8),
        *((i / 2, HAT, 0.45 if i % 2 else 0.6) for i in range(8)),
    ),
    "heartbeat": (
        (0, KICK, 1.0),
        (0.5, KICK, 0.7),
        (2, KICK, 0.95),
        (2.5, KICK, 0.65),
        (3.5, FLOOR_TOM, 0.5),
    ),
    "pop": (
        (0, KICK, 1.0),
        (1.5, KICK, 0.7),
        (2, KICK, 0.95),
        (1, CLAP, 0.8),
        (3, CLAP, 0.85),
        *((i / 2, TAMBOURINE, 0.5 if i % 2 else 0.35) for i in range(8)),
    ),
    "epic": (
        (0, CONCERT_KICK, 1.0),
        (0, FLOOR_TOM, 0.9),
        (1.5, HIGH_FLOOR_TOM, 0.7),
        (2, CONCERT_KICK, 0.9),
        (2, FLOOR_TOM, 0.8),
        (3, LOW_TOM, 0.75),
        (3.5, HIGH_FLOOR_TOM, 0.7),
    ),
    "tabla": (
        (0, LOW_CONGA, 0.85),
        (0, HI_BONGO, 0.75),
        (0.5, LOW_CONGA, 0.5),
        (1, OPEN_CONGA, 0.7),
        (1.5, MUTE_CONGA, 0.5),
        (2, OPEN_CONGA, 0.6),
        (2.5, LOW_BONGO, 0.4),
        (3, LOW_CONGA, 0.6),
        (3, HI_BONGO, 0.6),
        (3.5, OPEN_CONGA, 0.55),
        (0, OPEN_TRIANGLE, 0.35),
        (2, MUTE_TRIANGLE, 0.3),
    ),
    "mystery": ((0, OPEN_TRIANGLE, 0.6), (2, LOW_TOM, 0.5)),
    "four": (
        *((float(i), KICK, 1.0) for i in range(4)),
        (1, CLAP, 0.85),
        (3, CLAP, 0.9),
        *((i / 4, HAT, 0.55 if i % 2 else 0.35) for i in range(16) if i % 4 != 2),
        *((i + 0.5, OPEN_HAT, 0.5) for i in range(4)),
    ),
    "downtempo": (
        (0, KICK, 0.95),
        (2.5, KICK, 0.7),
        (2, SIDE_STICK, 0.75),
        *((i / 2, HAT, 0.4 if i % 2 else 0.3) for i in range(8)),
    ),
    "folk": (
        (0, CONCERT_KICK, 0.8),
        (2, CONCERT_KICK, 0.7),
        (1, TAMBOURINE, 0.7),
        (3, TAMBOURINE, 0.75),
        *((i / 2, SHAKER, 0.55 if i % 2 else 0.4) for i in range(8)),
    ),
    "tabla_fast": (
        (0, LOW_CONGA, 0.9),
        (0, HI_BONGO, 0.8),
        *((i / 4, HI_BONGO if i % 2 else MUTE_CONGA, 0.45) for i in range(1, 16) if i % 4),
        (1, OPEN_CONGA, 0.75),
        (2, LOW_CONGA, 0.8),
        (3, OPEN_CONGA, 0.7),
        (3.5, LOW_BONGO, 0.6),
    ),
}


def drums(section: Section, part: Part, rng: np.random.Generator) -> Written:
    """A groove per mood, quiet in intros, with fills into the next section and a last hit."""
    out = Written()
    groove = _GROOVES[part.pattern]
    first_body = next((b for b in section.bars if b.role == "body"), None)
    for bar in section.bars:
        if bar.role == "intro" and part.pattern != "heartbeat":
            continue
        if part.pattern == "build" and bar.intensity < 0.75 and bar.role == "body":
            continue
        if part.pattern == "mystery" and bar.index % 2:
            continue
        if bar.role == "final":
            if part.pattern in ("epic", "pop", "four"):
                add(out, CRASH, bar.start, bar.start + 2.0, velocity(part, bar, 1.0))
                add(out, CONCERT_KICK, bar.start, bar.start + 1.0, velocity(part, bar, 1.0))
            elif part.pattern in ("tabla", "tabla_fast"):
                add(out, LOW_CONGA, bar.start, bar.start + 0.5, velocity(part, bar, 0.8))
                add(out, OPEN_TRIANGLE, bar.start, bar.start + 1.0, velocity(part, bar, 0.4))
            continue
        if bar is first_body and part.pattern in ("epic", "pop", "four") and section.incoming:
            add(out, CRASH, bar.start, bar.start + 1.5, velocity(part, bar, 0.9))
        if section.incoming and bar.index == 0 and len(section.bars) > 2:
            continue
        fill = bar.role == "turn" and part.pattern in ("epic", "pop", "four") and bar.beats >= 2
        limit = bar.beats - 2 if fill else bar.beats
        for cycle in range(0, limit, 4):
            for at, key, accent in groove:
                if cycle + at < limit:
                    start = bar.at(cycle + at)
                    end = start + 0.25 * bar.beat
                    add(out, key, start, end, velocity(part, bar, accent, rng))
        if fill:
            toms = (HIGH_TOM, HI_MID_TOM, LOW_MID_TOM, LOW_TOM, FLOOR_TOM)
            for i in range(8):
                start = bar.at(limit + i / 4)
                key = SNARE if part.pattern == "epic" else toms[i * len(toms) // 8]
                add(
                    out,
                    key,
                    start,
                    start + 0.2 * bar.beat,
                    velocity(part, bar, 0.5 + 0.06 * i, rng),
                )
    return out


def timpani(section: Section, part: Part, rng: np.random.Generator) -> Written:
    """Pulses on the root (tense) or hits and rolls that push phrase ends (epic)."""
    out = Written()
    for bar in section.bars:
        root = _bass_root(bar, part)
        if bar.role == "intro":
            continue
        if bar.role == "final":
            add(out, root, bar.start, bar.start + 2 * bar.beat, velocity(part, bar, 1.1))
            continue
        if part.pattern == "pulse":
            for beat in range(0, bar.beats, 2):
                start = bar.at(beat)
                add(
                    out,
                    root,
                    start,
                    start + bar.beat,
                    velocity(part, bar, 1.0 if beat == 0 else 0.8, rng),
                )
            continue
        roll_from = (
            0.0
            if bar.role in ("turn", "cadence")
            else (bar.beats - 2.0 if bar.phrase == 3 else float(bar.beats))
        )
        if roll_from > 0:
            add(out, root, bar.start, bar.start + bar.beat, velocity(part, bar, 1.0, rng))
        if bar.beats > 2 and roll_from > 2.5:
            start = bar.at(2.5)
            add(out, root, start, start + bar.beat, velocity(part, bar, 0.7, rng))
        strokes = int((bar.beats - roll_from) * 6)
        for i in range(strokes):
            start = bar.at(roll_from + i / 6)
            accent = 0.45 + 0.55 * i / max(1, strokes - 1)
            add(out, root, start, start + bar.beat / 6, velocity(part, bar, accent))
    return out


WRITERS: dict[str, Callable[[Section, Part, np.random.Generator], Written]] = {
    "pad": pad,
    "drone": drone,
    "bass": bass,
    "accomp": figure,
    "perc": drums,
    "timpani": timpani,
}
