"""Blocking: poses, props and faces from the plan's fields, and each character's look."""

from __future__ import annotations

import numpy as np

from filmstudio.engine.picture import paint_scene
from filmstudio.engine.picture.canvas import Ctx, new_surface
from filmstudio.engine.picture.figures import cast_looks, look_for
from filmstudio.engine.picture.light import compute_light
from filmstudio.engine.picture.places import PLACE_SPECS
from filmstudio.engine.picture.staging import Layout, film_cast, plan_layout, scene_poses
from filmstudio.engine.picture.styles import style_params
from filmstudio.engine.plan import PLACES, Action, Character, FilmPlan

from .conftest import CAST, MakePlan


def test_every_place_has_a_painter() -> None:
    assert set(PLACE_SPECS) == set(PLACES)


def _poses(plan: FilmPlan) -> dict[str, str]:
    scene = plan.scenes[0]
    return scene_poses(scene, scene.characters)


def test_poses_come_from_the_plans_actions(plan_for: MakePlan) -> None:
    plan = plan_for(actions=(("Maya", "sit"), ("Arun", "wave")))
    assert _poses(plan) == {"Maya": "sit", "Arun": "wave"}


def test_no_actions_means_standing_whatever_the_words_say(plan_for: MakePlan) -> None:
    plan = plan_for(description="Maya sits and Arun runs.")
    assert _poses(plan) == {"Maya": "stand", "Arun": "stand"}


def test_a_lasting_posture_wins_over_a_gesture_in_a_still(plan_for: MakePlan) -> None:
    plan = plan_for(actions=(("Maya", "walk"), ("Maya", "wave"), ("Maya", "sit")))
    assert _poses(plan)["Maya"] == "sit"


def test_look_is_stable_and_described_colours_win() -> None:
    red = Character(name="Sofia", gender="female", description="a girl in a red dress")
    assert look_for("Sofia", red) == look_for("Sofia", red)
    assert look_for("Sofia", red).dress
    assert look_for("Sofia", red).top == (0xC0 / 255, 0x39 / 255, 0x2B / 255)


def test_cast_looks_are_distinct() -> None:
    names = [Character(name=n) for n in ("Ann", "Bob", "Cy", "Dee", "Eve", "Fay")]
    looks = cast_looks([(c.name, c) for c in names])
    tops = [looks[c.name].top for c in names]
    for i, a in enumerate(tops):
        for b in tops[i + 1 :]:
            assert sum(abs(x - y) for x, y in zip(a, b, strict=True)) >= 0.35


def _torso_colour(img: np.ndarray) -> np.ndarray:
    h, w = img.shape[:2]
    region = img[int(h * 0.86) : int(h * 0.98), int(w * 0.42) : int(w * 0.58)]
    return np.median(region.reshape(-1, 3), axis=0)


def test_same_character_wears_the_same_clothes_in_two_scenes(plan_for: MakePlan) -> None:
    looks = cast_looks(film_cast(plan_for()))
    assert looks["Maya"].top != looks["Arun"].top
    colours = {}
    for name in ("Maya", "Arun"):
        for place in ("beach", "fields"):
            plan = plan_for(
                place=place,
                shot="close-up",
                characters=(name,),
                style="documentary",
                description=f"{name} smiles.",
                number=3 if place == "beach" else 8,
            )
            colours[name, place] = _torso_colour(paint_scene(plan.scenes[0], plan, 320, 180))
    same = np.abs(colours["Maya", "beach"] - colours["Maya", "fields"]).sum()
    other = np.abs(colours["Maya", "beach"] - colours["Arun", "beach"]).sum()
    assert same < 45, f"Maya's top changed between scenes ({same})"
    assert other > same + 40, "two characters should not look alike"


def test_cast_comes_from_the_plan_only(plan_for: MakePlan) -> None:
    assert [name for name, _ in film_cast(plan_for())] == [c.name for c in CAST]


def _layout(plan: FilmPlan, place: str = "beach") -> Layout:
    surface, pixels = new_surface(320, 180)
    ctx = Ctx(surface, pixels, compute_light("day", "clear", "calm"), style_params("anime"), 1)
    return plan_layout(ctx, plan.scenes[0], plan, PLACE_SPECS[place].stage)


def test_embracing_pair_stands_close_and_face_each_other(plan_for: MakePlan) -> None:
    hug = _layout(plan_for(actions=(("Maya", "embrace"),)))
    apart = _layout(plan_for(actions=(("Maya", "look"), ("Arun", "look"))))
    assert [a.pose for a in hug.actors] == ["embrace", "embrace"]
    gap = abs(hug.actors[0].x - hug.actors[1].x)
    assert gap < 0.5 * abs(apart.actors[0].x - apart.actors[1].x)
    left, right = sorted(hug.actors, key=lambda a: a.x)
    assert left.yaw > 45 and right.yaw < -45, "they turn toward each other"
    alone = _layout(plan_for(actions=(("Maya", "embrace"),), characters=("Maya",)))
    assert alone.actors[0].pose == "stand", "an embrace needs a partner"
    three = _layout(
        plan_for(
            characters=("Maya", "Arun", "Tara"),
            actions=(Action(who="Maya", action="embrace", target="Tara"), ("Arun", "wave")),
        )
    )
    poses = {a.name: a.pose for a in three.actors}
    assert poses == {"Maya": "embrace", "Tara": "embrace", "Arun": "wave"}, "the target hugs"


def test_a_child_beside_adults_keeps_a_child_height_in_medium_shots(plan_for: MakePlan) -> None:
    plan = plan_for(shot="medium", characters=("Maya", "Tara"), speakers=("Maya", "Tara"))
    maya, tara = sorted(_layout(plan).actors, key=lambda a: a.name)
    assert tara.height < 0.7 * maya.height
    assert tara.base == maya.base, "standing on the same floor, not lifted to adult height"
    alone = _layout(plan_for(shot="medium", characters=("Tara",), speakers=("Tara",)))
    assert alone.actors[0].base < tara.base, "a child alone is framed at her eye level"


def test_character_look_is_the_look_the_scenes_use(plan_for: MakePlan) -> None:
    from filmstudio.engine.picture.figures import character_look

    plan = plan_for()
    looks = cast_looks(film_cast(plan))
    for name in ("Maya", "Arun", "Tara"):
        assert character_look(plan, name) == looks[name]
    assert character_look(plan, "Stranger") == look_for("Stranger", None)


def test_a_close_up_shows_who_speaks_then_who_acts(plan_for: MakePlan) -> None:
    plan = plan_for(shot="close-up", speakers=("Arun",))
    assert [a.name for a in _layout(plan).actors] == ["Arun"]
    assert _layout(plan).actors[0].pose == "talk", "the speaker gestures"
    plan = plan_for(shot="close-up", actions=(("Arun", "laugh"),))
    assert [a.name for a in _layout(plan).actors] == ["Arun"]


def test_a_role_dresses_the_character_and_the_description_colour_still_wins() -> None:
    soldier = look_for("Ravi", Character(name="Ravi", gender="male", role="soldier"))
    priest = look_for("Tomas", Character(name="Tomas", gender="male", role="village priest"))
    fisher = look_for("Lucia", Character(name="Lucia", gender="female", role="fisherwoman"))
    plain = look_for("Lucia", Character(name="Lucia", gender="female"))
    assert soldier.headwear == "helmet" and soldier.build > 1.05
    assert priest.dress and priest.long_skirt, "a robe to the feet"
    assert fisher.headwear == "headscarf" and fisher.apron is not None
    assert plain.headwear == "none" and plain.apron is None
    red = Character(name="Lucia", gender="female", role="fisherwoman", description="a red coat")
    assert look_for("Lucia", red).top == (0xC0 / 255, 0x39 / 255, 0x2B / 255)
