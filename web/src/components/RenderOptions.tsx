import { useTranslation } from 'react-i18next'

/** What a render may ask beyond the project (the job's `options`): extra subtitle languages,
 *  separate sound stems, subtitles drawn into the picture, another take. */
export interface RenderChoice {
  subtitles: string[]
  stems: boolean
  burn_subtitles: boolean
  newTake: boolean
}

export const NO_OPTIONS: RenderChoice = { subtitles: [], stems: false, burn_subtitles: false, newTake: false }
const SUBTITLE_LANGUAGES = ['en', 'es', 'fr', 'hi', 'sa']

/** The job's options as the API takes them (only what differs from a plain render). */
export function jobOptions(choice: RenderChoice): Record<string, unknown> {
  const options: Record<string, unknown> = {}
  if (choice.subtitles.length) options.subtitles = choice.subtitles
  if (choice.stems) options.stems = true
  if (choice.burn_subtitles) options.burn_subtitles = true
  if (choice.newTake) options.seed = Math.floor(Math.random() * 2 ** 31)
  return options
}

export function RenderOptions({ value, onChange, filmLanguage }: { value: RenderChoice; onChange: (v: RenderChoice) => void; filmLanguage: string }) {
  const { t } = useTranslation()
  const toggle = (lang: string, on: boolean) =>
    onChange({ ...value, subtitles: on ? [...value.subtitles, lang] : value.subtitles.filter((l) => l !== lang) })
  const check = (key: 'stems' | 'burn_subtitles' | 'newTake', label: string, help: string) => (
    <label className="flex items-start gap-2 text-sm">
      <input type="checkbox" className="mt-1 h-4 w-4 accent-brand-600" checked={value[key]} onChange={(e) => onChange({ ...value, [key]: e.target.checked })} data-testid={`option-${key}`} />
      <span>
        {label}
        <span className="block text-xs text-slate-500">{help}</span>
      </span>
    </label>
  )
  return (
    <details className="card" data-testid="render-options">
      <summary className="cursor-pointer font-semibold">{t('renderOptions.title')}</summary>
      <div className="mt-3 grid gap-4 sm:grid-cols-2">
        <fieldset>
          <legend className="label">{t('renderOptions.subtitles')}</legend>
          <div className="flex flex-wrap gap-3">
            {SUBTITLE_LANGUAGES.filter((l) => l !== filmLanguage).map((lang) => (
              <label key={lang} className="flex items-center gap-2 text-sm">
                <input type="checkbox" className="h-4 w-4 accent-brand-600" checked={value.subtitles.includes(lang)} onChange={(e) => toggle(lang, e.target.checked)} data-testid={`subtitle-${lang}`} />
                {t(`choices.languages.${lang}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="space-y-3">
          {check('burn_subtitles', t('renderOptions.burn'), t('renderOptions.burnHelp'))}
          {check('stems', t('renderOptions.stems'), t('renderOptions.stemsHelp'))}
          {check('newTake', t('renderOptions.newTake'), t('renderOptions.newTakeHelp'))}
        </div>
      </div>
    </details>
  )
}
