"""The film's voice and ambience tracks, with effects chosen from each scene of the plan."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.mix import SAMPLE_RATE, Mixdown, mixdown, resample
from filmstudio.engine.plan import FilmPlan
from filmstudio.engine.post.ambience import ambience_track
from filmstudio.engine.post.effects import apply_effect, effect_for
from filmstudio.engine.timing import Timeline

Audio = NDArray[np.float32]


def voice_track(
    plan: FilmPlan, timeline: Timeline, rate: int = SAMPLE_RATE, *, effects: bool = True
) -> Audio:
    """Every line placed at its start on one mono track, through its scene's effect.

    A line keeps its own loudness through an effect (a phone line is thinner, not quieter), and
    a reverb tail rings on after the line, up to the end of the film.
    """
    track = np.zeros(round(timeline.duration * rate), dtype=np.float32)
    for timed in timeline.lines:
        dry = resample(timed.speech.samples, timed.speech.sample_rate, rate)
        clip = dry
        if effects:
            effect = effect_for(plan.scenes[timed.scene_index], timed.line)
            clip = apply_effect(dry, rate, effect)
            clip = _match_level(clip, dry)
        start = round(timed.start * rate)
        end = min(len(track), start + len(clip))
        if end > start:
            track[start:end] += clip[: end - start]
    return track


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
