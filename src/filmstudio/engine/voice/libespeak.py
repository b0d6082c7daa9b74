"""A thin, thread-safe ctypes binding to libespeak-ng.so.1.

Why ctypes and not the ``espeak-ng`` program: in-process calls cost about a millisecond, and the
synthesis callback reports *word events* (text position and audio position in ms), which the
command line cannot give. Both voice engines use it: the espeak provider speaks with it, and
the Kokoro provider turns text into IPA phonemes with it.

espeak-ng keeps one global state per process (current voice, parameters, callback), so every
call goes through :data:`LOCK` and this module initialises the library exactly once.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.errors import RenderError, ToolMissingError

#: Serialises every use of the library: espeak-ng's state is process-global.
LOCK = threading.RLock()

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
#: Report a phoneme event per speech sound, named in IPA (not espeak's own mnemonics).
_INITIALIZE_PHONEME_EVENTS = 0x0001
_INITIALIZE_PHONEME_IPA = 0x0002
_CHARS_UTF8 = 1
_POS_CHARACTER = 1
_EVENT_LIST_TERMINATED = 0
_EVENT_WORD = 1
_EVENT_PHONEME = 7

#: espeak_SetParameter ids.
RATE = 1
VOLUME = 2
PITCH = 3
RANGE = 4

#: espeak voice names per film language ("fr-fr" is not accepted by SetVoiceByName, "fr" is).
ESPEAK_LANGUAGE: dict[str, str] = {"en": "en-us", "es": "es", "fr": "fr", "hi": "hi", "sa": "hi"}

_IPA_TIE = "^"
_LANGUAGE_FLAG = re.compile(r"\([\^a-z0-9-]{2,16}\)")  # "(en)", tied as "(^e^n)"


class _Event(ctypes.Structure):
    """espeak_EVENT from speak_lib.h (the id union is 8 bytes on every platform we run)."""

    _fields_ = (
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_char * 8),
    )


_Callback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


@dataclass(frozen=True)
class WordEvent:
    """espeak's report that a word starts: 1-based character position, length, and time in ms."""

    text_position: int
    length: int
    audio_ms: int


@dataclass(frozen=True)
class PhonemeEvent:
    """espeak's report that a speech sound starts: its IPA (empty for a pause) and time in ms."""

    phoneme: str
    audio_ms: int


@dataclass(frozen=True)
class Synthesis:
    """Raw espeak output: 16-bit samples as float32, their rate, word and phoneme events."""

    samples: NDArray[np.float32]
    sample_rate: int
    words: tuple[WordEvent, ...]
    phonemes: tuple[PhonemeEvent, ...] = ()


class _Library:
    """The loaded library, its sample rate and the buffers the callback fills."""

    def __init__(self, lib: ctypes.CDLL, sample_rate: int) -> None:
        self.lib = lib
        self.sample_rate = sample_rate
        self.chunks: list[NDArray[np.int16]] = []
        self.events: list[WordEvent] = []
        self.phonemes: list[PhonemeEvent] = []
        # Keep a reference: ctypes frees a callback that Python no longer holds.
        self.callback = _Callback(self._on_audio)
        lib.espeak_SetSynthCallback(self.callback)

    def _on_audio(self, wav: Any, count: int, events: Any) -> int:
        if count > 0 and wav:
            self.chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        index = 0
        while events[index].type != _EVENT_LIST_TERMINATED:
            event = events[index]
            if event.type == _EVENT_WORD and event.length > 0 and event.text_position > 0:
                self.events.append(
                    WordEvent(
                        int(event.text_position), int(event.length), int(event.audio_position)
                    )
                )
            elif event.type == _EVENT_PHONEME:
                name = bytes(event.id).split(b"\0", 1)[0].decode("utf-8", errors="ignore")
                self.phonemes.append(PhonemeEvent(name, int(event.audio_position)))
            index += 1
        return 0


_library: _Library | None = None


def _open() -> ctypes.CDLL:
    names = ["libespeak-ng.so.1", ctypes.util.find_library("espeak-ng")]
    for name in names:
        if not name:
            continue
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    raise ToolMissingError(
        "espeak-ng is not installed: install it (Debian: apt-get install espeak-ng "
        "libespeak-ng1) to give the film its voices."
    )


def library() -> _Library:
    """The process-wide library, initialised on first use (raises ToolMissingError)."""
    global _library
    with LOCK:
        if _library is None:
            lib = _open()
            lib.espeak_Initialize.restype = ctypes.c_int
            lib.espeak_Initialize.argtypes = [
                ctypes.c_int,
                ctypes.c_int,
                ctypes.c_char_p,
                ctypes.c_int,
            ]
            lib.espeak_SetVoiceByName.restype = ctypes.c_int
            lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
            lib.espeak_SetParameter.restype = ctypes.c_int
            lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
            lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
            lib.espeak_TextToPhonemes.argtypes = [
                ctypes.POINTER(ctypes.c_void_p),
                ctypes.c_int,
                ctypes.c_int,
            ]
            lib.espeak_Synth.restype = ctypes.c_int
            lib.espeak_Synth.argtypes = [
                ctypes.c_void_p,
                ctypes.c_size_t,
                ctypes.c_uint,
                ctypes.c_int,
                ctypes.c_uint,
                ctypes.c_uint,
                ctypes.c_void_p,
                ctypes.c_void_p,
            ]
            options = _INITIALIZE_DONT_EXIT | _INITIALIZE_PHONEME_EVENTS | _INITIALIZE_PHONEME_IPA
            rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, None, options)
            if rate <= 0:
                raise ToolMissingError(
                    "espeak-ng is installed but its data cannot be loaded: reinstall the "
                    "espeak-ng-data package."
                )
            _library = _Library(lib, rate)
        return _library


def _set_voice(lib: _Library, name: str) -> None:
    if lib.lib.espeak_SetVoiceByName(name.encode()) != 0:
        raise RenderError(f"espeak-ng has no voice called {name!r}.")


@contextmanager
def _voice(name: str) -> Iterator[_Library]:
    with LOCK:
        lib = library()
        _set_voice(lib, name)
        yield lib


def to_ipa(text: str, language: str) -> str:
    """espeak-ng's IPA for `text`, clauses joined by spaces, multi-letter phonemes tied with ^.

    Stress marks are kept (Kokoro was trained with them); punctuation is dropped by espeak
    and language-switch flags such as ``(en)`` are removed.
    """
    voice = ESPEAK_LANGUAGE.get(language, language)
    mode = 0x02 | (1 << 7) | (ord(_IPA_TIE) << 8)  # IPA, with a tie character
    data = ctypes.create_string_buffer(text.encode("utf-8"))
    pointer = ctypes.c_void_p(ctypes.addressof(data))
    clauses: list[str] = []
    with _voice(voice) as lib:
        while pointer.value:
            result = lib.lib.espeak_TextToPhonemes(ctypes.byref(pointer), _CHARS_UTF8, mode)
            if result:
                clauses.append(result.decode("utf-8", errors="ignore"))
    return _LANGUAGE_FLAG.sub("", " ".join(clauses)).strip()


def synthesize(
    text: str, voice: str, *, rate: int, pitch: int, pitch_range: int, volume: int
) -> Synthesis:
    """Speak `text` with an espeak voice name (e.g. ``en-us+f3``); returns samples and events."""
    data = text.encode("utf-8")
    with _voice(voice) as lib:
        settings = ((RATE, rate), (PITCH, pitch), (RANGE, pitch_range), (VOLUME, volume))
        for parameter, value in settings:
            lib.lib.espeak_SetParameter(parameter, int(value), 0)
        lib.chunks.clear()
        lib.events.clear()
        lib.phonemes.clear()
        status = lib.lib.espeak_Synth(
            data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
        )
        lib.lib.espeak_Synchronize()
        if status != 0:
            raise RenderError(f"espeak-ng could not speak the line (error {status}).")
        pcm = np.concatenate(lib.chunks) if lib.chunks else np.zeros(0, np.int16)
        events = tuple(lib.events)
        phonemes = tuple(lib.phonemes)
        lib.chunks.clear()
        lib.events.clear()
        lib.phonemes.clear()
    samples = (pcm.astype(np.float32) / 32768.0).astype(np.float32)
    return Synthesis(samples, lib.sample_rate, events, phonemes)
