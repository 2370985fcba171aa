// The phone at the facility's door: where the team took the person, and what happened there (accepted, or turned away
// with a reason from a fixed list), sent through the outbox. Shows what was recorded once the server has it.
import { useEffect, useMemo, useState, type FormEvent } from 'react'
import { TURN_AWAY_LABELS } from '../../server/contracts/labels'
import { TURN_AWAY_REASONS, type TurnAwayReason } from '../../server/domain/destinations'
import { handoffPath, transportsOf, type Transport } from '../api/facilities'
import { latestOnly } from '../lib/latest'
import { useLiveEvents } from '../realtime/useLiveEvents'
import type { Outbox } from '../field/outbox'

export function HandoffPanel ({ callId, atFacility, outbox }: { callId: string; atFacility: boolean; outbox: Outbox }) {
  const [transports, setTransports] = useState<Transport[] | null>(null)
  const [turningAway, setTurningAway] = useState(false)
  const [reason, setReason] = useState<TurnAwayReason>('no_capacity')
  const load = useMemo(() => latestOnly(async () => await transportsOf(callId), setTransports), [callId])
  useEffect(() => {
    load().catch(() => {})
  }, [load])
  useLiveEvents(
    ['call.'],
    (e) => {
      if (e.callId === callId) load().catch(() => {})
    },
    () => {
      load().catch(() => {})
    }
  )

  const last = transports?.at(-1) ?? null
  const queued = outbox.items.find((i) => i.path === handoffPath(callId))
  const queuedGo = [...outbox.items].reverse().find((i) => i.path === `/api/calls/${callId}/status` && i.body.status === 'transporting')
  const name = last?.facilityName ?? (queuedGo ? queuedGo.label.replace(/^Transporting to /, '') : null)
  if (!name) return null

  const send = (body: { accepted: boolean; reason?: TurnAwayReason }) => {
    outbox
      .add(
        body.accepted ? `Accepted at ${name}` : `Turned away at ${name}: ${TURN_AWAY_LABELS[body.reason!]}`,
        handoffPath(callId),
        body
      )
      .catch(() => {})
    setTurningAway(false)
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    send({ accepted: false, reason })
  }

  return (
    <section className='panel handoff-door' aria-labelledby='door-h'>
      <h2 id='door-h'>Destination: {name}</h2>
      {last?.handoffAt ? (
        <p role='status' className={last.accepted ? 'ok' : 'concern'}>
          {last.accepted ? `Accepted at ${name}.` : `Turned away at ${name}: ${TURN_AWAY_LABELS[last.reason!]}.`}
        </p>
      ) : queued
        ? (
          <p role='status'>{queued.label} (not sent yet)</p>
          )
        : !atFacility
            ? (
              <p className='muted'>On arrival, press At facility, then record whether the person was accepted.</p>
              )
            : turningAway
              ? (
                <form onSubmit={submit}>
                  <label htmlFor='turn-away-reason'>Why were they turned away?</label>
                  <select id='turn-away-reason' value={reason} onChange={(e) => setReason(e.target.value as TurnAwayReason)}>
                    {TURN_AWAY_REASONS.map((r) => (
                      <option key={r} value={r}>
                        {TURN_AWAY_LABELS[r]}
                      </option>
                    ))}
                  </select>
                  <button type='submit' className='danger'>
                    Record turn-away
                  </button>
                  <button type='button' onClick={() => setTurningAway(false)}>
                    Back
                  </button>
                </form>
                )
              : (
                <div className='row' role='group' aria-label='At the door'>
                  <button type='button' className='primary big' onClick={() => send({ accepted: true })}>
                    Accepted
                  </button>
                  <button type='button' className='big' onClick={() => setTurningAway(true)}>
                    Turned away…
                  </button>
                </div>
                )}
    </section>
  )
}
