"""Thumbnails: a frame of the film with its title, in three compositions to choose from.

1280×720 JPEG, well under YouTube's 2 MB; the title stays legible when shrunk to 320×180.
Pillow's Raqm layout shapes Devanagari titles correctly.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from filmstudio.engine.files import write_atomic
from filmstudio.engine.render.fonts import font_path, is_devanagari

SIZE = (1280, 720)
MAX_BYTES = 2 * 1024 * 1024
LAYOUTS = ("band", "centre", "corner")


def _font(title: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(
        str(font_path(bold=True, devanagari=is_devanagari(title))),
        size,
        layout_engine=ImageFont.Layout.RAQM,
    )


def _lines(title: str, width: int) -> list[str]:
    return textwrap.wrap(title, width=width) or [title]


def _text_block(
    draw: ImageDraw.ImageDraw, lines: list[str], font: ImageFont.FreeTypeFont, spacing: int
) -> tuple[int, int]:
    widths, heights = [], []
    for line in lines:
        left, top, right, bottom = draw.textbbox((0, 0), line, font=font)
        widths.append(round(right - left))
        heights.append(round(bottom - top))
    return max(widths), sum(heights) + spacing * (len(lines) - 1)


def compose(frame: NDArray[np.uint8], title: str, layout: str) -> Image.Image:
    """One thumbnail: the frame scaled to 1280×720 with the title set in `layout`."""
    image = Image.fromarray(frame).convert("RGB").resize(SIZE, Image.Resampling.LANCZOS)
    shade = Image.new("L", SIZE, 0)
    shade_draw = ImageDraw.Draw(shade)
    if layout == "band":
        for y in range(SIZE[1] // 2, SIZE[1]):
            shade_draw.line(
                [(0, y), (SIZE[0], y)], fill=int(200 * (y - SIZE[1] / 2) / (SIZE[1] / 2))
            )
    elif layout == "centre":
        shade_draw.rectangle((0, 0, *SIZE), fill=110)
    else:
        shade_draw.rectangle((0, 0, SIZE[0] * 0.62, SIZE[1] * 0.45), fill=170)
        shade = shade.filter(ImageFilter.GaussianBlur(60))
    image = Image.composite(Image.new("RGB", SIZE, (8, 8, 12)), image, shade)
    draw = ImageDraw.Draw(image)
    size = {"band": 86, "centre": 104, "corner": 78}[layout]
    chars = {"band": 24, "centre": 18, "corner": 20}[layout]
    lines = _lines(title, chars)[:3]
    font = _font(title, size)
    spacing = size // 5
    block_w, block_h = _text_block(draw, lines, font, spacing)
    if layout == "band":
        x, y = 64, SIZE[1] - 64 - block_h
    elif layout == "centre":
        x, y = (SIZE[0] - block_w) // 2, (SIZE[1] - block_h) // 2
    else:
        x, y = 72, 72
        draw.rectangle((40, 72, 52, 72 + block_h), fill=(255, 196, 64))
    for line in lines:
        left, top, right, bottom = draw.textbbox((0, 0), line, font=font)
        line_x = x + (block_w - (right - left)) // 2 if layout == "centre" else x
        draw.text(
            (line_x - left, y - top),
            line,
            font=font,
            fill=(255, 255, 255),
            stroke_width=max(2, size // 22),
            stroke_fill=(0, 0, 0),
        )
        y += round(bottom - top) + spacing
    return image


def save_jpeg(image: Image.Image, path: Path) -> None:
    """Write a JPEG under 2 MB, atomically (temp file, then rename)."""
    for quality in (90, 82, 74, 66):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
        if buffer.tell() < MAX_BYTES:
            break
    write_atomic(path, buffer.getvalue())
