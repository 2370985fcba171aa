// Alerts: backup requests and unacknowledged assignments from the stream; stale team locations and overdue calls from state.
import { staleAfterMs, type QueueEntry, type Team } from '../api/resources'
import { age, shortId } from '../lib/format'
import type { Alert } from './useDispatchData'

export function Alerts ({ events, queue, teams, onSelect, onDismiss }: { events: Alert[], queue: QueueEntry[], teams: Team[], onSelect: (id: string) => void, onDismiss: (key: string) => void }) {
  const now = Date.now()
  const overdue = queue.filter((q) => q.overdue)
  const stale = teams.filter((t) => t.onShift && t.position && (t.position.stale || now - Date.parse(t.position.at) > staleAfterMs()))
  const total = events.length + overdue.length + stale.length
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
        {stale.map((t) => <li key={`s${t.id}`} className='alert stale'><strong>STALE</strong> {t.callSign} location {age(t.position!.at, now)} old</li>)}
      </ul>
    </section>
  )
}
