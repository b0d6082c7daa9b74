"""The film's voice track through each scene's effect, and its ambience, from a real plan."""

from __future__ import annotations

import numpy as np
import pytest

from filmstudio.engine import mix
from filmstudio.engine.plan import FilmPlan, Line, Scene, Setting, VoiceEffect
from filmstudio.engine.post import film_ambience, film_mixdown, voice_track
from filmstudio.engine.timing import Timeline, fit_timeline
from tests.conftest import synthetic_speech
from tests.engine.post.signals import band_db

RATE = mix.SAMPLE_RATE


def _film(
    first: Setting, second: Setting, effect: VoiceEffect = "none"
) -> tuple[FilmPlan, Timeline]:
    texts = ["one two three four five six", "seven eight nine ten"]
    scenes = [
        Scene(scene_number=1, setting=first, dialogue=[Line(text=texts[0])]),
        Scene(
            scene_number=2,
            setting=second,
            dialogue=[Line(text=texts[1], effect=effect)],
        ),
    ]
    plan = FilmPlan(scenes=scenes, target_duration=30.0)
    return fit_timeline(plan, [[synthetic_speech(texts[0])], [synthetic_speech(texts[1])]])


def test_a_temple_line_rings_on_and_a_phone_line_is_narrow() -> None:
    plan, timeline = _film(Setting(place="temple"), Setting(place="city"), "phone")
    wet = voice_track(plan, timeline)
    dry = voice_track(plan, timeline, effects=False)
    assert wet.shape == dry.shape == (round(timeline.duration * RATE),)
    first, second = timeline.lines
    after = slice(round((first.end + 0.1) * RATE), round((first.end + 1.0) * RATE))
    assert np.max(np.abs(dry[after])) == 0
    assert np.sqrt(np.mean(wet[after] ** 2)) > 1e-3  # the temple's reverb tail
    span = slice(round(second.start * RATE), round(second.end * RATE))
    # the 180 Hz tone of the test voice is under the phone band: what is left is its grit
    dry_share = band_db(dry[span], 150, 210) - band_db(dry[span], 20, 20000)
    wet_share = band_db(wet[span], 150, 210) - band_db(wet[span], 20, 20000)
    assert dry_share > -1 and wet_share < dry_share - 6
    # each line keeps its loudness through its effect
    line = slice(round(first.start * RATE), round(first.end * RATE))
    ratio = np.sqrt(np.mean(wet[line] ** 2) / np.mean(dry[line] ** 2))
    assert 0.8 < ratio < 1.25


def test_film_ambience_follows_the_scenes() -> None:
    plan, timeline = _film(Setting(place="forest"), Setting(place="kitchen", interior=True))
    air = film_ambience(plan, timeline, 16000)
    assert air.shape == (round(timeline.duration * 16000), 2)
    cut = timeline.scenes[1].start
    outside = air[16000 : round((cut - 1.0) * 16000)]
    inside = air[round((cut + 1.0) * 16000) :]
    assert np.sqrt(np.mean(outside**2)) > 1e-3  # birds in the forest
    assert not np.any(inside)  # a quiet kitchen


def test_film_mixdown_puts_voices_over_ambience_and_music() -> None:
    plan, timeline = _film(Setting(place="beach"), Setting(place="temple"))
    n = round(timeline.duration * RATE)
    rng = np.random.default_rng(0)
    music = (0.05 * rng.standard_normal((n, 2))).astype(np.float32)
    mixed = film_mixdown(plan, timeline, music)
    assert mixed.master.shape == (n, 2)
    assert mix.loudness(mixed.master) == pytest.approx(mix.TARGET_LUFS, abs=1.0)
    assert mix.true_peak_db(mixed.master) <= mix.TRUE_PEAK_DBTP
    total = mixed.voice + mixed.ambience + mixed.music
    assert np.max(np.abs(total - mixed.master)) < 1e-6
    beach = slice(RATE, round(timeline.scenes[0].end * RATE) - RATE)
    assert np.any(mixed.ambience[beach])  # waves on the beach
    quiet = film_mixdown(plan, timeline, music, ambience=False)
    assert not np.any(quiet.ambience)
