"""Thumbnails in the film's own shape: a Short's is tall, a square film's square, and the
title is laid out for that shape and stays inside it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from filmstudio.engine.render import thumbnail

LONG = "The Lighthouse Keeper's Very Last Summer by the Grey Sea"
FRAMES = {"16:9": (1280, 720), "9:16": (720, 1280), "1:1": (720, 720)}
EXPECTED = {"16:9": (1280, 720), "9:16": (720, 1280), "1:1": (1080, 1080)}


def _frame(width: int, height: int) -> np.ndarray:
    rng = np.random.default_rng(1)
    return rng.integers(40, 200, size=(height, width, 3), dtype=np.uint8)


@pytest.mark.parametrize("aspect", sorted(FRAMES))
@pytest.mark.parametrize("layout", thumbnail.LAYOUTS)
def test_thumbnail_takes_the_films_shape(aspect: str, layout: str, tmp_path: Path) -> None:
    image = thumbnail.compose(_frame(*FRAMES[aspect]), "Monsoon", layout)
    assert image.size == EXPECTED[aspect]
    path = tmp_path / "thumb.jpg"
    thumbnail.save_jpeg(image, path)
    with Image.open(path) as saved:
        assert saved.size == EXPECTED[aspect]
    assert path.stat().st_size < thumbnail.MAX_BYTES


@pytest.mark.parametrize("aspect", sorted(FRAMES))
@pytest.mark.parametrize("layout", thumbnail.LAYOUTS)
def test_the_title_fits_inside(aspect: str, layout: str) -> None:
    """The letters (white, drawn on a flat grey) all lie inside the picture's margins."""
    width, height = FRAMES[aspect]
    flat = np.full((height, width, 3), 128, np.uint8)
    image = np.asarray(thumbnail.compose(flat, LONG, layout).convert("L"), np.int16)
    ys, xs = np.nonzero(image >= 250)
    assert xs.size > 0, "no title drawn"
    h, w = image.shape
    margin = min(w, h) * 0.03
    assert xs.min() > margin and xs.max() < w - margin
    assert ys.min() > margin and ys.max() < h - margin


def test_a_tall_thumbnail_sets_the_title_narrower_and_on_more_lines() -> None:
    draw = ImageDraw.Draw(Image.new("RGB", thumbnail.VERTICAL))
    _, wide_lines = thumbnail.fit_title(draw, LONG, "band", thumbnail.SIZE)
    tall_font, tall_lines = thumbnail.fit_title(draw, LONG, "band", thumbnail.VERTICAL)
    assert len(tall_lines) > len(wide_lines)
    assert not tall_lines[-1].endswith("…")  # the tall layout has room for the whole title
    for line in tall_lines:
        left, _, right, _ = draw.textbbox((0, 0), line, font=tall_font)
        assert right - left <= thumbnail.VERTICAL[0] - 100
    # still legible when the thumbnail is shown at a quarter of its size
    assert tall_font.size / 4 >= 9


def test_a_vertical_band_title_clears_the_bottom_of_the_screen() -> None:
    """Shorts players cover the bottom of the picture: the band sits above that strip."""
    flat = np.full((1280, 720, 3), 128, np.uint8)
    image = np.asarray(thumbnail.compose(flat, "Monsoon", "band").convert("L"), np.int16)
    ys, _ = np.nonzero(image >= 250)
    assert ys.max() < 1280 * 0.86
    assert ys.min() > 1280 * 0.5
