"""Where the film cuts to talking close-ups, and the sound each close-up is animated from."""

from __future__ import annotations

import numpy as np

from filmstudio.engine.animate.shots import TalkShot, shot_audio
from filmstudio.engine.plan import Character, FilmPlan, Line, Scene
from filmstudio.engine.timing import Timeline, fit_timeline
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


def test_shot_audio_is_the_lines_in_place_and_as_long_as_the_shot() -> None:
    _, timeline = _dialogue()
    anas = timeline.lines[3:5]  # Ana's two lines, one after the other
    first = round(anas[0].start * FPS) - 9
    last = round(anas[1].end * FPS) + 14
    shot = TalkShot(0, "Ana", first, last, tuple(anas), True)
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


def test_a_listeners_shot_hears_silence_as_long_as_the_shot() -> None:
    audio = shot_audio(TalkShot(0, "Ben", 30, 75, (), False), FPS)
    assert len(audio.samples) == round(45 * audio.sample_rate / FPS)
    assert not audio.samples.any() and audio.words == () and audio.phonemes == ()
