import { useTranslation } from 'react-i18next'
import type { Choices } from './api'

/** A choice's name and its line of description in the reader's language (the server's
 *  English description when a new choice has no translation yet). */
export function useChoiceText(choices: Choices) {
  const { t } = useTranslation()
  return {
    name: (kind: 'styles' | 'voices' | 'music', id: string) => t(`choices.${kind}.${id}`, { defaultValue: id }),
    note: (kind: 'styles' | 'voices' | 'music', id: string) =>
      t(`choices.notes.${kind}.${id}`, { defaultValue: choices[kind].find((c) => c.id === id)?.description ?? '' }),
  }
}
