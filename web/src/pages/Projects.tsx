import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ErrorBox, Loading, StatusBadge } from '../components/Feedback'
import { Thumbnail } from '../components/Thumbnail'
import { api, type Page, type Project } from '../lib/api'

const STATUSES = ['', 'draft', 'queued', 'processing', 'completed', 'failed', 'cancelled']

export default function Projects() {
  const { t, i18n } = useTranslation()
  const [status, setStatus] = useState('')
  const [query, setQuery] = useState('')
  const [projects, setProjects] = useState<Project[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [reload, setReload] = useState(0)
  useEffect(() => {
    // A newer filter's answer must never be overwritten by an older, slower one.
    let current = true
    setError(null)
    setProjects(null)
    api<Page<Project>>(`/projects?page_size=100${status ? `&status=${status}` : ''}`)
      .then((page) => current && setProjects(page.items))
      .catch((e: unknown) => current && setError(e))
    return () => {
      current = false
    }
  }, [status, reload])
  const load = () => setReload((n) => n + 1)
  const needle = query.trim().toLowerCase()
  const shown = (projects ?? []).filter((p) => !needle || p.title.toLowerCase().includes(needle) || p.script.toLowerCase().includes(needle))
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t('projects.title')}</h1>
        <Link to="/projects/new" className="btn-primary">{t('projects.new')}</Link>
      </div>
      <div className="flex flex-col gap-3 sm:flex-row">
        <label className="flex-1">
          <span className="sr-only">{t('projects.search')}</span>
          <input type="search" className="input" placeholder={t('projects.search')} value={query} onChange={(e) => setQuery(e.target.value)} data-testid="project-search" />
        </label>
        <label className="sm:w-56">
          <span className="sr-only">{t('projects.filter')}</span>
          <select className="input" value={status} onChange={(e) => setStatus(e.target.value)} data-testid="status-filter">
            {STATUSES.map((s) => (
              <option key={s} value={s}>{s ? t(`status.${s}`) : t('projects.allStatuses')}</option>
            ))}
          </select>
        </label>
      </div>
      {error ? <ErrorBox error={error} onRetry={() => void load()} /> : null}
      {!projects && !error && <Loading />}
      {projects && shown.length === 0 && (
        <div className="card py-12 text-center">
          <p className="text-slate-600">{projects.length === 0 && !status ? t('projects.empty') : t('projects.noMatch')}</p>
          {projects.length === 0 && !status && <Link to="/generate" className="btn-primary mt-4">{t('dashboard.quick')}</Link>}
        </div>
      )}
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {shown.map((p) => (
          <li key={p.id}>
            <Link to={`/projects/${p.id}`} className="card block h-full overflow-hidden transition hover:border-brand-500 hover:shadow-md" data-testid="project-card">
              <Thumbnail url={p.thumbnail_url} title={p.title} className="-mx-5 -mt-5 mb-4 w-[calc(100%+2.5rem)] max-w-none" />
              <div className="flex items-start justify-between gap-2">
                <h2 className="font-semibold text-slate-900">{p.title}</h2>
                <StatusBadge status={p.status} />
              </div>
              <p className="mt-2 line-clamp-3 text-sm text-slate-600">{p.script}</p>
              <p className="mt-3 text-xs text-slate-500">
                {t(`choices.styles.${p.style}`, { defaultValue: p.style })} · {Math.round(p.duration)} s · {new Date(p.updated_at).toLocaleDateString(i18n.resolvedLanguage)}
              </p>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  )
}
