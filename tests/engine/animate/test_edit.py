"""The edit: shots placed on frames, cut between lines, never too short, dissolves and fades."""

from __future__ import annotations

import itertools

import numpy as np

from filmstudio.engine.animate.edit import (
    DISSOLVE,
    MIN_SHOT,
    Cut,
    CutSource,
    blend,
    cut_list,
    fade,
    speaker_side,
)
from filmstudio.engine.plan import FilmPlan, Line, Scene, Shot
from filmstudio.engine.render.motion import Planes
from filmstudio.engine.timing import TimedLine, TimedScene, Timeline
from filmstudio.engine.voice.base import Speech

FPS = 30


def _speech(seconds: float) -> Speech:
    return Speech(np.zeros(round(seconds * 24_000), np.float32), 24_000)


def _film(
    scenes: list[list[tuple[str, float, float]]],
    shots: list[list[Shot]],
    bounds: list[float],
    transitions: list[str] | None = None,
) -> tuple[FilmPlan, Timeline]:
    """A plan and timeline with lines (speaker, start, seconds) placed by hand."""
    plan_scenes = []
    timed_lines = []
    for index, lines in enumerate(scenes):
        dialogue = [Line(speaker=speaker, text="words") for speaker, _, _ in lines]
        plan_scenes.append(
            Scene(
                scene_number=index + 1,
                characters=["ANA", "BEN"],
                dialogue=dialogue,
                shots=shots[index],
                transition=(transitions or ["cut"] * len(scenes))[index],
            )
        )
        for line, (_, start, seconds) in zip(dialogue, lines, strict=True):
            timed_lines.append(TimedLine(index, line, start, _speech(seconds), ()))
    timed_scenes = tuple(TimedScene(k, bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1))
    plan = FilmPlan(scenes=plan_scenes, characters=[])
    return plan, Timeline(bounds[-1], FPS, timed_scenes, tuple(timed_lines))


def test_cuts_tile_the_film_and_fall_between_lines() -> None:
    lines = [("NARRATOR", 1.0, 3.0), ("ANA", 4.6, 2.0), ("BEN", 7.2, 2.0)]
    shots = [
        Shot(kind="establishing", lines=[0]),
        Shot(kind="close-up", subject="ANA", lines=[1]),
        Shot(kind="close-up", subject="BEN", lines=[2]),
    ]
    plan, timeline = _film([lines], [shots], [0.0, 10.0])
    cuts = cut_list(plan, timeline)
    assert [c.shot.kind for c in cuts] == ["establishing", "close-up", "close-up"]
    assert cuts[0].first == 0 and cuts[-1].last == timeline.frame_count
    assert all(a.last == b.first for a, b in itertools.pairwise(cuts))
    # each cut lies in the pause before the line it opens on
    assert 4.0 <= cuts[1].first / FPS <= 4.6
    assert 6.6 <= cuts[2].first / FPS <= 7.2
    assert [t.line.speaker for t in cuts[1].lines] == ["ANA"]


def test_no_shot_is_shorter_than_the_minimum() -> None:
    lines = [("NARRATOR", 0.5, 4.0), ("ANA", 4.7, 0.4), ("NARRATOR", 5.3, 4.0)]
    shots = [
        Shot(kind="wide", lines=[0]),
        Shot(kind="close-up", subject="ANA", lines=[1]),
        Shot(kind="medium", lines=[2]),
    ]
    plan, timeline = _film([lines], [shots], [0.0, 10.0])
    cuts = cut_list(plan, timeline)
    assert len(cuts) == 2
    assert all(c.frame_count / FPS >= MIN_SHOT for c in cuts)
    assert sum(c.frame_count for c in cuts) == timeline.frame_count


def test_lineless_scene_shares_its_time_and_a_dissolve_enters_the_next() -> None:
    plan, timeline = _film(
        [[], [("NARRATOR", 6.5, 2.0)]],
        [[Shot(kind="wide"), Shot(kind="insert", subject="lantern")], [Shot(lines=[0])]],
        [0.0, 6.0, 10.0],
        ["fade", "dissolve"],
    )
    cuts = cut_list(plan, timeline)
    assert [c.frame_count for c in cuts[:2]] == [90, 90]
    assert cuts[0].fade_in > 0 and cuts[-1].fade_out > 0
    assert cuts[2].dissolve == round(DISSOLVE * FPS)


def test_speakers_keep_their_side() -> None:
    plan, _ = _film([[("ANA", 0.5, 1.0), ("BEN", 2.0, 1.0)]], [[Shot(lines=[0, 1])]], [0, 4.0])
    assert speaker_side(plan, 0, "ANA") is True
    assert speaker_side(plan, 0, "BEN") is False


def _flat(value: int, size: tuple[int, int] = (8, 4)) -> Planes:
    w, h = size
    return (
        np.full((h, w), value, np.uint8),
        np.full((h // 2, w // 2), 128, np.uint8),
        np.full((h // 2, w // 2), 128, np.uint8),
    )


def test_fade_and_blend_reach_their_ends() -> None:
    assert int(fade(_flat(200), 1.0)[0][0, 0]) == 16
    assert int(fade(_flat(200), 0.0)[0][0, 0]) == 200
    assert int(blend(_flat(100), _flat(200), 0.5)[0][0, 0]) == 150


def test_segment_keys_are_in_the_cuts_own_time() -> None:
    """The same scene later in the film gives the same segment keys (cached segments)."""

    def keys(offset: float) -> list[dict[str, object]]:
        lines = [("NARRATOR", offset + 1.0, 2.0), ("ANA", offset + 3.5, 1.0)]
        shots = [Shot(kind="wide", lines=[0]), Shot(kind="medium", lines=[1])]
        plan, timeline = _film([lines], [shots], [offset, offset + 6.0])
        plan, timeline = plan, Timeline(offset + 6.0, FPS, timeline.scenes, timeline.lines)

        def draw(cut: Cut, start: int, count: int):  # type: ignore[no-untyped-def]
            return iter([_flat(100)] * count)

        source = CutSource(plan, timeline, (8, 4), draw, lambda cut: {"scene": cut.scene_index})
        return [s.key for s in source.segments()[-2:]]

    assert keys(0.0)[-1] == keys(3.0)[-1]


def test_a_shot_without_lines_takes_the_pause_after_the_lines_before_it() -> None:
    lines = [("NARRATOR", 0.5, 3.0), ("NARRATOR", 9.0, 2.0)]
    shots = [
        Shot(kind="wide", lines=[0]),
        Shot(kind="insert", subject="lantern"),
        Shot(kind="medium", lines=[1]),
        Shot(kind="wide"),
    ]
    plan, timeline = _film([lines], [shots], [0.0, 14.0])
    cuts = cut_list(plan, timeline)
    assert [c.shot.kind for c in cuts] == ["wide", "insert", "medium", "wide"]
    assert 3.5 <= cuts[1].first / FPS <= 4.0  # just after the first line ends
    assert 6.0 <= cuts[2].first / FPS <= 9.0  # in the pause before the second line
    assert 11.0 <= cuts[3].first / FPS <= 11.5  # the hold after the last line
    assert cuts[1].lines == ()


def test_a_run_of_cutaways_shares_the_scene_hold() -> None:
    lines = [("NARRATOR", 0.5, 3.0)]
    shots = [
        Shot(kind="wide", lines=[0]),
        Shot(kind="insert", subject="lantern"),
        Shot(kind="reaction", subject="ANA"),
        Shot(kind="wide"),
    ]
    plan, timeline = _film([lines], [shots], [0.0, 15.0])
    cuts = cut_list(plan, timeline)
    assert [c.shot.kind for c in cuts] == ["wide", "insert", "reaction", "wide"]
    holds = [c.frame_count for c in cuts[1:]]
    assert max(holds) - min(holds) <= 1  # about 3.7 s each, not 0 + 0 + 11 s
