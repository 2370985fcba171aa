// The desk's keyboard shortcuts: n new call, q queue, j/k next/previous call in the queue, 1–5 pick a
// recommended team, a assign it, / find a call, Esc close, ? the list. Never while typing in a field or
// with a dialog open (the dialog has the keys then).
import { useEffect, useRef } from 'react'

export const SHORTCUTS: ReadonlyArray<[string, string]> = [
  ['n', 'New call: go to the first field of the new-call form'],
  ['q', 'Go to the queue'],
  ['j / k', 'Open the next / previous call in the queue'],
  ['1 – 5', 'Pick the recommended team with that rank in the open call'],
  ['a', 'Assign the picked team (the first recommended one if none is picked)'],
  ['/', 'Find a call (queue and active calls)'],
  ['Esc', 'Close the dialog, the help, or the open call'],
  ['?', 'Show or hide this list']
]

/** Whether a key press belongs to a field being typed in (or a dialog), not to the desk. */
export function typingIn (target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.closest('dialog[open]')) return true
  if (target.isContentEditable) return true
  const tag = target.tagName
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag === 'INPUT') return !['radio', 'checkbox', 'button', 'submit', 'reset'].includes((target as HTMLInputElement).type)
  return false
}

function queueButtons (): HTMLButtonElement[] {
  return Array.from(document.querySelectorAll<HTMLButtonElement>('ol.queue > li > button'))
}

function moveInQueue (step: 1 | -1): void {
  const buttons = queueButtons()
  if (buttons.length === 0) return
  const at = buttons.findIndex((b) => b === document.activeElement || b.closest('li')?.classList.contains('selected'))
  const next = buttons[at === -1 ? (step === 1 ? 0 : buttons.length - 1) : Math.min(buttons.length - 1, Math.max(0, at + step))]
  next.click()
  next.focus()
}

export interface ShortcutActions {
  toggleHelp: () => void
  closeCall: () => void
  helpOpen: boolean
}

export function useShortcuts (enabled: boolean, actions: ShortcutActions): void {
  const ref = useRef(actions)
  ref.current = actions
  useEffect(() => {
    if (!enabled) return
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return
      if (typingIn(e.target)) return
      const a = ref.current
      const focus = (el: HTMLElement | null) => {
        if (el) {
          e.preventDefault()
          el.focus()
        }
      }
      switch (e.key) {
        case '?':
          e.preventDefault()
          a.toggleHelp()
          return
        case 'Escape':
          if (a.helpOpen) a.toggleHelp()
          else if (document.getElementById('call-h')) {
            e.preventDefault()
            a.closeCall()
          }
          return
        case 'n':
          focus(document.getElementById('address'))
          return
        case 'q':
          focus(queueButtons()[0] ?? document.getElementById('queue-h'))
          return
        case '/':
          focus(document.getElementById('find-call'))
          return
        case 'j':
          e.preventDefault()
          moveInQueue(1)
          return
        case 'k':
          e.preventDefault()
          moveInQueue(-1)
          return
        case 'a': {
          const picked =
            document.activeElement instanceof HTMLElement && document.activeElement.dataset.assignRank
              ? document.activeElement
              : document.querySelector<HTMLElement>('[data-assign-rank="1"]')
          if (picked) {
            e.preventDefault()
            picked.click()
          }
          return
        }
        default:
          if (/^[1-5]$/.test(e.key)) focus(document.querySelector<HTMLElement>(`[data-assign-rank="${e.key}"]`))
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [enabled])
}
