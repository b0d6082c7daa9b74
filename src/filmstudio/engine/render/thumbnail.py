"""Thumbnails: a frame of the film with its title, in three compositions to choose from.

A JPEG in the film's own shape (1280×720 for 16:9, 720×1280 for a vertical Short, 1080×1080
for a square film), well under YouTube's 2 MB, laid out for that shape: a tall thumbnail has
a narrower, taller title block with more lines. The title stays legible when shrunk by 4.
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
VERTICAL = (720, 1280)
SQUARE = (1080, 1080)
MAX_BYTES = 2 * 1024 * 1024
LAYOUTS = ("band", "centre", "corner")


#: Per layout, for a 1280×720 thumbnail: the largest font size, the widest the text may run,
#: and at most how many lines (`_text` scales them for the other shapes).
_TEXT = {
    "band": (92, SIZE[0] - 128, 2),
    "centre": (112, SIZE[0] - 200, 3),
    "corner": (80, int(SIZE[0] * 0.62), 3),
}
_MIN_SIZE = 40
#: Lines a title may take in a tall or square thumbnail (there is room above and below).
_TALL_LINES = {"band": 4, "centre": 5, "corner": 4}
_SQUARE_LINES = {"band": 3, "centre": 4, "corner": 3}


def size_for(frame_size: tuple[int, int]) -> tuple[int, int]:
    """The thumbnail's size for a film's frame (width, height): its shape, not a crop of it."""
    width, height = frame_size
    if height > width * 1.1:
        return VERTICAL
    if width > height * 1.1:
        return SIZE
    return SQUARE


def _unit(size: tuple[int, int]) -> float:
    """Type and margins scale with the thumbnail's short side (720 in the 16:9 design)."""
    return min(size) / 720.0


def _text(layout: str, size: tuple[int, int]) -> tuple[int, int, int]:
    """(largest font size, widest line, most lines) of a layout at `size`."""
    if size == SIZE:
        return _TEXT[layout]
    width, height = size
    unit = _unit(size)
    font, _, _ = _TEXT[layout]
    margin = {"band": 64, "centre": 72, "corner": 80}[layout]
    lines = _TALL_LINES[layout] if height > width else _SQUARE_LINES[layout]
    return round(font * unit), round(width - 2 * margin * unit), lines


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
    draw: ImageDraw.ImageDraw, title: str, layout: str, frame: tuple[int, int] = SIZE
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The biggest font and line breaks that keep the title inside the layout's box in a
    thumbnail of size `frame`.

    Shrinks the font until every line fits the width and the lines fit the layout's count;
    a title too long even at the smallest size is cut with an ellipsis on its last line.
    """
    size, max_width, max_lines = _text(layout, frame)
    smallest = round(_MIN_SIZE * _unit(frame))
    while True:
        font = _font(title, size)
        lines = _wrap(draw, title, font, max_width)
        fits = len(lines) <= max_lines and all(_width(draw, ln, font) <= max_width for ln in lines)
        if fits or size <= smallest:
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


def _frame(frame: NDArray[np.uint8], layout: str, size: tuple[int, int] = SIZE) -> Image.Image:
    """The picture under the title; the centred layout moves in closer (a different shot)."""
    image = Image.fromarray(frame).convert("RGB")
    if layout == "centre":
        w, h = image.size
        crop = (round(w * 0.08), round(h * 0.08), round(w * 0.92), round(h * 0.92))
        image = image.crop(crop)
    # cover, never stretch: a frame of another shape is cropped to the thumbnail
    return ImageOps.fit(image, size, Image.Resampling.LANCZOS, centering=(0.5, 0.4))


def _shade(layout: str, size: tuple[int, int]) -> Image.Image:
    """How much each pixel is darkened under the title (a mask), for the layout and shape."""
    width, height = size
    tall = height > width
    shade = Image.new("L", size, 0)
    draw = ImageDraw.Draw(shade)
    if layout == "band":
        start = height // 2 if tall else height // 3
        for y in range(start, height):
            t = (y - start) / (height - start)
            draw.line([(0, y), (width, y)], fill=int(215 * t**1.3))
    elif layout == "centre":
        draw.rectangle((0, 0, *size), fill=120)
    else:
        box = (0, 0, width, height * 0.4) if tall else (0, 0, width * 0.66, height * 0.5)
        draw.rectangle(box, fill=180)
        shade = shade.filter(ImageFilter.GaussianBlur(60 * _unit(size)))
    return shade


def compose(
    frame: NDArray[np.uint8], title: str, layout: str, size: tuple[int, int] | None = None
) -> Image.Image:
    """One thumbnail: the frame at `size` (by default the shape of the frame: see
    `size_for`) with the title set in `layout`.

    Three compositions: "band" (title low on the left over a dark gradient), "centre" (a
    closer crop, dimmed, with the title large in the middle between two rules) and "corner"
    (title top-left beside an accent bar over a soft shadow).
    """
    if layout not in _TEXT:
        raise ChoiceError(
            f"Unknown thumbnail layout '{layout}'. Choose one of: {', '.join(LAYOUTS)}."
        )
    size = size or size_for((frame.shape[1], frame.shape[0]))
    width, height = size
    unit = _unit(size)
    image = _frame(frame, layout, size)
    image = Image.composite(Image.new("RGB", size, (8, 8, 12)), image, _shade(layout, size))
    draw = ImageDraw.Draw(image)
    font, lines = fit_title(draw, title, layout, size)
    spacing = max(4, round(font.size * 0.08))
    block_w, block_h, line_h = _text_block(draw, lines, font, spacing)
    accent = (255, 196, 64)
    if layout == "band":
        bottom = height * (0.14 if height > width else 0.0) + 56 * unit
        x, y = round(64 * unit), round(height - bottom - block_h)
    elif layout == "centre":
        x, y = (width - block_w) // 2, (height - block_h) // 2
        rule = min(block_w, round(360 * unit)) // 2
        for ry in (y - round(34 * unit), y + block_h + round(26 * unit)):
            bar = (width // 2 - rule, ry, width // 2 + rule, ry + round(6 * unit))
            draw.rectangle(bar, fill=accent)
    else:
        x, y = round(80 * unit), round(64 * unit)
        bar_x = round(44 * unit)
        draw.rectangle((bar_x, y + 8, bar_x + round(14 * unit), y + block_h - 4), fill=accent)
    for line in lines:
        line_w = _width(draw, line, font)
        line_x = x + (block_w - line_w) / 2 if layout == "centre" else x
        draw.text(
            (line_x, y),
            line,
            font=font,
            fill=(255, 255, 255),
            stroke_width=max(2, font.size // 20),
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
