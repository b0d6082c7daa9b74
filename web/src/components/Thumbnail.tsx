import { useState } from 'react'
import { useTranslation } from 'react-i18next'

/** A film's picture, or a placeholder before the first film (or when the picture fails). */
export function Thumbnail({ url, title, className = '' }: { url?: string | null; title: string; className?: string }) {
  const { t } = useTranslation()
  const [broken, setBroken] = useState(false)
  if (url && !broken) {
    return <img src={url} alt={t('projects.thumbnailAlt', { title })} className={`aspect-video bg-slate-200 object-cover ${className}`} onError={() => setBroken(true)} data-testid="thumbnail" loading="lazy" />
  }
  return (
    <div className={`flex aspect-video items-center justify-center bg-gradient-to-br from-slate-200 to-slate-300 text-slate-500 ${className}`} data-testid="thumbnail-placeholder" role="img" aria-label={t('projects.noThumbnail')}>
      <svg viewBox="0 0 24 24" className="h-1/3 max-h-10 w-auto" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
        <rect x="3" y="5" width="18" height="14" rx="2" />
        <path d="M3 9h18M3 15h18M7 5v4M12 5v4M17 5v4M7 15v4M12 15v4M17 15v4" />
      </svg>
    </div>
  )
}
