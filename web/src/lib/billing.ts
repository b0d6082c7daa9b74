// Buying credits or a plan: Stripe Checkout, then back here to wait for Stripe's webhook.

import { api } from './api'

const RETURN = 'fs.checkoutReturn'
export const PACKS = [10, 50, 200] as const
export const PLANS = ['pro', 'enterprise'] as const
export type Plan = (typeof PLANS)[number]

/** Open Stripe Checkout for a pack or a plan; the page the buyer was on is remembered so
 *  the return page can lead back to it (to the film that was waiting for a credit). */
export async function startCheckout(what: { credits: number } | { plan: Plan }): Promise<void> {
  const r = await api<{ checkout_url: string; session_id: string }>('/credits/purchase', {
    body: what,
    headers: { 'Idempotency-Key': crypto.randomUUID() },
  })
  sessionStorage.setItem(RETURN, window.location.pathname + window.location.search)
  window.location.assign(r.checkout_url)
}

/** Where the buyer was before the checkout (a path of this site), if anywhere. */
export function checkoutReturn(): string | null {
  const path = sessionStorage.getItem(RETURN)
  return path && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/settings') ? path : null
}
