// Where a team may take the person: facilities of the kinds the call needs (or any kind), ranked by travel time from the
// call, each with its capacity and how old that report is; kept current from the live stream. The phone chooses one
// here for the transport step; the console shows the same list. Also the capacity's words, used wherever it is shown.
import { useEffect, useMemo, useState } from 'react'
import type { Capacity } from '../../server/contracts/facilities'
import { FACILITY_KIND_LABELS } from '../../server/contracts/labels'
import { DESTINATION_KINDS, FACILITY_KINDS, type FacilityKind } from '../../server/domain/destinations'
import type { Category } from '../../server/domain/types'
import { facilities as fetchFacilities, type Facility } from '../api/facilities'
import { latestOnly } from '../lib/latest'
import { useLiveEvents } from '../realtime/useLiveEvents'

/** "12 min ago", "3 h ago". */
export function ageWords (minutes: number | null): string {
  if (minutes === null) return 'never reported'
  if (minutes < 1) return 'just now'
  if (minutes < 90) return `${minutes} min ago`
  const h = Math.round(minutes / 60)
  return h < 48 ? `${h} h ago` : `${Math.round(h / 24)} days ago`
}

/** The capacity in words: free places and accepting first, then who said it and when (stale said plainly). */
export function CapacityWords ({ capacity }: { capacity: Capacity }) {
  const c = capacity
  if (c.updatedAt === null) return <span className='capacity unknown'>No capacity reported</span>
  const state = c.accepting === false ? 'Not accepting' : c.available === 0 ? 'Full' : `${c.available ?? '?'} free`
  const cls = c.accepting === false || c.available === 0 ? 'full' : 'open'
  return (
    <span className={`capacity ${cls}${c.stale ? ' stale' : ''}`}>
      <strong>{state}</strong>
      {c.accepting === true && c.available !== 0 ? ' · accepting' : ''}
      {' · '}
      {c.stale ? <em>stale: {ageWords(c.ageMinutes)}</em> : ageWords(c.ageMinutes)}
      {c.demo ? ' (demo figure)' : c.updatedBy ? ` by ${c.updatedBy}` : ''}
      {c.note ? (
        <>
          {' '}
          · <span className='capacity-note'>{c.note}</span>
        </>
      ) : null}
    </span>
  )
}

/** Facilities near a point, ranked by travel time, refetched when any facility's capacity or record changes. */
export function useFacilities (kinds: readonly FacilityKind[] | null, near: { lat: number; lon: number } | null, limit = 8) {
  const [list, setList] = useState<Facility[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  // one string for what the list depends on: a new array of the same kinds is the same list
  const key = `${kinds?.join(',') ?? ''}|${near ? `${near.lat},${near.lon}` : ''}|${limit}`
  const load = useMemo(() => {
    const [k, n, l] = key.split('|')
    const [lat, lon] = n.split(',').map(Number)
    const q = { kinds: k ? (k.split(',') as FacilityKind[]) : undefined, near: n ? { lat, lon } : undefined, limit: Number(l) }
    return latestOnly(
      async () => await fetchFacilities(q),
      (got) => {
        setList(got)
        setError(null)
      }
    )
  }, [key])
  useEffect(() => {
    load().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
  }, [load])
  useLiveEvents(
    ['facility.'],
    () => {
      load().catch(() => {})
    },
    () => {
      load().catch(() => {})
    }
  )
  return { list, error }
}

const eta = (f: Facility): string => (f.etaMinutes !== null ? `about ${Math.round(f.etaMinutes)} min` : '')

export interface DestinationsProps {
  category: Category
  near: { lat: number; lon: number }
  /** The phone's choice: the transport step with this facility. Without it, the list is for reading (the console). */
  onChoose?: (f: Facility) => void
  heading?: string
  /** The heading's level where the list sits (a panel of the console's call is under an h2). */
  level?: 2 | 3
  idPrefix: string
}

export function Destinations ({
  category,
  near,
  onChoose,
  heading = 'Where to take the person',
  level = 2,
  idPrefix
}: DestinationsProps) {
  const [scope, setScope] = useState<'call' | 'all' | FacilityKind>('call')
  const kinds = scope === 'call' ? DESTINATION_KINDS[category] : scope === 'all' ? null : [scope]
  const { list, error } = useFacilities(kinds, near)
  const headingId = `${idPrefix}-h`
  return (
    <section className='panel destinations' aria-labelledby={headingId}>
      {level === 2 ? <h2 id={headingId}>{heading}</h2> : <h3 id={headingId}>{heading}</h3>}
      <label htmlFor={`${idPrefix}-kind`}>Kind of place</label>
      <select id={`${idPrefix}-kind`} value={scope} onChange={(e) => setScope(e.target.value as typeof scope)}>
        <option value='call'>
          For this call: {DESTINATION_KINDS[category].map((k) => FACILITY_KIND_LABELS[k].toLowerCase()).join(', ')}
        </option>
        <option value='all'>Any kind</option>
        {FACILITY_KINDS.map((k) => (
          <option key={k} value={k}>
            {FACILITY_KIND_LABELS[k]}
          </option>
        ))}
      </select>
      {error && (
        <p role='alert' className='error'>
          Facilities could not be loaded: {error}
        </p>
      )}
      {list === null && !error && <p className='muted'>Loading facilities…</p>}
      {list !== null && list.length === 0 && <p>No facility of this kind is listed. Choose another kind, or ask dispatch.</p>}
      {list !== null && list.length > 0 && (
        <ol className='destination-list' aria-label='Facilities, nearest by travel time first (full ones last)'>
          {list.map((f) => (
            <li key={f.id} className={f.capacity.accepting === false || f.capacity.available === 0 ? 'full' : ''}>
              <div className='destination-head'>
                <strong>{f.name}</strong>
                <span className='muted'> · {FACILITY_KIND_LABELS[f.kind]}</span>
              </div>
              <div>
                {[eta(f), f.distanceMiles !== null ? `${f.distanceMiles.toFixed(1)} mi` : '', f.hours].filter(Boolean).join(' · ')}
              </div>
              <div>
                <CapacityWords capacity={f.capacity} />
              </div>
              {f.address && <div className='muted small'>{f.address}</div>}
              {onChoose && (
                <button type='button' className='primary' onClick={() => onChoose(f)} aria-label={`Take there: ${f.name}`}>
                  Take there
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
