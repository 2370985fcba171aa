// Teams (/admin/teams; a new one at /admin/teams/new, one team at /admin/teams/:teamId), for admins and
// supervisors: the roster including retired teams; call sign, kind, capabilities, languages, staff slots and
// base (picked on the map or typed as coordinates); retiring and reinstating a team (its history is kept).
import { useEffect, useRef, useState } from 'react'
import { CircleMarker, useMap, useMapEvents } from 'react-leaflet'
import { Link, useLocation, useNavigate, useParams } from 'react-router'
import { CAPABILITIES, KIND_CAPABILITIES, TEAM_KINDS, type Capability, type TeamKind } from '../../server/domain/types'
import { allTeams, createTeam, getTeam, reinstateTeam, retireTeam, updateTeam, type Team } from '../api/admin'
import { ApiError } from '../api/client'
import type { User } from '../api/resources'
import { parseCoordinate } from '../lib/coords'
import { label } from '../lib/format'
import { described, ErrorSummary, FieldError, messageOf, sortErrors, TableScroll, type FieldErrors, useConfirm } from '../lib/forms'
import { BaseMap } from '../map/BaseMap'

const when = (iso: string | null): string =>
  iso ? new Date(iso).toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' }) : '—'

export function TeamsPage (_: { user: User }) {
  const [teams, setTeams] = useState<Team[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    allTeams()
      .then(setTeams)
      .catch((e: unknown) => setError(messageOf(e)))
  }, [])
  const sorted = teams
    ? [...teams].sort((a, b) => Number(a.retiredAt !== null) - Number(b.retiredAt !== null) || a.callSign.localeCompare(b.callSign))
    : null

  return (
    <main className='admin-main' id='admin-main'>
      <div className='panel-head'>
        <h1>Teams</h1>
        <Link className='button primary' to='/admin/teams/new'>
          New team
        </Link>
      </div>
      {error && (
        <p role='alert' className='error'>
          Could not load the teams: {error}
        </p>
      )}
      {sorted === null && !error && <p role='status'>Loading…</p>}
      {sorted && (
        <TableScroll label='Teams' className='panel'>
          <table className='admin-table'>
            <caption className='sr-only'>Every team, retired teams last</caption>
            <thead>
              <tr>
                <th scope='col'>Call sign</th>
                <th scope='col'>Kind</th>
                <th scope='col'>Capabilities</th>
                <th scope='col'>Languages</th>
                <th scope='col'>Staff</th>
                <th scope='col'>Base</th>
                <th scope='col'>Now</th>
                <th scope='col'>Next shift change</th>
                <th scope='col'>
                  <span className='sr-only'>Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((t) => (
                <tr key={t.id} data-call-sign={t.callSign} className={t.retiredAt ? 'retired' : undefined}>
                  <th scope='row'>{t.callSign}</th>
                  <td>{label(t.kind)}</td>
                  <td>{t.capabilities.map(label).join(', ')}</td>
                  <td>{t.languages.join(', ') || '—'}</td>
                  <td>{t.staffSlots.join(' + ') || '—'}</td>
                  <td>
                    {t.base ? `${t.base.name ? `${t.base.name} ` : ''}(${t.base.lat.toFixed(4)}, ${t.base.lon.toFixed(4)})` : '—'}
                  </td>
                  <td>
                    {t.retiredAt
                      ? `retired ${new Date(t.retiredAt).toLocaleDateString()}`
                      : t.onShift
                        ? `on shift, ${label(t.status)}`
                        : 'off shift'}
                  </td>
                  <td>
                    {t.nextShiftChange
                      ? `${t.nextShiftChange.kind} ${when(t.nextShiftChange.at)}${t.nextShiftChange.afterCall ? ' (after its call)' : ''}`
                      : '—'}
                  </td>
                  <td className='row-actions'>
                    <Link to={`/admin/teams/${t.id}`} aria-label={`Edit ${t.callSign}`}>
                      Edit
                    </Link>
                    <Link to={`/admin/teams/${t.id}/rota`} aria-label={`Rota of ${t.callSign}`}>
                      Rota
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </main>
  )
}

/** /admin/teams/new and /admin/teams/:teamId */
export function TeamEditPage (_: { user: User }) {
  const id = useParams().teamId ?? null
  const [team, setTeam] = useState<Team | null>(null)
  const [error, setError] = useState<string | null>(null)
  const created = (useLocation().state as { created?: boolean } | null)?.created === true
  useEffect(() => {
    setTeam(null)
    if (id !== null) {
      getTeam(id)
        .then(setTeam)
        .catch((e: unknown) => setError(e instanceof ApiError && e.status === 404 ? `No team has the id ${id}.` : messageOf(e)))
    }
  }, [id])

  return (
    <main className='admin-main' id='admin-main'>
      <p>
        <Link to='/admin/teams'>← All teams</Link>
      </p>
      <h1>{id === null ? 'New team' : team ? `Team ${team.callSign}` : 'Team'}</h1>
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      {created && team && (
        <p role='status' className='ok'>
          Team {team.callSign} created. It is off shift until a rota or a person starts its shift.
        </p>
      )}
      {id === null && <TeamForm team={null} />}
      {team && <TeamForm key={team.id} team={team} onSaved={setTeam} />}
      {team && <RetireTeam team={team} onChanged={setTeam} />}
    </main>
  )
}

interface Draft {
  callSign: string
  kind: TeamKind
  capabilities: Capability[]
  languages: string
  staffSlots: string[]
  baseName: string
  lat: string
  lon: string
}

const draftOf = (t: Team | null): Draft =>
  t === null
    ? {
        callSign: '',
        kind: 'crisis',
        capabilities: [...KIND_CAPABILITIES.crisis],
        languages: 'en',
        staffSlots: [],
        baseName: '',
        lat: '',
        lon: ''
      }
    : {
        callSign: t.callSign,
        kind: t.kind,
        capabilities: [...t.capabilities],
        languages: t.languages.join(', '),
        staffSlots: [...t.staffSlots],
        baseName: t.base?.name ?? '',
        lat: t.base ? String(t.base.lat) : '',
        lon: t.base ? String(t.base.lon) : ''
      }

const LABELS: Record<string, string> = {
  callSign: 'Call sign',
  kind: 'Kind',
  capabilities: 'Capabilities',
  languages: 'Languages',
  staffSlots: 'Staff slots',
  baseName: 'Base name',
  lat: 'Base latitude',
  lon: 'Base longitude',
  base: 'Base'
}

function check (d: Draft): FieldErrors {
  const e: FieldErrors = {}
  if (!/^[A-Za-z0-9][A-Za-z0-9 _-]*$/.test(d.callSign.trim()) || d.callSign.trim().length > 40) {
    e.callSign = 'is required: letters, digits, spaces, - and _ (at most 40), starting with a letter or digit'
  }
  const langs = d.languages.split(/[\s,]+/).filter(Boolean)
  const bad = langs.find((l) => !/^[a-z]{2,3}$/.test(l))
  if (bad !== undefined) e.languages = `"${bad}" is not a language code: use ISO 639 codes such as en, es, ko`
  if (d.staffSlots.some((s) => s.trim() === '')) e.staffSlots = 'has an empty seat: name it or remove it'
  if (d.lat.trim() !== '' || d.lon.trim() !== '') {
    const lat = parseCoordinate(d.lat, 'lat')
    const lon = parseCoordinate(d.lon, 'lon')
    if (typeof lat === 'string') e.lat = lat
    if (typeof lon === 'string') e.lon = lon
  }
  return e
}

/** Click on the map to put the base there. */
function PickBase ({ onPick }: { onPick: (lat: number, lon: number) => void }) {
  useMapEvents({ click: (e) => onPick(Math.round(e.latlng.lat * 1e5) / 1e5, Math.round(e.latlng.lng * 1e5) / 1e5) })
  return null
}

/** Brings a typed base into view (a picked one is already there). */
function FollowBase ({ point }: { point: [number, number] | null }) {
  const map = useMap()
  useEffect(() => {
    if (point && !map.getBounds().contains(point)) map.setView(point, Math.max(map.getZoom(), 12))
  }, [point?.[0], point?.[1]])
  return null
}

function TeamForm ({ team, onSaved }: { team: Team | null; onSaved?: (t: Team) => void }) {
  const [d, setD] = useState<Draft>(() => draftOf(team))
  const [errors, setErrors] = useState<{ fields: FieldErrors; form: string | null }>({ fields: {}, form: null })
  const [saved, setSaved] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const capsTouched = useRef(team !== null)
  const navigate = useNavigate()
  const set = <K extends keyof Draft>(k: K, v: Draft[K]): void => setD((x) => ({ ...x, [k]: v }))
  // A new team's capabilities follow its kind until someone ticks a box.
  const setKind = (kind: TeamKind): void =>
    setD((x) => ({ ...x, kind, capabilities: capsTouched.current ? x.capabilities : [...KIND_CAPABILITIES[kind]] }))
  const lat = parseCoordinate(d.lat, 'lat')
  const lon = parseCoordinate(d.lon, 'lon')
  const point: [number, number] | null = typeof lat === 'number' && typeof lon === 'number' ? [lat, lon] : null

  const submit = async (): Promise<void> => {
    const local = check(d)
    setSaved(null)
    if (Object.keys(local).length > 0) {
      setErrors({ fields: local, form: null })
      return
    }
    const body = {
      callSign: d.callSign.trim(),
      kind: d.kind,
      capabilities: d.capabilities,
      languages: d.languages.split(/[\s,]+/).filter(Boolean),
      ...(d.staffSlots.length > 0 || team !== null ? { staffSlots: d.staffSlots.map((s) => s.trim()) } : {}),
      ...(point ? { base: { lat: point[0], lon: point[1], ...(d.baseName.trim() ? { name: d.baseName.trim() } : {}) } } : {})
    }
    setBusy(true)
    setErrors({ fields: {}, form: null })
    try {
      if (team === null) {
        const t = await createTeam(body)
        navigate(`/admin/teams/${t.id}`, { state: { created: true } })
      } else {
        const t = await updateTeam(team.id, body)
        setD(draftOf(t))
        setSaved(`Saved ${t.callSign}.`)
        onSaved?.(t)
      }
    } catch (err) {
      const e = sortErrors(err, ['callSign', 'kind', 'capabilities', 'languages', 'staffSlots', 'base'])
      if (e.fields.base) {
        e.fields.lat = e.fields.base
        delete e.fields.base
      }
      setErrors(e)
    } finally {
      setBusy(false)
    }
  }
  const f = errors.fields

  return (
    <form
      noValidate
      className='panel admin-form team-form'
      onSubmit={(e) => {
        e.preventDefault()
        submit().catch(() => {})
      }}
    >
      <ErrorSummary form={errors.form} fields={f} labels={LABELS} />
      {saved && (
        <p role='status' className='ok'>
          {saved}
        </p>
      )}
      <div className='field'>
        <label htmlFor='callSign'>Call sign</label>
        <input
          {...described('callSign', f.callSign)}
          autoComplete='off'
          required
          value={d.callSign}
          onChange={(e) => set('callSign', e.target.value)}
        />
        <FieldError id='callSign' error={f.callSign} />
      </div>
      <div className='field'>
        <label htmlFor='kind'>Kind</label>
        <select {...described('kind', f.kind)} value={d.kind} onChange={(e) => setKind(e.target.value as TeamKind)}>
          {TEAM_KINDS.map((k) => (
            <option key={k} value={k}>
              {label(k)}
            </option>
          ))}
        </select>
        <FieldError id='kind' error={f.kind} />
      </div>
      <fieldset id='capabilities' tabIndex={-1} aria-describedby={f.capabilities ? 'capabilities-error' : undefined}>
        <legend>Capabilities</legend>
        {CAPABILITIES.map((c) => (
          <label key={c} className='choice'>
            <input
              type='checkbox'
              checked={d.capabilities.includes(c)}
              onChange={(e) => {
                capsTouched.current = true
                set('capabilities', e.target.checked ? [...d.capabilities, c] : d.capabilities.filter((x) => x !== c))
              }}
            />
            {label(c)}
          </label>
        ))}
        <FieldError id='capabilities' error={f.capabilities} />
      </fieldset>
      <div className='field'>
        <label htmlFor='languages'>Languages</label>
        <input
          {...described('languages', f.languages, true)}
          autoComplete='off'
          value={d.languages}
          onChange={(e) => set('languages', e.target.value)}
        />
        <p id='languages-hint' className='hint'>
          ISO 639 codes separated by commas, e.g. en, es, ko
        </p>
        <FieldError id='languages' error={f.languages} />
      </div>
      <fieldset
        id='staffSlots'
        tabIndex={-1}
        aria-describedby={['staffSlots-hint', f.staffSlots ? 'staffSlots-error' : ''].join(' ').trim()}
      >
        <legend>Staff slots</legend>
        <p id='staffSlots-hint' className='hint'>
          One line per seat (e.g. clinician, peer).{team === null ? " Left empty, the team gets its kind's usual staffing." : ''}
        </p>
        <ol className='slots'>
          {d.staffSlots.map((s, i) => (
            <li key={i}>
              <label htmlFor={`slot-${i}`} className='sr-only'>
                Seat {i + 1}
              </label>
              <input
                id={`slot-${i}`}
                autoComplete='off'
                value={s}
                aria-invalid={f.staffSlots && s.trim() === '' ? true : undefined}
                onChange={(e) =>
                  set(
                    'staffSlots',
                    d.staffSlots.map((x, j) => (j === i ? e.target.value : x))
                  )}
              />
              <button
                type='button'
                aria-label={`Remove seat ${i + 1}${s ? ` (${s})` : ''}`}
                onClick={() =>
                  set(
                    'staffSlots',
                    d.staffSlots.filter((_, j) => j !== i)
                  )}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
        <button type='button' disabled={d.staffSlots.length >= 12} onClick={() => set('staffSlots', [...d.staffSlots, ''])}>
          Add a seat
        </button>
        <FieldError id='staffSlots' error={f.staffSlots} />
      </fieldset>
      <fieldset>
        <legend>Base</legend>
        <p className='hint' id='base-hint'>
          Click the map to put the base there, or type its coordinates.
        </p>
        <BaseMap className='map base-map' label='Map: click to place the base' testId='base-map' initialZoom={team?.base ? 13 : 10}>
          <PickBase onPick={(la, lo) => setD((x) => ({ ...x, lat: String(la), lon: String(lo) }))} />
          <FollowBase point={point} />
          {point && (
            <CircleMarker center={point} radius={9} pathOptions={{ color: '#000', fillColor: '#f0a500', fillOpacity: 1, weight: 2 }} />
          )}
        </BaseMap>
        <div className='coords'>
          <div className='field'>
            <label htmlFor='baseName'>Base name</label>
            <input
              {...described('baseName', f.baseName)}
              autoComplete='off'
              value={d.baseName}
              onChange={(e) => set('baseName', e.target.value)}
            />
          </div>
          <div className='field'>
            <label htmlFor='lat'>Base latitude</label>
            <input
              {...described('lat', f.lat, true)}
              inputMode='decimal'
              autoComplete='off'
              value={d.lat}
              onChange={(e) => set('lat', e.target.value)}
            />
            <p id='lat-hint' className='hint'>
              e.g. 34.0522
            </p>
            <FieldError id='lat' error={f.lat} />
          </div>
          <div className='field'>
            <label htmlFor='lon'>Base longitude</label>
            <input
              {...described('lon', f.lon, true)}
              inputMode='decimal'
              autoComplete='off'
              value={d.lon}
              onChange={(e) => set('lon', e.target.value)}
            />
            <p id='lon-hint' className='hint'>
              e.g. -118.2437
            </p>
            <FieldError id='lon' error={f.lon} />
          </div>
        </div>
      </fieldset>
      <button type='submit' className='primary' disabled={busy}>
        {busy ? 'Saving…' : team === null ? 'Create team' : 'Save team'}
      </button>
    </form>
  )
}

function RetireTeam ({ team, onChanged }: { team: Team; onChanged: (t: Team) => void }) {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [dialog, ask] = useConfirm()
  const retired = team.retiredAt !== null

  const act = async (): Promise<void> => {
    if (
      !retired &&
      !(await ask({
        title: `Retire ${team.callSign}?`,
        body: <p>The team leaves the roster and is never recommended again. Its calls and history stay. You can reinstate it later.</p>,
        confirm: 'Retire team',
        danger: true
      }))
    ) {
      return
    }
    setBusy(true)
    setError(null)
    try {
      onChanged(retired ? await reinstateTeam(team.id) : await retireTeam(team.id))
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className='panel' aria-labelledby='retire-h'>
      {dialog}
      <h2 id='retire-h'>{retired ? 'Retired' : 'Shifts and retirement'}</h2>
      <p>
        <Link to={`/admin/teams/${team.id}/rota`}>Rota of {team.callSign}</Link> (weekly shifts the server starts and ends).
      </p>
      {retired && <p>Retired on {new Date(team.retiredAt!).toLocaleString()}. Its history is kept.</p>}
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      <button
        type='button'
        className={retired ? undefined : 'danger'}
        disabled={busy}
        onClick={() => {
          act().catch(() => {})
        }}
      >
        {retired ? 'Reinstate team' : 'Retire team'}
      </button>
    </section>
  )
}
