import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api, type FilmPlan, type Scene, type Storyboard as Board } from '../lib/api'
import { ErrorBox, Loading, Notice } from './Feedback'

const MOODS = ['calm', 'hopeful', 'tense', 'sad', 'joyful', 'epic', 'devotional', 'mysterious', 'romantic']

function SceneCard({
  scene,
  picture,
  editable,
  onChange,
}: {
  scene: Scene
  picture?: string
  editable: boolean
  onChange: (scene: Scene) => void
}) {
  const { t } = useTranslation()
  const id = `scene-${scene.scene_number}`
  return (
    <li className="card flex flex-col gap-3 p-0" data-testid="scene-card">
      <div className="relative aspect-video overflow-hidden rounded-t-xl bg-slate-200">
        {picture && <img src={picture} alt={t('storyboard.pictureAlt', { number: scene.scene_number })} className="h-full w-full object-cover" />}
        <span className="absolute left-2 top-2 rounded bg-black/70 px-2 py-0.5 text-xs font-semibold text-white">
          {t('storyboard.scene', { number: scene.scene_number })}
        </span>
      </div>
      <div className="space-y-3 px-4 pb-4">
        {scene.description && scene.description !== scene.dialogue.map((l) => l.text).join(' ') && (
          <p className="text-sm text-slate-600">{scene.description}</p>
        )}
        <div className="grid grid-cols-2 gap-3">
          <label className="text-sm">
            <span className="label">{t('storyboard.mood')}</span>
            <select
              className="input"
              disabled={!editable}
              value={scene.mood}
              onChange={(e) => onChange({ ...scene, mood: e.target.value })}
            >
              {MOODS.map((m) => (
                <option key={m} value={m}>
                  {t(`moods.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="label">{t('storyboard.duration')}</span>
            <input
              className="input"
              type="number"
              min={0}
              step={0.5}
              disabled={!editable}
              value={scene.duration ? Number(scene.duration.toFixed(1)) : ''}
              placeholder={t('storyboard.auto')}
              onChange={(e) => onChange({ ...scene, duration: Math.max(0, Number(e.target.value) || 0) })}
            />
          </label>
        </div>
        <fieldset className="space-y-2">
          <legend className="label">{t('storyboard.lines')}</legend>
          {scene.dialogue.map((line, index) => (
            <div key={index}>
              <label htmlFor={`${id}-line-${index}`} className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                {line.speaker === 'NARRATOR' ? t('storyboard.narrator') : line.speaker}
              </label>
              <textarea
                id={`${id}-line-${index}`}
                className="input min-h-16"
                disabled={!editable}
                value={line.text}
                onChange={(e) => {
                  const dialogue = scene.dialogue.map((l, i) => (i === index ? { ...l, text: e.target.value } : l))
                  onChange({ ...scene, dialogue })
                }}
              />
            </div>
          ))}
        </fieldset>
      </div>
    </li>
  )
}

export function StoryboardEditor({
  projectId,
  editable,
  onRerender,
  rendering = false,
  onLoaded,
}: {
  projectId: string
  editable: boolean
  onRerender?: () => Promise<void>
  rendering?: boolean
  onLoaded?: (board: Board) => void
}) {
  const { t } = useTranslation()
  const [board, setBoard] = useState<Board | null>(null)
  const [plan, setPlan] = useState<FilmPlan | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState(false)

  const load = async (isCurrent: () => boolean = () => true) => {
    setError(null)
    try {
      const b = await api<Board>(`/projects/${projectId}/plan`)
      if (!isCurrent()) return
      setBoard(b)
      setPlan(b.plan)
      onLoaded?.(b)
    } catch (e) {
      if (isCurrent()) setError(e)
    }
  }
  useEffect(() => {
    // Switching projects: the previous project's plan must not land on this one.
    let current = true
    void load(() => current)
    return () => {
      current = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [projectId])

  if (error && !board) return <ErrorBox error={error} onRetry={() => void load()} />
  if (!board || !plan) return <Loading />
  const dirty = JSON.stringify(plan) !== JSON.stringify(board.plan)

  const save = async (): Promise<boolean> => {
    setSaving(true)
    setError(null)
    try {
      const b = await api<Board>(`/projects/${projectId}/plan`, { method: 'PUT', body: plan })
      setBoard(b)
      setPlan(b.plan)
      setSaved(true)
      onLoaded?.(b)
      return true
    } catch (e) {
      setError(e)
      return false
    } finally {
      setSaving(false)
    }
  }

  return (
    <section aria-labelledby="storyboard-title" className="space-y-4" data-testid="storyboard">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="storyboard-title" className="text-lg font-semibold">{t('storyboard.title')}</h2>
          <p className="text-sm text-slate-600">{t(`storyboard.source.${board.source}`)}</p>
        </div>
        {editable && (
          <div className="flex flex-wrap gap-2">
            {board.source === 'edited' && (
              <button
                type="button"
                className="btn-secondary"
                onClick={async () => {
                  try {
                    const b = await api<Board>(`/projects/${projectId}/plan`, { method: 'DELETE' })
                    setBoard(b)
                    setPlan(b.plan)
                    onLoaded?.(b)
                  } catch (e) {
                    setError(e)
                  }
                }}
              >
                {t('storyboard.reset')}
              </button>
            )}
            <button type="button" className="btn-secondary" disabled={!dirty || saving} onClick={() => void save()}>
              {t('storyboard.save')}
            </button>
            {onRerender && (
              <button
                type="button"
                className="btn-primary"
                disabled={saving || rendering}
                onClick={async () => {
                  if (dirty && !(await save())) return
                  await onRerender()
                }}
                data-testid="rerender"
              >
                {t('storyboard.rerender')}
              </button>
            )}
          </div>
        )}
      </div>
      {saved && !dirty && <Notice tone="success">{t('storyboard.saved')}</Notice>}
      {error ? <ErrorBox error={error} /> : null}
      <ol className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {plan.scenes.map((scene) => (
          <SceneCard
            key={scene.scene_number}
            scene={scene}
            picture={board.pictures[String(scene.scene_number)]}
            editable={editable}
            onChange={(next) => {
              setSaved(false)
              setPlan({ ...plan, scenes: plan.scenes.map((s) => (s.scene_number === next.scene_number ? next : s)) })
            }}
          />
        ))}
      </ol>
    </section>
  )
}
