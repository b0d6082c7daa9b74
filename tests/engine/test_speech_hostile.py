"""A hostile script (markup, SQL, fullwidth letters, emoji, right-to-left text, a zero-width
joiner, a 90-letter word) renders into a valid 30 s film whose subtitles read back exactly."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
import webvtt

from filmstudio.engine.cache import StageCache
from filmstudio.engine.film import EngineOptions, make_film
from filmstudio.engine.request import FilmRequest
from tests.media import probe

HOSTILE_SCRIPT = (
    "The clerk typed <script>alert('x')</script> & <b>bold</b> into the form. "
    "Then '; DROP TABLE users; -- appeared on the screen. "
    "ＵＮＩＣＯＤＥ ｗｉｄｅ letters 🎉👍🏽 filled the page, and مرحبا بالعالم ran right to left. "
    "The fa\u200dmily laughed at " + "abcdefghij" * 9 + " and went home."
)


@pytest.mark.slow
def test_a_hostile_script_makes_a_valid_30_s_film_with_exact_subtitles(tmp_path: Path) -> None:
    request = FilmRequest.model_validate(
        {"script": HOSTILE_SCRIPT, "duration": 30.0, "quality": "360p"}
    )
    options = EngineOptions(voice="espeak", music_provider="fake")
    result = make_film(request, tmp_path / "out", options=options, cache=StageCache(tmp_path / "c"))
    info = probe(result.files["film.mp4"])
    assert float(info["format"]["duration"]) == pytest.approx(30.0, rel=0.03)
    cues = webvtt.read(str(result.files["film.vtt"])).captions
    heard = " ".join(html.unescape(c.text).replace("\n", " ") for c in cues)
    assert heard.split() == HOSTILE_SCRIPT.split()
    assert "<script>" not in result.files["film.vtt"].read_text(encoding="utf-8")
