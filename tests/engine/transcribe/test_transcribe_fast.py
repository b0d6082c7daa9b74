"""Transcription plumbing without the big model: assembly, alignment, recordings (fast)."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import numpy as np
import pytest
import soundfile

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import Line
from filmstudio.engine.transcribe import (
    FakeTranscriber,
    RecordingError,
    TranscriptionError,
    align_words,
    decode_audio,
    get_transcriber,
    narration_from_recording,
    narration_lines,
    split_by_lines,
)
from filmstudio.engine.transcribe.model import assemble
from filmstudio.engine.voice import speak_line
from filmstudio.engine.voice.base import Speech, WordTiming
from filmstudio.engine.voice.fake import WORD_SECONDS

TEXT = "Once upon a time there lived a king"


def _parts(tmp_path: Path) -> tuple[Path, list[Path]]:
    side = tmp_path / "side"
    side.mkdir()
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        (side / name).write_text(name)
    first, second = tmp_path / "model.bin.part1", tmp_path / "model.bin.part2"
    first.write_bytes(b"A" * 1000)
    second.write_bytes(b"B" * 500)
    return side, [first, second]


def test_the_model_folder_is_the_parts_concatenated_with_the_side_files(tmp_path: Path) -> None:
    side, parts = _parts(tmp_path)
    target = tmp_path / "cache" / "whisper-base"
    assert assemble(side, parts, target, 1500) == target
    assert (target / "model.bin").read_bytes() == b"A" * 1000 + b"B" * 500
    assert (target / "tokenizer.json").read_text() == "tokenizer.json"
    # Built once: a complete folder is reused untouched.
    stamp = (target / "model.bin").stat().st_mtime_ns
    assemble(side, parts, target, 1500)
    assert (target / "model.bin").stat().st_mtime_ns == stamp
    assert [p.name for p in (tmp_path / "cache").iterdir() if not p.name.endswith(".lock")] == [
        "whisper-base"
    ]


def test_assembly_from_parts_of_the_wrong_size_leaves_nothing_behind(tmp_path: Path) -> None:
    side, parts = _parts(tmp_path)
    target = tmp_path / "cache" / "whisper-base"
    with pytest.raises(TranscriptionError, match="add up to 1500 bytes, not 2000"):
        assemble(side, parts, target, 2000)
    assert not target.exists()
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [".whisper-base.lock"]
    parts[1].unlink()
    with pytest.raises(TranscriptionError, match=r"model\.bin\.part2 missing"):
        assemble(side, parts, target, 1500)


def test_concurrent_assemblies_build_one_complete_folder(tmp_path: Path) -> None:
    side, parts = _parts(tmp_path)
    target = tmp_path / "cache" / "whisper-base"
    errors: list[BaseException] = []

    def build() -> None:
        try:
            assemble(side, parts, target, 1500)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert (target / "model.bin").stat().st_size == 1500


def test_script_words_take_the_heard_times_and_share_the_gaps() -> None:
    heard = [
        WordTiming("once", 0.0, 0.3),
        WordTiming("upon", 0.4, 0.7),
        WordTiming("a", 0.8, 0.9),
        WordTiming("tyme", 1.0, 1.3),  # misheard
        WordTiming("there", 1.4, 1.7),
    ]
    aligned = align_words(["Once", "upon", "a", "time,", "there"], heard)
    assert [w.text for w in aligned] == ["Once", "upon", "a", "time,", "there"]
    assert (aligned[0].start, aligned[0].end) == (0.0, 0.3)
    assert aligned[3].start == pytest.approx(0.9) and aligned[3].end == pytest.approx(1.4)
    assert (aligned[4].start, aligned[4].end) == (1.4, 1.7)
    # Nothing matches (another script): the words share the heard span by length.
    other = align_words(["नमस्ते", "दोस्त"], heard)
    assert other[0].start == 0.0 and other[-1].end == pytest.approx(1.7)
    assert other[0].end == pytest.approx(other[1].start)


def test_words_outside_the_heard_ones_reach_the_ends_of_the_voice() -> None:
    # Whisper heard 0.6-1.0 s of a take voiced from 0.1 to 2.5 s.
    heard = [WordTiming("the", 0.6, 0.8), WordTiming("king", 0.8, 1.0)]
    script = ["Then", "the", "king", "sent", "his", "son"]
    aligned = align_words(script, heard, voiced=(0.1, 2.5))
    assert aligned[0].start == pytest.approx(0.1) and aligned[0].end == pytest.approx(0.6)
    assert aligned[2].end == 1.0 and aligned[-1].end == pytest.approx(2.5)
    assert aligned[3].start == pytest.approx(1.0)
    # Nothing heard matches (Hindi written in Urdu script): the whole voiced span is used.
    other = align_words(["राजा", "ने"], heard, voiced=(0.1, 2.5))
    assert other[0].start == pytest.approx(0.1) and other[-1].end == pytest.approx(2.5)
    # A voice span inside the heard words never pulls them in.
    inside = align_words(script, heard, voiced=(0.7, 0.8))
    assert inside[0].start == pytest.approx(0.6) and inside[-1].end == pytest.approx(1.0)


def _recording(tmp_path: Path, suffix: str) -> tuple[Path, Speech]:
    speech = speak_line(Line(text=TEXT), "male-1", "fake")
    wav = tmp_path / "take.wav"
    soundfile.write(wav, speech.samples * 0.3, speech.sample_rate)
    if suffix == ".wav":
        return wav, speech
    out = tmp_path / f"take{suffix}"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-ar", "44100", str(out)], check=True
    )
    return out, speech


@pytest.mark.parametrize("suffix", [".wav", ".mp3", ".ogg", ".m4a"])
def test_a_recording_becomes_narration_timed_on_its_sound(tmp_path: Path, suffix: str) -> None:
    path, spoken = _recording(tmp_path, suffix)
    transcriber = FakeTranscriber(TEXT.lower())
    speech = narration_from_recording(path, "en", transcriber, text=TEXT)
    assert transcriber.calls[0][1] == 24000 and transcriber.calls[0][2] == "en"
    assert [w.text for w in speech.words] == TEXT.split()
    # Word times are found in the decoded sound (codec delay aside) ...
    for heard, truth in zip(speech.words, spoken.words, strict=True):
        assert heard.start == pytest.approx(truth.start, abs=0.06)
        assert heard.end - heard.start == pytest.approx(WORD_SECONDS, abs=0.08)
    # ... the level is the voices' speech level, and mouths get phonemes inside the words.
    assert speech.duration == pytest.approx(spoken.duration, abs=0.1)
    assert float(np.sqrt(np.mean(speech.samples**2))) > 2 * float(
        np.sqrt(np.mean((spoken.samples * 0.3) ** 2))
    )
    assert speech.phonemes and speech.phonemes[0].start >= speech.words[0].start - 1e-6
    assert [p.phoneme for p in speech.phonemes[:3]] == ["w", "ʌ", "n"]


def test_recordings_that_cannot_be_used_are_refused_with_a_reason(tmp_path: Path) -> None:
    transcriber = FakeTranscriber(TEXT)
    with pytest.raises(RecordingError, match="does not exist"):
        narration_from_recording(tmp_path / "none.mp3", "en", transcriber)
    junk = tmp_path / "notes.mp3"
    junk.write_text("this is not audio")
    with pytest.raises(RecordingError, match="cannot be read as audio"):
        decode_audio(junk)
    silent = tmp_path / "silent.wav"
    soundfile.write(silent, np.zeros(24000, np.float32), 24000)
    with pytest.raises(RecordingError, match="is silent"):
        narration_from_recording(silent, "en", transcriber)
    path, _ = _recording(tmp_path, ".wav")
    with pytest.raises(RecordingError, match="No words could be heard"):
        narration_from_recording(path, "en", FakeTranscriber(""))


def test_transcribers_are_chosen_by_name() -> None:
    assert get_transcriber("fake").name == "fake"
    assert get_transcriber("whisper").name == "whisper"  # not loaded until used
    with pytest.raises(ChoiceError, match="Unknown transcriber 'vosk'"):
        get_transcriber("vosk")


def test_one_take_is_cut_into_the_scripts_lines_between_their_words(tmp_path: Path) -> None:
    lines = ["Once upon a time", "there lived a king"]
    path, spoken = _recording(tmp_path, ".wav")
    pieces = narration_lines(path, lines, "en", FakeTranscriber(TEXT))
    assert [[w.text for w in p.words] for p in pieces] == [line.split() for line in lines]
    first, second = pieces
    # The cut is in the pause between "time" and "there": nothing is clipped.
    cut = first.duration
    assert spoken.words[3].end < cut < spoken.words[4].start
    assert second.words[0].start == pytest.approx(spoken.words[4].start - cut, abs=0.06)
    assert first.duration + second.duration == pytest.approx(spoken.duration, abs=0.1)
    assert all(p.phonemes and p.phonemes[-1].end <= p.duration for p in pieces)
    with pytest.raises(RecordingError, match="has 4 words but the script's lines have 8"):
        split_by_lines(first, lines)


def test_words_whisper_cannot_hear_are_spread_over_the_voiced_part(tmp_path: Path) -> None:
    """A take the transcriber hears nothing in still gets its script words where the voice is."""

    from filmstudio.engine.transcribe import FakeTranscriber, narration_from_recording

    rate = 24_000
    t = np.arange(rate * 2) / rate
    voice = (0.3 * np.sin(2 * np.pi * 180 * t)).astype(np.float32)
    take = np.concatenate([np.zeros(rate), voice, np.zeros(rate)])  # voiced from 1 s to 3 s
    path = tmp_path / "take.wav"
    soundfile.write(path, take, rate)
    deaf = FakeTranscriber("")  # hears no words at all
    speech = narration_from_recording(path, "hi", deaf, text="राजा ने जंगल देखा")
    assert [w.text for w in speech.words] == ["राजा", "ने", "जंगल", "देखा"]
    assert speech.words[0].start == pytest.approx(1.0, abs=0.1)
    assert speech.words[-1].end == pytest.approx(3.0, abs=0.1)
