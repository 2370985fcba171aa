// Alerts: backup requests, stale team locations and overdue calls from state; unacknowledged and declined assignments from the stream.
import { useState } from 'react'
import { isStalePosition, type Call, type QueueEntry, type Team } from '../api/resources'
import { age, shortId } from '../lib/format'
import { useNow } from '../lib/useNow'
import type { Alert } from './useDispatchData'

/** Up to this many stale teams are listed one by one; more become one alert that opens to the list. */
export const STALE_SHOWN_SINGLY = 3

const oldest = (teams: Team[]): string => teams.map((t) => t.position!.at).sort()[0]

export function Alerts ({
  events,
  queue,
  calls,
  teams,
  onSelect,
  onDismiss
}: {
  events: Alert[]
  queue: QueueEntry[]
  calls: Call[]
  teams: Team[]
  onSelect: (id: string) => void
  onDismiss: (key: string) => void
}) {
  const now = useNow(10_000)
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set())
  // A backup request stays an alert, across reloads, until its call ends or a dispatcher dismisses it.
  const backups = calls.filter(
    (c) =>
      c.backupRequestedAt && !['closed', 'cancelled', 'referred'].includes(c.status) && !dismissed.has(`b${c.id}${c.backupRequestedAt}`)
  )
  const callSign = (teamId: string | null | undefined): string => teams.find((t) => t.id === teamId)?.callSign ?? 'A team'
  const overdue = queue.filter((q) => q.overdue)
  const stale = teams.filter((t) => t.onShift && isStalePosition(t.position, now))
  // Many stale locations (a quiet night, a dead cell site) are one alert, so they never push the queue away.
  const groupStale = stale.length > STALE_SHOWN_SINGLY
  const total = backups.length + events.length + overdue.length + (groupStale ? 1 : stale.length)
  return (
    <section aria-labelledby='alerts-h' className='panel alerts'>
      <h2 id='alerts-h'>
        Alerts <span className={`badge ${total ? 'hot' : ''}`}>{total}</span>
      </h2>
      <div role='log' aria-live='assertive' className='alert-log'>
        <ul aria-label='Alerts'>
          {backups.map((c) => (
            <li key={`b${c.id}`} className='alert backup'>
              <strong>BACKUP</strong> {callSign(c.teamId)} at {c.location.address ?? shortId(c.id)}
              {c.location.area ? ` (${c.location.area})` : ''}, {age(c.backupRequestedAt!, now)} ago:{' '}
              {c.backupReason ?? 'no reason given'}
              <button type='button' className='link' onClick={() => onSelect(c.id)}>
                call #{shortId(c.id)}
              </button>
              <button
                type='button'
                className='link'
                aria-label='Dismiss alert'
                onClick={() => setDismissed((d) => new Set(d).add(`b${c.id}${c.backupRequestedAt}`))}
              >
                dismiss
              </button>
            </li>
          ))}
          {events.map((a) => (
            <li key={a.key} className={`alert ${a.kind}`}>
              <strong>{a.kind === 'declined' ? 'DECLINED' : 'NO ACK'}</strong> {a.callSign ?? callSign(a.teamId)}{' '}
              {a.kind === 'declined' ? a.text.replace(/^declined:\s*/, 'said: ') : a.text}
              {a.callId && (
                <button type='button' className='link' onClick={() => onSelect(a.callId!)}>
                  call #{shortId(a.callId)}
                </button>
              )}
              <button type='button' className='link' aria-label='Dismiss alert' onClick={() => onDismiss(a.key)}>
                dismiss
              </button>
            </li>
          ))}
          {overdue.map((q) => (
            <li key={`o${q.call.id}`} className='alert overdue'>
              <strong>WAITING</strong> P{q.call.triage.priority} call waiting {Math.floor(q.waitingMinutes)} min (target{' '}
              {q.targetMinutes})
              <button type='button' className='link' onClick={() => onSelect(q.call.id)}>
                call #{shortId(q.call.id)}
              </button>
            </li>
          ))}
          {groupStale ? (
            <li key='stale' className='alert stale'>
              <details>
                <summary>
                  <strong>STALE</strong> {stale.length} team locations, oldest {age(oldest(stale), now)} old
                </summary>
                <ul className='stale-list'>
                  {stale.map((t) => (
                    <li key={t.id}>
                      {t.callSign} · {age(t.position!.at, now)} old
                    </li>
                  ))}
                </ul>
              </details>
            </li>
          ) : (
            stale.map((t) => (
              <li key={`s${t.id}`} className='alert stale'>
                <strong>STALE</strong> {t.callSign} location {age(t.position!.at, now)} old
              </li>
            ))
          )}
        </ul>
      </div>
    </section>
  )
}
