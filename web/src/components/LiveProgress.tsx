import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { accessToken, api, type Progress } from '../lib/api'
import { ErrorBox, Spinner } from './Feedback'

const FINISHED = ['completed', 'failed', 'cancelled']

/** Follow a job live: WebSocket first, server-sent events if that fails, polling last. */
export function useJobProgress(jobId: string | null) {
  const [state, setState] = useState<Progress | null>(null)
  const [channel, setChannel] = useState<'ws' | 'sse' | 'poll' | null>(null)
  useEffect(() => {
    if (!jobId) return
    let closed = false
    let socket: WebSocket | null = null
    let source: EventSource | null = null
    let timer: number | undefined
    const token = encodeURIComponent(accessToken() ?? '')
    const update = (p: Progress) => {
      if (!closed) setState(p)
    }
    const poll = () => {
      setChannel('poll')
      const tick = async () => {
        try {
          const p = await api<Progress>(`/jobs/${jobId}/progress`)
          update(p)
          if (FINISHED.includes(p.status)) return
        } catch {
          // network loss: keep trying
        }
        if (!closed) timer = window.setTimeout(tick, 1500)
      }
      void tick()
    }
    const sse = () => {
      setChannel('sse')
      source = new EventSource(`/api/v1/jobs/${jobId}/events?token=${token}`)
      source.addEventListener('progress', (e) => update(JSON.parse((e as MessageEvent).data)))
      source.addEventListener('end', () => {
        source?.close()
        void api<Progress>(`/jobs/${jobId}/progress`).then(update).catch(() => undefined)
      })
      source.onerror = () => {
        source?.close()
        if (!closed) poll()
      }
    }
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
    try {
      socket = new WebSocket(`${scheme}://${window.location.host}/api/v1/jobs/${jobId}/ws?token=${token}`)
      setChannel('ws')
      socket.onmessage = (e) => update(JSON.parse(e.data))
      socket.onclose = (e) => {
        if (closed) return
        if (e.code === 1000) {
          void api<Progress>(`/jobs/${jobId}/progress`).then(update).catch(() => undefined)
        } else {
          sse() // the socket was refused or dropped: server-sent events instead
        }
      }
    } catch {
      sse()
    }
    return () => {
      closed = true
      socket?.close()
      source?.close()
      window.clearTimeout(timer)
    }
  }, [jobId])
  return { state, channel }
}

export function LiveProgress({
  jobId,
  onFinished,
  onStatus,
}: {
  jobId: string
  onFinished?: (p: Progress) => void
  onStatus?: (status: string) => void
}) {
  const { t } = useTranslation()
  const { state, channel } = useJobProgress(jobId)
  const [cancelling, setCancelling] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const reported = useRef(false)
  const status = state?.status
  useEffect(() => {
    if (status) onStatus?.(status)
  }, [status, onStatus])
  useEffect(() => {
    if (state && FINISHED.includes(state.status) && !reported.current) {
      reported.current = true
      onFinished?.(state)
    }
  }, [state, onFinished])
  const progress = state?.progress ?? 0
  const step = state?.current_step ?? 'queued'
  const finished = state ? FINISHED.includes(state.status) : false
  return (
    <section className="card" aria-labelledby="progress-title" data-testid="live-progress" data-channel={channel ?? ''}>
      <div className="flex items-center justify-between gap-3">
        <h2 id="progress-title" className="flex items-center gap-2 text-lg font-semibold">
          {!finished && <Spinner />}
          {finished ? t(`status.${state?.status}`) : t('progress.title')}
        </h2>
        {!finished && (
          <button
            type="button"
            className="btn-secondary"
            disabled={cancelling}
            onClick={async () => {
              setCancelling(true)
              try {
                await api(`/jobs/${jobId}/cancel`, { method: 'DELETE' })
              } catch (e) {
                setError(e)
                setCancelling(false)
              }
            }}
          >
            {cancelling ? t('progress.cancelling') : t('progress.cancel')}
          </button>
        )}
      </div>
      <div
        className="mt-4 h-3 w-full overflow-hidden rounded-full bg-slate-200"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress}
        aria-label={t('progress.title')}
      >
        <div className="h-full rounded-full bg-brand-600 transition-all duration-500" style={{ width: `${progress}%` }} />
      </div>
      <p className="mt-2 flex justify-between text-sm text-slate-600" aria-live="polite">
        <span data-testid="current-step">{t(`steps.${step}`, { defaultValue: step })}</span>
        <span>{progress}%</span>
      </p>
      {error ? <div className="mt-3"><ErrorBox error={error} /></div> : null}
    </section>
  )
}
