// A facility's own staff report its capacity from a phone in two taps: how many places are free, then "accepting" or
// "not accepting" (which sends). Every console and care team sees it at once. The page also shows what was last
// sent, by whom and how long ago (stale after CAPACITY_STALE_HOURS).
import { useEffect, useMemo, useState } from 'react'
import { FACILITY_KIND_LABELS } from '../../server/contracts/labels'
import { ApiError } from '../api/client'
import { facility as fetchFacility, reportCapacity, type Facility } from '../api/facilities'
import type { User } from '../api/resources'
import { latestOnly } from '../lib/latest'
import { useLiveEvents } from '../realtime/useLiveEvents'
import { CapacityWords } from './Destinations'

const COUNTS = Array.from({ length: 16 }, (_, i) => i)

export function CapacityPage ({ user }: { user: User }) {
  const id = user.facilityId ?? null
  const [f, setF] = useState<Facility | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [picked, setPicked] = useState<number | null>(null)
  const [note, setNote] = useState('')
  const [sent, setSent] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const load = useMemo(
    () =>
      latestOnly(
        async () => (id ? await fetchFacility(id) : null),
        (x) => {
          setF(x)
          setError(null)
        }
      ),
    [id]
  )
  useEffect(() => {
    load().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
  }, [load])
  useLiveEvents(
    ['facility.'],
    (e) => {
      if ((e.data as { facilityId?: string }).facilityId === id) load().catch(() => {})
    },
    () => {
      load().catch(() => {})
    }
  )

  if (!id) {
    return (
      <main className='center'>
        <p>This account is not bound to a facility. Ask an administrator.</p>
      </main>
    )
  }

  const send = async (accepting: boolean) => {
    if (picked === null) return
    setSending(true)
    setSent(null)
    try {
      const got = await reportCapacity(id, { available: picked, accepting, note: note.trim() === '' ? null : note.trim() })
      setF(got)
      setSent(`Sent: ${picked} free, ${accepting ? 'accepting' : 'not accepting'}. Teams and dispatch see it now.`)
      setPicked(null)
      setError(null)
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Not sent: no connection. Try again, or phone dispatch.')
    } finally {
      setSending(false)
    }
  }

  const off = picked === null || sending
  return (
    <main className='capacity-page' id='capacity-main' tabIndex={-1}>
      <h1>{f?.name ?? 'Your facility'}</h1>
      {f && (
        <p className='muted'>
          {FACILITY_KIND_LABELS[f.kind]}
          {f.address ? ` · ${f.address}` : ''}
        </p>
      )}
      {f && (
        <p className='capacity-now'>
          Now: <CapacityWords capacity={f.capacity} />
        </p>
      )}
      {f?.capacity.stale && (
        <p className='concern'>Your last report is old or missing: teams may drive past you. Send the numbers now.</p>
      )}
      <section aria-labelledby='free-h' className='panel'>
        <h2 id='free-h'>1. Places free now (beds or chairs)</h2>
        <div className='count-grid' role='group' aria-label='Places free'>
          {COUNTS.map((n) => (
            <button
              key={n}
              type='button'
              className={`count ${picked === n ? 'picked' : ''}`}
              aria-pressed={picked === n}
              onClick={() => setPicked(n)}
            >
              {n === COUNTS.length - 1 ? `${n}+` : n}
            </button>
          ))}
        </div>
      </section>
      <section aria-labelledby='send-h' className='panel'>
        <h2 id='send-h'>2. Taking people now?</h2>
        <p className='muted' id='send-help'>
          {picked === null ? 'Pick the number first.' : `${picked} free: tap one to send.`}
        </p>
        <div className='row'>
          <button
            type='button'
            className='primary big'
            disabled={off}
            aria-describedby='send-help'
            onClick={() => {
              send(true).catch(() => {})
            }}
          >
            Accepting: send
          </button>
          <button
            type='button'
            className='big danger'
            disabled={off}
            aria-describedby='send-help'
            onClick={() => {
              send(false).catch(() => {})
            }}
          >
            Not accepting: send
          </button>
        </div>
        <label htmlFor='capacity-note'>Note for the teams (optional, no names)</label>
        <input
          id='capacity-note'
          maxLength={200}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder='e.g. no female beds until 6 pm'
        />
      </section>
      <div role='status' className='done'>
        {sent}
      </div>
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
    </main>
  )
}
