"""Contact sheets: labelled grids written atomically to PNG files."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.picture import STYLES, contact_sheet, write_contact_sheets
from filmstudio.engine.picture.contact import OVERVIEWS, SHEETS
from filmstudio.engine.plan import PLACES, TIMES_OF_DAY, WEATHERS


def test_styles_sheet_is_a_grid_of_every_style(tmp_path: Path) -> None:
    out = contact_sheet(None, tmp_path / "sheets" / "styles.png", "styles", 64, 36)
    img = cv2.imread(str(out))
    assert img is not None
    assert img.shape[1] == len(STYLES) * (64 + 2)
    assert img.shape[0] % (36 + 2) == 0
    assert list(out.parent.iterdir()) == [out], "no temporary files left behind"


def test_every_place_has_a_time_by_weather_sheet() -> None:
    assert set(SHEETS) == set(OVERVIEWS) | set(PLACES)


def test_write_contact_sheets_writes_each_asked_sheet(tmp_path: Path) -> None:
    done: list[float] = []
    paths = write_contact_sheets(
        tmp_path / "out",
        cell_width=48,
        cell_height=27,
        sheets=["cafe", "characters"],
        progress=done.append,
    )
    assert paths == [tmp_path / "out" / "cafe.png", tmp_path / "out" / "characters.png"]
    cafe = cv2.imread(str(paths[0]))
    assert cafe is not None
    assert cafe.shape[:2] == (len(WEATHERS) * (27 + 2), len(TIMES_OF_DAY) * (48 + 2))
    assert cafe.std() > 10, "painted cells, not an empty grid"
    assert done == [0.5, 1.0]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["cafe.png", "characters.png"]


def test_unknown_sheet_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ChoiceError):
        contact_sheet(None, tmp_path / "x.png", "everything")
    with pytest.raises(ChoiceError, match="Unknown contact sheet 'moon'"):
        write_contact_sheets(tmp_path, sheets=["beach", "moon"])
    assert not list(tmp_path.iterdir()), "nothing written when a name is wrong"
