"""Contact sheets: grids of small renders so the team can review the painter at a glance.

One sheet per question a reviewer asks: does every place read at every time of day
("places"), does every weather read ("weathers"), do the styles differ ("styles"), do the
shots frame people well ("shots"). Cells are labelled; the file is written atomically.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import cv2
import numpy as np

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.picture.canvas import U8
from filmstudio.engine.picture.scene import paint_scene
from filmstudio.engine.picture.styles import STYLES
from filmstudio.engine.plan import (
    PLACES,
    SHOT_TYPES,
    TIMES_OF_DAY,
    WEATHERS,
    Character,
    FilmPlan,
    Scene,
    Setting,
)

SHEETS = ("places", "weathers", "styles", "shots")
_WEATHER_PLACES = ("beach", "cliffs", "mountains", "forest", "village", "street", "city", "cafe")
_STYLE_PLACES = ("beach", "street", "forest", "living_room", "temple", "mountains")


def _demo_plan() -> FilmPlan:
    return FilmPlan(
        characters=[
            Character(name="Maya", gender="female", age="adult"),
            Character(name="Arun", gender="male", age="adult"),
            Character(name="Tara", gender="female", age="child"),
        ],
        scenes=[
            Scene(scene_number=1, description="Maya and Arun talk.", characters=["Maya", "Arun"])
        ],
    )


def _label(img: U8, text: str) -> U8:
    out = np.ascontiguousarray(img)
    scale = max(0.35, img.shape[0] / 420)
    cv2.putText(
        out,
        text,
        (6, int(18 * scale / 0.45)),
        cv2.FONT_HERSHEY_SIMPLEX,
        scale,
        (0, 0, 0),
        3,
        cv2.LINE_AA,
    )
    cv2.putText(
        out,
        text,
        (6, int(18 * scale / 0.45)),
        cv2.FONT_HERSHEY_SIMPLEX,
        scale,
        (255, 255, 255),
        1,
        cv2.LINE_AA,
    )
    return out


def _cells(plan: FilmPlan, sheet: str) -> tuple[list[tuple[str, Scene, str]], int]:
    """(label, scene, style) per cell, and the number of columns."""
    base = plan.scenes[0]
    names = base.characters or [c.name for c in plan.characters][:2]
    cells: list[tuple[str, Scene, str]] = []

    def scene(
        place: str,
        time: str = "day",
        weather: str = "clear",
        shot: str = "wide",
        desc: str | None = None,
    ) -> Scene:
        return base.model_copy(
            update={
                "setting": Setting(
                    place=place,
                    time_of_day=time,
                    weather=weather,
                    interior=False,
                ),
                "shot_type": shot,
                "characters": names,
                "description": desc if desc is not None else base.description,
            }
        )

    if sheet == "places":
        for place in PLACES:
            for time in TIMES_OF_DAY:
                cells.append((f"{place} {time}", scene(place, time), plan.style))
        return cells, len(TIMES_OF_DAY)
    if sheet == "weathers":
        for place in _WEATHER_PLACES:
            for weather in WEATHERS:
                time = "night" if place == "street" and weather == "rain" else "day"
                cells.append((f"{place} {weather}", scene(place, time, weather), plan.style))
        return cells, len(WEATHERS)
    if sheet == "styles":
        for place in _STYLE_PLACES:
            for style in STYLES:
                time = {"street": "night", "beach": "golden_hour"}.get(place, "day")
                cells.append((f"{place} {style}", scene(place, time), style))
        return cells, len(STYLES)
    for shot in SHOT_TYPES:
        for place, desc in (
            ("beach", base.description),
            ("cafe", "They sit and talk."),
            ("forest", "They walk along the path."),
        ):
            cells.append(
                (f"{shot} {place}", scene(place, "golden_hour", "clear", shot, desc), plan.style)
            )
    return cells, 3


def contact_sheet(
    plan: FilmPlan | None,
    path: Path,
    sheet: str = "places",
    cell_width: int = 320,
    cell_height: int = 180,
) -> Path:
    """Render a labelled grid for `sheet` (places, weathers, styles or shots) to a PNG file.

    With a plan, its characters and style are used; without one, a small demo cast.
    """
    if sheet not in SHEETS:
        raise ChoiceError(f"Unknown contact sheet '{sheet}'. Choose one of: {', '.join(SHEETS)}.")
    plan = plan or _demo_plan()
    cells, cols = _cells(plan, sheet)
    images: list[U8] = []
    for label, scene, style in cells:
        cell_plan = plan.model_copy(update={"style": style, "scenes": [scene]})
        images.append(_label(paint_scene(scene, cell_plan, cell_width, cell_height), label))
    while len(images) % cols:
        images.append(np.zeros((cell_height, cell_width, 3), np.uint8))
    gap = 2
    rows = []
    for r in range(0, len(images), cols):
        row = images[r : r + cols]
        padded = [np.pad(img, ((0, gap), (0, gap), (0, 0))) for img in row]
        rows.append(np.hstack(padded))
    grid = np.vstack(rows)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".png", dir=path.parent)
    os.close(fd)
    try:
        if not cv2.imwrite(tmp, np.ascontiguousarray(grid[..., ::-1])):
            raise OSError(f"could not write {path}")
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a review sheet is for the team
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
