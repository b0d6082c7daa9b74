"""Voice models are let go once a film's lines are spoken, and sound the same when reloaded."""

from __future__ import annotations

import numpy as np
import pytest

from filmstudio.engine.memory import trim_heap
from filmstudio.engine.plan import Line
from filmstudio.engine.voice import get_provider, kokoro_model, release_voices, speak_line
from filmstudio.engine.voice.kokoro import KokoroProvider


def test_release_drops_the_shared_kokoro_model_but_not_a_given_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shared, given = object(), object()
    monkeypatch.setattr(kokoro_model, "_model", shared)
    get_provider("kokoro")  # a provider exists in the process, as after voicing a film
    mine = KokoroProvider(model=given)  # type: ignore[arg-type]
    assert get_provider("kokoro").model is shared  # type: ignore[attr-defined]
    release_voices()
    assert kokoro_model._model is None
    assert mine.model is given
    assert isinstance(trim_heap(), bool)


@pytest.mark.slow
def test_a_line_sounds_the_same_after_the_model_is_released() -> None:
    line = Line(text="The ferry leaves at midnight, doesn't it?", emotion="tense")
    before = speak_line(line, "narrator-female")
    release_voices()
    assert kokoro_model._model is None
    after = speak_line(line, "narrator-female")
    assert kokoro_model._model is not None  # loaded again for the line
    assert np.array_equal(before.samples, after.samples)
    assert before.words == after.words
    assert before.phonemes == after.phonemes
