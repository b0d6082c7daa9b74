"""Screenshots the browser tests take of each state they pass through (looked at by a person:
the folder is out/screenshots, or $FILMSTUDIO_SCREENSHOTS)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.web.conftest import SCREENSHOTS


def shot(page: Any, name: str) -> Path:
    folder = Path(os.environ.get("FILMSTUDIO_SCREENSHOTS") or SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.evaluate("window.scrollTo(0, 0)")  # a sticky header would land mid-page otherwise
    page.screenshot(path=str(path), full_page=True)
    return path
