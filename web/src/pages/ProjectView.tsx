import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { ErrorBox, Loading, Notice, StatusBadge } from '../components/Feedback'
import { LiveProgress } from '../components/LiveProgress'
import { Player } from '../components/Player'
import { StoryboardEditor } from '../components/Storyboard'
import { useConfirm } from '../components/Confirm'
import { NO_OPTIONS, RenderOptions, jobOptions, type RenderChoice } from '../components/RenderOptions'
import { bestFilm, payFor } from '../lib/credits'
import { api, type LengthCheck, type Project, type Render, type Storyboard, type Version } from '../lib/api'
import { tooShortError } from '../lib/length'
import { LengthHint } from '../components/LengthHint'
import { Thumbnail } from '../components/Thumbnail'
import { Versions } from '../components/Versions'
import { useAuth } from '../lib/auth'

function YouTube({ project }: { project: Project }) {
  const { t } = useTranslation()
  const [error, setError] = useState<unknown>(null)
  const [done, setDone] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [privacy, setPrivacy] = useState('private')
  return (
    <section className="card space-y-3" aria-labelledby="youtube-title">
      <h2 id="youtube-title" className="text-lg font-semibold">{t('youtube.title')}</h2>
      <p className="text-sm text-slate-600">{t('youtube.lead')}</p>
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2 text-sm">
          {t('youtube.privacy')}
          <select className="rounded-md border border-slate-300 px-2 py-1" value={privacy} onChange={(e) => setPrivacy(e.target.value)}>
            {['private', 'unlisted', 'public'].map((p) => <option key={p} value={p}>{t(`youtube.${p}`)}</option>)}
          </select>
        </label>
        <button
          type="button"
          className="btn-danger"
          disabled={busy}
          onClick={async () => {
            setBusy(true)
            setError(null)
            try {
              const r = await api<{ video_id?: string; id?: string }>('/youtube/upload', {
                body: { project_id: project.id, title: project.title, description: '', privacy },
                headers: { 'Idempotency-Key': crypto.randomUUID() },
              })
              setDone(r?.video_id ?? r?.id ?? '')
            } catch (e) {
              setError(e)
            } finally {
              setBusy(false)
            }
          }}
        >
          {t('youtube.upload')}
        </button>
        <Link to="/settings#youtube" className="text-sm font-semibold text-brand-700 underline">{t('youtube.connect')}</Link>
      </div>
      {done !== null && <Notice tone="success">{t('youtube.started')}</Notice>}
      {error ? <ErrorBox error={error} /> : null}
    </section>
  )
}

export default function ProjectView() {
  const { t, i18n } = useTranslation()
  const { id = '' } = useParams()
  const { user } = useAuth()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const [project, setProject] = useState<Project | null>(null)
  const [renders, setRenders] = useState<Render[]>([])
  const [versions, setVersions] = useState<Version[]>([])
  const [storyboard, setStoryboard] = useState<Storyboard | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [actionError, setActionError] = useState<unknown>(null)
  const [selected, setSelected] = useState<string | null>(null)
  const [liveStatus, setLiveStatus] = useState<string | null>(null)
  const [dialog, ask] = useConfirm()
  const [choice, setChoice] = useState<RenderChoice>(NO_OPTIONS)
  const [boardKey, setBoardKey] = useState(0)
  const [restored, setRestored] = useState<number | null>(null)
  const [short, setShort] = useState<LengthCheck | null>(null)
  const jobParam = params.get('job')

  const load = useCallback(async (isCurrent: () => boolean = () => true) => {
    setError(null)
    try {
      const [p, r, v] = await Promise.all([
        api<Project>(`/projects/${id}`),
        api<Render[]>(`/projects/${id}/renders`),
        api<Version[]>(`/projects/${id}/versions`),
      ])
      if (!isCurrent()) return
      setProject(p)
      setRenders(r)
      setVersions(v)
    } catch (e) {
      if (isCurrent()) setError(e)
    }
  }, [id])
  useEffect(() => {
    // A newer query's answer must never be overwritten by an older, slower one.
    let current = true
    void load(() => current)
    return () => {
      current = false
    }
  }, [load])

  const running = renders.find((r) => r.status === 'queued' || r.status === 'processing')
  const liveJob = jobParam ?? running?.id ?? null
  const onFinished = useCallback(() => {
    setLiveStatus(null)
    setParams({}, { replace: true })
    void load()
  }, [load, setParams])

  if (error) return <ErrorBox error={error} onRetry={() => void load()} />
  if (!project || !user) return <Loading />
  const editable = project.access === 'owner' || project.access === 'edit'
  const films = renders.filter((r) => r.status === 'completed')
  const film = films.find((r) => r.id === selected) ?? bestFilm(films)
  const lastFailed = renders[0]?.status === 'failed' ? renders[0] : null

  const render = async () => {
    setActionError(null)
    setShort(null)
    try {
      const length = await api<LengthCheck>(`/projects/${project.id}/length`)
      if (!length.fits) {
        setShort(length)
        setActionError(tooShortError())
        return
      }
      if (!(await payFor(ask, t))) return
      const job = await api<{ id: string }>('/jobs/submit', {
        body: { project_id: project.id, options: jobOptions(choice) },
        headers: { 'Idempotency-Key': crypto.randomUUID() },
      })
      setParams({ job: job.id }, { replace: true })
      void load()
      window.scrollTo({ top: 0, behavior: 'smooth' })
    } catch (e) {
      setActionError(e)
    }
  }

  return (
    <div className="space-y-8">
      {dialog}
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-sm"><Link to="/projects" className="text-brand-700 underline">{t('nav.projects')}</Link></p>
          <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-bold">
            <span className="break-words">{project.title}</span> <StatusBadge status={(liveJob && liveStatus) || project.status} testId="project-status" />
          </h1>
          <p className="mt-1 text-sm text-slate-500">{t('project.versionLine', { version: project.version, date: new Date(project.updated_at).toLocaleString(i18n.resolvedLanguage) })}</p>
        </div>
        {editable && (
          <div className="flex flex-wrap gap-2">
            <Link to={`/projects/${project.id}/edit`} className="btn-secondary">{t('project.edit')}</Link>
            <button type="button" className="btn-primary" onClick={() => void render()} disabled={!!liveJob} data-testid="render">
              {films.length ? t('project.renderAgain') : t('project.render')}
            </button>
            {project.access === 'owner' && (
              <button
                type="button"
                className="btn-secondary text-rose-700"
                onClick={async () => {
                  if (!window.confirm(t('project.confirmDelete'))) return
                  try {
                    await api(`/projects/${project.id}`, { method: 'DELETE' })
                    navigate('/projects')
                  } catch (e) {
                    setActionError(e)
                  }
                }}
              >
                {t('project.delete')}
              </button>
            )}
          </div>
        )}
      </div>
      {actionError ? <ErrorBox error={actionError} /> : null}
      {short && <LengthHint minimum={short.minimum_duration} duration={short.duration ?? project.duration} />}
      {editable && <RenderOptions value={choice} onChange={setChoice} filmLanguage={storyboard?.plan.language ?? project.language ?? 'en'} />}
      {liveJob && <LiveProgress key={liveJob} jobId={liveJob} onFinished={onFinished} onStatus={setLiveStatus} />}
      {renders[0]?.moderation && <Notice tone="warn">{t('project.inReview')}</Notice>}
      {lastFailed && !liveJob && (
        <div role="alert" className="rounded-lg border border-rose-200 bg-rose-50 p-4 text-sm text-rose-800">
          {t('project.failed')} {lastFailed.error}
        </div>
      )}

      {film ? (
        <div className="grid gap-6 lg:grid-cols-3">
          <div className="lg:col-span-2">
            <Player render={film} projectId={project.id} tier={user.tier} storyboard={storyboard} films={films} />
          </div>
          <div className="space-y-6">
            <section className="card" aria-labelledby="renders-title">
              <h2 id="renders-title" className="text-lg font-semibold">{t('project.films')}</h2>
              <ul className="mt-2 divide-y divide-slate-100">
                {films.map((r) => (
                  <li key={r.id}>
                    <button
                      type="button"
                      onClick={() => setSelected(r.id)}
                      className={`flex w-full items-center justify-between gap-2 rounded px-2 py-2 text-left text-sm ${r.id === film.id ? 'bg-brand-50 font-semibold' : 'hover:bg-slate-50'}`}
                      aria-pressed={r.id === film.id}
                    >
                      <Thumbnail url={r.thumbnail_url} title={project.title} className="w-20 shrink-0 rounded" />
                      <span className="min-w-0 flex-1">
                        <span className="block">{t('project.versionShort', { version: r.project_version })} · {r.quality}</span>
                        <span className="block text-xs font-normal text-slate-500">{new Date(r.finished_at ?? r.created_at).toLocaleString(i18n.resolvedLanguage)}</span>
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          </div>
        </div>
      ) : (
        !liveJob && (
          <div className="card py-10 text-center text-slate-600">
            <p>{t('project.noFilm')}</p>
          </div>
        )
      )}
      <Versions key={`${project.version}-${versions.length}`} project={project} versions={versions} editable={editable} restored={restored} onRestored={(v) => { setRestored(v); setBoardKey((k) => k + 1); void load() }} />
      {film && editable && <YouTube project={project} />}
      <StoryboardEditor key={`${films[0]?.id ?? 'none'}-${boardKey}`} projectId={project.id} editable={editable} onRerender={editable && films.length > 0 ? render : undefined} rendering={!!liveJob} onLoaded={setStoryboard} soundUrl={film?.files['film.mp4']} />
    </div>
  )
}
