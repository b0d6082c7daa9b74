"""Thumbnails: a frame of the film with its title, in three compositions to choose from.

1280×720 JPEG, well under YouTube's 2 MB; the title stays legible when shrunk to 320×180.
Pillow's Raqm layout shapes Devanagari titles correctly.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.files import write_atomic
from filmstudio.engine.render.fonts import font_path, is_devanagari

SIZE = (1280, 720)
MAX_BYTES = 2 * 1024 * 1024
LAYOUTS = ("band", "centre", "corner")


#: Per layout: the largest font size, the widest the text may run, and at most how many lines.
_TEXT = {
    "band": (92, SIZE[0] - 128, 2),
    "centre": (112, SIZE[0] - 200, 3),
    "corner": (80, int(SIZE[0] * 0.62), 3),
}
_MIN_SIZE = 40


def _font(title: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(
        str(font_path(bold=True, devanagari=is_devanagari(title))),
        size,
        layout_engine=ImageFont.Layout.RAQM,
    )


def _width(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont) -> float:
    left, _, right, _ = draw.textbbox((0, 0), text, font=font)
    return float(right - left)


def _wrap(
    draw: ImageDraw.ImageDraw, title: str, font: ImageFont.FreeTypeFont, max_width: int
) -> list[str]:
    """Greedy wrap on spaces by measured width; words are never split.

    Splitting by character count broke Devanagari words between a consonant and its vowel
    sign (a dangling ि or े on the next line); measuring shaped text avoids that too.
    """
    lines: list[str] = []
    for word in title.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and _width(draw, candidate, font) <= max_width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [title]


def fit_title(
    draw: ImageDraw.ImageDraw, title: str, layout: str
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The biggest font and line breaks that keep the title inside the layout's box.

    Shrinks the font until every line fits the width and the lines fit the layout's count;
    a title too long even at the smallest size is cut with an ellipsis on its last line.
    """
    size, max_width, max_lines = _TEXT[layout]
    while True:
        font = _font(title, size)
        lines = _wrap(draw, title, font, max_width)
        fits = len(lines) <= max_lines and all(_width(draw, ln, font) <= max_width for ln in lines)
        if fits or size <= _MIN_SIZE:
            break
        size -= 4
    if len(lines) > max_lines or any(_width(draw, ln, font) > max_width for ln in lines):
        lines = lines[:max_lines]
        last = lines[-1]
        while last and _width(draw, last + "…", font) > max_width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return font, lines


def _text_block(
    draw: ImageDraw.ImageDraw, lines: list[str], font: ImageFont.FreeTypeFont, spacing: int
) -> tuple[int, int, int]:
    """Width and height of the block, and the height of one line (from the font's metrics)."""
    ascent, descent = font.getmetrics()
    line_h = ascent + descent
    width = max(round(_width(draw, line, font)) for line in lines)
    return width, line_h * len(lines) + spacing * (len(lines) - 1), line_h


def _frame(frame: NDArray[np.uint8], layout: str) -> Image.Image:
    """The picture under the title; the centred layout moves in closer (a different shot)."""
    image = Image.fromarray(frame).convert("RGB")
    if layout == "centre":
        w, h = image.size
        crop = (round(w * 0.08), round(h * 0.08), round(w * 0.92), round(h * 0.92))
        image = image.crop(crop)
    # cover, never stretch: a vertical or square film's frame is cropped to the thumbnail
    return ImageOps.fit(image, SIZE, Image.Resampling.LANCZOS, centering=(0.5, 0.4))


def compose(frame: NDArray[np.uint8], title: str, layout: str) -> Image.Image:
    """One thumbnail: the frame scaled to 1280×720 with the title set in `layout`.

    Three compositions: "band" (title low on the left over a dark gradient), "centre" (a
    closer crop, dimmed, with the title large in the middle between two rules) and "corner"
    (title top-left beside an accent bar over a soft shadow).
    """
    if layout not in _TEXT:
        raise ChoiceError(
            f"Unknown thumbnail layout '{layout}'. Choose one of: {', '.join(LAYOUTS)}."
        )
    image = _frame(frame, layout)
    shade = Image.new("L", SIZE, 0)
    shade_draw = ImageDraw.Draw(shade)
    if layout == "band":
        for y in range(SIZE[1] // 3, SIZE[1]):
            t = (y - SIZE[1] / 3) / (SIZE[1] * 2 / 3)
            shade_draw.line([(0, y), (SIZE[0], y)], fill=int(215 * t**1.3))
    elif layout == "centre":
        shade_draw.rectangle((0, 0, *SIZE), fill=120)
    else:
        shade_draw.rectangle((0, 0, SIZE[0] * 0.66, SIZE[1] * 0.5), fill=180)
        shade = shade.filter(ImageFilter.GaussianBlur(60))
    image = Image.composite(Image.new("RGB", SIZE, (8, 8, 12)), image, shade)
    draw = ImageDraw.Draw(image)
    font, lines = fit_title(draw, title, layout)
    size = font.size
    spacing = max(4, round(size * 0.08))
    block_w, block_h, line_h = _text_block(draw, lines, font, spacing)
    accent = (255, 196, 64)
    if layout == "band":
        x, y = 64, SIZE[1] - 56 - block_h
    elif layout == "centre":
        x, y = (SIZE[0] - block_w) // 2, (SIZE[1] - block_h) // 2
        rule = min(block_w, 360) // 2
        for ry in (y - 34, y + block_h + 26):
            draw.rectangle((SIZE[0] // 2 - rule, ry, SIZE[0] // 2 + rule, ry + 6), fill=accent)
    else:
        x, y = 80, 64
        draw.rectangle((44, y + 8, 58, y + block_h - 4), fill=accent)
    for line in lines:
        line_w = _width(draw, line, font)
        line_x = x + (block_w - line_w) / 2 if layout == "centre" else x
        draw.text(
            (line_x, y),
            line,
            font=font,
            fill=(255, 255, 255),
            stroke_width=max(2, size // 20),
            stroke_fill=(0, 0, 0),
        )
        y += line_h + spacing
    return image


def save_jpeg(image: Image.Image, path: Path) -> None:
    """Write a JPEG under 2 MB, atomically (temp file, then rename)."""
    for quality in (90, 82, 74, 66):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
        if buffer.tell() < MAX_BYTES:
            break
    write_atomic(path, buffer.getvalue())
