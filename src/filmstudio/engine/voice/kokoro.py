"""The Kokoro voice: the best offline voice we have (Kokoro-82M int8 ONNX), with word timings.

How a line is spoken:
1. The line is split into words (original spelling kept) and sentences (words.py).
2. Each sentence is phonemized by espeak-ng, word-aligned (phonemes.py). Very short sentences
   are joined to the next one (Kokoro speaks a lone "No." poorly); sentences over the token
   budget are split at commas, then between words.
3. Each chunk runs through the model, which also reports every phoneme's duration; a word lasts
   from its first phoneme's start to its last phoneme's end (punctuation tokens, which carry
   the model's own pauses, belong to no word). Silence at the chunk's ends is trimmed. The same
   durations time every phoneme (IPA), which is what talking mouths are animated from.
4. Chunks are joined with pauses: short after a clause, longer after a sentence, longest after
   a verse line; the emotion scales them (recite: slower, longer line-end pauses).
5. The voice's pitch factor is applied by resampling (the model speed was pre-compensated, so
   only the pitch changes) and every timing is scaled by the same exact factor.
6. Questions rise: the model does not raise them, so the last word is lifted (intonation.py).
7. Emotion colour and level: whisper is high-passed and breathy, every delivery is brought to
   its loudness (whisper −12 dB, shout +6 dB around −20 dBFS speech) and soft-limited below 0.97.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from filmstudio.engine.voice import audio
from filmstudio.engine.voice.base import PhonemeTiming, Speech, VoiceInfo, WordTiming
from filmstudio.engine.voice.catalog import KokoroSetting, kokoro_setting
from filmstudio.engine.voice.emotion import delivery
from filmstudio.engine.voice.intonation import question_rises, rise
from filmstudio.engine.voice.kokoro_model import (
    MAX_TOKENS,
    SAMPLE_RATE,
    KokoroModel,
    Style,
    load_model,
    release_model,
)
from filmstudio.engine.voice.phonemes import WordPhonemes, phonemize_words, vocabulary
from filmstudio.engine.voice.timing import monotonic, monotonic_phonemes, pause
from filmstudio.engine.voice.words import Break, sentences, split_words

#: Chunks are kept well under the model's limit: long inputs lose prosody.
CHUNK_TOKENS = 400
#: A sentence shorter than this (in tokens) is spoken together with the next one.
SHORT_TOKENS = 24


@dataclass(frozen=True)
class _Chunk:
    """Words synthesized in one model run, their token ids (and symbols), each word's span."""

    words: tuple[WordPhonemes, ...]
    tokens: tuple[int, ...]
    spans: tuple[tuple[int, int], ...]
    symbols: tuple[str, ...] = ()

    @property
    def brk(self) -> Break:
        return self.words[-1].word.brk


def _chunk(words: list[WordPhonemes]) -> _Chunk:
    vocab = vocabulary()
    symbols: list[str] = []
    spans: list[tuple[int, int]] = []
    for index, item in enumerate(words):
        if index:
            symbols.append(" ")
        symbols.extend(item.lead)
        start = len(symbols)
        symbols.extend(c for c in item.phonemes if c in vocab)
        spans.append((start, len(symbols)))
        symbols.extend(item.trail)
    tokens = tuple(vocab[c] for c in symbols)
    return _Chunk(tuple(words), tokens, tuple(spans), tuple(symbols))


def _split_long(words: list[WordPhonemes], limit: int) -> list[list[WordPhonemes]]:
    """Split a too-long sentence at clause marks, and a too-long clause between words."""
    if len(_chunk(words).tokens) <= limit:
        return [words]
    pieces: list[list[WordPhonemes]] = []
    current: list[WordPhonemes] = []
    for item in words:
        if current and len(_chunk([*current, item]).tokens) > limit:
            clause_ends = [i for i, w in enumerate(current) if w.word.brk >= Break.CLAUSE]
            cut = clause_ends[-1] + 1 if clause_ends else len(current)
            pieces.append(current[:cut])
            current = current[cut:]
        current.append(item)
        while len(_chunk(current).tokens) > limit and len(current) > 1:
            pieces.append(current[:-1])
            current = current[-1:]
    if current:
        pieces.append(current)
    return pieces


def plan_chunks(text: str, language: str, limit: int = CHUNK_TOKENS) -> list[_Chunk]:
    """The model runs for a line, in order (each at most `limit` tokens)."""
    groups: list[list[WordPhonemes]] = []
    for sentence in sentences(split_words(text)):
        phonemized = phonemize_words(sentence, language)
        if not any(item.phonemes for item in phonemized):
            if groups:  # nothing to say (symbols only): keep the words, timed with the last
                groups[-1].extend(phonemized)
            else:
                groups.append(phonemized)
            continue
        for piece in _split_long(phonemized, limit):
            previous = groups[-1] if groups else None
            if (
                previous
                and previous[-1].word.brk == Break.SENTENCE
                and len(_chunk(previous).tokens) < SHORT_TOKENS
                and len(_chunk([*previous, *piece]).tokens) <= limit
            ):
                previous.extend(piece)
            else:
                groups.append(piece)
    return [_chunk(group) for group in groups if group]


#: Chunk audio is trimmed to frames within this of the loudest: low enough to keep a weak final
#: consonant (French "pierres" lost its ʁ at -40 dB and Whisper heard "pieds").
TRIM_FLOOR_DB = -55.0
#: Kokoro's predicted phoneme starts trail the audible onsets by about two frames (measured
#: here on en/es/hi: median +48 ms), so starts are moved this much earlier.
ONSET_LEAD = 0.025
#: A word's end is pulled back to its last frame louder than this (dB below the chunk's peak
#: frame): the model hands a sentence-final pause to the last phoneme.
SOUND_FLOOR_DB = -40.0
_FRAME_S = 0.01


def _refine(
    samples: audio.Samples, spans: list[tuple[int, int]], onset: int
) -> list[tuple[int, int]]:
    """Move starts slightly earlier and ends back to where the word's sound stops."""
    frame = int(SAMPLE_RATE * _FRAME_S)
    rms = audio.frame_rms(samples, SAMPLE_RATE, _FRAME_S)
    floor = float(rms.max()) * 10 ** (SOUND_FLOOR_DB / 20) if len(rms) else 0.0
    lead = int(ONSET_LEAD * SAMPLE_RATE)
    tail = int(0.02 * SAMPLE_RATE)
    refined: list[tuple[int, int]] = []
    first = True
    for start, end in spans:
        if end <= start:
            refined.append((start, start))
            continue
        new_start = min(start, onset) if first else max(0, start - lead)
        first = False
        loud = np.nonzero(rms[start // frame : -(-end // frame)] > floor)[0]
        new_end = (
            min(end, (start // frame + int(loud[-1]) + 1) * frame + tail) if len(loud) else end
        )
        refined.append((new_start, max(new_start, min(new_end, len(samples)))))
    return refined


#: Kokoro's single-letter symbols for sounds IPA writes with two letters (misaki's convention).
_IPA: dict[str, str] = {
    "A": "eɪ",
    "I": "aɪ",
    "W": "aʊ",
    "Y": "ɔɪ",
    "O": "oʊ",
    "Q": "əʊ",
    "T": "ɾ",
    "S": "s",
    "ʤ": "dʒ",
    "ʧ": "tʃ",
    "ʦ": "ts",
    "ʣ": "dz",
    "ʥ": "dʑ",
    "ʨ": "tɕ",
    "ꭧ": "tɹ",
    "ᵊ": "ə",
}
#: Symbols that colour the sound before them (length, aspiration, nasality, palatalisation).
_MODIFIERS = frozenset("ːʰʲ\u0303")
_STRESS = frozenset("ˈˌ")
_SILENT = frozenset(' ,.!?;:—…"()“”→↓↗↘')


@dataclass(frozen=True)
class _Sound:
    """A phoneme inside one chunk, in samples of the trimmed chunk audio."""

    phoneme: str
    start: int
    end: int


def _sounds(
    symbols: tuple[str, ...], edges: list[tuple[int, int]], bounds: list[tuple[int, int] | None]
) -> list[_Sound]:
    """Each spoken symbol with its samples; stress marks and modifiers join their phoneme.

    `bounds` is the (refined) span of each token's word: a word's first sound starts with the
    word, and none outlasts it (the model hands a sentence-final pause to the last phoneme, and
    a mouth should close when the sound stops).
    """
    sounds: list[_Sound] = []
    stress_start: int | None = None
    previous_bound: tuple[int, int] | None = None
    for symbol, (model_start, model_end), bound in zip(symbols, edges, bounds, strict=True):
        start, end = model_start, model_end
        if bound is not None:
            if bound is not previous_bound:
                start = bound[0]
            end = min(end, bound[1])
        previous_bound = bound
        if symbol in _SILENT:
            stress_start = None
        elif symbol in _STRESS:
            stress_start = start if stress_start is None else stress_start
        elif symbol in _MODIFIERS:
            if sounds:
                last = sounds[-1]
                sounds[-1] = _Sound(last.phoneme + symbol, last.start, max(last.end, end))
        else:
            begin = start if stress_start is None else stress_start
            sounds.append(_Sound(_IPA.get(symbol, symbol), begin, end))
            stress_start = None
    return sounds


def _run(
    chunk: _Chunk, model: KokoroModel, style: Style, speed: float
) -> tuple[audio.Samples, list[tuple[int, int]], list[_Sound]]:
    """Synthesize one chunk: trimmed audio, each word's (start, end) sample and its sounds."""
    if not chunk.tokens or not any(end > start for start, end in chunk.spans):
        return audio.silence(0.0), [(0, 0)] * len(chunk.spans), []
    # Only a single "word" longer than the model's context (a pasted URL) can exceed it.
    tokens = list(chunk.tokens[:MAX_TOKENS])
    result = model.infer(tokens, style, speed)
    # Token i (after the leading pad) spans edges[i + 1] .. edges[i + 2].
    edges = np.concatenate([[0], np.cumsum(result.durations)])
    last = len(tokens)
    spans = [
        (int(edges[min(start, last) + 1]), int(edges[min(max(start, end), last) + 1]))
        for start, end in chunk.spans
    ]
    margin = int(0.03 * SAMPLE_RATE)
    voiced_start, voiced_end = audio.voiced_bounds(
        result.audio, floor_db=TRIM_FLOOR_DB, margin_s=0.0
    )
    head = max(0, voiced_start - margin)
    trimmed = result.audio[head : min(len(result.audio), voiced_end + margin)]
    length = len(trimmed)

    def clamp(sample: int) -> int:
        return min(max(sample - head, 0), length)

    shifted = [(clamp(s), clamp(e)) for s, e in spans]
    # Sounds move earlier by the same onset lead as word starts (see ONSET_LEAD).
    lead = int(ONSET_LEAD * SAMPLE_RATE)
    token_edges = [
        (clamp(int(edges[i + 1]) - lead), clamp(int(edges[i + 2]) - lead)) for i in range(last)
    ]
    refined = _refine(trimmed, shifted, voiced_start - head)
    bounds: list[tuple[int, int] | None] = [None] * last
    for (first, after), word_span in zip(chunk.spans, refined, strict=True):
        for token in range(first, min(after, last)):
            bounds[token] = word_span
    sounds = _sounds(chunk.symbols[:last], token_edges, bounds)
    return trimmed, refined, sounds


class KokoroProvider:
    """Speaks catalog voices with Kokoro-82M; word timings come from the model's durations."""

    name = "kokoro"

    def __init__(self, model: KokoroModel | None = None, chunk_tokens: int = CHUNK_TOKENS) -> None:
        self._model = model
        self._chunk_tokens = chunk_tokens

    @property
    def model(self) -> KokoroModel:
        """The model given, else the process-wide one (loaded on first use, shared by every
        provider in the process, and not kept here so that it can be released)."""
        return self._model if self._model is not None else load_model()

    def release(self) -> None:
        """Let the process-wide model go (a model given to this provider stays)."""
        if self._model is None:
            release_model()

    def setting(self, voice: VoiceInfo, language: str) -> KokoroSetting:
        """The style blend, tempo and pitch for `voice` (a user's Kokoro folder overrides it)."""
        return kokoro_setting(voice.id, language)

    def speak(self, text: str, voice: VoiceInfo, language: str, emotion: str) -> Speech:
        setting = self.setting(voice, language)
        style_of = delivery(emotion)
        pitch = setting.pitch * style_of.pitch
        tempo = setting.tempo * style_of.tempo
        speed = float(np.clip(tempo / pitch, 0.5, 2.0))
        chunks = plan_chunks(text, language, self._chunk_tokens)
        if not chunks:
            return Speech(audio.silence(0.2), SAMPLE_RATE, ())
        model = self.model
        style = model.style(setting.blend)
        pieces: list[audio.Samples] = []
        timings: list[WordTiming] = []
        sounds: list[_Sound] = []
        cursor = 0
        for index, chunk in enumerate(chunks):
            samples, spans, chunk_sounds = _run(chunk, model, style, speed)
            for at, semitones in question_rises([item.word for item in chunk.words]):
                samples = rise(samples, spans[at][0], spans[at][1], semitones)
            sounds.extend(_Sound(s.phoneme, cursor + s.start, cursor + s.end) for s in chunk_sounds)
            for item, (start, end) in zip(chunk.words, spans, strict=True):
                if end > start or not timings:
                    timings.append(WordTiming(item.word.text, cursor + start, cursor + end))
                else:  # a word with no sound is placed where the speech is at that moment
                    at = max(cursor + start, int(timings[-1].end))
                    timings.append(WordTiming(item.word.text, at, at))
            pieces.append(samples)
            cursor += len(samples)
            if index < len(chunks) - 1:
                gap = audio.silence(pause(chunk.brk, style_of))
                pieces.append(gap)
                cursor += len(gap)
        joined = np.concatenate(pieces) if pieces else audio.silence(0.0)
        shifted, factor = audio.shift_pitch(joined, pitch)
        if style_of.whisper:
            shifted = audio.whisper_colour(shifted)
        final = audio.level(shifted, style_of.gain_db)
        scale = factor / SAMPLE_RATE
        seconds = [WordTiming(w.text, w.start * scale, w.end * scale) for w in timings]
        phonemes = [PhonemeTiming(s.phoneme, s.start * scale, s.end * scale) for s in sounds]
        duration = len(final) / SAMPLE_RATE
        return Speech(
            final,
            SAMPLE_RATE,
            monotonic(seconds, duration),
            monotonic_phonemes(phonemes, duration),
        )
