// Editing a FilmPlan on the timeline: every operation returns a new plan (plans are values,
// as in the engine) and keeps what the engine checks true: scene numbers 1..n in order, and
// shots, actions and expressions pointing at lines that exist.

import type { FilmPlan, Scene, Shot } from './api'

export const NARRATOR = 'NARRATOR'

/** Scenes numbered 1..n in their order. */
export function renumber(plan: FilmPlan, scenes: Scene[]): FilmPlan {
  return { ...plan, scenes: scenes.map((s, i) => ({ ...s, scene_number: i + 1 })) }
}

export function moveScene(plan: FilmPlan, from: number, to: number): FilmPlan {
  if (from === to || to < 0 || to >= plan.scenes.length) return plan
  const scenes = [...plan.scenes]
  const [moved] = scenes.splice(from, 1)
  scenes.splice(to, 0, moved)
  return renumber(plan, scenes)
}

/** A new scene after `index`, in the same place and light, with one narrated line. */
export function addScene(plan: FilmPlan, index: number, text: string): FilmPlan {
  const near = plan.scenes[index]
  const scene: Scene = {
    scene_number: 0,
    heading: '',
    description: '',
    setting: near ? { ...near.setting } : { place: 'fields', interior: false, time_of_day: 'day', weather: 'clear' },
    characters: [],
    dialogue: [{ speaker: NARRATOR, text, emotion: 'neutral', language: plan.language, delivery: 'normal', effect: 'none' }],
    mood: near?.mood ?? 'calm',
    shot_type: 'wide',
    duration: 0,
    image: null,
    actions: [],
    props: [],
    expressions: [],
    shots: [],
    transition: 'cut',
  }
  const scenes = [...plan.scenes]
  scenes.splice(index + 1, 0, scene)
  return renumber(plan, scenes)
}

export function deleteScene(plan: FilmPlan, index: number): FilmPlan {
  if (plan.scenes.length <= 1) return plan
  return renumber(plan, plan.scenes.filter((_, i) => i !== index))
}

/** Lines `from`..`to` (exclusive) of a scene, with what points at them shifted to match. */
function slice(scene: Scene, from: number, to: number): Scene {
  const keep = <T extends { line?: number | null }>(items: T[] | undefined): T[] =>
    (items ?? [])
      .filter((a) => a.line == null || (a.line >= from && a.line < to))
      .map((a) => (a.line == null ? a : { ...a, line: a.line - from }))
  const shots: Shot[] = []
  for (const shot of scene.shots ?? []) {
    const lines = shot.lines.filter((l) => l >= from && l < to).map((l) => l - from)
    if (lines.length) shots.push({ ...shot, lines })
  }
  const share = scene.dialogue.length ? (to - from) / scene.dialogue.length : 0.5
  return {
    ...scene,
    dialogue: scene.dialogue.slice(from, to),
    actions: keep(scene.actions),
    expressions: keep(scene.expressions),
    shots,
    duration: scene.duration ? Math.round(scene.duration * share * 10) / 10 : 0,
  }
}

export function canSplit(scene: Scene): boolean {
  return scene.dialogue.length >= 2
}

/** Two scenes from one, cut before line `at` (default: the middle line). */
export function splitScene(plan: FilmPlan, index: number, at?: number): FilmPlan {
  const scene = plan.scenes[index]
  if (!scene || !canSplit(scene)) return plan
  const cut = Math.min(Math.max(at ?? Math.ceil(scene.dialogue.length / 2), 1), scene.dialogue.length - 1)
  const first = slice(scene, 0, cut)
  const second = { ...slice(scene, cut, scene.dialogue.length), transition: 'cut' }
  const scenes = [...plan.scenes]
  scenes.splice(index, 1, first, second)
  return renumber(plan, scenes)
}

/** Scene `index` and the next as one: lines, people, props and shots joined in order. */
export function mergeWithNext(plan: FilmPlan, index: number): FilmPlan {
  const a = plan.scenes[index]
  const b = plan.scenes[index + 1]
  if (!a || !b) return plan
  const offset = a.dialogue.length
  const shift = <T extends { line?: number | null }>(items: T[] | undefined): T[] =>
    (items ?? []).map((x) => (x.line == null ? x : { ...x, line: x.line + offset }))
  const shots = a.shots?.length && b.shots?.length
    ? [...a.shots, ...b.shots.map((s) => ({ ...s, lines: s.lines.map((l) => l + offset) }))]
    : []
  const merged: Scene = {
    ...a,
    characters: [...new Set([...a.characters, ...b.characters])],
    dialogue: [...a.dialogue, ...b.dialogue],
    actions: [...(a.actions ?? []), ...shift(b.actions)],
    props: [...(a.props ?? []), ...(b.props ?? [])],
    expressions: [...(a.expressions ?? []), ...shift(b.expressions)],
    shots,
    duration: a.duration && b.duration ? a.duration + b.duration : 0,
  }
  const scenes = [...plan.scenes]
  scenes.splice(index, 2, merged)
  return renumber(plan, scenes)
}

/** One shot per line, the kind and subject guessed from the speaker: a start the user edits. */
export function shotPerLine(scene: Scene): Shot[] {
  return scene.dialogue.map((line, i) => ({
    kind: line.speaker === NARRATOR ? 'wide' : 'close-up',
    subject: line.speaker === NARRATOR ? null : line.speaker,
    move: 'drift',
    lines: [i],
  }))
}

/** Remove line `index`; shots and line-bound actions follow (the engine covers a scene whose
 *  shots no longer partition its lines). */
export function deleteLine(scene: Scene, index: number): Scene {
  const dialogue = scene.dialogue.filter((_, i) => i !== index)
  const fix = <T extends { line?: number | null }>(items: T[] | undefined): T[] =>
    (items ?? [])
      .filter((x) => x.line !== index)
      .map((x) => (x.line != null && x.line > index ? { ...x, line: x.line - 1 } : x))
  const shots = (scene.shots ?? [])
    .map((s) => ({ ...s, lines: s.lines.filter((l) => l !== index).map((l) => (l > index ? l - 1 : l)) }))
    .filter((s) => s.lines.length)
  return { ...scene, dialogue, actions: fix(scene.actions), expressions: fix(scene.expressions), shots }
}

export function addLine(scene: Scene, speaker: string, text: string, language: string): Scene {
  const line = { speaker, text, emotion: 'neutral', language, delivery: 'normal', effect: 'none' }
  const shots = scene.shots?.length
    ? [...scene.shots, { kind: 'medium', subject: null, move: 'drift', lines: [scene.dialogue.length] }]
    : []
  return { ...scene, dialogue: [...scene.dialogue, line], shots }
}

/** Seconds the film lasts as planned (scenes with no length share what is left equally). */
export function plannedSeconds(plan: FilmPlan): number {
  const fixed = plan.scenes.reduce((sum, s) => sum + (s.duration || 0), 0)
  return Math.max(fixed, plan.target_duration)
}
