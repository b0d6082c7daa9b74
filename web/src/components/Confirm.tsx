import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

interface Ask {
  message: string
  confirm: string
  danger: boolean
  resolve: (yes: boolean) => void
}

/** A question asked in the page (translated, testable), answered yes or no: used before
 *  anything that costs a credit or throws work away; `danger` paints the yes red when it
 *  cannot be undone. */
export function useConfirm(): [React.ReactNode, (message: string, confirm: string, danger?: boolean) => Promise<boolean>] {
  const { t } = useTranslation()
  const [ask, setAsk] = useState<Ask | null>(null)
  const yes = useRef<HTMLButtonElement>(null)
  const question = useCallback(
    (message: string, confirm: string, danger = false) => new Promise<boolean>((resolve) => setAsk({ message, confirm, danger, resolve })),
    [],
  )
  useEffect(() => {
    if (ask) yes.current?.focus()
  }, [ask])
  const answer = (value: boolean) => {
    ask?.resolve(value)
    setAsk(null)
  }
  const dialog = ask ? (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/40 p-4" onKeyDown={(e) => e.key === 'Escape' && answer(false)}>
      <div role="dialog" aria-modal="true" aria-labelledby="confirm-message" className="card w-full max-w-md space-y-4" data-testid="confirm-dialog">
        <p id="confirm-message" className="text-sm text-slate-800">{ask.message}</p>
        <div className="flex flex-wrap justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={() => answer(false)} data-testid="confirm-no">
            {t('common.cancel')}
          </button>
          <button type="button" ref={yes} className={ask.danger ? 'btn-danger' : 'btn-primary'} onClick={() => answer(true)} data-testid="confirm-yes">
            {ask.confirm}
          </button>
        </div>
      </div>
    </div>
  ) : null
  return [dialog, question]
}
