"""The film's voice and ambience tracks, with effects chosen from each scene of the plan."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.mix import SAMPLE_RATE, Mixdown, mixdown, resample
from filmstudio.engine.plan import FilmPlan
from filmstudio.engine.post.ambience import ambience_track
from filmstudio.engine.post.blocks import BLOCK, spans
from filmstudio.engine.post.effects import apply_effect, effect_for
from filmstudio.engine.timing import TimedLine, Timeline

Audio = NDArray[np.float32]


def voice_track(
    plan: FilmPlan, timeline: Timeline, rate: int = SAMPLE_RATE, *, effects: bool = True
) -> Audio:
    """Every line placed at its start on one mono track, through its scene's effect.

    A line keeps its own loudness through an effect (a phone line is thinner, not quieter), and
    a reverb tail rings on after the line, up to the end of the film.
    """
    n = round(timeline.duration * rate)
    pieces = list(voice_blocks(plan, timeline, rate, effects=effects))
    return np.concatenate(pieces) if pieces else np.zeros(n, dtype=np.float32)


def voice_blocks(
    plan: FilmPlan,
    timeline: Timeline,
    rate: int = SAMPLE_RATE,
    *,
    effects: bool = True,
    block: int = BLOCK,
) -> Iterator[Audio]:
    """The voice track (see :func:`voice_track`) as consecutive blocks of `block` frames.

    Only the lines sounding in the current block are held (each put through its effect once),
    so a long film's voices never sit in memory as one film-long array.
    """
    n = round(timeline.duration * rate)
    order = sorted(range(len(timeline.lines)), key=lambda k: round(timeline.lines[k].start * rate))
    waiting = iter(order)
    upcoming = next(waiting, None)
    sounding: dict[int, tuple[int, Audio]] = {}
    for begin, end in spans(n, block):
        while upcoming is not None and round(timeline.lines[upcoming].start * rate) < end:
            timed = timeline.lines[upcoming]
            sounding[upcoming] = (
                round(timed.start * rate),
                _placed_clip(plan, timed, rate, effects),
            )
            upcoming = next(waiting, None)
        out = np.zeros(end - begin, dtype=np.float32)
        for index in sorted(sounding):  # the timeline's order, as the whole-track sum has it
            start, clip = sounding[index]
            lo, hi = max(begin, start), min(end, start + len(clip))
            if hi > lo:
                out[lo - begin : hi - begin] += clip[lo - start : hi - start]
            if start + len(clip) <= end:
                del sounding[index]
        yield out


def _placed_clip(plan: FilmPlan, timed: TimedLine, rate: int, effects: bool) -> Audio:
    """One line at the film's rate, through its scene's effect (level kept)."""
    dry = resample(timed.speech.samples, timed.speech.sample_rate, rate)
    if not effects:
        return dry
    effect = effect_for(plan.scenes[timed.scene_index], timed.line)
    return _match_level(apply_effect(dry, rate, effect), dry)


def _match_level(processed: Audio, dry: Audio) -> Audio:
    """`processed` scaled so the part that overlaps the dry line has the dry line's RMS."""
    head = processed[: len(dry)]
    wet = float(np.sqrt(np.mean(np.square(head, dtype=np.float64)))) if len(head) else 0.0
    want = float(np.sqrt(np.mean(np.square(dry, dtype=np.float64)))) if len(dry) else 0.0
    if wet <= 0 or want <= 0:
        return processed
    return (processed * np.float32(want / wet)).astype(np.float32)


def film_ambience(plan: FilmPlan, timeline: Timeline, rate: int = SAMPLE_RATE) -> Audio:
    """The ambience beds every scene's setting calls for, cross-faded at the cuts; (n, 2)."""
    scenes = [
        (timed.start, timed.end, plan.scenes[timed.index].setting) for timed in timeline.scenes
    ]
    return ambience_track(scenes, timeline.duration, rate, plan.seed)


def film_mixdown(
    plan: FilmPlan,
    timeline: Timeline,
    music: Audio,
    rate: int = SAMPLE_RATE,
    *,
    effects: bool = True,
    ambience: bool = True,
) -> Mixdown:
    """The film's whole sound in one call: voices through their effects, ambience beds and
    the score, mixed to −14 LUFS and kept as stems (see :func:`filmstudio.engine.mix.mixdown`)."""
    speech = voice_track(plan, timeline, rate, effects=effects)
    air = film_ambience(plan, timeline, rate) if ambience else None
    return mixdown(speech, music, air, rate)
