"""Blocking: who stands where, how big, in which pose, for each shot type.

The description decides poses ("Maya sits on the bench while Arun waves"): words near a
character's name apply to that character, words in sentences naming nobody apply to everyone.
The shot type decides scale: establishing and wide shots show whole figures on the place's
floor line; medium shots frame them from the thighs up; close-ups frame one face; an
over-the-shoulder shot puts the first character's back in the foreground.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from filmstudio.engine.picture.canvas import Ctx
from filmstudio.engine.picture.colour import RGB
from filmstudio.engine.picture.figures import Look, cast_looks, look_for
from filmstudio.engine.plan import Character, FilmPlan, Scene

POSE_WORDS: dict[str, tuple[str, ...]] = {
    "sit": (
        "sit",
        "sits",
        "sitting",
        "sat",
        "seated",
        "rests",
        "resting",
        "kneels",
        "kneel",
        "kneeling",
        "perched",
        "lounges",
        "lounging",
    ),
    "run": ("run", "runs", "running", "races", "racing", "chases", "chasing", "rushes", "sprints"),
    "walk": (
        "walk",
        "walks",
        "walking",
        "strolls",
        "strolling",
        "wanders",
        "wandering",
        "approaches",
        "arrives",
        "leaves",
        "enters",
        "steps",
        "hurries",
        "climbs",
    ),
    "wave": ("wave", "waves", "waving", "greets", "greeting", "beckons", "calls"),
    "pray": (
        "pray",
        "prays",
        "praying",
        "bows",
        "bowing",
        "meditates",
        "meditating",
        "namaste",
        "worships",
        "chants",
        "chanting",
    ),
    "point": ("points", "pointing", "gestures", "shows", "explains", "teaches"),
    "embrace": (
        "embrace",
        "embraces",
        "embracing",
        "embraced",
        "hug",
        "hugs",
        "hugging",
        "hugged",
        "cuddle",
        "cuddles",
        "abraza",
        "abrazan",
        "etreint",
        "enlace",
    ),
}
_WORD_TO_POSE = {w: pose for pose, words in POSE_WORDS.items() for w in words}


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


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?;])\s+|\n+", text) if s.strip()]


def poses_from_text(description: str, names: list[str]) -> dict[str, str]:
    """The pose of each named character according to the description (default: stand).

    English puts the subject before its verb, so a pose word belongs to the nearest name
    before it ("Maya waves to Arun": Maya waves), or to the next name when none precedes it
    ("Sitting by the fire, Maya..."). Sentences that name nobody, or say "they", apply to all.
    """
    result = {name: "stand" for name in names}
    general: str | None = None
    firsts = {name: name.lower().split()[0] for name in names if name.strip()}
    for sentence in _sentences(description):
        tokens = re.findall(r"[a-z']+", sentence.lower())
        found = [(i, _WORD_TO_POSE[t]) for i, t in enumerate(tokens) if t in _WORD_TO_POSE]
        if not found:
            continue
        places = sorted(
            (i, name) for name, first in firsts.items() for i, t in enumerate(tokens) if t == first
        )
        if not places or any(t in ("they", "both", "together", "everyone", "all") for t in tokens):
            general = general or found[0][1]
        for i, pose in found:
            before = [(j, name) for j, name in places if j < i]
            after = [name for j, name in places if j > i]
            owners = [before[-1][1]] if before else after[:1]
            if before:
                # "Maya and Arun sit": names joined by "and" share the verb.
                k = len(before) - 1
                while (
                    k > 0
                    and before[k][0] - before[k - 1][0] == 2
                    and (tokens[before[k][0] - 1] == "and")
                ):
                    owners.append(before[k - 1][1])
                    k -= 1
            for owner in owners:
                if result[owner] == "stand":
                    result[owner] = pose
    if general is not None:
        for name in names:
            if result[name] == "stand":
                result[name] = general
    return result


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
    """Who a closer shot is about: the first speaker, then whoever the words name first.

    "Arun talks." framed in close-up must show Arun, even when Maya is listed first.
    """
    text = scene.description.lower()
    speakers = [line.speaker for line in scene.dialogue]

    def key(name: str) -> tuple[int, int, int]:
        spoken = speakers.index(name) if name in speakers else len(speakers)
        first = name.lower().split()[0] if name.strip() else name
        found = re.search(rf"\b{re.escape(first)}\b", text)
        return (spoken, found.start() if found else len(text) + 1, names.index(name))

    return sorted(names, key=key)


def plan_layout(ctx: Ctx, scene: Scene, plan: FilmPlan, spec: StageSpec) -> Layout:
    """Place the scene's characters for its shot type."""
    names = list(dict.fromkeys(scene.characters))[:5]
    shot = scene.shot_type
    rng = ctx.rng("layout")
    poses = poses_from_text(scene.description, names)
    talk_words = {
        "talk",
        "talks",
        "talking",
        "says",
        "say",
        "tells",
        "asks",
        "speaks",
        "explains",
        "argue",
        "argues",
        "discuss",
        "discusses",
        "chat",
        "chats",
        "whispers",
        "replies",
    }
    talking = bool(set(re.findall(r"[a-z]+", scene.description.lower())) & talk_words)
    if names and talking and poses.get(names[0]) == "stand":
        poses[names[0]] = "talk"
    if shot in ("close-up", "medium", "over-the-shoulder") and len(names) > 1:
        names = _subjects_first(scene, names)
    if shot == "close-up":
        names = names[:1]
    elif shot == "medium":
        names = names[:3]
    elif shot == "over-the-shoulder":
        names = names[:2]
    H, W = ctx.H, ctx.W
    floor = spec.floor
    layout = Layout(shot=shot, floor=floor)
    wet = ctx.light.wet and not spec.interior
    night_sil = 0.0 if spec.interior else {"dusk": 0.3, "night": 0.15}.get(ctx.light.time, 0.0)
    if ctx.style.monochrome:
        night_sil += 0.15
    if shot == "establishing":
        unit = H * 0.15 * spec.scale
        base = floor - (floor - ctx.horizon) * 0.25
        layout.zoom, layout.dof, depth = 1.0, 0.0, 0.25
    elif shot == "wide":
        unit = H * 0.38 * spec.scale
        base = floor
        layout.zoom, layout.dof, depth = 1.0, 0.0, 0.0
    elif shot == "medium":
        unit = H * 1.25
        base = 130 + unit
        layout.zoom, layout.dof, depth = 1.25, 3.0, 0.0
    elif shot == "close-up":
        unit = H * 2.9
        base = 150 + unit
        layout.zoom, layout.dof, depth = 1.5, 6.0, 0.0
    else:
        unit = H * 1.2
        base = 140 + unit
        layout.zoom, layout.dof, depth = 1.3, 4.0, 0.0
    layout.unit = unit
    layout.floor = base
    layout.dof *= ctx.style.dof
    n = len(names)
    if n == 0:
        return layout
    if spec.centre == 0.5 and shot in ("establishing", "wide"):
        # A group off-centre (on a third) reads as a composed shot, not a passport photo.
        side = 0.13 if rng.random() < 0.5 else -0.13
        centre = W * (0.5 + side + (rng.random() - 0.5) * 0.06)
    else:
        centre = W * (spec.centre + (rng.random() - 0.5) * 0.08)
    if shot in ("medium", "close-up"):
        spacing = W * (0.3 if n == 2 else 0.26)
        centre = W * (0.5 if n > 1 else (0.42 if rng.random() < 0.5 else 0.58))
    else:
        spacing = unit * 0.48
    looks = cast_looks(film_cast(plan))
    # An embrace needs two people: the first two who embrace stand close, facing each other.
    huggers = [name for name in names if poses[name] == "embrace"]
    if len(huggers) == 1:
        partner = next((name for name in names if name not in huggers), None)
        if partner is None:
            poses[huggers[0]] = "stand"
        else:
            poses[partner] = "embrace"
            huggers.append(partner)
    hug_pair = [name for name in names if poses[name] == "embrace"][:2]
    for name in names:
        if poses[name] == "embrace" and name not in hug_pair:
            poses[name] = "stand"
    for i, name in enumerate(names):
        look = looks.get(name) or look_for(name, plan.character(name))
        pose = poses[name]
        height = unit * (0.62 if look.age == "child" else 0.96 if look.age == "elder" else 1.0)
        if shot == "over-the-shoulder":
            x = W * (0.2 if i == 0 else 0.66)
            yaw = 150.0 if i == 0 else -28.0
            scale = 1.5 if i == 0 else 1.0
            ots_pose = "stand" if pose in ("walk", "run", "wave", "point", "embrace") else pose
            seat, seat_h = "none", 0.0
            actor_base = base + (unit * 0.35 if i == 0 else 0.0)
            if ots_pose == "sit":
                seat = "ground" if spec.seat == "ground" else spec.seat
                ots_pose = "sit_ground" if seat == "ground" else "sit"
                seat_h = SEAT_HEIGHT.get(seat, 0.27)
                actor_base -= unit * scale * (0.5 - seat_h) * 0.85
            layout.actors.append(
                Actor(
                    name,
                    look,
                    ots_pose,
                    x,
                    actor_base,
                    height * scale,
                    yaw,
                    depth,
                    silhouette=0.35 if i == 0 else night_sil,
                    seat=seat,
                    seat_height=seat_h,
                )
            )
            continue
        offset = (i - (n - 1) / 2) * spacing
        x = centre + offset
        if n == 1:
            yaw = 22.0 if x < W / 2 else -22.0
        else:
            yaw = 38.0 if offset < 0 else -38.0 if offset > 0 else 15.0
        if pose in ("walk", "run") and shot not in ("close-up",):
            # People walking together walk the same way, into the open side of the frame.
            yaw = 78.0 if centre < W / 2 else -78.0
        if pose == "wave":
            yaw = yaw * 0.5
        if pose == "embrace":
            # the pair closes the gap between them and turns to face each other
            j = hug_pair.index(name)
            other = names.index(hug_pair[1 - j])
            mid = centre + ((i + other) / 2 - (n - 1) / 2) * spacing
            x = mid + (-1 if j == 0 else 1) * unit * 0.085
            yaw = 72.0 if j == 0 else -72.0
        seat = "none"
        seat_h = 0.0
        if pose == "sit":
            seat = spec.seat
            if seat == "ground":
                pose = "sit_ground"
            seat_h = SEAT_HEIGHT.get(seat, 0.27)
        actor_base = base + (i % 2) * unit * 0.03 if shot in ("wide", "establishing") else base
        if shot in ("medium", "close-up") and seat != "none":
            actor_base -= unit * (0.5 - seat_h) * 0.85
        only_children = all(
            (looks.get(m) or look_for(m, plan.character(m))).age == "child" for m in names
        )
        if shot in ("medium", "close-up") and look.age == "child" and only_children:
            # frame a child alone at their eye level; beside adults they keep their height
            actor_base -= unit * 0.3
        umbrella = (
            look.accent if wet and pose in ("stand", "walk") and look.age != "child" else None
        )
        layout.actors.append(
            Actor(
                name,
                look,
                pose,
                x,
                actor_base,
                height,
                yaw,
                depth,
                umbrella,
                night_sil,
                seat,
                seat_h,
            )
        )
    return layout
