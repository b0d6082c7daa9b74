"""Benchmark: the film's sound, measured per genre — score, mix, ducking, length, cleaning.

For each genre it composes a score for a 3-scene film (calm → tense → hopeful, odd length),
mixes it under a speech-like voice with an ambience bed, and prints: the score's length error
in samples, its loudness and spectral centroid, the master's loudness and true peak, how far
the music dips under speech and how far under the voice it sits. Then it fits an uploaded
track to the film, and runs noise reduction on a noisy voice. With --png DIR it writes one
spectrogram per genre (numpy + Pillow) to look at the form: intro, mood changes, the ending.
Run: `python bench/audio.py [--seconds 30] [--png /tmp/spectrograms]`.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile
from numpy.typing import NDArray
from PIL import Image, ImageDraw

from filmstudio.engine import mix
from filmstudio.engine.errors import FilmError
from filmstudio.engine.plan import Setting
from filmstudio.engine.post import ambience_track, reduce_noise
from filmstudio.engine.score import MusicSegment, compose_score
from filmstudio.engine.score.choices import GENRES
from filmstudio.engine.score.user import load_user_music

RATE = mix.SAMPLE_RATE
Audio = NDArray[np.float32]


def voice_like(seconds: float, seed: int = 0) -> Audio:
    """A vowel-like buzz in syllables: stands in for narration (no TTS needed here)."""
    t = np.arange(round(seconds * RATE)) / RATE
    f0 = 130 + 25 * np.sin(2 * np.pi * 0.6 * t + seed)
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    buzz = sum(np.sin(k * phase) / k for k in range(1, 30))
    syllables = np.clip(np.sin(2 * np.pi * 2.5 * t + seed), 0, None) ** 0.4
    return np.asarray(0.2 * buzz * syllables, dtype=np.float32)


def speech_track(duration: float, lines: list[tuple[float, float]]) -> Audio:
    track = np.zeros(round(duration * RATE), dtype=np.float32)
    for index, (start, end) in enumerate(lines):
        clip = voice_like(end - start, index)
        track[round(start * RATE) : round(start * RATE) + len(clip)] = clip
    return track


def db(power: float) -> float:
    return float(10 * np.log10(power + 1e-20))


def level(stem: Audio, mask: NDArray[np.bool_]) -> float:
    return db(float(np.mean(np.square(stem[mask], dtype=np.float64))))


FRAME = RATE // 20


def music_gain(stem: Audio, music: Audio) -> NDArray[np.float64]:
    """Gain (dB) the mix applied to the music, per 50 ms frame: stem level over score level."""
    frames = len(music) // FRAME

    def frame_db(audio: Audio) -> NDArray[np.float64]:
        power = np.mean(np.square(audio[: frames * FRAME], dtype=np.float64), axis=1)
        return np.asarray(10 * np.log10(power.reshape(frames, FRAME).mean(axis=1) + 1e-20))

    return frame_db(stem) - frame_db(music)


def centroid(audio: Audio) -> float:
    mono = audio.mean(axis=1)
    freqs = np.fft.rfftfreq(len(mono), 1 / RATE)
    mags = np.abs(np.fft.rfft(mono))
    return float((freqs * mags).sum() / mags.sum())


def spectrogram(audio: Audio, title: str, width: int = 900, height: int = 200) -> Image.Image:
    """Log-frequency spectrogram (40 Hz–24 kHz) over a level strip, as an RGB image."""
    mono = audio.mean(axis=1)
    size, hop = 4096, max(1, len(mono) // width)
    window = np.hanning(size)
    columns = []
    for i in range(width):
        frame = mono[i * hop : i * hop + size]
        frame = np.pad(frame, (0, size - len(frame)))
        columns.append(np.abs(np.fft.rfft(frame * window)))
    spec = np.array(columns).T
    freqs = np.fft.rfftfreq(size, 1 / RATE)
    rows = np.searchsorted(freqs, np.geomspace(40, RATE / 2, height)).clip(0, len(freqs) - 1)
    image = 20 * np.log10(spec[rows] + 1e-9)
    image = np.clip((image - (image.max() - 80)) / 80, 0, 1)[::-1]
    rgb = np.stack([image**0.7, image**1.5, 0.3 + 0.7 * image**3], -1)
    picture = Image.fromarray((rgb * 255).astype(np.uint8))
    ImageDraw.Draw(picture).text((5, 5), title, fill=(255, 255, 255))
    strip = Image.new("RGB", (width, 40), (20, 20, 20))
    draw = ImageDraw.Draw(strip)
    for x in range(width):
        frame = mono[x * hop : (x + 1) * hop]
        value = np.clip((db(float(np.mean(frame.astype(np.float64) ** 2))) + 60) / 60, 0, 1)
        draw.line([(x, 39), (x, 39 - int(value * 38))], fill=(120, 220, 120))
    sheet = Image.new("RGB", (width, height + 40))
    sheet.paste(picture, (0, 0))
    sheet.paste(strip, (0, height))
    return sheet


def bench_genres(duration: float, png: Path | None) -> None:
    cuts = (0.0, round(0.4 * duration, 2), round(0.73 * duration, 2))
    moods = ("calm", "tense", "hopeful")
    ends = (*cuts[1:], duration)
    segments = [MusicSegment(s, e, m) for s, e, m in zip(cuts, ends, moods, strict=True)]
    lines = [(1.5, 0.25 * duration), (cuts[1] + 1.0, cuts[1] + 4.5), (cuts[2] + 0.8, cuts[2] + 4)]
    speech = speech_track(duration, lines)
    settings = [Setting(place="forest"), Setting(place="street", weather="rain")]
    scenes = [(cuts[0], cuts[1], settings[0]), (cuts[1], duration, settings[1])]
    started = time.perf_counter()
    air = ambience_track(scenes, duration, RATE)
    print(f"ambience (birds | rain + city) made in {time.perf_counter() - started:.2f} s")
    n = len(speech)
    inside = np.zeros(n, dtype=bool)
    near = np.zeros(n, dtype=bool)
    for start, end in lines:
        inside[round((start + 0.3) * RATE) : round((end - 0.3) * RATE)] = True
        near[round((start - 1.5) * RATE) : round((end + 1.5) * RATE)] = True
    gaps = ~near
    gaps[round((duration - 3.0) * RATE) :] = False  # the ending fades by design
    print(f"film {duration:.3f} s, moods {' → '.join(moods)} at {cuts}, {len(lines)} lines")
    header = (
        f"{'genre':11s} {'render s':>8s} {'len off':>7s} {'score LUFS':>10s} {'centroid':>8s} "
        f"{'master LUFS':>11s} {'dBTP':>6s} {'duck dB':>7s} {'voice-music':>11s} {'stem err':>8s} "
        f"{'mix s':>5s}"
    )
    print(header)
    sheets = []
    for genre in ["auto", *GENRES]:
        started = time.perf_counter()
        music = compose_score(segments, duration, genre, seed=0, sample_rate=RATE)
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        mixed = mix.mixdown(speech, music, air)
        mixing = time.perf_counter() - started
        stems = mixed.voice + mixed.ambience + mixed.music
        error = float(np.max(np.abs(stems - mixed.master)))
        gain = music_gain(mixed.music, music)
        duck = float(np.median(gain[gaps[::FRAME][: len(gain)]]))
        duck -= float(np.median(gain[inside[::FRAME][: len(gain)]]))
        over = level(mixed.voice, inside) - level(mixed.music, inside)
        print(
            f"{genre:11s} {seconds:8.2f} {len(music) - round(duration * RATE):7d} "
            f"{mix.loudness(music):10.2f} {centroid(music):8.0f} "
            f"{mix.loudness(mixed.master):11.2f} {mix.true_peak_db(mixed.master):6.2f} "
            f"{duck:7.1f} {over:11.1f} {error:8.1e} {mixing:5.2f}"
        )
        if png is not None:
            sheets.append(spectrogram(music, f"{genre}: calm | tense | hopeful"))
    if png is not None:
        png.mkdir(parents=True, exist_ok=True)
        sheet = Image.new("RGB", (sheets[0].width, sum(s.height for s in sheets)))
        y = 0
        for part in sheets:
            sheet.paste(part, (0, y))
            y += part.height
        sheet.save(png / "genres.png")
        print(f"spectrograms: {png / 'genres.png'}")


def bench_user_music() -> None:
    print("\nuploaded music fitted to the film (samples off the exact length):")
    t = np.arange(7 * 44100) / 44100
    song = (0.2 * np.sin(2 * np.pi * 220 * t) * (1 + 0.3 * np.sin(2 * np.pi * 2 * t))).astype(
        np.float32
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "song.ogg"
        soundfile.write(path, np.stack([song, song], axis=1), 44100)
        for duration in (4.321, 29.997, 61.5):
            fitted = load_user_music(path, duration, RATE)
            print(
                f"  {duration:7.3f} s: {len(fitted) - round(duration * RATE):+d} samples, "
                f"{mix.loudness(fitted):.2f} LUFS, last sample {float(np.abs(fitted[-1]).max())}"
            )


def espeak_voice() -> Audio | None:
    """A real synthetic narration (espeak-ng, instant), or None where it is not installed."""
    try:
        from filmstudio.engine.plan import Line
        from filmstudio.engine.voice import speak_line

        text = "The old temple stood silent at dawn. A bell rang once, and the monks began to sing."
        speech = speak_line(Line(text=text), "narrator-male", "espeak")
    except (FilmError, OSError) as exc:
        print(f"  (espeak voice unavailable: {exc})")
        return None
    voice = mix.resample(speech.samples, speech.sample_rate, RATE)
    pad = np.zeros(RATE // 2, dtype=np.float32)
    return np.concatenate([pad, voice, pad])


def bench_cleaning() -> None:
    for name, clean in (("buzz voice", voice_like(8.0)), ("espeak voice", espeak_voice())):
        if clean is not None:
            denoise(name, clean)


def denoise(name: str, clean: Audio) -> None:
    print(f"\nnoise reduction on a {name} with white noise:")
    for noise_level in (0.005, 0.02, 0.05):
        noise = np.random.default_rng(1).standard_normal(len(clean)).astype(np.float32)
        noisy = clean + noise_level * noise
        started = time.perf_counter()
        out = reduce_noise(noisy, RATE)
        seconds = time.perf_counter() - started

        def snr(x: Audio) -> float:
            return db(float(np.sum(clean.astype(np.float64) ** 2))) - db(
                float(np.sum((x - clean).astype(np.float64) ** 2))
            )

        print(
            f"  noise {noise_level}: SNR {snr(noisy):5.1f} → {snr(out):5.1f} dB "
            f"(+{snr(out) - snr(noisy):.1f}) in {seconds:.2f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.013)
    parser.add_argument("--png", type=Path, default=None)
    args = parser.parse_args()
    bench_genres(args.seconds, args.png)
    bench_user_music()
    bench_cleaning()


if __name__ == "__main__":
    main()
