"""Pictures: a procedural painter that illustrates each scene, and user reference images.

`paint_scene` draws a scene's place at its time of day, weather and mood, with its characters
posed and framed for the shot, in the film's style. Everything is drawn offline with skia and
numpy; the same plan and seed always give the same pixels.
"""

from __future__ import annotations

from filmstudio.engine.picture.contact import contact_sheet, write_contact_sheets
from filmstudio.engine.picture.reference import load_reference, match_references
from filmstudio.engine.picture.scene import paint_scene
from filmstudio.engine.picture.styles import STYLES, get_style

__all__ = [
    "STYLES",
    "contact_sheet",
    "get_style",
    "load_reference",
    "match_references",
    "paint_scene",
    "write_contact_sheets",
]
