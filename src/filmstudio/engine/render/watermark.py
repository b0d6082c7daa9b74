"""The free tier's watermark: a small translucent mark in the lower-right corner."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from filmstudio.engine.render.fonts import font_path

WATERMARK_TEXT = "Made with AI Film Studio"


class Watermark:
    """Pre-drawn once; `apply` blends it into a frame's corner in place (cheap per frame)."""

    def __init__(self, size: tuple[int, int], text: str = WATERMARK_TEXT) -> None:
        width, height = size
        font = ImageFont.truetype(str(font_path(bold=True)), max(12, round(height * 0.03)))
        left, top, right, bottom = (round(v) for v in font.getbbox(text))
        pad = max(4, height // 120)
        mark = Image.new("RGBA", (right - left + 2 * pad, bottom - top + 2 * pad), (0, 0, 0, 0))
        draw = ImageDraw.Draw(mark)
        draw.rounded_rectangle((0, 0, *mark.size), radius=pad, fill=(0, 0, 0, 90))
        draw.text((pad - left, pad - top), text, font=font, fill=(255, 255, 255, 200))
        rgba = np.asarray(mark, dtype=np.float32) / 255.0
        self._rgb = rgba[..., :3] * 255.0
        self._alpha = rgba[..., 3:]
        margin = round(height * 0.03)
        self._y = height - margin - mark.size[1]
        self._x = width - margin - mark.size[0]

    def apply(self, frame: NDArray[np.uint8]) -> NDArray[np.uint8]:
        h, w = self._alpha.shape[:2]
        roi = frame[self._y : self._y + h, self._x : self._x + w].astype(np.float32)
        blended = roi * (1.0 - self._alpha) + self._rgb * self._alpha
        frame[self._y : self._y + h, self._x : self._x + w] = blended.astype(np.uint8)
        return frame
