import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { ErrorBox, Loading, Notice, Spinner } from '../components/Feedback'
import { api, type MailStatus, type Message, type MfaChallenge, type MfaEnrolment, type TokenPair } from '../lib/api'
import { useAuth } from '../lib/auth'

export function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-md">
      <div className="card space-y-6 p-8">
        <h1 className="text-2xl font-bold">{title}</h1>
        {children}
      </div>
    </div>
  )
}

/** Whether this studio sends e-mail, said honestly (no "check your inbox" when nothing left). */
export function useMailStatus(): MailStatus | null {
  const [status, setStatus] = useState<MailStatus | null>(null)
  useEffect(() => {
    api<MailStatus>('/auth/mail', { auth: false }).then(setStatus).catch(() => setStatus(null))
  }, [])
  return status
}

/** The no-mail warning; an administrator also gets the way to the development outbox,
 *  where the message really is. */
export function NoMail() {
  const { t } = useTranslation()
  const { user } = useAuth()
  return (
    <Notice tone="warn">
      <span data-testid="no-mail">{t('account.noMail')}</span>
      {user?.role === 'admin' && (
        <Link to="/dev/outbox" className="ml-2 font-semibold underline" data-testid="outbox-link">{t('account.openOutbox')}</Link>
      )}
    </Notice>
  )
}

/** The sentences after something was e-mailed: what to do with the link (`sent`), and the
 *  truth when the studio has no mail server (unless the page already `warned` of it). */
export function MailSent({ message, sent, warned = false }: { message: Message | null; sent: string; warned?: boolean }) {
  if (!message) return null
  const noMail = message.mail_configured === false
  return (
    <div className="space-y-2" data-testid="mail-sent">
      <Notice tone={noMail ? 'info' : 'success'}>{sent}</Notice>
      {noMail && !warned && <NoMail />}
    </div>
  )
}

export function ForgotPassword() {
  const { t } = useTranslation()
  const mail = useMailStatus()
  const [email, setEmail] = useState('')
  const [done, setDone] = useState<Message | null>(null)
  const [error, setError] = useState<unknown>(null)
  return (
    <Card title={t('account.forgotTitle')}>
      <p className="text-sm text-slate-600">{t('account.forgotLead')}</p>
      {mail && !mail.configured && <NoMail />}
      <form
        className="space-y-4"
        onSubmit={async (e) => {
          e.preventDefault()
          setError(null)
          try {
            const answer = await api<Message | undefined>('/auth/forgot-password', { body: { email }, auth: false })
            setDone(answer ?? { detail: '', mail_configured: mail?.configured })
          } catch (err) {
            setError(err)
          }
        }}
      >
        <div>
          <label htmlFor="forgot-email" className="label">{t('auth.email')}</label>
          <input id="forgot-email" type="email" required autoComplete="email" className="input" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        {error ? <ErrorBox error={error} /> : null}
        <MailSent message={done} sent={t(done?.mail_configured === false ? 'account.forgotSentNoMail' : 'account.forgotSent')} warned={!!mail && !mail.configured} />
        <button type="submit" className="btn-primary w-full" disabled={!!done}>{t('account.sendLink')}</button>
      </form>
      <p className="text-center text-sm"><Link to="/auth/login" className="font-semibold text-brand-700 underline">{t('auth.login')}</Link></p>
    </Card>
  )
}

export function ResetPassword() {
  const { t } = useTranslation()
  const [params] = useSearchParams()
  const [password, setPassword] = useState('')
  const [done, setDone] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const token = params.get('token') ?? ''
  return (
    <Card title={t('account.resetTitle')}>
      {done ? (
        <>
          <Notice tone="success">{t('account.resetDone')}</Notice>
          <Link to="/auth/login" className="btn-primary w-full">{t('auth.login')}</Link>
        </>
      ) : (
        <form
          className="space-y-4"
          onSubmit={async (e) => {
            e.preventDefault()
            setError(null)
            try {
              await api('/auth/reset-password', { body: { token, new_password: password }, auth: false })
              setDone(true)
            } catch (err) {
              setError(err)
            }
          }}
        >
          <div>
            <label htmlFor="reset-password" className="label">{t('account.newPassword')}</label>
            <input id="reset-password" type="password" required minLength={8} autoComplete="new-password" className="input" value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          {!token && <Notice tone="warn">{t('account.noToken')}</Notice>}
          {error ? <ErrorBox error={error} /> : null}
          <button type="submit" className="btn-primary w-full" disabled={!token}>{t('account.resetButton')}</button>
        </form>
      )}
    </Card>
  )
}

/** A page an e-mailed link opens: it sends the link's token once and says how it went. */
function TokenPage({ title, path, done }: { title: string; path: string; done: string }) {
  const { t } = useTranslation()
  const { reload } = useAuth()
  const [params] = useSearchParams()
  const [state, setState] = useState<'busy' | 'done' | 'failed'>('busy')
  const [error, setError] = useState<unknown>(null)
  const sent = useRef(false)
  useEffect(() => {
    if (sent.current) return // once, even when React runs effects twice
    sent.current = true
    api(path, { body: { token: params.get('token') ?? '' }, auth: false })
      .then(async () => {
        setState('done')
        await reload().catch(() => undefined)
      })
      .catch((e) => {
        setError(e)
        setState('failed')
      })
  }, [path, params, reload])
  return (
    <Card title={title}>
      {state === 'busy' && <Loading />}
      {state === 'done' && <Notice tone="success">{done}</Notice>}
      {state === 'failed' && <ErrorBox error={error} />}
      <Link to="/dashboard" className="btn-secondary w-full">{t('nav.dashboard')}</Link>
    </Card>
  )
}

export function VerifyEmail() {
  const { t } = useTranslation()
  return <TokenPage title={t('account.verifyTitle')} path="/auth/verify-email" done={t('account.verifyDone')} />
}

export function ConfirmEmail() {
  const { t } = useTranslation()
  return <TokenPage title={t('account.confirmTitle')} path="/auth/confirm-email" done={t('account.confirmDone')} />
}

/** The login's second step: set the app up first when the account must have it (admins),
 *  then a code; recovery codes made now are shown once before going on. */
export function SecondStep({ challenge, onDone }: { challenge: MfaChallenge; onDone: () => void }) {
  const { t } = useTranslation()
  const { acceptTokens } = useAuth()
  const [enrolment, setEnrolment] = useState<MfaEnrolment | null>(null)
  const [code, setCode] = useState('')
  const [codes, setCodes] = useState<string[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    if (!challenge.enrolment_required) return
    api<MfaEnrolment>('/auth/login/mfa/enrol', { body: { mfa_token: challenge.mfa_token }, auth: false }).then(setEnrolment).catch(setError)
  }, [challenge])
  if (codes) return <RecoveryCodes codes={codes} onDone={onDone} />
  return (
    <form
      className="space-y-4"
      data-testid="second-step"
      onSubmit={async (e) => {
        e.preventDefault()
        setError(null)
        setBusy(true)
        try {
          const answer = await api<TokenPair & { recovery_codes?: string[] | null }>('/auth/login/mfa', {
            body: { mfa_token: challenge.mfa_token, code: code.trim() },
            auth: false,
          })
          await acceptTokens(answer.access_token, answer.refresh_token)
          if (answer.recovery_codes?.length) setCodes(answer.recovery_codes)
          else onDone()
        } catch (err) {
          setError(err)
        } finally {
          setBusy(false)
        }
      }}
    >
      {challenge.enrolment_required && (
        <div className="space-y-2">
          <p className="text-sm text-slate-700">{t('account.enrolLead')}</p>
          {enrolment ? (
            <>
              <p className="break-all rounded bg-slate-100 p-2 font-mono text-sm" data-testid="mfa-secret">{enrolment.secret}</p>
              <a href={enrolment.otpauth_uri} className="text-sm font-semibold text-brand-700 underline">{t('account.openApp')}</a>
            </>
          ) : (
            <Spinner />
          )}
        </div>
      )}
      <div>
        <label htmlFor="mfa-code" className="label">{t('account.code')}</label>
        <input id="mfa-code" inputMode="numeric" autoComplete="one-time-code" required className="input" value={code} onChange={(e) => setCode(e.target.value)} />
        <p className="mt-1 text-xs text-slate-500">{t('account.codeHelp')}</p>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      <button type="submit" className="btn-primary w-full" disabled={busy}>{t('account.verifyCode')}</button>
    </form>
  )
}

export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation()
  return (
    <div className="space-y-3" data-testid="recovery-codes">
      <Notice tone="warn">{t('account.recoveryLead')}</Notice>
      <ul className="grid grid-cols-2 gap-2 font-mono text-sm">
        {codes.map((c) => <li key={c} className="rounded bg-slate-100 px-2 py-1">{c}</li>)}
      </ul>
      <button type="button" className="btn-primary w-full" onClick={onDone}>{t('account.savedCodes')}</button>
    </div>
  )
}
