"""The master audio: speech on top, music and ambience ducked under it, the whole at −14 LUFS.

Done in numpy rather than an ffmpeg filter graph because every number is then ours to test:
ducking depth, loudness and true peak are measured on the very samples that get encoded. The
mix is kept as stems (voice, ambience, music) that share one master gain, so the stems a user
exports add up to the master exactly. A film is mixed a block at a time by
:func:`filmstudio.engine.post.master.mix_film` (the same samples, in bounded memory); the
whole-array :func:`mixdown` here is the reference it is tested against and serves short clips.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from math import gcd
from pathlib import Path
from typing import Any

import numpy as np
import pyloudnorm
import soundfile
from numpy.typing import NDArray
from scipy.ndimage import maximum_filter1d, minimum_filter1d, uniform_filter1d
from scipy.signal import lfilter, resample_poly

from filmstudio.engine.files import write_atomic
from filmstudio.engine.timing import Timeline

SAMPLE_RATE = 48_000
TARGET_LUFS = -14.0
TRUE_PEAK_DBTP = -1.0
#: Headroom left below the true-peak limit for the AAC encoder's overshoot.
PEAK_MARGIN_DB = 0.6
SPEECH_LUFS = -16.0
#: Music level in the gaps, relative to speech, and how far it dips under speech.
MUSIC_BED_DB = -5.0
DUCK_DB = -12.0
#: Ambience level in the gaps, relative to speech, and how far it dips under speech.
AMBIENCE_BED_DB = -16.0
AMBIENCE_DUCK_DB = -6.0
#: Ambience under music alone (no speech anywhere), relative to the music.
AMBIENCE_UNDER_MUSIC_DB = -12.0
STEM_NAMES = ("voice", "ambience", "music")

Audio = NDArray[np.float32]


def resample(samples: NDArray[np.float32], rate: int, target: int = SAMPLE_RATE) -> Audio:
    """`samples` at `target` Hz (polyphase, exact ratio)."""
    if rate == target:
        return samples.astype(np.float32, copy=False)
    common = gcd(rate, target)
    out = resample_poly(samples, target // common, rate // common, axis=0)
    return np.asarray(out, dtype=np.float32)


def speech_track(timeline: Timeline, rate: int = SAMPLE_RATE) -> Audio:
    """Every voiced line placed at its start time on one mono track as long as the film."""
    track = np.zeros(round(timeline.duration * rate), dtype=np.float32)
    for timed in timeline.lines:
        clip = resample(timed.speech.samples, timed.speech.sample_rate, rate)
        start = round(timed.start * rate)
        end = min(len(track), start + len(clip))
        if end > start:
            track[start:end] += clip[: end - start]
    return track


def loudness(samples: NDArray[np.float32], rate: int = SAMPLE_RATE) -> float:
    """Integrated loudness (LUFS, BS.1770); −inf for silence."""
    if len(samples) < rate // 2:
        samples = np.pad(samples, [(0, rate // 2 - len(samples))] + [(0, 0)] * (samples.ndim - 1))
    return float(pyloudnorm.Meter(rate).integrated_loudness(samples))


def true_peak_db(samples: NDArray[np.float32]) -> float:
    """Peak after 4× oversampling, in dBTP (what a meter reads between samples)."""
    peak = float(np.max(np.abs(resample_poly(samples, 4, 1, axis=0)))) if len(samples) else 0.0
    return 20 * np.log10(peak) if peak > 0 else -np.inf


def _gain_to(samples: Audio, lufs: float, rate: int) -> Audio:
    measured = loudness(samples, rate)
    if not np.isfinite(measured):
        return samples
    return (samples * 10 ** ((lufs - measured) / 20)).astype(np.float32)


def duck_envelope(speech: Audio, rate: int = SAMPLE_RATE, depth_db: float = DUCK_DB) -> Audio:
    """Per-sample music gain: `depth_db` down while anyone speaks, back up in the gaps.

    The dip starts 120 ms before a voice (look-ahead), holds 250 ms after it, falls fast
    (60 ms) and recovers slowly (450 ms), the way a mixer rides a fader.
    """
    hop = rate // 100
    frames = len(speech) // hop + 1
    padded = np.pad(speech, (0, frames * hop - len(speech)))
    gain = duck_frames(frame_rms(padded, hop), depth_db)
    at = np.arange(len(speech)) / hop
    return np.asarray(np.interp(at, np.arange(frames), gain), dtype=np.float32)


def frame_rms(speech: NDArray[Any], hop: int) -> NDArray[Any]:
    """RMS of each `hop`-sample frame of `speech` (its length a multiple of `hop`)."""
    rms: NDArray[Any] = np.sqrt(np.mean(speech.reshape(-1, hop) ** 2, axis=1) + 1e-12)
    return rms


def duck_frames(rms: NDArray[Any], depth_db: float = DUCK_DB) -> NDArray[Any]:
    """The ducking gain per 10 ms frame, from each frame's speech RMS (see duck_envelope)."""
    active = 20 * np.log10(rms) > -50
    active = maximum_filter1d(active.astype(np.uint8), size=38, origin=-6) > 0
    target = np.where(active, 10 ** (depth_db / 20), 1.0)
    falling = np.exp(-1 / 6.0)
    rising = np.exp(-1 / 45.0)
    gain = np.empty_like(target)
    level = 1.0
    for i, want in enumerate(target):
        coeff = falling if want < level else rising
        level = coeff * level + (1 - coeff) * want
        gain[i] = level
    return gain


def limiter_window(rate: int) -> int:
    """The limiter's look-ahead window in samples (5 ms); its filters reach 2 windows each way."""
    return max(3, rate // 200)


def limiter_shape(peaks: NDArray[Any], ceiling_db: float, rate: int) -> NDArray[Any]:
    """The limiter's gain before its release: look-ahead attack around every over."""
    ceiling = 10 ** (ceiling_db / 20)
    window = limiter_window(rate)
    need = np.minimum(1.0, ceiling / np.maximum(maximum_filter1d(peaks, size=window), 1e-9))
    return np.asarray(
        uniform_filter1d(minimum_filter1d(need, size=2 * window + 1), size=window), np.float64
    )


#: The limiter's slow release: a one-pole filter on the gain reduction.
RELEASE = ([0.002], [1, -0.998])


def limiter_release(
    shape: NDArray[Any], state: NDArray[Any] | None = None
) -> tuple[NDArray[Any], NDArray[Any]]:
    """The shaped gain with its slow release, and the filter state to carry to what follows."""
    start = np.zeros(1) if state is None else state
    release, after = lfilter(*RELEASE, 1 - shape, zi=start)
    gain = np.asarray(np.minimum(shape, 1 - np.maximum(release, 0)), dtype=np.float64)
    return gain, np.asarray(after)


def _limiter_gain(peaks: NDArray[Any], ceiling_db: float, rate: int) -> NDArray[Any]:
    """Per-sample gain that keeps `peaks` under the ceiling: look-ahead attack, slow release."""
    return limiter_release(limiter_shape(peaks, ceiling_db, rate))[0]


def _true_peaks(samples: Audio) -> NDArray[Any]:
    """Each sample's peak including the overs between it and the next (4× oversampled)."""
    over = np.abs(resample_poly(samples, 4, 1, axis=0))
    return np.asarray(np.max(over.reshape(len(samples), -1), axis=1), dtype=np.float64)


def limit(samples: Audio, ceiling_db: float, rate: int = SAMPLE_RATE) -> Audio:
    """A look-ahead peak limiter: gain falls smoothly before any sample above the ceiling."""
    peaks = np.max(np.abs(samples), axis=1) if samples.ndim == 2 else np.abs(samples)
    gain = _limiter_gain(peaks, ceiling_db, rate)
    shaped = gain[:, None] if samples.ndim == 2 else gain
    return np.asarray(samples * shaped, dtype=np.float32)


@dataclass(frozen=True)
class Mixdown:
    """The master and the three stems it is the sum of (all stereo, same length, float32)."""

    master: Audio
    voice: Audio
    ambience: Audio
    music: Audio

    def stems(self) -> dict[str, Audio]:
        """Stem name → samples, in STEM_NAMES order."""
        return {name: getattr(self, name) for name in STEM_NAMES}


def mixdown(
    speech: Audio,
    music: Audio,
    ambience: Audio | None = None,
    rate: int = SAMPLE_RATE,
) -> Mixdown:
    """Speech (mono) over ducked music and ambience (stereo): −14 LUFS, ≤ −1 dBTP, as stems.

    Speech is set to −16 LUFS; music sits 5 dB under it in the gaps and 12 dB lower again
    under speech; ambience sits 16 dB under speech and dips 6 dB more under it. Without speech
    the music carries the film and the ambience sits 12 dB under it. One per-sample master gain
    (make-up to −14 LUFS and the true-peak limiter) is applied to every stem, so
    voice + ambience + music equals the master.
    """
    n = len(speech)
    if music.shape != (n, 2):
        raise ValueError("music must be stereo and as long as the speech track")
    if ambience is None:
        ambience = np.zeros((n, 2), dtype=np.float32)
    if ambience.shape != (n, 2):
        raise ValueError("ambience must be stereo and as long as the speech track")
    mono = speech if speech.ndim == 1 else speech.mean(axis=1)
    has_speech = bool(np.any(mono))
    voice = _gain_to(mono, SPEECH_LUFS, rate) if has_speech else np.zeros(n, np.float32)
    has_music = bool(np.any(music))
    if has_speech:
        bed_lufs = SPEECH_LUFS + MUSIC_BED_DB
        air_lufs = SPEECH_LUFS + AMBIENCE_BED_DB
    else:
        bed_lufs = TARGET_LUFS
        air_lufs = TARGET_LUFS + (AMBIENCE_UNDER_MUSIC_DB if has_music else 0.0)
    bed = _gain_to(music, bed_lufs, rate) if has_music else music.astype(np.float32)
    air = _gain_to(ambience, air_lufs, rate) if np.any(ambience) else ambience.astype(np.float32)
    if has_speech:
        bed = bed * duck_envelope(voice, rate)[:, None]
        air = air * duck_envelope(voice, rate, AMBIENCE_DUCK_DB)[:, None]
    voice2 = np.repeat(voice[:, None], 2, axis=1)
    mixed = (bed + air + voice2).astype(np.float32)
    gain = _master_gain(mixed, rate)[:, None]
    stems = [np.asarray(track * gain, dtype=np.float32) for track in (voice2, air, bed)]
    total = (stems[0] + stems[1] + stems[2]).astype(np.float32)
    return Mixdown(master=total, voice=stems[0], ambience=stems[1], music=stems[2])


def _master_gain(mixed: Audio, rate: int) -> NDArray[Any]:
    """Per-sample gain bringing `mixed` to −14 LUFS with true peaks under the ceiling.

    The true-peak envelope is measured once; since it scales with gain, finding the make-up
    gain that lands on −14 LUFS after limiting needs only the cheap limiter-gain step per try.
    """
    if not np.any(mixed):
        return np.ones(len(mixed))
    peaks = _true_peaks(mixed)
    gain_db = TARGET_LUFS - loudness(mixed, rate)
    gain = np.full(len(mixed), 10 ** (gain_db / 20))
    for _ in range(4):
        level = 10 ** (gain_db / 20)
        gain = level * _limiter_gain(level * peaks, TRUE_PEAK_DBTP - PEAK_MARGIN_DB, rate)
        miss = TARGET_LUFS - loudness(np.asarray(mixed * gain[:, None], np.float32), rate)
        if abs(miss) < 0.1:
            break
        gain_db += miss
    return gain


def master(speech: Audio, music: Audio, rate: int = SAMPLE_RATE) -> Audio:
    """Stereo master of speech over ducked music: −14 LUFS, ≤ −1 dBTP (see :func:`mixdown`)."""
    return mixdown(speech, music, None, rate).master


def write_stems(mix: Mixdown, folder: Path, rate: int = SAMPLE_RATE) -> dict[str, Path]:
    """voice.wav, ambience.wav and music.wav (32-bit float) in `folder`, each written whole."""
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, samples in mix.stems().items():
        buffer = io.BytesIO()
        soundfile.write(buffer, samples, rate, subtype="FLOAT", format="WAV")
        path = folder / f"{name}.wav"
        write_atomic(path, buffer.getvalue())
        written[name] = path
    return written
