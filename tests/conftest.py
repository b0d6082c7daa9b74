"""Shared test helpers: synthetic speech and small plans built in memory."""

from __future__ import annotations

import numpy as np
import pytest

from filmstudio.engine.plan import FilmPlan, Line, Scene
from filmstudio.engine.voice.base import Speech, WordTiming


def synthetic_speech(text: str, per_word: float = 0.3, rate: int = 24_000) -> Speech:
    """A tone burst per word with exact word timings, like a very regular speaker."""
    words = text.split()
    samples = np.zeros(round(len(words) * per_word * rate), dtype=np.float32)
    timings = []
    for i, word in enumerate(words):
        start, end = i * per_word, i * per_word + per_word * 0.8
        a, b = round(start * rate), round(end * rate)
        t = np.arange(b - a) / rate
        samples[a:b] = 0.3 * np.sin(2 * np.pi * 180 * t).astype(np.float32)
        timings.append(WordTiming(word, start, end))
    return Speech(samples, rate, tuple(timings))


def small_plan(scene_lines: list[list[str]], target: float = 30.0, **fields: object) -> FilmPlan:
    """A plan with one scene per entry, each with narrated lines."""
    scenes = [
        Scene(scene_number=i, dialogue=[Line(text=t) for t in lines])
        for i, lines in enumerate(scene_lines, 1)
    ]
    return FilmPlan.model_validate({"scenes": scenes, "target_duration": target, **fields})


@pytest.fixture
def speech_for() -> object:
    return synthetic_speech


@pytest.fixture(autouse=True, scope="session")
def _private_stage_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or fill the user's own stage cache."""
    import os

    os.environ["FILMSTUDIO_CACHE_DIR"] = str(tmp_path_factory.mktemp("stage-cache"))
