from __future__ import annotations

import pytest

from filmstudio.engine.errors import TimingError
from filmstudio.engine.timing import FPS, fit_timeline, shortest_duration
from tests.conftest import small_plan, synthetic_speech


def _speeches(plan):  # type: ignore[no-untyped-def]
    return [[synthetic_speech(line.text) for line in scene.dialogue] for scene in plan.scenes]


@pytest.mark.parametrize("target", [30.0, 47.3, 120.0, 300.0])
def test_film_lasts_the_requested_duration(target: float) -> None:
    plan = small_plan([["one two three four five"], ["six seven", "eight nine ten"]], target)
    timed, timeline = fit_timeline(plan, _speeches(plan))
    assert abs(timeline.duration - target) <= 0.03 * target
    assert timeline.frame_count == round(target * FPS)
    assert timeline.scenes[0].start == 0
    assert timeline.scenes[-1].end == pytest.approx(timeline.duration)
    assert sum(s.duration for s in timed.scenes) == pytest.approx(timeline.duration, abs=0.01)


def test_scenes_are_contiguous_and_frame_aligned() -> None:
    plan = small_plan([["a b c"], ["d e f g"], ["h"]], 60)
    _, timeline = fit_timeline(plan, _speeches(plan))
    for before, after in zip(timeline.scenes, timeline.scenes[1:], strict=False):
        assert before.end == after.start
        assert round(after.start * FPS) == pytest.approx(after.start * FPS, abs=1e-6)


def test_lines_stay_inside_their_scene_in_order_without_overlap() -> None:
    plan = small_plan([["a b c d e f", "g h i"], ["j k l m n o p q"]], 30)
    _, timeline = fit_timeline(plan, _speeches(plan))
    previous_end = 0.0
    for line in timeline.lines:
        scene = timeline.scenes[line.scene_index]
        assert scene.start <= line.start and line.end <= scene.end + 1e-6
        assert line.start >= previous_end
        previous_end = line.end
        assert line.words[0].start >= line.start
        assert line.words[-1].end <= line.end + 1e-6


def test_speech_that_cannot_fit_names_the_shortest_duration() -> None:
    words = " ".join(["word"] * 140)
    plan = small_plan([[words]], 30)
    need = shortest_duration(plan, _speeches(plan))
    with pytest.raises(TimingError, match=rf"at least {int(need) + 1} s") as error:
        fit_timeline(plan, _speeches(plan))
    assert "30 s" in error.value.message


def test_tight_fit_still_fits() -> None:
    plan = small_plan([[" ".join(["w"] * 90)]], 30)
    need = shortest_duration(plan, _speeches(plan))
    assert need < 30
    _, timeline = fit_timeline(plan, _speeches(plan))
    assert timeline.lines[-1].end <= timeline.duration


def test_short_scripts_get_longer_pauses_not_faster_speech() -> None:
    line = " ".join(["word"] * 45)
    plan = small_plan([[line, line]], 30)
    _, short = fit_timeline(plan, _speeches(plan))
    plan_long = plan.model_copy(update={"target_duration": 40.0})
    _, long = fit_timeline(plan_long, _speeches(plan_long))
    gap_short = short.lines[1].start - short.lines[0].end
    gap_long = long.lines[1].start - long.lines[0].end
    assert gap_long > gap_short
    assert gap_long <= 2.5
    assert long.lines[0].speech.duration == short.lines[0].speech.duration


def test_scene_without_lines_is_held() -> None:
    plan = small_plan([["a b c"], [], ["d e"]], 30)
    _, timeline = fit_timeline(plan, _speeches(plan))
    assert timeline.scenes[1].duration > 1.0
    assert [line.scene_index for line in timeline.lines] == [0, 2]


def _scene_offsets(timeline, index):  # type: ignore[no-untyped-def]
    """Where each line of scene `index` starts, from the scene's start."""
    start = timeline.scenes[index].start
    return [round(t.start - start, 6) for t in timeline.lines if t.scene_index == index]


def _edited(plan, scene, line, text):  # type: ignore[no-untyped-def]
    scenes = list(plan.scenes)
    dialogue = list(scenes[scene].dialogue)
    dialogue[line] = dialogue[line].model_copy(update={"text": text})
    scenes[scene] = scenes[scene].model_copy(update={"dialogue": dialogue})
    return plan.model_copy(update={"scenes": scenes})


SCENES = [
    ["one two three four five six", "seven eight"],
    ["nine ten eleven"],
    ["twelve thirteen fourteen fifteen", "sixteen"],
    ["seventeen eighteen nineteen twenty"],
]


def test_a_timed_plan_times_the_same_again() -> None:
    plan = small_plan(SCENES, 60)
    timed, first = fit_timeline(plan, _speeches(plan))
    again, second = fit_timeline(timed, _speeches(timed))
    assert second.scenes == first.scenes
    assert [t.start for t in second.lines] == [t.start for t in first.lines]
    assert [s.duration for s in again.scenes] == [s.duration for s in timed.scenes]


def test_a_longer_line_moves_only_its_scene_and_the_roomiest_one() -> None:
    plan = small_plan(SCENES, 45)
    timed, before = fit_timeline(plan, _speeches(plan))
    edited = _edited(timed, 1, 0, " ".join(["word"] * 40))
    _, after = fit_timeline(edited, _speeches(edited))
    changed = [
        i for i in range(len(SCENES)) if before.scenes[i].duration != after.scenes[i].duration
    ]
    assert 1 in changed and len(changed) <= 2
    assert after.duration == before.duration
    for i in set(range(len(SCENES))) - set(changed):
        assert _scene_offsets(after, i) == _scene_offsets(before, i)


def test_a_shorter_line_keeps_every_scene_length() -> None:
    plan = small_plan(SCENES, 60)
    timed, before = fit_timeline(plan, _speeches(plan))
    edited = _edited(timed, 2, 0, "twelve")
    _, after = fit_timeline(edited, _speeches(edited))
    assert [s.duration for s in after.scenes] == [s.duration for s in before.scenes]
    for i in (0, 1, 3):
        assert _scene_offsets(after, i) == _scene_offsets(before, i)


def test_a_trimmed_scene_keeps_its_length_and_the_others_share_the_rest() -> None:
    plan = small_plan(SCENES, 60)
    scenes = list(plan.scenes)
    scenes[3] = scenes[3].model_copy(update={"duration": 7.5})
    trimmed = plan.model_copy(update={"scenes": scenes})
    _, timeline = fit_timeline(trimmed, _speeches(trimmed))
    assert timeline.scenes[3].duration == pytest.approx(7.5, abs=1 / FPS)
    assert timeline.frame_count == 60 * FPS


def test_lengths_that_miss_the_film_length_are_shared_out() -> None:
    plan = small_plan(SCENES, 40)
    timed, before = fit_timeline(plan, _speeches(plan))
    longer = timed.model_copy(update={"target_duration": 50.0})
    _, after = fit_timeline(longer, _speeches(longer))
    assert after.frame_count == 50 * FPS
    assert all(a.duration > b.duration for a, b in zip(after.scenes, before.scenes, strict=True))
