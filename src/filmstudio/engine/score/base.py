"""The music capability: mood segments and a film length in, a stereo score out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class MusicSegment:
    """A stretch of the film, in seconds, and the mood its music should have."""

    start: float
    end: float
    mood: str


class MusicProvider(Protocol):
    """Anything that can score a film: float32 samples of shape (round(duration * rate), 2)."""

    name: str

    def compose(
        self,
        segments: Sequence[MusicSegment],
        duration: float,
        music: str = "auto",
        seed: int = 0,
        sample_rate: int = 48000,
    ) -> NDArray[np.float32]: ...
