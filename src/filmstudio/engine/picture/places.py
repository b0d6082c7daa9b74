"""The settings library: for each entry of plan.PLACES, how to paint it and where people stand.

Keeping the registry in one table makes the contract checkable: a test can assert that every
place the planner may emit has a painter, and the staging numbers live next to the painter
they must agree with (a floor line that is actually ground, a seat that suits the place).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from filmstudio.engine.picture import places_indoor, places_nature, places_town
from filmstudio.engine.picture.canvas import Ctx
from filmstudio.engine.picture.staging import Layout, StageSpec
from filmstudio.engine.plan import known_place

Painter = Callable[[Ctx, Layout], Callable[[], None] | None]


@dataclass(frozen=True)
class PlaceSpec:
    name: str
    paint: Painter
    horizon: float
    stage: StageSpec
    outdoors: bool = True


def _out(
    name: str,
    paint: Painter,
    horizon: float,
    floor: float,
    seat: str,
    centre: float = 0.5,
    scale: float = 1.0,
) -> PlaceSpec:
    return PlaceSpec(name, paint, horizon, StageSpec(floor, seat, centre, scale, False))


def _in(name: str, paint: Painter, floor: float, seat: str, centre: float = 0.5) -> PlaceSpec:
    return PlaceSpec(
        name, paint, 430.0, StageSpec(floor + 40, seat, centre, 1.3, True), outdoors=False
    )


PLACE_SPECS: dict[str, PlaceSpec] = {
    spec.name: spec
    for spec in (
        _out("beach", places_nature.beach, 560, 905, "ground"),
        _out("sea", places_nature.sea, 560, 905, "ground"),
        _out("harbour", places_nature.harbour, 540, 915, "bench"),
        _out("cliffs", places_nature.cliffs, 560, 905, "rock", centre=0.68),
        _out("mountains", places_nature.mountains, 600, 915, "rock"),
        _out("forest", places_nature.forest, 620, 915, "rock"),
        _out("fields", places_nature.fields, 600, 915, "ground"),
        _out("river", places_nature.river, 590, 920, "ground", centre=0.7),
        _out("desert", places_nature.desert, 620, 915, "ground"),
        _out("village", places_town.village, 560, 915, "bench"),
        _out("city", places_town.city, 620, 935, "bench"),
        _out("street", places_town.street, 500, 900, "bench"),
        _in("cafe", places_indoor.cafe, 880, "chair"),
        _in("living_room", places_indoor.living_room, 890, "sofa"),
        _in("kitchen", places_indoor.kitchen, 890, "chair"),
        _in("bedroom", places_indoor.bedroom, 890, "bed", centre=0.42),
        _in("office", places_indoor.office, 890, "chair"),
        _in("classroom", places_indoor.classroom, 880, "chair"),
        _out("temple", places_town.temple, 620, 935, "steps", centre=0.53),
        _out("palace", places_town.palace, 560, 925, "bench", centre=0.2),
        _out("market", places_town.market, 560, 915, "chair"),
        _out("space", places_nature.space, 620, 915, "rock"),
        _out("night_sky", places_nature.night_sky, 640, 925, "ground"),
    )
}


def place_spec(name: str) -> PlaceSpec:
    """The spec for a place name; unknown names fall back to fields, as plan.Setting does."""
    return PLACE_SPECS.get(known_place(name), PLACE_SPECS["fields"])
