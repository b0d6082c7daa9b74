"""Words, the fake and espeak providers, and Kokoro's timing logic on a stand-in model (fast)."""

from __future__ import annotations

import ctypes
import json

import numpy as np
import pytest
from numpy.typing import NDArray
from tests.engine.voice.speech_checks import TEXTS, assert_phonemes_follow_words, median_pitch

from filmstudio.engine.errors import ToolMissingError
from filmstudio.engine.plan import Delivery, Line
from filmstudio.engine.voice import get_voice, libespeak, speak_line
from filmstudio.engine.voice.audio import frame_rms, speech_level_db
from filmstudio.engine.voice.base import Speech, WordTiming, speech_from_arrays, speech_to_arrays
from filmstudio.engine.voice.fake import GAP_SECONDS, WORD_SECONDS
from filmstudio.engine.voice.kokoro import KokoroProvider, plan_chunks
from filmstudio.engine.voice.kokoro_model import FRAME, Inference
from filmstudio.engine.voice.phonemes import phonemize_words, vocabulary
from filmstudio.engine.voice.timing import monotonic
from filmstudio.engine.voice.words import Break, split_words


def assert_well_timed(speech: Speech, text: str) -> None:
    """The contract every provider keeps for every line."""
    assert speech.samples.dtype == np.float32
    assert speech.sample_rate == 24000
    assert float(np.abs(speech.samples).max()) <= 1.0
    assert [w.text for w in speech.words] == [w.text for w in split_words(text)]
    previous = 0.0
    for word in speech.words:
        assert previous <= word.start <= word.end <= speech.duration + 1e-6
        previous = word.end


# --- words ---------------------------------------------------------------------------------


def test_words_keep_their_spelling_and_punctuation() -> None:
    words = split_words("« Bonjour », dit-il. Tu viens, n'est-ce pas ?")
    assert [w.text for w in words] == [
        "« Bonjour »,",
        "dit-il.",
        "Tu",
        "viens,",
        "n'est-ce",
        "pas ?",
    ]
    assert [w.core for w in words] == ["Bonjour", "dit-il", "Tu", "viens", "n'est-ce", "pas"]
    assert words[1].brk == Break.SENTENCE and words[3].brk == Break.CLAUSE


def test_words_handle_devanagari_dandas_dashes_and_line_breaks() -> None:
    words = split_words("कर्मण्येवाधिकारस्ते मा फलेषु कदाचन ।\nमा कर्मफलहेतुर्भूः — wait")
    assert [w.text for w in words][3] == "कदाचन ।"
    assert words[3].brk == Break.LINE
    assert words[5].text == "कर्मफलहेतुर्भूः —" and words[5].brk == Break.CLAUSE
    assert split_words("... !") == []


def test_abbreviations_do_not_end_sentences() -> None:
    words = split_words("Dr. Rao met J. Smith. Then he left.")
    assert [w.brk for w in words][:5] == [Break.NONE] * 4 + [Break.SENTENCE]


def test_phonemes_follow_the_written_words_even_when_one_word_reads_as_several() -> None:
    words = split_words("In 1990, the cat sat.")
    phonemized = phonemize_words(words, "en")
    assert [p.word.text for p in phonemized] == ["In", "1990,", "the", "cat", "sat."]
    assert len(phonemized[1].phonemes.split()) >= 2  # "nineteen ninety"
    assert phonemized[1].trail == "," and phonemized[4].trail == "."
    assert all(p.phonemes for p in phonemized)
    vocab = vocabulary()
    assert all(c in vocab for p in phonemized for c in p.phonemes)


# --- the fake provider ---------------------------------------------------------------------


def test_fake_words_last_exactly_the_word_time_with_gaps() -> None:
    text = "One two three. Four"
    speech = speak_line(Line(text=text), "male-1", "fake")
    assert_well_timed(speech, text)
    lengths = [w.end - w.start for w in speech.words]
    assert lengths == pytest.approx([WORD_SECONDS] * 4, abs=1e-4)
    assert speech.words[1].start - speech.words[0].end == pytest.approx(GAP_SECONDS, abs=1e-4)
    assert speech.words[3].start - speech.words[2].end == pytest.approx(0.35, abs=1e-4)
    assert speech.duration == pytest.approx(speech.words[-1].end, abs=1e-4)


def test_fake_phonemes_are_the_letters_sharing_each_word() -> None:
    text = "Hi there. Go"
    speech = speak_line(Line(text=text), "male-1", "fake")
    assert_phonemes_follow_words(speech, slack=0.0)
    assert "".join(p.phoneme for p in speech.phonemes) == "hitherego"
    assert speech.phonemes[1].end == pytest.approx(speech.words[0].end, abs=1e-5)
    slow = speak_line(Line(text=text, delivery="whisper"), "male-1", "fake")
    # The whisper's slower tempo stretches every phoneme by the same factor as the words.
    ratio = (slow.phonemes[0].end - slow.phonemes[0].start) / (
        speech.phonemes[0].end - speech.phonemes[0].start
    )
    assert ratio == pytest.approx(1 / 0.9, rel=1e-3)


def test_fake_is_deterministic_and_pitched_per_voice() -> None:
    line = Line(text="A steady voice speaks these words aloud")
    first = speak_line(line, "female-1", "fake")
    again = speak_line(line, "female-1", "fake")
    assert np.array_equal(first.samples, again.samples)
    low = median_pitch(speak_line(line, "male-2", "fake").samples)
    high = median_pitch(first.samples)
    child = median_pitch(speak_line(line, "child", "fake").samples)
    assert 85 < low < 110 and 220 < high < 250 and child > 300


def test_fake_whisper_is_quieter_and_shout_louder() -> None:
    def level(manner: Delivery) -> float:
        line = Line(text="Get out of here now", delivery=manner)
        return speech_level_db(speak_line(line, "male-1", "fake").samples)

    assert level("whisper") < level("normal") - 6 < level("shout") - 9


# --- espeak ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_espeak_word_timings_are_monotonic_and_cover_the_audio(language: str) -> None:
    text = TEXTS[language]
    speech = speak_line(Line(text=text, language=language), "narrator-female", "espeak")
    assert_well_timed(speech, text)
    assert len(speech.words) == len(text.split())
    assert speech.words[0].start < 0.15
    assert speech.duration - speech.words[-1].end < 0.3
    # Every word sits on sound, and together the words cover most of the audio.
    rms = frame_rms(speech.samples)
    loud = float(rms.max()) * 0.05
    for word in speech.words:
        span = rms[int(word.start * 100) : max(int(word.end * 100), int(word.start * 100) + 1)]
        assert float(span.max()) > loud, word
    covered = sum(w.end - w.start for w in speech.words)
    assert covered > 0.7 * speech.duration


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_espeak_phonemes_come_from_its_events(language: str) -> None:
    text = TEXTS[language]
    speech = speak_line(Line(text=text, language=language), "male-1", "espeak")
    assert_phonemes_follow_words(speech, slack=0.06)
    # Roughly one sound per letter or two, and they cover most of the spoken words' time.
    letters = sum(len(w) for w in text.split())
    assert letters / 3 < len(speech.phonemes) < letters * 1.5
    sounding = sum(p.end - p.start for p in speech.phonemes)
    spoken = sum(w.end - w.start for w in speech.words)
    assert sounding > 0.7 * spoken


def test_espeak_phonemes_are_ipa_and_survive_tempo_and_line_pauses() -> None:
    speech = speak_line(Line(text="She thinks the ship is fine."), "female-1", "espeak")
    names = {p.phoneme for p in speech.phonemes}
    assert {"ʃ", "θ", "ð"} <= names
    text = "मा फलेषु कदाचन।\nमा ते सङ्गोऽस्त्वकर्मणि॥"
    recited = speak_line(Line(text=text, language="sa", emotion="recite"), "elder", "espeak")
    assert_phonemes_follow_words(recited, slack=0.06)
    # The second verse line's sounds start after the recited line pause, with its words.
    second_line = next(p for p in recited.phonemes if p.start >= recited.words[3].start - 0.06)
    assert second_line.start == pytest.approx(recited.words[3].start, abs=0.06)
    previous = max(p.end for p in recited.phonemes if p.end <= recited.words[2].end + 0.06)
    assert second_line.start - previous > 0.8


def test_espeak_voices_differ_in_pitch() -> None:
    line = Line(text="The old house stood alone at the end of the road.")
    pitches = {
        v: median_pitch(speak_line(line, v, "espeak").samples)
        for v in ("male-2", "female-2", "child")
    }
    assert pitches["male-2"] * 1.5 < pitches["female-2"] < pitches["child"]


def test_espeak_whisper_is_quieter_and_shout_louder() -> None:
    def level(manner: Delivery) -> float:
        line = Line(text="Get out of here right now!", delivery=manner)
        return speech_level_db(speak_line(line, "female-1", "espeak").samples)

    assert level("whisper") < level("normal") - 6 < level("shout") - 9


def test_espeak_pauses_at_verse_line_ends() -> None:
    text = "मा फलेषु कदाचन।\nमा ते सङ्गोऽस्त्वकर्मणि॥"
    plain = speak_line(Line(text=text, language="sa"), "elder", "espeak")
    recited = speak_line(Line(text=text, language="sa", emotion="recite"), "elder", "espeak")
    assert_well_timed(recited, text)
    gap = recited.words[3].start - recited.words[2].end
    assert gap > plain.words[3].start - plain.words[2].end + 0.4


def test_missing_espeak_library_is_a_tool_missing_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_library(name: str) -> None:
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(libespeak, "_library", None)
    monkeypatch.setattr(ctypes, "CDLL", no_library)
    with pytest.raises(ToolMissingError, match="espeak-ng is not installed"):
        speak_line(Line(text="Hello"), "male-1", "espeak")


# --- Kokoro's timing logic on a stand-in model ------------------------------------------------


class CountingModel:
    """Stands in for Kokoro: each token lasts 2 frames; phonemes sound, spaces and marks don't."""

    LEAD_FRAMES = 6

    def __init__(self) -> None:
        self.calls: list[list[int]] = []
        vocab = vocabulary()
        self.silent = {vocab[c] for c in " ,.!?;:—…“”()"}

    def style(self, blend: tuple[tuple[str, float], ...]) -> NDArray[np.float32]:
        return np.zeros((510, 256), np.float32)

    def infer(self, tokens: list[int], style: NDArray[np.float32], speed: float) -> Inference:
        self.calls.append(list(tokens))
        frames = [self.LEAD_FRAMES, *([2] * len(tokens)), self.LEAD_FRAMES]
        pieces = [np.zeros(self.LEAD_FRAMES * FRAME, np.float32)]
        for token in tokens:
            t = np.arange(2 * FRAME) / 24000
            tone = 0.5 * np.sin(2 * np.pi * 200 * t).astype(np.float32)
            pieces.append(np.zeros_like(tone) if token in self.silent else tone)
        pieces.append(np.zeros(self.LEAD_FRAMES * FRAME, np.float32))
        return Inference(np.concatenate(pieces), np.array(frames, np.int64) * FRAME)


def _phoneme_counts(text: str) -> list[int]:
    vocab = vocabulary()
    counts = []
    for sentence_words in [split_words(text)]:
        for item in phonemize_words(sentence_words, "en"):
            counts.append(sum(1 for c in item.phonemes if c in vocab))
    return counts


def test_kokoro_word_timings_are_the_sums_of_phoneme_durations() -> None:
    text = "Hello there, my dear old friend, how are you today?"
    model = CountingModel()
    provider = KokoroProvider(model=model)  # type: ignore[arg-type]
    speech = provider.speak(text, get_voice("narrator-male"), "en", "neutral")
    assert_well_timed(speech, text)
    assert len(model.calls) == 1
    counts = _phoneme_counts(text)
    frame_s = 2 * FRAME / 24000
    # The first word starts where the sound starts (after a 30 ms margin); later ones are moved
    # 25 ms earlier than the model says, and each lasts as long as its phonemes.
    assert speech.words[0].start == pytest.approx(0.03, abs=0.011)
    assert speech.words[0].end - speech.words[0].start == pytest.approx(
        counts[0] * frame_s, abs=0.011
    )
    for word, count in zip(speech.words[1:], counts[1:], strict=True):
        assert word.end - word.start == pytest.approx(count * frame_s + 0.025, abs=0.011), word
    assert speech.duration - speech.words[-1].end == pytest.approx(0.03, abs=0.011)
    # Every phoneme token is one timed sound of 2 frames (stress marks join the next sound).
    assert_phonemes_follow_words(speech, slack=0.0)
    vocab = vocabulary()
    sounds = [
        c
        for item in phonemize_words(split_words(text), "en")
        for c in item.phonemes
        if c in vocab and c not in "ˈˌː "
    ]
    assert len(speech.phonemes) == len(sounds)
    assert speech.phonemes[0].start == speech.words[0].start
    assert speech.phonemes[-1].end == pytest.approx(speech.words[-1].end, abs=0.03)
    inner = [p.end - p.start for p in speech.phonemes[1:-1]]
    assert np.median(inner) == pytest.approx(frame_s, abs=0.002)


def test_kokoro_phonemes_scale_with_the_voice_pitch_factor() -> None:
    text = "Come here, quickly."
    plain = KokoroProvider(model=CountingModel()).speak(  # type: ignore[arg-type]
        text, get_voice("narrator-male"), "en", "neutral"
    )
    raised = KokoroProvider(model=CountingModel()).speak(  # type: ignore[arg-type]
        text, get_voice("female-2"), "en", "neutral"
    )
    assert_phonemes_follow_words(raised, slack=0.0)
    assert [p.phoneme for p in raised.phonemes] == [p.phoneme for p in plain.phonemes]
    assert [p.phoneme for p in plain.phonemes][:3] == ["k", "ʌ", "m"]
    # Resampling shortens the audio by the pitch factor, and every phoneme with it.
    factor = raised.duration / plain.duration
    assert factor < 0.95
    middle = len(plain.phonemes) // 2
    assert raised.phonemes[middle].start == pytest.approx(
        plain.phonemes[middle].start * factor, abs=0.002
    )


def test_kokoro_long_lines_are_chunked_and_timings_run_on() -> None:
    text = (
        "The tide came in over the flat grey sand. Gulls rose from the rocks, crying, and "
        "wheeled above the harbour wall. Far out, a single boat was turning for home. On the "
        "quay an old woman waited, her shawl pulled tight against the wind."
    )
    model = CountingModel()
    speech = KokoroProvider(model=model, chunk_tokens=60).speak(  # type: ignore[arg-type]
        text, get_voice("narrator-male"), "en", "neutral"
    )
    assert_well_timed(speech, text)
    assert len(model.calls) >= 5
    assert all(len(call) <= 60 for call in model.calls)
    # A sentence break is a longer pause than a forced split inside a sentence.
    words = {w.text: w for w in speech.words}
    after_sentence = words["Gulls"].start - words["sand."].end
    assert 0.35 < after_sentence < 0.5


def test_kokoro_short_sentences_join_the_next_one() -> None:
    chunks = plan_chunks("No. I will not go down to the river with you tonight. Never.", "en")
    assert [len(c.words) for c in chunks] == [12, 1]
    assert all(len(c.tokens) <= 400 for c in chunks)


def test_sanskrit_keeps_the_final_inherent_vowel_that_hindi_drops() -> None:
    words = split_words("मा फलेषु कदाचन")
    hindi = phonemize_words(words, "hi")
    sanskrit = phonemize_words(words, "sa")
    assert sanskrit[2].phonemes == hindi[2].phonemes + "ə"
    assert sanskrit[0].phonemes == hindi[0].phonemes  # मा ends in a vowel sign


def test_language_switch_flags_never_reach_the_phonemes() -> None:
    ipa = libespeak.to_ipa("मैं computer पर काम करता हूँ", "hi")
    assert "(" not in ipa and ")" not in ipa
    assert len(ipa.split()) == 6


def test_words_keep_their_in_context_reading_when_a_number_expands() -> None:
    # "1990" reads as two phoneme words, so a plain 1:1 split fails; the article must still
    # be the weak "ə" it is in context, not the letter name "A" it is on its own.
    phonemized = phonemize_words(split_words("In 1990 a cat sat."), "en")
    assert phonemized[2].phonemes == "ə"
    assert phonemize_words(split_words("a"), "en")[0].phonemes != "ə"


def test_timings_are_clamped_into_order_and_into_the_audio() -> None:
    raw = [WordTiming("a", -0.1, 0.5), WordTiming("b", 0.4, 0.3), WordTiming("c", 0.9, 1.4)]
    fixed = monotonic(raw, 1.0)
    assert [(w.start, w.end) for w in fixed] == [(0.0, 0.5), (0.5, 0.5), (0.9, 1.0)]


def test_speech_round_trips_through_the_cache_format_with_its_phonemes() -> None:
    speech = speak_line(Line(text="Round trip, please."), "female-2", "fake")
    arrays, meta = speech_to_arrays(speech)
    back = speech_from_arrays(arrays, json.loads(json.dumps(meta)))
    assert back.words == speech.words and back.phonemes == speech.phonemes
    assert np.array_equal(back.samples, speech.samples) and back.sample_rate == 24000
    del meta["phonemes"]  # entries cached before phonemes existed still load
    assert speech_from_arrays(arrays, meta).phonemes == ()
