// 911 transfers held with a "location to confirm": the address as the sending centre gave it and why it was not
// placed; the dispatcher places one with the same search as intake (or a map click) and confirms, which makes
// the call and queues it. Kept current from the live stream (transfer.held, transfer.located, transfer.dismissed).
import { useEffect, useMemo, useRef, useState } from 'react'
import { ApiError } from '../api/client'
import {
  dismissTransfer,
  locateTransfer,
  reverseGeocode,
  SOURCE_LABEL,
  transfersToLocate,
  type Candidate,
  type LatLon,
  type TransferToLocate
} from '../api/geocoding'
import type { Call } from '../api/resources'
import { CATEGORY_LABEL, label } from '../lib/format'
import { latestOnly } from '../lib/latest'
import { useLiveEvents } from '../realtime/useLiveEvents'
import { AddressSearch, candidateDetail } from './AddressSearch'

type Placed = LatLon & { source: 'geocoded' | 'map_click' | 'typed_coordinates'; label: string | null }

export interface ToLocateProps {
  /** The held transfer being placed: map clicks go to it. */
  placing: string | null
  onPlacing: (id: string | null) => void
  /** The point of the last map click while placing. */
  pick: LatLon | null
  /** A point chosen from the search: the map shows and moves to it. */
  onChosen: (p: LatLon) => void
  onLocated: (c: Call) => void
  near?: () => LatLon | null
}

export function ToLocate ({ placing, onPlacing, pick, onChosen, onLocated, near }: ToLocateProps) {
  const [items, setItems] = useState<TransferToLocate[]>([])
  const [error, setError] = useState<string | null>(null)
  const load = useMemo(
    () =>
      latestOnly(transfersToLocate, (list) => {
        setItems(list)
        setError(null)
      }),
    []
  )
  const reload = () => {
    load().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
  }
  useEffect(reload, [load])
  useLiveEvents(['transfer.'], reload, reload)

  const waiting = items.filter((t) => t.status === 'waiting')
  // the one being placed went away (another dispatcher placed or dismissed it)
  const gone = placing !== null && !waiting.some((t) => t.id === placing)
  useEffect(() => {
    if (gone) onPlacing(null)
  }, [gone, onPlacing])
  if (waiting.length === 0 && error === null) return null
  return (
    <section className='panel to-locate' aria-labelledby='to-locate-h'>
      <h2 id='to-locate-h'>
        Location to confirm <span className='badge hot'>{waiting.length}</span>
      </h2>
      <p className='muted'>
        911 transfers whose address could not be placed: find where the caller is, then confirm to queue the call.
      </p>
      {error && (
        <p role='alert' className='error'>
          Could not load the transfers to locate: {error}{' '}
          <button type='button' onClick={reload}>
            Try again
          </button>
        </p>
      )}
      <ul>
        {waiting.map((t) => (
          <li key={t.id} data-to-locate-id={t.id} aria-labelledby={`held-${t.id}`}>
            <p>
              <span className={`prio p${t.priority}`}>P{t.priority}</span> {CATEGORY_LABEL[t.category] ?? t.category} ·{' '}
              {label(t.response)} · waiting {Math.round(t.waitingMinutes)} min{t.overdue ? <strong> · OVERDUE</strong> : null}
            </p>
            <p className='held-address' id={`held-${t.id}`}>
              {t.address}
            </p>
            <p className='muted'>Not placed: {t.reasonText}</p>
            {(t.callType || t.narrative) && <p>{[t.callType, t.narrative].filter(Boolean).join(' · ')}</p>}
            {t.callback && (
              <p>
                Callback: <a href={`tel:${t.callback.replace(/[^\d+]/g, '')}`}>{t.callback}</a>
              </p>
            )}
            {placing === t.id ? (
              <PlaceForm
                held={t}
                pick={pick}
                near={near}
                onChosen={onChosen}
                onCancel={() => onPlacing(null)}
                onLocated={(c) => {
                  onPlacing(null)
                  reload()
                  onLocated(c)
                }}
                onDismissed={() => {
                  onPlacing(null)
                  reload()
                }}
              />
            ) : (
              <div className='actions'>
                <button type='button' className='primary' onClick={() => onPlacing(t.id)} aria-describedby={`held-${t.id}`}>
                  Place this call…
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}

function PlaceForm ({
  held,
  pick,
  near,
  onChosen,
  onCancel,
  onLocated,
  onDismissed
}: {
  held: TransferToLocate
  pick: LatLon | null
  near?: () => LatLon | null
  onChosen: (p: LatLon) => void
  onCancel: () => void
  onLocated: (c: Call) => void
  onDismissed: () => void
}) {
  const [text, setText] = useState('')
  const [placed, setPlaced] = useState<Placed | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [dismissing, setDismissing] = useState(false)
  const [reason, setReason] = useState('')
  const search = useRef<HTMLInputElement | null>(null)
  const emitted = useRef<LatLon | null>(null)
  useEffect(() => {
    search.current?.focus()
  }, [])

  // a map click while placing: that point, named by the reverse lookup
  useEffect(() => {
    if (pick === null || pick === emitted.current) return
    setPlaced({ ...pick, source: 'map_click', label: null })
    const ctl = new AbortController()
    reverseGeocode(pick, ctl.signal)
      .then((r) => {
        if (ctl.signal.aborted || typeof r?.label !== 'string') return
        setPlaced({ ...pick, source: 'map_click', label: r.label })
        setText((x) => (x.trim() === '' ? r.label : x))
      })
      .catch(() => {})
    return () => ctl.abort()
  }, [pick])

  const choose = (c: Pick<Candidate, 'label' | 'lat' | 'lon'>) => {
    const p = { lat: c.lat, lon: c.lon }
    emitted.current = p
    setText(c.label)
    setPlaced({ ...p, source: 'geocoded', label: c.label })
    setError(null)
    onChosen(p)
  }

  const confirm = async () => {
    if (placed === null) {
      setError('Choose a suggestion or click the map first.')
      search.current?.focus()
      return
    }
    setBusy(true)
    try {
      onLocated(
        await locateTransfer(held.id, {
          lat: placed.lat,
          lon: placed.lon,
          source: placed.source,
          ...(placed.label ? { label: placed.label } : {})
        })
      )
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }

  const dismiss = async () => {
    if (reason.trim().length < 3) {
      setError('Say why it is dismissed (at least 3 characters).')
      return
    }
    setBusy(true)
    try {
      await dismissTransfer(held.id, reason.trim())
      onDismissed()
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }

  const id = `locate-${held.id}`
  return (
    <div className='place-form'>
      <label htmlFor={id}>Where is the caller? Address, corner or place, or click the map</label>
      <AddressSearch id={id} inputRef={search} value={text} onChange={setText} onChoose={choose} near={near} />
      {held.candidates.length > 0 && (
        <>
          <p className='muted'>The geocoder found:</p>
          <ul className='found'>
            {held.candidates.slice(0, 4).map((c, i) => (
              <li key={i}>
                <button type='button' className='link' onClick={() => choose(c)}>
                  {c.label}
                </button>{' '}
                <span className='muted'>{candidateDetail(c, false)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <p role='status' className='loc-facts'>
        {placed ? (
          <>
            Chosen: <strong>{placed.label ?? `${placed.lat}, ${placed.lon}`}</strong>{' '}
            <span className='badge loc-source'>{SOURCE_LABEL[placed.source]}</span>
          </>
        ) : (
          'No place chosen yet.'
        )}
      </p>
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      <div className='actions'>
        <button
          type='button'
          className='primary'
          disabled={busy}
          onClick={() => {
            confirm().catch(() => {})
          }}
        >
          Confirm location and queue
        </button>
        <button type='button' onClick={onCancel}>
          Cancel
        </button>
        {!dismissing && (
          <button type='button' onClick={() => setDismissing(true)}>
            Dismiss…
          </button>
        )}
      </div>
      {dismissing && (
        <div>
          <label htmlFor={`${id}-reason`}>Why dismiss it (not ours, a duplicate…)</label>
          <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button
            type='button'
            className='danger'
            disabled={busy}
            onClick={() => {
              dismiss().catch(() => {})
            }}
          >
            Dismiss the transfer
          </button>
        </div>
      )}
    </div>
  )
}
