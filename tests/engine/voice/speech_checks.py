"""Speech measurements shared by the voice tests."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.voice.base import Speech

TEXTS = {
    "en": "The old man walked slowly to the harbour, and waited for the boats.",
    "es": "El viejo caminó despacio hasta el puerto y esperó los barcos.",
    "fr": "Le vieil homme marchait lentement vers le port, et attendait les bateaux.",
    "hi": "बूढ़ा आदमी धीरे धीरे बंदरगाह की ओर चला और नावों का इंतज़ार करता रहा।",
}


def median_pitch(samples: NDArray[np.float32], rate: int = 24000) -> float:
    """Median f0 of the loud 40 ms frames by autocorrelation (60-500 Hz)."""
    size, hop = int(0.04 * rate), int(0.02 * rate)
    overall = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))
    found = []
    for at in range(0, len(samples) - size, hop):
        frame = samples[at : at + size].astype(np.float64)
        if np.sqrt(np.mean(frame**2)) < 0.5 * overall:
            continue
        frame -= frame.mean()
        corr = np.correlate(frame, frame, "full")[size - 1 :]
        low, high = rate // 500, rate // 60
        lag = low + int(np.argmax(corr[low:high]))
        if corr[0] > 0 and corr[lag] / corr[0] > 0.5:
            found.append(rate / lag)
    return float(np.median(found)) if found else 0.0


def assert_phonemes_follow_words(speech: Speech, slack: float = 0.03) -> None:
    """Phonemes are in order, inside the clip, non-empty, and each lies within some word."""
    assert speech.phonemes, "no phoneme timings"
    previous = 0.0
    for item in speech.phonemes:
        assert item.phoneme and item.phoneme == item.phoneme.strip()
        assert "ˈ" not in item.phoneme and "ˌ" not in item.phoneme
        assert previous <= item.start < item.end <= speech.duration + 1e-6, item
        previous = item.end
        middle = (item.start + item.end) / 2
        assert any(w.start - slack <= middle <= w.end + slack for w in speech.words), item
