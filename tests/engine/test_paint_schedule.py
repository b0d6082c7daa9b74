"""Sets are painted beside the voices only while both fit in memory together."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from filmstudio.engine import film
from filmstudio.engine.animate.drawers import LayeredStageDrawer
from filmstudio.engine.cache import StageCache
from filmstudio.engine.film import EngineOptions, Stages
from filmstudio.engine.progress import no_progress
from filmstudio.engine.request import FilmRequest

STORY = 'The keeper climbed the stairs at night. "We hold the light," said Maria.'


@pytest.mark.parametrize(("quality", "beside"), [("720p", True), ("1080p", False)])
def test_large_sets_are_painted_after_the_voices(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, quality: str, beside: bool
) -> None:
    events: list[str] = []
    painted = threading.Event()
    voice_all = film._voice_all

    def voices(*args: Any, **kwargs: Any) -> Any:
        # give a painter that runs beside the voices the time to start
        painted.wait(timeout=3.0)
        events.append("voices done")
        return voice_all(*args, **kwargs)

    def warm(self: LayeredStageDrawer) -> None:
        events.append("painted")
        painted.set()

    monkeypatch.setattr(film, "_voice_all", voices)
    monkeypatch.setattr(LayeredStageDrawer, "warm", warm)
    request = FilmRequest(script=STORY, duration=30, quality=quality)
    options = EngineOptions(voice="fake", music_provider="fake")
    film._prepare_visuals(request, options, StageCache(tmp_path), Stages(no_progress))
    assert events == (["painted", "voices done"] if beside else ["voices done", "painted"])
