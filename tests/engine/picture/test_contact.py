"""Contact sheets: a labelled grid written atomically to a PNG file."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.picture import STYLES, contact_sheet


def test_styles_sheet_is_a_grid_of_every_style(tmp_path: Path) -> None:
    out = contact_sheet(None, tmp_path / "sheets" / "styles.png", "styles", 64, 36)
    img = cv2.imread(str(out))
    assert img is not None
    assert img.shape[1] == len(STYLES) * (64 + 2)
    assert img.shape[0] % (36 + 2) == 0
    assert list(out.parent.iterdir()) == [out], "no temporary files left behind"


def test_unknown_sheet_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ChoiceError):
        contact_sheet(None, tmp_path / "x.png", "everything")
