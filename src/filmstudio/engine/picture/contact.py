"""Contact sheets: grids of small renders so the team (and a customer) can review the painter.

One sheet per question a reviewer asks: does every place read at every time of day
("places"), does every weather read ("weathers"), do the styles differ ("styles"), do the
shots frame people well ("shots"), and for each place, does it hold up under every time of
day x weather (a sheet named after the place). Cells are labelled; files are written
atomically.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.files import write_atomic
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
from filmstudio.engine.render.fonts import font_path

#: Overview sheets; every place name is also a sheet (its time of day x weather grid).
OVERVIEWS = ("places", "weathers", "styles", "shots", "characters")
SHEETS: tuple[str, ...] = OVERVIEWS + PLACES
_WEATHER_PLACES = ("beach", "cliffs", "mountains", "forest", "village", "street", "city", "cafe")
_STYLE_PLACES = ("beach", "street", "forest", "living_room", "temple", "mountains", "cafe")
#: What the people in each place are doing on its own sheet (so seats and poses are seen too).
_PLACE_ACTION = {
    "cafe": "Maya and Arun sit at a table and talk.",
    "living_room": "Maya and Arun sit on the sofa.",
    "kitchen": "Maya waves at Arun.",
    "office": "Maya and Arun sit at their desks.",
    "classroom": "Tara sits at her desk and Maya waves.",
    "river": "Maya and Arun walk along the river.",
    "forest": "Maya and Arun walk along the path.",
    "harbour": "Maya waves from the pier.",
    "street": "Maya and Arun walk down the street.",
    "market": "Maya and Arun walk through the market.",
    "temple": "Maya prays at the temple.",
    "beach": "Maya and Arun embrace on the beach.",
}


def _demo_plan() -> FilmPlan:
    return FilmPlan(
        characters=[
            Character(name="Maya", gender="female", age="adult"),
            Character(name="Arun", gender="male", age="adult"),
            Character(name="Tara", gender="female", age="child"),
            Character(name="Ravi", gender="male", age="elder", description="grey beard"),
        ],
        scenes=[
            Scene(scene_number=1, description="Maya and Arun talk.", characters=["Maya", "Arun"])
        ],
    )


@cache
def _label_font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold=True)), size)


def _label(img: U8, text: str) -> U8:
    """Write a cell's name in its top-left corner, white on a dark shadow (legible anywhere)."""
    image = Image.fromarray(np.ascontiguousarray(img))
    draw = ImageDraw.Draw(image)
    size = max(9, round(img.shape[0] * 0.075))
    font = _label_font(size)
    draw.text(
        (size * 0.5, size * 0.35),
        text.replace("_", " "),
        font=font,
        fill=(255, 255, 255),
        stroke_width=max(1, size // 7),
        stroke_fill=(0, 0, 0),
    )
    return np.asarray(image)


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

    if sheet in PLACES:
        cast = {"classroom": ["Tara", "Maya"]}.get(sheet)
        desc = _PLACE_ACTION.get(sheet, base.description)
        for weather in WEATHERS:
            for time in TIMES_OF_DAY:
                cell = scene(sheet, time, weather, desc=desc)
                if cast and all(plan.character(n) for n in cast):
                    cell = cell.model_copy(update={"characters": cast})
                cells.append((f"{sheet} {time} {weather}", cell, plan.style))
        return cells, len(TIMES_OF_DAY)
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
                time = {"street": "night", "beach": "golden_hour", "cafe": "dusk"}.get(place, "day")
                desc = _PLACE_ACTION.get(place, base.description)
                cells.append((f"{place} {style}", scene(place, time, desc=desc), style))
        return cells, len(STYLES)
    if sheet == "characters":
        # poses x (shot, style): do people read as people, and look the same everywhere?
        everyone = [c.name for c in plan.characters][:4] or names
        pair = everyone[:2]
        rows = (
            ("stand", everyone, "{a} and {b} stand together.", "fields"),
            ("walk", pair, "{a} and {b} walk along the path.", "forest"),
            ("sit", pair, "{a} and {b} sit on the bench.", "harbour"),
            ("wave", pair, "{a} waves at {b}.", "village"),
            ("embrace", pair, "{a} and {b} embrace.", "beach"),
        )
        columns = (
            ("wide", "cinematic", "golden_hour"),
            ("medium", "cinematic", "golden_hour"),
            ("wide", "anime", "day"),
            ("medium", "storybook", "day"),
            ("wide", "noir", "dusk"),
        )
        for pose, cast, text, place in rows:
            a, b = (cast + cast)[:2]
            desc = text.format(a=a, b=b)
            for shot, style, time in columns:
                cell = scene(place, time, "clear", shot, desc).model_copy(
                    update={"characters": cast}
                )
                cells.append((f"{pose} {shot} {style}", cell, style))
        return cells, len(columns)
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


def render_sheet(
    plan: FilmPlan | None,
    sheet: str = "places",
    cell_width: int = 320,
    cell_height: int = 180,
) -> U8:
    """The labelled grid for `sheet` as an RGB array (see SHEETS for the names)."""
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
    return np.vstack(rows)


def _write_png(grid: U8, path: Path) -> Path:
    ok, data = cv2.imencode(".png", np.ascontiguousarray(grid[..., ::-1]))
    if not ok:
        raise OSError(f"could not encode the contact sheet {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data.tobytes())
    return path


def contact_sheet(
    plan: FilmPlan | None,
    path: Path,
    sheet: str = "places",
    cell_width: int = 320,
    cell_height: int = 180,
) -> Path:
    """Render a labelled grid for `sheet` to a PNG file.

    With a plan, its characters and style are used; without one, a small demo cast.
    """
    return _write_png(render_sheet(plan, sheet, cell_width, cell_height), Path(path))


def write_contact_sheets(
    out_dir: Path,
    plan: FilmPlan | None = None,
    *,
    cell_width: int = 320,
    cell_height: int = 180,
    sheets: Sequence[str] | None = None,
    progress: Callable[[float], None] | None = None,
) -> list[Path]:
    """Write every review sheet into `out_dir`: `<sheet>.png` for each name in `sheets`.

    By default that is the overviews (places, weathers, styles, shots) and one sheet per
    place of its time of day x weather grid, so every setting x time x weather is seen once.
    `progress` gets the fraction done after each sheet. Returns the paths, in order.
    """
    chosen = tuple(sheets) if sheets is not None else SHEETS
    unknown = [s for s in chosen if s not in SHEETS]
    if unknown:
        raise ChoiceError(
            f"Unknown contact sheet '{unknown[0]}'. Choose from: {', '.join(SHEETS)}."
        )
    out = Path(out_dir)
    paths: list[Path] = []
    for index, sheet in enumerate(chosen):
        grid = render_sheet(plan, sheet, cell_width, cell_height)
        paths.append(_write_png(grid, out / f"{sheet}.png"))
        if progress is not None:
            progress((index + 1) / len(chosen))
    return paths
