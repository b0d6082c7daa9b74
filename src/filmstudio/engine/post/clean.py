"""Cleaning uploaded sound: a narration recorded at home, or a music file, made film-ready.

The order matters: rumble goes first (it would fool the noise estimate and the compressor),
then steady noise, then tone (EQ), then dynamics, then the level.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.post.denoise import reduce_noise
from filmstudio.engine.post.dynamics import compress, deess, level_to
from filmstudio.engine.post.filters import eq, highpass

Audio = NDArray[np.float32]

#: Where cleaned narration sits before the mix sets the film's level (LUFS).
VOICE_LUFS = -18.0
#: Where cleaned music sits; the composed score uses the same level.
MUSIC_LUFS = -20.0


def clean_voice(samples: Audio, rate: int, *, denoise: bool = True) -> Audio:
    """A narration recording cleaned and levelled: high-pass 80 Hz, noise reduction, EQ (less
    mud, more presence), 3:1 compression, de-essing, −18 LUFS. Mono or stereo in, same out."""
    out = highpass(samples.astype(np.float32), rate, 80.0)
    if denoise:
        out = reduce_noise(out, rate)
    out = eq(out, rate, mud_db=-2.5, mud_hz=300.0, presence_db=2.5, presence_hz=3500.0)
    out = level_to(out, rate, VOICE_LUFS)
    out = compress(out, rate, threshold_db=-24.0, ratio=3.0, attack_ms=5.0, release_ms=120.0)
    out = deess(out, rate)
    return level_to(out, rate, VOICE_LUFS)


def clean_music(samples: Audio, rate: int) -> Audio:
    """Uploaded music made to sit under voices: rumble below 30 Hz removed, a gentle 2:1 glue
    compression on peaks, −20 LUFS (the same level as the composed score)."""
    out = highpass(samples.astype(np.float32), rate, 30.0, order=2)
    out = level_to(out, rate, MUSIC_LUFS)
    out = compress(out, rate, threshold_db=-14.0, ratio=2.0, attack_ms=20.0, release_ms=250.0)
    return level_to(out, rate, MUSIC_LUFS)
