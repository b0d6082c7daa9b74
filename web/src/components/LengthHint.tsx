import { useTranslation } from 'react-i18next'
import { fittingLength } from '../lib/length'

/** The shortest length the script needs, said in the form; when the chosen length is too
 *  short, a warning and a one-click fix. */
export function LengthHint({ minimum, duration, onFix }: { minimum: number | null; duration: number; onFix?: (seconds: number) => void }) {
  const { t } = useTranslation()
  if (minimum === null) return null
  const short = duration < minimum
  const fix = fittingLength(minimum)
  return (
    <p className={`mt-2 text-sm ${short ? 'font-semibold text-rose-700' : 'text-slate-600'}`} data-testid="length-hint" data-fits={short ? 'no' : 'yes'} role={short ? 'alert' : undefined}>
      {short ? t('length.tooShort', { seconds: minimum }) : t('length.needs', { seconds: minimum })}
      {short && minimum <= 300 && onFix && (
        <button type="button" className="ml-2 underline" onClick={() => onFix(fix)} data-testid="length-fix">
          {t('length.use', { seconds: fix })}
        </button>
      )}
    </p>
  )
}
