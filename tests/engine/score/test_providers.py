from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.score import (
    MUSIC_PROVIDERS,
    ComposedMusic,
    FakeMusic,
    MusicProvider,
    MusicSegment,
)
from tests.engine.score.scoring import RATE, needs_fluidsynth, scored


def test_providers_are_registered_by_name() -> None:
    assert MUSIC_PROVIDERS["composed"] is ComposedMusic
    assert MUSIC_PROVIDERS["fake"] is FakeMusic
    providers: list[MusicProvider] = [ComposedMusic(), FakeMusic()]
    assert [p.name for p in providers] == ["composed", "fake"]


@needs_fluidsynth
def test_composed_music_is_compose_score() -> None:
    assert np.array_equal(ComposedMusic().compose([], 16.0, "calm", 0, RATE), scored("calm"))


def test_fake_music_keeps_the_contract() -> None:
    fake = FakeMusic()
    segments = [MusicSegment(0, 5, "joyful"), MusicSegment(5, 10.5, "sad")]
    audio = fake.compose(segments, 10.5, sample_rate=RATE)
    assert audio.shape == (round(10.5 * RATE), 2)
    assert audio.dtype == np.float32
    assert pyloudnorm.Meter(RATE).integrated_loudness(audio) == pytest.approx(-20, abs=1.0)
    assert np.all(audio[-1] == 0)
    assert not fake.compose(segments, 10.5, music="none").any()
    with pytest.raises(ChoiceError):
        fake.compose(segments, 10.5, music="jazz")
    # the moods are audible even here: a major third in joyful, a minor third in sad
    assert not np.allclose(audio[RATE : 2 * RATE], audio[7 * RATE : 8 * RATE])
    # a genre with a mood forces the mood, as in the composed score
    forced = fake.compose(segments, 10.5, music="piano:sad", sample_rate=RATE)
    assert np.array_equal(forced, fake.compose(segments, 10.5, music="sad", sample_rate=RATE))
    assert not np.array_equal(forced, audio)
