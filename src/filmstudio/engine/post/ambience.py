"""Ambience beds synthesized in numpy: rain, waves, wind, city, birds and crickets.

Every bed is one seamless loop: its noise is shaped in the frequency domain (a circular
operation), its slow swells repeat a whole number of times per loop and its events (drops,
chirps, horns) wrap around the loop's end, so tiling it never clicks. Beds are indexed by film
time, so a bed shared by two scenes runs straight through the cut while others cross-fade.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy.ndimage import uniform_filter1d

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import Setting
from filmstudio.engine.post.dynamics import level_to

Audio = NDArray[np.float32]
Floats = NDArray[np.float64]

BEDS: tuple[str, ...] = ("rain", "waves", "wind", "city", "birds", "crickets")
#: Seconds in one loop of a bed.
LOOP = 24.0
#: Each bed alone is levelled to this (LUFS); the mixer sets the final level.
BED_LUFS = -30.0
#: Seconds over which beds cross-fade at a scene cut.
CROSSFADE = 1.2
#: Weather beds heard from indoors are this much quieter (linear gain).
INDOOR_GAIN = 0.35

_WAVE_PLACES = frozenset({"beach", "sea", "harbour", "cliffs"})
_CITY_PLACES = frozenset({"city", "street", "market"})
_WIND_PLACES = frozenset({"mountains", "desert", "cliffs"})
_NATURE_PLACES = frozenset({"forest", "fields", "river", "village", "mountains", "temple"})


def ambience_for(setting: Setting) -> dict[str, float]:
    """The beds a scene's setting calls for, with their gains (empty for a quiet interior)."""
    beds: dict[str, float] = {}
    weather_gain = INDOOR_GAIN if setting.interior else 1.0
    if setting.weather in ("rain", "storm"):
        beds["rain"] = weather_gain
    if setting.weather == "storm":
        beds["wind"] = weather_gain
    if setting.interior or setting.place == "space":
        return beds
    night = setting.time_of_day in ("dusk", "night")
    if setting.place in _WAVE_PLACES:
        beds["waves"] = 1.0
    if setting.place in _CITY_PLACES:
        beds["city"] = 1.0
    if setting.place in _WIND_PLACES or setting.weather in ("snow", "fog"):
        beds.setdefault("wind", 0.8)
    if setting.place in _NATURE_PLACES and setting.weather not in ("rain", "storm"):
        beds["crickets" if night else "birds"] = 0.8
    return beds


def bed(kind: str, rate: int, seed: int = 0) -> Audio:
    """One loop (LOOP seconds, stereo float32 at BED_LUFS) of the bed `kind`; same seed, same
    loop."""
    if kind not in _MAKERS:
        raise ChoiceError(f"Unknown ambience '{kind}'. Choose one of: {', '.join(BEDS)}.")
    loop = _cached_bed(kind, rate, seed)
    return loop.copy()


@lru_cache(maxsize=32)
def _cached_bed(kind: str, rate: int, seed: int) -> Audio:
    rng = np.random.default_rng([seed % (1 << 63), BEDS.index(kind), 7])
    n = round(LOOP * rate)
    raw = _MAKERS[kind](n, rate, rng)
    raw -= raw.mean(axis=0)
    out = level_to(raw.astype(np.float32), rate, BED_LUFS)
    out.flags.writeable = False
    return out


def ambience_track(
    scenes: Sequence[tuple[float, float, Setting]], duration: float, rate: int, seed: int = 0
) -> Audio:
    """The film's ambience: each scene's beds, equal-power cross-fades at cuts, shape (n, 2).

    Scenes are (start, end, setting) in film seconds. A bed in two neighbouring scenes keeps
    playing through the cut (its gain stays put); one that starts or stops fades over CROSSFADE.
    """
    n = round(duration * rate)
    return ambience_block(scenes, duration, rate, seed, 0, n)


def ambience_block(
    scenes: Sequence[tuple[float, float, Setting]],
    duration: float,
    rate: int,
    seed: int,
    begin: int,
    end: int,
) -> Audio:
    """Frames begin..end of :func:`ambience_track` (the same samples), made on their own so a
    long film's ambience can be mixed a block at a time."""
    n = round(duration * rate)
    begin, end = max(0, min(begin, n)), max(0, min(end, n))
    out = np.zeros((end - begin, 2), dtype=np.float32)
    wanted = [(start, stop, ambience_for(setting)) for start, stop, setting in scenes]
    kinds = sorted({kind for _, _, beds in wanted for kind in beds}, key=BEDS.index)
    width = max(1, round(CROSSFADE * rate))
    # the cross-fade filter reaches width/2 either side: read that much more of the gain curve
    low, high = max(0, begin - width), min(n, end + width)
    for kind in kinds:
        power = np.zeros(high - low, dtype=np.float64)
        for start, stop, beds in wanted:
            if kind in beds:
                first = max(round(start * rate), low)
                last = min(round(stop * rate), high)
                if last > first:
                    power[first - low : last - low] = beds[kind] ** 2
        if not power.any():
            continue
        smooth = uniform_filter1d(power, width, mode="nearest")[begin - low : end - low]
        gain = np.sqrt(np.maximum(smooth, 0.0))
        loop = _cached_bed(kind, rate, seed)
        index = np.arange(begin, end) % len(loop)
        out += loop[index] * gain[:, None].astype(np.float32)
    edge = min(n // 2, round(0.5 * rate))
    if edge > 0:
        ramp = np.sin(0.5 * np.pi * np.arange(edge) / edge).astype(np.float32)[:, None]
        head = min(end, edge)
        if begin < head:
            out[: head - begin] *= ramp[begin:head]
        tail = max(begin, n - edge)
        if tail < end:
            out[tail - begin :] *= ramp[::-1][tail - (n - edge) : end - (n - edge)]
        if end == n and end > begin:
            out[-1] = 0
    return out


# ---------------------------------------------------------------------------------------------
# building blocks (all circular over the loop)


def _noise(
    n: int, rate: int, rng: np.random.Generator, shape: Callable[[Floats], Floats]
) -> Floats:
    """Stereo noise with magnitude response `shape(freqs)`; partly decorrelated channels."""
    freqs = np.fft.rfftfreq(n, 1 / rate)
    gain = shape(np.maximum(freqs, 1.0))
    gain[0] = 0.0
    common = rng.standard_normal(n)
    channels = []
    for _ in range(2):
        mixed = 0.6 * common + 0.8 * rng.standard_normal(n)
        channels.append(np.fft.irfft(np.fft.rfft(mixed) * gain, n))
    return np.stack(channels, axis=1)


def _band(low: float, high: float, tilt: float = 0.0) -> Callable[[Floats], Floats]:
    def shape(f: Floats) -> Floats:
        g = 1 / np.sqrt(1 + (low / f) ** 4) / np.sqrt(1 + (f / high) ** 4)
        return np.asarray(g * f**tilt, dtype=np.float64)

    return shape


def _slow(n: int, rate: int, rng: np.random.Generator, top_hz: float) -> Floats:
    """A smooth random curve in 0..1 whose wiggles are slower than `top_hz` (loops exactly)."""
    spectrum = np.zeros(n // 2 + 1, dtype=np.complex128)
    bins = max(2, int(top_hz * n / rate))
    spectrum[1:bins] = rng.standard_normal(bins - 1) + 1j * rng.standard_normal(bins - 1)
    curve = np.fft.irfft(spectrum, n)
    low, high = curve.min(), curve.max()
    return np.asarray((curve - low) / (high - low + 1e-12), dtype=np.float64)


def _place(out: Floats, start: int, clip: Floats, pan: float) -> None:
    """Add a mono event at `start`, wrapping around the loop, panned (0 left .. 1 right)."""
    n = len(out)
    index = (start + np.arange(len(clip))) % n
    out[index, 0] += clip * np.cos(0.5 * np.pi * pan)
    out[index, 1] += clip * np.sin(0.5 * np.pi * pan)


# ---------------------------------------------------------------------------------------------
# beds


def _rain(n: int, rate: int, rng: np.random.Generator) -> Floats:
    hiss = _noise(n, rate, rng, _band(500.0, 9000.0, -0.3))
    hiss *= (0.8 + 0.2 * _slow(n, rate, rng, 0.2))[:, None]
    drops = np.zeros((n, 2))
    t = np.arange(round(0.03 * rate)) / rate
    for _ in range(int(90 * LOOP)):
        freq = rng.uniform(1800.0, 7000.0)
        clip = np.sin(2 * np.pi * freq * t) * np.exp(-t / rng.uniform(0.002, 0.008))
        _place(drops, int(rng.integers(n)), clip * rng.lognormal(-1.0, 0.6), rng.random())
    return np.asarray(hiss / np.abs(hiss).max() + 0.6 * drops / np.abs(drops).max(), np.float64)


def _waves(n: int, rate: int, rng: np.random.Generator) -> Floats:
    cycles = 3
    phase = (np.arange(n) * cycles / n) % 1.0
    which = (np.arange(n) * cycles // n).astype(int)
    sizes = rng.uniform(0.6, 1.0, cycles)[which]
    # a slow build, the break, then the wash running back
    swell = np.where(phase < 0.6, (phase / 0.6) ** 2, np.exp(-(phase - 0.6) / 0.12)) * sizes
    rumble = _noise(n, rate, rng, _band(30.0, 500.0, -0.8))
    wash = _noise(n, rate, rng, _band(300.0, 4500.0, -0.2))
    rumble /= np.abs(rumble).max()
    wash /= np.abs(wash).max()
    body = rumble * (0.35 + 0.65 * swell)[:, None] + 0.8 * wash * (swell**1.5)[:, None]
    return np.asarray(body, np.float64)


def _wind(n: int, rate: int, rng: np.random.Generator) -> Floats:
    out = np.zeros((n, 2))
    for centre in (220.0, 520.0, 1200.0):
        band = _noise(n, rate, rng, _band(centre / 1.6, centre * 1.6))
        out += band / np.abs(band).max() * (_slow(n, rate, rng, 0.25) ** 2)[:, None]
    gust = 0.3 + 0.7 * _slow(n, rate, rng, 0.08)
    return np.asarray(out * gust[:, None], np.float64)


def _city(n: int, rate: int, rng: np.random.Generator) -> Floats:
    rumble = _noise(n, rate, rng, _band(25.0, 180.0, -0.5))
    traffic = _noise(n, rate, rng, _band(80.0, 1800.0, -0.4))
    murmur = _noise(n, rate, rng, _band(300.0, 3000.0))
    chatter = np.clip(_slow(n, rate, rng, 5.0) * 1.6 - 0.5, 0, 1)
    out: Floats = np.asarray(
        rumble / np.abs(rumble).max()
        + 0.7 * traffic / np.abs(traffic).max() * (0.3 + 0.7 * _slow(n, rate, rng, 0.1))[:, None]
        + 0.25 * murmur / np.abs(murmur).max() * chatter[:, None],
        np.float64,
    )
    t = np.arange(round(0.4 * rate)) / rate
    for _ in range(2):
        pitch = rng.uniform(330.0, 460.0)
        tone = np.zeros(len(t))
        for k in range(1, 7):
            tone += (
                np.sin(2 * np.pi * pitch * k * t) + np.sin(2 * np.pi * pitch * 1.26 * k * t)
            ) / k
        clip = tone * np.minimum(1, t / 0.02) * np.minimum(1, (t[-1] - t) / 0.05) * 0.12
        _place(out, int(rng.integers(n)), clip, rng.random())
    return out


def _birds(n: int, rate: int, rng: np.random.Generator) -> Floats:
    leaves = _noise(n, rate, rng, _band(1500.0, 8000.0))
    out = 0.05 * leaves / np.abs(leaves).max() * _slow(n, rate, rng, 0.3)[:, None]
    song = np.zeros((n, 2))
    for _ in range(int(LOOP / 1.6)):
        at = int(rng.integers(n))
        pan = rng.random()
        low, high = sorted(rng.uniform(2500.0, 7000.0, 2))
        up = rng.random() < 0.5
        for _ in range(int(rng.integers(2, 7))):
            length = rng.uniform(0.04, 0.1)
            t = np.arange(round(length * rate)) / rate
            sweep = np.linspace(low, high, len(t)) if up else np.linspace(high, low, len(t))
            phase = 2 * np.pi * np.cumsum(sweep) / rate
            clip = (np.sin(phase) + 0.2 * np.sin(2 * phase)) * np.hanning(len(t))
            _place(song, at, clip * rng.uniform(0.4, 1.0), pan)
            at += round((length + rng.uniform(0.03, 0.12)) * rate)
    return np.asarray(out + song, np.float64)


def _crickets(n: int, rate: int, rng: np.random.Generator) -> Floats:
    out = np.zeros((n, 2))
    pulse_t = np.arange(round(0.012 * rate)) / rate
    for _ in range(4):
        carrier = rng.uniform(4200.0, 5200.0)
        pulse = np.sin(2 * np.pi * carrier * pulse_t) * np.hanning(len(pulse_t))
        period = n // int(rng.integers(int(LOOP / 0.9), int(LOOP / 0.5)))
        pan, level = rng.random(), rng.uniform(0.3, 1.0)
        offset = int(rng.integers(period))
        for chirp in range(offset, n, period):
            for k in range(3):
                _place(out, chirp + k * round(0.028 * rate), pulse * level, pan)
    hum = _noise(n, rate, rng, _band(60.0, 400.0))
    return np.asarray(out + 0.05 * hum / np.abs(hum).max(), np.float64)


_MAKERS: dict[str, Callable[[int, int, np.random.Generator], Floats]] = {
    "rain": _rain,
    "waves": _waves,
    "wind": _wind,
    "city": _city,
    "birds": _birds,
    "crickets": _crickets,
}
