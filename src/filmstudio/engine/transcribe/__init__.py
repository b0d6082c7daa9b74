"""The transcribe capability: timed words from speech (offline Whisper, or a fake for tests).

Public surface::

    get_transcriber(name="whisper") -> Transcriber
    narration_from_recording(path, language, transcriber, text=None) -> Speech
    narration_lines(path, lines, language, transcriber) -> list[Speech]  (one per line)
    TRANSCRIBERS (name -> class);  Transcript;  TranscriptionError;  RecordingError

Third-party packages can add a transcriber under the ``filmstudio.transcriber`` entry points.
"""

from __future__ import annotations

import threading
from importlib.metadata import entry_points

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.transcribe.align import align_words
from filmstudio.engine.transcribe.base import Transcriber, Transcript, TranscriptionError
from filmstudio.engine.transcribe.fake import FakeTranscriber
from filmstudio.engine.transcribe.recording import (
    RecordingError,
    decode_audio,
    narration_from_recording,
    narration_lines,
    split_by_lines,
)
from filmstudio.engine.transcribe.whisper import WhisperTranscriber

TRANSCRIBERS: dict[str, type[Transcriber]] = {
    "whisper": WhisperTranscriber,
    "fake": FakeTranscriber,
}
DEFAULT_TRANSCRIBER = "whisper"

_instances: dict[str, Transcriber] = {}
_lock = threading.Lock()


def get_transcriber(name: str = DEFAULT_TRANSCRIBER) -> Transcriber:
    """The transcriber called `name` (one shared instance per process); ChoiceError if unknown."""
    key = name.strip().lower()
    with _lock:
        if key not in _instances:
            classes = dict(TRANSCRIBERS)
            if key not in classes:
                for point in entry_points(group="filmstudio.transcriber"):
                    classes.setdefault(point.name, point.load())
            if key not in classes:
                raise ChoiceError(
                    f"Unknown transcriber '{name}'. Choose one of: {', '.join(classes)}."
                )
            _instances[key] = classes[key]()
        return _instances[key]


__all__ = [
    "DEFAULT_TRANSCRIBER",
    "TRANSCRIBERS",
    "FakeTranscriber",
    "RecordingError",
    "Transcriber",
    "Transcript",
    "TranscriptionError",
    "WhisperTranscriber",
    "align_words",
    "decode_audio",
    "get_transcriber",
    "narration_from_recording",
    "narration_lines",
    "split_by_lines",
]
