import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorBox, Loading, Notice } from '../components/Feedback'
import { api } from '../lib/api'

interface OutboxMessage {
  to: string
  subject: string
  text: string
  html: string | null
}

interface OutboxPage {
  items: OutboxMessage[]
  total: number
}

const LINK = /(https?:\/\/[^\s<>"']+)/g

/** A message's plain text with its links made clickable (the text is never read as HTML). */
function Linked({ text }: { text: string }) {
  const parts = text.split(LINK)
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} className="break-all font-semibold text-brand-700 underline" data-testid="outbox-mail-link">{part}</a>
        ) : (
          <span key={i}>{part}</span>
        ),
      )}
    </>
  )
}

/** The development outbox: with no mail server, the mail the studio would have sent (an
 *  administrator's page; the API audits each reading). */
export default function Outbox() {
  const { t } = useTranslation()
  const [page, setPage] = useState<OutboxPage | null>(null)
  const [to, setTo] = useState('')
  const [error, setError] = useState<unknown>(null)
  const load = useCallback(async (address: string) => {
    setError(null)
    try {
      const query = address.trim() ? `?to=${encodeURIComponent(address.trim())}` : ''
      setPage(await api<OutboxPage>(`/dev/outbox${query}`))
    } catch (e) {
      setError(e)
    }
  }, [])
  useEffect(() => {
    void load('')
  }, [load])
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold">{t('outbox.title')}</h1>
      <Notice>{t('outbox.lead')}</Notice>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault()
          void load(to)
        }}
      >
        <div className="min-w-0 flex-1">
          <label htmlFor="outbox-to" className="label">{t('outbox.filter')}</label>
          <input id="outbox-to" type="email" className="input" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <button type="submit" className="btn-secondary">{t('outbox.refresh')}</button>
      </form>
      {error ? <ErrorBox error={error} onRetry={() => void load(to)} /> : null}
      {!page && !error && <Loading />}
      {page && (
        <>
          <p className="text-sm text-slate-600">{t('outbox.count', { count: page.total })}</p>
          {page.items.length === 0 ? (
            <p className="py-6 text-center text-slate-500">{t('outbox.empty')}</p>
          ) : (
            <ul className="space-y-4">
              {page.items.map((mail, i) => (
                <li key={`${i}-${mail.to}-${mail.subject}`} className="card space-y-2" data-testid="outbox-mail">
                  <h2 className="font-semibold">{mail.subject}</h2>
                  <p className="text-xs text-slate-500">{t('outbox.to', { to: mail.to })}</p>
                  <p className="whitespace-pre-wrap break-words text-sm text-slate-800">
                    <Linked text={mail.text} />
                  </p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  )
}
