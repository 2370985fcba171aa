// The roster a supervisor works from: every team with its base, capabilities, languages, staff, shift end,
// status (and why it is out of service, until when) and, for the call chosen (/roster?call=<id>), its
// distance and ETA by the ranking's own travel model; filters by kind and capability; shifts, breaks and
// out of service set here with a reason and an expected return.
import { useEffect, useMemo, useState } from 'react'
import { useSearchParams } from 'react-router'
import { ApiError } from '../api/client'
import {
  isStalePosition,
  recommendations,
  setShift,
  setTeamStatus,
  type Call,
  type OutOfServiceCode,
  type Recommendations,
  type Team
} from '../api/resources'
import { ActionDialog } from '../lib/Dialog'
import { age, CAPABILITY_LABELS, OUT_OF_SERVICE_LABELS, shortId, TEAM_KIND_LABELS, TEAM_STATUS_COLOR, words } from '../lib/format'
import { useNow } from '../lib/useNow'
import { languageName } from '../../server/domain/ranking'
import { OUT_OF_SERVICE_CODES } from '../../server/contracts/teams'

const hhmm = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : ''
const BACK_IN: ReadonlyArray<[number, string]> = [
  [15, '15 min'],
  [30, '30 min'],
  [45, '45 min'],
  [60, '1 hour'],
  [90, '1 h 30'],
  [120, '2 hours'],
  [240, '4 hours'],
  [0, 'Not known']
]

function shiftText (t: Team): string {
  if (!t.onShift) return t.nextShiftChange?.kind === 'start' ? `off, starts ${hhmm(t.nextShiftChange.at)}` : 'off'
  const end = t.shiftEndsAt ?? (t.nextShiftChange?.kind === 'end' ? t.nextShiftChange.at : null)
  return end ? `on, until ${hhmm(end)}` : 'on'
}

export function Roster ({
  teams,
  calls = [],
  canEdit,
  canSetStatus = canEdit,
  onChanged
}: {
  teams: Team[]
  calls?: Call[]
  canEdit: boolean
  canSetStatus?: boolean
  onChanged: () => void
}) {
  const [error, setError] = useState<string | null>(null)
  const [params, setParams] = useSearchParams()
  const callId = params.get('call')
  const [recs, setRecs] = useState<Recommendations | null>(null)
  const [kind, setKind] = useState('')
  const [capability, setCapability] = useState('')
  const [onShiftOnly, setOnShiftOnly] = useState(false)
  const [dialog, setDialog] = useState<{ team: Team; mode: 'out' | 'break' | 'back' } | null>(null)
  const now = useNow(10_000)
  const teamsKey = teams.map((t) => `${t.id}:${t.status}`).join(',')
  useEffect(() => {
    if (!callId) {
      setRecs(null)
      return
    }
    let live = true
    recommendations(callId)
      .then((r) => {
        if (live) setRecs(r)
      })
      .catch((err: unknown) => {
        if (live) {
          setRecs(null)
          setError(err instanceof ApiError ? err.message : String(err))
        }
      })
    return () => {
      live = false
    }
  }, [callId, teamsKey])
  const toggle = async (t: Team) => {
    if (t.onShift && !window.confirm(`End ${t.callSign}'s shift? The team leaves the map and gets no more calls.`)) return
    setError(null)
    try {
      await setShift(t.id, !t.onShift)
      onChanged()
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }
  const option = useMemo(() => new Map((recs?.teams ?? []).map((o) => [o.teamId, o])), [recs])
  const stale = (t: Team): boolean => isStalePosition(t.position, now)
  const shown = teams
    .filter(
      (t) =>
        (kind === '' || t.kind === kind) &&
        (capability === '' || (t.capabilities as string[]).includes(capability)) &&
        (!onShiftOnly || t.onShift)
    )
    .sort((a, b) =>
      callId
        ? (option.get(a.id)?.etaMinutes ?? Infinity) - (option.get(b.id)?.etaMinutes ?? Infinity) ||
          a.callSign.localeCompare(b.callSign)
        : a.callSign.localeCompare(b.callSign)
    )
  const chosenCall = calls.find((c) => c.id === callId)
  const setCall = (id: string) => {
    const p = new URLSearchParams(params)
    if (id) p.set('call', id)
    else p.delete('call')
    setParams(p, { replace: true })
  }
  return (
    <section aria-labelledby='roster-h' className='panel roster'>
      <h2 id='roster-h'>Roster and shifts</h2>
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      <div className='roster-filters'>
        <div>
          <label htmlFor='roster-kind'>Kind</label>
          <select id='roster-kind' value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value=''>Every kind</option>
            {Object.entries(TEAM_KIND_LABELS).map(([k, n]) => (
              <option key={k} value={k}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor='roster-cap'>Capability</label>
          <select id='roster-cap' value={capability} onChange={(e) => setCapability(e.target.value)}>
            <option value=''>Any capability</option>
            {Object.entries(CAPABILITY_LABELS).map(([k, n]) => (
              <option key={k} value={k}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor='roster-call'>Distance to call</label>
          <select id='roster-call' value={callId ?? ''} onChange={(e) => setCall(e.target.value)}>
            <option value=''>No call chosen</option>
            {callId && !chosenCall && <option value={callId}>Call #{shortId(callId)}</option>}
            {calls.map((c) => (
              <option key={c.id} value={c.id}>
                #{shortId(c.id)} {c.location.address ?? ''} ({words.callStatus(c.status)})
              </option>
            ))}
          </select>
        </div>
        <label className='choice'>
          <input type='checkbox' checked={onShiftOnly} onChange={(e) => setOnShiftOnly(e.target.checked)} /> On shift only
        </label>
      </div>
      <p className='muted' role='status'>
        {shown.length} of {teams.length} teams{callId ? `, nearest to call #${shortId(callId)} first${recs ? '' : ' (loading…)'}` : ''}
      </p>
      <div className='table-scroll'>
        <table>
          <caption className='sr-only'>Teams{callId ? ` by ETA to call ${shortId(callId)}` : ''}</caption>
          <thead>
            <tr>
              <th scope='col'>Team</th>
              <th scope='col'>Kind</th>
              <th scope='col'>Capabilities</th>
              <th scope='col'>Languages</th>
              <th scope='col'>Staff</th>
              <th scope='col'>Base</th>
              <th scope='col'>Status</th>
              <th scope='col'>Shift</th>
              <th scope='col'>Location age</th>
              {callId && <th scope='col'>To the call</th>}
              {(canEdit || canSetStatus) && <th scope='col'>Actions</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((t) => {
              const o = option.get(t.id)
              const free = t.onShift && (t.status === 'available' || t.status === 'recovering')
              return (
                <tr key={t.id} data-team={t.callSign}>
                  <th scope='row'>{t.callSign}</th>
                  <td>{words.teamKind(t.kind)}</td>
                  <td>{t.capabilities.map((c) => CAPABILITY_LABELS[c]).join(', ')}</td>
                  <td>{t.languages.map(languageName).join(', ')}</td>
                  <td>{t.staffSlots.length > 0 ? t.staffSlots.join(', ') : <span className='muted'>not recorded</span>}</td>
                  <td>{t.base?.name ?? '—'}</td>
                  <td>
                    <span className='dot' style={{ background: TEAM_STATUS_COLOR[t.status] }} /> {words.teamStatus(t.status)}
                    {t.outOfService && (
                      <span className='oos'>
                        {': '}
                        {t.outOfService.code ? OUT_OF_SERVICE_LABELS[t.outOfService.code] : 'no reason given'}
                        {t.outOfService.reason ? ` (${t.outOfService.reason})` : ''}
                        {t.outOfService.expectedBackAt ? `, back about ${hhmm(t.outOfService.expectedBackAt)}` : ''}, since{' '}
                        {hhmm(t.outOfService.since)}
                      </span>
                    )}
                  </td>
                  <td>{shiftText(t)}</td>
                  <td className={stale(t) ? 'stale' : ''}>
                    {t.position ? `${age(t.position.at, now)}${stale(t) ? ' (stale)' : ''}` : '—'}
                  </td>
                  {callId && (
                    <td>
                      {o
                        ? `${o.etaMinutes !== null ? `${o.etaMinutes} min` : 'ETA unknown'}${o.distanceMiles !== null
? ' ' +
                          `· ${o.distanceMiles} mi`
: ''}${o.rank !== null ? ` · #${o.rank} recommended` : ''}`
                        : '—'}
                    </td>
                  )}
                  {(canEdit || canSetStatus) && (
                    <td className='actions'>
                      {canSetStatus && free && (
                        <button type='button' onClick={() => setDialog({ team: t, mode: 'break' })}>
                          Break…
                        </button>
                      )}
                      {canSetStatus && free && (
                        <button type='button' onClick={() => setDialog({ team: t, mode: 'out' })}>
                          Out of service…
                        </button>
                      )}
                      {canSetStatus && t.onShift && t.status === 'out_of_service' && (
                        <button type='button' onClick={() => setDialog({ team: t, mode: 'back' })}>
                          Back in service…
                        </button>
                      )}
                      {canEdit && (
                        <button
                          type='button'
                          disabled={t.onShift && t.status !== 'available' && t.status !== 'out_of_service' && t.status !== 'recovering'}
                          onClick={() => {
                            toggle(t).catch(() => {})
                          }}
                        >
                          {t.onShift ? 'End shift' : 'Start shift'}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      {dialog &&
        (dialog.mode === 'back'
          ? (
            <ActionDialog
              title={`${dialog.team.callSign} back in service`}
              confirm='Back in service'
              onClose={() => setDialog(null)}
              onConfirm={async () => {
                await setTeamStatus(dialog.team.id, { status: 'available' })
                onChanged()
              }}
            >
              <p>{dialog.team.callSign} becomes available and can be recommended again.</p>
            </ActionDialog>
            )
          : (
            <OutOfServiceDialog team={dialog.team} onBreak={dialog.mode === 'break'} onClose={() => setDialog(null)} onDone={onChanged} />
            ))}
      {calls.length === 0 && callId === null && <p className='muted'>Choose a call above to see each team's distance and ETA to it.</p>}
    </section>
  )
}

function OutOfServiceDialog ({
  team,
  onBreak,
  onClose,
  onDone
}: {
  team: Team
  onBreak: boolean
  onClose: () => void
  onDone: () => void
}) {
  const [code, setCode] = useState<OutOfServiceCode>(onBreak ? 'break' : 'vehicle')
  const [reason, setReason] = useState('')
  const [backIn, setBackIn] = useState(onBreak ? 30 : 60)
  const codes = OUT_OF_SERVICE_CODES.filter((c) => (onBreak ? c === 'break' || c === 'meal' : c !== 'break' && c !== 'meal'))
  return (
    <ActionDialog
      title={onBreak ? `${team.callSign} on a break` : `${team.callSign} out of service`}
      confirm={onBreak ? 'Start the break' : 'Put out of service'}
      danger={!onBreak}
      canConfirm={reason.trim().length >= 3}
      onClose={onClose}
      onConfirm={async () => {
        await setTeamStatus(team.id, {
          status: 'out_of_service',
          code,
          reason: reason.trim(),
          ...(backIn > 0 ? { expectedBackAt: new Date(Date.now() + backIn * 60_000).toISOString() } : {})
        })
        onDone()
      }}
    >
      <p className='muted'>{team.callSign} is not recommended for any call until it is back in service.</p>
      <label htmlFor='oos-code'>Kind</label>
      <select id='oos-code' value={code} onChange={(e) => setCode(e.target.value as OutOfServiceCode)}>
        {codes.map((c) => (
          <option key={c} value={c}>
            {OUT_OF_SERVICE_LABELS[c]}
          </option>
        ))}
      </select>
      <label htmlFor='oos-reason'>Reason</label>
      <textarea
        id='oos-reason'
        required
        minLength={3}
        maxLength={500}
        rows={2}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <label htmlFor='oos-back'>Expected back in</label>
      <select id='oos-back' value={backIn} onChange={(e) => setBackIn(Number(e.target.value))}>
        {BACK_IN.map(([m, n]) => (
          <option key={m} value={m}>
            {n}
          </option>
        ))}
      </select>
    </ActionDialog>
  )
}
