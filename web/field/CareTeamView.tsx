// The care team's phone view: current assignment with map and directions, legal status buttons, backup,
// disposition, location sharing, and the offline outbox made visible.
import { useEffect, useMemo, useReducer, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { DISPOSITIONS, nextFieldStatuses } from '../../server/domain/lifecycle'
import type { CallStatus } from '../../server/domain/types'
import { callDetail, team as fetchTeam, type CallDetail, type Team, type User } from '../api/resources'
import { CATEGORY_LABEL, label, PRIORITY_LABEL, time } from '../lib/format'
import { parseCoordinate, parsePair } from '../lib/coords'
import { ErrorBoundary } from '../lib/ErrorBoundary'
import { latestOnly } from '../lib/latest'
import { useNow } from '../lib/useNow'
import { LazyLiveMap } from '../map/LazyLiveMap'
import { useConnectionState, useLiveEvents, useLivePositions } from '../realtime/useLiveEvents'
import { useOutbox } from './useOutbox'
import { lastKnown, saveLastKnown } from './lastKnown'
import { CheckInPrompt, SosPanel } from './SafetyControls'
import { ClosedConfirmation, PositionAge, ShiftCalls, TeamStatusPanel, type Closing } from './ShiftControls'
import { isNetworkError } from '../api/client'
import { useProtocol, type Question } from '../dispatch/questions'
import { LocationFacts } from '../dispatch/LocationFacts'
import { Destinations } from '../facilities/Destinations'
import { HandoffPanel } from '../facilities/HandoffPanel'

const PLACE_LABEL: Record<string, string> = {
  home: 'at home',
  street: 'on the street',
  school: 'at school',
  business: 'at a business',
  park: 'at a park',
  other: ''
}

/** A young person's call: the age and place, and the guardian's number to call. */
function YoungPerson ({ call }: { call: CallDetail }) {
  const youth = call.triage.needs?.includes('youth') === true
  if (!youth && call.personAge === null && call.guardianCallback === null) return null
  const place = call.placeKind ? PLACE_LABEL[call.placeKind] : ''
  return (
    <div className='young-person' data-testid='young-person'>
      {youth && <p className='youth-label'>YOUNG PERSON</p>}
      {call.personAge !== null && (
        <p>
          Age: about <strong>{call.personAge}</strong>
          {place ? ` · ${place}` : ''}
        </p>
      )}
      {call.personAge === null && place && <p>Place: {place}</p>}
      {call.guardianCallback ? (
        <p className='callback'>
          Guardian: <a href={`tel:${call.guardianCallback.replace(/[^\d+]/g, '')}`}>{call.guardianCallback}</a>
        </p>
      ) : (
        youth && <p className='muted'>No guardian's number on the call: ask the caller or school staff.</p>
      )}
    </div>
  )
}

/** The hand-off steps the protocol gives for this call (youth calls: guardian, school staff, follow-up). */
function Handoff ({ steps }: { steps: ReadonlyArray<{ id: string; title: string; text: string }> }) {
  if (steps.length === 0) return null
  return (
    <section className='panel handoff' aria-labelledby='handoff-h'>
      <h2 id='handoff-h'>Before you leave: hand-off</h2>
      <ol>
        {steps.map((s) => (
          <li key={s.id}>
            <strong>{s.title}.</strong> {s.text}
          </li>
        ))}
      </ol>
    </section>
  )
}

const STATUS_BUTTON: Record<string, string> = {
  acknowledged: 'Acknowledge',
  en_route: 'En route',
  on_scene: 'On scene',
  transporting: 'Transporting (destination not listed)',
  at_facility: 'At facility'
}

/** The team and its call as the server last confirmed them, and whether that confirmation is current. */
interface FieldState {
  team: Team | null
  call: CallDetail | null
  /** Set when the server cannot be reached: when it last confirmed what is shown ('' if never on this phone). */
  staleSince: string | null
  error: string | null
}
type FieldStateAction =
  | { type: 'confirmed'; team: Team; call: CallDetail | null }
  | { type: 'unreachable'; savedAt: string }
  | { type: 'failed'; error: string }
  | { type: 'position'; teamId: string; lat: number; lon: number; at: string }

function assignmentReducer (a: FieldState, action: FieldStateAction): FieldState {
  switch (action.type) {
    case 'confirmed':
      return { team: action.team, call: action.call, staleSince: null, error: null }
    case 'unreachable':
      return { ...a, staleSince: action.savedAt }
    case 'failed':
      return { ...a, error: action.error }
    case 'position': {
      const t = a.team
      // a batch older than the position held (a slow message after a newer answer) does not move the team back
      if (t === null || t.id !== action.teamId || (t.position !== null && Date.parse(action.at) < Date.parse(t.position.at))) return a
      return { ...a, team: { ...t, position: { lat: action.lat, lon: action.lon, at: action.at, ageSeconds: 0, stale: false } } }
    }
  }
}

export function CareTeamView ({ user, onSignOut }: { user: User; onSignOut: () => void }) {
  // Start from what this phone last saw, so a reload with no connection still shows the assignment.
  const [saved] = useState(() => lastKnown(user.id))
  const [{ team, call, staleSince, error }, dispatch] = useReducer(assignmentReducer, saved, (s): FieldState => ({
    team: s?.team ?? null,
    call: s?.call ?? null,
    staleSince: null,
    error: null
  }))
  const [online, setOnline] = useState(() => navigator.onLine)
  const conn = useConnectionState()
  const { outbox } = useOutbox(user.id)
  // the phone's latest fix, sent with an emergency when it is recent
  const fix = useRef<{ lat: number; lon: number; at: number } | null>(null)
  const lastFix = () => (fix.current && Date.now() - fix.current.at < 120_000 ? fix.current : null)
  // the call this phone closed, confirmed once the server has taken it
  const [closing, setClosing] = useState<Closing | null>(null)
  const newCallId = call && closing && call.id !== closing.callId ? call.id : null
  useEffect(() => {
    if (newCallId) setClosing(null)
  }, [newCallId])
  // the close form's answers outlive the form: it is drawn again when a status change is confirmed
  const [draft, setDraft] = useState<CloseDraft | null>(null)
  const draftFor = (callId: string): CloseDraft =>
    draft?.callId === callId ? draft : { callId, disposition: '', notes: '', teamStatus: 'available' }

  // Events come in bursts and each one refetches; the newest refetch started wins, and team and call
  // are applied together, so an older, slower answer never shows a stale (or no) assignment.
  const load = useMemo(
    () =>
      latestOnly(
        async () => {
          if (!user.teamId) return null
          const t = await fetchTeam(user.teamId)
          return { t, c: t.currentCallId ? await callDetail(t.currentCallId) : null }
        },
        (r) => {
          if (!r) return
          dispatch({ type: 'confirmed', team: r.t, call: r.c })
          saveLastKnown(user.id, r.t, r.c)
        }
      ),
    [user.id, user.teamId]
  )
  useEffect(() => {
    load().catch((e: unknown) => {
      // no connection: keep showing the saved assignment, marked with when it was last confirmed
      if (isNetworkError(e)) dispatch({ type: 'unreachable', savedAt: lastKnown(user.id)?.savedAt ?? '' })
      else dispatch({ type: 'failed', error: String(e instanceof Error ? e.message : e) })
    })
  }, [load, user.id])
  useEffect(() => {
    const on = () => {
      setOnline(true)
      load().catch(() => {})
    }
    const off = () => setOnline(false)
    window.addEventListener('online', on)
    window.addEventListener('offline', off)
    return () => {
      window.removeEventListener('online', on)
      window.removeEventListener('offline', off)
    }
  }, [load])
  useLiveEvents(
    ['call.', 'team.'],
    (e) => {
      if (e.teamId === user.teamId || (call && e.callId === call.id)) load().catch(() => {})
    },
    () => {
      load().catch(() => {})
    }
  )
  // the team's own position as dispatch has it (what "Position sent … ago" reads), from the batched positions
  useLivePositions((m) => {
    const mine = m.teams.find((p) => p.teamId === user.teamId)
    if (!mine) return
    dispatch({ type: 'position', teamId: mine.teamId, lat: mine.lat, lon: mine.lon, at: mine.at })
  })

  if (!user.teamId) {
    return (
      <main className='center'>
        <p>This account is not bound to a team. Ask a supervisor.</p>
        <button type='button' onClick={onSignOut}>
          Sign out
        </button>
      </main>
    )
  }

  // What the responder already did offline counts: the next buttons follow the last queued status.
  const pending = outbox.items.filter((i) => call && i.path === `/api/calls/${call.id}/status`)
  const closedPending = outbox.items.some((i) => call && i.path === `/api/calls/${call.id}/close`)
  const effective = (pending.length ? String(pending[pending.length - 1].body.status) : call?.status) as CallStatus | undefined
  const next = effective && !closedPending ? nextFieldStatuses(effective) : []
  const canClose = next.includes('closed')
  const backupPending = outbox.items.some((i) => call && i.path === `/api/calls/${call.id}/backup`)
  const declinePending = outbox.items.some((i) => call && i.path === `/api/calls/${call.id}/decline`)
  const canDecline = !declinePending && (effective === 'assigned' || effective === 'acknowledged')

  const ackBy = call?.assignments.find((a) => a.teamId === user.teamId && a.endedAt === null)?.ackDeadline ?? null
  const status = (s: string) => {
    if (call) outbox.add(STATUS_BUTTON[s] ?? s, `/api/calls/${call.id}/status`, { status: s }).catch(() => {})
  }
  // The first answer is still on its way (nothing saved on this phone yet): the assignment's place says so, rather than
  // "no assignment", and the screen is drawn once the answer comes instead of growing and moving piece by piece.
  const firstLoad = team === null && call === null && staleSince === null && error === null

  return (
    <div className='field'>
      <header className='topbar field-bar'>
        <strong>{team?.callSign ?? 'Care team'}</strong>
        <span className={`conn ${online && conn === 'live' ? 'live' : 'offline'}`} role='status'>
          {!online ? 'OFFLINE' : conn === 'live' ? '● live' : '○ reconnecting'}
        </span>
        <button type='button' onClick={onSignOut}>
          Sign out
        </button>
      </header>
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      {staleSince !== null && (
        <p role='status' className='stale-note'>
          {staleSince
            ? `No connection: this is the assignment as this phone last saw it, at ${time(staleSince)}. What you do is queued and sent ` +
              'in order when the connection returns.'
            : 'No connection, and no assignment saved on this phone yet. Use the radio or call dispatch.'}
        </p>
      )}

      {/* the emergency button needs only the team's id, which the session has: it is there from the first paint */}
      <SosPanel teamId={user.teamId} outbox={outbox} lastFix={lastFix} />

      {(outbox.items.length > 0 || outbox.rejected.length > 0) && (
        <section className='outbox' aria-labelledby='outbox-h' role='status'>
          <h2 id='outbox-h'>Not sent yet ({outbox.items.length})</h2>
          <ul>
            {outbox.items.map((i) => (
              <li key={i.id}>
                {i.label} <span className='muted'>at {time(i.deviceTime)}</span>
              </li>
            ))}
          </ul>
          {outbox.items.length > 0 && <p className='muted'>Will send automatically, in order, when the connection returns.</p>}
          {outbox.rejected.length > 0 && (
            <>
              <p className='error'>Refused by the server:</p>
              <ul>
                {outbox.rejected.map((r) => (
                  <li key={r.item.id}>
                    {r.item.label}: {r.message}
                  </li>
                ))}
              </ul>
              <button type='button' onClick={() => outbox.dismissRejected()}>
                OK
              </button>
            </>
          )}
        </section>
      )}

      {closing && <ClosedConfirmation closing={closing} outbox={outbox} onDismiss={() => setClosing(null)} />}

      {firstLoad && (
        <main className='assignment'>
          <p role='status' className='muted'>
            Loading the assignment…
          </p>
        </main>
      )}
      {!firstLoad &&
        (call
          ? (
            <main className='assignment'>
              <section className={`assign-head ${call.status === 'assigned' ? 'new' : ''}`}>
                {call.status === 'assigned' && <p className='new-label'>NEW ASSIGNMENT</p>}
                {call.status === 'assigned' && ackBy && <AckDeadline at={ackBy} />}
                <h1>
                  <span className={`prio p${call.triage.priority}`}>P{call.triage.priority}</span> {CATEGORY_LABEL[call.triage.category]}
                </h1>
                <p className='status-line'>
                  Status: <strong>{label(effective)}</strong>
                  {pending.length ? ' (not sent yet)' : ''}
                </p>
                <p className='addr'>
                  {call.location.address ?? `${call.location.lat.toFixed(5)}, ${call.location.lon.toFixed(5)}`}
                  {call.location.area ? ` · ${call.location.area}` : ''}
                </p>
                <LocationFacts location={call.location} compact />
                {call.callback && (
                  <p className='callback'>
                    Caller: <a href={`tel:${call.callback.replace(/[^\d+]/g, '')}`}>{call.callback}</a>
                    {call.callerName ? ` (${call.callerName})` : ''}
                    {call.language && call.language !== 'en' ? ` · speaks ${languageName(call.language)}` : ''}
                  </p>
                )}
                <YoungPerson call={call} />
                <p className='directions'>
                  <a
                    href={`https://www.google.com/maps/dir/?api=1&destination=${call.location.lat},${call.location.lon}`}
                    target='_blank'
                    rel='noreferrer'
                  >
                    Directions (Google Maps)
                  </a>
                  {' · '}
                  <a href={`geo:${call.location.lat},${call.location.lon}?q=${call.location.lat},${call.location.lon}`}>
                    Open in maps app
                  </a>
                </p>
              </section>

              <div className='status-buttons'>
                {!declinePending &&
                next
                  .filter((s) => s !== 'closed')
                  .map((s) => (
                    <button key={s} type='button' className='primary big' onClick={() => status(s)}>
                      {STATUS_BUTTON[s]}
                    </button>
                  ))}
                {declinePending && <p className='muted'>Declined (not sent yet): the call goes back to the queue.</p>}
              </div>
              {!declinePending && next.includes('transporting') && (
                <Destinations
                  idPrefix='dest'
                  category={call.triage.category}
                  near={call.location}
                  onChoose={(f) => {
                    outbox
                      .add(`Transporting to ${f.name}`, `/api/calls/${call.id}/status`, { status: 'transporting', facilityId: f.id })
                      .catch(() => {})
                  }}
                />
              )}
              {(effective === 'transporting' || effective === 'at_facility') && (
                <HandoffPanel callId={call.id} atFacility={effective === 'at_facility'} outbox={outbox} />
              )}
              <CheckInPrompt callId={call.id} callStatus={effective ?? call.status} outbox={outbox} />
              {canDecline && (
                <DeclineButton
                  onDecline={(reason) => {
                    outbox.add(`Decline: ${reason}`, `/api/calls/${call.id}/decline`, { reason }).catch(() => {})
                  }}
                />
              )}

              <ErrorBoundary what='map'>
                <LazyLiveMap
                  className='map field-map'
                  calls={[call]}
                  teams={team ? [team] : []}
                  focus={{ lat: call.location.lat, lon: call.location.lon, zoom: 14 }}
                  initialZoom={13}
                />
              </ErrorBoundary>

              <Handoff steps={call.triage.handoff ?? []} />

              <section className='panel'>
                <h2>Narrative</h2>
                <p className='narrative'>{call.narrative ?? '—'}</p>
                <h2>Safety notes</h2>
                <p>
                  {label(call.triage.response)} · {PRIORITY_LABEL[call.triage.priority]}
                  {call.language && call.language !== 'en' ? ` · caller speaks ${languageName(call.language)}` : ''}
                </p>
                <Screening answers={call.answers} />
                <details>
                  <summary>Why triage sent a care team ({call.triage.reasons.length} reasons)</summary>
                  <ul className='reasons'>
                    {call.triage.reasons.map((r, i) => (
                      <li key={i}>{r}</li>
                    ))}
                  </ul>
                </details>
              </section>

              {canClose && (
                <DispositionForm
                  draft={draftFor(call.id)}
                  onChange={setDraft}
                  onSubmit={(body) => {
                    setClosing({
                      callId: call.id,
                      address: call.location.address ?? `${call.location.lat.toFixed(5)}, ${call.location.lon.toFixed(5)}`,
                      disposition: String(body.disposition),
                      teamStatus: String(body.teamStatus),
                      at: new Date().toISOString()
                    })
                    outbox.add(`Close: ${label(String(body.disposition))}`, `/api/calls/${call.id}/close`, body).catch(() => {})
                  }}
                />
              )}

              <BackupButton
                pending={backupPending}
                onRequest={(need) => {
                  outbox
                    .add(`Backup: ${label(need)}`, `/api/calls/${call.id}/backup`, {
                      need,
                      reason: `Field team requests ${label(need)} backup`
                    })
                    .catch(() => {})
                }}
              />
            </main>
            )
          : (
            <main className='assignment idle'>
              <h1>No current assignment</h1>
              {team ? (
                <TeamStatusPanel team={team} outbox={outbox} />
              ) : (
                <p>
                  Team status: <strong>unknown</strong>
                </p>
              )}
              <p className='muted'>New assignments appear here automatically.</p>
            </main>
            ))}

      {team && <ShiftCalls team={team} version={`${team.version}:${call?.status ?? ''}:${outbox.items.length}`} />}

      {team && (
        <LocationShare
          teamId={team.id}
          age={<PositionAge team={team} outbox={outbox} />}
          onSend={(lat, lon, accuracy) => {
            fix.current = { lat, lon, at: Date.now() }
            outbox
              .add(
                'Location',
                `/api/teams/${team.id}/position`,
                { lat, lon, ...(accuracy !== undefined ? { accuracyMeters: Math.min(accuracy, 100000) } : {}) },
                'position'
              )
              .catch(() => {})
          }}
        />
      )}
    </div>
  )
}

export function BackupButton ({ pending, onRequest }: { pending: boolean; onRequest: (need: 'care_team' | 'ems' | 'police') => void }) {
  const [open, setOpen] = useState(false)
  return (
    <div className='backup-bar'>
      {open ? (
        <div className='backup-choices' role='group' aria-label='Backup needed'>
          <button
            type='button'
            className='danger'
            onClick={() => {
              onRequest('police')
              setOpen(false)
            }}
          >
            Police
          </button>
          <button
            type='button'
            className='danger'
            onClick={() => {
              onRequest('ems')
              setOpen(false)
            }}
          >
            EMS
          </button>
          <button
            type='button'
            className='danger'
            onClick={() => {
              onRequest('care_team')
              setOpen(false)
            }}
          >
            Care team
          </button>
          <button type='button' onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type='button' className='danger backup' onClick={() => setOpen(true)}>
          {pending ? 'BACKUP REQUESTED (not sent yet)' : 'REQUEST BACKUP'}
        </button>
      )}
      {/* the outbox will send it when the connection returns; someone in danger cannot wait for that */}
      {pending && !open && (
        <p role='alert' className='backup-unsent'>
          Not sent: no connection. If you need help now, use the radio or call dispatch.
        </p>
      )}
    </div>
  )
}

const DECLINE_REASONS = [
  'Vehicle or equipment problem',
  'Team not safe or not equipped for this call',
  'Already committed elsewhere',
  'Other: dispatcher to call the team'
]

function DeclineButton ({ onDecline }: { onDecline: (reason: string) => void }) {
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState(DECLINE_REASONS[0])
  if (!open) {
    return (
      <button type='button' className='decline' onClick={() => setOpen(true)}>
        Decline this assignment…
      </button>
    )
  }
  return (
    <form
      className='panel decline-form'
      onSubmit={(e) => {
        e.preventDefault()
        onDecline(reason)
        setOpen(false)
      }}
    >
      <label htmlFor='decline-reason'>Why decline?</label>
      <select id='decline-reason' value={reason} onChange={(e) => setReason(e.target.value)}>
        {DECLINE_REASONS.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <button type='submit'>Decline</button>
      <button type='button' onClick={() => setOpen(false)}>
        Keep the assignment
      </button>
    </form>
  )
}

/** What the responder has filled in so far; kept by the screen, so the form keeps it if it is drawn again. */
export interface CloseDraft {
  callId: string
  disposition: string
  notes: string
  teamStatus: string
}

function DispositionForm ({
  draft,
  onChange,
  onSubmit
}: {
  draft: CloseDraft
  onChange: (d: CloseDraft) => void
  onSubmit: (body: Record<string, unknown>) => void
}) {
  const { disposition, notes, teamStatus } = draft
  const setDisposition = (v: string) => onChange({ ...draft, disposition: v })
  const setNotes = (v: string) => onChange({ ...draft, notes: v })
  const setTeamStatus = (v: string) => onChange({ ...draft, teamStatus: v })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onSubmit({ disposition, ...(notes ? { notes } : {}), teamStatus })
  }
  return (
    <form className='panel disposition' onSubmit={submit}>
      <h2>Close the call</h2>
      <label htmlFor='disposition'>Disposition</label>
      <select id='disposition' required value={disposition} onChange={(e) => setDisposition(e.target.value)}>
        <option value=''>Choose…</option>
        {Object.entries(DISPOSITIONS).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
      <label htmlFor='notes'>Notes</label>
      <textarea id='notes' rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
      <fieldset>
        <legend>Team after this call</legend>
        <label className='choice'>
          <input type='radio' name='teamStatus' checked={teamStatus === 'available'} onChange={() => setTeamStatus('available')} />{' '}
          Available
        </label>
        <label className='choice'>
          <input type='radio' name='teamStatus' checked={teamStatus === 'recovering'} onChange={() => setTeamStatus('recovering')} />{' '}
          Recovering (decompress)
        </label>
      </fieldset>
      <button type='submit' className='primary big'>
        Close call
      </button>
    </form>
  )
}

function LocationShare ({
  teamId,
  age,
  onSend
}: {
  teamId: string
  age?: ReactNode
  onSend: (lat: number, lon: number, accuracy?: number) => void
}) {
  const [sharing, setSharing] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [lat, setLat] = useState('')
  const [lon, setLon] = useState('')
  const last = useRef(0)
  const send = useRef(onSend)
  send.current = onSend
  useEffect(() => {
    if (!sharing) return
    if (!('geolocation' in navigator)) {
      setProblem('This browser cannot share location: enter it below.')
      setSharing(false)
      return
    }
    const id = navigator.geolocation.watchPosition(
      (p) => {
        setProblem(null)
        if (Date.now() - last.current < 15_000) return
        last.current = Date.now()
        send.current(p.coords.latitude, p.coords.longitude, p.coords.accuracy)
      },
      (err) => {
        setProblem(`Location unavailable (${err.message || 'denied'}): enter it below.`)
        // Permission refused: sharing is off, and the box must say so. A lost fix (no signal) keeps trying.
        if (err.code === err.PERMISSION_DENIED) setSharing(false)
      },
      { enableHighAccuracy: true, maximumAge: 10_000 }
    )
    return () => navigator.geolocation.clearWatch(id)
  }, [sharing, teamId])
  const [typedError, setTypedError] = useState<string | null>(null)
  const manual = (e: FormEvent) => {
    e.preventDefault()
    const pair = parsePair(lat)
    const a = pair ? pair.lat : parseCoordinate(lat, 'lat')
    const b = pair ? pair.lon : parseCoordinate(lon, 'lon')
    if (typeof a === 'string' || typeof b === 'string') {
      setTypedError(typeof a === 'string' ? a : (b as string))
      return
    }
    setTypedError(null)
    onSend(a, b)
  }
  return (
    <section className='panel location' aria-labelledby='loc-h'>
      <h2 id='loc-h'>My location</h2>
      {age}
      <label className='choice'>
        <input type='checkbox' checked={sharing} onChange={(e) => setSharing(e.target.checked)} /> Share location from this phone
      </label>
      {problem && (
        <p role='alert' className='error'>
          {problem}
        </p>
      )}
      <form onSubmit={manual} className='row'>
        <div>
          <label htmlFor='mlat'>Latitude</label>
          <input id='mlat' inputMode='decimal' value={lat} onChange={(e) => setLat(e.target.value)} />
        </div>
        <div>
          <label htmlFor='mlon'>Longitude</label>
          <input id='mlon' inputMode='decimal' value={lon} onChange={(e) => setLon(e.target.value)} />
        </div>
        <button type='submit'>Send location</button>
      </form>
      {typedError && (
        <p role='alert' className='error'>
          {typedError}
        </p>
      )}
    </section>
  )
}

/** Time left to acknowledge before the assignment goes back to the queue. */
function AckDeadline ({ at }: { at: string }) {
  const now = useNow(1000)
  const left = Math.round((Date.parse(at) - now) / 1000)
  return (
    <p className={`ack-deadline ${left <= 30 ? 'urgent' : ''}`} role='timer' aria-live='off'>
      {left > 0
        ? `Acknowledge within ${left >= 60 ? `${Math.floor(left / 60)} min ${String(left % 60).padStart(2, '0')} s` : `${left} s`}, or ` +
          'the call goes back to the queue'
        : 'Acknowledgement time is up: the call may have gone back to the queue'}
    </p>
  )
}

function languageName (code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code
  } catch {
    return code
  }
}

/** What the caller said to the safety questions: concerns first and loud, then what was ruled out, then what nobody asked. */
export function Screening ({ answers, questions }: { answers: Record<string, string>; questions?: readonly Question[] }) {
  const asked = useProtocol(0)
  const QUESTIONS = questions ?? asked.protocol?.questions ?? []
  if (QUESTIONS.length === 0) {
    // the protocol's wording never reached this phone: the answers as recorded, concerns unmarked
    const given = Object.entries(answers).filter(([, a]) => a !== 'unknown')
    return (
      <div className='screening'>
        <p>
          <strong>Screening answers:</strong> {given.length > 0 ? given.map(([q, a]) => `${q}: ${a}`).join(', ') : 'none recorded'}
        </p>
      </div>
    )
  }
  const concern = QUESTIONS.filter((q) => answers[q.id] !== undefined && answers[q.id] !== 'unknown' && answers[q.id] !== q.safeAnswer)
  const safe = QUESTIONS.filter((q) => answers[q.id] === q.safeAnswer)
  const unknown = QUESTIONS.filter((q) => answers[q.id] === undefined || answers[q.id] === 'unknown')
  return (
    <div className='screening'>
      {concern.length > 0 && (
        <p className='concern'>
          <strong>Concerns:</strong> {concern.map((q) => (q.safeAnswer === 'yes' ? `${q.label}: NO` : q.label)).join(', ')}
        </p>
      )}
      {safe.length > 0 && (
        <p>
          <strong>Ruled out:</strong> {safe.map((q) => (q.safeAnswer === 'yes' ? `${q.label} normal` : `no ${q.label}`)).join(', ')}
        </p>
      )}
      {unknown.length > 0 && (
        <p className='muted'>
          <strong>Not asked or unknown:</strong> {unknown.map((q) => q.label).join(', ')}
        </p>
      )}
    </div>
  )
}
