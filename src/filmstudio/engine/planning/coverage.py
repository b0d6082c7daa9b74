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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class _Group:
    """Lines one shot covers, and who speaks them (None: the narrator or several)."""

    lines: list[int]
    speaker: str | None


def cover(plan: FilmPlan) -> FilmPlan:
    """The plan with shots and a transition for every scene that has no shots yet.

    Scenes a user (or an LLM) already cut into shots are kept as they are, so `cover` can run
    on any plan: a fresh one, a version 1 plan, an edited one.
    """
    scenes: list[Scene] = []
    for index, scene in enumerate(plan.scenes):
        if scene.shots:
            scenes.append(scene)
            continue
        previous = plan.scenes[index - 1] if index else None
        transition = scene_transition(scene, previous)
        shots = cover_scene(scene, index, transition, long_shots(plan), stretch(plan))
        scenes.append(scene.model_copy(update={"shots": shots, "transition": transition}))
    return plan.model_copy(update={"scenes": scenes})


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


def cover_scene(
    scene: Scene, index: int, transition: Transition, long: bool, factor: float = 1.0
) -> list[Shot]:
    """The shots of one scene, in order, covering each of its lines once."""
    longest = LONG_SHOT_S if long else SHOT_S
    groups = group_lines(scene.dialogue, longest, factor) or [_Group([], None), _Group([], None)]
    verse = bool(scene.dialogue) and all(line.delivery == "recite" for line in scene.dialogue)
    picker = _verse_kind if verse else _story_kind
    shots: list[Shot] = []
    for number, group in enumerate(groups):
        if number == 0:
            kind: ShotKind = "establishing" if index == 0 or transition == "dissolve" else "wide"
            subject = None
        else:
            kind, subject = picker(scene, group, number, shots)
        shots.append(Shot(kind=kind, subject=subject, move="static", lines=group.lines))
    return _with_moves(shots, index)


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
    unused = [p.name for p in scene.props if all(s.subject != p.name for s in shots)]
    if unused and shots[-1].kind != "insert":
        return "insert", unused[0]
    if len(people) >= 2 and shots[-1].kind != "two-shot":
        return "two-shot", None
    if people and shots[-1].kind != "medium":
        return "medium", people[(number // 2) % len(people)]
    return "wide", None


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
    place_detail = _VERSE_DETAILS.get(scene.setting.place, "sky")
    details = list(dict.fromkeys([p.name for p in scene.props] + [place_detail, "sky"]))
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
