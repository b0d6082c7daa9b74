"""Contact sheet of the cast: every action as a strip of key poses, every expression, per style.

For each picture style it writes one PNG: the plan's verbs (plan.ACTION_VERBS) in three
columns, each a strip of five phases of the motion, each verb acted by a different member of a
cast of typical roles (fisherwoman, priest, child, elder, soldier, merchant); then every
expression (plan.EXPRESSIONS) as a close-up head and as a small whole figure (wide-shot size),
so one can see whether a feeling reads at both sizes; a prop passing from hand to hand as
the plan's holders say; and the whole cast in every attire (Scene.attire). Open the sheets
and look.

With --shots it also writes, per style, the cast in every attire as a 720p film frames them:
`shots_<style>_close-up.png` (the talking close-up's portrait, `paint_portrait`) and
`shots_<style>_medium.png` (a medium two-shot's figure, `draw_actor`), rows the attires,
columns the cast, each cell cut from the 720p frame at its own pixels (nothing scaled), so
what a viewer sees on a 720p screen is what the sheet shows.

    python bench/cast_sheet.py [--out cast_sheets] [--styles cinematic,anime] [--height 1600]
                               [--shots] [--time]
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import numpy as np
import skia
from PIL import Image

from filmstudio.engine.animate.portrait import paint_portrait
from filmstudio.engine.picture.acting import Acting, draw_actor, hands_in_line
from filmstudio.engine.picture.canvas import Ctx, new_surface
from filmstudio.engine.picture.grade import finish
from filmstudio.engine.picture.light import compute_light
from filmstudio.engine.picture.looks import cast_looks, dressed_for
from filmstudio.engine.picture.staging import Actor
from filmstudio.engine.picture.styles import STYLES, style_params
from filmstudio.engine.plan import (
    ACTION_VERBS,
    ATTIRES,
    EXPRESSIONS,
    Action,
    Character,
    FilmPlan,
    Prop,
    Scene,
    Setting,
)

CAST = [
    Character(name="Lucia", gender="female", role="fisherwoman"),
    Character(name="Father Tomas", gender="male", age="elder", role="priest"),
    Character(name="Pip", gender="male", age="child", role="child"),
    Character(name="Dadi", gender="female", age="elder", role="grandmother"),
    Character(name="Ravi", gender="male", role="soldier"),
    Character(name="Amina", gender="female", role="merchant"),
]
PHASES = (0.0, 0.25, 0.5, 0.75, 1.0)
HELD = {"give": "bread", "take": "bread", "hold": "lantern", "walk": "basket"}
COLUMNS = 3


def _cell_actor(name: str, cast: dict[str, Actor], x: float, base: float, h: float) -> Actor:
    template = cast[name]
    return Actor(name, template.look, "stand", x, base, h, 38.0)


LABELS: list[tuple[str, float, float]] = []


def _label(canvas: skia.Canvas, text: str, x: float, y: float, size: float) -> None:
    """Remember a caption; captions are written after the style's grade (legible in all)."""
    del canvas, size
    LABELS.append((text, x, y))


def _write_labels(rgb: np.ndarray) -> np.ndarray:
    rgba = np.dstack([rgb, np.full(rgb.shape[:2], 255, np.uint8)])
    canvas = skia.Surface(rgba).getCanvas()
    font = skia.Font(skia.Typeface("DejaVu Sans"), 13)
    for text, x, y in LABELS:
        canvas.drawString(text, x, y, font, skia.Paint(AntiAlias=True, Color=skia.ColorBLACK))
    LABELS.clear()
    return np.ascontiguousarray(rgba[..., :3])


def _verbs(ctx: Ctx, cast: dict[str, Actor], cell_w: float, cell_h: float) -> float:
    names = list(cast)
    rows = -(-len(ACTION_VERBS) // COLUMNS)
    for i, verb in enumerate(ACTION_VERBS):
        col, row = divmod(i, rows)
        x0, y0 = col * cell_w * (len(PHASES) + 0.4), row * cell_h
        _label(ctx.canvas, verb, x0 + 4, y0 + 14, 13)
        name = names[i % len(names)]
        for j, phase in enumerate(PHASES):
            actor = _cell_actor(
                name, cast, x0 + (j + 0.5) * cell_w, y0 + cell_h * 0.93, cell_h * 0.7
            )
            actor.held = HELD.get(verb)
            actor.yaw = 60.0 if verb not in ("dance", "wave", "pray", "cry") else 25.0
            draw_actor(ctx, actor, Acting(pose=verb, phase=phase))
    return rows * cell_h


def _expressions(ctx: Ctx, cast: dict[str, Actor], top: float, cell_w: float) -> None:
    names = list(cast)
    for i, expression in enumerate(EXPRESSIONS):
        x = (i + 0.5) * cell_w * 1.6
        _label(ctx.canvas, expression, x - cell_w * 0.5, top + 14, 13)
        big = _cell_actor(names[i % len(names)], cast, x, top + cell_w * 4.3, cell_w * 4.2)
        big.yaw = 15.0
        ctx.canvas.save()
        ctx.canvas.clipRect(
            skia.Rect(x - cell_w * 0.75, top + 18, x + cell_w * 0.75, top + cell_w * 1.3)
        )
        draw_actor(ctx, big, Acting(expression=expression))
        ctx.canvas.restore()
        small = _cell_actor(names[i % len(names)], cast, x, top + cell_w * 2.2, cell_w * 0.75)
        small.yaw = 25.0
        draw_actor(ctx, small, Acting(expression=expression))


#: A give as the plan writes it: Lucia hands Ravi the bread during line 0.
HANDOFF = Scene(
    scene_number=1,
    characters=["Lucia", "Ravi"],
    actions=[Action(who="Lucia", action="give", target="Ravi", line=0, prop="bread")],
    props=[Prop(name="bread", holder="Lucia")],
)
HANDOFF_MOMENTS = (0.0, 0.4, 0.75, 0.95, 1.6)  # seconds into the line


def _handoff(ctx: Ctx, cast: dict[str, Actor], top: float, cell_w: float, cell_h: float) -> None:
    """The bread passing from Lucia's hand to Ravi's, read from the plan at five moments."""
    _label(ctx.canvas, "give -> take (the prop changes hands)", 4, top + 14, 13)
    height = cell_h * 0.8
    for j, into in enumerate(HANDOFF_MOMENTS):
        x0 = j * cell_w * 3.2 + cell_w * 1.2
        for name, dx, yaw in (("Lucia", 0.0, 70.0), ("Ravi", height * 0.56, -70.0)):
            hands = hands_in_line(HANDOFF, name, 0, into)
            actor = _cell_actor(name, cast, x0 + dx, top + cell_h * 0.93, height)
            actor.yaw = yaw
            draw_actor(ctx, actor, Acting(hands.verb or "stand", hands.phase, held=hands.held))
        _label(ctx.canvas, f"{into:.2f} s", x0 - cell_w * 0.2, top + cell_h * 0.99, 11)


def _attires(ctx: Ctx, cast: dict[str, Actor], top: float, cell_w: float, cell_h: float) -> None:
    """Everyone in each attire (Scene.attire): two rows of three per attire."""
    names = list(cast)
    for i, attire in enumerate(ATTIRES):
        x0 = i * cell_w * 3.25
        _label(ctx.canvas, f"attire: {attire}", x0 + 4, top + 14, 13)
        for j, name in enumerate(names):
            row, col = divmod(j, 3)
            actor = _cell_actor(
                name,
                cast,
                x0 + (col + 0.55) * cell_w,
                top + (row + 0.93) * cell_h,
                cell_h * 0.7,
            )
            actor.look = dressed_for(actor.look, attire)
            actor.yaw = 25.0
            draw_actor(ctx, actor, Acting(pose="walk" if j % 2 else "stand", phase=0.2))


def sheet(style: str, height_px: int) -> np.ndarray:
    """One style's contact sheet as an RGB array."""
    looks = cast_looks([(c.name, c) for c in CAST])
    cast = {c.name: Actor(c.name, looks[c.name], "stand", 0, 0, 1, 0) for c in CAST}
    rows = -(-len(ACTION_VERBS) // COLUMNS)
    cell_h = height_px / (rows + 5.3)
    cell_w = cell_h * 0.62
    width_px = int(cell_w * (len(PHASES) + 0.4) * COLUMNS)
    surface, pixels = new_surface(width_px, height_px)
    pixels[..., :3] = 222
    ctx = Ctx(surface, pixels, compute_light("day", "clear", "calm"), style_params(style), 7)
    k = ctx.k
    ctx.canvas.save()
    ctx.canvas.scale(1 / k, 1 / k)  # lay the sheet out in pixels
    ctx.k = 1.0
    top = _verbs(ctx, cast, cell_w, cell_h)
    _expressions(ctx, cast, top, cell_w)
    top += cell_w * 2.6
    _handoff(ctx, cast, top, cell_w, cell_h)
    _attires(ctx, cast, top + cell_h, cell_w, cell_h)
    ctx.canvas.restore()
    return _write_labels(finish(pixels, style_params(style), "calm", 7))


def time_draw_actor(calls: int = 200) -> dict[str, float]:
    """CPU ms per draw_actor call at 720p, per shot size (every verb, phases spread)."""
    looks = cast_looks([(c.name, c) for c in CAST])
    result: dict[str, float] = {}
    for shot, height in (("wide", 380.0), ("medium", 1250.0)):
        surface, pixels = new_surface(1280, 720)
        ctx = Ctx(surface, pixels, compute_light("day", "clear", "calm"), style_params("anime"), 7)
        start = time.process_time()
        for i in range(calls):
            verb = ACTION_VERBS[i % len(ACTION_VERBS)]
            name = CAST[i % len(CAST)].name
            actor = Actor(
                name,
                looks[name],
                verb,
                640.0,
                900.0 if shot == "wide" else 1700.0,
                height,
                38.0,
                held=HELD.get(verb),
            )
            draw_actor(ctx, actor, Acting(pose=verb, phase=(i * 0.137) % 1.0, mouth=0.3))
        result[shot] = (time.process_time() - start) / calls * 1000.0
    return result


def talking_actings(seconds: float, speaking: bool, index: int) -> list[Acting]:
    """The drawings a medium two-shot asks of one actor, as the stage makes them: on twos,
    a speaker's mouth in three openings and hands on beats, a listener glancing and nodding,
    both blinking; only distinct drawings count (the stage caches the rest)."""
    seen: dict[Acting, None] = {}
    for n in range(int(seconds * 12)):
        t = n / 12
        blink = 1.0 if (t + index * 1.1) % 3.3 < 1 / 6 else 0.0
        if speaking:
            mouth = round(max(0.0, math.sin(2 * math.pi * 4.5 * t + index)) * 0.8 * 2) / 2
            pose = "talk" if math.floor(t / 0.55) % 2 == 0 else "stand"
            acting = Acting(pose, 0.0, "happy", mouth, blink)
        else:
            since = (t + index * 1.3) % 3.7
            pose, phase = ("nod", round(since / 0.8 * 4) / 4) if since < 0.8 else ("stand", 0.0)
            acting = Acting(pose, phase, "neutral", 0.0, blink, 0.0, 0.6)
        seen.setdefault(acting)
    return list(seen)


def time_talking(seconds: float = 20.0) -> float:
    """CPU ms per drawing of a 720p medium two-shot's actors over `seconds` of talk."""
    looks = cast_looks([(c.name, c) for c in CAST])
    surface, pixels = new_surface(1280, 720)
    ctx = Ctx(surface, pixels, compute_light("day", "clear", "calm"), style_params("anime"), 7)
    actors = [
        Actor(c.name, looks[c.name], "stand", x, 130 + 1350.0, 1350.0, yaw)
        for c, x, yaw in ((CAST[0], 660.0, 38.0), (CAST[4], 1260.0, -38.0))
    ]
    work = [
        (actor, acting)
        for index, actor in enumerate(actors)
        for acting in talking_actings(seconds, index == 0, index)
    ]
    start = time.process_time()
    for actor, acting in work:
        draw_actor(ctx, actor, acting)
    return (time.process_time() - start) / len(work) * 1000.0


#: 720p frame, and the cell cut around each head (head radii: left, right, up, down).
FRAME = (1280, 720)
CELL = (2.4, 2.4, 1.9, 2.6)
#: The backdrop behind the cells: a quiet mid-tone, so the figure's own edges show.
BACKDROP = (176, 182, 186)


def _attire_scene(attire: str) -> Scene:
    """A scene outdoors in the weather its attire is for."""
    weather = {"rain": "rain", "warm": "snow"}.get(attire, "clear")
    return Scene(
        scene_number=1,
        characters=[c.name for c in CAST],
        setting=Setting(place="village", time_of_day="day", weather=weather),
        attire=attire,
        shot_type="close-up",
    )


def _cut(frame: np.ndarray, head: tuple[float, float], r: float) -> np.ndarray:
    """The cell around a head, at the frame's own pixels, padded with the backdrop; `r` is
    an adult's head radius in the shot (a child's head is bigger, the cell the same)."""
    left, right, up, down = CELL
    w, h = round(r * (left + right)), round(r * (up + down))
    x0, y0 = round(head[0] - r * left), round(head[1] - r * up)
    cell = np.empty((h, w, 3), np.uint8)
    cell[:] = BACKDROP
    fy0, fx0 = max(0, y0), max(0, x0)
    fy1, fx1 = min(frame.shape[0], y0 + h), min(frame.shape[1], x0 + w)
    cell[fy0 - y0 : fy1 - y0, fx0 - x0 : fx1 - x0] = frame[fy0:fy1, fx0:fx1, :3]
    return cell


def _close_up(style: str, attire: str, name: str) -> np.ndarray:
    plan = FilmPlan(scenes=[_attire_scene(attire)], characters=CAST, style=style, seed=7)
    width, height = FRAME
    backdrop = np.empty((height, width, 3), np.uint8)
    backdrop[:] = BACKDROP
    portrait = paint_portrait(plan, plan.scenes[0], name, FRAME, backdrop=backdrop)
    rig = portrait.rig
    assert rig is not None
    return _cut(np.asarray(portrait), rig.head, rig.head_r)  # a close-up scales everyone alike


def _medium(style: str, attire: str, name: str) -> np.ndarray:
    """The figure as a medium two-shot draws it (time_talking's size and turn), graded."""
    looks = cast_looks([(c.name, c) for c in CAST])
    surface, pixels = new_surface(*FRAME)
    pixels[..., :3] = BACKDROP
    light = compute_light("day", {"rain": "rain", "warm": "snow"}.get(attire, "clear"), "calm")
    ctx = Ctx(surface, pixels, light, style_params(style), 7)
    look = dressed_for(looks[name], attire)
    height = 1350.0 * {"child": 0.62, "elder": 0.96}.get(look.age, 1.0)  # as staging sizes them
    actor = Actor(name, look, "stand", 760.0, 1480.0, height, 38.0)
    placed = draw_actor(ctx, actor, Acting("talk", 0.0, "neutral", 0.3))
    surface.flushAndSubmit()
    frame = finish(pixels, style_params(style), "calm", 7)
    k = ctx.k
    return _cut(frame, (placed.head[0] * k, placed.head[1] * k), 0.064 * 1350.0 * k)


def shot_sheet(style: str, shot: str) -> np.ndarray:
    """The cast (columns) in every attire (rows) as a 720p `shot` frames them."""
    draw = _close_up if shot == "close-up" else _medium
    rows = [np.hstack([draw(style, attire, c.name) for c in CAST]) for attire in ATTIRES]
    width = max(row.shape[1] for row in rows)
    padded = [np.pad(row, ((0, 0), (0, width - row.shape[1]), (0, 0))) for row in rows]
    sheet = np.ascontiguousarray(np.vstack(padded))
    for i, attire in enumerate(ATTIRES):
        LABELS.append((f"{shot}, {attire}", 4.0, sum(r.shape[0] for r in rows[:i]) + 14.0))
    return _write_labels(sheet)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("cast_sheets"))
    parser.add_argument("--styles", default=",".join(STYLES))
    parser.add_argument("--height", type=int, default=1600)
    parser.add_argument("--time", action="store_true", help="also time draw_actor at 720p")
    parser.add_argument(
        "--shots", action="store_true", help="also the cast in every attire, 720p close/medium"
    )
    parser.add_argument("--only-shots", action="store_true", help="only the --shots sheets")
    args = parser.parse_args()
    if args.time:
        for shot, ms in time_draw_actor().items():
            print(f"draw_actor at 720p, {shot} figure, every call a new pose: {ms:.2f} ms CPU")
        print(f"draw_actor at 720p, medium two-shot talking: {time_talking():.2f} ms CPU/drawing")
    args.out.mkdir(parents=True, exist_ok=True)
    kinds = ([] if args.only_shots else ["cast"]) + (
        ["close-up", "medium"] if args.shots or args.only_shots else []
    )
    for style in args.styles.split(","):
        for kind in kinds:
            start = time.process_time()
            if kind == "cast":
                rgb, path = sheet(style, args.height), args.out / f"cast_{style}.png"
            else:
                rgb, path = shot_sheet(style, kind), args.out / f"shots_{style}_{kind}.png"
            Image.fromarray(rgb).save(path)
            print(f"{path}  {rgb.shape[1]}x{rgb.shape[0]}  {time.process_time() - start:.1f} s CPU")


if __name__ == "__main__":
    main()
