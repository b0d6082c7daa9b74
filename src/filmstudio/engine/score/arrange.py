"""The arranger: every section's players written out as one PrettyMIDI score.

It owns the joins. Notes are trimmed to their section (so a mood's band stops on the cut),
pads ring a little past it while fading (the crossfade), the next band swells in, and the last
section's notes stop a moment before the film ends so their release can decay in time.
"""

from __future__ import annotations

import pretty_midi

from filmstudio.engine.plan import MOODS
from filmstudio.engine.score.form import Form, Section, rng_for
from filmstudio.engine.score.melody import melody
from filmstudio.engine.score.palettes import Part
from filmstudio.engine.score.parts import WRITERS, Written

#: How long (seconds) an outgoing pad keeps fading under the next section.
OVERLAP = 0.6
#: Expression (CC 11) is stepped this often (seconds) while it ramps.
RAMP_STEP = 0.04
_VOLUME, _PAN, _EXPRESSION, _REVERB, _CHORUS = 7, 10, 11, 91, 93


def last_note_off(duration: float) -> float:
    """When every note has been released: about a second before the end, less for tiny films."""
    return duration - min(1.0, 0.2 * duration)


def arrange(form: Form) -> pretty_midi.PrettyMIDI:
    """The full score: one instrument per (section, part), in section order."""
    midi = pretty_midi.PrettyMIDI(initial_tempo=form.sections[0].bpm)
    stop = last_note_off(form.duration)
    for section in form.sections:
        for number, part in enumerate(section.palette.parts):
            rng = rng_for(form.seed, MOODS.index(section.mood), 3, section.index, number)
            written = (melody if part.role == "melody" else WRITERS[part.role])(section, part, rng)
            limit = section.end if section.outgoing else stop
            if section.outgoing and part.role in ("pad", "drone"):
                limit += OVERLAP
            instrument = pretty_midi.Instrument(
                program=part.program,
                is_drum=part.is_drum,
                name=f"{section.index}:{section.mood}:{part.role}:{part.pattern}",
            )
            instrument.notes = _tidy(written, limit)
            instrument.pitch_bends = sorted(
                (b for b in written.bends if b.time < limit), key=lambda b: b.time
            )
            instrument.control_changes = _controls(section, part, limit)
            midi.instruments.append(instrument)
    return midi


def _tidy(written: Written, limit: float) -> list[pretty_midi.Note]:
    """Notes cut at `limit`, and a repeated pitch released just before it sounds again."""
    notes = sorted(
        (n for n in written.notes if n.start < limit - 0.03),
        key=lambda n: (n.start, n.pitch),
    )
    last: dict[int, pretty_midi.Note] = {}
    kept: list[pretty_midi.Note] = []
    for note in notes:
        note.end = min(note.end, limit)
        earlier = last.get(note.pitch)
        if earlier is not None and earlier.end > note.start - 0.005:
            earlier.end = note.start - 0.005
        last[note.pitch] = note
        kept.append(note)
    return [n for n in kept if n.end - n.start > 0.01]


def _controls(section: Section, part: Part, limit: float) -> list[pretty_midi.ControlChange]:
    start = section.start
    controls = [
        pretty_midi.ControlChange(_VOLUME, part.volume, start),
        pretty_midi.ControlChange(_PAN, part.pan, start),
        pretty_midi.ControlChange(_REVERB, min(127, part.reverb), start),
        pretty_midi.ControlChange(_CHORUS, 0, start),
    ]
    sustained = part.role in ("pad", "drone")
    first, last = section.bars[0], section.bars[-1]
    fade_in: tuple[float, float, float] | None = None
    if section.index == 0 and part.role != "perc":
        fade_in = (start, first.end, 0.35)
    elif section.incoming:
        fade_in = (start, first.end, 0.35 if sustained else 0.72)
    fade_out: list[tuple[float, float, float, float]] = []
    if section.outgoing:
        fade_out.append((last.start, section.end, 1.0, 0.8))
        if sustained:
            fade_out.append((section.end, limit, 0.8, 0.0))
    else:
        fade_out.append((last.start, limit, 1.0, 0.5))

    def expression(t: float) -> int:
        gain = out = 1.0
        if fade_in is not None:
            t0, t1, floor = fade_in
            gain *= floor + (1 - floor) * _progress(t, t0, t1)
        for t0, t1, g0, g1 in fade_out:
            if t >= t0:
                out = g0 + (g1 - g0) * _progress(t, t0, t1)
        return max(0, min(127, round(127 * gain * out)))

    value = -1
    t = start
    while t < limit:
        current = expression(t)
        if current != value:
            controls.append(pretty_midi.ControlChange(_EXPRESSION, current, t))
            value = current
        t += RAMP_STEP
    return controls


def _progress(t: float, t0: float, t1: float) -> float:
    if t1 <= t0:
        return 1.0
    return min(1.0, max(0.0, (t - t0) / (t1 - t0)))
