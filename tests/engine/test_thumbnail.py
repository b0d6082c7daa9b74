from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from filmstudio.engine.render import thumbnail


def _frame() -> np.ndarray:
    rng = np.random.default_rng(0)
    return rng.integers(40, 200, size=(720, 1280, 3), dtype=np.uint8)


def test_three_layouts_are_1280x720_jpegs_under_2mb(tmp_path: Path) -> None:
    paths = []
    for layout in thumbnail.LAYOUTS:
        path = tmp_path / f"{layout}.jpg"
        thumbnail.save_jpeg(thumbnail.compose(_frame(), "The Lighthouse Keeper", layout), path)
        paths.append(path)
        with Image.open(path) as image:
            assert image.size == (1280, 720) and image.format == "JPEG"
        assert path.stat().st_size < thumbnail.MAX_BYTES
    pixels = [np.asarray(Image.open(p), dtype=np.int16) for p in paths]
    assert np.abs(pixels[0] - pixels[1]).mean() > 5  # the layouts really differ


def test_title_is_drawn_where_the_layout_puts_it() -> None:
    plain = np.full((720, 1280, 3), 128, np.uint8)
    band = np.asarray(thumbnail.compose(plain, "Title", "band"), dtype=np.int16)
    corner = np.asarray(thumbnail.compose(plain, "Title", "corner"), dtype=np.int16)
    assert band[560:700, 40:600].max() >= 250  # white letters low on the left
    assert corner[60:200, 60:600].max() >= 250  # and high on the left


def test_devanagari_title_renders(tmp_path: Path) -> None:
    image = thumbnail.compose(_frame(), "कर्मण्येवाधिकारस्ते", "centre")
    assert np.asarray(image).max() >= 250
