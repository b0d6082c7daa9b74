import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Navigate, useLocation, useNavigate } from 'react-router'
import { ErrorBox, Loading, Notice, Spinner } from '../components/Feedback'
import { ApiError, api, type MfaChallenge } from '../lib/api'
import { useAuth } from '../lib/auth'
import { Card, SecondStep } from './Account'

function OAuthButtons() {
  const { t } = useTranslation()
  const [providers, setProviders] = useState<string[]>([])
  useEffect(() => {
    api<string[]>('/auth/oauth/providers', { auth: false }).then(setProviders).catch(() => setProviders([]))
  }, [])
  if (providers.length === 0) return null
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-3 text-xs uppercase text-slate-400">
        <span className="h-px flex-1 bg-slate-200" />
        {t('auth.or')}
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      {providers.map((p) => (
        <a key={p} href={`/api/v1/auth/oauth/${p}/login`} className="btn-secondary w-full" data-testid={`oauth-${p}`}>
          {p === 'google' ? (
            <svg viewBox="0 0 24 24" className="h-4 w-4" aria-hidden="true"><path fill="#4285F4" d="M22 12.2c0-.7-.1-1.4-.2-2H12v3.8h5.6a4.8 4.8 0 0 1-2.1 3.1v2.6h3.4c2-1.8 3.1-4.5 3.1-7.5z"/><path fill="#34A853" d="M12 22c2.8 0 5.2-.9 6.9-2.5l-3.4-2.6c-.9.6-2.1 1-3.5 1-2.7 0-5-1.8-5.8-4.3H2.7v2.7A10 10 0 0 0 12 22z"/><path fill="#FBBC05" d="M6.2 13.6a6 6 0 0 1 0-3.8V7.1H2.7a10 10 0 0 0 0 9z"/><path fill="#EA4335" d="M12 5.9c1.5 0 2.9.5 4 1.5l3-3A10 10 0 0 0 2.7 7.1l3.5 2.7C7 7.7 9.3 5.9 12 5.9z"/></svg>
          ) : (
            <svg viewBox="0 0 24 24" className="h-4 w-4" aria-hidden="true"><path fill="currentColor" d="M12 2a10 10 0 0 0-3.2 19.5c.5.1.7-.2.7-.5v-1.7c-2.8.6-3.4-1.3-3.4-1.3-.5-1.2-1.1-1.5-1.1-1.5-.9-.6.1-.6.1-.6 1 .1 1.5 1 1.5 1 .9 1.5 2.4 1.1 2.9.8.1-.7.4-1.1.6-1.3-2.2-.3-4.6-1.1-4.6-5 0-1.1.4-2 1-2.7-.1-.3-.4-1.3.1-2.7 0 0 .8-.3 2.7 1a9.4 9.4 0 0 1 5 0c1.9-1.3 2.7-1 2.7-1 .5 1.4.2 2.4.1 2.7.6.7 1 1.6 1 2.7 0 3.9-2.3 4.7-4.6 5 .4.3.7.9.7 1.9V21c0 .3.2.6.7.5A10 10 0 0 0 12 2z"/></svg>
          )}
          {t('auth.continueWith', { provider: p === 'google' ? 'Google' : 'GitHub' })}
        </a>
      ))}
    </div>
  )
}

/** A form submit that shows a spinner while `action` runs and keeps its error to show. */
function useSubmit() {
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const submit = (action: () => Promise<void>) => async (e: React.FormEvent) => {
    e.preventDefault()
    setError(null)
    setBusy(true)
    try {
      await action()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return { error, busy, submit }
}

function EmailField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation()
  return (
    <div>
      <label htmlFor="email" className="label">{t('auth.email')}</label>
      <input id="email" type="email" autoComplete="email" required className="input" value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  )
}

function SubmitButton({ busy, children }: { busy: boolean; children: React.ReactNode }) {
  return (
    <button type="submit" className="btn-primary w-full" disabled={busy}>
      {busy && <Spinner className="h-4 w-4 text-white" />}
      {children}
    </button>
  )
}

/** The way to the other form ("No account? Register" / "Have one? Log in"). */
function OtherForm({ text, to, label }: { text: string; to: string; label: string }) {
  return (
    <p className="text-center text-sm text-slate-600">
      {text} <Link to={to} className="font-semibold text-brand-700 underline">{label}</Link>
    </p>
  )
}

export function Login() {
  const { t } = useTranslation()
  const { login, user, notice } = useAuth()
  const navigate = useNavigate()
  const location = useLocation()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const { error, busy, submit } = useSubmit()
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null)
  const oauthError = new URLSearchParams(location.hash.slice(1)).get('error')
  const registered = (location.state as { registered?: boolean } | null)?.registered
  const from = (location.state as { from?: string } | null)?.from ?? '/dashboard'
  if (user && !challenge) return <Navigate to={from} replace />
  if (challenge)
    return (
      <Card title={t('account.secondStepTitle')}>
        <SecondStep challenge={challenge} onDone={() => navigate(from, { replace: true })} />
      </Card>
    )
  return (
    <Card title={t('auth.loginTitle')}>
      {registered && <Notice tone="success">{t('auth.registered')}</Notice>}
      {notice === 'mfa_required' && <Notice tone="warn"><span data-testid="login-notice">{t('errors.codes.mfa_required')}</span></Notice>}
      {oauthError && <ErrorBox error={new ApiError(400, oauthError)} />}
      <form
        className="space-y-4"
        onSubmit={submit(async () => {
          const step = await login(email, password)
          if (step) setChallenge(step)
          else navigate(from, { replace: true })
        })}
      >
        <EmailField value={email} onChange={setEmail} />
        <div>
          <label htmlFor="password" className="label">{t('auth.password')}</label>
          <input id="password" type="password" autoComplete="current-password" required className="input" value={password} onChange={(e) => setPassword(e.target.value)} />
          <Link to="/auth/forgot-password" className="mt-1 inline-block text-sm font-semibold text-brand-700 underline">{t('account.forgotLink')}</Link>
        </div>
        {error ? <ErrorBox error={error} /> : null}
        <SubmitButton busy={busy}>{t('auth.login')}</SubmitButton>
      </form>
      <OAuthButtons />
      <OtherForm text={t('auth.noAccount')} to="/auth/register" label={t('auth.register')} />
    </Card>
  )
}

export function Register() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const { login, user } = useAuth()
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const { error, busy, submit } = useSubmit()
  if (user && !busy) return <Navigate to="/dashboard" replace />
  return (
    <Card title={t('auth.registerTitle')}>
      <p className="text-sm text-slate-600">{t('auth.registerLead')}</p>
      <form
        className="space-y-4"
        onSubmit={submit(async () => {
          await api('/auth/register', { body: { name, email, password }, auth: false })
          try {
            await login(email, password)
            navigate('/dashboard', { replace: true })
          } catch {
            navigate('/auth/login', { state: { registered: true } })
          }
        })}
      >
        <div>
          <label htmlFor="name" className="label">{t('auth.name')}</label>
          <input id="name" autoComplete="name" className="input" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <EmailField value={email} onChange={setEmail} />
        <div>
          <label htmlFor="password" className="label">{t('auth.password')}</label>
          <input id="password" type="password" autoComplete="new-password" minLength={8} required className="input" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="password-help" />
          <p id="password-help" className="mt-1 text-xs text-slate-500">{t('auth.passwordHelp')}</p>
        </div>
        {error ? <ErrorBox error={error} /> : null}
        <SubmitButton busy={busy}>{t('auth.createAccount')}</SubmitButton>
      </form>
      <OAuthButtons />
      <OtherForm text={t('auth.haveAccount')} to="/auth/login" label={t('auth.login')} />
    </Card>
  )
}

/** Where OAuth logins land: the tokens arrive in the URL fragment. */
export function AuthCallback() {
  const { acceptTokens } = useAuth()
  const navigate = useNavigate()
  useEffect(() => {
    const values = new URLSearchParams(window.location.hash.slice(1))
    const access = values.get('access_token')
    const refresh = values.get('refresh_token')
    history.replaceState(null, '', window.location.pathname)
    if (access && refresh) {
      void acceptTokens(access, refresh).then(() => navigate('/dashboard', { replace: true }))
    } else {
      navigate('/auth/login', { replace: true })
    }
  }, [acceptTokens, navigate])
  return <Loading />
}
