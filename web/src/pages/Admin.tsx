import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorBox, Loading, StatusBadge } from '../components/Feedback'
import { Link } from 'react-router'
import { api, type Job, type Page } from '../lib/api'
import { useMailStatus } from './Account'

interface AdminUser {
  id: string
  email: string
  name: string
  role: string
  tier: string
  credits: number
  is_suspended: boolean
  suspended_reason: string | null
}

interface Stats {
  users: { total: number; suspended: number; by_tier: Record<string, number> }
  films: { projects: number; completed: number }
  credits: { outstanding: number; spent: number }
  queue: { queued: number; processing: number; held_for_review: number }
  failures: { total: number; last_24h: number }
}

interface Item {
  id: string
  job_id: string
  user_id: string
  text: string
  reasons: string[]
  status: string
  created_at: string
  user_email: string | null
  project_title: string | null
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <p className="text-xs text-slate-500">{label}</p>
      <p className="text-2xl font-bold">{value}</p>
    </div>
  )
}

export default function Admin() {
  const { t, i18n } = useTranslation()
  const mail = useMailStatus()
  const [tab, setTab] = useState<'users' | 'moderation' | 'jobs'>('users')
  const [stats, setStats] = useState<Stats | null>(null)
  const [users, setUsers] = useState<AdminUser[]>([])
  const [items, setItems] = useState<Item[]>([])
  const [jobs, setJobs] = useState<Job[]>([])
  const [q, setQ] = useState('')
  const [error, setError] = useState<unknown>(null)
  const load = useCallback(async (isCurrent: () => boolean = () => true) => {
    setError(null)
    try {
      const [s, u, m, j] = await Promise.all([
        api<Stats>('/admin/stats'),
        api<Page<AdminUser>>(`/admin/users?page_size=100${q ? `&q=${encodeURIComponent(q)}` : ''}`),
        api<Page<Item>>('/admin/moderation?page_size=100'),
        api<Page<Job>>('/admin/jobs?page_size=50'),
      ])
      if (!isCurrent()) return
      setStats(s)
      setUsers(u.items)
      setItems(m.items)
      setJobs(j.items)
    } catch (e) {
      if (isCurrent()) setError(e)
    }
  }, [q])
  useEffect(() => {
    // A newer query's answer must never be overwritten by an older, slower one.
    let current = true
    void load(() => current)
    return () => {
      current = false
    }
  }, [load])
  const act = async (path: string, body: unknown = {}) => {
    try {
      await api(path, { body })
      await load()
    } catch (e) {
      setError(e)
    }
  }
  if (!stats && !error) return <Loading />
  const emails = Object.fromEntries(users.map((u) => [u.id, u.email]))
  const tabs = [
    { id: 'users', label: t('admin.users') },
    { id: 'moderation', label: `${t('admin.moderation')} (${items.length})` },
    { id: 'jobs', label: t('admin.jobs') },
  ] as const
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t('admin.title')}</h1>
        {mail && !mail.configured && (
          <Link to="/dev/outbox" className="btn-secondary" data-testid="outbox-link">{t('account.openOutbox')}</Link>
        )}
      </div>
      {error ? <ErrorBox error={error} onRetry={() => void load()} /> : null}
      {stats && (
        <div className="grid grid-cols-2 gap-3 md:grid-cols-6" data-testid="admin-stats">
          <Figure label={t('admin.stats.users')} value={stats.users.total} />
          <Figure label={t('admin.stats.suspended')} value={stats.users.suspended} />
          <Figure label={t('admin.stats.films')} value={stats.films.completed} />
          <Figure label={t('admin.stats.queued')} value={stats.queue.queued + stats.queue.processing} />
          <Figure label={t('admin.stats.review')} value={stats.queue.held_for_review} />
          <Figure label={t('admin.stats.failed')} value={stats.failures.last_24h} />
        </div>
      )}
      <div role="tablist" aria-label={t('admin.title')} className="flex gap-1 overflow-x-auto border-b border-slate-200">
        {tabs.map((x) => (
          <button
            key={x.id}
            role="tab"
            type="button"
            aria-selected={tab === x.id}
            className={`whitespace-nowrap border-b-2 px-4 py-2 text-sm font-semibold ${tab === x.id ? 'border-brand-600 text-brand-700' : 'border-transparent text-slate-600'}`}
            onClick={() => setTab(x.id)}
          >
            {x.label}
          </button>
        ))}
      </div>
      {tab === 'users' && (
        <section role="tabpanel" className="space-y-3">
          <label className="block max-w-sm">
            <span className="sr-only">{t('admin.searchUsers')}</span>
            <input type="search" className="input" placeholder={t('admin.searchUsers')} value={q} onChange={(e) => setQ(e.target.value)} />
          </label>
          <ul className="divide-y divide-slate-100 rounded-xl bg-white ring-1 ring-slate-200">
            {users.map((u) => (
              <li key={u.id} className="flex items-center justify-between gap-3 p-3" data-testid="admin-user">
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium" title={u.email}>{u.email}</p>
                  <p className="text-xs text-slate-500">
                    {u.name || '—'} · {t(`tiers.${u.tier}.name`)} · {t('admin.creditsCount', { count: u.credits })}
                    {u.role === 'admin' && ` · ${t('admin.adminRole')}`}
                  </p>
                </div>
                {u.is_suspended ? (
                  <div className="flex shrink-0 flex-col items-end gap-1 sm:flex-row sm:items-center sm:gap-2">
                    <span className="rounded-full bg-rose-100 px-2 py-0.5 text-xs font-semibold text-rose-800">{t('admin.suspended')}</span>
                    <button type="button" className="btn-secondary" onClick={() => void act(`/admin/users/${u.id}/unsuspend`)}>{t('admin.restore')}</button>
                  </div>
                ) : (
                  u.role !== 'admin' && (
                    <button
                      type="button"
                      className="btn-secondary shrink-0 text-rose-700"
                      onClick={() => {
                        const reason = window.prompt(t('admin.reason')) ?? ''
                        void act(`/admin/users/${u.id}/suspend`, { reason })
                      }}
                    >
                      {t('admin.suspend')}
                    </button>
                  )
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {tab === 'moderation' && (
        <section role="tabpanel" className="space-y-3">
          {items.length === 0 && <p className="card text-center text-slate-500">{t('admin.queueEmpty')}</p>}
          {items.map((item) => (
            <article key={item.id} className="card space-y-3" data-testid="moderation-item">
              <p className="text-sm">
                <strong>{item.project_title ?? '—'}</strong>
                <span className="text-slate-500"> · {item.user_email ?? '—'}</span>
              </p>
              <div className="flex flex-wrap gap-2">
                {item.reasons.map((r) => {
                  const term = /^contains “(.+)”$/.exec(r)?.[1]
                  return (
                    <span key={r} className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
                      {term ? t('admin.contains', { term }) : r}
                    </span>
                  )
                })}
                <span className="text-xs text-slate-500">{new Date(item.created_at).toLocaleString(i18n.resolvedLanguage)}</span>
              </div>
              <p className="whitespace-pre-wrap rounded bg-slate-50 p-3 text-sm">{item.text}</p>
              <div className="flex gap-2">
                <button type="button" className="btn-primary" onClick={() => void act(`/admin/moderation/${item.id}/approve`)}>{t('admin.approve')}</button>
                <button type="button" className="btn-secondary text-rose-700" onClick={() => void act(`/admin/moderation/${item.id}/reject`)}>{t('admin.reject')}</button>
              </div>
            </article>
          ))}
        </section>
      )}
      {tab === 'jobs' && (
        <section role="tabpanel">
          <ul className="divide-y divide-slate-100 rounded-xl bg-white ring-1 ring-slate-200">
            {jobs.map((j) => (
              <li key={j.id} className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm">
                <span className="min-w-0 truncate">{emails[j.user_id] ?? j.user_id.slice(0, 8)}</span>
                <span className="text-slate-500">{new Date(j.created_at).toLocaleString(i18n.resolvedLanguage)} · {j.quality} · {t(`priority.${j.priority}`, { defaultValue: j.priority })}</span>
                <span className="flex items-center gap-2">{j.progress}% <StatusBadge status={j.status} /></span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}
