"""The espeak-ng voice: robotic but instant (RTF ~0.001), the fast fallback and the test engine.

Word timings come from espeak's own word events (text position → audio position in ms), read
through the synthesis callback of libespeak-ng.so.1. espeak sometimes reports no event for a
word it fuses with its neighbour ("on the", "n'est-ce pas"); such words share the time up to
the next reported word in proportion to their length. A word ends where its sound ends: the
last loud frame before the next word starts, so pauses belong to no word. Phonemes come from
espeak's phoneme events (IPA names); each lasts until the next event. espeak's own question
intonation is faint, so questions get the same final rise as Kokoro's (intonation.py).
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from filmstudio.engine.voice import audio, libespeak
from filmstudio.engine.voice.base import PhonemeTiming, Speech, VoiceInfo, WordTiming
from filmstudio.engine.voice.catalog import espeak_setting
from filmstudio.engine.voice.emotion import Delivery, delivery
from filmstudio.engine.voice.intonation import question_rises, rise
from filmstudio.engine.voice.timing import clean_phoneme, joined_speech, pause
from filmstudio.engine.voice.words import Break, Word, split_words


def _segments(words: list[Word]) -> list[list[Word]]:
    """Words grouped by text line: espeak does not pause at a line break, so we do."""
    groups: list[list[Word]] = [[]]
    for word in words:
        groups[-1].append(word)
        if word.brk >= Break.LINE:
            groups.append([])
    return [group for group in groups if group]


def _starts(
    words: list[Word], offset: int, events: tuple[libespeak.WordEvent, ...]
) -> list[float | None]:
    """The earliest event time (s) that falls inside each word, None where espeak gave none."""
    starts: list[float | None] = [None] * len(words)
    for event in events:
        position = offset + event.text_position - 1
        for index, word in enumerate(words):
            if word.start <= position < word.end:
                seconds = event.audio_ms / 1000
                current = starts[index]
                starts[index] = seconds if current is None else min(current, seconds)
                break
    return starts


def _fill(words: list[Word], starts: list[float | None], end: float) -> list[float]:
    """Give words without an event a share of the gap between known starts (by length)."""
    known = [(i, s) for i, s in enumerate(starts) if s is not None]
    if not known:
        known = [(0, 0.0)]
    filled: list[float] = [0.0] * len(words)
    anchors = [*known, (len(words), end)]
    if anchors[0][0] > 0:  # words before the first event start at zero
        anchors.insert(0, (0, 0.0))
    for (first, at), (following, until) in pairwise(anchors):
        lengths = [max(1, len(words[i].core)) for i in range(first, following)]
        total = sum(lengths)
        cursor = at
        for offset, length in enumerate(lengths):
            filled[first + offset] = cursor
            cursor += (until - at) * length / total
    return filled


def _ends(samples: audio.Samples, rate: int, starts: list[float], end: float) -> list[float]:
    """Each word ends at its last loud frame before the next word starts."""
    frame = int(rate * 0.01)
    rms = audio.frame_rms(samples, rate)
    floor = float(rms.max()) * 10 ** (-35 / 20) if len(rms) else 0.0
    ends: list[float] = []
    for index, start in enumerate(starts):
        stop = starts[index + 1] if index + 1 < len(starts) else end
        first, last = int(start * rate) // frame, int(stop * rate) // frame
        loud = np.nonzero(rms[first:last] > floor)[0]
        ends.append(min(stop, (first + int(loud[-1]) + 1) * frame / rate) if len(loud) else start)
    return ends


def _phonemes(
    events: tuple[libespeak.PhonemeEvent, ...], offset: float, end: float
) -> list[PhonemeTiming]:
    """Each sounding phoneme from its event to the next event (pauses are events too)."""
    timed: list[PhonemeTiming] = []
    for index, event in enumerate(events):
        name = clean_phoneme(event.phoneme)
        if not name:
            continue
        start = event.audio_ms / 1000
        stop = events[index + 1].audio_ms / 1000 if index + 1 < len(events) else end
        timed.append(PhonemeTiming(name, offset + min(start, end), offset + min(stop, end)))
    return timed


def _pitch(base: int, style: Delivery) -> int:
    return int(np.clip(round(base + (style.pitch - 1.0) * 200), 0, 99))


class EspeakProvider:
    """Speaks catalog voices with espeak-ng variants; ToolMissingError if it is not installed."""

    name = "espeak"

    def speak(self, text: str, voice: VoiceInfo, language: str, emotion: str) -> Speech:
        setting = espeak_setting(voice.id, language)
        style = delivery(emotion)
        words = split_words(text)
        if not words:
            return Speech(audio.silence(0.2), audio.SAMPLE_RATE, ())
        name = libespeak.ESPEAK_LANGUAGE.get(language, "en-us") + setting.variant
        rate = int(np.clip(round(setting.rate * style.tempo), 80, 450))
        pieces: list[audio.Samples] = []
        timings: list[WordTiming] = []
        phonemes: list[PhonemeTiming] = []
        cursor = 0.0
        segments = _segments(words)
        for index, segment in enumerate(segments):
            piece_text = text[segment[0].start : segment[-1].end]
            result = libespeak.synthesize(
                piece_text,
                name,
                rate=rate,
                pitch=_pitch(setting.pitch, style),
                pitch_range=setting.pitch_range,
                volume=100,
            )
            samples = audio.resample(result.samples, result.sample_rate, audio.SAMPLE_RATE)
            _, voiced_end = audio.voiced_bounds(samples, margin_s=0.02)
            samples = samples[:voiced_end]
            duration = len(samples) / audio.SAMPLE_RATE
            starts = _fill(segment, _starts(segment, segment[0].start, result.words), duration)
            starts = [min(s, duration) for s in starts]
            ends = _ends(samples, audio.SAMPLE_RATE, starts, duration)
            hz = audio.SAMPLE_RATE
            for at, semitones in question_rises(segment):
                samples = rise(samples, int(starts[at] * hz), int(ends[at] * hz), semitones)
            for word, start, end in zip(segment, starts, ends, strict=True):
                timings.append(WordTiming(word.text, cursor + start, cursor + end))
            phonemes.extend(_phonemes(result.phonemes, cursor, duration))
            pieces.append(samples)
            cursor += duration
            if index < len(segments) - 1:
                gap = audio.silence(pause(segment[-1].brk, style))
                pieces.append(gap)
                cursor += len(gap) / audio.SAMPLE_RATE
        return joined_speech(pieces, timings, phonemes, style)
