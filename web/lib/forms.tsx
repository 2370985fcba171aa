// Form pieces shared by the administration screens: a labelled field whose error is named beside it
// (aria-describedby, aria-invalid), the server's "body/<field> …" messages sorted to their fields, and a
// confirmation dialog (native <dialog>: focus kept inside, Escape cancels, focus returned after).
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import { ApiError } from '../api/client'

/** Props that tie a control to its hint and error text. */
export function described (
  id: string,
  error?: string | null,
  hint?: boolean
): { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const by = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter((x) => x !== null).join(' ')
  return { id, ...(error ? { 'aria-invalid': true as const } : {}), ...(by ? { 'aria-describedby': by } : {}) }
}

export function FieldError ({ id, error }: { id: string; error?: string | null }) {
  return error
    ? (
      <p id={`${id}-error`} className='field-error'>
        {error}
      </p>
      )
    : null
}

/** A label, the control (given its ids by `described`), a hint and the error. */
export function Field ({
  id,
  label,
  error,
  hint,
  children
}: {
  id: string
  label: string
  error?: string | null
  hint?: ReactNode
  children: ReactNode
}) {
  return (
    <div className='field'>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className='hint'>
          {hint}
        </p>
      )}
      <FieldError id={id} error={error} />
    </div>
  )
}

export type FieldErrors = Record<string, string>

/**
 * The server names the field of bad input ("body/password must NOT have fewer than 12 characters",
 * "body/teamId is required for a responder"): each part is given to its field when the form has one,
 * the rest stays a message for the whole form.
 */
export function sortErrors (err: unknown, fields: readonly string[]): { fields: FieldErrors; form: string | null } {
  const message = err instanceof Error ? err.message : String(err)
  if (!(err instanceof ApiError) || err.status !== 400) return { fields: {}, form: message }
  const out: FieldErrors = {}
  const rest: string[] = []
  for (const part of message.split(/, (?=body\/)/)) {
    const m = /^body\/([A-Za-z]+)(?:\/\S*)?:?\s+(.*)$/.exec(part.trim())
    if (m && fields.includes(m[1])) out[m[1]] = out[m[1]] ? `${out[m[1]]}; ${m[2]}` : m[2]
    else rest.push(part)
  }
  return { fields: out, form: rest.length > 0 ? rest.join(', ') : null }
}

/** The message of a failed request, for a form's alert. */
export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err))

/** A list of the form's errors, read out when it appears; each links to its field. */
export function ErrorSummary ({
  form,
  fields,
  labels,
  prefix = ''
}: {
  form: string | null
  fields: FieldErrors
  labels: Record<string, string>
  prefix?: string
}) {
  const named = Object.entries(fields)
  if (!form && named.length === 0) return null
  return (
    <div role='alert' className='error-summary'>
      {form && <p className='error'>{form}</p>}
      {named.length > 0 && (
        <ul>
          {named.map(([f, e]) => (
            <li key={f}>
              <a
                href={`#${prefix}${f}`}
                onClick={(ev) => {
                  ev.preventDefault()
                  document.getElementById(`${prefix}${f}`)?.focus()
                }}
              >
                {labels[f] ?? f}
              </a>
              : {e}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

export interface ConfirmOptions {
  title: string
  body: ReactNode
  confirm: string
  danger?: boolean
}

/**
 * A confirmation dialog for destructive actions: `ask(options)` resolves true when confirmed. Render the
 * returned element once in the screen.
 */
export function useConfirm (): [ReactNode, (o: ConfirmOptions) => Promise<boolean>] {
  const [open, setOpen] = useState<(ConfirmOptions & { resolve: (ok: boolean) => void }) | null>(null)
  const ref = useRef<HTMLDialogElement>(null)
  const back = useRef<HTMLElement | null>(null)
  const ask = useCallback(
    async (o: ConfirmOptions) =>
      await new Promise<boolean>((resolve) => {
        back.current = document.activeElement as HTMLElement | null
        setOpen({ ...o, resolve })
      }),
    []
  )
  useEffect(() => {
    const d = ref.current
    if (open && d && !d.open) d.showModal()
  }, [open])
  const finish = (ok: boolean): void => {
    const o = open
    ref.current?.close()
    setOpen(null)
    o?.resolve(ok)
    back.current?.focus()
  }
  const element = open && (
    <dialog
      ref={ref}
      className='confirm'
      aria-labelledby='confirm-h'
      aria-describedby='confirm-body'
      onCancel={(e) => {
        e.preventDefault()
        finish(false)
      }}
    >
      <h2 id='confirm-h'>{open.title}</h2>
      <div id='confirm-body'>{open.body}</div>
      <div className='actions'>
        <button type='button' autoFocus onClick={() => finish(false)}>
          Cancel
        </button>
        <button type='button' className={open.danger ? 'danger' : 'primary'} onClick={() => finish(true)}>
          {open.confirm}
        </button>
      </div>
    </dialog>
  )
  return [element, ask]
}

/** A table that scrolls sideways on a phone: a named region that takes the focus, so the keyboard scrolls it too. */
export function TableScroll ({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className={`table-wrap${className ? ` ${className}` : ''}`} role='region' aria-label={label} tabIndex={0}>
      {children}
    </div>
  )
}
