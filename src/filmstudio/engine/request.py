"""What the user asked for: the script and the choices made beside it."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from filmstudio.engine.plan import Quality

MAX_WORDS = 500
MIN_DURATION = 30.0
MAX_DURATION = 300.0


class FilmRequest(BaseModel):
    """A render request; `language=None` means detect it from the script."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    script: str
    title: str | None = None
    duration: float = Field(default=60.0, ge=MIN_DURATION, le=MAX_DURATION)
    language: str | None = None
    narrator_voice: str = "narrator-female"
    music: str = "auto"
    style: str = "cinematic"
    quality: Quality = "720p"
    watermark: bool = False
    seed: int = 0
    cast: dict[str, str] = {}
    images: tuple[Path, ...] = ()
