"""The fonts the engine draws with (Debian's fonts-noto-core), found once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from filmstudio.engine.errors import ToolMissingError

_FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"))


@cache
def font_path(*, bold: bool = False, devanagari: bool = False) -> Path:
    """Noto Sans (or Noto Sans Devanagari), regular or bold."""
    family = "NotoSansDevanagari" if devanagari else "NotoSans"
    name = f"{family}-{'Bold' if bold else 'Regular'}.ttf"
    for folder in _FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    raise ToolMissingError(
        f"The font {name} is missing: install the Debian package fonts-noto-core."
    )


def is_devanagari(text: str) -> bool:
    """True when most letters of `text` are Devanagari (so it needs a Devanagari font)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum("\u0900" <= c <= "\u097f" for c in letters) * 2 > len(letters)
