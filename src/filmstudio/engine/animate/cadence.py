"""How often a new drawing is shown: characters and hand-drawn elements change on twos."""

from __future__ import annotations

import math

#: Characters change drawing on twos: 12 drawings a second (every other frame at 24 fps).
DRAWINGS_PER_SECOND = 12


def on_twos(seconds: float) -> float:
    """The time of the drawing shown at `seconds` (a new one 12 times a second); the small
    allowance keeps frame times that float arithmetic puts a hair early on their drawing."""
    return math.floor(seconds * DRAWINGS_PER_SECOND + 1e-6) / DRAWINGS_PER_SECOND
