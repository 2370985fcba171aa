// The care team's own shift on the phone: a break or out of service with a reason and an expected return
// (and back again), when dispatch last received the phone's position, the "call closed" confirmation, and
// the team's calls of this shift. Changes go through the outbox like every field action.
import { useEffect, useState, type FormEvent } from 'react'
import { DISPOSITIONS } from '../../server/domain/lifecycle'
import { OUT_OF_SERVICE_LABELS } from '../../server/contracts/labels'
import type { OutOfServiceCode } from '../../server/contracts/teams'
import { call } from '../api/client'
import type { Call, Team } from '../api/resources'
import { age, label, time } from '../lib/format'
import { useNow } from '../lib/useNow'
import type { Outbox } from './outbox'

const statusPath = (teamId: string): string => `/api/teams/${teamId}/status`
const RETURN_MINUTES = [15, 30, 45, 60, 90, 120]

/** The team's status as the phone should show it: the last status change still in the outbox, else the server's. */
export function effectiveTeamStatus (
  team: Team,
  outbox: Outbox
): { status: string; pending: boolean; body: Record<string, unknown> | null } {
  const queued = outbox.items.filter((i) => i.path === statusPath(team.id)).at(-1)
  return queued
    ? { status: String(queued.body.status), pending: true, body: queued.body }
    : { status: team.status, pending: false, body: null }
}

/** Break or out of service, and back: for a team on shift with no call. */
export function TeamStatusPanel ({ team, outbox }: { team: Team; outbox: Outbox }) {
  const now = useNow(15_000)
  const [open, setOpen] = useState(false)
  const eff = effectiveTeamStatus(team, outbox)
  if (!team.onShift) {
    return (
      <section className='panel team-status'>
        <p>Off shift. Start the shift from the console or the rota.</p>
      </section>
    )
  }
  const back = () => {
    outbox.add('Back in service', statusPath(team.id), { status: 'available' }).catch(() => {})
  }
  const out = eff.pending ? (eff.body as { code?: OutOfServiceCode; reason?: string; expectedBackAt?: string }) : team.outOfService
  return (
    <section className='panel team-status' aria-labelledby='team-status-h'>
      <h2 id='team-status-h'>
        Team status:{' '}
        {eff.status === 'out_of_service' ? (out?.code ? OUT_OF_SERVICE_LABELS[out.code] : 'Out of service') : label(eff.status)}
        {eff.pending ? ' (not sent yet)' : ''}
      </h2>
      {eff.status === 'out_of_service' && (
        <>
          <p>
            {!eff.pending && `Since ${time(team.statusChangedAt)}. `}
            {out?.reason ? `${out.reason}. ` : ''}
            {out?.expectedBackAt
              ? `Expected back at ${time(out.expectedBackAt)}${Date.parse(out.expectedBackAt) < now
? ` (${age(out.expectedBackAt, now)} ` +
                'ago)'
: ''}.`
              : 'No return time given.'}
          </p>
          <p className='muted'>Dispatch sees this, and no call is offered to the team until it is back.</p>
          <button type='button' className='primary big' onClick={back}>
            Back in service
          </button>
        </>
      )}
      {eff.status === 'recovering' && (
        <button type='button' className='primary big' onClick={back}>
          Ready for calls
        </button>
      )}
      {eff.status === 'available' && !open && (
        <button type='button' onClick={() => setOpen(true)}>
          Take a break or go out of service…
        </button>
      )}
      {eff.status === 'available' && open && (
        <OutOfServiceForm
          onCancel={() => setOpen(false)}
          onSubmit={(body, words) => {
            setOpen(false)
            outbox.add(words, statusPath(team.id), body).catch(() => {})
          }}
        />
      )}
    </section>
  )
}

function OutOfServiceForm ({
  onSubmit,
  onCancel
}: {
  onSubmit: (body: Record<string, unknown>, words: string) => void
  onCancel: () => void
}) {
  const [code, setCode] = useState<OutOfServiceCode>('break')
  const [reason, setReason] = useState('')
  const [minutes, setMinutes] = useState('30')
  const [problem, setProblem] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const words = reason.trim()
    if (words !== '' && words.length < 3) {
      setProblem('Say why in at least 3 characters, or leave it empty.')
      return
    }
    if (code === 'other' && words === '') {
      setProblem('Say why: the reason is "other".')
      return
    }
    setProblem(null)
    const expectedBackAt = minutes ? new Date(Date.now() + Number(minutes) * 60_000).toISOString() : undefined
    onSubmit(
      { status: 'out_of_service', code, ...(words ? { reason: words } : {}), ...(expectedBackAt ? { expectedBackAt } : {}) },
      `Out of service: ${OUT_OF_SERVICE_LABELS[code]}`
    )
  }
  return (
    <form className='oos-form' onSubmit={submit}>
      <label htmlFor='oos-code'>Why</label>
      <select id='oos-code' value={code} onChange={(e) => setCode(e.target.value as OutOfServiceCode)}>
        {(Object.keys(OUT_OF_SERVICE_LABELS) as OutOfServiceCode[]).map((c) => (
          <option key={c} value={c}>
            {OUT_OF_SERVICE_LABELS[c]}
          </option>
        ))}
      </select>
      <label htmlFor='oos-words'>In words{code === 'other' ? ' (required)' : ' (optional)'}</label>
      <input
        id='oos-words'
        value={reason}
        maxLength={500}
        onChange={(e) => setReason(e.target.value)}
        aria-describedby={problem ? 'oos-problem' : undefined}
      />
      <label htmlFor='oos-back'>Back in</label>
      <select id='oos-back' value={minutes} onChange={(e) => setMinutes(e.target.value)}>
        {RETURN_MINUTES.map((m) => (
          <option key={m} value={String(m)}>
            {m} min
          </option>
        ))}
        <option value=''>Not known</option>
      </select>
      {problem && (
        <p id='oos-problem' role='alert' className='error'>
          {problem}
        </p>
      )}
      <div className='row'>
        <button type='submit' className='primary'>
          Go out of service
        </button>
        <button type='button' onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

/** When dispatch last received this phone's (or the team's) position, and whether a newer one waits. */
export function PositionAge ({ team, outbox }: { team: Team; outbox: Outbox }) {
  const now = useNow(1000)
  const waiting = outbox.items.some((i) => i.path === `/api/teams/${team.id}/position`)
  const p = team.position
  return (
    <p className='position-age' aria-live='off'>
      {p ? `Position sent ${Math.max(0, Math.round((now - Date.parse(p.at)) / 1000))} s ago (${time(p.at)})` : 'No position sent yet'}
      {waiting ? ' · a newer one is waiting to be sent' : ''}
    </p>
  )
}

export interface Closing {
  callId: string
  address: string
  disposition: string
  teamStatus: string
  at: string
}

/** "Call closed", once the server has taken the close (it left the outbox without being refused). */
export function ClosedConfirmation ({ closing, outbox, onDismiss }: { closing: Closing; outbox: Outbox; onDismiss: () => void }) {
  const path = `/api/calls/${closing.callId}/close`
  if (outbox.items.some((i) => i.path === path)) {
    return (
      <p role='status' className='closing'>
        Closing the call at {closing.address}: not sent yet. It is sent when the connection returns.
      </p>
    )
  }
  if (outbox.rejected.some((r) => r.item.path === path)) return null
  return (
    <section role='status' className='panel call-closed' aria-label='Call closed'>
      <h2>Call closed</h2>
      <p>
        {closing.address}: {DISPOSITIONS[closing.disposition as keyof typeof DISPOSITIONS] ?? label(closing.disposition)}, at{' '}
        {time(closing.at)}. The team is {closing.teamStatus === 'recovering' ? 'recovering' : 'available'}.
      </p>
      <button type='button' onClick={onDismiss}>
        OK
      </button>
    </section>
  )
}

/** The team's calls since the shift started (newest first), refetched when `version` changes. */
export function ShiftCalls ({ team, version }: { team: Team; version: string }) {
  // 'loading' holds the section's place (what is below it does not move when the list comes); 'unavailable': the first
  // answer failed (no connection), and the section is left out. A later failure keeps the list last shown.
  const [calls, setCalls] = useState<Call[] | 'loading' | 'unavailable'>('loading')
  const from = team.shiftStartedAt ?? new Date(Date.now() - 12 * 3_600_000).toISOString()
  useEffect(() => {
    call('GET /api/calls', { query: { teamId: team.id, from, limit: 50 } }).then(
      (r) => setCalls(r.items),
      () => setCalls((c) => (c === 'loading' ? 'unavailable' : c))
    )
  }, [team.id, from, version])
  if (calls === 'unavailable') return null
  return (
    <section className='panel shift-calls' aria-labelledby='shift-calls-h'>
      <h2 id='shift-calls-h'>This shift's calls{calls === 'loading' ? '' : ` (${calls.length})`}</h2>
      {calls === 'loading' && <p className='muted'>Loading…</p>}
      {calls !== 'loading' &&
        (calls.length === 0
          ? (
            <p className='muted'>None yet.</p>
            )
          : (
            <ul>
              {calls.map((c) => (
                <li key={c.id}>
                  <span className='muted'>{time(c.receivedAt)}</span>{' '}
                  {c.location.address ?? `${c.location.lat.toFixed(4)}, ${c.location.lon.toFixed(4)}`}: <strong>{label(c.status)}</strong>
                  {c.disposition ? ` · ${DISPOSITIONS[c.disposition] ?? label(c.disposition)}` : ''}
                </li>
              ))}
            </ul>
            ))}
    </section>
  )
}
