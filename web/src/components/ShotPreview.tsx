import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { accessToken, problemOf, type FilmPlan, type Scene } from '../lib/api'
import { ErrorBox, Spinner } from './Feedback'

async function fetchShot(projectId: string, plan: FilmPlan, scene: number, shot: number): Promise<string> {
  const response = await fetch(`/api/v1/projects/${projectId}/preview/shot?scene=${scene}&shot=${shot}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken() ?? ''}` },
    body: JSON.stringify(plan),
  })
  if (!response.ok) throw await problemOf(response)
  return URL.createObjectURL(await response.blob())
}

/** Film one shot of the scene as it stands (unsaved edits included): a few seconds, small,
 *  with its voice, and free. */
export function ShotPreview({ projectId, plan, scene }: { projectId: string; plan: FilmPlan; scene: Scene }) {
  const { t } = useTranslation()
  const shots = scene.shots?.length ? scene.shots : null
  const [busy, setBusy] = useState<number | null>(null)
  const [film, setFilm] = useState<{ shot: number; url: string; look: string } | null>(null)
  const [error, setError] = useState<unknown>(null)
  const look = JSON.stringify([plan.style, plan.seed, plan.aspect, plan.characters, scene])
  useEffect(() => () => { if (film) URL.revokeObjectURL(film.url) }, [film])
  const play = async (shot: number) => {
    setBusy(shot)
    setError(null)
    try {
      setFilm({ shot, url: await fetchShot(projectId, plan, scene.scene_number, shot), look })
    } catch (e) {
      setError(e)
    } finally {
      setBusy(null)
    }
  }
  return (
    <div className="space-y-2" data-testid="shot-previews">
      <p className="text-sm font-semibold">{t('shotPreview.title')}</p>
      <div className="flex flex-wrap gap-2">
        {(shots ?? [null]).map((shot, i) => (
          <button key={i} type="button" className="btn-secondary px-3 py-1.5 text-xs" disabled={busy !== null} onClick={() => void play(i + 1)} data-testid="shot-preview">
            {busy === i + 1 && <Spinner className="h-3 w-3" />}
            {t('shotPreview.shot', { number: i + 1 })}
            {shot && ` · ${t(`timeline.shotKinds.${shot.kind}`, { defaultValue: shot.kind })}`}
          </button>
        ))}
      </div>
      {busy !== null && <p className="text-xs text-slate-500" role="status">{t('shotPreview.filming')}</p>}
      {film && (
        <figure className="space-y-1">
          <video src={film.url} controls autoPlay playsInline className="w-full max-w-sm rounded-lg bg-black" data-testid="shot-video" />
          <figcaption className="text-xs text-slate-500">
            {t('shotPreview.caption', { number: film.shot })}
            {film.look !== look && ` ${t('shotPreview.stale')}`}
          </figcaption>
        </figure>
      )}
      <p className="text-xs text-slate-500">{t('shotPreview.free')}</p>
      {error ? <ErrorBox error={error} /> : null}
    </div>
  )
}
