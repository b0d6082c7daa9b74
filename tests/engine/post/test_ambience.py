"""Ambience beds: distinct per setting, seamless loops, seeded, cross-faded at scene cuts."""

from __future__ import annotations

import numpy as np
import pytest

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import Setting
from filmstudio.engine.post import BEDS, ambience_for, ambience_track, bed, lufs
from filmstudio.engine.post.ambience import BED_LUFS, LOOP
from tests.engine.post.signals import RATE, band_db, centroid

SMALL_RATE = 16000  # beds are cheaper to test at a lower rate


def test_settings_choose_their_beds() -> None:
    assert set(ambience_for(Setting(place="beach"))) == {"waves"}
    assert set(ambience_for(Setting(place="street", weather="rain"))) == {"rain", "city"}
    assert set(ambience_for(Setting(place="forest"))) == {"birds"}
    assert set(ambience_for(Setting(place="forest", time_of_day="night"))) == {"crickets"}
    assert set(ambience_for(Setting(place="cliffs", weather="storm"))) == {"rain", "wind", "waves"}
    assert ambience_for(Setting(place="kitchen", interior=True)) == {}
    indoors = ambience_for(Setting(place="kitchen", interior=True, weather="rain"))
    assert 0 < indoors["rain"] < 0.5  # rain on the window, not on the head


def test_rain_waves_and_birds_have_different_spectra() -> None:
    rain, waves, birds = (bed(kind, RATE) for kind in ("rain", "waves", "birds"))
    assert centroid(rain) > 2 * centroid(waves)
    assert band_db(waves, 30, 300) - band_db(waves, 3000, 8000) > band_db(rain, 30, 300) - (
        band_db(rain, 3000, 8000) - 15
    )
    # birdsong is tonal chirps in 2.5-7 kHz with little else: most of its energy is there
    assert band_db(birds, 2500, 7000) - band_db(birds, 20, 2500) > 10
    assert band_db(rain, 2500, 7000) - band_db(rain, 20, 2500) < 10


@pytest.mark.parametrize("kind", BEDS)
def test_every_bed_loops_seamlessly_at_its_level(kind: str) -> None:
    loop = bed(kind, SMALL_RATE, seed=3)
    assert loop.shape == (round(LOOP * SMALL_RATE), 2)
    assert lufs(loop, SMALL_RATE) == pytest.approx(BED_LUFS, abs=0.5)
    jumps = np.abs(np.diff(loop, axis=0))
    seam = np.abs(loop[0] - loop[-1])
    assert np.all(seam <= np.quantile(jumps, 0.9999, axis=0) + 1e-6)  # no click at the join
    assert np.array_equal(loop, bed(kind, SMALL_RATE, seed=3))
    assert not np.allclose(loop, bed(kind, SMALL_RATE, seed=4))


def test_unknown_bed_is_a_choice_error() -> None:
    with pytest.raises(ChoiceError, match="Unknown ambience 'lava'"):
        bed("lava", SMALL_RATE)


def test_beds_cross_fade_at_cuts_and_shared_beds_run_through() -> None:
    street = Setting(place="street", weather="rain")
    beach = Setting(place="beach", weather="rain")
    track = ambience_track([(0.0, 10.0, street), (10.0, 20.0, beach)], 20.0, SMALL_RATE, seed=1)
    assert track.shape == (20 * SMALL_RATE, 2)
    assert np.all(track[-1] == 0)
    rain_only = ambience_track(
        [(0.0, 20.0, Setting(place="space", weather="rain"))], 20.0, SMALL_RATE, seed=1
    )
    # rain is in both scenes: the track minus the rain bed is city, then waves, never rain
    rest = track - rain_only
    first, second = rest[2 * SMALL_RATE : 8 * SMALL_RATE], rest[12 * SMALL_RATE : 18 * SMALL_RATE]
    city, waves = bed("city", SMALL_RATE, seed=1), bed("waves", SMALL_RATE, seed=1)
    at = np.arange(2 * SMALL_RATE, 8 * SMALL_RATE)
    assert np.allclose(first, city[at % len(city)], atol=1e-5)  # city alone, at full level
    at = np.arange(12 * SMALL_RATE, 18 * SMALL_RATE)
    assert np.allclose(second, waves[at % len(waves)], atol=1e-5)  # then waves alone
    cut = rest[round(9.5 * SMALL_RATE) : round(10.5 * SMALL_RATE)]
    assert np.sqrt(np.mean(cut**2)) > 0.3 * np.sqrt(np.mean(first**2))  # no hole at the cut
