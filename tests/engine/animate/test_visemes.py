from __future__ import annotations

import numpy as np

from filmstudio.engine.animate.visemes import (
    Sound,
    blinks,
    frame_energy,
    head_motion,
    mouth_track,
    sounds_from,
    viseme_of,
    voiced_frames,
)
from filmstudio.engine.voice.base import PhonemeTiming, WordTiming


def test_ipa_and_letters_map_to_mouth_shapes() -> None:
    assert [viseme_of(p) for p in ("m", "b", "p")] == ["mbp"] * 3
    assert [viseme_of(p) for p in ("f", "v")] == ["fv"] * 2
    assert viseme_of("ˈɑː") == "ah" and viseme_of("a") == "ah"
    assert viseme_of("iː") == "ee" and viseme_of("uː") == "oo" and viseme_of("oʊ") == "oh"
    assert viseme_of("ɛ") == "eh" and viseme_of("k") == "kg" and viseme_of("s") == "cons"
    assert viseme_of("ˈ") == "rest"


def test_word_letters_stand_in_when_there_are_no_phonemes() -> None:
    sounds = sounds_from((), (WordTiming("Mama", 0.0, 0.4),))
    assert [s.viseme for s in sounds] == ["mbp", "ah", "mbp", "ah"]
    assert sounds[0].start == 0.0 and abs(sounds[-1].end - 0.4) < 1e-9
    timed = sounds_from((PhonemeTiming("oʊ", 0.1, 0.3),), (WordTiming("oh", 0.0, 1.0),))
    assert timed == [Sound("oh", 0.1, 0.3)]


def test_frame_energy_has_one_value_per_video_frame() -> None:
    rate, fps = 24_000, 30
    samples = np.zeros(rate * 2 + 100, np.float32)
    samples[rate // 2 : rate] = 0.5
    energy = frame_energy(samples, rate, fps)
    assert len(energy) == round(len(samples) * fps / rate) == 60
    heard = voiced_frames(energy)
    assert heard[16:29].all() and not heard[:14].any() and not heard[31:].any()


def _tone(seconds: float, rate: int = 24_000) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * 160 * t)).astype(np.float32)


def test_mouth_shuts_in_silence_and_for_m_b_p_and_opens_for_vowels() -> None:
    rate, fps = 24_000, 30
    samples = np.concatenate(
        [np.zeros(rate // 2, np.float32), _tone(1.0), np.zeros(rate // 2, np.float32)]
    )
    sounds = [Sound("ah", 0.5, 0.8), Sound("mbp", 0.8, 1.0), Sound("ah", 1.0, 1.5)]
    mouths = mouth_track(sounds, frame_energy(samples, rate, fps), fps)
    assert all(m.open == 0 for m in mouths[:12]) and all(m.open == 0 for m in mouths[-12:])
    assert min(m.open for m in mouths[16:22]) > 0.6  # "ah"
    assert mouths[27].open < 0.15  # lips meet in the middle of the "m"
    assert mouths[36].open > 0.6


def test_coarticulation_blends_neighbouring_shapes() -> None:
    rate, fps = 24_000, 30
    energy = frame_energy(_tone(1.0), rate, fps)
    sounds = [Sound("ee", 0.0, 0.5), Sound("oo", 0.5, 1.0)]
    shapes = [m.shape for m in mouth_track(sounds, energy, fps)]
    assert shapes[3] > 0.9 and shapes[-4] < -0.9
    # Around the boundary the shape moves through intermediate values, not in one jump.
    middle = shapes[13:17]
    assert all(-0.9 < s < 0.9 for s in middle) and middle == sorted(middle, reverse=True)


def test_blinks_come_every_few_seconds_and_are_short() -> None:
    closure = blinks(30 * 20, 30, seed=4)
    starts = [i for i in range(1, len(closure)) if closure[i] > 0 and closure[i - 1] == 0]
    assert 4 <= len(starts) <= 12
    assert max(np.diff(starts)) <= 5.2 * 30
    assert sum(1 for c in closure if c == 1.0) <= 2 * len(starts) + 2
    assert blinks(30 * 20, 30, seed=4) == closure != blinks(30 * 20, 30, seed=5)


def test_head_moves_smoothly_and_slightly() -> None:
    energy = frame_energy(_tone(4.0), 24_000, 30)
    poses = head_motion(energy, 30, seed=1)
    angles = np.array([p.angle for p in poses])
    assert 0.2 < np.ptp(angles) < 3.0
    assert np.max(np.abs(np.diff(angles))) < 0.1
    assert max(abs(p.dx) for p in poses) < 0.05 and max(abs(p.dy) for p in poses) < 0.06


def _phrase(rate: int = 24_000) -> tuple[np.ndarray, list[WordTiming]]:
    """Two phrases of words (tone bursts) with a pause between, and their timings."""
    words = [
        WordTiming("I", 0.5, 0.6),
        WordTiming("never", 0.6, 1.0),
        WordTiming("sent", 1.0, 1.5),
        WordTiming("them", 1.5, 1.7),
        WordTiming("still", 2.6, 3.1),
        WordTiming("too", 3.1, 3.3),
    ]
    samples = np.zeros(round(4.0 * rate), np.float32)
    for word in words:
        start = round(word.start * rate)
        samples[start : start + round((word.end - word.start) * rate)] = _tone(
            word.end - word.start
        )[: round((word.end - word.start) * rate)]
    return samples, words


def test_a_speaker_nods_on_stressed_words_and_takes_a_new_tilt_with_each_phrase() -> None:
    samples, words = _phrase()
    fps = 24
    poses = head_motion(frame_energy(samples, 24_000, fps), fps, seed=3, words=words)
    dip = np.array([p.nod + p.lean for p in poses])
    # the head dips within half a second of each phrase's first word, not in the silence
    # before the first word
    for start in (0.5, 2.6):
        assert dip[round(start * fps) : round((start + 0.5) * fps)].max() > 0.03
    assert np.abs(dip[: round(0.4 * fps)]).max() < 0.06
    tilts = np.array([p.tilt for p in poses])
    assert np.ptp(tilts) > 1.0
    # it moves like a head, not a pixel: under 24 degrees a second between drawings
    assert np.abs(np.diff(tilts)).max() < 2.0
    assert max(p.nod for p in poses) <= 0.055 + 1e-9


def test_a_listener_nods_every_few_seconds_and_lifts_the_brows_now_and_then() -> None:
    fps = 24
    poses = head_motion(np.zeros(fps * 20), fps, seed=11)
    forward = np.array([p.lean for p in poses])
    nods = np.flatnonzero((forward[1:] > 0.01) & (forward[:-1] <= 0.01))
    assert 6 <= len(nods) <= 20  # one every 1 to 2.5 s
    assert any(p.brow > 0.5 for p in poses)
    assert poses == head_motion(np.zeros(fps * 20), fps, seed=11)  # seeded
    assert poses != head_motion(np.zeros(fps * 20), fps, seed=12)


def test_the_head_is_drawn_on_twos() -> None:
    fps = 24
    samples, words = _phrase()
    poses = head_motion(frame_energy(samples, 24_000, fps), fps, seed=5, words=words)
    assert all(poses[k] == poses[k + 1] for k in range(0, len(poses) - 1, 2))
    assert sum(poses[k] != poses[k + 2] for k in range(0, len(poses) - 2, 2)) > len(poses) // 4
