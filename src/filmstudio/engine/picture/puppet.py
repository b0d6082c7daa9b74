"""The puppet's motions: every action verb as keyframed joint angles eased over a phase.

A figure is a rig of joints (figures.py draws it); this module says where the joints are at
each instant of an action. Gestures that repeat (walking, waving, nodding, laughing) are cycles
over phase 0..1; motions that end somewhere (sitting down, kneeling, handing something over) run
from phase 0 to their held end pose at 1. Keys are eased (smoothstep), so a limb accelerates and
settles instead of ticking between poses. A face's expression also bends the body a little (a
sad slump, an afraid recoil), because at wide-shot sizes the body is what reads.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

Limb = tuple[float, float, float, float]


@dataclass(frozen=True)
class Pose:
    """Absolute limb angles in degrees: `a` swings forward from hanging down, `b` outward.

    `sit` blends the pelvis from standing on the feet (0) to resting on a seat `seat` high (1);
    `head_pitch` nods the head down, `head_turn` turns it toward the side the figure faces,
    `turn` turns the whole body further round (turning away).
    """

    arm_front: Limb
    arm_back: Limb
    leg_front: Limb
    leg_back: Limb
    lean: float = 0.0
    seat: float = 0.27
    sit: float = 0.0
    head_pitch: float = 0.0
    head_turn: float = 0.0
    turn: float = 0.0
    kind: str = "stand"


_STAND_ARMS: tuple[Limb, Limb] = ((8, 10, 26, 6), (-5, 10, 16, 6))  # elbows soft
_STAND_LEGS: tuple[Limb, Limb] = ((5, 6, 0, 3), (-3, 4, -3, 2))  # weight on one leg
STAND = Pose(*_STAND_ARMS, *_STAND_LEGS)
SIT = Pose((22, 8, 72, 4), (18, 8, 68, 4), (88, 5, 6, 3), (86, 6, 2, 3), -6, 0.27, 1.0, kind="sit")
HOLD_ARM: Limb = (30, 4, 95, 2)

POSES: dict[str, Pose] = {
    "stand": STAND,
    "sit": SIT,
    "sit_ground": Pose(
        (35, 14, 88, 8),
        (32, 14, 84, 8),
        (135, 7, -25, 3),
        (128, 9, -28, 3),
        8,
        0.055,
        1.0,
        kind="sit",
    ),
    "wave": Pose((0, 140, 0, 168), _STAND_ARMS[1], *_STAND_LEGS, kind="wave"),
    "pray": Pose((30, -6, 125, -28), (30, -6, 125, -28), *_STAND_LEGS, head_pitch=12, kind="pray"),
    "talk": Pose((14, 22, 62, 40), (-4, 7, 8, 4), *_STAND_LEGS, kind="talk"),
    "point": Pose((82, 4, 86, 4), _STAND_ARMS[1], *_STAND_LEGS, kind="point"),
    "embrace": Pose(
        (62, 16, 90, -78), (58, 20, 86, -74), (4, 3, 0, 2), (-3, 3, -1, 2), lean=5, kind="embrace"
    ),
    "umbrella": Pose((38, 4, 150, 2), _STAND_ARMS[1], *_STAND_LEGS),
    "hold": Pose(HOLD_ARM, _STAND_ARMS[1], *_STAND_LEGS),
    "give": Pose((72, 4, 78, 2), _STAND_ARMS[1], (8, 3, 2, 2), (-6, 3, -3, 2), lean=6),
    "kneel": Pose(
        (12, 8, 30, 4), (8, 8, 24, 4), (82, 4, 2, 2), (-4, 4, -92, 2), lean=4, kind="kneel"
    ),
    "cry": Pose((34, 12, 158, -24), (30, 12, 152, -24), *_STAND_LEGS, 8, head_pitch=24),
    "laugh": Pose((20, 18, 70, -30), (-6, 14, 30, 6), *_STAND_LEGS, -5, head_pitch=-16),
    "thoughtful_arm": Pose((24, 6, 150, -30), (24, 4, 88, -60), *_STAND_LEGS),
}
# Each pose knows its name, so the drawer can tell a free-standing figure (an elder leans on
# a cane) from one whose arms are busy.
POSES = {name: replace(p, kind=name) if p.kind == "stand" else p for name, p in POSES.items()}


@dataclass(frozen=True)
class Motion:
    """An action as timed keys: `cyclic` motions loop, others hold their last key."""

    keys: tuple[tuple[float, Pose], ...]
    seconds: float
    cyclic: bool = False


def _lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def blend(a: Pose, b: Pose, t: float) -> Pose:
    """The pose a fraction `t` of the way from `a` to `b` (every angle interpolated)."""
    values: dict[str, object] = {}
    for f in fields(Pose):
        va, vb = getattr(a, f.name), getattr(b, f.name)
        if isinstance(va, tuple):
            values[f.name] = tuple(_lerp(x, y, t) for x, y in zip(va, vb, strict=True))
        elif isinstance(va, float | int):
            values[f.name] = _lerp(float(va), float(vb), t)
        else:
            values[f.name] = vb if t >= 0.5 else va
    return Pose(**values)  # type: ignore[arg-type]


def ease(t: float) -> float:
    """Smoothstep: motions start and settle gently."""
    t = min(1.0, max(0.0, t))
    return t * t * (3 - 2 * t)


def _keyed(motion: Motion, phase: float) -> Pose:
    keys = motion.keys
    if phase <= keys[0][0]:
        return keys[0][1]
    for (t0, p0), (t1, p1) in itertools.pairwise(keys):
        if phase <= t1:
            return blend(p0, p1, ease((phase - t0) / max(1e-6, t1 - t0)))
    return keys[-1][1]


def _gait(
    phase: float, stride: float, knee: float, arm: float, lean: float, elbow: float, kind: str
) -> Pose:
    """One step cycle: thighs swing opposite, the swinging knee folds, arms counter-swing.

    Feet stay on the ground (the drawer sets the pelvis from the lowest point), so the body
    bobs by itself: lowest as the legs straddle, highest as they pass.
    """
    w = math.tau * phase + math.pi / 2  # phase 0: full stride, front foot down
    legs: list[Limb] = []
    for shift in (0.0, math.pi):
        thigh = stride * math.sin(w + shift)
        swing = max(0.0, math.cos(w + shift))  # moving forward: the knee folds
        legs.append((thigh, 3, thigh - knee * swing - 4, 2))
    arms: list[Limb] = []
    for shift in (math.pi, 0.0):
        a = arm * math.sin(w + shift)
        arms.append((a, 6, a + elbow + 0.3 * abs(a), 3))
    return Pose(arms[0], arms[1], legs[0], legs[1], lean=lean, kind=kind)


def _wave(phase: float) -> Pose:
    b2 = 168 + 24 * math.sin(math.tau * phase)
    return replace(POSES["wave"], arm_front=(0, 140, 0, b2))


def _nod(phase: float) -> Pose:
    return replace(STAND, head_pitch=26 * math.sin(math.pi * phase) ** 2)


def _shake(phase: float) -> Pose:
    return replace(STAND, head_turn=30 * math.sin(math.tau * phase))


def _laugh(phase: float) -> Pose:
    bounce = math.sin(math.tau * 2 * phase)
    return replace(POSES["laugh"], head_pitch=-16 + 6 * bounce, lean=-5 + 2 * bounce)


def _cry(phase: float) -> Pose:
    sob = math.sin(math.tau * 2 * phase) ** 2
    return replace(POSES["cry"], lean=8 + 3 * sob, head_pitch=24 + 5 * sob)


def _dance(phase: float) -> Pose:
    w = math.tau * phase
    up, down = (150, 25, 175, 15), (25, 20, 95, -20)  # raised high / bent at the waist
    sway = math.sin(w)
    arm_f = blend(replace(STAND, arm_front=up), replace(STAND, arm_front=down), (1 + sway) / 2)
    arm_b = blend(replace(STAND, arm_front=down), replace(STAND, arm_front=up), (1 + sway) / 2)
    step = 22 * max(0.0, math.sin(w))
    step_b = 22 * max(0.0, -math.sin(w))
    return Pose(
        arm_f.arm_front,
        arm_b.arm_front,
        (step, 6, -step * 0.6, 3),
        (step_b, 6, -step_b * 0.6, 3),
        lean=4 * math.cos(2 * w),
        head_turn=12 * sway,
        turn=20 * sway,
        kind="dance",
    )


def _walk(phase: float) -> Pose:
    return _gait(phase, 24, 42, 22, 4, 12, "walk")


def _run(phase: float) -> Pose:
    return _gait(phase, 42, 95, 45, 12, 70, "run")


_PROCEDURAL: dict[str, tuple[Callable[[float], Pose], float]] = {
    "walk": (_walk, 1.1),
    "enter": (_walk, 1.1),
    "exit": (_walk, 1.1),
    "run": (_run, 0.65),
    "wave": (_wave, 0.8),
    "nod": (_nod, 0.8),
    "shake_head": (_shake, 0.9),
    "laugh": (_laugh, 0.9),
    "cry": (_cry, 1.6),
    "dance": (_dance, 1.2),
}

_REACH = replace(POSES["give"], arm_front=(80, 4, 82, 2))
MOTIONS: dict[str, Motion] = {
    "sit": Motion(
        ((0.0, STAND), (0.45, replace(blend(STAND, SIT, 0.5), lean=28)), (1.0, SIT)), 1.3
    ),
    "rise": Motion(
        ((0.0, SIT), (0.5, replace(blend(STAND, SIT, 0.5), lean=28)), (1.0, STAND)), 1.3
    ),
    "kneel": Motion(
        ((0.0, STAND), (0.5, blend(STAND, POSES["kneel"], 0.5)), (1.0, POSES["kneel"])), 1.2
    ),
    "sit_ground": Motion(
        (
            (0.0, STAND),
            (0.5, replace(blend(STAND, POSES["sit_ground"], 0.45), lean=30)),
            (1.0, POSES["sit_ground"]),
        ),
        1.6,
    ),
    "pray": Motion(((0.0, STAND), (1.0, POSES["pray"])), 0.9),
    "point": Motion(
        ((0.0, STAND), (0.7, replace(POSES["point"], lean=4)), (1.0, POSES["point"])), 0.6
    ),
    "give": Motion(((0.0, POSES["hold"]), (0.7, _REACH), (1.0, POSES["give"])), 1.1),
    "take": Motion(((0.0, STAND), (0.45, _REACH), (1.0, POSES["hold"])), 1.2),
    "hold": Motion(((0.0, STAND), (1.0, POSES["hold"])), 0.6),
    "embrace": Motion(
        ((0.0, STAND), (0.6, blend(STAND, POSES["embrace"], 0.7)), (1.0, POSES["embrace"])), 1.0
    ),
    "look": Motion(((0.0, STAND), (1.0, replace(STAND, head_turn=34, head_pitch=-4))), 0.6),
    "turn_away": Motion(
        ((0.0, STAND), (1.0, replace(STAND, turn=150, head_turn=-25, head_pitch=8))), 0.9
    ),
}

#: Poses a figure can take that are not plan verbs: the talking gesture, sitting on the
#: ground, getting up from a seat ("stand" itself is the standing state, so the default
#: Acting stands).
EXTRA_POSES = ("talk", "sit_ground", "umbrella", "rise")


def motion_seconds(verb: str) -> float:
    """How long one cycle (or the whole motion) of `verb` takes, to turn time into phase."""
    if verb in _PROCEDURAL:
        return _PROCEDURAL[verb][1]
    motion = MOTIONS.get(verb)
    return motion.seconds if motion is not None else 1.0


#: How far one step carries the body, per degree of stride (figure heights: the legs are
#: about 0.48 of the height, a step spans both legs' swing).
_LEG = 0.48
_STRIDES = {"walk": 24.0, "enter": 24.0, "exit": 24.0, "run": 42.0}


def speed(verb: str) -> float:
    """How fast the verb carries a figure across the ground, in its heights per second
    (0 for verbs done on the spot): moving the actor this fast keeps the feet from sliding."""
    stride = _STRIDES.get(verb)
    if stride is None:
        return 0.0
    two_steps = 4 * _LEG * math.sin(math.radians(stride))
    return two_steps / motion_seconds(verb)


def is_cyclic(verb: str) -> bool:
    """Whether the verb's motion loops (walking, waving) or ends in a held pose (sitting)."""
    return verb in _PROCEDURAL or verb == "talk"


def phase_at(verb: str, seconds: float) -> float:
    """The phase `seconds` after an action starts: looping, or held at 1 once it is done."""
    p = seconds / motion_seconds(verb)
    return p % 1.0 if is_cyclic(verb) else min(1.0, max(0.0, p))


def _talk(phase: float) -> Pose:
    """Talking hands: the forearm lifts and opens in beats with the speech."""
    beat = 0.5 + 0.5 * math.sin(math.tau * phase)
    return replace(POSES["talk"], arm_front=(14 + 8 * beat, 22, 55 + 22 * beat, 40 - 10 * beat))


def pose_at(verb: str, phase: float) -> Pose:
    """The pose `phase` (0..1) through `verb`; unknown verbs stand."""
    phase = min(1.0, max(0.0, phase))
    if verb in _PROCEDURAL:
        return _PROCEDURAL[verb][0](phase)
    if verb == "talk":
        return _talk(phase)
    if verb in MOTIONS:
        return _keyed(MOTIONS[verb], phase)
    return POSES.get(verb, STAND)


def settled_phase(verb: str) -> float:
    """The phase at which a verb shows its lasting state: the end of a motion that ends
    somewhere (seated, kneeling), the start of a cycle. A still picture draws this one."""
    return 0.0 if is_cyclic(verb) or verb not in MOTIONS else 1.0


#: How each expression bends a body whose arms are free (standing, talking, sitting).
_BODY: dict[str, dict[str, object]] = {
    "sad": {"head_pitch": 14.0, "lean": 5.0},
    "happy": {"head_pitch": -5.0},
    "angry": {
        "lean": 7.0,
        "head_pitch": 6.0,
        "arm_front": (12, 18, 42, 10),
        "arm_back": (-8, 18, 40, 10),
    },
    "afraid": {
        "lean": -7.0,
        "head_pitch": 4.0,
        "arm_front": (34, 10, 120, -30),
        "arm_back": (28, 10, 112, -30),
    },
    "surprised": {
        "head_pitch": -8.0,
        "lean": -3.0,
        "arm_front": (18, 28, 40, 30),
        "arm_back": (10, 28, 36, 30),
    },
    "thoughtful": {
        "head_pitch": 8.0,
        "head_turn": 12.0,
        "arm_front": POSES["thoughtful_arm"].arm_front,
        "arm_back": POSES["thoughtful_arm"].arm_back,
    },
}
_FREE_ARMS = ("stand", "sit", "sit_ground", "look", "nod", "shake_head")


def with_expression(pose: Pose, verb: str, expression: str, body: bool = True) -> Pose:
    """The pose bent by the face's feeling: the head always; with `body`, the lean too and
    the arms when the verb leaves them free."""
    changes = _BODY.get(expression)
    if not changes:
        return pose
    out: dict[str, object] = {}
    for key, value in changes.items():
        if key.startswith("arm"):
            if body and verb in _FREE_ARMS:
                out[key] = value
        elif isinstance(value, float) and (body or key.startswith("head")):
            out[key] = getattr(pose, key) + value
    return replace(pose, **out)  # type: ignore[arg-type]


#: Verbs that use the hand a prop is held in (the prop stays in it, the arm does the verb).
BUSY_HAND = frozenset(
    {"wave", "point", "give", "take", "hold", "pray", "embrace", "cry", "dance", "laugh"}
)


def acted_pose(
    verb: str, phase: float, expression: str, holding: bool, body_language: bool
) -> Pose:
    """The pose for one instant of acting: the verb's motion, the head bent by the feeling
    (the whole body where the face is too small to read: `body_language`), the near hand
    kept on a held prop."""
    pose = with_expression(pose_at(verb, phase), verb, expression, body_language)
    if holding and verb not in BUSY_HAND:
        pose = replace(pose, arm_front=HOLD_ARM)
    return pose
