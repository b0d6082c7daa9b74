import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { api, type Balance, type CheckoutStatus } from '../lib/api'
import { useAuth } from '../lib/auth'
import { PLANS, checkoutReturn, startCheckout, type Plan } from '../lib/billing'
import { BuyCredits } from './BuyCredits'
import { ErrorBox, Notice, Spinner } from './Feedback'

const POLL_MS = 1000
const PATIENCE_MS = 60_000

/** Back from Stripe Checkout: wait for the webhook that moves the money (polling the
 *  checkout), then show the new balance and lead back to where the buyer was. */
function useCheckoutReturn(onConfirmed: () => void): { state: 'none' | 'waiting' | 'slow' | 'done' | 'cancelled'; checkout: CheckoutStatus | null } {
  const [params] = useSearchParams()
  const outcome = params.get('checkout')
  const sessionId = params.get('session_id')
  const [checkout, setCheckout] = useState<CheckoutStatus | null>(null)
  const [slow, setSlow] = useState(false)
  useEffect(() => {
    if (outcome !== 'success' || !sessionId) return
    let stop = false
    const started = Date.now()
    const tick = async () => {
      if (stop) return
      try {
        const found = await api<CheckoutStatus>(`/billing/checkouts/${encodeURIComponent(sessionId)}`)
        if (stop) return
        setCheckout(found)
        if (found.status === 'completed') {
          onConfirmed()
          return
        }
      } catch {
        // a passing network error: keep waiting
      }
      if (Date.now() - started > PATIENCE_MS) setSlow(true)
      window.setTimeout(() => void tick(), POLL_MS)
    }
    void tick()
    return () => {
      stop = true
    }
  }, [outcome, sessionId, onConfirmed])
  if (outcome === 'cancelled') return { state: 'cancelled', checkout: null }
  if (outcome !== 'success' || !sessionId) return { state: 'none', checkout: null }
  if (checkout?.status === 'completed') return { state: 'done', checkout }
  return { state: slow ? 'slow' : 'waiting', checkout }
}

/** Credits and plan: the balance, the way to more, and the return from a checkout. */
export function Billing() {
  const { t } = useTranslation()
  const { user, reload } = useAuth()
  const [params] = useSearchParams()
  const [balance, setBalance] = useState<Balance | null>(null)
  const [error, setError] = useState<unknown>(null)
  const load = useCallback(async () => {
    try {
      setBalance(await api<Balance>('/credits/balance'))
    } catch (e) {
      setError(e)
    }
  }, [])
  useEffect(() => {
    void load()
  }, [load])
  const confirmed = useCallback(() => {
    void load()
    void reload()
  }, [load, reload])
  const { state, checkout } = useCheckoutReturn(confirmed)
  const chosen = params.get('upgrade') as Plan | null
  const back = checkoutReturn()
  // While a payment waits for its confirmation, a second purchase would be a double charge.
  const pending = state === 'waiting' || state === 'slow'
  return (
    <section id="billing" className="card space-y-4" aria-labelledby="billing-title">
      <h2 id="billing-title" className="text-lg font-semibold">{t('billing.title')}</h2>
      {(state === 'waiting' || state === 'slow') && (
        <Notice>
          <span className="inline-flex items-center gap-2" data-testid="checkout-waiting">
            <Spinner className="h-4 w-4" /> {t(state === 'slow' ? 'billing.slow' : 'billing.waiting')}
          </span>
        </Notice>
      )}
      {state === 'done' && checkout && (
        <Notice tone="success">
          <span data-testid="checkout-done">
            {checkout.kind === 'credits'
              ? t('billing.confirmedCredits', { count: checkout.credits ?? 0 })
              : t('billing.confirmedPlan', { plan: t(`tiers.${checkout.plan ?? 'pro'}.name`) })}
          </span>
          {back && (
            <Link to={back} className="ml-2 font-semibold underline" data-testid="checkout-continue">
              {t('billing.continue')}
            </Link>
          )}
        </Notice>
      )}
      {state === 'cancelled' && <Notice tone="warn">{t('billing.cancelled')}</Notice>}
      <dl className="grid grid-cols-2 gap-3 text-sm">
        <div>
          <dt className="text-slate-500">{t('settings.plan')}</dt>
          <dd className="text-lg font-semibold" data-testid="plan">{user ? t(`tiers.${user.tier}.name`) : ''}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t('dashboard.credits')}</dt>
          <dd className="text-lg font-semibold" data-testid="balance">{balance ? (balance.unlimited ? '∞' : balance.credits) : '…'}</dd>
        </div>
      </dl>
      {!pending && chosen && PLANS.includes(chosen) && user?.tier !== chosen && (
        <div className="rounded-lg border border-brand-100 bg-brand-50 p-3 text-sm">
          <p>{t('billing.chosenPlan', { plan: t(`tiers.${chosen}.name`) })}</p>
          <button type="button" className="btn-primary mt-2" onClick={() => void startCheckout({ plan: chosen }).catch(setError)} data-testid="checkout-chosen">
            {t('billing.upgradeTo', { plan: t(`tiers.${chosen}.name`) })}
          </button>
        </div>
      )}
      {!pending && <BuyCredits />}
      {error ? <ErrorBox error={error} /> : null}
    </section>
  )
}
