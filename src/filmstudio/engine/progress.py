"""Progress reporting: every stage reports ``(stage, fraction)`` through one callback."""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[str, float], None]


def no_progress(stage: str, fraction: float) -> None:
    """The default callback: says nothing."""
