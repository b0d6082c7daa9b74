"""Coverage: shots cut on line boundaries, kinds that vary, transitions, v1 plans covered."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from filmstudio.engine.animate.edit import MIN_SHOT, cut_list
from filmstudio.engine.plan import NARRATOR, Action, FilmPlan, Line, Prop, Scene, Setting, Shot
from filmstudio.engine.planning import cover, make_plan
from filmstudio.engine.planning.coverage import (
    LONG_SHOT_S,
    SHORTEST_CUTAWAY_S,
    SHORTEST_SHOT_S,
    SHOT_S,
    end_on_people,
    estimated_timeline,
    group_lines,
    scene_transition,
    shown_props,
    speech_seconds,
    stretch,
    without_jump_cuts,
)
from filmstudio.engine.planning.lines import (
    FEWEST_LINE_WORDS,
    LINE_WORDS,
    line_budget,
    split_long,
)
from filmstudio.engine.request import FilmRequest
from filmstudio.engine.timing import fit_timeline
from filmstudio.engine.voice import cast, speak_line

EXAMPLES = Path(__file__).parents[3] / "examples"


def _plan(scenes: list[Scene], kind: str = "prose") -> FilmPlan:
    return FilmPlan.model_validate({"kind": kind, "scenes": [s.model_dump() for s in scenes]})


def _talk(lines: list[tuple[str, str]], **scene: object) -> Scene:
    dialogue = [Line(speaker=who, text=text) for who, text in lines]
    speakers = [who for who, _ in lines if who != NARRATOR]
    return Scene.model_validate(
        {
            "scene_number": 1,
            "characters": list(dict.fromkeys(speakers)),
            "dialogue": [line.model_dump() for line in dialogue],
            **scene,
        }
    )


CONVERSATION = [
    (NARRATOR, "The harbour is quiet at dusk and the boats are coming home one by one."),
    ("Lena", "He should be here by now, the sea was calm all day."),
    ("Mateo", "The boat is back, I saw its lantern past the rocks!"),
    ("Lena", "Then put the kettle on, child, and fetch the big basket."),
    ("Mateo", "He said the nets were so heavy that he could hardly pull them."),
    ("Lena", "Your grandfather always says that, every single evening of his life."),
    ("Mateo", "This time it is true, you will see it with your own eyes."),
]


def _shot_seconds(scene: Scene) -> list[float]:
    """Estimated speech each shot with lines covers (how lines are grouped; cutaways aside)."""
    return [sum(speech_seconds(scene.dialogue[i]) for i in s.lines) for s in scene.shots if s.lines]


def _estimated_cut_lengths(plan: FilmPlan) -> list[float]:
    """Shot lengths the renderer's cut rule gives on the timing estimated from words."""
    timeline = estimated_timeline(plan)
    assert timeline is not None
    return [cut.frame_count / timeline.fps for cut in cut_list(plan, timeline)]


def test_every_line_is_covered_once_in_order_and_cuts_fall_between_lines() -> None:
    scene = cover(_plan([_talk(CONVERSATION)])).scenes[0]
    covered = [i for shot in scene.shots for i in shot.lines]
    assert covered == list(range(len(CONVERSATION)))
    assert len(scene.shots) >= 4


def test_a_conversation_opens_wide_then_follows_speakers_and_listeners() -> None:
    scene = cover(_plan([_talk(CONVERSATION)])).scenes[0]
    kinds = [shot.kind for shot in scene.shots]
    assert kinds[0] == "establishing"
    assert {"close-up", "over-the-shoulder", "reaction"} <= set(kinds)
    for shot in scene.shots:
        spoken = {scene.dialogue[i].speaker for i in shot.lines}
        if shot.kind in ("close-up", "over-the-shoulder"):
            assert spoken == {shot.subject}  # the speaker is the subject
        if shot.kind == "reaction":
            assert shot.subject in scene.characters and shot.subject not in spoken
    # close-ups and reactions hold still; the other moves vary
    assert all(s.move == "static" for s in scene.shots if s.kind in ("close-up", "reaction"))
    moving = [s.move for s in scene.shots if s.kind not in ("close-up", "reaction")]
    assert all(a != b for a, b in itertools.pairwise(moving))


def test_narration_over_a_named_prop_gets_an_insert() -> None:
    narration = [
        (NARRATOR, "Night falls over the village and the wind rises from the hills."),
        (NARRATOR, "On the table the old lantern burns low, its glass black with soot."),
        (NARRATOR, "Nobody has trimmed its wick since the keeper went away last winter."),
    ]
    scene = _talk(narration, props=[Prop(name="lantern").model_dump()])
    shots = cover(_plan([scene])).scenes[0].shots
    assert any(s.kind == "insert" and s.subject == "lantern" for s in shots)


def test_shot_lengths_stay_within_the_targets() -> None:
    story = [(NARRATOR, "A short sentence of about eight words here.")] * 12
    shots = _shot_seconds(cover(_plan([_talk(story)])).scenes[0])
    assert min(shots) >= SHORTEST_SHOT_S and max(shots) <= SHOT_S + 0.01
    documentary = _plan([_talk(story)], kind="prose")
    assert max(_shot_seconds(cover(documentary).scenes[0])) <= LONG_SHOT_S + 0.01


def test_a_one_word_reply_joins_a_neighbour_instead_of_a_flash_cut() -> None:
    lines = [(NARRATOR, "The door opens slowly and a tall stranger steps inside."), ("Ana", "No.")]
    scene = _talk(lines)
    groups = group_lines(scene.dialogue, SHOT_S)  # speech fills the film: no stretch
    assert [group.lines for group in groups] == [[0, 1]]
    # the same reply on a film that stretches it to several seconds is a shot of its own
    stretched = group_lines(scene.dialogue, SHOT_S, factor=4.0)
    assert [group.lines for group in stretched] == [[0], [1]]


def test_transitions_fade_in_then_dissolve_when_time_or_place_changes() -> None:
    night = Setting(place="harbour", time_of_day="night")
    first = _talk(CONVERSATION[:2], setting=night.model_dump())
    same = first.model_copy(update={"scene_number": 2})
    later = first.model_copy(
        update={"scene_number": 3, "setting": Setting(place="harbour", time_of_day="dawn")}
    )
    moved = first.model_copy(update={"scene_number": 4, "setting": Setting(place="kitchen")})
    plan = cover(_plan([first, same, later, moved]))
    assert [s.transition for s in plan.scenes] == ["fade", "cut", "dissolve", "dissolve"]
    assert scene_transition(first, None) == "fade"


def test_a_scene_without_lines_gets_several_empty_shots() -> None:
    quiet = Scene(scene_number=1, characters=["Ana", "Ben"])
    short = FilmPlan.model_validate({"target_duration": 30, "scenes": [quiet, _talk(CONVERSATION)]})
    shots = cover(short).scenes[0].shots
    assert len(shots) >= 2 and all(s.lines == [] for s in shots)
    assert len({s.kind for s in shots}) == len(shots)
    # alone in a minute (nobody speaks: documentary pace) a shot every LONG_SHOT_S or so
    long = cover(_plan([quiet])).scenes[0].shots
    assert len(long) >= 60 / LONG_SHOT_S and all(s.lines == [] for s in long)
    assert all((a.kind, a.subject) != (b.kind, b.subject) for a, b in itertools.pairwise(long))
    assert len({s.kind for s in long}) >= 3


def test_cover_keeps_shots_a_user_already_cut() -> None:
    plan = cover(_plan([_talk(CONVERSATION)]))
    edited = plan.model_copy(
        update={"scenes": [plan.scenes[0].model_copy(update={"transition": "dissolve"})]}
    )
    assert cover(edited) == edited


def test_verse_is_covered_slowly_with_details_of_the_place() -> None:
    text = (EXAMPLES / "gita-2-47.txt").read_text(encoding="utf-8")
    plan = make_plan(text, FilmRequest(script=text, duration=45))
    shots = [shot for scene in plan.scenes for shot in scene.shots]
    kinds = {shot.kind for shot in shots}
    assert "insert" in kinds and len(kinds) >= 2
    assert len({shot.move for shot in shots}) >= 4
    seconds = [t for scene in plan.scenes for t in _shot_seconds(scene)]
    assert sum(seconds) / len(seconds) <= 9.0 and min(seconds) >= 1.2


@pytest.mark.parametrize("seconds", [60, 120, 180])
@pytest.mark.parametrize(
    "name", ["beach-reunion.fountain", "lighthouse-keeper.txt", "mercado.txt", "monsoon.txt"]
)
def test_examples_average_under_seven_seconds_a_shot(name: str, seconds: int) -> None:
    """On the timing estimated from words, with the renderer's cut rule (real speech: the
    slow test below and bench/shots.py)."""
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    plan = make_plan(text, FilmRequest(script=text, duration=seconds))
    lengths = _estimated_cut_lengths(plan)
    assert sum(lengths) / len(lengths) <= 7.0
    assert min(lengths) >= MIN_SHOT
    assert plan.scenes[0].transition == "fade"


def test_a_version_1_plan_is_upgraded_and_covered(tmp_path: Path) -> None:
    v1 = {
        "version": 1,
        "scenes": [
            {
                "scene_number": 1,
                "characters": ["Ana"],
                "dialogue": [
                    {"speaker": "Ana", "text": "Come closer.", "emotion": "whisper"},
                    {"text": "She lights the lamp and the room fills with a warm glow."},
                ],
            }
        ],
    }
    plan = cover(FilmPlan.model_validate(json.loads(json.dumps(v1))))
    scene = plan.scenes[0]
    assert plan.version == 2 and scene.dialogue[0].delivery == "whisper"
    assert [i for shot in scene.shots for i in shot.lines] == [0, 1]
    assert scene.transition == "fade"


def test_a_sparse_script_gets_shorter_lines_so_shots_stay_short() -> None:
    assert line_budget(150, 60) == LINE_WORDS  # speech fills the film
    assert line_budget(60, 60) < LINE_WORDS  # timing will stretch every line
    assert line_budget(10, 300) == FEWEST_LINE_WORDS
    dense = FilmPlan.model_validate({"target_duration": 30, "scenes": [_talk(CONVERSATION)]})
    sparse = dense.model_copy(update={"target_duration": 120.0})
    assert stretch(dense) == 1.0 and stretch(sparse) > 2.0
    assert len(cover(sparse).scenes[0].shots) >= len(cover(dense).scenes[0].shots)


def test_long_sentences_are_cut_at_clauses_or_before_and() -> None:
    sentence = (
        "A media mañana, músicos tocan un tango en la esquina y los niños corren entre "
        "los puestos de fruta"
    )
    pieces = split_long(sentence, 8)
    assert len(pieces) == 2 and pieces[1].startswith("y los niños")
    assert " ".join(pieces) == sentence
    assert split_long("Short and sweet, this one stays whole.", 8) == [
        "Short and sweet, this one stays whole."
    ]


def test_a_long_speech_on_a_sparse_film_becomes_lines_the_editor_can_cut_between() -> None:
    speech = (
        "I waited for you all winter, my love. " * 4 + "I kept the lamp burning every night. " * 5
    )
    script = f"INT. KITCHEN - NIGHT\n\nANA\n(softly)\n{speech.strip()}\n"
    dense = make_plan(script, FilmRequest(script=script, duration=30))
    sparse = make_plan(script, FilmRequest(script=script, duration=150))
    assert len(dense.scenes[0].dialogue) < len(sparse.scenes[0].dialogue)
    spoken = [line for scene in sparse.scenes for line in scene.dialogue]
    assert {(line.speaker, line.delivery) for line in spoken} == {("Ana", "whisper")}
    assert " ".join(line.text for line in spoken) == speech.strip()  # every word, in order


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "seconds", "target"),
    [
        ("beach-reunion.fountain", 60, 7.0),
        ("lighthouse-keeper.txt", 60, 7.0),
        ("mercado.txt", 60, 7.0),
        ("cafe-de-nuit.txt", 60, 7.0),
        ("monsoon.txt", 60, 9.0),
        ("gita-2-47.txt", 45, 9.0),
        ("lighthouse-keeper.txt", 180, 7.0),  # sparse: about 90 words over 3 minutes
        ("monsoon.txt", 120, 9.0),
    ],
)
def test_shots_on_real_speech_timing_meet_the_targets(
    name: str, seconds: int, target: float
) -> None:
    """Voiced with espeak and timed like a render: average shot length and shortest shot."""
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    plan = cast(make_plan(text, FilmRequest(script=text, duration=seconds)), {})
    speeches = [
        [speak_line(line, _voice(plan, line.speaker), "espeak") for line in scene.dialogue]
        for scene in plan.scenes
    ]
    _, timeline = fit_timeline(plan, speeches)
    lengths = [cut.frame_count / timeline.fps for cut in cut_list(plan, timeline)]
    assert sum(lengths) / len(lengths) <= target
    assert min(lengths) >= MIN_SHOT


def _voice(plan: FilmPlan, speaker: str) -> str:
    character = plan.character(speaker)
    return character.voice if character and character.voice else plan.narrator_voice


def _sparse_and_dense() -> tuple[FilmPlan, FilmPlan]:
    """The conversation as three scenes on a beach, in 45 s (dense) and in 100 s (sparse)."""
    beach = {"setting": Setting(place="beach").model_dump()}
    kettle = {"props": [Prop(name="kettle").model_dump()]}
    scenes = [
        _talk(CONVERSATION[:3], scene_number=1, **beach),
        _talk(CONVERSATION[3:5], scene_number=2, **beach, **kettle),
        _talk(CONVERSATION[5:], scene_number=3, **beach),
    ]
    dense = FilmPlan.model_validate({"target_duration": 45, "scenes": scenes})
    return dense, dense.model_copy(update={"target_duration": 100.0})


def test_a_dense_film_has_no_cutaways_and_a_sparse_one_fills_its_pauses() -> None:
    dense, sparse = (cover(plan).scenes for plan in _sparse_and_dense())
    assert all(shot.lines for scene in dense for shot in scene.shots)
    cutaways = [shot for scene in sparse for shot in scene.shots if not shot.lines]
    assert len(cutaways) >= len(sparse) + 1
    assert not sparse[0].shots[0].lines  # the place is seen before anyone speaks
    for scene in sparse:
        assert [i for shot in scene.shots for i in shot.lines] == list(range(len(scene.dialogue)))


def test_cutaways_show_a_listener_or_a_detail_and_vary() -> None:
    kinds: set[str] = set()
    for scene in cover(_sparse_and_dense()[1]).scenes:
        heard = -1
        for before, shot in itertools.pairwise(scene.shots):
            heard = max([heard, *before.lines])
            assert (before.kind, before.subject) != (shot.kind, shot.subject)
            if shot.lines:
                continue
            kinds.add(shot.kind)
            if shot.kind == "reaction":  # the 180° rule: subjects are the scene's characters
                assert shot.subject in scene.characters
                assert shot.subject != scene.dialogue[heard].speaker
            if shot.kind == "insert":
                assert shot.subject in ("kettle", "sea", "sky")
    assert len(kinds) >= 2 and kinds & {"insert", "reaction"}


def test_a_sparse_example_meets_the_targets_only_with_its_cutaways() -> None:
    text = (EXAMPLES / "mercado.txt").read_text(encoding="utf-8")
    plan = make_plan(text, FilmRequest(script=text, duration=150))
    lengths = _estimated_cut_lengths(plan)
    assert sum(lengths) / len(lengths) <= 7.0 and min(lengths) >= MIN_SHOT
    talking = [
        scene.model_copy(update={"shots": [shot for shot in scene.shots if shot.lines]})
        for scene in plan.scenes
    ]
    without = _estimated_cut_lengths(plan.model_copy(update={"scenes": talking}))
    assert sum(without) / len(without) > 7.0  # the cutaways are what meets the target


def test_every_planned_cutaway_is_long_enough_for_the_renderer_to_show() -> None:
    plan = cover(_sparse_and_dense()[1])
    timeline = estimated_timeline(plan)
    assert timeline is not None
    shown = {(c.scene_index, c.shot_index): c.frame_count for c in cut_list(plan, timeline)}
    for index, scene in enumerate(plan.scenes):
        for number, shot in enumerate(scene.shots):
            if not shot.lines and number:
                assert shown[index, number] >= SHORTEST_CUTAWAY_S * timeline.fps


def test_a_script_too_long_for_its_film_is_still_covered_without_cutaways() -> None:
    long_talk = _talk(CONVERSATION * 6)
    plan = FilmPlan.model_validate({"target_duration": 30, "scenes": [long_talk]})
    assert estimated_timeline(plan) is None  # timing will refuse it; coverage must not
    assert all(shot.lines for shot in cover(plan).scenes[0].shots)


def test_the_lighthouse_keepers_night_scenes_cut_between_different_framings() -> None:
    """Four scenes on the same night cliffs: before, each opened on the wide the last ended on,
    and a viewer saw one long shot."""
    script = (Path(__file__).parents[3] / "examples" / "lighthouse-keeper.txt").read_text()
    plan = make_plan(script, FilmRequest(script=script, duration=60))
    for before, after in itertools.pairwise(plan.scenes):
        if after.transition == "cut":
            last, first = before.shots[-1], after.shots[0]
            assert (first.kind, first.subject) != (last.kind, last.subject), after.scene_number


def test_a_long_narration_over_an_empty_place_is_cut_into_varied_shots() -> None:
    paragraph = [
        (NARRATOR, "The river begins as snow on the high peaks far above the valley."),
        (NARRATOR, "In spring the snow melts and thin streams run down the dark rocks."),
        (NARRATOR, "The streams join one another until they become a roaring torrent."),
        (NARRATOR, "The torrent cuts deep gorges through the mountains toward the plains."),
        (NARRATOR, "By the first villages it is wide and slow and brown with silt."),
    ]
    river = Setting(place="river", time_of_day="day")
    scene = cover(_plan([_talk(paragraph, setting=river.model_dump())])).scenes[0]
    lined = [shot for shot in scene.shots if shot.lines]
    assert len(lined) >= 4  # cut between the sentences, not one picture under them all
    assert [i for shot in lined for i in shot.lines] == list(range(len(paragraph)))
    framings = [(shot.kind, shot.subject) for shot in scene.shots]
    assert all(a != b for a, b in itertools.pairwise(framings)), framings
    assert {"wide", "insert"} <= {kind for kind, _ in framings}


def _examples_plan(name: str, seconds: int = 60) -> FilmPlan:
    script = (EXAMPLES / name).read_text(encoding="utf-8")
    return make_plan(script, FilmRequest(script=script, duration=seconds))


PORTRAITS = {"close-up", "over-the-shoulder", "reaction"}


def _jump_cuts(plan: FilmPlan) -> list[tuple[int, str, str]]:
    """(scene number, kind, kind) of every cut between a medium and a portrait of the same
    person, inside a scene or from one scene into the next."""
    shots = [(scene.scene_number, shot) for scene in plan.scenes for shot in scene.shots]
    return [
        (number, a.kind, b.kind)
        for (_, a), (number, b) in itertools.pairwise(shots)
        if a.subject is not None
        and a.subject == b.subject
        and "medium" in {a.kind, b.kind}
        and {a.kind, b.kind} & PORTRAITS
    ]


def test_no_cut_from_a_medium_to_a_close_up_of_the_same_person() -> None:
    """The close-up's backdrop is the medium's own framing softened: cutting between them
    on one person only makes the person jump (lighthouse-keeper: medium Nora, then close-up
    Nora on her line; the-kite: close-up Ravi, then medium Ravi opening the next scene)."""
    alone = _talk(
        [
            (NARRATOR, "Far below, a fishing boat fought the waves, its lights going out."),
            ("Nora", "They can't see the rocks! Somebody has to warn them now!"),
        ]
    )
    shots = cover(_plan([alone, alone.model_copy(update={"scene_number": 2})])).scenes
    assert not _jump_cuts(_plan(list(shots)))
    for name in ("lighthouse-keeper.txt", "beach-reunion.fountain", "monsoon.txt"):
        assert not _jump_cuts(_examples_plan(name)), name
    kite = Path(__file__).parents[3] / "bench" / "scripts" / "the-kite.txt"
    script = kite.read_text(encoding="utf-8")
    assert not _jump_cuts(make_plan(script, FilmRequest(script=script, duration=60)))


def test_without_jump_cuts_reframes_the_medium_as_the_people_or_the_place() -> None:
    pair = _talk([("Ana", "Come here."), ("Ben", "Why?")])
    medium = Shot(kind="medium", subject="Ana", lines=[0])
    close = Shot(kind="close-up", subject="Ana", lines=[1])
    assert [s.kind for s in without_jump_cuts(pair, [medium, close])] == ["two-shot", "close-up"]
    alone = _talk([("Ana", "Come here."), ("Ana", "Now.")])
    assert [s.kind for s in without_jump_cuts(alone, [medium, close])] == ["wide", "close-up"]
    # a medium of someone else, or an over-the-shoulder after a two-shot, is left alone
    other = Shot(kind="medium", subject="Ben", lines=[0])
    assert without_jump_cuts(pair, [other, close]) == [other, close]


def test_a_film_ends_on_its_people_not_on_an_empty_place() -> None:
    """the-kite ended on an insert of the kite that Ravi had carried out of frame: 6 s of
    empty dark hillside before the fade to black."""
    kite = Path(__file__).parents[3] / "bench" / "scripts" / "the-kite.txt"
    script = kite.read_text(encoding="utf-8")
    plan = make_plan(script, FilmRequest(script=script, duration=60))
    last = plan.scenes[-1].shots[-1]
    # Ravi and Meera walk home: the whole hillside keeps them in view (a two-shot is framed
    # on the marks they walk away from)
    assert last.kind == "establishing" and plan.scenes[-1].characters
    lines = [i for shot in plan.scenes[-1].shots for i in shot.lines]
    assert lines == list(range(len(plan.scenes[-1].dialogue)))  # still every line, in order
    for name in ("lighthouse-keeper.txt", "beach-reunion.fountain", "monsoon.txt"):
        final = _examples_plan(name).scenes[-1]
        if any(who != NARRATOR for who in final.characters) and len(final.shots) > 1:
            assert final.shots[-1].kind not in ("insert", "wide", "establishing"), name


def test_end_on_people_merges_into_the_shot_before_when_it_already_shows_them() -> None:
    pair = _talk([(NARRATOR, "They walked home."), (NARRATOR, "The kite slept.")])
    pair = pair.model_copy(update={"characters": ["Ana", "Ben"]})
    shots = [Shot(kind="two-shot", lines=[0]), Shot(kind="insert", subject="kite", lines=[1])]
    ended = end_on_people(pair, shots, 0)
    assert [(s.kind, s.lines) for s in ended] == [("two-shot", [0, 1])]
    empty = pair.model_copy(update={"characters": []})
    assert end_on_people(empty, shots, 0) == shots  # no one to end on: the place stays
    walking = pair.model_copy(update={"actions": [Action(who="Ana", action="walk")]})
    opening = [Shot(kind="establishing", lines=[0]), shots[1]]
    assert [(s.kind, s.lines) for s in end_on_people(walking, opening, 0)] == [
        ("establishing", [0, 1])
    ]
    assert [s.kind for s in end_on_people(walking, shots, 0)] == ["two-shot", "establishing"]


def test_no_insert_on_a_prop_its_holder_carries_away() -> None:
    narration = [
        (NARRATOR, "When the first stars came out, they walked home down the hill."),
        (NARRATOR, "The kite folded safely under his arm, its tail dragging in the grass."),
    ]
    scene = _talk(
        narration,
        characters=["Ravi"],
        props=[Prop(name="kite", holder="Ravi").model_dump()],
        actions=[Action(who="Ravi", action="walk").model_dump()],
    )
    assert shown_props(scene) == []
    shots = cover(_plan([scene, scene.model_copy(update={"scene_number": 2})])).scenes
    assert all(s.subject != "kite" for scene in shots for s in scene.shots)
    standing = scene.model_copy(update={"actions": []})
    assert shown_props(standing) == ["kite"]
