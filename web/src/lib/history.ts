// Undo and redo for an edited value: every change is a step, except quick changes to the same
// field (typing a line), which become one step so that undo removes the whole edit.

import { useCallback, useRef, useState } from 'react'

interface State<T> {
  past: T[]
  present: T
  future: T[]
}

const LIMIT = 100
const MERGE_MS = 1200

export interface History<T> {
  value: T
  set: (next: T, field?: string) => void
  undo: () => void
  redo: () => void
  reset: (value: T) => void
  canUndo: boolean
  canRedo: boolean
}

export function useHistory<T>(initial: T): History<T> {
  const [state, setState] = useState<State<T>>({ past: [], present: initial, future: [] })
  const last = useRef<{ field: string; at: number } | null>(null)

  const set = useCallback((next: T, field?: string) => {
    const now = Date.now()
    const merge = field !== undefined && last.current?.field === field && now - last.current.at < MERGE_MS
    last.current = field === undefined ? null : { field, at: now }
    setState((s) => ({
      past: merge ? s.past : [...s.past, s.present].slice(-LIMIT),
      present: next,
      future: [],
    }))
  }, [])
  const undo = useCallback(() => {
    last.current = null
    setState((s) => (s.past.length ? { past: s.past.slice(0, -1), present: s.past[s.past.length - 1], future: [s.present, ...s.future] } : s))
  }, [])
  const redo = useCallback(() => {
    last.current = null
    setState((s) => (s.future.length ? { past: [...s.past, s.present], present: s.future[0], future: s.future.slice(1) } : s))
  }, [])
  const reset = useCallback((value: T) => {
    last.current = null
    setState({ past: [], present: value, future: [] })
  }, [])
  return { value: state.present, set, undo, redo, reset, canUndo: state.past.length > 0, canRedo: state.future.length > 0 }
}
