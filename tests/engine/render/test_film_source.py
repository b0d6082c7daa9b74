"""Today's picture track as segments: where it cuts, and keys that survive a shift in time."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np

from filmstudio.engine.animate.film_source import GRID_SECONDS, PictureFiles, SceneCameraSource
from filmstudio.engine.render.motion import choose_move
from filmstudio.engine.timing import TimedScene, Timeline
from tests.conftest import small_plan

FPS = 30
SIZE = (160, 90)


def _pictures(tmp: Path, count: int) -> PictureFiles:
    rng = np.random.default_rng(1)
    paths = []
    for k in range(count):
        paths.append(tmp / f"{k}.npy")
        np.save(paths[-1], rng.integers(0, 255, (108, 192, 3), dtype=np.uint8))
    return PictureFiles(paths, [f"picture-{k}" for k in range(count)])


def _source(tmp: Path, lengths: list[float]) -> SceneCameraSource:
    plan = small_plan([["Line."] for _ in lengths])  # (the timeline below decides timing)
    bounds = np.cumsum([0.0, *lengths])
    scenes = tuple(TimedScene(k, bounds[k], bounds[k + 1]) for k in range(len(lengths)))
    timeline = Timeline(duration=float(bounds[-1]), fps=FPS, scenes=scenes, lines=())
    moves = [choose_move(1, k, "wide") for k in range(len(lengths))]
    return SceneCameraSource(plan, timeline, SIZE, _pictures(tmp, len(lengths)), moves)


def test_segments_tile_the_film_with_a_crossfade_at_each_scene_change(tmp_path: Path) -> None:
    source = _source(tmp_path, [5.0, 7.0, 4.0])
    segments = source.segments()
    assert segments[0].first == 0 and segments[-1].last == source.frame_count == 480
    assert all(a.last == b.first for a, b in itertools.pairwise(segments))
    fades = [s for s in segments if s.key["kind"] == "crossfade"]
    assert [(s.first, s.last) for s in fades] == [(138, 162), (348, 372)]
    assert [(f.key["out"]["scene"], f.key["in"]["scene"]) for f in fades] == [(0, 1), (1, 2)]
    grid = round(GRID_SECONDS * FPS)
    assert max(s.frame_count for s in segments) <= grid


def test_every_segment_draws_exactly_its_frames(tmp_path: Path) -> None:
    source = _source(tmp_path, [3.0, 3.0])
    for segment in source.segments():
        frames = list(source.frames(segment))
        assert len(frames) == segment.frame_count
        assert frames[0][0].shape == (90, 160) and frames[0][1].shape == (45, 80)


def test_a_scene_moved_later_keeps_its_segments(tmp_path: Path) -> None:
    """Scene 1 grows by a second: scenes 2 and 3 only move, so their keys stay the same."""
    before = _source(tmp_path, [5.0, 7.0, 4.0]).segments()
    after = _source(tmp_path, [6.0, 7.0, 4.0]).segments()
    keys = [repr(s.key) for s in before]
    moved = [
        repr(s.key) for s in after if s.key.get("scene", -1) >= 1 and s.key["kind"] == "camera"
    ]
    assert moved and all(key in keys for key in moved)
    changed = [s for s in after if repr(s.key) not in keys]
    assert max(s.last for s in changed) == round(6.4 * FPS)  # scene 1 and its crossfade only
