"""Blocking: who stands where, how big, doing what, holding what, for each shot type.

The plan decides, the blocking only reads its fields: each character's action comes from
`scene.actions`, who talks from the dialogue's speakers, what is in whose hand from
`scene.props`, the face from `scene.expressions`. The shot type decides scale: establishing and
wide shots show whole figures on the place's floor line; medium shots frame them from the
thighs up; close-ups frame one face; an over-the-shoulder shot puts the first character's back
in the foreground.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from filmstudio.engine.picture.canvas import Ctx
from filmstudio.engine.picture.colour import RGB
from filmstudio.engine.picture.figures import hands_at, shows_body_language
from filmstudio.engine.picture.handheld import prop_box
from filmstudio.engine.picture.looks import Look, cast_looks, dressed_for, look_for
from filmstudio.engine.picture.puppet import acted_pose, settled_phase
from filmstudio.engine.plan import Character, FilmPlan, Prop, Scene

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class StageSpec:
    """Where figures go in a place for a wide shot."""

    floor: float = 900.0  # y of the feet (virtual units)
    seat: str = "bench"  # what a sitting figure sits on
    centre: float = 0.5  # preferred group centre, fraction of width
    scale: float = 1.0  # figure height multiplier for this place
    interior: bool = False


@dataclass
class Actor:
    """One character placed in a shot: where, how big, turned how, doing what.

    `pose` is the character's action verb (plan.ACTION_VERBS) or a pose name ("talk",
    "sit_ground"); `held` the prop in the hand; `expression` the face at the scene's start.
    """

    name: str
    look: Look
    pose: str
    x: float
    base: float
    height: float
    yaw: float
    depth: float = 0.0
    umbrella: RGB | None = None
    silhouette: float = 0.0
    seat: str = "none"
    seat_height: float = 0.0
    expression: str = "neutral"
    held: str | None = None


@dataclass
class Layout:
    shot: str
    actors: list[Actor] = field(default_factory=list)
    unit: float = 360.0  # adult height at the figure plane
    floor: float = 900.0
    zoom: float = 1.0  # background magnification (longer lens for closer shots)
    dof: float = 0.0  # background blur, virtual units
    props: list[Prop] = field(default_factory=list)  # what the scene shows (plan field)
    #: Where each drawn prop is (virtual units), for an insert shot on it: held props are
    #: known from the blocking, standing ones once the painter has put them down.
    prop_boxes: dict[str, Box] = field(default_factory=dict)

    def shows(self, *names: str) -> bool:
        """Whether the scene's props include any of these (canonical English nouns)."""
        return any(prop.name in names for prop in self.props)

    def standing_props(self) -> list[str]:
        """Props no one on screen holds: they stand in the scene."""
        holders = {actor.name for actor in self.actors}
        return [p.name for p in self.props if p.holder is None or p.holder not in holders]


#: Which of a character's actions a still picture shows: lasting postures before gestures.
_STILL_PRIORITY = (
    "embrace",
    "sit",
    "kneel",
    "pray",
    "dance",
    "run",
    "walk",
    "enter",
    "exit",
    "give",
    "take",
    "hold",
    "point",
    "wave",
    "cry",
    "laugh",
    "turn_away",
    "look",
    "shake_head",
    "nod",
    "stand",
)


def scene_poses(scene: Scene, names: list[str]) -> dict[str, str]:
    """Each character's action in this scene from `scene.actions` (default: stand).

    A character with several actions is shown in the most lasting one (sitting over waving);
    the animator plays them all in order.
    """
    result = {name: "stand" for name in names}
    for name in names:
        verbs = [a.action for a in scene.actions if a.who == name]
        if verbs:
            result[name] = min(verbs, key=_STILL_PRIORITY.index)
    return result


def scene_expressions(scene: Scene) -> dict[str, str]:
    """The expression each character starts the scene with (`scene.expressions`)."""
    first: dict[str, tuple[int, str]] = {}
    for change in scene.expressions:
        line = -1 if change.line is None else change.line
        if change.who not in first or line < first[change.who][0]:
            first[change.who] = (line, change.expression)
    return {who: expression for who, (_line, expression) in first.items()}


def expression_at(scene: Scene, who: str, line: int | None) -> str:
    """The face `who` shows during dialogue line `line` (None: the scene's start): the latest
    of their `scene.expressions` changes at or before it."""
    now = -1 if line is None else line
    current, since = "neutral", -2
    for change in scene.expressions:
        at = -1 if change.line is None else change.line
        if change.who == who and since <= at <= now:
            current, since = change.expression, at
    return current


def action_at(scene: Scene, who: str, line: int | None) -> str | None:
    """The verb `who` acts during dialogue line `line`: their action tied to that line, else
    their latest one before it, else one tied to no line (None when they do nothing)."""
    mine = [a for a in scene.actions if a.who == who]
    if line is not None:
        tied = [a for a in mine if a.line is not None and a.line <= line]
        if tied:
            return max(tied, key=lambda a: a.line or 0).action
    free = [a for a in mine if a.line is None]
    return free[0].action if free else None


def scene_held(scene: Scene) -> dict[str, str]:
    """The prop in each character's hand as the scene starts (`Scene.holders`; the first
    one wins)."""
    held: dict[str, str] = {}
    for prop, holder in scene.holders().items():
        held.setdefault(holder, prop)
    return held


def _partner(scene: Scene, name: str) -> str | None:
    return next((a.target for a in scene.actions if a.who == name and a.action == "embrace"), None)


SEAT_HEIGHT = {
    "bench": 0.27,
    "chair": 0.27,
    "sofa": 0.25,
    "bed": 0.3,
    "steps": 0.2,
    "rock": 0.22,
    "stool": 0.3,
    "ground": 0.05,
    "none": 0.27,
}


def film_cast(plan: FilmPlan) -> list[tuple[str, Character | None]]:
    """The plan's cast in order: the same for every scene, so looks never change mid-film.

    (Names that appear only in a scene get their looks from the name alone.)
    """
    return [(c.name, c) for c in plan.characters]


def _subjects_first(scene: Scene, names: list[str]) -> list[str]:
    """Who a closer shot is about: the first speaker, then whoever acts first.

    A scene where Arun speaks framed in close-up must show Arun, even when Maya is listed first.
    """
    speakers = [line.speaker for line in scene.dialogue]
    actors = [a.who for a in scene.actions]

    def key(name: str) -> tuple[int, int, int]:
        spoken = speakers.index(name) if name in speakers else len(speakers)
        acts = actors.index(name) if name in actors else len(actors)
        return (spoken, acts, names.index(name))

    return sorted(names, key=key)


@dataclass(frozen=True)
class _Frame:
    """How a shot type frames the figures: their size, feet line, lens and focus."""

    unit: float
    base: float
    zoom: float
    dof: float
    depth: float


def _frame(ctx: Ctx, shot: str, spec: StageSpec) -> _Frame:
    H = ctx.H
    if shot == "establishing":
        unit = H * 0.15 * spec.scale
        return _Frame(unit, spec.floor - (spec.floor - ctx.horizon) * 0.25, 1.0, 0.0, 0.25)
    if shot == "wide":
        return _Frame(H * 0.38 * spec.scale, spec.floor, 1.0, 0.0, 0.0)
    if shot == "medium":
        return _Frame(H * 1.25, 130 + H * 1.25, 1.25, 3.0, 0.0)
    if shot == "close-up":
        return _Frame(H * 2.9, 150 + H * 2.9, 1.5, 6.0, 0.0)
    return _Frame(H * 1.2, 140 + H * 1.2, 1.3, 4.0, 0.0)


def _pair_embraces(scene: Scene, poses: dict[str, str], names: list[str]) -> list[str]:
    """An embrace needs two people on screen: the first embracer and their target (or the
    nearest other character) hold each other; anyone else embracing just stands."""
    huggers = [name for name in names if poses[name] == "embrace"]
    pair: list[str] = []
    if huggers:
        first = huggers[0]
        target = _partner(scene, first)
        others = [n for n in huggers[1:] if n != first] + [n for n in names if n != first]
        partner = target if target in names and target != first else next(iter(others), None)
        if partner is not None:
            pair = [first, partner]
    for name in names:
        if name in pair:
            poses[name] = "embrace"
        elif poses[name] == "embrace":
            poses[name] = "stand"
    return [name for name in names if name in pair]


def _talkers(scene: Scene, poses: dict[str, str], names: list[str]) -> None:
    """The first character on screen who speaks and does nothing else gestures as they talk."""
    speakers = [line.speaker for line in scene.dialogue]
    for name in speakers:
        if name in poses:
            if poses[name] == "stand":
                poses[name] = "talk"
            return


def plan_layout(ctx: Ctx, scene: Scene, plan: FilmPlan, spec: StageSpec) -> Layout:
    """Place the scene's characters for its shot type, from the plan's fields only."""
    names = list(dict.fromkeys(scene.characters))[:5]
    shot = scene.shot_type
    rng = ctx.rng("layout")
    poses = scene_poses(scene, names)
    _talkers(scene, poses, names)
    if shot in ("close-up", "medium", "over-the-shoulder") and len(names) > 1:
        names = _subjects_first(scene, names)
    names = names[: {"close-up": 1, "medium": 3, "over-the-shoulder": 2}.get(shot, 5)]
    frame = _frame(ctx, shot, spec)
    layout = Layout(shot=shot, floor=frame.base, props=list(scene.props))
    layout.unit, layout.zoom, layout.dof = frame.unit, frame.zoom, frame.dof * ctx.style.dof
    if not names:
        return layout
    W = ctx.W
    if spec.centre == 0.5 and shot in ("establishing", "wide"):
        # A group off-centre (on a third) reads as a composed shot, not a passport photo.
        side = 0.13 if rng.random() < 0.5 else -0.13
        centre = W * (0.5 + side + (rng.random() - 0.5) * 0.06)
    else:
        centre = W * (spec.centre + (rng.random() - 0.5) * 0.08)
    n = len(names)
    if shot in ("medium", "close-up"):
        spacing = W * (0.3 if n == 2 else 0.26)
        centre = W * (0.5 if n > 1 else (0.42 if rng.random() < 0.5 else 0.58))
    else:
        spacing = frame.unit * 0.48
    hug_pair = _pair_embraces(scene, poses, names)
    cast = _Cast(
        plan,
        cast_looks(film_cast(plan)),
        scene_expressions(scene),
        scene_held(scene),
        scene.attire,
    )
    for i, name in enumerate(names):
        if shot == "over-the-shoulder":
            layout.actors.append(_ots_actor(ctx, cast, name, poses[name], i, frame, spec))
        else:
            slot = _Slot(i, n, centre, spacing, hug_pair, names, shot)
            layout.actors.append(_actor(ctx, cast, name, poses[name], slot, frame, spec, names))
    _face_targets(scene, layout.actors)
    layout.prop_boxes.update(held_boxes(ctx, layout.actors))
    return layout


#: Verbs aimed at someone: the actor turns toward their target when it is on screen.
_AIMED = ("point", "give", "take", "wave", "look", "nod", "shake_head")


def _face_targets(scene: Scene, actors: list[Actor]) -> None:
    """Turn whoever points at, hands something to or waves at someone on screen toward them."""
    where = {a.name: a.x for a in actors}
    for actor in actors:
        target = next(
            (
                a.target
                for a in scene.actions
                if a.who == actor.name and a.action == actor.pose and a.target in where
            ),
            None,
        )
        if target is not None and actor.pose in _AIMED and target != actor.name:
            actor.yaw = 65.0 if where[target] > actor.x else -65.0


@dataclass(frozen=True)
class _Cast:
    """What the blocking knows of the people: looks, starting faces, what they hold, and
    what the scene has them wear."""

    plan: FilmPlan
    looks: dict[str, Look]
    expressions: dict[str, str]
    held: dict[str, str]
    attire: str = "everyday"

    def look(self, name: str) -> Look:
        """The character's film look in the scene's attire."""
        look = self.looks.get(name) or look_for(name, self.plan.character(name))
        return dressed_for(look, self.attire)

    def height(self, name: str, unit: float) -> float:
        age = self.look(name).age
        return unit * (0.62 if age == "child" else 0.96 if age == "elder" else 1.0)


@dataclass(frozen=True)
class _Slot:
    index: int
    count: int
    centre: float
    spacing: float
    hug_pair: list[str]
    names: list[str]
    shot: str


def _night_silhouette(ctx: Ctx, spec: StageSpec) -> float:
    sil = 0.0 if spec.interior else {"dusk": 0.3, "night": 0.15}.get(ctx.light.time, 0.0)
    return sil + (0.15 if ctx.style.monochrome else 0.0)


def _ots_actor(
    ctx: Ctx, cast: _Cast, name: str, pose: str, i: int, frame: _Frame, spec: StageSpec
) -> Actor:
    """Over the shoulder: the first character's back big in the foreground, the other beyond."""
    scale = 1.5 if i == 0 else 1.0
    ots_pose = (
        "stand"
        if pose in ("walk", "run", "enter", "exit", "wave", "point", "embrace", "dance")
        else pose
    )
    seat, seat_h = "none", 0.0
    base = frame.base + (frame.unit * 0.35 if i == 0 else 0.0)
    if ots_pose == "sit":
        seat = "ground" if spec.seat == "ground" else spec.seat
        ots_pose = "sit_ground" if seat == "ground" else "sit"
        seat_h = SEAT_HEIGHT.get(seat, 0.27)
        base -= frame.unit * scale * (0.5 - seat_h) * 0.85
    return Actor(
        name,
        cast.look(name),
        ots_pose,
        ctx.W * (0.2 if i == 0 else 0.66),
        base,
        cast.height(name, frame.unit) * scale,
        150.0 if i == 0 else -28.0,
        frame.depth,
        silhouette=0.35 if i == 0 else _night_silhouette(ctx, spec),
        seat=seat,
        seat_height=seat_h,
        expression=cast.expressions.get(name, "neutral"),
        held=cast.held.get(name),
    )


def _actor(
    ctx: Ctx,
    cast: _Cast,
    name: str,
    pose: str,
    slot: _Slot,
    frame: _Frame,
    spec: StageSpec,
    names: list[str],
) -> Actor:
    """One character in a wide, establishing, medium or close shot."""
    shot_wide = slot.shot in ("wide", "establishing")
    close = slot.shot in ("medium", "close-up")
    offset = (slot.index - (slot.count - 1) / 2) * slot.spacing
    x = slot.centre + offset
    if slot.count == 1:
        yaw = 22.0 if x < ctx.W / 2 else -22.0
    else:
        yaw = 38.0 if offset < 0 else -38.0 if offset > 0 else 15.0
    if pose in ("walk", "run", "enter", "exit") and slot.shot != "close-up":
        # People walking together walk the same way, into the open side of the frame;
        # someone entering heads into the picture, someone leaving toward the nearer edge.
        inward = 78.0 if slot.centre < ctx.W / 2 else -78.0
        if pose in ("enter", "exit"):
            inward = 78.0 if x < ctx.W / 2 else -78.0
        yaw = -inward if pose == "exit" else inward
    if pose in ("wave", "dance"):
        yaw *= 0.5
    if pose == "embrace":
        # the pair closes the gap between them and turns to face each other
        j = slot.hug_pair.index(name)
        other = names.index(slot.hug_pair[1 - j])
        mid = slot.centre + ((slot.index + other) / 2 - (slot.count - 1) / 2) * slot.spacing
        x = mid + (-1 if j == 0 else 1) * frame.unit * 0.085
        yaw = 72.0 if j == 0 else -72.0
    seat, seat_h = "none", 0.0
    if pose == "sit":
        seat = spec.seat
        pose = "sit_ground" if seat == "ground" else pose
        seat_h = SEAT_HEIGHT.get(seat, 0.27)
    base = frame.base + (slot.index % 2) * frame.unit * 0.03 if shot_wide else frame.base
    look = cast.look(name)
    if close and seat != "none":
        base -= frame.unit * (0.5 - seat_h) * 0.85
    only_children = all(cast.look(m).age == "child" for m in names)
    if close and look.age == "child" and only_children:
        # frame a child alone at their eye level; beside adults they keep their height
        base -= frame.unit * 0.3
    held = cast.held.get(name)
    wet = ctx.light.wet and not spec.interior
    umbrella = (
        look.accent
        if wet and pose in ("stand", "walk") and look.age != "child" and held is None
        else None
    )
    return Actor(
        name,
        look,
        pose,
        x,
        base,
        cast.height(name, frame.unit),
        yaw,
        frame.depth,
        umbrella,
        _night_silhouette(ctx, spec),
        seat,
        seat_h,
        cast.expressions.get(name, "neutral"),
        held,
    )


def held_boxes(ctx: Ctx, actors: list[Actor]) -> dict[str, Box]:
    """Where each held prop will be drawn: around the holder's near hand, as acting draws it."""
    boxes: dict[str, Box] = {}
    for actor in actors:
        if actor.held is None:
            continue
        pose = acted_pose(
            actor.pose,
            settled_phase(actor.pose),
            actor.expression,
            holding=True,
            body_language=shows_body_language(ctx, actor.look, actor.height),
        )
        seat = actor.seat_height if actor.seat not in ("none", "ground") else None
        hand, _far = hands_at(
            ctx, actor.look, pose, actor.x, actor.base, actor.height, actor.yaw, seat
        )
        facing = 1.0 if actor.yaw >= 0 else -1.0
        boxes[actor.held] = prop_box(actor.held, hand, actor.height, facing)
    return boxes
