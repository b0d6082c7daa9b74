"""A camera on a layered set: where a shot looks (framing) and how it moves (with parallax).

Framing is decided on the set, in set pixels, for the frame's own shape: a 9:16 frame of a
medium shot is a tall window around the subject, not a centre crop of a 16:9 picture. A move
is stated for the figure plane; each layer moves by its parallax (far layers less, a truck
makes the foreground sweep past), and a pan turns the camera, so every depth moves alike.
The shot is framed exactly at its middle and the move runs symmetrically around it, which
keeps the parallax drift small and the subject where the framing put it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.picture.layers import FRONT_PARALLAX, GROUND_NEAR_PARALLAX, SceneSet
from filmstudio.engine.picture.staging import Actor
from filmstudio.engine.plan import Scene, Shot

Box = tuple[float, float, float, float]
#: How much of the frame a move may cross per second, and at most over a shot.
TRUCK_RATE, TRUCK_MAX = 0.025, 0.12
PAN_RATE, PAN_MAX = 0.03, 0.14
PEDESTAL_RATE, PEDESTAL_MAX = 0.015, 0.07
PUSH_RATE, PUSH_MAX = 0.025, 0.16
#: Shortest view (set rows) for each kind, as a share of the set's height.
MIN_VIEW = {"establishing": 0.88, "wide": 0.62, "medium": 0.2, "two-shot": 0.26, "insert": 0.2}
#: Where an actor is at scene-local seconds: how far from their mark (virtual units) and
#: whether they are walking (the stage's `Cast.travel`).
Travel = Callable[[Actor, float], tuple[float, bool]]
#: Times across a shot at which a tracking camera is told where the walkers are.
TRACK_SAMPLES = 13


@dataclass(frozen=True)
class View:
    """The frame's centre on the set and how many set rows it shows (set pixels)."""

    cx: float
    cy: float
    height: float


@dataclass(frozen=True)
class CameraPath:
    """A shot's camera: its framing and its whole travel over the shot (set pixels).

    `dx`/`dy` move the figure plane (others by their parallax), `pan` moves every depth alike,
    `zoom` is the end view's magnification over the start view's (a dolly: near layers
    magnify more than far ones).
    """

    view: View
    dx: float = 0.0
    dy: float = 0.0
    pan: float = 0.0
    zoom: float = 1.0
    #: A tracking move: (u, figure-plane offset in set pixels) keyframes, straight between
    #: them, so the camera keeps pace with people walking at an even speed.
    track: tuple[tuple[float, float], ...] = ()

    @property
    def still(self) -> bool:
        moves = self.dx != 0.0 or self.dy != 0.0 or self.pan != 0.0 or self.zoom != 1.0
        return not moves and not self.track

    def tracked(self, u: float) -> float:
        """The tracking move's figure-plane offset (set pixels) at `u`."""
        if not self.track:
            return 0.0
        us, xs = zip(*self.track, strict=True)
        return float(np.interp(min(1.0, max(0.0, u)), us, xs))

    def matrix(
        self, u: float, size: tuple[int, int], parallax: float, shear: tuple[float, float] = (0, 0)
    ) -> NDArray[np.float64]:
        """Affine map from output pixels to set pixels `u` (0..1) through the shot.

        `shear` = (parallax change per set row, reference row): the ground plane's near rows
        move more than its horizon.
        """
        width, height = size
        e = _ease(u) - 0.5
        zoom = self.zoom**e
        layer_zoom = 1.0 + parallax * (zoom - 1.0)
        scale = self.view.height / layer_zoom / height
        cy = self.view.cy + parallax * self.dy * e
        top = cy - height / 2 * scale
        per_row, ref_row = shear
        truck = self.dx * e + self.tracked(u)
        shift = (parallax + per_row * (top - ref_row)) * truck + self.pan * e
        left = self.view.cx + shift - width / 2 * scale
        return np.array(
            [[scale, per_row * self.dx * e * scale, left], [0.0, scale, top]], np.float64
        )

    def scale_at(self, u: float, size: tuple[int, int], parallax: float) -> float:
        """Output pixels per set pixel at `u` for a depth (sprites are drawn at the largest)."""
        return 1.0 / float(self.matrix(u, size, parallax)[0, 0])


def _ease(u: float) -> float:
    u = min(1.0, max(0.0, u))
    return u * u * (3 - 2 * u)


def actor_box(actor: Actor, k: float, offset: float = 0.0) -> Box:
    """An actor's whole figure in set pixels (x0, y0, x1, y1), `offset` virtual units off
    their mark (a walker on their way)."""
    h = actor.height * k
    x = (actor.x + offset) * k
    base = actor.base * k
    return (x - h * 0.17, base - h * 1.02, x + h * 0.17, base + h * 0.02)


def _upper(actor: Actor, k: float, share: float, offset: float = 0.0) -> Box:
    """The top `share` of an actor (head and shoulders, or head to knees)."""
    x0, y0, x1, y1 = actor_box(actor, k, offset)
    return (x0, y0, x1, y0 + (y1 - y0) * share)


def _union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def subject_actor(scene_set: SceneSet, scene: Scene, shot: Shot) -> Actor | None:
    """Who a shot is about: its subject, else the speaker of its first line, else the first."""
    by_name = {a.name: a for a in scene_set.actors}
    if shot.subject in by_name:
        return by_name[shot.subject]
    for index in shot.lines:
        if index < len(scene.dialogue) and scene.dialogue[index].speaker in by_name:
            return by_name[scene.dialogue[index].speaker]
    return scene_set.actors[0] if scene_set.actors else None


def _partner(scene_set: SceneSet, subject: Actor) -> Actor | None:
    others = [a for a in scene_set.actors if a is not subject]
    return min(others, key=lambda a: abs(a.x - subject.x)) if others else None


#: Insert subjects that mean the place's water, sky or light rather than a painted prop.
WATER_WORDS = frozenset({"sea", "river", "water", "lake", "ocean", "waves", "pond", "boat"})
SKY_WORDS = frozenset({"sky", "stars", "moon", "sun", "clouds", "sunset", "birds"})


def _held(
    scene_set: SceneSet, scene: Scene, shot: Shot, subject: str, offsets: dict[str, float]
) -> Box | None:
    """Where a held prop is during the shot: in the hand of whoever holds it when the shot's
    first line is heard (props change hands by the plan's give and take actions), carried
    along when they walk (`offsets`: virtual units off their marks)."""
    hands = scene_set.anchors.held.get(subject)
    if not hands:
        return None
    holder = scene.holders(shot.lines[0] if shot.lines else None).get(subject)
    box = hands.get(holder) if holder is not None else None
    if not box:
        return None
    shift = offsets.get(holder or "", 0.0) * scene_set.k
    return (float(box[0]) + shift, float(box[1]), float(box[2]) + shift, float(box[3]))


def _detail(scene_set: SceneSet, subject: str) -> Box | None:
    """The set box an insert of `subject` shows: its prop, the water, the sky or a light."""
    anchors = scene_set.anchors
    prop = anchors.props.get(subject)
    if prop is not None:
        return (float(prop[0]), float(prop[1]), float(prop[2]), float(prop[3]))
    set_w, set_h = scene_set.size
    if subject in WATER_WORDS and anchors.water:
        x0, y0, x1, y1 = anchors.water[0]
        cx = (max(0, x0) + min(set_w, x1)) / 2
        return (cx - set_w * 0.15, y0, cx + set_w * 0.15, min(y1, y0 + set_h * 0.2))
    if subject in SKY_WORDS and anchors.outdoors:
        return (set_w * 0.3, anchors.horizon * 0.2, set_w * 0.7, anchors.horizon * 0.8)
    if anchors.lights:
        x, y, r = anchors.lights[0]
        return (x - r * 4, y - r * 4, x + r * 4, y + r * 4)
    return None


def _spots(scene_set: SceneSet) -> list[Box]:
    """The places in a set worth a closer look when nobody is in it (set pixels): its props,
    lights, windows, flags and water, in a fixed order."""
    anchors = scene_set.anchors
    set_w, set_h = scene_set.size
    spots: list[Box] = [tuple(map(float, box)) for _, box in sorted(anchors.props.items())]  # type: ignore[misc]
    spots += [(x - r * 4, y - r * 4, x + r * 4, y + r * 4) for x, y, r in anchors.lights]
    spots += [(min(q[0::2]), min(q[1::2]), max(q[0::2]), max(q[1::2])) for q in anchors.windows[:2]]
    spots += list(anchors.flags[:1])
    for x0, y0, x1, y1 in anchors.water[:1]:
        cx = (max(0, x0) + min(set_w, x1)) / 2
        spots.append((cx - set_w * 0.12, y0, cx + set_w * 0.12, min(y1, y0 + set_h * 0.15)))
    return [box for box in spots if box[2] > box[0] and box[3] > box[1]]


def _elsewhere(scene_set: SceneSet, kind: str, variant: int, least: float) -> Box | None:
    """Where a shot with nobody to frame looks, so consecutive shots of an empty set differ:
    a wide looks left or right of centre, a closer shot at one of the set's spots in turn."""
    set_w, set_h = scene_set.size
    if kind == "establishing" or variant == 0:
        return None
    if kind == "wide":
        side = (0.5, 0.34, 0.66)[variant % 3]  # any two shots in a row look apart
        return (set_w * side, set_h / 2, set_w * side, set_h / 2)
    spots = _spots(scene_set)
    if not spots:
        side = (0.3, 0.7, 0.5)[variant % 3]
        y = scene_set.anchors.horizon
        return (set_w * side - least / 2, y - least / 2, set_w * side + least / 2, y + least / 2)
    return spots[(variant - 1) % len(spots)]


def _target(
    scene_set: SceneSet,
    scene: Scene,
    shot: Shot,
    variant: int = 0,
    offsets: dict[str, float] | None = None,
) -> tuple[Box | None, float]:
    """What the shot must show (set pixels) and the least view height for its kind;
    `variant` (the shot's place in its scene) varies the framing of an empty set, `offsets`
    put walkers that far (virtual units, by name) off their marks."""
    k = scene_set.k
    offsets = offsets or {}
    set_h = scene_set.size[1]
    kind = shot.kind
    subject = subject_actor(scene_set, scene, shot)
    least = MIN_VIEW.get(kind, 0.16) * set_h
    if kind == "insert":
        detail = _held(scene_set, scene, shot, shot.subject or "", offsets) or _detail(
            scene_set, shot.subject or ""
        )
        if detail is not None:
            return detail, least
        kind = "two-shot"  # a detail the set cannot point at: the people instead
    if subject is None:
        return _elsewhere(scene_set, kind, variant, least), least
    if kind == "establishing":
        return None, least
    if kind == "wide":
        return _union([actor_box(a, k, offsets.get(a.name, 0.0)) for a in scene_set.actors]), least
    if kind == "medium":
        return _upper(subject, k, 0.58, offsets.get(subject.name, 0.0)), least
    partner = _partner(scene_set, subject)
    if kind in ("two-shot", "over-the-shoulder") and partner is not None:
        share = 0.6 if kind == "two-shot" else 0.4
        pair = [_upper(a, k, share, offsets.get(a.name, 0.0)) for a in (subject, partner)]
        return _union(pair), least
    return _upper(subject, k, 0.36, offsets.get(subject.name, 0.0)), least


def frame_shot(
    scene_set: SceneSet, scene: Scene, shot: Shot, size: tuple[int, int], variant: int = 0
) -> View:
    """The view a shot kind takes on the set, shaped like the frame (`size`); `variant` is
    the shot's place in its scene."""
    box, least = _target(scene_set, scene, shot, variant)
    return _view(scene_set, shot, size, box, least)


def _view(
    scene_set: SceneSet, shot: Shot, size: tuple[int, int], box: Box | None, least: float
) -> View:
    """The view that shows `box` (None: the set's middle) for a shot kind, inside the set."""
    set_w, set_h = scene_set.size
    aspect = size[0] / size[1]
    if box is None:
        cx = set_w / 2
        if scene_set.actors and aspect < 1.2:
            cx = float(np.mean([a.x * scene_set.k for a in scene_set.actors]))
        box = (cx, set_h / 2, cx, set_h / 2)
    x0, y0, x1, y1 = box
    height = max(least, (y1 - y0) * 1.25, (x1 - x0) * 1.2 / aspect)
    height = min(height, set_h / 1.08, set_w / aspect / 1.08)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if shot.kind in ("medium", "two-shot", "close-up", "reaction", "over-the-shoulder"):
        cy = y0 + height * 0.42  # headroom above the head, eyes near the upper third
    width = height * aspect
    cx = min(max(cx, width / 2), set_w - width / 2)
    cy = min(max(cy, height / 2), set_h - height / 2)
    return View(cx, cy, height)


def _amount(rate: float, cap: float, seconds: float) -> float:
    return min(cap, rate * max(seconds, 0.5))


def plan_move(
    scene_set: SceneSet, view: View, move: str, seconds: float, aspect: float, seed: int
) -> CameraPath:
    """The camera's travel for a move over a shot of `seconds`, kept inside the set."""
    set_w, set_h = scene_set.size
    vw = view.height * aspect
    room_x = min(view.cx - vw / 2, set_w - view.cx - vw / 2) / FRONT_PARALLAX * 2
    room_y = min(view.cy - view.height / 2, set_h - view.cy - view.height / 2) * 2
    sign = -1.0 if move.endswith(("_left", "_up")) else 1.0
    if move in ("truck_left", "truck_right"):
        return CameraPath(view, dx=sign * min(room_x, vw * _amount(TRUCK_RATE, TRUCK_MAX, seconds)))
    if move in ("pan_left", "pan_right"):
        return CameraPath(view, pan=sign * min(room_x, vw * _amount(PAN_RATE, PAN_MAX, seconds)))
    if move in ("pedestal_up", "pedestal_down"):
        travel = view.height * _amount(PEDESTAL_RATE, PEDESTAL_MAX, seconds)
        return CameraPath(view, dy=sign * min(room_y, travel))
    if move in ("push_in", "pull_out"):
        zoom = 1.0 + _amount(PUSH_RATE, PUSH_MAX, seconds)
        return CameraPath(view, zoom=zoom if move == "push_in" else 1.0 / zoom)
    if move == "drift":
        angle = (seed % 360) * math.pi / 180
        reach = vw * _amount(0.01, 0.05, seconds)
        return CameraPath(
            view,
            dx=max(-room_x, min(room_x, reach * math.cos(angle))),
            dy=max(-room_y, min(room_y, reach * 0.3 * math.sin(angle))),
            zoom=1.0 + _amount(0.006, 0.03, seconds),
        )
    return CameraPath(view)


#: Shot kinds closer than a wide: they follow a walker with a tracking move.
TRACKED = frozenset({"medium", "two-shot", "close-up", "reaction", "over-the-shoulder", "insert"})


def follow(
    scene_set: SceneSet,
    scene: Scene,
    shot: Shot,
    size: tuple[int, int],
    path: CameraPath,
    travel: Travel,
    span: tuple[float, float],
    seed: int,
    variant: int = 0,
) -> CameraPath:
    """The shot's camera (`path`, as `frame_shot` and `plan_move` made it) with its people's
    walks in mind: `travel` says where each is at a scene-local time, `span` is the shot's
    (start, end). A wide frames the whole way they cover during the shot; a closer shot keeps
    its size and tracks them (a truck at their pace, in place of its planned truck or pan),
    so a walker in a medium shot is in frame from its first frame to its last. Why: framed
    on their marks, people who walk left the frame empty. Unchanged if nobody is off a mark."""
    if shot.kind == "establishing" or not scene_set.actors:
        return path
    start, end = span
    times = np.linspace(start, end, TRACK_SAMPLES)
    offsets = [{a.name: travel(a, float(t))[0] for a in scene_set.actors} for t in times]
    if not any(value for sample in offsets for value in sample.values()):
        return path
    targets = [_target(scene_set, scene, shot, variant, sample) for sample in offsets]
    least = targets[0][1]
    boxes = [box for box, _ in targets if box is not None]
    if len(boxes) != len(targets):
        return path
    aspect = size[0] / size[1]
    seconds = max(0.04, end - start)
    if shot.kind not in TRACKED:
        view = _view(scene_set, shot, size, _union(boxes), least)
        return plan_move(scene_set, view, shot.move, seconds, aspect, seed)
    widest = max(b[2] - b[0] for b in boxes)
    top, bottom = min(b[1] for b in boxes), max(b[3] for b in boxes)
    centres = [(b[0] + b[2]) / 2 for b in boxes]
    middle = (min(centres) + max(centres)) / 2
    view = _view(
        scene_set, shot, size, (middle - widest / 2, top, middle + widest / 2, bottom), least
    )
    planned = plan_move(scene_set, view, shot.move, seconds, aspect, seed)
    if max(centres) - min(centres) < 1.0:  # they stand still through the shot, off their mark
        return planned
    subject = subject_actor(scene_set, scene, shot)
    k = scene_set.k
    # Actors are drawn at their feet's ground parallax: the truck is divided by it so that
    # they keep their place in frame; the nearest layers must not run off the set.
    depth = scene_set.ground_parallax(subject.base * k) if subject is not None else 1.0
    reach = max(FRONT_PARALLAX, GROUND_NEAR_PARALLAX)
    half = view.height * aspect / 2
    low = (half - view.cx) / reach
    high = (scene_set.size[0] - half - view.cx) / reach
    us = (times - start) / max(1e-6, end - start)
    track = tuple(
        (float(u), float(min(high, max(low, (x - view.cx) / depth))))
        for u, x in zip(us, centres, strict=True)
    )
    return replace(planned, dx=0.0, pan=0.0, track=track)
