import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api, type Change, type LineChange, type Project, type SceneChange, type Version, type VersionDiff } from '../lib/api'
import { useConfirm } from './Confirm'
import { ErrorBox, Notice, Spinner } from './Feedback'

/** A value of a field as a person reads it: choices by their translated names, lists joined. */
function useShow() {
  const { t } = useTranslation()
  const name = (section: string, value: unknown) => t(`${section}.${String(value)}`, { defaultValue: String(value) })
  return (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—'
    switch (field) {
      case 'style':
        return name('choices.styles', value)
      case 'music':
        return name('choices.music', value)
      case 'voice':
        return name('choices.voices', value)
      case 'language':
        return name('choices.languages', value)
      case 'mood':
        return name('moods', value)
      case 'shot_type':
        return name('timeline.shotKinds', value)
      case 'transition':
        return name('timeline.transitions', value)
      case 'aspect':
        return name('timeline.aspects', String(value).replace(':', 'x'))
      case 'duration':
      case 'target_duration':
        return Number(value) ? t('timeline.seconds', { seconds: Math.round(Number(value) * 10) / 10 }) : t('storyboard.auto')
      case 'setting': {
        const place = value as { place?: string; time_of_day?: string; weather?: string; interior?: boolean }
        return [
          place.place && name('timeline.places', place.place),
          place.time_of_day && name('timeline.times', place.time_of_day),
          place.weather && name('timeline.weathers', place.weather),
          place.interior && t('versions.field.interior'),
        ].filter(Boolean).join(', ')
      }
      case 'actions':
        return (value as { who: string; action: string }[]).map((a) => `${a.who}: ${name('timeline.actions', a.action)}`).join(', ') || '—'
      case 'props':
        return (value as { name: string }[]).map((p) => p.name).join(', ') || '—'
      case 'cast':
        return Object.entries(value as Record<string, string>).map(([who, voice]) => `${who}: ${name('choices.voices', voice)}`).join(', ') || '—'
    }
    if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : '—'
    if (typeof value === 'object') return JSON.stringify(value)
    return String(value)
  }
}

const GRID = 'grid grid-cols-[4.5rem_minmax(0,1fr)_minmax(0,1fr)] gap-2 sm:grid-cols-[7rem_minmax(0,1fr)_minmax(0,1fr)]'
const ROW = `${GRID} text-sm`

function Changes({ title, changes }: { title: string; changes: Change[] }) {
  const { t } = useTranslation()
  const show = useShow()
  if (!changes.length) return null
  return (
    <div className="space-y-1">
      <h4 className="text-sm font-semibold text-slate-700">{title}</h4>
      {changes.map((c) => (
        <div key={c.field} className={ROW} data-testid="diff-field">
          <span className="text-slate-500">{t(`versions.field.${c.field}`, { defaultValue: c.field })}</span>
          <span className="break-words rounded bg-rose-50 px-2 py-1 text-rose-900 line-clamp-4">{show(c.field, c.before)}</span>
          <span className="break-words rounded bg-emerald-50 px-2 py-1 text-emerald-900 line-clamp-4">{show(c.field, c.after)}</span>
        </div>
      ))}
    </div>
  )
}

function SceneDiff({ scene }: { scene: SceneChange }) {
  const { t } = useTranslation()
  const show = useShow()
  const said = (line: LineChange['before']) => (line ? `${line.speaker === 'NARRATOR' ? t('storyboard.narrator') : line.speaker}: ${line.text}` : '—')
  return (
    <li className="space-y-1 rounded-lg border border-slate-200 p-3" data-testid="diff-scene">
      <p className="text-sm font-semibold">
        {t('storyboard.scene', { number: scene.scene })} · <span className={scene.status === 'added' ? 'text-emerald-700' : scene.status === 'removed' ? 'text-rose-700' : 'text-amber-700'}>{t(`versions.${scene.status}`)}</span>
      </p>
      {scene.fields.map((c) => (
        <div key={c.field} className={ROW}>
          <span className="text-slate-500">{t(`versions.field.${c.field}`, { defaultValue: c.field })}</span>
          <span className="break-words rounded bg-rose-50 px-2 py-1 text-rose-900">{show(c.field, c.before)}</span>
          <span className="break-words rounded bg-emerald-50 px-2 py-1 text-emerald-900">{show(c.field, c.after)}</span>
        </div>
      ))}
      {scene.lines.map((l) => (
        <div key={l.line} className={ROW} data-testid="diff-line">
          <span className="text-slate-500">{t('versions.line', { number: l.line })}</span>
          <span className="break-words rounded bg-rose-50 px-2 py-1 text-rose-900">{said(l.before)}</span>
          <span className="break-words rounded bg-emerald-50 px-2 py-1 text-emerald-900">{said(l.after)}</span>
        </div>
      ))}
    </li>
  )
}

/** Side by side: what changed from one version to another. */
function Comparison({ diff, label }: { diff: VersionDiff; label: (v: Version) => string }) {
  const { t } = useTranslation()
  const same = !diff.fields.length && !diff.settings.length && !diff.storyboard.length && !diff.scenes.length
  return (
    <div className="space-y-3" data-testid="comparison">
      <div className={`${GRID} text-xs font-semibold uppercase tracking-wide text-slate-500`}>
        <span />
        <span>{label(diff.before)}</span>
        <span>{label(diff.after)}</span>
      </div>
      {same && <p className="text-sm text-slate-600">{t('versions.same')}</p>}
      <Changes title={t('versions.project')} changes={diff.fields} />
      <Changes title={t('versions.settings')} changes={diff.settings} />
      <Changes title={t('versions.storyboard')} changes={diff.storyboard} />
      {diff.scenes.length > 0 && <ul className="space-y-2">{diff.scenes.map((s) => <SceneDiff key={`${s.scene}-${s.status}`} scene={s} />)}</ul>}
    </div>
  )
}

/** The project's versions: name one, compare two side by side, restore one. */
export function Versions({ project, versions, editable, restored, onRestored }: { project: Project; versions: Version[]; editable: boolean; restored: number | null; onRestored: (version: number) => void }) {
  const { t, i18n } = useTranslation()
  const [dialog, ask] = useConfirm()
  const [naming, setNaming] = useState<number | null>(null)
  const [name, setName] = useState('')
  const [names, setNames] = useState<Record<number, string | null>>({})
  const [before, setBefore] = useState<number>(versions[1]?.version ?? versions[0]?.version ?? 1)
  const [after, setAfter] = useState<number>(versions[0]?.version ?? 1)
  const [diff, setDiff] = useState<VersionDiff | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const nameOf = (v: Version) => (v.version in names ? names[v.version] : v.name)
  const label = (v: Version) => nameOf(v) || t('project.versionShort', { version: v.version })

  const rename = async (version: number) => {
    setError(null)
    try {
      const saved = await api<Version>(`/projects/${project.id}/versions/${version}`, { method: 'PATCH', body: { name } })
      setNames((n) => ({ ...n, [version]: saved.name ?? null }))
      setNaming(null)
    } catch (e) {
      setError(e)
    }
  }
  const compare = async () => {
    setBusy(true)
    setError(null)
    try {
      setDiff(await api<VersionDiff>(`/projects/${project.id}/versions/compare?before=${before}&after=${after}`))
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  const restore = async (version: number) => {
    const name = versions.find((v) => v.version === version)?.name?.trim()
    const question = name ? t('versions.restoreNamedQuestion', { version, name }) : t('versions.restoreQuestion', { version })
    if (!(await ask(question, t('versions.restore')))) return
    setError(null)
    try {
      await api<Project>(`/projects/${project.id}/versions/${version}/restore`, { method: 'POST' })
      onRestored(version)
    } catch (e) {
      setError(e)
    }
  }

  return (
    <section className="card space-y-4" aria-labelledby="versions-title" data-testid="versions-panel">
      {dialog}
      <h2 id="versions-title" className="text-lg font-semibold">{t('project.versions')}</h2>
      {restored !== null && <Notice tone="success">{t('versions.restored', { version: restored })}</Notice>}
      <ul className="max-h-72 space-y-1 overflow-auto text-sm" data-testid="versions">
        {versions.map((v) => (
          <li key={v.version} className="flex flex-wrap items-center justify-between gap-2 rounded px-1 py-1 hover:bg-slate-50" data-testid="version-row">
            {naming === v.version ? (
              <form
                className="flex flex-1 gap-2"
                onSubmit={(e) => {
                  e.preventDefault()
                  void rename(v.version)
                }}
              >
                <label className="sr-only" htmlFor={`version-name-${v.version}`}>{t('versions.namePlaceholder')}</label>
                <input id={`version-name-${v.version}`} className="input py-1" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('versions.namePlaceholder')} autoFocus data-testid="version-name" />
                <button type="submit" className="btn-secondary px-3 py-1" data-testid="version-name-save">{t('versions.saveName')}</button>
              </form>
            ) : (
              <>
                <span className="min-w-0">
                  <span className="font-medium" data-testid="version-label">{label(v)}</span>
                  {nameOf(v) && <span className="ml-1 text-xs text-slate-500">({t('project.versionShort', { version: v.version })})</span>}
                  {v.version === project.version && <span className="ml-2 rounded-full bg-brand-50 px-2 text-xs text-brand-700">{t('versions.current')}</span>}
                  <span className="block text-xs text-slate-500">{new Date(v.created_at).toLocaleString(i18n.resolvedLanguage)}</span>
                </span>
                {editable && (
                  <span className="flex gap-2">
                    <button type="button" className="text-xs font-semibold text-brand-700 underline" onClick={() => { setNaming(v.version); setName(nameOf(v) ?? '') }} data-testid="version-rename">
                      {t('versions.name')}
                    </button>
                    {v.version !== project.version && (
                      <button type="button" className="text-xs font-semibold text-brand-700 underline" onClick={() => void restore(v.version)} data-testid="version-restore">
                        {t('versions.restore')}
                      </button>
                    )}
                  </span>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      {versions.length > 1 && (
        <div className="space-y-3 border-t border-slate-100 pt-3">
          <div className="flex flex-wrap items-end gap-2">
            <label className="text-sm">
              <span className="label">{t('versions.from')}</span>
              <select className="input py-1" value={before} onChange={(e) => setBefore(Number(e.target.value))} data-testid="compare-before">
                {versions.map((v) => <option key={v.version} value={v.version}>{label(v)}</option>)}
              </select>
            </label>
            <label className="text-sm">
              <span className="label">{t('versions.to')}</span>
              <select className="input py-1" value={after} onChange={(e) => setAfter(Number(e.target.value))} data-testid="compare-after">
                {versions.map((v) => <option key={v.version} value={v.version}>{label(v)}</option>)}
              </select>
            </label>
            <button type="button" className="btn-secondary" disabled={busy} onClick={() => void compare()} data-testid="compare">
              {busy && <Spinner className="h-4 w-4" />}
              {t('versions.compare')}
            </button>
          </div>
          {diff && <Comparison diff={diff} label={label} />}
        </div>
      )}
      {error ? <ErrorBox error={error} /> : null}
    </section>
  )
}
