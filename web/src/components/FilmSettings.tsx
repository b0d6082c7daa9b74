import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { Choices, FilmPlan } from '../lib/api'
import { useChoiceText } from '../lib/choices'
import { Preview } from '../pages/ProjectForm'

function Pick({ label, kind, value, choices, onChange, disabled, sample, testId }: {
  label: string
  kind: 'styles' | 'voices' | 'music'
  value: string
  choices: Choices
  onChange: (value: string) => void
  disabled: boolean
  sample?: string | null
  testId?: string
}) {
  const id = useId()
  const text = useChoiceText(choices)
  return (
    <div className="min-w-0 text-sm">
      <label htmlFor={id} className="label">{label}</label>
      <div className="flex items-center gap-2">
        <select id={id} className="input" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
          {choices[kind].map((c) => <option key={c.id} value={c.id}>{text.name(kind, c.id)}</option>)}
        </select>
        {sample !== undefined && <Preview src={sample} label={text.name(kind, value)} />}
      </div>
      <p className="mt-1 text-xs text-slate-500">{text.note(kind, value)}</p>
    </div>
  )
}

const ASPECT_BOX: Record<string, string> = { '16:9': 'h-6 w-10', '9:16': 'h-10 w-6', '1:1': 'h-8 w-8' }

/** The film as a whole: its frame (aspect), look, music and who speaks with which voice. */
export function FilmSettings({ plan, choices, aspects, disabled, set }: {
  plan: FilmPlan
  choices: Choices
  aspects: string[]
  disabled: boolean
  set: (plan: FilmPlan) => void
}) {
  const { t } = useTranslation()
  const lang = ['en', 'es', 'fr', 'hi', 'sa'].includes(plan.language) ? plan.language : 'en'
  const voiceSample = (voice: string) => `/api/v1/projects/samples/voices/${voice}?language=${lang}`
  return (
    <details className="card space-y-4" data-testid="film-settings">
      <summary className="cursor-pointer font-semibold">{t('timeline.film')}</summary>
      <fieldset className="mt-3">
        <legend className="label">{t('timeline.aspect')}</legend>
        <div className="flex flex-wrap gap-2" role="radiogroup" aria-label={t('timeline.aspect')}>
          {aspects.map((a) => (
            <button key={a} type="button" role="radio" aria-checked={(plan.aspect ?? '16:9') === a} disabled={disabled} onClick={() => set({ ...plan, aspect: a })} className={`flex items-center gap-2 rounded-lg border px-3 py-2 text-sm ${(plan.aspect ?? '16:9') === a ? 'border-brand-600 bg-brand-50' : 'border-slate-300'}`} data-testid={`aspect-${a.replace(':', 'x')}`}>
              <span className={`inline-block rounded-sm border-2 border-slate-600 ${ASPECT_BOX[a] ?? ''}`} aria-hidden="true" />
              {t(`timeline.aspects.${a.replace(':', 'x')}`)}
            </button>
          ))}
        </div>
      </fieldset>
      <div className="mt-3 grid gap-4 sm:grid-cols-2">
        <Pick label={t('editor.style')} kind="styles" value={plan.style} choices={choices} disabled={disabled} onChange={(v) => set({ ...plan, style: v })} />
        <Pick label={t('editor.music')} kind="music" value={plan.music} choices={choices} disabled={disabled} onChange={(v) => set({ ...plan, music: v })} sample={plan.music === 'none' ? null : `/api/v1/projects/samples/music/${plan.music}`} />
        <Pick label={t('timeline.narrator')} kind="voices" value={String(plan.narrator_voice ?? 'narrator-female')} choices={choices} disabled={disabled} onChange={(v) => set({ ...plan, narrator_voice: v })} sample={voiceSample(String(plan.narrator_voice ?? 'narrator-female'))} />
        {(plan.characters ?? []).map((c, i) => (
          <Pick
            key={c.name}
            label={t('timeline.voiceOf', { name: c.name })}
            kind="voices"
            value={c.voice || 'narrator-female'}
            choices={choices}
            disabled={disabled}
            testId="cast-voice"
            sample={voiceSample(c.voice || 'narrator-female')}
            onChange={(v) => set({ ...plan, characters: (plan.characters ?? []).map((x, j) => (j === i ? { ...x, voice: v } : x)) })}
          />
        ))}
      </div>
    </details>
  )
}
