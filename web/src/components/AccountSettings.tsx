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

interface MfaStatus {
  enabled: boolean
  required: boolean
  recovery_codes_left: number
}

/** A step that needs a fresh code from the app (new recovery codes, turning it off). */
function CodeForm({ id, lead, button, danger = false, onCode }: { id: string; lead: string; button: string; danger?: boolean; onCode: (code: string) => Promise<void> }) {
  const { t } = useTranslation()
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  return (
    <form
      className="space-y-2 rounded-lg border border-slate-200 p-3"
      data-testid={id}
      onSubmit={async (e) => {
        e.preventDefault()
        setError(null)
        setBusy(true)
        try {
          await onCode(code.trim())
          setCode('')
        } catch (err) {
          setError(err)
        } finally {
          setBusy(false)
        }
      }}
    >
      <p className="text-sm text-slate-700">{lead}</p>
      <label htmlFor={`${id}-code`} className="label">{t('account.code')}</label>
      <input id={`${id}-code`} inputMode="numeric" autoComplete="one-time-code" required minLength={6} className="input" value={code} onChange={(e) => setCode(e.target.value)} />
      {error ? <ErrorBox error={error} /> : null}
      <button type="submit" className={danger ? 'btn-danger' : 'btn-primary'} disabled={busy}>{button}</button>
    </form>
  )
}

function TwoStep() {
  const { t } = useTranslation()
  const [status, setStatus] = useState<MfaStatus | null>(null)
  const [enrolment, setEnrolment] = useState<MfaEnrolment | null>(null)
  const [code, setCode] = useState('')
  const [codes, setCodes] = useState<string[] | null>(null)
  const [open, setOpen] = useState<'codes' | 'off' | null>(null)
  const [off, setOff] = useState(false)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    api<MfaStatus>('/users/me/mfa').then(setStatus).catch(() => setStatus(null))
  }, [])
  if (!status) return null
  return (
    <Section id="two-step" title={t('account.twoStep')}>
      <p className="text-sm text-slate-600">{status.enabled ? t('account.twoStepOn') : t('account.twoStepOff')}</p>
      {off && <Notice tone="success">{t('account.twoStepTurnedOff')}</Notice>}
      {status.enabled && !codes && (
        <p className="text-sm text-slate-700" data-testid="recovery-left">{t('account.recoveryLeft', { count: status.recovery_codes_left })}</p>
      )}
      {status.enabled && !codes && status.recovery_codes_left <= 3 && <Notice tone="warn">{t('account.recoveryLow')}</Notice>}
      {codes && <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />}
      {status.enabled && !codes && (
        <div className="flex flex-wrap gap-2">
          <button type="button" className="btn-secondary" aria-expanded={open === 'codes'} onClick={() => setOpen(open === 'codes' ? null : 'codes')} data-testid="new-codes">
            {t('account.newCodes')}
          </button>
          {!status.required && (
            <button type="button" className="btn-secondary" aria-expanded={open === 'off'} onClick={() => setOpen(open === 'off' ? null : 'off')} data-testid="two-step-off">
              {t('account.twoStepDisable')}
            </button>
          )}
        </div>
      )}
      {status.enabled && status.required && <p className="text-xs text-slate-500">{t('account.twoStepKept')}</p>}
      {status.enabled && !codes && open === 'codes' && (
        <CodeForm
          id="new-codes-form"
          lead={t('account.newCodesLead')}
          button={t('account.newCodes')}
          onCode={async (value) => {
            const answer = await api<{ recovery_codes: string[] }>('/users/me/mfa/recovery-codes', { body: { code: value } })
            setCodes(answer.recovery_codes)
            setOpen(null)
            setStatus({ ...status, recovery_codes_left: answer.recovery_codes.length })
          }}
        />
      )}
      {status.enabled && !codes && open === 'off' && (
        <CodeForm
          id="two-step-off-form"
          lead={t('account.twoStepDisableLead')}
          button={t('account.twoStepDisable')}
          danger
          onCode={async (value) => {
            await api('/users/me/mfa/disable', { body: { code: value } })
            setOpen(null)
            setOff(true)
            setStatus({ ...status, enabled: false, recovery_codes_left: 0 })
          }}
        />
      )}
      {!status.enabled && !enrolment && (
        <button
          type="button"
          className="btn-secondary"
          onClick={() => {
            setOff(false)
            api<MfaEnrolment>('/users/me/mfa', { method: 'POST' }).then(setEnrolment).catch(setError)
          }}
        >
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
              setCode('')
              setStatus({ ...status, enabled: true, recovery_codes_left: answer.recovery_codes.length })
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
          if (!(await ask(t('account.deleteQuestion'), t('account.deleteButton'), true))) return
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
