"""Voice effects chosen from the plan: the room a line is spoken in, or the device it comes
through (a telephone, a radio).

The planner decides, per line, whether it comes through a phone or a radio or rings in a
stone space (`Line.effect`: phone, radio, echo, none); the scene's setting (place, interior)
gives the room otherwise. Nothing here reads words, so an effect edited in plan.json is the
effect heard.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pedalboard
from numpy.typing import NDArray

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import Line, Scene
from filmstudio.engine.post.dynamics import compress
from filmstudio.engine.post.filters import bandpass, eq, process

Audio = NDArray[np.float32]
Effect = Literal["dry", "room", "hall", "temple", "outdoor", "telephone", "radio"]
EFFECTS: tuple[str, ...] = ("dry", "room", "hall", "temple", "outdoor", "telephone", "radio")

#: Reverb per space: (room size, damping, wet, dry, seconds of tail kept after the voice).
_SPACES: dict[str, tuple[float, float, float, float, float]] = {
    "room": (0.25, 0.6, 0.10, 0.95, 0.4),
    "hall": (0.75, 0.35, 0.22, 0.85, 1.6),
    "temple": (0.92, 0.2, 0.3, 0.8, 2.5),
    "outdoor": (0.1, 0.8, 0.04, 1.0, 0.15),
}
_TEMPLES = frozenset({"temple"})
#: A line's own effect (the plan's `Line.effect`) as the effect applied; "echo" rings like a
#: temple in one and like a hall elsewhere; "none" leaves the room to the setting.
_DEVICES: dict[str, Effect] = {"phone": "telephone", "radio": "radio"}


def effect_for(scene: Scene, line: Line | None = None) -> Effect:
    """The effect a line in `scene` gets: its planned device or echo, else the scene's room."""
    planned = line.effect if line is not None else "none"
    place = scene.setting.place
    if planned in _DEVICES:
        return _DEVICES[planned]
    if planned == "echo":
        return "temple" if place in _TEMPLES else "hall"
    if place in _TEMPLES:
        return "temple"
    if place == "palace":
        return "hall"
    if scene.setting.interior:
        return "room"
    return "outdoor"


def tail_seconds(effect: str) -> float:
    """How long the effect rings after the voice stops (reverb tail)."""
    return _SPACES[effect][4] if effect in _SPACES else 0.0


def apply_effect(samples: Audio, rate: int, effect: str) -> Audio:
    """`samples` through `effect`, followed by its tail (the output is longer for reverbs)."""
    if effect not in EFFECTS:
        raise ChoiceError(f"Unknown voice effect '{effect}'. Choose one of: {', '.join(EFFECTS)}.")
    dry = samples.astype(np.float32)
    if effect == "dry" or len(dry) == 0:
        return dry
    if effect == "telephone":
        return telephone(dry, rate)
    if effect == "radio":
        return radio(dry, rate)
    size, damping, wet, level, tail = _SPACES[effect]
    padded = np.concatenate([dry, np.zeros((round(tail * rate), *dry.shape[1:]), np.float32)])
    board = pedalboard.Chain(
        [
            pedalboard.Reverb(
                room_size=size, damping=damping, wet_level=wet, dry_level=level, width=1.0
            )
        ]
    )
    return process(board, padded, rate)


def telephone(samples: Audio, rate: int) -> Audio:
    """A phone line: 300–3400 Hz, a little squashed and gritty."""
    narrow = bandpass(samples, rate, 300.0, 3400.0, order=4)
    narrow = eq(narrow, rate, presence_db=4.0, presence_hz=1800.0)
    peak = float(np.max(np.abs(narrow))) if len(narrow) else 0.0
    if peak > 0:
        narrow = (np.tanh(2.5 * narrow / peak) * peak / np.tanh(2.5)).astype(np.float32)
    # the grit makes new low and high partials; the line's band limits them again
    return compress(bandpass(narrow, rate, 300.0, 3400.0), rate, threshold_db=-24.0, ratio=4.0)


def radio(samples: Audio, rate: int) -> Audio:
    """A small radio or walkie-talkie: 200–5000 Hz, strongly compressed, lightly driven."""
    narrow = bandpass(samples, rate, 200.0, 5000.0, order=3)
    narrow = eq(narrow, rate, presence_db=5.0, presence_hz=2500.0, mud_db=-3.0, mud_hz=400.0)
    peak = float(np.max(np.abs(narrow))) if len(narrow) else 0.0
    if peak > 0:
        narrow = (np.tanh(1.6 * narrow / peak) * peak / np.tanh(1.6)).astype(np.float32)
    narrow = bandpass(narrow, rate, 200.0, 5000.0, order=3)
    return compress(narrow, rate, threshold_db=-28.0, ratio=6.0, attack_ms=2.0)
