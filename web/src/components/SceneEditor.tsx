import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { Action, ExpressionChange, FilmPlan, Line, Prop, RefImage, Scene, Shot, Vocabulary } from '../lib/api'
import { NARRATOR, addLine, deleteLine, shotPerLine } from '../lib/plan'

/** A select whose options are one of the plan's closed lists, each shown translated. */
function Choice({
  label,
  group,
  options,
  value,
  onChange,
  disabled,
  testId,
  blank,
}: {
  label: string
  group: string
  options: string[]
  value: string
  onChange: (value: string) => void
  disabled: boolean
  testId?: string
  blank?: string
}) {
  const { t } = useTranslation()
  const id = useId()
  return (
    <div className="min-w-0 text-sm">
      <label htmlFor={id} className="label">{label}</label>
      <select id={id} className="input" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {blank !== undefined && <option value="">{blank}</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {t(`${group}.${o}`, { defaultValue: o })}
          </option>
        ))}
      </select>
    </div>
  )
}

function Row({ children, onRemove, disabled }: { children: React.ReactNode; onRemove: () => void; disabled: boolean }) {
  const { t } = useTranslation()
  return (
    <div className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 p-2 sm:flex-nowrap">
      <div className="grid min-w-0 flex-1 grid-cols-1 gap-2 sm:grid-cols-3">{children}</div>
      <button type="button" className="btn-secondary px-2 py-1 text-xs" disabled={disabled} onClick={onRemove}>
        {t('timeline.remove')}
      </button>
    </div>
  )
}

function Section({ title, children, onAdd, addLabel, disabled }: { title: string; children: React.ReactNode; onAdd?: () => void; addLabel?: string; disabled: boolean }) {
  return (
    <fieldset className="space-y-2">
      <legend className="label">{title}</legend>
      {children}
      {onAdd && (
        <button type="button" className="btn-secondary px-3 py-1 text-xs" disabled={disabled} onClick={onAdd}>
          {addLabel}
        </button>
      )}
    </fieldset>
  )
}

function speakerName(t: (key: string) => string, name: string): string {
  return name === NARRATOR ? t('storyboard.narrator') : name
}

function LinesEditor({ scene, plan, words, disabled, set }: EditorProps) {
  const { t } = useTranslation()
  const speakers = [NARRATOR, ...(plan.characters ?? []).map((c) => c.name)]
  const setLine = (index: number, patch: Partial<Line>, field?: string) =>
    set({ ...scene, dialogue: scene.dialogue.map((l, i) => (i === index ? { ...l, ...patch } : l)) }, field)
  return (
    <Section title={t('storyboard.lines')} disabled={disabled} addLabel={t('timeline.addLine')} onAdd={() => set(addLine(scene, NARRATOR, t('timeline.newLine'), plan.language))}>
      {scene.dialogue.map((line, index) => (
        <div key={index} className="space-y-2 rounded-lg border border-slate-200 p-2" data-testid="line-row">
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
            <div className="min-w-0 text-sm">
              <label htmlFor={`line-${scene.scene_number}-${index}-speaker`} className="label">{t('timeline.speaker')}</label>
              <select id={`line-${scene.scene_number}-${index}-speaker`} className="input" disabled={disabled} value={line.speaker} onChange={(e) => setLine(index, { speaker: e.target.value })}>
                {speakers.map((s) => <option key={s} value={s}>{speakerName(t, s)}</option>)}
              </select>
            </div>
            <Choice label={t('timeline.emotion')} group="timeline.emotions" options={withValue(words.emotions, line.emotion)} value={line.emotion} disabled={disabled} onChange={(v) => setLine(index, { emotion: v })} />
            <Choice label={t('timeline.delivery')} group="timeline.deliveries" options={words.deliveries} value={line.delivery ?? 'normal'} disabled={disabled} onChange={(v) => setLine(index, { delivery: v })} />
            <Choice label={t('timeline.effect')} group="timeline.effects" options={words.voice_effects} value={line.effect ?? 'none'} disabled={disabled} onChange={(v) => setLine(index, { effect: v })} />
          </div>
          <label htmlFor={`line-${scene.scene_number}-${index}`} className="sr-only">{t('timeline.lineText', { number: index + 1 })}</label>
          <textarea
            id={`line-${scene.scene_number}-${index}`}
            className="input min-h-16"
            disabled={disabled}
            value={line.text}
            onChange={(e) => setLine(index, { text: e.target.value }, `line-${scene.scene_number}-${index}`)}
          />
          {scene.dialogue.length > 1 && (
            <button type="button" className="btn-secondary px-2 py-1 text-xs" disabled={disabled} onClick={() => set(deleteLine(scene, index))}>
              {t('timeline.removeLine')}
            </button>
          )}
        </div>
      ))}
    </Section>
  )
}

function withValue(list: string[], value: string): string[] {
  return list.includes(value) ? list : [...list, value]
}

function lineOptions(t: (key: string, options?: Record<string, unknown>) => string, scene: Scene): { value: string; label: string }[] {
  return [{ value: '', label: t('timeline.wholeScene') }, ...scene.dialogue.map((_, i) => ({ value: String(i), label: t('timeline.duringLine', { number: i + 1 }) }))]
}

function LinePick({ scene, value, onChange, disabled }: { scene: Scene; value: number | null | undefined; onChange: (line: number | null) => void; disabled: boolean }) {
  const { t } = useTranslation()
  const id = useId()
  return (
    <div className="min-w-0 text-sm">
      <label htmlFor={id} className="label">{t('timeline.when')}</label>
      <select id={id} className="input" disabled={disabled} value={value == null ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}>
        {lineOptions(t, scene).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  )
}

function PeoplePick({ label, scene, value, onChange, disabled, blank }: { label: string; scene: Scene; value: string; onChange: (who: string) => void; disabled: boolean; blank?: string }) {
  const id = useId()
  const people = withValue(scene.characters, value).filter(Boolean)
  return (
    <div className="min-w-0 text-sm">
      <label htmlFor={id} className="label">{label}</label>
      <select id={id} className="input" disabled={disabled} value={value} onChange={(e) => onChange(e.target.value)}>
        {blank !== undefined && <option value="">{blank}</option>}
        {people.map((p) => <option key={p} value={p}>{p}</option>)}
      </select>
    </div>
  )
}

/** The object a give or take passes: one of the scene's props, or none. */
function PropPick({ scene, value, onChange, disabled }: { scene: Scene; value: string; onChange: (prop: string) => void; disabled: boolean }) {
  const { t } = useTranslation()
  const id = useId()
  const names = withValue((scene.props ?? []).map((p) => p.name), value).filter(Boolean)
  return (
    <div className="min-w-0 text-sm">
      <label htmlFor={id} className="label">{t('timeline.passes')}</label>
      <select id={id} className="input" disabled={disabled} value={value} onChange={(e) => onChange(e.target.value)} data-testid="action-prop">
        <option value="">{t('timeline.noProp')}</option>
        {names.map((n) => <option key={n} value={n}>{n}</option>)}
      </select>
    </div>
  )
}

function ActionsEditor({ scene, words, disabled, set }: EditorProps) {
  const { t } = useTranslation()
  const actions = scene.actions ?? []
  const put = (list: Action[]) => set({ ...scene, actions: list })
  const who = scene.characters[0]
  const passing = words.passing_actions ?? []
  return (
    <Section title={t('timeline.actionsTitle')} disabled={disabled || !who} addLabel={t('timeline.addAction')} onAdd={() => put([...actions, { who, action: words.actions[0], target: null, line: null }])}>
      {!who && <p className="text-xs text-slate-500">{t('timeline.needPeople')}</p>}
      {actions.map((a, i) => (
        <Row key={i} disabled={disabled} onRemove={() => put(actions.filter((_, j) => j !== i))}>
          <PeoplePick label={t('timeline.who')} scene={scene} value={a.who} disabled={disabled} onChange={(v) => put(actions.map((x, j) => (j === i ? { ...x, who: v } : x)))} />
          <Choice label={t('timeline.does')} group="timeline.actions" options={words.actions} value={a.action} disabled={disabled} onChange={(v) => put(actions.map((x, j) => (j === i ? { ...x, action: v, prop: passing.includes(v) ? x.prop : null } : x)))} />
          <LinePick scene={scene} value={a.line} disabled={disabled} onChange={(v) => put(actions.map((x, j) => (j === i ? { ...x, line: v } : x)))} />
          {passing.includes(a.action) && (
            <PropPick scene={scene} value={a.prop ?? ''} disabled={disabled} onChange={(v) => put(actions.map((x, j) => (j === i ? { ...x, prop: v || null } : x)))} />
          )}
          {a.action === 'give' && (
            <PeoplePick label={t('timeline.toWhom')} scene={scene} value={a.target ?? ''} blank={t('timeline.nobody')} disabled={disabled} onChange={(v) => put(actions.map((x, j) => (j === i ? { ...x, target: v || null } : x)))} />
          )}
        </Row>
      ))}
    </Section>
  )
}

function PropsEditor({ scene, disabled, set }: EditorProps) {
  const { t } = useTranslation()
  const props = scene.props ?? []
  const put = (list: Prop[], field?: string) => set({ ...scene, props: list }, field)
  // A give or take names its object: a renamed object stays passed, a removed one is no longer.
  const rename = (i: number, name: string) => {
    const old = props[i].name
    const actions = (scene.actions ?? []).map((a) => (a.prop === old ? { ...a, prop: name } : a))
    set({ ...scene, props: props.map((x, j) => (j === i ? { ...x, name } : x)), actions }, `prop-${i}`)
  }
  const remove = (i: number) => {
    const old = props[i].name
    const actions = (scene.actions ?? []).map((a) => (a.prop === old ? { ...a, prop: null } : a))
    set({ ...scene, props: props.filter((_, j) => j !== i), actions })
  }
  return (
    <Section title={t('timeline.propsTitle')} disabled={disabled} addLabel={t('timeline.addProp')} onAdd={() => put([...props, { name: t('timeline.newProp'), holder: null }])}>
      {props.map((p, i) => (
        <Row key={i} disabled={disabled} onRemove={() => remove(i)}>
          <div className="min-w-0 text-sm">
            <label htmlFor={`prop-${scene.scene_number}-${i}`} className="label">{t('timeline.object')}</label>
            <input id={`prop-${scene.scene_number}-${i}`} className="input" disabled={disabled} value={p.name} onChange={(e) => rename(i, e.target.value)} />
          </div>
          <PeoplePick label={t('timeline.heldBy')} scene={scene} value={p.holder ?? ''} blank={t('timeline.nobody')} disabled={disabled} onChange={(v) => put(props.map((x, j) => (j === i ? { ...x, holder: v || null } : x)))} />
        </Row>
      ))}
    </Section>
  )
}

function ExpressionsEditor({ scene, words, disabled, set }: EditorProps) {
  const { t } = useTranslation()
  const list = scene.expressions ?? []
  const put = (next: ExpressionChange[]) => set({ ...scene, expressions: next })
  const who = scene.characters[0]
  return (
    <Section title={t('timeline.expressionsTitle')} disabled={disabled || !who} addLabel={t('timeline.addExpression')} onAdd={() => put([...list, { who, expression: words.expressions[0], line: null }])}>
      {list.map((x, i) => (
        <Row key={i} disabled={disabled} onRemove={() => put(list.filter((_, j) => j !== i))}>
          <PeoplePick label={t('timeline.who')} scene={scene} value={x.who} disabled={disabled} onChange={(v) => put(list.map((y, j) => (j === i ? { ...y, who: v } : y)))} />
          <Choice label={t('timeline.shows')} group="timeline.expressions" options={words.expressions} value={x.expression} disabled={disabled} onChange={(v) => put(list.map((y, j) => (j === i ? { ...y, expression: v } : y)))} />
          <LinePick scene={scene} value={x.line} disabled={disabled} onChange={(v) => put(list.map((y, j) => (j === i ? { ...y, line: v } : y)))} />
        </Row>
      ))}
    </Section>
  )
}

function ShotsEditor({ scene, words, disabled, set }: EditorProps) {
  const { t } = useTranslation()
  const shots = scene.shots ?? []
  const put = (next: Shot[]) => set({ ...scene, shots: next })
  const subjects = [...scene.characters, ...(scene.props ?? []).map((p) => p.name)]
  return (
    <Section title={t('timeline.shotsTitle')} disabled={disabled}>
      {shots.length === 0 ? (
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <span>{t('timeline.shotsAuto')}</span>
          <button type="button" className="btn-secondary px-3 py-1 text-xs" disabled={disabled} onClick={() => put(shotPerLine(scene))} data-testid="shots-per-line">
            {t('timeline.shotPerLine')}
          </button>
        </div>
      ) : (
        <>
          {shots.map((shot, i) => (
            <div key={i} className="rounded-lg border border-slate-200 p-2" data-testid="shot-row">
              <p className="mb-1 text-xs font-semibold text-slate-500">{t('timeline.shotLines', { number: i + 1, lines: shot.lines.map((l) => l + 1).join(', ') })}</p>
              <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
                <Choice label={t('timeline.shotKind')} group="timeline.shotKinds" options={words.shot_kinds} value={shot.kind} disabled={disabled} onChange={(v) => put(shots.map((s, j) => (j === i ? { ...s, kind: v } : s)))} />
                <div className="min-w-0 text-sm">
                  <label htmlFor={`shot-${scene.scene_number}-${i}-subject`} className="label">{t('timeline.subject')}</label>
                  <select id={`shot-${scene.scene_number}-${i}-subject`} className="input" disabled={disabled} value={shot.subject ?? ''} onChange={(e) => put(shots.map((s, j) => (j === i ? { ...s, subject: e.target.value || null } : s)))}>
                    <option value="">{t('timeline.nobody')}</option>
                    {withValue(subjects, shot.subject ?? '').filter(Boolean).map((s) => <option key={s} value={s}>{s}</option>)}
                  </select>
                </div>
                <Choice label={t('timeline.move')} group="timeline.moves" options={words.camera_moves} value={shot.move} disabled={disabled} onChange={(v) => put(shots.map((s, j) => (j === i ? { ...s, move: v } : s)))} />
              </div>
            </div>
          ))}
          <button type="button" className="btn-secondary px-3 py-1 text-xs" disabled={disabled} onClick={() => put([])}>
            {t('timeline.shotsLetEngine')}
          </button>
        </>
      )}
    </Section>
  )
}

interface EditorProps {
  scene: Scene
  plan: FilmPlan
  words: Vocabulary
  disabled: boolean
  set: (scene: Scene, field?: string) => void
}

function PictureChoice({ scene, images, disabled, set, onUpload }: EditorProps & { images: RefImage[]; onUpload: (file: File) => void }) {
  const { t } = useTranslation()
  const id = useId()
  return (
    <fieldset className="space-y-2">
      <legend className="label">{t('timeline.picture')}</legend>
      <div className="flex flex-wrap gap-2" role="radiogroup" aria-label={t('timeline.picture')}>
        <button type="button" role="radio" aria-checked={!scene.image} disabled={disabled} onClick={() => set({ ...scene, image: null })} className={`rounded-lg border px-3 py-2 text-xs font-semibold ${!scene.image ? 'border-brand-600 bg-brand-50' : 'border-slate-300'}`}>
          {t('timeline.painted')}
        </button>
        {images.map((image) => (
          <button key={image.id} type="button" role="radio" aria-checked={scene.image === image.key} disabled={disabled} onClick={() => set({ ...scene, image: image.key })} className={`h-12 w-16 overflow-hidden rounded-lg border-2 ${scene.image === image.key ? 'border-brand-600' : 'border-transparent'}`} title={image.filename} data-testid="use-image">
            <img src={image.thumbnail_url} alt={image.filename} className="h-full w-full object-cover" />
          </button>
        ))}
      </div>
      <label htmlFor={id} className="btn-secondary cursor-pointer px-3 py-1 text-xs">{t('timeline.useMyImage')}</label>
      <input id={id} type="file" accept="image/jpeg,image/png,image/webp" className="sr-only" disabled={disabled} data-testid="scene-image-input" onChange={(e) => {
        const file = e.target.files?.[0]
        if (file) onUpload(file)
        e.target.value = ''
      }} />
    </fieldset>
  )
}

export function SceneEditor(props: EditorProps & { images: RefImage[]; onUpload: (file: File) => void }) {
  const { t } = useTranslation()
  const { scene, plan, words, disabled, set } = props
  const setting = (patch: Partial<Scene['setting']>) => set({ ...scene, setting: { ...scene.setting, ...patch } })
  const people = (plan.characters ?? []).map((c) => c.name)
  return (
    <div className="space-y-5" data-testid="scene-editor">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-3">
        <Choice label={t('timeline.place')} group="timeline.places" options={withValue(words.places, scene.setting.place)} value={scene.setting.place} disabled={disabled} onChange={(v) => setting({ place: v })} testId="scene-place" />
        <Choice label={t('timeline.timeOfDay')} group="timeline.times" options={words.times_of_day} value={scene.setting.time_of_day} disabled={disabled} onChange={(v) => setting({ time_of_day: v })} testId="scene-time" />
        <Choice label={t('timeline.weather')} group="timeline.weathers" options={words.weathers} value={scene.setting.weather} disabled={disabled} onChange={(v) => setting({ weather: v })} testId="scene-weather" />
        <Choice label={t('timeline.attire')} group="timeline.attires" options={withValue(words.attires ?? [], scene.attire ?? 'everyday')} value={scene.attire ?? 'everyday'} disabled={disabled} onChange={(v) => set({ ...scene, attire: v })} testId="scene-attire" />
        <Choice label={t('storyboard.mood')} group="moods" options={words.moods} value={scene.mood} disabled={disabled} onChange={(v) => set({ ...scene, mood: v })} testId="scene-mood" />
        <Choice label={t('timeline.transition')} group="timeline.transitions" options={words.transitions} value={scene.transition ?? 'cut'} disabled={disabled} onChange={(v) => set({ ...scene, transition: v })} />
        <div className="min-w-0 text-sm">
          <label htmlFor={`scene-${scene.scene_number}-seconds`} className="label">{t('storyboard.duration')}</label>
          <input
            id={`scene-${scene.scene_number}-seconds`}
            className="input"
            type="number"
            min={0}
            max={300}
            step={0.5}
            disabled={disabled}
            value={scene.duration ? Number(scene.duration.toFixed(1)) : ''}
            placeholder={t('storyboard.auto')}
            data-testid="scene-seconds"
            onChange={(e) => set({ ...scene, duration: Math.min(300, Math.max(0, Number(e.target.value) || 0)) }, `seconds-${scene.scene_number}`)}
          />
        </div>
      </div>
      {people.length > 0 && (
        <fieldset>
          <legend className="label">{t('timeline.people')}</legend>
          <div className="flex flex-wrap gap-3">
            {people.map((name) => (
              <label key={name} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="h-4 w-4 accent-brand-600"
                  disabled={disabled}
                  checked={scene.characters.includes(name)}
                  onChange={(e) => set({ ...scene, characters: e.target.checked ? [...scene.characters, name] : scene.characters.filter((c) => c !== name) })}
                />
                {name}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <LinesEditor {...props} />
      <ShotsEditor {...props} />
      <ActionsEditor {...props} />
      <ExpressionsEditor {...props} />
      <PropsEditor {...props} />
      <PictureChoice {...props} />
    </div>
  )
}
