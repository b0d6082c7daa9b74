// Unsaved changes are never lost silently: leaving the page (reload, close, a link) asks first.

import { useEffect } from 'react'

export function useUnsavedGuard(dirty: boolean, question: string): void {
  useEffect(() => {
    if (!dirty) return
    const onUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault()
      e.returnValue = question
    }
    // Capture phase on the document runs before the router's own click handling.
    const onClick = (e: MouseEvent) => {
      const link = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null
      if (!link || link.target === '_blank' || link.hasAttribute('download')) return
      const to = new URL(link.href, window.location.href)
      if (to.pathname === window.location.pathname && to.search === window.location.search) return
      if (!window.confirm(question)) {
        e.preventDefault()
        e.stopPropagation()
      }
    }
    window.addEventListener('beforeunload', onUnload)
    document.addEventListener('click', onClick, true)
    return () => {
      window.removeEventListener('beforeunload', onUnload)
      document.removeEventListener('click', onClick, true)
    }
  }, [dirty, question])
}

export function aspectClass(aspect: string | undefined): string {
  if (aspect === '9:16') return 'aspect-[9/16] max-h-96 mx-auto'
  if (aspect === '1:1') return 'aspect-square max-h-80 mx-auto'
  return 'aspect-video w-full'
}
