import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ApiError, accessToken, api, problemOf, clearTokens, setTokens, type Message, type MfaEnrolment, type TokenPair } from '../lib/api'
import { useAuth } from '../lib/auth'
import { MailSent, RecoveryCodes } from '../pages/Account'
import { useConfirm } from './Confirm'
import { ErrorBox, Notice } from './Feedback'

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section id={id} className="card space-y-3" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  )
}

function PasswordField({ id, label, value, onChange, fresh = false }: { id: string; label: string; value: string; onChange: (v: string) => void; fresh?: boolean }) {
  return (
    <div>
      <label htmlFor={id} className="label">{label}</label>
      <input id={id} type="password" required={fresh} minLength={fresh ? 8 : undefined} autoComplete={fresh ? 'new-password' : 'current-password'} className="input" value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  )
}

function ChangePassword() {
  const { t } = useTranslation()
  const [current, setCurrent] = useState('')
  const [fresh, setFresh] = useState('')
  const [done, setDone] = useState(false)
  const [error, setError] = useState<unknown>(null)
  return (
    <Section id="password" title={t('account.changePassword')}>
      <form
        className="space-y-3"
        onSubmit={async (e) => {
          e.preventDefault()
          setError(null)
          setDone(false)
          try {
            const pair = await api<TokenPair>('/users/me/password', { body: { current_password: current, new_password: fresh } })
            setTokens(pair.access_token, pair.refresh_token) // other logins ended; this one goes on
            setDone(true)
            setCurrent('')
            setFresh('')
          } catch (err) {
            setError(err)
          }
        }}
      >
        <PasswordField id="current-password" label={t('account.currentPassword')} value={current} onChange={setCurrent} />
        <PasswordField id="new-password" label={t('account.newPassword')} value={fresh} onChange={setFresh} fresh />
        {done && <Notice tone="success">{t('account.passwordChanged')}</Notice>}
        {error ? <ErrorBox error={error} /> : null}
        <button type="submit" className="btn-primary">{t('account.changePassword')}</button>
      </form>
    </Section>
  )
}

function ChangeEmail() {
  const { t } = useTranslation()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [done, setDone] = useState<Message | null>(null)
  const [error, setError] = useState<unknown>(null)
  return (
    <Section id="email" title={t('account.changeEmail')}>
      <form
        className="space-y-3"
        onSubmit={async (e) => {
          e.preventDefault()
          setError(null)
          try {
            setDone(await api<Message>('/users/me/email', { body: { new_email: email, current_password: password || null } }))
          } catch (err) {
            setError(err)
          }
        }}
      >
        <div>
          <label htmlFor="new-email" className="label">{t('account.newEmail')}</label>
          <input id="new-email" type="email" required className="input" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <PasswordField id="email-password" label={t('account.currentPassword')} value={password} onChange={setPassword} />
        <MailSent message={done} sent={t('account.emailSent')} />
        {error ? <ErrorBox error={error} /> : null}
        <button type="submit" className="btn-primary">{t('account.changeEmail')}</button>
      </form>
    </Section>
  )
}

function TwoStep() {
  const { t } = useTranslation()
  const [status, setStatus] = useState<{ enabled: boolean; required: boolean } | null>(null)
  const [enrolment, setEnrolment] = useState<MfaEnrolment | null>(null)
  const [code, setCode] = useState('')
  const [codes, setCodes] = useState<string[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    api<{ enabled: boolean; required: boolean }>('/users/me/mfa').then(setStatus).catch(() => setStatus(null))
  }, [])
  if (!status) return null
  return (
    <Section id="two-step" title={t('account.twoStep')}>
      <p className="text-sm text-slate-600">{status.enabled ? t('account.twoStepOn') : t('account.twoStepOff')}</p>
      {codes && <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />}
      {!status.enabled && !enrolment && (
        <button type="button" className="btn-secondary" onClick={() => api<MfaEnrolment>('/users/me/mfa', { method: 'POST' }).then(setEnrolment).catch(setError)}>
          {t('account.twoStepStart')}
        </button>
      )}
      {enrolment && (
        <form
          className="space-y-3"
          onSubmit={async (e) => {
            e.preventDefault()
            setError(null)
            try {
              const answer = await api<{ recovery_codes: string[]; tokens: TokenPair }>('/users/me/mfa/confirm', { body: { code: code.trim() } })
              setTokens(answer.tokens.access_token, answer.tokens.refresh_token)
              setCodes(answer.recovery_codes)
              setEnrolment(null)
              setStatus({ ...status, enabled: true })
            } catch (err) {
              setError(err)
            }
          }}
        >
          <p className="text-sm text-slate-700">{t('account.enrolLead')}</p>
          <p className="break-all rounded bg-slate-100 p-2 font-mono text-sm" data-testid="mfa-secret">{enrolment.secret}</p>
          <label htmlFor="settings-mfa-code" className="label">{t('account.code')}</label>
          <input id="settings-mfa-code" inputMode="numeric" required className="input" value={code} onChange={(e) => setCode(e.target.value)} />
          <button type="submit" className="btn-primary">{t('account.verifyCode')}</button>
        </form>
      )}
      {error ? <ErrorBox error={error} /> : null}
    </Section>
  )
}

function ExportData() {
  const { t } = useTranslation()
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  return (
    <Section id="export" title={t('account.exportTitle')}>
      <p className="text-sm text-slate-600">{t('account.exportLead')}</p>
      <button
        type="button"
        className="btn-secondary"
        disabled={busy}
        data-testid="export-data"
        onClick={async () => {
          setError(null)
          setBusy(true)
          try {
            // The zip needs the login's token, so it is fetched here and handed to the browser.
            const response = await fetch('/api/v1/users/me/export', { headers: { Authorization: `Bearer ${accessToken() ?? ''}` } })
            if (!response.ok) throw await problemOf(response)
            const name = /filename="?([^";]+)/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'filmstudio-export.zip'
            const link = document.createElement('a')
            link.href = URL.createObjectURL(await response.blob())
            link.download = name
            link.click()
          } catch (err) {
            setError(err instanceof ApiError ? err : new ApiError(0, ''))
          } finally {
            setBusy(false)
          }
        }}
      >
        {t('account.exportButton')}
      </button>
      {error ? <ErrorBox error={error} /> : null}
    </Section>
  )
}

function DeleteAccount() {
  const { t } = useTranslation()
  const { reload } = useAuth()
  const navigate = useNavigate()
  const [dialog, ask] = useConfirm()
  const [error, setError] = useState<unknown>(null)
  return (
    <Section id="delete" title={t('account.deleteTitle')}>
      {dialog}
      <p className="text-sm text-slate-600">{t('account.deleteLead')}</p>
      <button
        type="button"
        className="btn-danger"
        data-testid="delete-account"
        onClick={async () => {
          if (!(await ask(t('account.deleteQuestion'), t('account.deleteButton')))) return
          try {
            await api('/users/me', { method: 'DELETE' })
            clearTokens()
            await reload().catch(() => undefined)
            navigate('/', { replace: true })
          } catch (err) {
            setError(err)
          }
        }}
      >
        {t('account.deleteButton')}
      </button>
      {error ? <ErrorBox error={error} /> : null}
    </Section>
  )
}

/** The account's security and privacy: password, address, two-step login, export, delete. */
export function AccountSettings() {
  return (
    <>
      <ChangePassword />
      <ChangeEmail />
      <TwoStep />
      <ExportData />
      <DeleteAccount />
    </>
  )
}
