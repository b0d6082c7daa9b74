// Honest credits: a render says what it costs and asks first; the film shown is the best one.

import { ApiError, api, type Balance, type Render } from './api'

const QUALITY_ORDER = ['360p', '720p', '1080p', '2160p']

/** The film to show: the newest version's, and of that version the best quality (a cheaper
 *  copy made later for a download never takes its place). */
export function bestFilm(films: Render[]): Render | undefined {
  const newest = Math.max(...films.map((f) => f.project_version))
  return films
    .filter((f) => f.project_version === newest)
    .sort((a, b) => QUALITY_ORDER.indexOf(b.quality) - QUALITY_ORDER.indexOf(a.quality))[0]
}

/** Ask before a render spends a credit (saying how many are left); false when the person
 *  declines. No credit left is a 402 the error box explains, with its way to more credits. */
export async function payFor(
  ask: (message: string, confirm: string) => Promise<boolean>,
  t: (key: string, options?: Record<string, unknown>) => string,
): Promise<boolean> {
  const balance = await api<Balance>('/credits/balance')
  if (balance.unlimited) return ask(t('project.costUnlimited'), t('project.renderConfirm'))
  if (balance.credits < 1) throw new ApiError(402, t('project.noCredits'))
  return ask(t('project.costQuestion', { credits: balance.credits }), t('project.costConfirm'))
}
