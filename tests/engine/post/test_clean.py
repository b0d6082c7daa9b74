"""Cleaning uploaded sound: noise reduction, high-pass, EQ, compression, de-essing, level."""

from __future__ import annotations

import numpy as np
import pytest

from filmstudio.engine.post import (
    clean_music,
    clean_voice,
    compress,
    deess,
    eq,
    highpass,
    lufs,
    reduce_noise,
)
from tests.engine.post.signals import RATE, band_db, noise, snr_db, voiced


@pytest.mark.parametrize("noise_level", [0.01, 0.03])
def test_noise_reduction_improves_snr(noise_level: float) -> None:
    clean = voiced()
    noisy = clean + noise(len(clean), noise_level)
    before = snr_db(clean, noisy)
    after = snr_db(clean, reduce_noise(noisy, RATE))
    assert after - before >= 6.0, (before, after)


def test_noise_reduction_uses_a_given_noise_sample_and_keeps_stereo() -> None:
    clean = voiced()
    hiss = noise(len(clean), 0.02, seed=5)
    noisy = np.stack([clean + hiss, clean + hiss], axis=1)
    out = reduce_noise(noisy, RATE, noise=noise(RATE, 0.02, seed=9))
    assert out.shape == noisy.shape
    assert snr_db(clean, out[:, 0]) - snr_db(clean, noisy[:, 0]) >= 6.0
    gap = slice(round(5.0 * RATE), round(5.4 * RATE))  # a pause between phrases
    assert np.max(np.abs(clean[gap])) == 0
    assert np.sqrt(np.mean(out[gap, 0] ** 2)) < 0.2 * np.sqrt(np.mean(noisy[gap, 0] ** 2))


def test_highpass_removes_energy_below_the_cutoff_only() -> None:
    rumble = noise(4 * RATE, 0.1, seed=1)
    out = highpass(rumble, RATE, 80.0)
    assert band_db(rumble, 10, 40) - band_db(out, 10, 40) > 20  # an octave below: −24 dB
    assert abs(band_db(rumble, 300, 5000) - band_db(out, 300, 5000)) < 0.5  # voice untouched


def test_eq_lifts_presence_and_cuts_mud() -> None:
    hiss = noise(4 * RATE, 0.05, seed=2)
    out = eq(hiss, RATE, mud_db=-6.0, mud_hz=300.0, presence_db=6.0, presence_hz=3000.0)
    assert band_db(out, 2800, 3200) - band_db(hiss, 2800, 3200) == pytest.approx(6.0, abs=1.0)
    assert band_db(out, 280, 320) - band_db(hiss, 280, 320) == pytest.approx(-6.0, abs=1.0)


def test_compressor_narrows_the_dynamic_range() -> None:
    t = np.arange(4 * RATE) / RATE
    tone = np.sin(2 * np.pi * 300 * t) * np.where(t < 2, 0.05, 0.7)
    out = compress(tone.astype(np.float32), RATE, threshold_db=-20.0, ratio=4.0)
    quiet_in, loud_in = np.std(tone[RATE : 2 * RATE]), np.std(tone[3 * RATE :])
    quiet_out, loud_out = np.std(out[RATE : 2 * RATE]), np.std(out[3 * RATE :])
    assert 20 * np.log10(loud_out / quiet_out) < 20 * np.log10(loud_in / quiet_in) - 8


def test_deesser_cuts_loud_sibilants_and_leaves_vowels_alone() -> None:
    vowel = voiced(4.0)
    hiss = noise(len(vowel), 0.15, seed=3)
    s_sound = highpass(hiss, RATE, 5000.0) * (np.arange(len(vowel)) % RATE < RATE // 6)
    speech = (vowel + s_sound).astype(np.float32)
    out = deess(speech, RATE)
    assert band_db(speech, 5000, 12000) - band_db(out, 5000, 12000) > 4  # "s" tamed
    assert abs(band_db(speech, 100, 2000) - band_db(out, 100, 2000)) < 0.5  # vowels kept
    assert np.array_equal(deess(vowel, RATE), vowel)  # nothing to do: untouched


def test_clean_voice_levels_and_cleans_a_home_recording() -> None:
    clean = voiced()
    t = np.arange(len(clean)) / RATE
    hum = 0.05 * np.sin(2 * np.pi * 50 * t)  # mains hum and rumble
    recording = (0.3 * clean + hum + noise(len(clean), 0.01)).astype(np.float32)
    out = clean_voice(recording, RATE)
    assert out.shape == recording.shape
    assert lufs(out, RATE) == pytest.approx(-18.0, abs=0.5)
    hum_drop = band_db(recording, 45, 55) - band_db(out, 45, 55)
    voice_drop = band_db(recording, 200, 3000) - band_db(out, 200, 3000)
    assert hum_drop - voice_drop > 15


def test_clean_music_sits_at_minus_20_lufs_without_sub_rumble() -> None:
    music = np.stack([noise(5 * RATE, 0.05, 6), noise(5 * RATE, 0.05, 7)], axis=1)
    out = clean_music(music, RATE)
    assert lufs(out, RATE) == pytest.approx(-20.0, abs=0.5)
    assert band_db(music, 5, 15) - band_db(out, 5, 15) > 12
