// An address, corner and place search box: the ARIA 1.2 combobox pattern (list autocomplete, no automatic
// selection) over GET /api/geocode, asked as the dispatcher types. Arrows move through the suggestions,
// Enter chooses, Escape closes; typed text is never replaced except by a choice.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { formatDistance, geocode, KIND_LABEL, type Candidate, type LatLon } from '../api/geocoding'
import './geocode.css'

export interface AddressSearchProps {
  id: string
  value: string
  onChange: (text: string) => void
  onChoose: (c: Candidate) => void
  /** The point suggestions are ranked from (the map view's centre); the server uses the city's without it. */
  near?: () => LatLon | null
  /** Ids of the elements that describe the box (a warning under it). */
  describedBy?: string
  debounceMs?: number
  inputRef?: React.Ref<HTMLInputElement>
}

/**
 * What the option says besides its label: the kind, the distance, the city when not ours (and not in the label), a note when approximate.
 */
export function candidateDetail (c: Candidate, withNote = true): string {
  return [
    KIND_LABEL[c.kind] ?? c.kind,
    c.distanceMeters !== null ? formatDistance(c.distanceMeters) : null,
    c.city !== null && c.inCity !== true && !c.label.includes(c.city) ? c.city : null,
    c.precision === 'street' ? (withNote ? (c.note ?? 'street only: house number not placed') : 'on the street') : null
  ]
    .filter((x) => x !== null)
    .join(' · ')
}

const MIN_CHARS = 2

export function AddressSearch ({ id, value, onChange, onChoose, near, describedBy, debounceMs = 200, inputRef }: AddressSearchProps) {
  const listId = `${useId()}-list`
  const [options, setOptions] = useState<Candidate[]>([])
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  const [status, setStatus] = useState<{ text: string; visible: boolean }>({ text: '', visible: false })
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const inFlight = useRef<AbortController | null>(null)
  const focused = useRef(false)

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
      inFlight.current?.abort()
    },
    []
  )

  const close = () => {
    setOpen(false)
    setActive(-1)
  }

  const search = (text: string) => {
    if (timer.current) clearTimeout(timer.current)
    inFlight.current?.abort()
    const q = text.trim()
    if (q.length < MIN_CHARS) {
      setOptions([])
      close()
      setStatus({ text: '', visible: false })
      return
    }
    timer.current = setTimeout(() => {
      const ctl = new AbortController()
      inFlight.current = ctl
      geocode(q, { near: near?.() ?? null, limit: 8, signal: ctl.signal })
        .then((found) => {
          if (ctl.signal.aborted) return
          setOptions(found)
          setActive(-1)
          setOpen(found.length > 0 && focused.current)
          setStatus(
            found.length > 0
              ? {
                  text: `${found.length} suggestion${found.length === 1 ? '' : 's'}: arrow keys to move, Enter to choose.`,
                  visible: false
                }
              : { text: `No address, corner or place found for "${q}". Click the map or type coordinates.`, visible: true }
          )
        })
        .catch((e: unknown) => {
          if (ctl.signal.aborted) return
          setOptions([])
          close()
          setStatus({
            text: `Address search unavailable (${e instanceof Error ? e.message : String(e)}). Click the map or type coordinates.`,
            visible: true
          })
        })
    }, debounceMs)
  }

  const choose = (i: number) => {
    const c = options[i]
    if (c === undefined) return
    if (timer.current) clearTimeout(timer.current)
    inFlight.current?.abort()
    close()
    setOptions([])
    setStatus({ text: `Chosen: ${c.label}.`, visible: false })
    onChoose(c)
  }

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = options.length
    switch (e.key) {
      case 'ArrowDown':
        if (n === 0) return
        e.preventDefault()
        if (!open) {
          setOpen(true)
          setActive(e.altKey ? -1 : 0)
        } else setActive((a) => (a + 1) % n)
        return
      case 'ArrowUp':
        if (n === 0) return
        e.preventDefault()
        if (!open) {
          setOpen(true)
          setActive(n - 1)
        } else setActive((a) => (a <= 0 ? n - 1 : a - 1))
        return
      case 'Enter':
        // Ctrl/Cmd+Enter still creates the call (the form's shortcut); a plain Enter on a suggestion chooses it
        if (e.ctrlKey || e.metaKey || !open || active < 0) return
        e.preventDefault()
        choose(active)
        return
      case 'Escape':
        if (!open) return
        e.preventDefault()
        e.stopPropagation()
        close()
        return
      case 'Tab':
        close()
    }
  }

  const optionId = (i: number) => `${listId}-${i}`
  return (
    <div className='combo'>
      <input
        id={id}
        ref={inputRef}
        type='text'
        role='combobox'
        aria-autocomplete='list'
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
        aria-describedby={describedBy}
        autoComplete='off'
        spellCheck={false}
        value={value}
        onChange={(e) => {
          onChange(e.target.value)
          search(e.target.value)
        }}
        onKeyDown={onKeyDown}
        onFocus={() => {
          focused.current = true
        }}
        onBlur={() => {
          focused.current = false
          close()
        }}
      />
      <ul id={listId} role='listbox' aria-label='Address suggestions' className='combo-list' hidden={!open}>
        {options.map((c, i) => (
          <li
            key={`${c.source}-${c.label}-${i}`}
            id={optionId(i)}
            role='option'
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            // keep the focus in the box: a click chooses without blurring it first
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(i)}
          >
            <span className='combo-label'>{c.label}</span>
            <span className='combo-detail'>{candidateDetail(c)}</span>
          </li>
        ))}
      </ul>
      <p role='status' className={status.visible ? 'combo-status muted' : 'sr-only'}>
        {status.text}
      </p>
    </div>
  )
}
