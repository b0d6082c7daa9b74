"""Where the film cuts to talking close-ups, and the sound each close-up is animated from."""

from __future__ import annotations

import itertools

import numpy as np

from filmstudio.engine.animate.shots import EDGE, OPENING, plan_shots, shot_audio
from filmstudio.engine.plan import Character, FilmPlan, Line, Scene
from filmstudio.engine.timing import TimedLine, TimedScene, Timeline, fit_timeline
from tests.conftest import synthetic_speech

FPS = 30


def _dialogue(target: float = 40.0) -> tuple[FilmPlan, Timeline]:
    scenes = [
        Scene(
            scene_number=1,
            characters=["Ana", "Ben"],
            dialogue=[
                Line(text="The tide came in early."),
                Line(speaker="Ana", text="You came back."),
                Line(speaker="Ben", text="I said I would, one day."),
                Line(speaker="Ana", text="Ten years."),
                Line(speaker="Ana", text="Not one letter."),
            ],
        ),
        Scene(scene_number=2, dialogue=[Line(text="Night fell over the harbour.")]),
        Scene(
            scene_number=3,
            characters=["Ben"],
            dialogue=[Line(speaker="Ben", text="Still too much pepper.")],
        ),
    ]
    plan = FilmPlan(
        scenes=scenes,
        characters=[Character(name="Ana"), Character(name="Ben")],
        target_duration=target,
    )
    speeches = [[synthetic_speech(line.text) for line in s.dialogue] for s in scenes]
    return fit_timeline(plan, speeches)


def test_close_ups_cover_character_lines_only_and_cut_between_speakers() -> None:
    plan, timeline = _dialogue()
    shots = plan_shots(plan, timeline)
    assert [s.speaker for s in shots] == ["Ana", "Ben", "Ana", "Ben"]
    assert [len(s.lines) for s in shots] == [1, 1, 2, 1]  # Ana's two lines share one shot
    assert [s.facing_right for s in shots] == [True, False, True, True]
    for before, after in itertools.pairwise(shots):
        assert before.last <= after.first
    for shot in shots:
        scene = timeline.scenes[shot.scene_index]
        opening = max(EDGE, min(OPENING, scene.duration / 4))
        assert scene.start + opening - 1 / FPS <= shot.first / FPS  # the place is seen first
        assert shot.last / FPS <= scene.end - EDGE + 1 / FPS
        for timed in shot.lines:
            assert shot.first / FPS <= timed.start and timed.end <= shot.last / FPS
    narrated = [t for t in timeline.lines if t.line.speaker == "NARRATOR"]
    for timed in narrated:
        assert not any(s.first / FPS < timed.end and timed.start < s.last / FPS for s in shots)


def test_back_to_back_speakers_cut_in_the_gap() -> None:
    plan, timeline = _dialogue()
    ana, ben = plan_shots(plan, timeline)[:2]
    assert ana.last == ben.first
    assert ana.lines[0].end <= ana.last / FPS <= ben.lines[0].start


def test_shot_audio_is_the_lines_in_place_and_as_long_as_the_shot() -> None:
    plan, timeline = _dialogue()
    shot = plan_shots(plan, timeline)[2]
    audio = shot_audio(shot, FPS)
    rate = audio.sample_rate
    assert len(audio.samples) == round((shot.last - shot.first) * rate / FPS)
    for timed in shot.lines:
        at = round((timed.start - shot.first / FPS) * rate)
        heard = audio.samples[at : at + len(timed.speech.samples)]
        assert np.allclose(heard, timed.speech.samples[: len(heard)])
    first_word = audio.words[0]
    assert abs(first_word.start - (shot.lines[0].start - shot.first / FPS)) < 1e-6
    assert len(audio.words) == sum(len(t.speech.words) for t in shot.lines)


def test_a_scene_that_opens_with_quick_dialogue_still_opens_on_its_picture() -> None:
    ana = Line(speaker="Ana", text="Hi.")
    ben = Line(speaker="Ben", text="Hello there, how are you this fine morning?")
    plan = FilmPlan(
        scenes=[Scene(scene_number=1, characters=["Ana", "Ben"], dialogue=[ana, ben])],
        characters=[Character(name="Ana"), Character(name="Ben")],
        target_duration=30,
    )
    hi, hello = synthetic_speech(ana.text, per_word=0.4), synthetic_speech(ben.text)
    timeline = Timeline(
        duration=30.0,
        fps=FPS,
        scenes=(TimedScene(0, 0.0, 30.0),),
        lines=(
            TimedLine(0, ana, 0.2, hi, hi.words),  # over before the scene's opening is
            TimedLine(0, ben, 0.9, hello, hello.words),
        ),
    )
    shots = plan_shots(plan, timeline)
    assert [s.speaker for s in shots] == ["Ben"]
    assert shots[0].first == round(OPENING * FPS) and shots[0].last > shots[0].first
