import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ErrorBox } from '../components/Feedback'
import { useAuth } from '../lib/auth'
import { startCheckout, type Plan } from '../lib/billing'

const TIERS = [
  { id: 'free', price: '$0', highlight: false },
  { id: 'pro', price: '$19', highlight: true },
  { id: 'enterprise', price: '$99', highlight: false },
] as const

/** A paid plan's button: its own Stripe Checkout for a signed-in buyer, else sign-in first
 *  and then the same plan's checkout on the settings page. */
function PlanButton({ plan, highlight }: { plan: Plan; highlight: boolean }) {
  const { t } = useTranslation()
  const { user } = useAuth()
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const style = `mt-6 ${highlight ? 'btn-primary' : 'btn-secondary'}`
  if (!user || user.tier === plan) {
    return (
      <Link to={user ? '/settings#billing' : `/settings?upgrade=${plan}`} className={style} data-testid={`plan-${plan}`}>
        {t(`tiers.${plan}.cta`)}
      </Link>
    )
  }
  return (
    <>
      <button
        type="button"
        className={style}
        disabled={busy}
        data-testid={`plan-${plan}`}
        onClick={async () => {
          setBusy(true)
          setError(null)
          try {
            await startCheckout({ plan })
          } catch (e) {
            setError(e)
            setBusy(false)
          }
        }}
      >
        {t(`tiers.${plan}.cta`)}
      </button>
      {error ? <div className="mt-2"><ErrorBox error={error} /></div> : null}
    </>
  )
}

export default function Landing() {
  const { t } = useTranslation()
  const { user } = useAuth()
  const start = user ? '/generate' : '/auth/register'
  return (
    <div className="space-y-20">
      <section className="grid items-center gap-10 pt-4 md:grid-cols-2">
        <div className="space-y-6">
          <p className="inline-flex rounded-full bg-brand-100 px-3 py-1 text-xs font-semibold text-brand-700">{t('landing.badge')}</p>
          <h1 className="text-4xl font-extrabold tracking-tight text-slate-900 sm:text-5xl">{t('landing.headline')}</h1>
          <p className="text-lg text-slate-600">{t('landing.lead')}</p>
          <div className="flex flex-wrap gap-3">
            <Link to={start} className="btn-primary px-6 py-3 text-base">{t('landing.cta')}</Link>
            <a href="#pricing" className="btn-secondary px-6 py-3 text-base">{t('landing.seePricing')}</a>
          </div>
        </div>
        <div className="relative aspect-video overflow-hidden rounded-2xl bg-gradient-to-br from-brand-900 via-brand-700 to-sky-500 shadow-xl" aria-hidden="true">
          <svg viewBox="0 0 320 180" className="absolute inset-0 h-full w-full">
            <circle cx="250" cy="45" r="22" fill="#fde68a" opacity="0.9" />
            <path d="M0 130 Q60 95 120 125 T240 115 T320 120 V180 H0Z" fill="#1e1b4b" opacity="0.7" />
            <path d="M0 150 Q80 120 160 145 T320 140 V180 H0Z" fill="#0f172a" opacity="0.85" />
            <rect x="70" y="88" width="10" height="42" fill="#e2e8f0" />
            <polygon points="66,88 84,88 75,76" fill="#f43f5e" />
            <path d="M80 84 L150 70 L150 98Z" fill="#fef9c3" opacity="0.35" />
          </svg>
          <div className="absolute bottom-4 left-4 right-4 rounded-lg bg-black/60 px-3 py-2 text-center text-sm text-white">{t('landing.sampleSubtitle')}</div>
        </div>
      </section>

      <section aria-labelledby="how-title" className="space-y-8">
        <h2 id="how-title" className="text-center text-3xl font-bold">{t('landing.howTitle')}</h2>
        <ol className="grid gap-6 md:grid-cols-3">
          {['write', 'choose', 'watch'].map((step, index) => (
            <li key={step} className="card">
              <span className="flex h-9 w-9 items-center justify-center rounded-full bg-brand-600 font-bold text-white">{index + 1}</span>
              <h3 className="mt-3 text-lg font-semibold">{t(`landing.steps.${step}.title`)}</h3>
              <p className="mt-1 text-slate-600">{t(`landing.steps.${step}.text`)}</p>
            </li>
          ))}
        </ol>
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {['voices', 'music', 'subtitles', 'languages'].map((f) => (
            <li key={f} className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
              <h3 className="font-semibold">{t(`landing.features.${f}.title`)}</h3>
              <p className="mt-1 text-sm text-slate-600">{t(`landing.features.${f}.text`)}</p>
            </li>
          ))}
        </ul>
      </section>

      <section id="pricing" aria-labelledby="pricing-title" className="scroll-mt-24 space-y-8">
        <div className="text-center">
          <h2 id="pricing-title" className="text-3xl font-bold">{t('landing.pricingTitle')}</h2>
          <p className="mt-2 text-slate-600">{t('landing.pricingLead')}</p>
        </div>
        <div className="grid gap-6 md:grid-cols-3">
          {TIERS.map((tier) => (
            <article
              key={tier.id}
              data-testid={`tier-${tier.id}`}
              className={`card flex flex-col ${tier.highlight ? 'border-brand-500 ring-2 ring-brand-500' : ''}`}
            >
              <h3 className="text-xl font-bold">{t(`tiers.${tier.id}.name`)}</h3>
              <p className="mt-2">
                <span className="text-4xl font-extrabold">{tier.price}</span>
                <span className="text-slate-500"> {t('landing.perMonth')}</span>
              </p>
              <ul className="mt-4 flex-1 space-y-2 text-sm text-slate-700">
                {['films', 'quality', 'extra'].map((line) => (
                  <li key={line} className="flex gap-2">
                    <span className="text-emerald-600" aria-hidden="true">✓</span>
                    {t(`tiers.${tier.id}.${line}`)}
                  </li>
                ))}
              </ul>
              {tier.id === 'free' ? (
                <Link to={start} className="btn-secondary mt-6" data-testid="plan-free">
                  {t(`tiers.${tier.id}.cta`)}
                </Link>
              ) : (
                <PlanButton plan={tier.id} highlight={tier.highlight} />
              )}
            </article>
          ))}
        </div>
      </section>
    </div>
  )
}
