"""compose_score: the score stage end to end (form → parts → MIDI → FluidSynth → finished audio)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pretty_midi
from numpy.typing import NDArray

from filmstudio.engine.score.arrange import arrange, last_note_off
from filmstudio.engine.score.base import MusicSegment
from filmstudio.engine.score.choices import get_music
from filmstudio.engine.score.form import Form, plan_form
from filmstudio.engine.score.loudness import fade, level_sections, normalise
from filmstudio.engine.score.render import SOUNDFONT, Reverb, check_soundfont, render

#: The last seconds fade to silence (shorter for tiny clips).
FADE_OUT = 1.8
FADE_IN = 0.02


def compose_midi(
    segments: Sequence[MusicSegment], duration: float, music: str = "auto", seed: int = 0
) -> tuple[Form, pretty_midi.PrettyMIDI]:
    """The score as a plan and as MIDI, before any sound: what tests and debugging look at."""
    get_music(music)
    if music == "none":
        raise ValueError("music 'none' has no score to compose")
    form = plan_form(segments, duration, music, seed)
    return form, arrange(form)


def compose_score(
    segments: Sequence[MusicSegment],
    duration: float,
    music: str = "auto",
    seed: int = 0,
    sample_rate: int = 48000,
    *,
    soundfont: Path = SOUNDFONT,
) -> NDArray[np.float32]:
    """An original score exactly `duration` seconds long: float32, shape (round(d * rate), 2).

    music="auto" follows the segments' moods with a transition at each change, a mood name
    plays that mood throughout, a genre ("piano") plays the segments' moods with that band,
    "genre:mood" both, and "none" is silence. The same seed gives the same score.
    Loudness is −20 LUFS integrated with peaks under −1 dBFS; the last sample is 0.
    """
    get_music(music)
    if duration < 0 or not np.isfinite(duration):
        raise ValueError(f"duration must be a finite number of seconds >= 0, not {duration}")
    samples = round(duration * sample_rate)
    if music == "none" or samples == 0:
        return np.zeros((samples, 2), dtype=np.float32)
    check_soundfont(soundfont)
    form, midi = compose_midi(segments, duration, music, seed)
    longest = max(form.sections, key=lambda s: s.end - s.start)
    audio = render(midi, samples, sample_rate, Reverb(*longest.palette.reverb), soundfont)
    fade_out = min(FADE_OUT, duration - last_note_off(duration) + 0.8, 0.5 * duration)
    fade(audio, sample_rate, FADE_IN, fade_out)
    spans = [(s.start, s.end, s.palette.level) for s in form.sections]
    level_sections(audio, sample_rate, spans)
    return normalise(audio, sample_rate)
