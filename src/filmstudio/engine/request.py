"""What the user asked for: the script and the choices made beside it."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from filmstudio.engine.plan import Aspect, Quality

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
    #: The film's shape: 16:9 landscape, 9:16 vertical (Shorts, Reels), 1:1 square.
    aspect: Aspect = "16:9"
    watermark: bool = False
    seed: int = 0
    cast: dict[str, str] = {}
    images: tuple[Path, ...] = ()
    #: A sloka or poem given with its translation: recite the translation after the original
    #: (True) or only the original (False).
    recite_translation: bool = True


class FilmExtras(BaseModel):
    """What a render brings or makes beyond the plan, so a re-render of an edited plan keeps
    them: the user's own recordings, extra subtitle languages, stems."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: Extra subtitle languages (an SRT and a VTT each) beside the film's own.
    subtitles: tuple[str, ...] = ()
    #: The user's own music (mp3/wav/ogg), used instead of the composed score.
    music_file: Path | None = None
    #: The user's own narration recording, used instead of synthesized speech.
    narration_file: Path | None = None
    #: Also write the voice, ambience and music stems as WAV files.
    stems: bool = False
