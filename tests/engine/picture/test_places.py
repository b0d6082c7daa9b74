"""The settings library: fallbacks, and the cues that make particular places recognisable."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from filmstudio.engine.picture import paint_scene
from filmstudio.engine.picture.layers import flatten, paint_set
from filmstudio.engine.picture.places import place_spec
from filmstudio.engine.plan import PLACE_ALIASES, PLACES, Setting, known_place

from .conftest import MakePlan, luma

W, H = 320, 180


def _paint(plan_for: MakePlan, **kw: object) -> np.ndarray:
    plan = plan_for(**kw)
    return paint_scene(plan.scenes[0], plan, W, H).astype(np.float32)


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("park", "fields"),
        ("Old Lighthouse", "cliffs"),
        ("corner cafe", "cafe"),
        ("Village Square", "village"),
        ("library", "classroom"),
        ("spaceship", "space"),
        ("restaurant", "cafe"),
        ("moonbase-9000", "fields"),
    ],
)
def test_unknown_places_fall_back_to_the_nearest_fitting_setting(name: str, place: str) -> None:
    assert known_place(name) == place
    assert Setting(place=name).place == place


def test_every_alias_points_into_the_library() -> None:
    assert set(PLACE_ALIASES.values()) <= set(PLACES)
    assert not set(PLACE_ALIASES) & set(PLACES)


def test_cliffs_rise_above_the_horizon(plan_for: MakePlan) -> None:
    """The headland is a tall rock face against the sky, not a slab at the waterline."""
    img = _paint(plan_for, place="cliffs", description="They look at the lighthouse.")
    hz = place_spec("cliffs").horizon / 1000
    rock = img[int(H * (hz - 0.12)) : int(H * (hz - 0.02)), : int(W * 0.2)].reshape(-1, 3)
    sky = img[int(H * (hz - 0.12)) : int(H * (hz - 0.02)), int(W * 0.5) :].reshape(-1, 3)
    # sky is blue, the cliff face grey-brown: far less blue than red+green would predict
    blue_excess = lambda px: float((px[:, 2] - px[:, :2].mean(axis=1)).mean())  # noqa: E731
    assert blue_excess(sky) > 25
    assert blue_excess(rock) < blue_excess(sky) - 25


def test_a_pier_is_a_wooden_deck_over_the_water(plan_for: MakePlan) -> None:
    pier = _paint(plan_for, place="harbour", props=("pier",))
    quay = _paint(plan_for, place="harbour", props=("boat",))
    deck = pier[int(H * 0.92) :, int(W * 0.45) : int(W * 0.55)].reshape(-1, 3).mean(axis=0)
    sides = pier[int(H * 0.75) : int(H * 0.85), : int(W * 0.05)].reshape(-1, 3).mean(axis=0)
    stone = quay[int(H * 0.92) :, int(W * 0.45) : int(W * 0.55)].reshape(-1, 3).mean(axis=0)
    assert deck[0] - deck[2] > 20, f"warm wood planks, got {deck}"
    assert sides[2] > sides[0], f"water beside the pier, got {sides}"
    assert (deck[0] - deck[2]) > (stone[0] - stone[2]) + 10, "unlike the grey stone quay"


def test_night_sky_shows_stars_and_the_milky_way(plan_for: MakePlan) -> None:
    sky = _paint(plan_for, place="night_sky", time="night", description="They watch the stars.")
    fields = _paint(plan_for, place="fields", time="night", description="They watch the stars.")
    top = slice(0, int(H * 0.45))
    assert luma(sky[top]).mean() > luma(fields[top]).mean() + 3, "the Milky Way's glow"
    small = luma(sky[top]).astype(np.float32)
    points = small - cv2.GaussianBlur(small, (0, 0), 2.0)
    assert (points > 25).sum() >= 20, "stars: many small bright points"


def test_nothing_is_ever_blank(plan_for: MakePlan) -> None:
    for place in (*PLACES, "somewhere odd"):
        img = _paint(plan_for, place=place, time="night", weather="fog")
        assert img.std() > 6, f"{place} at night in fog is a flat wash"


def test_named_objects_come_from_clipart_in_the_scene_palette(plan_for: MakePlan) -> None:
    from filmstudio.engine.picture.props import OBJECTS, _colour_art

    plain = _paint(plan_for, place="street", time="day", description="Maya and Arun wait.")
    car = _paint(plan_for, place="street", time="day", props=("car",))
    night = _paint(plan_for, place="street", time="night", props=("car",))
    changed = np.abs(car - plain).max(axis=2) > 40
    assert changed.mean() > 0.01, "the car was drawn"
    art = _colour_art(OBJECTS["car"][0], 90)
    assert art is not None and art[0].shape[0] == 90, "the visible drawing has the asked height"
    # the car's own red is kept by day but lit by the scene: darker at night
    day_red = car[changed][:, 0].mean()
    night_changed = (
        np.abs(
            night - _paint(plan_for, place="street", time="night", description="They wait.")
        ).max(axis=2)
        > 20
    )
    assert night[night_changed][:, 0].mean() < day_red - 40


@pytest.mark.parametrize("place", ["beach", "river", "lake", "harbour", "sea", "cliffs"])
def test_a_boat_the_text_names_floats_on_the_water_of_any_waterside(
    plan_for: MakePlan, place: str
) -> None:
    """Issue 12: only the beach painted the plan's boat; a river, lake, harbour or the open sea
    drew none (or, in a harbour, none an insert or the stage could find)."""
    with_boat = plan_for(place=place, props=("boat",))
    without = plan_for(place=place)
    boat = paint_set(with_boat.scenes[0], with_boat, W, H)
    plain = flatten(paint_set(without.scenes[0], without, W, H)).astype(np.int16)
    assert "boat" in boat.anchors.props, "the boat's box is marked for inserts and the stage"
    x0, y0, x1, y1 = boat.anchors.props["boat"]
    (_, top, _, bottom) = boat.anchors.water[0]
    assert top - 2 <= y1 <= bottom + 2, "it floats on the water, not in the sky or on land"
    changed = np.abs(flatten(boat).astype(np.int16) - plain).max(axis=2) > 30
    inside = changed[y0:y1, x0:x1].mean()
    if place != "harbour":  # a harbour's moored boats are there either way
        assert inside > 0.15, f"a boat is painted in its box ({inside:.2f} changed)"
        assert changed.mean() < 0.05, "and nothing else of the place changes"


def test_a_closer_shot_of_an_empty_temple_shows_the_temple(plan_for: MakePlan) -> None:
    """Issue 12: a sloka film's medium shot (nobody in the set) framed the bare steps below a
    diya; the temple marks its hall and tower foot, the first spot such a shot frames, and
    the next one is a light (the lamp in its door or a diya)."""
    from filmstudio.engine.animate.camera import frame_shot
    from filmstudio.engine.plan import Shot

    plan = plan_for(place="temple", time="dawn", characters=(), mood="devotional")
    scene = plan.scenes[0]
    temple = paint_set(scene, plan, W, H)
    set_h = temple.size[1]
    horizon = temple.anchors.horizon
    first = frame_shot(temple, scene, Shot(kind="medium"), (W, H), variant=1)
    assert first.height < 0.5 * set_h, "a medium shot, closer than a wide"
    top, bottom = first.cy - first.height / 2, first.cy + first.height / 2
    assert top < horizon - 0.15 * set_h, "it sees the temple rising above the courtyard"
    _, y0, _, y1 = temple.anchors.props["temple"]
    assert top <= y0 and y1 <= bottom, "the hall and the foot of the tower are in it"
    second = frame_shot(temple, scene, Shot(kind="medium"), (W, H), variant=2)
    _, y, _ = temple.anchors.lights[0]
    assert abs(second.cy - y) < second.height / 2, "the next closer shot is a light"


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("characters", [("Maya",), ("Maya", "Arun")])
def test_a_medium_shot_at_the_temple_has_the_temple_behind_the_people(
    plan_for: MakePlan, seed: int, characters: tuple[str, ...]
) -> None:
    """Issue 12: people stood off to one side, far below the hall, so their medium shot
    showed steps and trees. They now stand before the temple, which stands nearer: its
    hall fills much of the medium shot behind them."""
    from filmstudio.engine.animate.camera import frame_shot
    from filmstudio.engine.plan import Shot

    plan = plan_for(place="temple", characters=characters, seed=seed, mood="devotional")
    scene = plan.scenes[0]
    temple = paint_set(scene, plan, W, H)
    view = frame_shot(temple, scene, Shot(kind="medium", subject="Maya"), (W, H))
    width = view.height * W / H
    x0, y0, x1, y1 = temple.anchors.props["temple"]
    across = min(view.cx + width / 2, x1) - max(view.cx - width / 2, x0)
    down = min(view.cy + view.height / 2, y1) - max(view.cy - view.height / 2, y0)
    share = max(0.0, across) * max(0.0, down) / (width * view.height)
    assert share > 0.3, f"the hall fills {share:.2f} of the medium shot"
