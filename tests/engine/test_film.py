"""End-to-end renders: fast ones with fake voice and music, and one per language for real."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from filmstudio.engine.cache import StageCache
from filmstudio.engine.errors import RenderError
from filmstudio.engine.film import OUTPUT_NAMES, EngineOptions, make_film
from filmstudio.engine.plan import load_plan
from filmstudio.engine.request import FilmRequest
from tests.media import ebur128, probe

FAST = EngineOptions(voice="fake", music_provider="fake")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STORY = (
    "Every night the keeper climbed the lighthouse stairs. The storm came in from the sea, "
    'black and loud. "We hold the light," said Maria. The ships saw it and turned home.'
)


def _request(**fields: object) -> FilmRequest:
    values: dict[str, object] = {"script": STORY, "duration": 30.0, "quality": "360p"}
    values.update(fields)
    return FilmRequest.model_validate(values)


def test_fast_render_makes_every_file(tmp_path: Path) -> None:
    cache = StageCache(tmp_path / "cache")
    result = make_film(_request(), tmp_path / "out", options=FAST, cache=cache)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(OUTPUT_NAMES)
    info = probe(result.files["film.mp4"])
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = next(s for s in info["streams"] if s["codec_type"] == "audio")
    assert (video["codec_name"], video["width"], video["height"]) == ("h264", 640, 360)
    assert video["r_frame_rate"] == "30/1" and audio["codec_name"] == "aac"
    assert float(info["format"]["duration"]) == pytest.approx(30.0, rel=0.03)
    head = result.files["film.mp4"].read_bytes()[:200_000]
    assert 0 <= head.find(b"moov") < head.find(b"mdat")  # +faststart
    integrated, peak = ebur128(result.files["film.mp4"])
    assert integrated == pytest.approx(-14.0, abs=1.0)
    assert peak <= -1.0
    for name in ("thumbnail.jpg", "thumbnail-2.jpg", "thumbnail-3.jpg"):
        with Image.open(result.files[name]) as image:
            assert image.size == (1280, 720)
        assert result.files[name].stat().st_size < 2 * 1024 * 1024
    plan = load_plan(result.files["plan.json"])
    assert sum(s.duration for s in plan.scenes) == pytest.approx(30.0, abs=0.1)
    assert "-->" in result.files["film.srt"].read_text()


def test_second_render_reuses_everything_and_an_edit_redoes_one_voice(tmp_path: Path) -> None:
    cache = StageCache(tmp_path / "cache")
    first = make_film(_request(), tmp_path / "a", options=FAST, cache=cache)
    again = StageCache(tmp_path / "cache")
    make_film(_request(), tmp_path / "b", options=FAST, cache=again)
    assert again.misses == 0 and again.hits > 0
    plan = first.plan
    scene = plan.scenes[0]
    edited_line = scene.dialogue[0].model_copy(update={"text": "A brand new first line."})
    edited = plan.model_copy(
        update={
            "scenes": [
                scene.model_copy(update={"dialogue": [edited_line, *scene.dialogue[1:]]}),
                *plan.scenes[1:],
            ]
        }
    )
    third = StageCache(tmp_path / "cache")
    make_film(edited, tmp_path / "c", options=FAST, cache=third)
    assert third.misses_by_stage["voice"] == 1
    assert third.misses_by_stage["picture"] == 0


def test_same_inputs_give_the_same_film(tmp_path: Path) -> None:
    a = make_film(_request(), tmp_path / "a", options=FAST, cache=StageCache(enabled=False))
    b = make_film(_request(), tmp_path / "b", options=FAST, cache=StageCache(enabled=False))
    assert a.files["film.mp4"].read_bytes() == b.files["film.mp4"].read_bytes()
    assert a.files["film.srt"].read_text() == b.files["film.srt"].read_text()


def test_failed_render_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import filmstudio.engine.film as film

    def broken(*args: object, **kwargs: object) -> None:
        raise RenderError("ffmpeg could not encode the film: disk full")

    monkeypatch.setattr(film, "encode", broken)
    out = tmp_path / "out"
    with pytest.raises(RenderError):
        make_film(_request(), out, options=FAST, cache=StageCache(tmp_path / "cache"))
    assert list(out.iterdir()) == []


def test_watermark_is_burned_in(tmp_path: Path) -> None:
    cache = StageCache(tmp_path / "cache")
    plain = make_film(_request(), tmp_path / "a", options=FAST, cache=cache)
    marked = make_film(_request(watermark=True), tmp_path / "b", options=FAST, cache=cache)
    from tests.media import frame_at

    a = np.asarray(Image.open(frame_at(plain.files["film.mp4"], 1.0, tmp_path / "a.png")), np.int16)
    b = np.asarray(
        Image.open(frame_at(marked.files["film.mp4"], 1.0, tmp_path / "b.png")), np.int16
    )
    corner = np.abs(a - b)[300:350, 400:630].mean()
    elsewhere = np.abs(a - b)[0:150, 0:300].mean()
    assert corner > 10 * max(elsewhere, 0.1)


LANGUAGE_EXAMPLES = [
    ("beach-reunion.fountain", "en", 45),
    ("mercado.txt", "es", 45),
    ("cafe-de-nuit.txt", "fr", 45),
    ("gita-2-47.txt", "sa", 60),
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "language", "duration"), LANGUAGE_EXAMPLES)
def test_real_render_per_language(
    tmp_path: Path, name: str, language: str, duration: float
) -> None:
    request = FilmRequest(
        script=(EXAMPLES / name).read_text(encoding="utf-8"), duration=duration, quality="360p"
    )
    result = make_film(request, tmp_path / "out", cache=StageCache(tmp_path / "cache"))
    assert result.plan.language == language
    info = probe(result.files["film.mp4"])
    assert float(info["format"]["duration"]) == pytest.approx(duration, rel=0.03)
    integrated, peak = ebur128(result.files["film.mp4"])
    assert integrated == pytest.approx(-14.0, abs=1.0) and peak <= -1.0
    srt = result.files["film.srt"].read_text(encoding="utf-8")
    assert srt.count("-->") >= 3
