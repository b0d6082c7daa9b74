import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, api, qualitiesFor, type Balance, type Render, type Storyboard } from '../lib/api'
import { useConfirm } from './Confirm'
import { ErrorBox, Notice } from './Feedback'

function downloadHref(url: string): string {
  return url.startsWith('/api/') ? `${url}&download=1` : url
}

function formatTime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

interface SubtitleTrack {
  name: string
  lang: string
  url: string
}

/** The film's subtitle files as text tracks: film.vtt in the film's language, and one
 *  film.<lang>.vtt per extra language the render made (the soft tracks of the MP4 as files
 *  a browser reads). */
function subtitleTracks(render: Render, filmLanguage: string): SubtitleTrack[] {
  const found: SubtitleTrack[] = []
  for (const [name, url] of Object.entries(render.files)) {
    const match = /^film(?:\.([a-z]{2,3}))?\.vtt$/.exec(name)
    if (match) found.push({ name, url, lang: match[1] ?? filmLanguage })
  }
  return found.sort((a, b) => (a.name === 'film.vtt' ? -1 : b.name === 'film.vtt' ? 1 : a.lang.localeCompare(b.lang)))
}

interface Marker {
  start: number
  end: number
  number: number
  picture?: string
}

/** Where each scene starts, from the plan's durations (equal shares when unknown). */
function sceneMarkers(storyboard: Storyboard | null, length: number): Marker[] {
  if (!storyboard || !length) return []
  const scenes = storyboard.plan.scenes
  const total = scenes.reduce((sum, s) => sum + (s.duration || 0), 0)
  let at = 0
  return scenes.map((s) => {
    const share = total > 0 ? (s.duration / total) * length : length / scenes.length
    const marker = { start: at, end: at + share, number: s.scene_number, picture: storyboard.pictures[String(s.scene_number)] }
    at += share
    return marker
  })
}

export function Player({
  render,
  projectId,
  tier,
  storyboard,
  films = [],
}: {
  render: Render
  projectId: string
  tier: string
  storyboard: Storyboard | null
  /** The project's other finished films: a quality already made is shown without a render. */
  films?: Render[]
}) {
  const { t } = useTranslation()
  const [dialog, ask] = useConfirm()
  const video = useRef<HTMLVideoElement>(null)
  const [subtitles, setSubtitles] = useState(true)
  const [quality, setQuality] = useState(render.quality)
  const [source, setSource] = useState(render.files['film.mp4'])
  const [notice, setNotice] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [time, setTime] = useState(0)
  const [length, setLength] = useState(0)
  const [hover, setHover] = useState<Marker | null>(null)
  const [mailed, setMailed] = useState(false)
  const markers = useMemo(() => sceneMarkers(storyboard, length), [storyboard, length])

  useEffect(() => {
    setSource(render.files['film.mp4'])
    setQuality(render.quality)
  }, [render])

  const tracks = useMemo(() => subtitleTracks(render, storyboard?.plan.language ?? 'en'), [render, storyboard])
  const [language, setLanguage] = useState<string | null>(null)
  const shown = language ?? tracks[0]?.lang ?? ''
  useEffect(() => {
    // One text track shows at a time (the chosen language), or none with the switch off.
    const list = video.current?.textTracks
    if (!list) return
    for (const track of Array.from(list)) track.mode = subtitles && track.language === shown ? 'showing' : 'hidden'
  }, [subtitles, source, shown])

  const chooseQuality = async (next: string) => {
    setError(null)
    setNotice(null)
    if (next === render.quality) {
      setQuality(next)
      setSource(render.files['film.mp4'])
      return
    }
    const made = films.find((f) => f.quality === next && f.project_version === render.project_version && f.files['film.mp4'])
    if (made) {
      setQuality(next)
      setSource(made.files['film.mp4'])
      return
    }
    try {
      // No credit left: say so with the ways to buy one, instead of asking to spend it.
      const balance = await api<Balance>('/credits/balance')
      if (!balance.unlimited && balance.credits < 1) throw new ApiError(402, '')
      if (!(await ask(t('player.qualityCost', { quality: next }), t('player.qualityConfirm')))) return
      const answer = await api<{ url?: string; job_id?: string }>(
        `/downloads/${projectId}/link?format=mp4&quality=${next}`,
      )
      if (answer?.url) {
        const at = video.current?.currentTime ?? 0
        setQuality(next)
        setSource(answer.url)
        requestAnimationFrame(() => {
          if (video.current) video.current.currentTime = at
        })
      } else {
        setNotice(t('player.preparing', { quality: next }))
      }
    } catch (e) {
      setError(e instanceof ApiError && (e.status === 404 || e.status === 405) ? new ApiError(501, '') : e)
    }
  }

  const seek = (seconds: number) => {
    if (video.current) video.current.currentTime = seconds
  }

  return (
    <section className="card space-y-4" aria-labelledby="player-title" data-testid="player">
      {dialog}
      <h2 id="player-title" className="text-lg font-semibold">{t('player.title')}</h2>
      <div className="overflow-hidden rounded-lg bg-black">
        <video
          ref={video}
          key={source}
          src={source}
          poster={render.files['thumbnail.jpg']}
          controls
          playsInline
          preload="metadata"
          className="aspect-video w-full"
          data-testid="film-video"
          onLoadedMetadata={(e) => setLength(e.currentTarget.duration || 0)}
          onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
        >
          {tracks.map((track) => (
            <track key={track.name} kind="subtitles" src={track.url} srcLang={track.lang} label={t(`choices.languages.${track.lang}`, { defaultValue: track.lang })} default={track.lang === shown} />
          ))}
        </video>
      </div>

      {length > 0 && (
        <div>
          <label htmlFor="scrub" className="sr-only">{t('player.scrub')}</label>
          <input
            id="scrub"
            type="range"
            min={0}
            max={length}
            step={0.1}
            value={time}
            onChange={(e) => seek(Number(e.target.value))}
            className="w-full accent-brand-600"
            aria-valuetext={`${formatTime(time)} / ${formatTime(length)}`}
          />
          {markers.length > 0 && (
            <div className="relative mt-2 flex h-14 w-full gap-0.5 overflow-hidden rounded-md" role="group" aria-label={t('player.scenes')}>
              {markers.map((m) => (
                <button
                  key={m.number}
                  type="button"
                  style={{ width: `${((m.end - m.start) / length) * 100}%` }}
                  className={`relative h-full min-w-0 bg-slate-300 bg-cover bg-center outline-offset-0 ${time >= m.start && time < m.end ? 'ring-2 ring-brand-600 ring-inset' : ''}`}
                  onClick={() => seek(m.start)}
                  onMouseEnter={() => setHover(m)}
                  onMouseLeave={() => setHover(null)}
                  onFocus={() => setHover(m)}
                  onBlur={() => setHover(null)}
                  aria-label={t('player.jumpTo', { number: m.number, time: formatTime(m.start) })}
                  data-testid="scene-marker"
                >
                  {m.picture && <img src={m.picture} alt="" className="h-full w-full object-cover" />}
                </button>
              ))}
              {hover?.picture && (
                <span className="pointer-events-none absolute bottom-1 left-1 rounded bg-black/70 px-2 py-0.5 text-xs text-white">
                  {t('storyboard.scene', { number: hover.number })} · {formatTime(hover.start)}
                </span>
              )}
            </div>
          )}
        </div>
      )}

      <div className="flex flex-wrap items-center gap-4">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={subtitles} onChange={(e) => setSubtitles(e.target.checked)} className="h-4 w-4 accent-brand-600" data-testid="subtitles-toggle" />
          {t('player.subtitles')}
        </label>
        {tracks.length > 1 && (
          <label className="flex items-center gap-2 text-sm">
            {t('player.subtitleLanguage')}
            <select className="rounded-md border border-slate-300 px-2 py-1" value={shown} onChange={(e) => { setLanguage(e.target.value); setSubtitles(true) }} data-testid="subtitle-language">
              {tracks.map((track) => <option key={track.lang} value={track.lang}>{t(`choices.languages.${track.lang}`, { defaultValue: track.lang })}</option>)}
            </select>
          </label>
        )}
        <label className="flex items-center gap-2 text-sm">
          {t('player.quality')}
          <select className="rounded-md border border-slate-300 px-2 py-1" value={quality} onChange={(e) => void chooseQuality(e.target.value)} data-testid="quality-select">
            {qualitiesFor(tier).map((q) => (
              <option key={q} value={q}>
                {q === '2160p' ? '4K (2160p)' : q}
              </option>
            ))}
          </select>
        </label>
        {render.watermark && <span className="text-xs text-slate-500">{t('player.watermarked')}</span>}
      </div>
      {notice && <Notice>{notice}</Notice>}
      {error ? <ErrorBox error={error} /> : null}

      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-700">{t('player.downloads')}</h3>
        <div className="flex flex-wrap gap-2">
          {render.files['film.mp4'] && (
            <a className="btn-primary" href={downloadHref(render.files['film.mp4'])} download data-testid="download-mp4">
              {t('player.downloadMp4', { quality: render.quality })}
            </a>
          )}
          {render.files['film.srt'] && (
            <a className="btn-secondary" href={downloadHref(render.files['film.srt'])} download data-testid="download-srt">
              {t('player.downloadSrt')}
            </a>
          )}
          {render.files['film.vtt'] && (
            <a className="btn-secondary" href={downloadHref(render.files['film.vtt'])} download>
              {t('player.downloadVtt')}
            </a>
          )}
          {render.files['thumbnail.jpg'] && (
            <a className="btn-secondary" href={downloadHref(render.files['thumbnail.jpg'])} download>
              {t('player.downloadThumbnail')}
            </a>
          )}
          <button
            type="button"
            className="btn-secondary"
            disabled={mailed}
            onClick={async () => {
              setError(null)
              try {
                await api(`/downloads/${projectId}/email`, { body: { format: 'mp4', quality } })
                setMailed(true)
              } catch (e) {
                setError(e instanceof ApiError && (e.status === 404 || e.status === 405) ? new ApiError(501, '') : e)
              }
            }}
          >
            {mailed ? t('player.emailed') : t('player.email')}
          </button>
        </div>
      </div>
    </section>
  )
}
