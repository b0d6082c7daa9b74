"""The camera for each scene, from who is talking in it.

The first scene establishes the world; two people talking are filmed over the shoulder;
one person with a charged line gets a close-up; one person speaking plainly, or people who
are present but silent, a medium shot; a scene with nobody in it, a wide shot.
"""

from __future__ import annotations

from collections.abc import Sequence

from filmstudio.engine.plan import NARRATOR, Line, ShotType

#: Emotions and deliveries plain enough that a speaker does not need a close-up.
_PLAIN = frozenset({"neutral", "normal", "recite", "sing"})


def choose_shot(index: int, lines: Sequence[Line], characters: Sequence[str]) -> ShotType:
    """The shot type for scene number `index` (0-based)."""
    if index == 0:
        return "establishing"
    speakers = list(dict.fromkeys(line.speaker for line in lines if line.speaker != NARRATOR))
    if len(speakers) >= 2:
        return "over-the-shoulder"
    if len(speakers) == 1:
        charged = any(
            line.emotion not in _PLAIN or line.delivery not in _PLAIN
            for line in lines
            if line.speaker != NARRATOR
        )
        return "close-up" if charged else "medium"
    return "medium" if characters else "wide"
