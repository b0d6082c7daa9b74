import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FilmPlan } from '../lib/api'
import { peaks, type Sound } from '../lib/waveform'

const PX_PER_SECOND = 14
const MIN_TILE = 112

/** The film as a strip of scenes (width follows length) with their shots beneath: click to
 *  choose a scene, drag a scene onto another place to move it there. */
export function Timeline({
  plan,
  selected,
  onSelect,
  onMove,
  pictureOf,
  changed,
  editable,
  sound,
  soundPlan,
}: {
  plan: FilmPlan
  selected: number
  onSelect: (index: number) => void
  onMove: (from: number, to: number) => void
  pictureOf: (index: number) => string | undefined
  changed: (index: number) => boolean
  editable: boolean
  /** The last render's sound, and the plan it was rendered from (its scenes' times). */
  sound?: Sound | null
  soundPlan?: FilmPlan
}) {
  const { t } = useTranslation()
  const [dragging, setDragging] = useState<number | null>(null)
  const [over, setOver] = useState<number | null>(null)
  const unknown = plan.scenes.filter((s) => !s.duration).length
  const fixed = plan.scenes.reduce((sum, s) => sum + (s.duration || 0), 0)
  const share = unknown ? Math.max(2, (plan.target_duration - fixed) / unknown) : 0
  const starts: number[] = []
  if (soundPlan) soundPlan.scenes.reduce((at, s) => (starts.push(at), at + (s.duration || 0)), 0)
  return (
    <div className="overflow-x-auto pb-2" data-testid="timeline">
      <ol className="flex min-w-max gap-1" aria-label={t('timeline.title')}>
        {plan.scenes.map((scene, index) => {
          const seconds = scene.duration || share
          const picture = pictureOf(index)
          const shots = scene.shots ?? []
          return (
            <li
              key={index}
              style={{ width: Math.max(MIN_TILE, seconds * PX_PER_SECOND) }}
              draggable={editable}
              onDragStart={(e) => {
                setDragging(index)
                e.dataTransfer.effectAllowed = 'move'
                e.dataTransfer.setData('text/plain', String(index))
              }}
              onDragOver={(e) => {
                if (dragging === null) return
                e.preventDefault()
                setOver(index)
              }}
              onDragLeave={() => setOver(null)}
              onDrop={(e) => {
                e.preventDefault()
                const from = dragging ?? Number(e.dataTransfer.getData('text/plain'))
                setDragging(null)
                setOver(null)
                onMove(from, index)
              }}
              onDragEnd={() => {
                setDragging(null)
                setOver(null)
              }}
              className={`shrink-0 ${over === index && dragging !== index ? 'border-l-4 border-brand-600 pl-1' : ''}`}
              data-testid="timeline-scene"
            >
              <button
                type="button"
                onClick={() => onSelect(index)}
                aria-pressed={index === selected}
                className={`relative block aspect-video w-full overflow-hidden rounded-md bg-slate-300 ${index === selected ? 'ring-4 ring-brand-600' : ''}`}
                aria-label={t('timeline.selectScene', { number: index + 1 })}
              >
                {picture ? <img src={picture} alt="" className="h-full w-full object-cover" draggable={false} /> : <span className="sr-only">{t('timeline.noPicture')}</span>}
                <span className="absolute left-1 top-1 rounded bg-black/70 px-1.5 text-xs font-semibold text-white">{index + 1}</span>
                <span className="absolute bottom-1 right-1 rounded bg-black/70 px-1.5 text-xs text-white">
                  {scene.duration ? t('timeline.seconds', { seconds: scene.duration.toFixed(1) }) : t('storyboard.auto')}
                </span>
                {changed(index) && <span className="absolute right-1 top-1 h-2.5 w-2.5 rounded-full bg-amber-400" title={t('timeline.changed')} />}
              </button>
              {sound && soundPlan && changed(index) === false && starts[index] !== undefined && (
                <div className="mt-1 flex h-6 items-center gap-px" aria-hidden="true" data-testid="waveform">
                  {peaks(sound, starts[index], starts[index] + (soundPlan.scenes[index].duration || 0), 32).map((level, i) => (
                    <span key={i} className="w-full rounded-sm bg-emerald-500" style={{ height: `${Math.max(8, Math.sqrt(level) * 100)}%` }} />
                  ))}
                </div>
              )}
              <div className="mt-1 flex h-3 gap-px" aria-label={t('timeline.shotCount', { count: shots.length || 1 })}>
                {(shots.length ? shots : [null]).map((shot, i) => (
                  <span
                    key={i}
                    style={{ flexGrow: shot ? shot.lines.length : 1 }}
                    className={`rounded-sm ${shot ? 'bg-brand-500' : 'bg-slate-300'}`}
                    title={shot ? t(`timeline.shotKinds.${shot.kind}`) : t('timeline.shotsAuto')}
                  />
                ))}
              </div>
            </li>
          )
        })}
      </ol>
    </div>
  )
}
