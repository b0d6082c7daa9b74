import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../lib/api'
import { BuyCredits } from './BuyCredits'

export function Spinner({ className = 'h-5 w-5' }: { className?: string }) {
  return (
    <svg className={`animate-spin text-brand-600 ${className}`} viewBox="0 0 24 24" aria-hidden="true">
      <circle cx="12" cy="12" r="10" stroke="currentColor" strokeWidth="4" fill="none" opacity="0.25" />
      <path d="M22 12a10 10 0 0 1-10 10" stroke="currentColor" strokeWidth="4" fill="none" />
    </svg>
  )
}

export function Loading() {
  const { t } = useTranslation()
  return (
    <div className="flex items-center justify-center gap-3 py-16 text-slate-500" role="status">
      <Spinner />
      <span>{t('common.loading')}</span>
    </div>
  )
}

/** Problem codes that only say what kind of error it was (the detail says which field). */
const GENERAL_CODES = new Set(['invalid', 'bad_request', 'conflict', 'not_found', 'error'])

/** The sentence a person reads for an API error: the server's own words, or ours by status. */
export function useErrorText() {
  const { t, i18n } = useTranslation()
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      if (error.status === 0) return t('errors.network')
      if (error.status === 402) return t('errors.quota')
      // The server's sentence is English and names the field or the limit: an English reader
      // keeps it for the general codes, where our own sentence would say less.
      const general = GENERAL_CODES.has(error.code)
      if (general && error.detail && i18n.language.startsWith('en')) return error.detail
      // A stable problem code we know is shown in the reader's language; others keep the
      // server's own sentence.
      if (error.code && i18n.exists(`errors.codes.${error.code}`)) return t(`errors.codes.${error.code}`)
      if (error.status === 429) return t('errors.rate')
      if (error.status === 404 && !error.detail) return t('errors.unavailable')
      if (error.status === 501 || error.status === 405) return t('errors.unavailable')
      return error.detail || t('errors.generic')
    }
    return t('errors.generic')
  }
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation()
  const text = useErrorText()
  if (!error) return null
  const quota = error instanceof ApiError && error.status === 402
  return (
    <div role="alert" className="rounded-lg border border-rose-200 bg-rose-50 p-4 text-sm text-rose-800">
      <p>{text(error)}</p>
      {quota && (
        <div className="mt-3">
          <BuyCredits packs={[10, 50]} />
        </div>
      )}
      <div className="mt-2 flex flex-wrap gap-3">
        {onRetry && (
          <button type="button" className="font-semibold underline" onClick={onRetry}>
            {t('common.retry')}
          </button>
        )}
      </div>
    </div>
  )
}

export function Notice({ children, tone = 'info' }: { children: React.ReactNode; tone?: 'info' | 'success' | 'warn' }) {
  const tones = {
    info: 'border-sky-200 bg-sky-50 text-sky-900',
    success: 'border-emerald-200 bg-emerald-50 text-emerald-900',
    warn: 'border-amber-200 bg-amber-50 text-amber-900',
  }
  return (
    <div role="status" className={`rounded-lg border p-3 text-sm ${tones[tone]}`}>
      {children}
    </div>
  )
}

/** A banner while the browser is offline, so a failed action has an obvious reason. */
export function OfflineBanner() {
  const { t } = useTranslation()
  const [online, setOnline] = useState(navigator.onLine)
  useEffect(() => {
    const up = () => setOnline(true)
    const down = () => setOnline(false)
    window.addEventListener('online', up)
    window.addEventListener('offline', down)
    return () => {
      window.removeEventListener('online', up)
      window.removeEventListener('offline', down)
    }
  }, [])
  if (online) return null
  return (
    <div role="alert" className="bg-amber-500 px-4 py-2 text-center text-sm font-semibold text-white">
      {t('errors.offline')}
    </div>
  )
}

const STATUS_TONES: Record<string, string> = {
  draft: 'bg-slate-100 text-slate-700',
  queued: 'bg-amber-100 text-amber-800',
  processing: 'bg-sky-100 text-sky-800',
  completed: 'bg-emerald-100 text-emerald-800',
  failed: 'bg-rose-100 text-rose-800',
  cancelled: 'bg-slate-200 text-slate-700',
}

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { t } = useTranslation()
  return (
    <span data-testid={testId} className={`inline-flex rounded-full px-2.5 py-0.5 text-xs font-semibold ${STATUS_TONES[status] ?? ''}`}>
      {t(`status.${status}`)}
    </span>
  )
}
