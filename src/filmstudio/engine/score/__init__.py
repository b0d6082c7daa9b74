"""The score stage: an original film score, composed per film and rendered offline.

Moods come from the plan's scenes; the composer plans a form (intro, body, transitions at mood
changes, a resolving ending), writes each mood's band as MIDI, and FluidSynth renders it with a
General MIDI soundfont. The result is exactly the film's length at −20 LUFS.
"""

from __future__ import annotations

from filmstudio.engine.score.base import MusicProvider, MusicSegment
from filmstudio.engine.score.choices import MUSIC, get_music
from filmstudio.engine.score.compose import compose_midi, compose_score
from filmstudio.engine.score.providers import MUSIC_PROVIDERS, ComposedMusic, FakeMusic

__all__ = [
    "MUSIC",
    "MUSIC_PROVIDERS",
    "ComposedMusic",
    "FakeMusic",
    "MusicProvider",
    "MusicSegment",
    "compose_midi",
    "compose_score",
    "get_music",
]
