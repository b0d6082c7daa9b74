"""Coverage: the shots an editor would cut a scene into, and how each scene enters.

Why it is planned and not left to the renderer: a scene shown as one picture for 13 s is a
slideshow. Each scene opens wide (an establishing shot for a new place), then follows who
talks: close-ups and over-the-shoulders of the speaker, now and then the listener's
reaction, an insert on a prop the scene names over narration. Cuts fall only between lines
(shots cover whole lines), so speech time estimated from words sets the shot lengths: about
5 s a shot for stories, 7 s for documentaries and verse, never under 1.5 s. Verse gets slow,
contemplative coverage that still varies (the place, the flame, the river, the sky). Sides
follow the 180° rule without recording anything: the renderer puts `scene.characters[0]` on
the left in every shot.

A sparse film (few words over a long film) spends most of its time in pauses and scene holds,
and a line is covered only once: so `cover` estimates the film's timing from words (the real
timing rule, on stand-in speech) and fills long pauses with shots that cover no line (the place
before anyone speaks, the listener's reaction, an insert on a prop or the place's detail, a wide
of the place after the last line). It keeps only the cutaways the renderer's cut rule
(`animate.edit.cut_list`) would show at least SHORTEST_CUTAWAY_S long on that estimate.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from filmstudio.engine.errors import TimingError
from filmstudio.engine.plan import (
    NARRATOR,
    CameraMove,
    FilmPlan,
    Line,
    Scene,
    Shot,
    ShotKind,
    Transition,
)
from filmstudio.engine.script.text import words

if TYPE_CHECKING:
    from filmstudio.engine.timing import Timeline

WORDS_PER_SECOND = 2.5
VERSE_WORDS_PER_SECOND = 1.6
#: The pause a voice leaves around each line (timing adds about this much).
LINE_PAUSE_S = 0.4
SHORTEST_SHOT_S = 1.5
#: Silence timing leaves around each scene's lines (lead-in and tail, about).
SCENE_PAUSE_S = 1.4
#: A shot gathers lines up to about this long (stories; documentaries and verse: LONG).
SHOT_S = 5.0
LONG_SHOT_S = 7.0

#: A cutaway shorter than this on the estimated timing (seconds) is not planned: real speech runs
#: longer or shorter than words suggest, and the renderer merges shots under 1.2 s away.
SHORTEST_CUTAWAY_S = 2.5
#: Samples a second of the silent stand-in speech the timing is estimated on.
_STAND_IN_RATE = 1000

#: Moves in the order a scene runs through them (static belongs to close-ups).
MOVES: tuple[CameraMove, ...] = (
    "push_in",
    "truck_right",
    "drift",
    "pull_out",
    "pan_left",
    "pedestal_up",
    "truck_left",
    "pan_right",
    "pedestal_down",
)
#: Inserts creep slowly towards or along their detail.
INSERT_MOVES: tuple[CameraMove, ...] = ("push_in", "pedestal_up", "drift")
#: Detail shots for verse when the scene names no prop: the place's own light or water.
_VERSE_DETAILS: dict[str, str] = {"temple": "diya", "river": "river", "beach": "sea"}
#: Actions that carry a character (and what they hold) across the set: an insert framed on
#: where their prop was would hold an empty place once they go.
_TRAVEL = frozenset({"enter", "exit", "walk", "run"})
#: ... and those that leave them off their marks when the scene ends.
_AWAY = frozenset({"exit", "walk", "run"})
#: Kinds the renderer draws as the subject's portrait, in front of the subject's medium
#: framing softened: cut to or from a medium of the same subject, the place behind stays
#: put while the person jumps bigger (a jump cut).
_PORTRAITS = frozenset({"close-up", "over-the-shoulder", "reaction"})
#: Place-only framings: a film does not end on one when there are people to end on.
_PLACE_ONLY = frozenset({"insert", "wide", "establishing"})


@dataclass(frozen=True)
class _Group:
    """Lines one shot covers, and who speaks them (None: the narrator or several); a group
    with no lines is a cutaway in the pause after the lines before it."""

    lines: list[int]
    speaker: str | None


@dataclass(frozen=True)
class Pauses:
    """A scene's silences on the estimated timing (seconds): before its first line, before
    each later line, after its last."""

    lead: float
    gaps: tuple[float, ...]
    tail: float


def cover(plan: FilmPlan) -> FilmPlan:
    """The plan with shots and a transition for every scene that has no shots yet.

    Scenes a user (or an LLM) already cut into shots are kept as they are, so `cover` can run
    on any plan: a fresh one, a version 1 plan, an edited one.
    """
    timeline = estimated_timeline(plan)
    longest = LONG_SHOT_S if long_shots(plan) else SHOT_S
    runs: dict[int, list[_Group]] = {}
    for index, scene in enumerate(plan.scenes):
        if not scene.shots:
            pauses = scene_pauses(timeline, index) if timeline else None
            runs[index] = scene_groups(scene, longest, stretch(plan), pauses)
    if timeline:
        runs = _shown(plan, timeline, runs)
    scenes: list[Scene] = []
    for index, scene in enumerate(plan.scenes):
        if index not in runs:
            scenes.append(scene)
            continue
        transition = scene_transition(scene, plan.scenes[index - 1] if index else None)
        before = scenes[-1].shots[-1] if scenes and scenes[-1].shots else None
        shots = shots_for(scene, index, transition, runs[index], before)
        if index == len(plan.scenes) - 1:
            shots = end_on_people(scene, shots, index)
        scenes.append(scene.model_copy(update={"shots": shots, "transition": transition}))
    return plan.model_copy(update={"scenes": scenes})


def estimated_timeline(plan: FilmPlan) -> Timeline | None:
    """The film's timing (the renderer's own rule) on silent stand-in speech as long as words
    suggest; None when the speech will not fit the film's length."""
    # Imported here: timing and the edit pull in the voice and picture stacks, which
    # planning (a light import for the API and CLI) needs only when it covers a plan.
    from filmstudio.engine.timing import fit_timeline
    from filmstudio.engine.voice.base import Speech

    speeches = [
        [
            Speech(
                np.zeros(round(speech_seconds(line) * _STAND_IN_RATE), np.float32), _STAND_IN_RATE
            )
            for line in scene.dialogue
        ]
        for scene in plan.scenes
    ]
    try:
        return fit_timeline(plan, speeches)[1]
    except TimingError:
        return None


def scene_pauses(timeline: Timeline, index: int) -> Pauses:
    """Scene `index`'s silences on `timeline` (a scene without lines is all lead)."""
    lines = [timed for timed in timeline.lines if timed.scene_index == index]
    span = timeline.scenes[index]
    if not lines:
        return Pauses(span.duration, (), 0.0)
    gaps = tuple(after.start - before.end for before, after in itertools.pairwise(lines))
    return Pauses(lines[0].start - span.start, gaps, span.end - lines[-1].end)


def _shown(
    plan: FilmPlan, timeline: Timeline, runs: dict[int, list[_Group]]
) -> dict[int, list[_Group]]:
    """`runs` without the cutaways (groups of no line, not a scene's first) that the renderer's
    cut rule would show for less than SHORTEST_CUTAWAY_S on the estimated timing."""
    from filmstudio.engine.animate.edit import cut_list

    trial = plan.model_copy(
        update={
            "scenes": [
                scene.model_copy(update={"shots": [Shot(lines=g.lines) for g in runs[i]]})
                if i in runs
                else scene
                for i, scene in enumerate(plan.scenes)
            ]
        }
    )
    seen = {
        (cut.scene_index, cut.shot_index)
        for cut in cut_list(trial, timeline)
        if cut.frame_count >= SHORTEST_CUTAWAY_S * timeline.fps
    }
    shown: dict[int, list[_Group]] = {}
    for index, groups in runs.items():
        if not plan.scenes[index].dialogue:
            shown[index] = groups
            continue
        opening = (index, 0) in seen or bool(groups[0].lines)
        talk = next(k for k, group in enumerate(groups) if group.lines)
        shown[index] = [
            group
            for number, group in enumerate(groups)
            if group.lines
            or number == 0
            or ((index, number) in seen and (opening or number > talk))
        ]
    return shown


def long_shots(plan: FilmPlan) -> bool:
    """Verse and documentaries (prose nobody speaks in) hold their shots longer."""
    if plan.kind == "verse":
        return True
    spoken = any(line.speaker != NARRATOR for s in plan.scenes for line in s.dialogue)
    return plan.kind == "prose" and not spoken


def stretch(plan: FilmPlan) -> float:
    """How much longer on screen than in speech each line will be: timing spreads a film's
    spare seconds over its lines, so a sparse script needs a shot for fewer words."""
    speech = sum(speech_seconds(line) for s in plan.scenes for line in s.dialogue)
    return screen_factor(speech + SCENE_PAUSE_S * len(plan.scenes), plan.target_duration)


def screen_factor(speech_s: float, duration_s: float) -> float:
    """Screen time per second of speech (at least 1) for `speech_s` told in `duration_s`."""
    return max(1.0, duration_s / speech_s) if speech_s > 0 else 1.0


def scene_transition(scene: Scene, previous: Scene | None) -> Transition:
    """Fade in the first scene, dissolve when time passes or the place changes, else cut."""
    if previous is None:
        return "fade"
    before, now = previous.setting, scene.setting
    if (before.place, before.time_of_day) != (now.place, now.time_of_day):
        return "dissolve"
    return "cut"


def speech_seconds(line: Line) -> float:
    """About how long a line takes to say (verse is recited slower)."""
    rate = VERSE_WORDS_PER_SECOND if line.delivery in ("recite", "sing") else WORDS_PER_SECOND
    return len(words(line.text)) / rate + LINE_PAUSE_S


def group_lines(lines: Sequence[Line], longest: float, factor: float = 1.0) -> list[_Group]:
    """Runs of whole lines, one per shot: a new speaker or a full shot starts the next run;
    a run shorter than SHORTEST_SHOT_S joins the one before it. Times are on screen: speech
    times `factor`."""
    groups: list[tuple[list[int], list[str], float]] = []
    for index, line in enumerate(lines):
        seconds = speech_seconds(line) * factor
        if groups:
            members, speakers, total = groups[-1]
            short = total < SHORTEST_SHOT_S
            same = speakers[-1] == line.speaker
            if short or (same and total + seconds <= longest):
                groups[-1] = ([*members, index], [*speakers, line.speaker], total + seconds)
                continue
        groups.append(([index], [line.speaker], seconds))
    if len(groups) > 1 and groups[-1][2] < SHORTEST_SHOT_S:
        last = groups.pop()
        members, speakers, total = groups[-1]
        groups[-1] = (members + last[0], speakers + last[1], total + last[2])
    return [_Group(members, _one_speaker(speakers)) for members, speakers, _ in groups]


def _one_speaker(speakers: list[str]) -> str | None:
    """The character who speaks every line of a run, if there is one."""
    unique = set(speakers)
    return speakers[0] if len(unique) == 1 and speakers[0] != NARRATOR else None


def scene_groups(
    scene: Scene, longest: float, factor: float = 1.0, pauses: Pauses | None = None
) -> list[_Group]:
    """The runs of lines a scene is cut into, with cutaways in the long pauses of `pauses`
    when they are known (runs of no line for a scene without lines)."""
    if not scene.dialogue:  # shots that share the scene's time, about `longest` each
        count = max(2, math.ceil(pauses.lead / longest)) if pauses else 2
        return [_Group([], None)] * count
    groups = group_lines(scene.dialogue, longest, factor)
    return with_cutaways(groups, pauses, longest) if pauses else groups


def shots_for(
    scene: Scene,
    index: int,
    transition: Transition,
    groups: Sequence[_Group],
    before: Shot | None = None,
) -> list[Shot]:
    """A shot for each run: the opening, then the speaker, listener or detail it calls for;
    `before` is the previous scene's last shot (a cut must not repeat its framing)."""
    verse = bool(scene.dialogue) and all(line.delivery == "recite" for line in scene.dialogue)
    picker = _verse_kind if verse else _story_kind
    shots: list[Shot] = []
    for number, group in enumerate(groups):
        if number == 0:
            kind, subject = _opening_kind(scene, index, transition, not group.lines, before)
        elif scene.dialogue and not group.lines:
            kind, subject = _cutaway_kind(scene, shots)
        else:
            kind, subject = picker(scene, group, number, shots)
        shots.append(Shot(kind=kind, subject=subject, move="static", lines=group.lines))
    return _with_moves(without_jump_cuts(scene, shots, before), index)


def _jump(a: Shot, b: Shot) -> bool:
    """Whether cutting between `a` and `b` is a jump cut: the same person in a medium and in
    a portrait, in front of the same place."""
    kinds = {a.kind, b.kind}
    return (
        a.subject is not None
        and a.subject == b.subject
        and "medium" in kinds
        and bool(kinds & _PORTRAITS)
    )


def without_jump_cuts(scene: Scene, shots: list[Shot], before: Shot | None = None) -> list[Shot]:
    """`shots` with each medium that a portrait of the same person cuts to or from reframed:
    the people together (two-shot) when there are two, else the place they are in (wide),
    whichever its neighbours are not; `before` is the previous scene's last shot."""
    people = [name for name in dict.fromkeys(scene.characters) if name != NARRATOR]
    out = list(shots)
    for number, shot in enumerate(out):
        if shot.kind != "medium":
            continue
        previous = out[number - 1] if number else before
        following = out[number + 1] if number + 1 < len(out) else None
        if not any(n is not None and _jump(shot, n) for n in (previous, following)):
            continue
        beside = {n.kind for n in (previous, following) if n is not None}
        options: list[ShotKind] = ["two-shot"] if len(people) >= 2 else []
        options += ["wide", "establishing"]
        kind = next((k for k in options if k not in beside), options[0])
        out[number] = shot.model_copy(update={"kind": kind, "subject": None})
    return out


def end_on_people(scene: Scene, shots: list[Shot], index: int) -> list[Shot]:
    """The film's last shots end on its people, not on an empty place or a detail (the fade to
    black closes on them): a last insert or wide of a scene with people in it becomes the
    people together (or the one person), merged into the shot before when that already is.
    People who walk away from their marks (walk, run, exit) are followed by the whole place
    (the establishing framing): a closer framing is set on their marks and is left empty
    once they go. A scene of one shot keeps its establishing shot (the people are in it)."""
    people = [name for name in dict.fromkeys(scene.characters) if name != NARRATOR]
    if len(shots) < 2 or not people:
        return shots
    last = shots[-1]
    kind: ShotKind
    walking = {a.who for a in scene.actions if a.action in _AWAY} & set(people)
    if walking:
        kind, subject = "establishing", None
    elif last.kind in _PLACE_ONLY:
        kind = "two-shot" if len(people) >= 2 else "medium"
        subject = None if len(people) >= 2 else people[0]
        if _jump(Shot(kind=kind, subject=subject), shots[-2]):
            kind, subject = "wide", None
    else:
        return shots
    if (last.kind, last.subject) == (kind, subject):
        return shots
    if (shots[-2].kind, shots[-2].subject) == (kind, subject):
        merged = shots[-2].model_copy(update={"lines": shots[-2].lines + last.lines})
        return [*shots[:-2], merged]
    ending = last.model_copy(update={"kind": kind, "subject": subject})
    return _with_moves([*shots[:-1], ending], index)


def _opening_kind(
    scene: Scene,
    index: int,
    transition: Transition,
    quiet: bool,
    before: Shot | None = None,
) -> tuple[ShotKind, str | None]:
    """A new place or time opens on the establishing shot. A scene in the same place opens on
    who is there (the silence before its first line on one of them), or on a wide; never on
    the framing the previous scene ended on, or the cut would not show."""
    if index == 0 or transition == "dissolve":
        return "establishing", None
    people = list(dict.fromkeys(c for c in scene.characters if c != NARRATOR))
    options: list[tuple[ShotKind, str | None]] = []
    if people:
        options.append(("medium", people[0]) if quiet or len(people) < 2 else ("two-shot", None))
        options.append(("medium", people[index % len(people)]))
    options.append(("wide", None))
    for kind, subject in options:
        if before is None or (kind, subject) != (before.kind, before.subject):
            return kind, subject
    return options[-1]


def with_cutaways(groups: list[_Group], pauses: Pauses, longest: float) -> list[_Group]:
    """`groups` with cutaways (groups of no line) in the pauses long enough for them: the
    place before the first line, then about one a `longest` seconds of each pause, none
    shorter than SHORTEST_CUTAWAY_S if the pause were shared (the renderer shows what its cut
    rule allows; `_shown` drops the rest)."""
    from filmstudio.engine.animate.edit import CUT_LEAD

    def cutaways(pause: float) -> list[_Group]:
        usable = pause - 2 * CUT_LEAD
        most = math.floor(usable / SHORTEST_CUTAWAY_S)
        return [_Group([], None)] * min(math.ceil(usable / longest), most) if most else []

    out = cutaways(pauses.lead + CUT_LEAD)
    for group in groups:
        first = group.lines[0] if group.lines else 0
        if out and first > 0:
            out += cutaways(pauses.gaps[first - 1])
        out.append(group)
    return out + cutaways(pauses.tail + CUT_LEAD)


def shown_props(scene: Scene) -> list[str]:
    """The scene's props an insert can be framed on: not one held by someone who walks, runs,
    enters or leaves (the insert would frame where it was, soon an empty place)."""
    travellers = {action.who for action in scene.actions if action.action in _TRAVEL}
    return [p.name for p in scene.props if p.holder is None or p.holder not in travellers]


def _details(scene: Scene) -> list[str]:
    """What an insert may show: the props that stay, the place's light or water, the sky."""
    place = _VERSE_DETAILS.get(scene.setting.place, "sky")
    return list(dict.fromkeys([*shown_props(scene), place, "sky"]))


def _cutaway_kind(scene: Scene, shots: Sequence[Shot]) -> tuple[ShotKind, str | None]:
    """A shot in a pause: the listener's reaction to the last line, a detail (a prop, the
    place's light or water, the sky), someone who is not speaking, or a wide of the place; in
    turn along the film, never the kind just before."""
    heard = max((i for shot in shots for i in shot.lines), default=-1)
    speaker = scene.dialogue[heard].speaker if heard >= 0 else NARRATOR
    people = list(dict.fromkeys(scene.characters))
    others = [name for name in people if name != speaker]
    details = _details(scene)
    used = [shot.subject for shot in shots if shot.kind == "insert"]
    fresh = [d for d in details if d not in used] or details
    options: list[tuple[ShotKind, str | None]] = [("insert", fresh[0])]
    if others:
        options.append(("reaction", others[0]) if speaker != NARRATOR else ("medium", others[0]))
    options.append(("wide", None))
    turn = (sum(1 for shot in shots[1:] if not shot.lines) + scene.scene_number) % len(options)
    for kind, subject in options[turn:] + options[:turn]:
        if kind != shots[-1].kind:
            return kind, subject
    return options[turn]


def _story_kind(
    scene: Scene, group: _Group, number: int, shots: Sequence[Shot]
) -> tuple[ShotKind, str | None]:
    """A story's shot for a run of lines: the speaker, the listener now and then, or a
    detail or the people over narration."""
    people = list(dict.fromkeys(scene.characters))
    if group.speaker is not None:
        listeners = [name for name in people if name != group.speaker]
        talking = [s for s in shots if s.kind in ("close-up", "over-the-shoulder", "reaction")]
        if listeners and len(talking) % 3 == 2:
            return "reaction", _last_other_speaker(scene, group, listeners)
        if listeners and len(talking) % 2 == 1:
            return "over-the-shoulder", group.speaker
        return "close-up", group.speaker
    unused = [name for name in shown_props(scene) if all(s.subject != name for s in shots)]
    if unused and shots[-1].kind != "insert":
        return "insert", unused[0]
    if len(people) >= 2 and shots[-1].kind != "two-shot":
        return "two-shot", None
    if people and shots[-1].kind != "medium":
        return "medium", people[(number // 2) % len(people)]
    if shots[-1].kind in ("wide", "establishing"):  # narration over an empty place
        return "insert", _place_detail(scene, shots)
    return "wide", None


def _place_detail(scene: Scene, shots: Sequence[Shot]) -> str:
    """A detail of the place for an insert (its light or water, the sky; a prop if it has
    one), the one least shown so far in the scene (scenes start at different ones), so
    narration over an empty place varies its framings instead of cutting wide to wide."""
    details = _details(scene)
    shown = [shot.subject for shot in shots if shot.kind == "insert"]
    turn = scene.scene_number % len(details)
    return min(
        details, key=lambda name: (shown.count(name), (details.index(name) - turn) % len(details))
    )


def _last_other_speaker(scene: Scene, group: _Group, listeners: list[str]) -> str:
    """Whom the speaker is talking to: the last other character who spoke, else the first."""
    before = [scene.dialogue[i].speaker for i in range(group.lines[0])]
    spoke = [name for name in reversed(before) if name in listeners]
    return spoke[0] if spoke else listeners[0]


def _verse_kind(
    scene: Scene, group: _Group, number: int, shots: Sequence[Shot]
) -> tuple[ShotKind, str | None]:
    """Verse: the place, a detail (the flame, the river, the sky), the people, another
    detail, in turn."""
    details = _details(scene)
    people = list(dict.fromkeys(scene.characters))
    inserts = sum(1 for shot in shots if shot.kind == "insert")
    turn = number % 4
    if turn in (1, 3):
        return "insert", details[(inserts + scene.scene_number - 1) % len(details)]
    if turn == 2 and people:
        return "medium", people[(number // 4) % len(people)]
    return "wide", None


def _with_moves(shots: list[Shot], index: int) -> list[Shot]:
    """Moves varied along the scene (close-ups and reactions hold still; inserts creep)."""
    moved: list[Shot] = []
    turn = index * 2
    for shot in shots:
        move: CameraMove
        if shot.kind in ("close-up", "reaction"):
            move = "static"
        elif shot.kind == "insert":
            inserts = sum(1 for s in moved if s.kind == "insert")
            move = INSERT_MOVES[(index + inserts) % len(INSERT_MOVES)]
        else:
            move = MOVES[turn % len(MOVES)]
            turn += 1
            if moved and moved[-1].move == move:
                move = MOVES[turn % len(MOVES)]
                turn += 1
        moved.append(shot.model_copy(update={"move": move}))
    return moved
