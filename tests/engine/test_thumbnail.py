from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

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


TITLES = {
    "en": "The Lighthouse Keeper's Last Summer",
    "es": "La última noche en el café",
    "fr": "Le Phare de l'Aube",
    "hi": "कर्मण्येवाधिकारस्ते मा फलेषु कदाचन",
}


def test_titles_wrap_on_whole_words_and_fit_in_every_language() -> None:
    draw = ImageDraw.Draw(Image.new("RGB", thumbnail.SIZE))
    for title in TITLES.values():
        words = title.split()
        for layout in thumbnail.LAYOUTS:
            font, lines = thumbnail.fit_title(draw, title, layout)
            assert " ".join(lines).split() == words, "a word was split or lost"
            _, max_width, max_lines = thumbnail._TEXT[layout]
            assert len(lines) <= max_lines
            for line in lines:
                left, _, right, _ = draw.textbbox((0, 0), line, font=font)
                assert right - left <= max_width
            # legible at 320x180: at least 10 px of font size after shrinking by 4
            assert font.size / 4 >= 10, (title, layout, font.size)


def test_a_very_long_title_is_shortened_not_overflowing() -> None:
    draw = ImageDraw.Draw(Image.new("RGB", thumbnail.SIZE))
    title = " ".join(["Extraordinarily"] * 30)
    _, lines = thumbnail.fit_title(draw, title, "band")
    assert len(lines) <= 2 and lines[-1].endswith("…")


def test_title_is_legible_at_320x180_in_each_language() -> None:
    """White letters with dark outlines survive the shrink: strong local contrast remains."""
    plain = np.full((720, 1280, 3), 150, np.uint8)
    for lang, title in TITLES.items():
        for layout in thumbnail.LAYOUTS:
            small = thumbnail.compose(plain, title, layout).resize((320, 180), Image.LANCZOS)
            grey = np.asarray(small.convert("L"), dtype=np.int16)
            letters = grey >= 235
            assert letters.mean() > 0.01, f"{lang} {layout}: too few letter pixels"
            edges = np.abs(np.diff(grey, axis=1)) > 120
            assert edges.sum() > 150, f"{lang} {layout}: letters blur into the picture"


def test_the_centred_composition_is_a_closer_crop() -> None:
    frame = np.full((720, 1280, 3), 90, np.uint8)
    frame[:40, :60] = (255, 0, 0)  # a red mark in the corner of the frame
    band = np.asarray(thumbnail.compose(frame, "A", "band"), dtype=np.int16)
    centre = np.asarray(thumbnail.compose(frame, "A", "centre"), dtype=np.int16)
    redness = lambda img: float((img[:30, :40, 0] - img[:30, :40, 2]).mean())  # noqa: E731
    assert redness(band) > 150, "the band keeps the whole frame"
    assert redness(centre) < 20, "the centred title sits on a closer crop"


def test_unknown_layout_is_a_choice_error() -> None:
    import pytest

    from filmstudio.engine.errors import ChoiceError

    with pytest.raises(ChoiceError, match="band"):
        thumbnail.compose(_frame(), "Title", "diagonal")


def test_a_vertical_frame_is_cropped_never_stretched() -> None:
    """A 9:16 film's frame: a circle stays round in the thumbnail."""
    import cv2

    frame = np.zeros((1280, 720, 3), np.uint8)
    cv2.circle(frame, (360, 540), 150, (255, 255, 255), -1)
    image = np.asarray(thumbnail._frame(frame, "band"))
    assert image.shape[:2] == (thumbnail.SIZE[1], thumbnail.SIZE[0])
    ys, xs = np.nonzero(image[..., 0] > 128)
    width, height = xs.max() - xs.min(), ys.max() - ys.min()
    assert abs(width - height) <= 0.05 * width
