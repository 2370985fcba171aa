// The list of facilities with their live capacity, for the desk and admins: filter by kind; the desk records capacity
// a facility phoned in; admins add a facility and retire or reinstate one.
import { useEffect, useMemo, useState, type FormEvent } from 'react'
import type { CreateFacility } from '../../server/contracts/facilities'
import { FACILITY_KIND_LABELS } from '../../server/contracts/labels'
import { FACILITY_KINDS, type FacilityKind } from '../../server/domain/destinations'
import { ApiError } from '../api/client'
import { createFacility, facilities as fetchFacilities, reportCapacity, updateFacility, type Facility } from '../api/facilities'
import type { User } from '../api/resources'
import { parseCoordinate } from '../lib/coords'
import { latestOnly } from '../lib/latest'
import { useLiveEvents } from '../realtime/useLiveEvents'
import { CapacityWords } from './Destinations'

const recorded = (f: Facility): string => `Capacity of ${f.name} recorded.`
const message = (e: unknown): string => (e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e))

export function FacilitiesPage ({ user }: { user: User }) {
  const admin = user.role === 'admin'
  const [kind, setKind] = useState<FacilityKind | ''>('')
  const [list, setList] = useState<Facility[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const load = useMemo(
    () =>
      latestOnly(
        async () => await fetchFacilities({ kinds: kind ? [kind] : undefined, limit: 1000, retired: admin }),
        (l) => {
          setList(l)
          setError(null)
        }
      ),
    [kind, admin]
  )
  useEffect(() => {
    load().catch((e: unknown) => setError(message(e)))
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

  const act = async (what: () => Promise<unknown>, ok: string) => {
    try {
      await what()
      setDone(ok)
      setError(null)
      await load()
    } catch (e) {
      setError(message(e))
    }
  }

  return (
    <main className='facilities-page admin-main' id='facilities-main' tabIndex={-1}>
      <h1>Facilities</h1>
      <p className='muted'>
        Capacity is reported by each facility's staff (or its own system); it is stale after a few hours without a report.
      </p>
      <label htmlFor='fac-kind'>Kind</label>
      <select id='fac-kind' value={kind} onChange={(e) => setKind(e.target.value as FacilityKind | '')}>
        <option value=''>Every kind</option>
        {FACILITY_KINDS.map((k) => (
          <option key={k} value={k}>
            {FACILITY_KIND_LABELS[k]}
          </option>
        ))}
      </select>
      <div role='status' className='done'>
        {done}
      </div>
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      {admin && <NewFacility onCreate={(body) => act(async () => await createFacility(body), `Added ${body.name}.`)} />}
      {list === null ? (
        <p className='muted'>Loading…</p>
      ) : (
        <table className='facilities-table'>
          <caption>{list.length} facilities</caption>
          <thead>
            <tr>
              {['Name', 'Kind', 'Capacity', 'Hours', 'Actions'].map((h) => (
                <th key={h} scope='col'>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {list.map((f) => (
              <tr key={f.id} className={f.retired ? 'retired' : ''}>
                <th scope='row'>
                  {f.name}
                  {f.retired ? ' (retired)' : ''}
                  <div className='muted small'>{f.address}</div>
                </th>
                <td>{FACILITY_KIND_LABELS[f.kind]}</td>
                <td>
                  <CapacityWords capacity={f.capacity} />
                </td>
                <td>{f.hours || '—'}</td>
                <td>
                  {!f.retired && (
                    <CapacityForm
                      facility={f}
                      onSend={async (available, accepting) =>
                        await act(async () => await reportCapacity(f.id, { available, accepting }), recorded(f))}
                    />
                  )}
                  {admin && (
                    <button
                      type='button'
                      onClick={() => {
                        if (!window.confirm(`${f.retired ? 'Reinstate' : 'Retire'} ${f.name}?`)) return
                        const done = `${f.name} ${f.retired ? 'reinstated' : 'retired'}.`
                        act(async () => await updateFacility(f.id, { version: f.version, retired: !f.retired }), done).catch(() => {})
                      }}
                    >
                      {f.retired ? 'Reinstate' : 'Retire'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  )
}

function CapacityForm ({ facility, onSend }: { facility: Facility; onSend: (available: number, accepting: boolean) => Promise<void> }) {
  const [available, setAvailable] = useState(String(facility.capacity.available ?? ''))
  const [accepting, setAccepting] = useState(facility.capacity.accepting !== false)
  const id = `cap-${facility.id}`
  const n = Number(available)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (available !== '' && Number.isInteger(n) && n >= 0) onSend(n, accepting).catch(() => {})
  }
  return (
    <form className='capacity-form row' onSubmit={submit} aria-label={`Capacity of ${facility.name}`}>
      <label htmlFor={`${id}-n`}>Free</label>
      <input
        id={`${id}-n`}
        type='number'
        min={0}
        max={10000}
        required
        value={available}
        onChange={(e) => setAvailable(e.target.value)}
      />
      <label className='choice'>
        <input type='checkbox' checked={accepting} onChange={(e) => setAccepting(e.target.checked)} /> Accepting
      </label>
      <button type='submit'>Record</button>
    </form>
  )
}

function NewFacility ({ onCreate }: { onCreate: (body: CreateFacility) => Promise<void> }) {
  const [name, setName] = useState('')
  const [kind, setKind] = useState<FacilityKind>('crisis_stabilisation')
  const [address, setAddress] = useState('')
  const [lat, setLat] = useState('')
  const [lon, setLon] = useState('')
  const [hours, setHours] = useState('')
  const [accepts, setAccepts] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const a = parseCoordinate(lat, 'lat')
    const b = parseCoordinate(lon, 'lon')
    if (typeof a === 'string' || typeof b === 'string') {
      setProblem(typeof a === 'string' ? a : (b as string))
      return
    }
    setProblem(null)
    const list = accepts
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
    onCreate({ name, kind, lat: a, lon: b, ...(address ? { address } : {}), ...(hours ? { hours } : {}), accepts: list })
      .then(() => {
        setName('')
        setAddress('')
        setLat('')
        setLon('')
        setHours('')
        setAccepts('')
      })
      .catch(() => {})
  }
  return (
    <details className='panel new-facility'>
      <summary>Add a facility</summary>
      <form onSubmit={submit}>
        <label htmlFor='nf-name'>Name</label>
        <input id='nf-name' required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor='nf-kind'>Kind</label>
        <select id='nf-kind' value={kind} onChange={(e) => setKind(e.target.value as FacilityKind)}>
          {FACILITY_KINDS.map((k) => (
            <option key={k} value={k}>
              {FACILITY_KIND_LABELS[k]}
            </option>
          ))}
        </select>
        <label htmlFor='nf-address'>Address</label>
        <input id='nf-address' maxLength={300} value={address} onChange={(e) => setAddress(e.target.value)} />
        <label htmlFor='nf-lat'>Latitude</label>
        <input id='nf-lat' inputMode='decimal' required value={lat} onChange={(e) => setLat(e.target.value)} />
        <label htmlFor='nf-lon'>Longitude</label>
        <input id='nf-lon' inputMode='decimal' required value={lon} onChange={(e) => setLon(e.target.value)} />
        <label htmlFor='nf-hours'>Hours</label>
        <input id='nf-hours' maxLength={300} value={hours} onChange={(e) => setHours(e.target.value)} placeholder='24/7' />
        <label htmlFor='nf-accepts'>Accepts (comma-separated)</label>
        <input id='nf-accepts' value={accepts} onChange={(e) => setAccepts(e.target.value)} placeholder='adults 18+, walk-ins' />
        {problem && (
          <p role='alert' className='error'>
            {problem}
          </p>
        )}
        <button type='submit' className='primary'>
          Add facility
        </button>
      </form>
    </details>
  )
}
