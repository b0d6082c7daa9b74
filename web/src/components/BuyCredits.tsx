import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PACKS, PLANS, startCheckout, type Plan } from '../lib/billing'
import { useAuth } from '../lib/auth'
import { ErrorBox } from './Feedback'

/** Every way to more credits: a pack, or a plan above the buyer's own; each button opens
 *  its own Stripe Checkout. Shown wherever credits run out. */
export function BuyCredits({ packs = PACKS, plans = true }: { packs?: readonly number[]; plans?: boolean }) {
  const { t } = useTranslation()
  const { user } = useAuth()
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const go = async (what: { credits: number } | { plan: Plan }) => {
    setBusy(true)
    setError(null)
    try {
      await startCheckout(what)
    } catch (e) {
      setError(e)
      setBusy(false)
    }
  }
  const higher = PLANS.filter((p) => user?.tier !== p && !(user?.tier === 'enterprise'))
  return (
    <div id="credits" className="space-y-2" data-testid="buy-credits">
      <div className="flex flex-wrap gap-2">
        {packs.map((n) => (
          <button key={n} type="button" className="btn-secondary" disabled={busy} onClick={() => void go({ credits: n })} data-testid={`buy-${n}`}>
            {t('billing.buyPack', { count: n })}
          </button>
        ))}
        {plans &&
          higher.map((plan) => (
            <button key={plan} type="button" className="btn-primary" disabled={busy} onClick={() => void go({ plan })} data-testid={`upgrade-${plan}`}>
              {t('billing.upgradeTo', { plan: t(`tiers.${plan}.name`) })}
            </button>
          ))}
      </div>
      {error ? <ErrorBox error={error} /> : null}
    </div>
  )
}
