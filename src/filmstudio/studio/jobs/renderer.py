"""What turns a job's request into film files: the real engine, or a fast fake for tests.

``FILMSTUDIO_RENDERER=fake`` makes small placeholder files after reporting progress
through the same stages as the engine, in ``FILMSTUDIO_FAKE_RENDER_SECONDS``: the files the
engine always makes, plus the extras the job's options ask for, under the engine's names
(subtitles per extra language, stems), so what the studio lists and serves is what a real
render gives. Like the engine it writes into a hidden folder and renames into place, and
stops cleanly when the progress callback raises.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from filmstudio.studio.jobs.schemas import OUTPUT_FILES
from filmstudio.studio.settings import Settings
from filmstudio.studio.telemetry.metrics import record_cache_lookups

Progress = Callable[[str, float], None]

#: The engine's stages and their share of a render, for the fake's progress reports.
FAKE_STAGES = (
    ("plan", 0.02),
    ("voice", 0.22),
    ("pictures", 0.12),
    ("timing", 0.01),
    ("music", 0.05),
    ("mix", 0.04),
    ("captions", 0.01),
    ("render", 0.50),
    ("thumbnail", 0.03),
)


class RenderFailed(Exception):
    """The renderer failed; `permanent` failures (bad input) are not retried."""

    def __init__(self, message: str, permanent: bool) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent


class Renderer(Protocol):
    def render(self, request: dict[str, Any], out_dir: Path, progress: Progress) -> dict[str, Path]:
        """Make the film files for `request` in `out_dir`; return them by name."""
        ...


class EngineRenderer:
    """The film engine (imported on first use, so the API never needs it)."""

    def __init__(
        self,
        planner: str,
        voice: str,
        music: str,
        *,
        pictures: str = "procedural",
        talking: bool = True,
        lipsync: str = "procedural",
    ) -> None:
        self.planner, self.voice, self.music = planner, voice, music
        self.pictures, self.talking, self.lipsync = pictures, talking, lipsync

    def _options(self) -> Any:
        from filmstudio.engine.film import EngineOptions

        return EngineOptions(
            planner=self.planner,
            voice=self.voice,
            music_provider=self.music,
            pictures=self.pictures,
            talking=self.talking,
            lipsync=self.lipsync,
        )

    def render(self, request: dict[str, Any], out_dir: Path, progress: Progress) -> dict[str, Path]:
        from filmstudio.engine.errors import FilmError
        from filmstudio.engine.film import make_film

        call = _engine_call(request, self._options())
        try:
            result = make_film(
                call.source, out_dir, options=call.options, progress=progress, extras=call.extras
            )
        except FilmError as error:
            raise RenderFailed(error.message, permanent=error.exit_code == 2) from error
        record_cache_lookups("stage", result.cache_hits, result.cache_misses)
        missing = [name for name in OUTPUT_FILES if name not in result.files]
        if missing:
            raise RenderFailed(f"The engine did not make {', '.join(missing)}.", permanent=False)
        return {name: Path(path) for name, path in result.files.items()}

    def help_render(self, request: dict[str, Any], scratch: Path, progress: Progress) -> int:
        """Encode segments of a job another worker renders (same options, shared stage cache);
        returns how many this worker encoded."""
        from filmstudio.engine.errors import FilmError
        from filmstudio.engine.film import help_render

        call = _engine_call(request, self._options())
        try:
            return help_render(
                call.source, options=call.options, progress=progress, scratch=scratch
            )
        except FilmError as error:
            raise RenderFailed(error.message, permanent=error.exit_code == 2) from error


def _engine_call(request: dict[str, Any], base: Any) -> Any:
    """The engine call for a job (jobs.options is the one mapping); bad stored options are a
    permanent failure with their sentence."""
    from filmstudio.studio.jobs.options import BadOptions, engine_call

    try:
        return engine_call(request, base)
    except BadOptions as bad:
        raise RenderFailed(str(bad), permanent=True) from bad


def film_source(request: dict[str, Any]) -> Any:
    """What the engine renders for a job: the edited FilmPlan in ``request["plan"]`` (its
    quality and watermark replaced by the job's, which the tier decided), else a FilmRequest
    planned from the script; a permanent failure with a sentence when it is not valid."""
    from filmstudio.engine.film import EngineOptions

    return _engine_call(request, EngineOptions()).source


class FakeRenderer:
    """Placeholder files after engine-like progress; `fail_times` makes the first N renders
    fail (tests of retries), `fail_permanently` makes every render fail as bad input."""

    def __init__(self, seconds: float = 1.0, fail_times: int = 0, fail_permanently: bool = False):
        self.seconds = seconds
        self.fail_times = fail_times
        self.fail_permanently = fail_permanently
        self.renders = 0

    def render(self, request: dict[str, Any], out_dir: Path, progress: Progress) -> dict[str, Path]:
        self.renders += 1
        names = [*OUTPUT_FILES, *fake_extra_names(request)]  # bad options fail at once
        out_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".partial-", dir=out_dir))
        try:
            done = 0.0
            for stage, weight in FAKE_STAGES:
                steps = max(1, round(weight * 20))
                for step in range(1, steps + 1):
                    time.sleep(self.seconds * weight / steps)
                    progress(stage, done + weight * step / steps)
                done += weight
                if stage == "voice" and self.fail_permanently:
                    raise RenderFailed("Unknown voice 'nobody' (fake).", permanent=True)
                if stage == "render" and self.renders <= self.fail_times:
                    raise RenderFailed("The fake encoder crashed.", permanent=False)
            for name in names:
                (work / name).parent.mkdir(parents=True, exist_ok=True)
                (work / name).write_bytes(_fake_content(name, request))
            files = {}
            for name in names:
                (out_dir / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(work / name, out_dir / name)
                files[name] = out_dir / name
            return files
        finally:
            shutil.rmtree(work, ignore_errors=True)


def fake_extra_names(request: dict[str, Any]) -> list[str]:
    """The extra files the engine would make for the job's options, by the engine's names:
    ``film.<lang>.srt``/``.vtt`` per extra subtitle language, ``stems/<stem>.wav`` when
    stems are asked. Options that are not valid fail as the real renderer does."""
    from filmstudio.engine.mix import STEM_NAMES
    from filmstudio.studio.jobs.options import JobOptions

    try:
        chosen = JobOptions.model_validate(request.get("options") or {})
    except ValueError as error:
        raise RenderFailed("The job's options are not valid.", permanent=True) from error
    names = [f"film.{lang}.{kind}" for lang in chosen.subtitles for kind in ("srt", "vtt")]
    if chosen.stems:
        names += [f"stems/{stem}.wav" for stem in STEM_NAMES]
    return names


def _fake_content(name: str, request: dict[str, Any]) -> bytes:
    """A small file of the right kind: the plan as JSON, a one-cue subtitle track, a
    tenth of a second of silence for a stem, else a line of text."""
    title = str(request.get("title"))
    if name == "plan.json":
        return json.dumps(request.get("plan") or {"title": title}).encode()
    if name.endswith(".srt"):
        return f"1\n00:00:00,000 --> 00:00:01,000\n{title} ({name})\n".encode()
    if name.endswith(".vtt"):
        return f"WEBVTT\n\n00:00.000 --> 00:01.000\n{title} ({name})\n".encode()
    if name.endswith(".wav"):
        out = io.BytesIO()
        with wave.open(out, "wb") as sound:
            sound.setnchannels(1)
            sound.setsampwidth(2)
            sound.setframerate(24_000)
            sound.writeframes(bytes(2 * 2_400))
        return out.getvalue()
    return f"fake {name} for {title}\n".encode()


def make_renderer(settings: Settings) -> Renderer:
    if settings.renderer == "fake":
        return FakeRenderer(settings.fake_render_seconds)
    return EngineRenderer(
        settings.engine_planner,
        settings.engine_voice,
        settings.engine_music,
        pictures=settings.engine_pictures,
        talking=settings.engine_talking,
        lipsync=settings.engine_lipsync,
    )
