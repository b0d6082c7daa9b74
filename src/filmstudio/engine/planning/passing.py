"""Who holds what when: a give or take passes a prop from hand to hand, and the taker keeps it.

Why here: the painter only reads who holds what (`Scene.holders`). The planner decides which
prop a give or take passes (the one named with the verb, else the one the giver holds), who
holds it as the scene starts (the giver, not the subject of the sentence that named it), and
carries it into the taker's next scenes while they are in them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from filmstudio.engine.plan import PASSING_VERBS, Action, Prop, Scene


def pass_props(
    actions: list[Action],
    props: list[Prop],
    mentioned: Mapping[int, Sequence[str]],
    people: Sequence[str],
) -> tuple[list[Action], list[Prop]]:
    """The scene's actions with the prop each give or take passes, and its props with the
    holder each has when the scene starts. `mentioned` lists the props named per line."""
    names = [p.name for p in props]
    now: dict[str, str | None] = {p.name: p.holder for p in props}
    start: dict[str, str | None] = {}
    out = list(actions)
    for number, action in enumerate(out):
        if action.action not in PASSING_VERBS:
            continue
        prop = action.prop or _passed_prop(action, now, names, mentioned, people)
        if prop is None:
            continue
        giver: str | None = action.who
        taker: str | None = action.target if action.target in people else None
        if action.action == "take":  # from the one named, else from whoever holds it
            source = action.target if action.target in people else now.get(prop)
            giver, taker = (None if source == action.who else source), action.who
        start.setdefault(prop, giver)
        if taker is not None:
            now[prop] = taker
        out[number] = action.model_copy(update={"prop": prop})
    held_at_start = [Prop(name=p.name, holder=start.get(p.name, p.holder)) for p in props]
    return out, held_at_start


def _passed_prop(
    action: Action,
    now: Mapping[str, str | None],
    names: Sequence[str],
    mentioned: Mapping[int, Sequence[str]],
    people: Sequence[str],
) -> str | None:
    """Which prop a give or take passes: its target when that is a prop ("takes the lamp"),
    else one named in its line, preferring one the giver holds ("gives her the bread")."""
    if action.target in names:
        return action.target
    named = [p for p in mentioned.get(action.line or 0, ()) if p in names]
    giver = action.who if action.action == "give" else action.target
    theirs = [p for p in names if giver in people and now.get(p) == giver]
    candidates = [p for p in named if p in theirs] or named or theirs
    return candidates[0] if candidates else None


def keep_passed_props(scenes: Sequence[Scene]) -> list[Scene]:
    """Scenes where whoever was handed a prop keeps it in the scenes after, while they are
    in them and nobody else holds it there; and a prop a later scene names without a
    holder is still in the hands of whoever held it last, when they are there."""
    kept: dict[str, str] = {}
    last: dict[str, str] = {}
    out: list[Scene] = []
    for scene in scenes:
        props = [
            Prop(name=p.name, holder=last[p.name])
            if p.holder is None and last.get(p.name) in scene.characters
            else p
            for p in scene.props
        ]
        for prop, taker in list(kept.items()):
            where = next((i for i, p in enumerate(props) if p.name == prop), None)
            if taker not in scene.characters or (
                where is not None and props[where].holder not in (None, taker)
            ):
                del kept[prop]
                continue
            if where is None:
                props.append(Prop(name=prop, holder=taker))
            else:
                props[where] = Prop(name=prop, holder=taker)
        if props != scene.props:
            scene = scene.model_copy(update={"props": props})
        end = scene.holders(len(scene.dialogue))
        last.update(end)
        for action in scene.actions:
            holder = end.get(action.prop or "")
            if action.action in PASSING_VERBS and action.prop and holder is not None:
                kept[action.prop] = holder
        out.append(scene)
    return out
