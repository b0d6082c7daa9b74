"""One exception hierarchy for the engine; every message is a sentence a user understands.

`exit_code` is what the CLI returns: 2 for bad input the user can fix, 1 for a failure.
"""

from __future__ import annotations


class FilmError(Exception):
    """Base of every error the engine raises on purpose."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(FilmError):
    """The user asked for something we cannot do: fix the input and try again."""

    exit_code = 2


class ScriptError(InputError):
    """The script cannot be turned into a film (too long, empty, unreadable)."""


class ChoiceError(InputError):
    """An unknown voice, style, music, language or quality name."""


class ImageError(InputError):
    """A reference image is missing or cannot be decoded."""


class PlanError(InputError):
    """A plan file is not valid (bad JSON, wrong schema, impossible values)."""


class TimingError(InputError):
    """The speech cannot fit the requested duration."""


class RenderError(FilmError):
    """A stage failed while making the film (a tool crashed, a disk filled)."""


class ToolMissingError(RenderError):
    """A required program (ffmpeg, fluidsynth, espeak-ng) is not installed."""
