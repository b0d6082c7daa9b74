"""Animation of what the camera films: talking characters (close-ups that lip-sync).

`paint_portrait` draws a speaking character's close-up; `ProceduralTalker` animates it from
the line's speech (a lip-sync plug-in; a learned model can replace it by configuration).
"""

from __future__ import annotations

from filmstudio.engine.animate.portrait import PortraitImage, paint_portrait
from filmstudio.engine.animate.talker import ProceduralTalker

__all__ = ["PortraitImage", "ProceduralTalker", "paint_portrait"]
