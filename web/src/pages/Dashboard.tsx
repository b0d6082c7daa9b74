import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ErrorBox, Loading, Notice, StatusBadge } from '../components/Feedback'
import { useJobProgress } from '../components/LiveProgress'
import { api, type Balance, type Message, type Job, type Page, type Project } from '../lib/api'
import { useAuth } from '../lib/auth'
import { BuyCredits } from '../components/BuyCredits'

/** Until the address is confirmed the account is half-made: say so, and offer the link again
 *  (honestly: with no mail server it waits in the development outbox, not in an inbox). */
function ConfirmAddress({ email }: { email: string }) {
  const { t } = useTranslation()
  const [resent, setResent] = useState<Message | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  return (
    <div className="space-y-2" data-testid="confirm-address">
      <Notice tone="warn">
        <span>{t('dashboard.unverified', { email })}</span>{' '}
        <button
          type="button"
          className="text-left font-semibold underline disabled:no-underline disabled:opacity-70"
          disabled={!!resent || busy}
          data-testid="resend-verification"
          onClick={async () => {
            setError(null)
            setBusy(true)
            try {
              setResent((await api<Message | undefined>('/auth/resend-verification', { method: 'POST' })) ?? { detail: '' })
            } catch (e) {
              setError(e)
            } finally {
              setBusy(false)
            }
          }}
        >
          {resent ? (resent.mail_configured === false ? t('dashboard.resentNoMail') : t('settings.resent')) : t('settings.resend')}
        </button>
      </Notice>
      {error ? <ErrorBox error={error} /> : null}
    </div>
  )
}

function JobRow({ job, title }: { job: Job; title: string }) {
  const { t, i18n } = useTranslation()
  const live = ['queued', 'processing'].includes(job.status)
  const { state } = useJobProgress(live ? job.id : null)
  const status = state?.status ?? job.status
  const progress = state?.progress ?? job.progress
  const step = state?.current_step ?? job.current_step
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="job-row">
      <div className="min-w-0">
        <Link to={`/projects/${job.project_id}`} className="font-semibold text-slate-900 hover:underline">{title}</Link>
        <p className="text-xs text-slate-500">
          {new Date(job.created_at).toLocaleString(i18n.resolvedLanguage)} · {job.quality}
          {job.moderation && ` · ${t('dashboard.inReview')}`}
        </p>
      </div>
      <div className="flex items-center gap-3">
        {['queued', 'processing'].includes(status) && (
          <span className="text-xs text-slate-600">
            {t(`steps.${step}`, { defaultValue: step })} · {progress}%
          </span>
        )}
        <StatusBadge status={status} />
      </div>
    </li>
  )
}

function Stat({ label, value, sub, testId }: { label: string; value: string; sub?: string; testId?: string }) {
  return (
    <div className="card">
      <p className="text-sm text-slate-500">{label}</p>
      <p className="mt-1 text-3xl font-bold" data-testid={testId}>{value}</p>
      {sub && <p className="mt-1 text-xs text-slate-500">{sub}</p>}
    </div>
  )
}

export default function Dashboard() {
  const { t, i18n } = useTranslation()
  const { user } = useAuth()
  const [balance, setBalance] = useState<Balance | null>(null)
  const [jobs, setJobs] = useState<Job[] | null>(null)
  const [titles, setTitles] = useState<Record<string, string>>({})
  const [error, setError] = useState<unknown>(null)
  const load = useCallback(async () => {
    setError(null)
    try {
      const [b, j, p] = await Promise.all([
        api<Balance>('/credits/balance'),
        api<Page<Job>>('/jobs?page_size=100'),
        api<Page<Project>>('/projects?page_size=100'),
      ])
      setBalance(b)
      setJobs(j.items)
      setTitles(Object.fromEntries(p.items.map((x) => [x.id, x.title])))
    } catch (e) {
      setError(e)
    }
  }, [])
  useEffect(() => {
    void load()
  }, [load])
  if (error) return <ErrorBox error={error} onRetry={() => void load()} />
  if (!balance || !jobs || !user) return <Loading />
  const reset = new Date(balance.credit_reset_date)
  const monthStart = new Date(reset)
  monthStart.setMonth(monthStart.getMonth() - 1)
  const films = jobs.filter((j) => new Date(j.created_at) >= monthStart && !['failed', 'cancelled'].includes(j.status)).length
  const quota = balance.unlimited ? '∞' : String(balance.monthly_credits ?? 0)
  const used = balance.unlimited ? 0 : Math.min(100, (films / Math.max(1, balance.monthly_credits ?? 1)) * 100)
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{t('dashboard.title', { name: user.name || user.email })}</h1>
          <p className="text-sm text-slate-600">{t('dashboard.plan', { tier: t(`tiers.${user.tier}.name`) })}</p>
        </div>
        <div className="flex gap-2">
          <Link to="/generate" className="btn-primary">{t('dashboard.quick')}</Link>
          <Link to="/projects/new" className="btn-secondary">{t('projects.new')}</Link>
        </div>
      </div>
      {!user.email_verified && <ConfirmAddress email={user.email} />}
      <div className="grid gap-4 sm:grid-cols-3">
        <div className="card" data-testid="films-quota">
          <p className="text-sm text-slate-500">{t('dashboard.filmsThisMonth')}</p>
          <p className="mt-1 text-3xl font-bold">{films} <span className="text-lg font-medium text-slate-400">/ {quota}</span></p>
          {!balance.unlimited && (
            <div className="mt-3 h-2 overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuenow={films} aria-valuemin={0} aria-valuemax={balance.monthly_credits ?? 0} aria-label={t('dashboard.filmsThisMonth')}>
              <div className={`h-full ${used >= 100 ? 'bg-rose-600' : 'bg-brand-600'}`} style={{ width: `${used}%` }} />
            </div>
          )}
        </div>
        <Stat testId="balance" label={t('dashboard.credits')} value={balance.unlimited ? '∞' : String(balance.credits)} sub={t('dashboard.resets', { date: reset.toLocaleDateString(i18n.resolvedLanguage) })} />
        <div className="card space-y-3">
          <p className="text-sm text-slate-500">{t('dashboard.moreCredits')}</p>
          <BuyCredits packs={[10, 50]} />
        </div>
      </div>
      {!balance.unlimited && balance.credits === 0 && (
        <div role="alert" className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">{t('errors.quota')}</div>
      )}
      <section className="card" aria-labelledby="recent-title">
        <h2 id="recent-title" className="text-lg font-semibold">{t('dashboard.recent')}</h2>
        {jobs.length === 0 ? (
          <p className="py-6 text-center text-slate-500">{t('dashboard.noJobs')}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {jobs.slice(0, 8).map((job) => (
              <JobRow key={job.id} job={job} title={titles[job.project_id] ?? t('dashboard.untitled')} />
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
