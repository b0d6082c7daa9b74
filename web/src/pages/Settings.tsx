import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorBox, Loading, Notice } from '../components/Feedback'
import { LanguageMenu } from '../components/Layout'
import { AccountSettings } from '../components/AccountSettings'
import { Billing } from '../components/Billing'
import { api, type Message, type User } from '../lib/api'
import { useAuth } from '../lib/auth'

export default function Settings() {
  const { t } = useTranslation()
  const { user, reload } = useAuth()
  const [name, setName] = useState(user?.name ?? '')
  const [saved, setSaved] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [ytError, setYtError] = useState<unknown>(null)
  const [resent, setResent] = useState<Message | null>(null)
  if (!user) return <Loading />
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">{t('settings.title')}</h1>
      <Billing />
      <section className="card space-y-4" aria-labelledby="profile-title">
        <h2 id="profile-title" className="text-lg font-semibold">{t('settings.profile')}</h2>
        <form
          className="space-y-4"
          onSubmit={async (e) => {
            e.preventDefault()
            setError(null)
            setSaved(false)
            try {
              await api<User>('/users/me', { method: 'PATCH', body: { name } })
              await reload()
              setSaved(true)
            } catch (err) {
              setError(err)
            }
          }}
        >
          <div>
            <label htmlFor="profile-name" className="label">{t('auth.name')}</label>
            <input id="profile-name" className="input" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div>
            <span className="label">{t('auth.email')}</span>
            <p className="text-sm text-slate-700">
              {user.email} · {user.email_verified ? t('settings.verified') : t('settings.unverified')}
            </p>
            {!user.email_verified && (
              <button
                type="button"
                className="mt-1 text-sm font-semibold text-brand-700 underline disabled:no-underline disabled:opacity-60"
                disabled={!!resent}
                onClick={async () => {
                  try {
                    setResent((await api<Message | undefined>('/auth/resend-verification', { method: 'POST' })) ?? { detail: '' })
                  } catch (e) {
                    setError(e)
                  }
                }}
              >
                {resent ? (resent.mail_configured === false ? t('dashboard.resentNoMail') : t('settings.resent')) : t('settings.resend')}
              </button>
            )}
          </div>
          {saved && <Notice tone="success">{t('settings.saved')}</Notice>}
          {error ? <ErrorBox error={error} /> : null}
          <button type="submit" className="btn-primary">{t('settings.save')}</button>
        </form>
      </section>
      <section className="card space-y-3" aria-labelledby="lang-title">
        <h2 id="lang-title" className="text-lg font-semibold">{t('settings.language')}</h2>
        <p className="text-sm text-slate-600">{t('settings.languageHelp')}</p>
        <LanguageMenu id="settings-language" />
      </section>
      <section id="youtube" className="card space-y-3" aria-labelledby="yt-title">
        <h2 id="yt-title" className="text-lg font-semibold">{t('settings.youtube')}</h2>
        <p className="text-sm text-slate-600">{t('settings.youtubeHelp')}</p>
        <button
          type="button"
          className="btn-danger"
          onClick={async () => {
            setYtError(null)
            try {
              const r = await api<Record<string, string>>('/youtube/connect', { body: {} })
              const url = r?.authorization_url ?? r?.auth_url ?? r?.url
              if (url) window.location.assign(url)
            } catch (e) {
              setYtError(e)
            }
          }}
        >
          {t('settings.connectYoutube')}
        </button>
        {ytError ? <ErrorBox error={ytError} /> : null}
      </section>
      <AccountSettings />
    </div>
  )
}
