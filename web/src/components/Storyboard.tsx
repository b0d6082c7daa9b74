import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api, accessToken, problemOf, type FilmPlan, type RefImage, type Scene, type Storyboard as Board, type Vocabulary } from '../lib/api'
import { aspectClass, useUnsavedGuard } from '../lib/guard'
import { useHistory } from '../lib/history'
import { useSound } from '../lib/waveform'
import { addScene, canSplit, deleteScene, mergeWithNext, moveScene, splitScene } from '../lib/plan'
import { useConfirm } from './Confirm'
import { ErrorBox, Loading, Notice, Spinner } from './Feedback'
import { FilmSettings } from './FilmSettings'
import { SceneEditor } from './SceneEditor'
import { useChoices } from '../pages/ProjectForm'
import { Timeline } from './Timeline'
import { ShotPreview } from './ShotPreview'

/** What a scene's picture depends on (the server's storyboard hash uses the same parts). */
function lookKey(plan: FilmPlan, scene: Scene): string {
  return JSON.stringify([plan.style, plan.seed ?? 0, plan.aspect ?? '16:9', scene])
}

async function fetchPreview(projectId: string, plan: FilmPlan, number: number): Promise<string> {
  const response = await fetch(`/api/v1/projects/${projectId}/preview?scene=${number}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken() ?? ''}` },
    body: JSON.stringify(plan),
  })
  if (!response.ok) throw await problemOf(response)
  return URL.createObjectURL(await response.blob())
}

export function StoryboardEditor({
  projectId,
  editable,
  onRerender,
  rendering = false,
  onLoaded,
  soundUrl,
}: {
  soundUrl?: string
  projectId: string
  editable: boolean
  onRerender?: () => Promise<void>
  rendering?: boolean
  onLoaded?: (board: Board) => void
}) {
  const { t } = useTranslation()
  const [board, setBoard] = useState<Board | null>(null)
  const [words, setWords] = useState<Vocabulary | null>(null)
  const [images, setImages] = useState<RefImage[]>([])
  const history = useHistory<FilmPlan | null>(null)
  const plan = history.value
  const [selected, setSelected] = useState(0)
  const [error, setError] = useState<unknown>(null)
  const [previewError, setPreviewError] = useState<unknown>(null)
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState(false)
  const [previews, setPreviews] = useState<Record<string, string>>({})
  const [previewing, setPreviewing] = useState(false)
  const [dialog, ask] = useConfirm()
  const choices = useChoices()
  const sound = useSound(soundUrl)
  const previewTimer = useRef<number | undefined>(undefined)

  const adopt = useCallback(
    (b: Board) => {
      setBoard(b)
      history.reset(b.plan)
      setSelected((s) => Math.min(s, b.plan.scenes.length - 1))
      onLoaded?.(b)
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [history.reset, onLoaded],
  )

  const load = async (isCurrent: () => boolean = () => true) => {
    setError(null)
    try {
      const [b, w, i] = await Promise.all([
        api<Board>(`/projects/${projectId}/plan`),
        api<Vocabulary>('/editor/vocabulary'),
        api<RefImage[]>(`/projects/${projectId}/images`),
      ])
      if (!isCurrent()) return
      setWords(w)
      setImages(i)
      adopt(b)
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

  const dirty = !!board && !!plan && JSON.stringify(plan) !== JSON.stringify(board.plan)
  useUnsavedGuard(dirty, t('timeline.leaveQuestion'))

  const savedPictures = useMemo(() => {
    const found: Record<string, string> = {}
    if (board) for (const s of board.plan.scenes) found[lookKey(board.plan, s)] = board.pictures[String(s.scene_number)]
    return found
  }, [board])

  const scene = plan?.scenes[selected]
  const key = plan && scene ? lookKey(plan, scene) : ''
  const picture = previews[key] ?? savedPictures[key]

  const preview = useCallback(async () => {
    if (!plan || !scene || previews[key] || savedPictures[key]) return
    setPreviewing(true)
    setPreviewError(null)
    try {
      const url = await fetchPreview(projectId, plan, scene.scene_number)
      setPreviews((p) => ({ ...p, [key]: url }))
    } catch (e) {
      setPreviewError(e)
    } finally {
      setPreviewing(false)
    }
  }, [plan, scene, key, previews, savedPictures, projectId])
  useEffect(() => {
    // A changed scene is painted again once the edits pause (free, small).
    window.clearTimeout(previewTimer.current)
    if (!key || previews[key] || savedPictures[key]) return
    previewTimer.current = window.setTimeout(() => void preview(), 700)
    return () => window.clearTimeout(previewTimer.current)
  }, [key, previews, savedPictures, preview])

  if (error && !board) return <ErrorBox error={error} onRetry={() => void load()} />
  if (!board || !plan || !words || !scene) return <Loading />

  const change = (next: FilmPlan, field?: string) => {
    setSaved(false)
    history.set(next, field)
  }
  const setScene = (next: Scene, field?: string) =>
    change({ ...plan, scenes: plan.scenes.map((s, i) => (i === selected ? next : s)) }, field)

  const save = async (): Promise<boolean> => {
    setSaving(true)
    setError(null)
    try {
      adopt(await api<Board>(`/projects/${projectId}/plan`, { method: 'PUT', body: plan }))
      setSaved(true)
      return true
    } catch (e) {
      setError(e)
      return false
    } finally {
      setSaving(false)
    }
  }

  const backToScript = async () => {
    if ((dirty || board.source === 'edited') && !(await ask(t('timeline.resetQuestion'), t('storyboard.reset')))) return
    try {
      adopt(await api<Board>(`/projects/${projectId}/plan`, { method: 'DELETE' }))
    } catch (e) {
      setError(e)
    }
  }

  const upload = async (file: File) => {
    setError(null)
    const form = new FormData()
    form.append('file', file)
    try {
      const image = await api<RefImage>(`/projects/${projectId}/images`, { form })
      setImages((list) => [...list, image])
      setScene({ ...scene, image: image.key })
    } catch (e) {
      setError(e)
    }
  }

  const sceneButtons: { label: string; run: () => void; disabled?: boolean; testId: string }[] = [
    { label: t('timeline.addScene'), run: () => { change(addScene(plan, selected, t('timeline.newLine'))); setSelected(selected + 1) }, testId: 'scene-add' },
    { label: t('timeline.split'), run: () => change(splitScene(plan, selected)), disabled: !canSplit(scene), testId: 'scene-split' },
    { label: t('timeline.merge'), run: () => change(mergeWithNext(plan, selected)), disabled: selected >= plan.scenes.length - 1, testId: 'scene-merge' },
    { label: t('timeline.moveEarlier'), run: () => { change(moveScene(plan, selected, selected - 1)); setSelected(selected - 1) }, disabled: selected === 0, testId: 'scene-earlier' },
    { label: t('timeline.moveLater'), run: () => { change(moveScene(plan, selected, selected + 1)); setSelected(selected + 1) }, disabled: selected >= plan.scenes.length - 1, testId: 'scene-later' },
    { label: t('timeline.delete'), run: () => { change(deleteScene(plan, selected)); setSelected(Math.max(0, selected - 1)) }, disabled: plan.scenes.length <= 1, testId: 'scene-delete' },
  ]

  return (
    <section aria-labelledby="storyboard-title" className="space-y-4" data-testid="storyboard">
      {dialog}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="storyboard-title" className="text-lg font-semibold">{t('storyboard.title')}</h2>
          <p className="text-sm text-slate-600">{t(`storyboard.source.${board.source}`)}</p>
        </div>
        {editable && (
          <div className="flex flex-wrap gap-2">
            <button type="button" className="btn-secondary" disabled={!history.canUndo} onClick={history.undo} data-testid="undo">{t('timeline.undo')}</button>
            <button type="button" className="btn-secondary" disabled={!history.canRedo} onClick={history.redo} data-testid="redo">{t('timeline.redo')}</button>
            {(board.source === 'edited' || dirty) && (
              <button type="button" className="btn-secondary" onClick={() => void backToScript()} data-testid="back-to-script">{t('storyboard.reset')}</button>
            )}
            <button type="button" className="btn-secondary" disabled={!dirty || saving} onClick={() => void save()} data-testid="save-storyboard">
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
      {dirty && <Notice tone="warn">{t('timeline.unsaved')}</Notice>}
      {saved && !dirty && <Notice tone="success">{t('storyboard.saved')}</Notice>}
      {error ? <ErrorBox error={error} /> : null}
      <FilmSettings plan={plan} choices={choices} aspects={words.aspects} disabled={!editable} set={(next) => change(next)} />
      <Timeline
        plan={plan}
        selected={selected}
        onSelect={setSelected}
        onMove={(from, to) => {
          change(moveScene(plan, from, to))
          setSelected(to)
        }}
        pictureOf={(i) => previews[lookKey(plan, plan.scenes[i])] ?? savedPictures[lookKey(plan, plan.scenes[i])] ?? board.pictures[String(plan.scenes[i].scene_number)]}
        changed={(i) => JSON.stringify(plan.scenes[i]) !== JSON.stringify(board.plan.scenes[i])}
        editable={editable}
        sound={board.source === 'film' ? sound : null}
        soundPlan={board.plan}
      />
      {editable && (
        <div className="flex flex-wrap gap-2" role="toolbar" aria-label={t('timeline.sceneTools')}>
          {sceneButtons.map((b) => (
            <button key={b.testId} type="button" className="btn-secondary px-3 py-1.5" disabled={b.disabled} onClick={b.run} data-testid={b.testId}>
              {b.label}
            </button>
          ))}
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="space-y-3 lg:col-span-2">
          <h3 className="font-semibold">{t('storyboard.scene', { number: selected + 1 })}</h3>
          <div className={`relative overflow-hidden rounded-lg bg-slate-200 ${aspectClass(plan.aspect)}`} data-testid="scene-preview" data-aspect={plan.aspect ?? '16:9'}>
            {picture && <img src={picture} alt={t('storyboard.pictureAlt', { number: selected + 1 })} className="h-full w-full object-cover" data-testid="scene-picture" />}
            {previewing && <span className="absolute inset-0 flex items-center justify-center bg-white/40"><Spinner /></span>}
          </div>
          <p className="text-xs text-slate-500">{t('timeline.previewFree')}</p>
          {previewError ? <ErrorBox error={previewError} onRetry={() => void preview()} /> : null}
          <ShotPreview key={selected} projectId={projectId} plan={plan} scene={scene} />
          {editable && (
            <div className="flex flex-wrap gap-2">
              <button type="button" className="btn-secondary px-3 py-1.5" onClick={() => change({ ...plan, seed: ((plan.seed ?? 0) + 1) % 2147483647 })} data-testid="new-pictures">
                {t('timeline.newPictures')}
              </button>
            </div>
          )}
        </div>
        <div className="lg:col-span-3">
          <SceneEditor scene={scene} plan={plan} words={words} disabled={!editable} set={setScene} images={images} onUpload={(file) => void upload(file)} />
        </div>
      </div>
    </section>
  )
}
