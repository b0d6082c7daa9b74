"""A user's own narration recording, used instead of a synthetic voice.

The file (MP3, WAV, OGG, M4A, anything ffmpeg reads) is decoded to mono at the voices' rate,
brought to the speech level every voice has (so the mix treats it like any narration), and
transcribed offline for word timings; when the script text is given, the subtitles keep the
script's words and take their times from the recording. Phonemes for talking mouths are
estimated from each word's espeak phonemes spread over the word's time.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.errors import InputError, RenderError
from filmstudio.engine.render.ffmpeg import DecodeError, decode_samples
from filmstudio.engine.transcribe.align import align_words
from filmstudio.engine.transcribe.base import Transcriber
from filmstudio.engine.voice import audio, libespeak
from filmstudio.engine.voice.base import PhonemeTiming, Speech, WordTiming
from filmstudio.engine.voice.timing import clean_phoneme, monotonic, monotonic_phonemes

#: Longer recordings than this are refused (a film is at most five minutes).
MAX_SECONDS = 600.0
_PHONEME = re.compile(r"[^\s\^](?:\^[^\s\^])*[ːʰʲ\u0303]*")


class RecordingError(InputError):
    """An uploaded recording cannot be used (missing, unreadable, silent, too long)."""


def decode_audio(path: Path, rate: int = audio.SAMPLE_RATE) -> audio.Samples:
    """Mono float32 samples at `rate` from any audio file ffmpeg can read."""
    if not path.is_file():
        raise RecordingError(f"The recording {path} does not exist.")
    try:
        samples = decode_samples(path, rate, 1, MAX_SECONDS + 1)[:, 0]
    except DecodeError as error:
        raise RecordingError(
            f"The recording {path.name} cannot be read as audio ({error}); "
            "use an MP3, WAV, OGG or M4A file."
        ) from error
    if len(samples) > MAX_SECONDS * rate:
        raise RecordingError(
            f"The recording {path.name} is longer than {MAX_SECONDS / 60:.0f} minutes; "
            "trim it to the film's length."
        )
    return samples


def estimate_phonemes(words: tuple[WordTiming, ...], language: str) -> list[PhonemeTiming]:
    """Each word's espeak phonemes, sharing the word's time equally (for talking mouths)."""
    timed: list[PhonemeTiming] = []
    for word in words:
        if word.end <= word.start:
            continue
        try:
            ipa = libespeak.to_ipa(word.text, language)
        except RenderError:  # espeak missing or unable: mouths then follow words only
            return []
        sounds = [clean_phoneme(p.replace("^", "")) for p in _PHONEME.findall(ipa)]
        sounds = [s for s in sounds if s]
        if not sounds:
            continue
        step = (word.end - word.start) / len(sounds)
        timed.extend(
            PhonemeTiming(s, word.start + i * step, word.start + (i + 1) * step)
            for i, s in enumerate(sounds)
        )
    return timed


def _voiced_span(samples: NDArray[np.float32]) -> list[WordTiming]:
    """One pseudo-word from the first to the last clearly voiced 10 ms of the recording."""
    rms = audio.frame_rms(samples, audio.SAMPLE_RATE, 0.01)
    voiced = np.flatnonzero(rms > float(rms.max()) * 0.05) if len(rms) else np.array([])
    if len(voiced) == 0:
        return []
    return [WordTiming("", float(voiced[0]) * 0.01, float(voiced[-1] + 1) * 0.01)]


def narration_from_recording(
    path: Path, language: str, transcriber: Transcriber, text: str | None = None
) -> Speech:
    """The recording as a Speech with word timings (script words when `text` is given)."""
    samples = decode_audio(path)
    if not np.isfinite(audio.speech_level_db(samples)) or float(np.abs(samples).max()) < 1e-3:
        raise RecordingError(f"The recording {path.name} is silent.")
    from filmstudio.engine.post import clean_voice  # post-production imports the film's stages

    leveled = audio.level(clean_voice(samples, audio.SAMPLE_RATE))
    heard = transcriber.transcribe(leveled, audio.SAMPLE_RATE, language)
    if text and text.split():
        # Whisper can hear too little (Hindi comes out in Urdu script, a noisy take); the
        # script's words are then spread over where the recording is voiced, not from 0 s.
        voiced = _voiced_span(leveled)
        anchors = list(heard.words) or voiced
        span = (voiced[0].start, voiced[0].end) if voiced else None
        words = align_words(text.split(), anchors, span)
    else:
        words = list(heard.words)
    if not words:
        raise RecordingError(
            f"No words could be heard in the recording {path.name}; check it is speech in "
            "the film's language."
        )
    duration = len(leveled) / audio.SAMPLE_RATE
    timed = monotonic(words, duration)
    phonemes = monotonic_phonemes(estimate_phonemes(timed, language), duration)
    return Speech(leveled, audio.SAMPLE_RATE, timed, phonemes)


def split_by_lines(speech: Speech, lines: list[str]) -> list[Speech]:
    """Cut a narration Speech (timed with the script's words) into one Speech per line.

    Why: the film voices, times and captions line by line, while a user records the whole
    narration in one take. Each cut falls in the middle of the pause between two lines, so no
    word is clipped; every piece's words and phonemes are re-timed from the piece's start.
    """
    counts = [len(line.split()) for line in lines]
    if sum(counts) != len(speech.words):
        raise RecordingError(
            f"The recording's transcript has {len(speech.words)} words but the script's lines "
            f"have {sum(counts)}; give the script text when reading the recording."
        )
    rate = speech.sample_rate
    bounds: list[int] = [0]
    at = 0
    for count in counts[:-1]:
        at += count
        if count == 0 or at >= len(speech.words):
            bounds.append(bounds[-1])
            continue
        cut = (speech.words[at - 1].end + speech.words[at].start) / 2
        bounds.append(max(bounds[-1], round(cut * rate)))
    bounds.append(len(speech.samples))
    pieces: list[Speech] = []
    first = 0
    for index, count in enumerate(counts):
        start, end = bounds[index], bounds[index + 1]
        offset = start / rate
        duration = (end - start) / rate
        words = [
            WordTiming(w.text, w.start - offset, w.end - offset)
            for w in speech.words[first : first + count]
        ]
        phonemes = [
            PhonemeTiming(p.phoneme, p.start - offset, p.end - offset)
            for p in speech.phonemes
            if start / rate <= (p.start + p.end) / 2 < end / rate
        ]
        pieces.append(
            Speech(
                speech.samples[start:end],
                rate,
                monotonic(words, duration),
                monotonic_phonemes(phonemes, duration),
            )
        )
        first += count
    return pieces


def narration_lines(
    path: Path, lines: list[str], language: str, transcriber: Transcriber
) -> list[Speech]:
    """The user's recording of the narration, as one timed Speech per narration line."""
    whole = narration_from_recording(path, language, transcriber, text="\n".join(lines))
    return split_by_lines(whole, lines)
