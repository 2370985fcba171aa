// Alerts: backup requests and unacknowledged assignments from the stream; stale team locations and overdue calls from state.
import { staleAfterMs, type QueueEntry, type Team } from '../api/resources'
import { age, shortId } from '../lib/format'
import type { Alert } from './useDispatchData'

/** Up to this many stale teams are listed one by one; more become one alert that opens to the list. */
export const STALE_SHOWN_SINGLY = 3

const oldest = (teams: Team[]): string => teams.map((t) => t.position!.at).sort()[0]

export function Alerts ({ events, queue, teams, onSelect, onDismiss }: { events: Alert[], queue: QueueEntry[], teams: Team[], onSelect: (id: string) => void, onDismiss: (key: string) => void }) {
  const now = Date.now()
  const overdue = queue.filter((q) => q.overdue)
  const stale = teams.filter((t) => t.onShift && t.position && (t.position.stale || now - Date.parse(t.position.at) > staleAfterMs()))
  // Many stale locations (a quiet night, a dead cell site) are one alert, so they never push the queue away.
  const groupStale = stale.length > STALE_SHOWN_SINGLY
  const total = events.length + overdue.length + (groupStale ? 1 : stale.length)
  return (
    <section aria-labelledby='alerts-h' className='panel alerts'>
      <h2 id='alerts-h'>Alerts <span className={`badge ${total ? 'hot' : ''}`}>{total}</span></h2>
      <ul role='log' aria-live='assertive'>
        {events.map((a) => (
          <li key={a.key} className={`alert ${a.kind}`}>
            <strong>{a.kind === 'backup' ? 'BACKUP' : 'NO ACK'}</strong> {a.text}
            {a.callId && <button type='button' className='link' onClick={() => onSelect(a.callId!)}>call #{shortId(a.callId)}</button>}
            <button type='button' className='link' aria-label='Dismiss alert' onClick={() => onDismiss(a.key)}>dismiss</button>
          </li>
        ))}
        {overdue.map((q) => (
          <li key={`o${q.call.id}`} className='alert overdue'>
            <strong>WAITING</strong> P{q.call.triage.priority} call waiting {Math.floor(q.waitingMinutes)} min (target {q.targetMinutes})
            <button type='button' className='link' onClick={() => onSelect(q.call.id)}>call #{shortId(q.call.id)}</button>
          </li>
        ))}
        {groupStale
          ? (
            <li key='stale' className='alert stale'>
              <details>
                <summary><strong>STALE</strong> {stale.length} team locations, oldest {age(oldest(stale), now)} old</summary>
                <ul className='stale-list'>{stale.map((t) => <li key={t.id}>{t.callSign} · {age(t.position!.at, now)} old</li>)}</ul>
              </details>
            </li>
            )
          : stale.map((t) => <li key={`s${t.id}`} className='alert stale'><strong>STALE</strong> {t.callSign} location {age(t.position!.at, now)} old</li>)}
      </ul>
    </section>
  )
}
