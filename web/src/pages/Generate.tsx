import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ErrorBox, Spinner } from '../components/Feedback'
import { LiveProgress } from '../components/LiveProgress'
import { Player } from '../components/Player'
import { ApiError, MAX_WORDS, api, countWords, type Progress, type Project, type Render, type Storyboard } from '../lib/api'
import { useAuth } from '../lib/auth'
import { payFor } from '../lib/credits'
import { useConfirm } from '../components/Confirm'
import { LengthHint } from '../components/LengthHint'
import { fittingLength, tooShortError, useMinimumLength } from '../lib/length'
import { ScriptField, formatDuration, useChoices } from './ProjectForm'

/** A title from the script's first sentence, cut at a word within 60 characters. */
function titleFrom(script: string): string {
  const line = script.trim().split('\n')[0].replace(/^[#\s]+/, '')
  const sentence = line.split(/(?<=[.!?।])\s/)[0].replace(/[.!?।]+$/, '')
  if (sentence.length <= 60) return sentence
  const cut = sentence.slice(0, 60)
  return `${cut.slice(0, cut.lastIndexOf(' ') > 20 ? cut.lastIndexOf(' ') : 60)}…`
}

interface Made {
  project: Project
  job: string
  render?: Render
  storyboard?: Storyboard | null
  outcome?: Progress
}

/** One page from pasted script to film: create the project, submit it, follow the render
 * and play the film, all without leaving the page. */
export default function Generate() {
  const { t } = useTranslation()
  const { user } = useAuth()
  const [dialog, ask] = useConfirm()
  const choices = useChoices()
  const [made, setMade] = useState<Made | null>(null)
  const finished = useCallback(
    async (outcome: Progress) => {
      if (!made) return
      const [renders, storyboard] = await Promise.all([
        api<Render[]>(`/projects/${made.project.id}/renders`).catch(() => [] as Render[]),
        api<Storyboard>(`/projects/${made.project.id}/plan`).catch(() => null),
      ])
      const render = renders.find((r) => r.id === made.job && r.status === 'completed')
      setMade({ ...made, outcome, render, storyboard })
    },
    [made],
  )
  const [script, setScript] = useState('')
  const [style, setStyle] = useState('cinematic')
  const [duration, setDuration] = useState(60)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const minimum = useMinimumLength(script, null)
  const tooShort = minimum !== null && duration < minimum
  const words = countWords(script)
  const over = words > MAX_WORDS
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      {dialog}
      <div>
        <h1 className="text-2xl font-bold">{t('generate.title')}</h1>
        <p className="text-slate-600">{t('generate.lead')}</p>
      </div>
      <form
        className="card space-y-5"
        onSubmit={async (e) => {
          e.preventDefault()
          setError(null)
          if (over) {
            setError(new ApiError(422, t('editor.tooLong', { count: words, max: MAX_WORDS })))
            return
          }
          if (tooShort) {
            setError(tooShortError())
            return
          }
          let draft: Project | null = null
          try {
            if (!(await payFor(ask, t))) return
            setBusy(true)
            const firstLine = titleFrom(script)
            draft = await api<Project>('/projects', {
              body: { title: firstLine || t('generate.untitled'), script, style, duration },
            })
            const job = await api<{ id: string }>('/jobs/submit', {
              body: { project_id: draft.id },
              headers: { 'Idempotency-Key': crypto.randomUUID() },
            })
            setMade({ project: draft, job: job.id })
          } catch (err) {
            // A quick film that could not start leaves no draft behind.
            if (draft) await api(`/projects/${draft.id}`, { method: 'DELETE' }).catch(() => undefined)
            setError(err)
          } finally {
            setBusy(false)
          }
        }}
      >
        <div>
          <label htmlFor="quick-script" className="label">{t('editor.script')}</label>
          <ScriptField id="quick-script" countId="quick-count" size="min-h-64" value={script} onChange={setScript} placeholder={t('generate.placeholder')} />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor="quick-style" className="label">{t('editor.style')}</label>
            <select id="quick-style" className="input" value={style} onChange={(e) => setStyle(e.target.value)}>
              {choices.styles.map((c) => <option key={c.id} value={c.id}>{t(`choices.styles.${c.id}`, { defaultValue: c.id })}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="quick-duration" className="label">{t('editor.duration')}</label>
            <select id="quick-duration" className="input" value={duration} onChange={(e) => setDuration(Number(e.target.value))}>
              <option value={30}>{t('editor.presets.short')} · {formatDuration(30, t)}</option>
              <option value={60}>{formatDuration(60, t)}</option>
              <option value={120}>{t('editor.presets.medium')} · {formatDuration(120, t)}</option>
              <option value={300}>{t('editor.presets.long')} · {formatDuration(300, t)}</option>
              {minimum !== null && ![30, 60, 120, 300].includes(fittingLength(minimum)) && (
                <option value={fittingLength(minimum)}>{formatDuration(fittingLength(minimum), t)}</option>
              )}
            </select>
            <LengthHint minimum={minimum} duration={duration} onFix={setDuration} />
          </div>
        </div>
        {error ? <ErrorBox error={error} /> : null}
        <button type="submit" className="btn-primary w-full py-3 text-base" disabled={busy || over || tooShort || !script.trim()} data-testid="make-film">
          {busy && <Spinner className="h-4 w-4 text-white" />}
          {t('generate.submit')}
        </button>
        <p className="text-center text-xs text-slate-500">{t('generate.cost')}</p>
      </form>
      {made && <LiveProgress key={made.job} jobId={made.job} onFinished={(p) => void finished(p)} />}
      {made?.outcome && made.outcome.status !== 'completed' && (
        <div role="alert" className="rounded-lg border border-rose-200 bg-rose-50 p-4 text-sm text-rose-800">
          {t(`generate.${made.outcome.status}`, { defaultValue: t('project.failed') })}
        </div>
      )}
      {made?.render && user && (
        <>
          <Player render={made.render} projectId={made.project.id} tier={user.tier} storyboard={made.storyboard ?? null} />
          <p className="text-center">
            <Link to={`/projects/${made.project.id}`} className="btn-secondary" data-testid="open-project">
              {t('generate.open')}
            </Link>
          </p>
        </>
      )}
    </div>
  )
}
