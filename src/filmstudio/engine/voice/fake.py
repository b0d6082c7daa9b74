"""A fake voice for other stages' tests: instant, deterministic, exact timings.

Each word is a soft tone burst (a voice-specific pitch with two harmonics and a little seeded
noise, under a raised-cosine envelope) lasting exactly WORD_SECONDS × tempo, followed by a gap;
clause, sentence and line breaks get the same pauses as the real voices, and a question's
last word rises as it does with the Kokoro voice. Emotions change level,
tempo and pitch the same way they do for real voices, so level-dependent code can be tested.
Each letter of a word is one "phoneme" sharing the word's time equally, so mouth animation
can be tested without a model.
"""

from __future__ import annotations

import zlib

import numpy as np

from filmstudio.engine.voice import audio
from filmstudio.engine.voice.base import PhonemeTiming, Speech, VoiceInfo, WordTiming
from filmstudio.engine.voice.catalog import fake_pitch
from filmstudio.engine.voice.emotion import delivery
from filmstudio.engine.voice.intonation import question_rises, rise
from filmstudio.engine.voice.timing import pause
from filmstudio.engine.voice.words import Break, split_words

WORD_SECONDS = 0.3
GAP_SECONDS = 0.08


def _burst(seconds: float, hz: float, seed: int, rate: int) -> audio.Samples:
    count = max(1, round(seconds * rate))
    t = np.arange(count, dtype=np.float64) / rate
    tone = (
        np.sin(2 * np.pi * hz * t)
        + 0.4 * np.sin(2 * np.pi * 2 * hz * t)
        + 0.2 * np.sin(2 * np.pi * 3 * hz * t)
    )
    noise = np.random.default_rng(seed).standard_normal(count) * 0.05
    envelope = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(count) / max(1, count - 1))
    return ((tone + noise) * envelope * 0.3).astype(np.float32)


def _letters(core: str, start: float, end: float) -> list[PhonemeTiming]:
    letters = [c for c in core.lower() if c.isalpha()] or ["ə"]
    step = (end - start) / len(letters)
    return [
        PhonemeTiming(letter, round(start + i * step, 6), round(start + (i + 1) * step, 6))
        for i, letter in enumerate(letters)
    ]


class FakeVoiceProvider:
    """Speaks any catalog voice as tone bursts; a word is exactly as long as it says."""

    name = "fake"

    def speak(self, text: str, voice: VoiceInfo, language: str, emotion: str) -> Speech:
        style = delivery(emotion)
        hz = fake_pitch(voice.id) * style.pitch
        word_seconds = WORD_SECONDS / style.tempo
        rate = audio.SAMPLE_RATE
        pieces: list[audio.Samples] = []
        timings: list[WordTiming] = []
        phonemes: list[PhonemeTiming] = []
        cursor = 0
        words = split_words(text)
        rises = dict(question_rises(words))
        for index, word in enumerate(words):
            seed = zlib.crc32(f"{voice.id}|{language}|{index}|{word.text}".encode())
            burst = _burst(word_seconds, hz, seed, rate)
            if index in rises:
                burst = rise(burst, 0, len(burst), rises[index], rate)
            timings.append(WordTiming(word.text, cursor / rate, (cursor + len(burst)) / rate))
            phonemes.extend(_letters(word.core, cursor / rate, (cursor + len(burst)) / rate))
            pieces.append(burst)
            cursor += len(burst)
            if index < len(words) - 1:
                gap_seconds = GAP_SECONDS
                if word.brk >= Break.CLAUSE:
                    gap_seconds = max(GAP_SECONDS, pause(word.brk, style))
                gap = audio.silence(gap_seconds)
                pieces.append(gap)
                cursor += len(gap)
        if not pieces:
            return Speech(audio.silence(0.2), rate, ())
        samples = audio.level(np.concatenate(pieces), style.gain_db)
        return Speech(samples, rate, tuple(timings), tuple(phonemes))
