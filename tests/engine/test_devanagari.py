"""Burned-in Devanagari must be shaped (conjuncts, reph, ि before its consonant)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from filmstudio.engine.captions import Cue, to_ass
from filmstudio.engine.render.fonts import font_path

TEXT = "कर्मण्येवाधिकारस्ते"


def _mask(image: Image.Image) -> np.ndarray:
    pixels = np.asarray(image.convert("L")) > 100
    ys, xs = np.nonzero(pixels)
    crop = pixels[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.uint8) * 255
    return np.asarray(Image.fromarray(crop).resize((400, 80))) > 127


def _reference(layout: ImageFont.Layout) -> np.ndarray:
    font = ImageFont.truetype(str(font_path(devanagari=True)), 60, layout_engine=layout)
    image = Image.new("L", (900, 200))
    ImageDraw.Draw(image).text((20, 40), TEXT, font=font, fill=255)
    return _mask(image)


def test_burned_devanagari_matches_correct_shaping(tmp_path: Path) -> None:
    ass = to_ass([Cue(0.0, 2.0, (TEXT,), "NARRATOR")], 640, 360, devanagari=True)
    (tmp_path / "s.ass").write_text(ass, encoding="utf-8")
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "color=black:s=640x360:d=1",
            "-vf",
            "ass=s.ass",
            "-frames:v",
            "1",
            "frame.png",
        ],
        cwd=tmp_path,
        check=True,
    )
    burned = _mask(Image.open(tmp_path / "frame.png").crop((0, 200, 640, 360)))

    def overlap(reference: np.ndarray) -> float:
        return float((reference & burned).sum() / (reference | burned).sum())

    shaped, unshaped = (
        overlap(_reference(ImageFont.Layout.RAQM)),
        overlap(_reference(ImageFont.Layout.BASIC)),
    )
    assert shaped > 0.6
    assert shaped > unshaped + 0.3
