import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { LengthHint } from '../components/LengthHint'
import { tooShortError, useMinimumLength } from '../lib/length'
import { Link, useNavigate, useParams } from 'react-router'
import { ErrorBox, Loading, Spinner } from '../components/Feedback'
import { ApiError, MAX_WORDS, api, countWords, qualitiesFor, type Choices, type Project, type RefImage } from '../lib/api'
import { useAuth } from '../lib/auth'
import { payFor } from '../lib/credits'
import { useChoiceText } from '../lib/choices'
import { useConfirm } from '../components/Confirm'

const FALLBACK: Choices = {
  styles: ['cinematic', 'watercolor', 'anime', 'storybook'].map((id) => ({ id, description: '' })),
  voices: ['narrator-female', 'narrator-male'].map((id) => ({ id, description: '' })),
  music: ['auto', 'calm', 'hopeful', 'none'].map((id) => ({ id, description: '' })),
  languages: ['en', 'es', 'fr', 'hi'].map((id) => ({ id, description: '' })),
  max_words: MAX_WORDS,
}
const PRESETS = [
  { key: 'short', seconds: 30 },
  { key: 'medium', seconds: 120 },
  { key: 'long', seconds: 300 },
]

export function useChoices(): Choices {
  const [choices, setChoices] = useState<Choices>(FALLBACK)
  useEffect(() => {
    api<Choices>('/projects/choices', { auth: false }).then(setChoices).catch(() => undefined)
  }, [])
  return choices
}

export function formatDuration(seconds: number, t: (k: string, o?: Record<string, unknown>) => string) {
  const m = Math.floor(seconds / 60)
  const s = seconds % 60
  if (m === 0) return t('editor.seconds', { count: s })
  return s ? t('editor.minutesSeconds', { m, s }) : t('editor.minutes', { count: m })
}

export function Preview({ src, label }: { src: string | null; label: string }) {
  const { t } = useTranslation()
  const audio = useRef<HTMLAudioElement>(null)
  const [state, setState] = useState<'idle' | 'loading' | 'playing' | 'error'>('idle')
  useEffect(() => setState('idle'), [src])
  if (!src) return null
  return (
    <>
      <button
        type="button"
        className="btn-secondary shrink-0 px-3"
        aria-label={`${t('editor.preview')}: ${label}`}
        onClick={() => {
          const el = audio.current
          if (!el) return
          if (state === 'playing') {
            el.pause()
            setState('idle')
            return
          }
          setState('loading')
          el.play().catch(() => setState('error'))
        }}
      >
        {state === 'loading' ? <Spinner className="h-4 w-4" /> : state === 'playing' ? '■' : '▶'}
        <span className="hidden sm:inline">{state === 'playing' ? t('editor.stop') : t('editor.preview')}</span>
      </button>
      <audio
        ref={audio}
        src={src}
        preload="none"
        onPlaying={() => setState('playing')}
        onEnded={() => setState('idle')}
        onError={() => setState('error')}
      />
      {state === 'error' && <span className="text-xs text-rose-700" role="alert">{t('editor.previewFailed')}</span>}
    </>
  )
}

function Images({ projectId, pending, setPending }: { projectId?: string; pending: File[]; setPending: (f: File[]) => void }) {
  const { t } = useTranslation()
  const [images, setImages] = useState<RefImage[]>([])
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    if (projectId) api<RefImage[]>(`/projects/${projectId}/images`).then(setImages).catch(setError)
  }, [projectId])
  const upload = async (files: File[]) => {
    setError(null)
    if (!projectId) {
      setPending([...pending, ...files])
      return
    }
    setBusy(true)
    try {
      for (const file of files) {
        const form = new FormData()
        form.append('file', file)
        const added = await api<RefImage>(`/projects/${projectId}/images`, { form })
        setImages((list) => [...list, added])
      }
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div>
      <span className="label" id="images-label">{t('editor.images')}</span>
      <p className="mb-2 text-xs text-slate-500">{t('editor.imagesHelp')}</p>
      <ul className="flex flex-wrap gap-3" aria-labelledby="images-label">
        {images.map((image) => (
          <li key={image.id} className="relative">
            <img src={image.thumbnail_url} alt={image.filename} className="h-20 w-20 rounded-lg object-cover ring-1 ring-slate-200" data-testid="image-thumb" />
            <button
              type="button"
              className="absolute -right-2 -top-2 h-6 w-6 rounded-full bg-rose-600 text-xs text-white"
              aria-label={t('editor.removeImage', { name: image.filename })}
              onClick={async () => {
                try {
                  await api(`/projects/${projectId}/images/${image.id}`, { method: 'DELETE' })
                  setImages((list) => list.filter((i) => i.id !== image.id))
                } catch (e) {
                  setError(e)
                }
              }}
            >
              ×
            </button>
          </li>
        ))}
        {pending.map((file, i) => (
          <li key={`${file.name}-${i}`} className="relative">
            <img src={URL.createObjectURL(file)} alt={file.name} className="h-20 w-20 rounded-lg object-cover opacity-80 ring-1 ring-slate-200" data-testid="image-thumb" />
          </li>
        ))}
        <li>
          <label className="flex h-20 w-20 cursor-pointer flex-col items-center justify-center rounded-lg border-2 border-dashed border-slate-300 text-xs text-slate-500 hover:border-brand-500 focus-within:ring-2 focus-within:ring-brand-500">
            {busy ? <Spinner /> : <span className="text-2xl" aria-hidden="true">+</span>}
            <span className="px-1 text-center">{t('editor.addImage')}</span>
            <input
              type="file"
              accept="image/jpeg,image/png,image/webp"
              multiple
              className="sr-only"
              data-testid="image-input"
              onChange={(e) => {
                void upload(Array.from(e.target.files ?? []))
                e.target.value = ''
              }}
            />
          </label>
        </li>
      </ul>
      {error ? <div className="mt-2"><ErrorBox error={error} /></div> : null}
    </div>
  )
}

export default function ProjectForm() {
  const { t } = useTranslation()
  const { id } = useParams()
  const navigate = useNavigate()
  const { user } = useAuth()
  const [dialog, ask] = useConfirm()
  const choices = useChoices()
  const text = useChoiceText(choices)
  const [loaded, setLoaded] = useState(!id)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [title, setTitle] = useState('')
  const [script, setScript] = useState('')
  const [style, setStyle] = useState('cinematic')
  const [voice, setVoice] = useState('narrator-female')
  const [music, setMusic] = useState('auto')
  const [language, setLanguage] = useState('')
  const [duration, setDuration] = useState(60)
  const [quality, setQuality] = useState('720p')
  const [kept, setKept] = useState<{ seed?: number; cast?: Record<string, string> }>({})
  const [pending, setPending] = useState<File[]>([])
  const [error, setError] = useState<unknown>(null)
  const [saving, setSaving] = useState(false)
  const minimum = useMinimumLength(script, language)

  useEffect(() => {
    if (!id) return
    api<Project>(`/projects/${id}`)
      .then((p) => {
        setTitle(p.title)
        setScript(p.script)
        setStyle(p.style)
        setVoice(p.voice)
        setMusic(p.music)
        setLanguage(p.language ?? '')
        setDuration(Math.round(p.duration))
        setQuality(p.settings.quality ?? '720p')
        setKept({ seed: p.settings.seed, cast: p.settings.cast })
        setLoaded(true)
      })
      .catch(setLoadError)
  }, [id])

  if (loadError) return <ErrorBox error={loadError} />
  if (!loaded) return <Loading />
  const tooShort = minimum !== null && duration < minimum
  const words = countWords(script)
  const over = words > MAX_WORDS
  const previewLang = ['en', 'es', 'fr', 'hi', 'sa'].includes(language) ? language : 'en'

  const save = async (render: boolean) => {
    setError(null)
    if (over) {
      setError(new ApiError(422, t('editor.tooLong', { count: words, max: MAX_WORDS })))
      return
    }
    if (render && tooShort) {
      setError(tooShortError())
      return
    }
    const body = { title, script, style, voice, music, language: language || null, duration, settings: { ...kept, quality } }
    try {
      if (render && !(await payFor(ask, t))) return
      setSaving(true)
      const project = id
        ? await api<Project>(`/projects/${id}`, { method: 'PATCH', body })
        : await api<Project>('/projects', { body })
      for (const file of pending) {
        const form = new FormData()
        form.append('file', file)
        await api(`/projects/${project.id}/images`, { form })
      }
      setPending([])
      if (render) {
        const job = await api<{ id: string }>('/jobs/submit', {
          body: { project_id: project.id },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        })
        navigate(`/projects/${project.id}?job=${job.id}`)
      } else {
        navigate(`/projects/${project.id}`)
      }
    } catch (e) {
      setError(e)
    } finally {
      setSaving(false)
    }
  }

  const option = (kind: string, id: string) => t(`choices.${kind}.${id}`, { defaultValue: id })

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      {dialog}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{id ? t('editor.editTitle') : t('editor.newTitle')}</h1>
        {id && <Link to={`/projects/${id}`} className="text-sm font-semibold text-brand-700 underline">{t('editor.backToProject')}</Link>}
      </div>
      <form
        className="card space-y-6"
        onSubmit={(e) => {
          e.preventDefault()
          void save(true)
        }}
      >
        <div>
          <label htmlFor="title" className="label">{t('editor.titleLabel')}</label>
          <input id="title" className="input" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('editor.titlePlaceholder')} />
        </div>
        <div>
          <label htmlFor="script" className="label">{t('editor.script')}</label>
          <ScriptField id="script" countId="word-count" size="min-h-56 font-mono" value={script} onChange={setScript} placeholder={t('editor.scriptPlaceholder')} meter />
        </div>

        <div className="grid gap-5 sm:grid-cols-2">
          <div>
            <label htmlFor="style" className="label">{t('editor.style')}</label>
            <select id="style" className="input" value={style} onChange={(e) => setStyle(e.target.value)}>
              {choices.styles.map((c) => <option key={c.id} value={c.id}>{option('styles', c.id)}</option>)}
            </select>
            <p className="mt-1 text-xs text-slate-500" data-testid="style-note">{text.note('styles', style)}</p>
            <img
              key={style}
              src={`/api/v1/editor/samples/styles/${style}`}
              alt={t('editor.styleSample', { style: option('styles', style) })}
              className="mt-2 aspect-video w-full max-w-xs rounded-lg object-cover ring-1 ring-slate-200"
              onError={(e) => { e.currentTarget.hidden = true }}
              data-testid="style-sample"
            />
          </div>
          <div>
            <label htmlFor="film-language" className="label">{t('editor.language')}</label>
            <select id="film-language" className="input" value={language} onChange={(e) => setLanguage(e.target.value)}>
              <option value="">{t('editor.detect')}</option>
              {choices.languages.map((c) => <option key={c.id} value={c.id}>{option('languages', c.id)}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="voice" className="label">{t('editor.voice')}</label>
            <div className="flex items-center gap-2">
              <select id="voice" className="input" value={voice} onChange={(e) => setVoice(e.target.value)}>
                {choices.voices.map((c) => <option key={c.id} value={c.id}>{option('voices', c.id)}</option>)}
              </select>
              <Preview src={`/api/v1/projects/samples/voices/${voice}?language=${previewLang}`} label={option('voices', voice)} />
            </div>
            <p className="mt-1 text-xs text-slate-500" data-testid="voice-note">{text.note('voices', voice)}</p>
          </div>
          <div>
            <label htmlFor="music" className="label">{t('editor.music')}</label>
            <div className="flex items-center gap-2">
              <select id="music" className="input" value={music} onChange={(e) => setMusic(e.target.value)}>
                {choices.music.map((c) => <option key={c.id} value={c.id}>{option('music', c.id)}</option>)}
              </select>
              <Preview src={music === 'none' ? null : `/api/v1/projects/samples/music/${music}`} label={option('music', music)} />
            </div>
            <p className="mt-1 text-xs text-slate-500">{text.note('music', music)}</p>
          </div>
        </div>

        <fieldset>
          <legend className="label">{t('editor.duration')}: <strong data-testid="duration-value">{formatDuration(duration, t)}</strong></legend>
          <input
            type="range"
            min={30}
            max={300}
            step={5}
            value={duration}
            onChange={(e) => setDuration(Number(e.target.value))}
            className="w-full accent-brand-600"
            aria-label={t('editor.duration')}
            aria-valuetext={formatDuration(duration, t)}
          />
          <div className="mt-1 flex justify-between text-xs text-slate-500" aria-hidden="true"><span>{formatDuration(30, t)}</span><span>{formatDuration(300, t)}</span></div>
          <LengthHint minimum={minimum} duration={duration} onFix={setDuration} />
          <div className="mt-2 flex flex-wrap gap-2">
            {PRESETS.map((p) => (
              <button
                key={p.key}
                type="button"
                className={`rounded-full border px-3 py-1 text-sm ${duration === p.seconds ? 'border-brand-600 bg-brand-50 text-brand-700' : 'border-slate-300 bg-white'}`}
                aria-pressed={duration === p.seconds}
                onClick={() => setDuration(p.seconds)}
              >
                {t(`editor.presets.${p.key}`)} · {formatDuration(p.seconds, t)}
              </button>
            ))}
          </div>
        </fieldset>

        <div className="max-w-xs">
          <label htmlFor="quality" className="label">{t('editor.quality')}</label>
          <select id="quality" className="input" value={quality} onChange={(e) => setQuality(e.target.value)}>
            {qualitiesFor(user?.tier ?? 'free').map((q) => <option key={q} value={q}>{q === '2160p' ? '4K (2160p)' : q}</option>)}
          </select>
          <p className="mt-1 text-xs text-slate-500">{t('editor.qualityHelp', { tier: t(`tiers.${user?.tier ?? 'free'}.name`) })}</p>
        </div>

        <Images projectId={id} pending={pending} setPending={setPending} />

        {error ? <ErrorBox error={error} /> : null}
        <div className="flex flex-wrap justify-end gap-3 border-t border-slate-100 pt-4">
          <button type="button" className="btn-secondary" disabled={saving} onClick={() => void save(false)} data-testid="save-draft">
            {t('editor.save')}
          </button>
          <button type="submit" className="btn-primary" disabled={saving || over || tooShort} data-testid="save-render">
            {saving && <Spinner className="h-4 w-4 text-white" />}
            {t('editor.saveAndRender')}
          </button>
        </div>
      </form>
    </div>
  )
}

/** The script box with its live word count (red past the limit) and, with `meter`, a bar
 * filling up to the limit: the same on the full editor and the quick-film page. */
export function ScriptField({ id, countId, size, value, onChange, placeholder, meter = false }: {
  id: string
  countId: string
  size: string
  value: string
  onChange: (value: string) => void
  placeholder: string
  meter?: boolean
}) {
  const { t } = useTranslation()
  const words = countWords(value)
  const over = words > MAX_WORDS
  return (
    <>
      <textarea
        id={id}
        className={`input ${size} leading-relaxed ${over ? 'border-rose-500 ring-2 ring-rose-200' : ''}`}
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        aria-describedby={countId}
      />
      <p id={countId} className={`mt-1 text-sm ${over ? 'font-semibold text-rose-700' : 'text-slate-500'}`} aria-live="polite" data-testid="word-count">
        {over ? t('editor.tooLong', { count: words, max: MAX_WORDS }) : t('editor.words', { count: words, max: MAX_WORDS })}
      </p>
      {meter && (
        <div className="mt-1 h-1.5 w-full overflow-hidden rounded bg-slate-200" aria-hidden="true">
          <div className={`h-full ${over ? 'bg-rose-600' : 'bg-brand-600'}`} style={{ width: `${Math.min(100, (words / MAX_WORDS) * 100)}%` }} />
        </div>
      )}
    </>
  )
}
