// An accessible modal dialog: the native <dialog> opened with showModal (the page behind is inert, so Tab
// stays inside; Escape closes), labelled by its title, focus on its first field, and focus given back to the
// control that opened it when it closes. ActionDialog is the form every recorded action on a call uses.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { ApiError } from '../api/client'

export function Dialog ({
  title,
  onClose,
  children,
  className = ''
}: {
  title: string
  onClose: () => void
  children: ReactNode
  className?: string
}) {
  const ref = useRef<HTMLDialogElement | null>(null)
  const titleId = useId()
  const close = useRef(onClose)
  close.current = onClose
  useEffect(() => {
    const d = ref.current
    if (!d) return
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (typeof d.showModal === 'function' && !d.open) d.showModal()
    else d.setAttribute('open', '')
    // the first field, or else the first button: never the close (×) button first
    const first =
      d.querySelector<HTMLElement>('[data-autofocus], input:not([type=hidden]), select, textarea') ??
      d.querySelector<HTMLElement>('button')
    first?.focus()
    const onCancel = (e: Event) => {
      e.preventDefault()
      close.current()
    }
    d.addEventListener('cancel', onCancel)
    return () => {
      d.removeEventListener('cancel', onCancel)
      if (d.open && typeof d.close === 'function') d.close()
      // back to the control that opened it, if it is still on the page; otherwise the call's heading
      const back = opener && opener.isConnected ? opener : document.getElementById('call-h')
      back?.focus()
    }
  }, [])
  return (
    <dialog
      ref={ref}
      className={`dialog ${className}`}
      aria-labelledby={titleId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault()
          e.stopPropagation()
          close.current()
        }
      }}
    >
      <div className='panel-head'>
        <h2 id={titleId}>{title}</h2>
        <button type='button' className='link' aria-label='Close' onClick={onClose}>
          ×
        </button>
      </div>
      {children}
    </dialog>
  )
}

/**
 * A dialog whose form records one action: its fields, a confirm button (disabled while it is sent), a way
 * back, and the server's answer in words when it says no. Closes when the action succeeds.
 */
export function ActionDialog ({
  title,
  confirm,
  danger = false,
  onConfirm,
  onClose,
  children,
  canConfirm = true
}: {
  title: string
  confirm: string
  danger?: boolean
  onConfirm: () => Promise<void>
  onClose: () => void
  children: ReactNode
  canConfirm?: boolean
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await onConfirm()
      onClose()
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
      setBusy(false)
    }
  }
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        className='dialog-form'
        onSubmit={(e) => {
          submit(e).catch(() => {})
        }}
      >
        {children}
        {error && (
          <p role='alert' className='error'>
            {error}
          </p>
        )}
        <div className='dialog-buttons'>
          <button type='submit' className={danger ? 'danger' : 'primary'} disabled={busy || !canConfirm}>
            {confirm}
          </button>
          <button type='button' onClick={onClose}>
            Go back
          </button>
        </div>
      </form>
    </Dialog>
  )
}
