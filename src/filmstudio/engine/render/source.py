"""The picture track as segments: what the encoder asks of whoever draws the film.

Why a protocol: the encoder (one closed-GOP H.264 segment per entry, cached by `key`, joined
by stream copy) must not know how frames are drawn (a camera over layered sets, talking
close-ups, a diffusion model), and the drawing must not know about ffmpeg. A segment's
frames must depend only on its `key`, so an unchanged key is an unchanged segment even when
the film around it moved in time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from filmstudio.engine.render.motion import Planes


@dataclass(frozen=True)
class Segment:
    """Frames [first, last) of the film, and everything that draws them (JSON-able)."""

    first: int
    last: int
    key: dict[str, Any] = field(default_factory=dict)

    @property
    def frame_count(self) -> int:
        return self.last - self.first


class PictureSource(Protocol):
    """A film's picture track, cut into segments that tile [0, frame_count) in order."""

    size: tuple[int, int]
    fps: int
    frame_count: int

    def segments(self) -> Sequence[Segment]:
        """The segments, in order, covering every frame exactly once."""
        ...

    def frames(self, segment: Segment) -> Iterator[Planes]:
        """Exactly `segment.frame_count` frames as I420 planes at `size`."""
        ...
