// Does the script fit the chosen length? Asked of the studio as the creator types, so a film
// that cannot fit is caught in the form (with the shortest length shown) before a credit.

import { useEffect, useState } from 'react'
import { ApiError, api, countWords, MAX_WORDS, type LengthCheck } from './api'

const WAIT_MS = 500

/** The shortest length for `script` (null while unknown, or for an empty or too long
 *  script, which the form reports itself). */
export function useMinimumLength(script: string, language: string | null): number | null {
  const [minimum, setMinimum] = useState<number | null>(null)
  useEffect(() => {
    const words = countWords(script)
    if (words === 0 || words > MAX_WORDS) {
      setMinimum(null)
      return
    }
    let current = true
    const timer = window.setTimeout(() => {
      api<LengthCheck>('/projects/length', { body: { script, language: language || null } })
        .then((found) => current && setMinimum(found.minimum_duration))
        .catch(() => current && setMinimum(null))
    }, WAIT_MS)
    return () => {
      current = false
      window.clearTimeout(timer)
    }
  }, [script, language])
  return minimum
}

/** The error a render would meet: the same stable code the API answers (422). */
export function tooShortError(): ApiError {
  return new ApiError(422, '', 'duration_too_short')
}

/** A length the slider offers (steps of 5 s) that fits `minimum`. */
export function fittingLength(minimum: number): number {
  return Math.min(300, Math.max(30, Math.ceil(minimum / 5) * 5))
}
