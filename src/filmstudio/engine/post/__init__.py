"""Audio post-production: cleaning uploaded sound, voice effects, ambience beds, stems.

What a sound editor does between the recordings and the mix: uploaded narration and music are
cleaned and levelled (:func:`clean_voice`, :func:`clean_music`); each line gets the room or
device its scene calls for (:func:`effect_for`, :func:`voice_track`); outdoor scenes get
synthesized ambience beds (:func:`film_ambience`); the mixer (:mod:`filmstudio.engine.mix`)
then balances voice, ambience and music and can hand them back as stems.
"""

from __future__ import annotations

from filmstudio.engine.post.ambience import BEDS, ambience_for, ambience_track, bed
from filmstudio.engine.post.clean import clean_music, clean_voice
from filmstudio.engine.post.denoise import reduce_noise
from filmstudio.engine.post.dynamics import compress, deess, level_to, lufs
from filmstudio.engine.post.effects import EFFECTS, apply_effect, effect_for
from filmstudio.engine.post.filters import bandpass, eq, highpass, lowpass
from filmstudio.engine.post.track import film_ambience, film_mixdown, voice_blocks, voice_track

__all__ = [
    "BEDS",
    "EFFECTS",
    "ambience_for",
    "ambience_track",
    "apply_effect",
    "bandpass",
    "bed",
    "clean_music",
    "clean_voice",
    "compress",
    "deess",
    "effect_for",
    "eq",
    "film_ambience",
    "film_mixdown",
    "highpass",
    "level_to",
    "lowpass",
    "lufs",
    "reduce_noise",
    "voice_blocks",
    "voice_track",
]
