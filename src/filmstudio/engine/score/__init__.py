"""The score stage: an original film score, composed per film and rendered offline.

Moods come from the plan's scenes, a genre (ambient, orchestral, piano, acoustic, electronic,
Indian classical) picks the band; the composer plans a form (intro, body, transitions at mood
changes, a resolving ending), writes each section as MIDI, and FluidSynth renders it with a
General MIDI soundfont. The result is exactly the film's length at −20 LUFS. A user's own track
(:func:`load_user_music`) or separately made cues (:func:`join_cues`) can stand in for it.
"""

from __future__ import annotations

from filmstudio.engine.score.base import MusicProvider, MusicSegment
from filmstudio.engine.score.choices import GENRES, MUSIC, MusicChoice, get_music, parse_music
from filmstudio.engine.score.compose import compose_midi, compose_score
from filmstudio.engine.score.cues import join_cues
from filmstudio.engine.score.providers import MUSIC_PROVIDERS, ComposedMusic, FakeMusic
from filmstudio.engine.score.user import MusicFileError, load_user_music

__all__ = [
    "GENRES",
    "MUSIC",
    "MUSIC_PROVIDERS",
    "ComposedMusic",
    "FakeMusic",
    "MusicChoice",
    "MusicFileError",
    "MusicProvider",
    "MusicSegment",
    "compose_midi",
    "compose_score",
    "get_music",
    "join_cues",
    "load_user_music",
    "parse_music",
]
