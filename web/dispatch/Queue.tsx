// The call queue in dispatch order (or longest waiting first): each call's wait since it was first received,
// how often it came back, and why; calls waiting past their target are highlighted.
import { useState } from 'react'
import type { QueueEntry } from '../api/resources'
import { CATEGORY_COLOR, CATEGORY_LABEL, shortId, words } from '../lib/format'
import { useNow } from '../lib/useNow'
import { queueRows, type QueueOrder } from './queue-rows'

const minutes = (m: number): string =>
  m < 60 ? `${Math.floor(m)} min` : `${Math.floor(m / 60)} h ${String(Math.floor(m % 60)).padStart(2, '0')} min`

export function Queue ({
  entries,
  selectedId,
  onSelect,
  teamNames,
  filter = ''
}: {
  entries: QueueEntry[]
  selectedId?: string | null
  onSelect: (id: string) => void
  /** Call signs by team id, to say who let a call come back. */
  teamNames?: ReadonlyMap<string, string>
  /** Only calls whose address, area, call type or id contain this. */
  filter?: string
}) {
  const now = useNow(10_000)
  const [order, setOrder] = useState<QueueOrder>('dispatch')
  const needle = filter.trim().toLowerCase()
  const rows = queueRows(entries, now, order).filter(
    ({ entry: { call: c } }) =>
      needle === '' || `${c.location.address ?? ''} ${c.location.area ?? ''} ${c.callType ?? ''} ${c.id}`.toLowerCase().includes(needle)
  )
  return (
    <section aria-labelledby='queue-h' className='panel'>
      <div className='panel-head'>
        <h2 id='queue-h' tabIndex={-1}>
          Queue <span className='badge'>{rows.length}</span>
        </h2>
        <span className='order' role='group' aria-label='Order of the queue'>
          <button type='button' className='small' aria-pressed={order === 'dispatch'} onClick={() => setOrder('dispatch')}>
            Dispatch order
          </button>
          <button type='button' className='small' aria-pressed={order === 'waiting'} onClick={() => setOrder('waiting')}>
            Longest wait
          </button>
        </span>
      </div>
      {rows.length === 0 && <p className='muted'>{needle ? 'No waiting call matches.' : 'No calls waiting.'}</p>}
      <ol className='queue' aria-label={order === 'dispatch' ? 'Waiting calls in dispatch order' : 'Waiting calls, longest wait first'}>
        {rows.map(({ entry, waitingMinutes, overdue }) => {
          const c = entry.call
          const last = entry.returns?.last
          return (
            <li key={c.id} className={`${overdue ? 'overdue' : ''} ${selectedId === c.id ? 'selected' : ''}`} data-call-id={c.id}>
              <button type='button' onClick={() => onSelect(c.id)} aria-current={selectedId === c.id ? 'true' : undefined}>
                <span className={`prio p${c.triage.priority}`}>P{c.triage.priority}</span>
                <span className='cat' style={{ color: CATEGORY_COLOR[c.triage.category] }}>
                  {CATEGORY_LABEL[c.triage.category]}
                </span>
                <span className='addr'>{c.location.address ?? `${c.location.lat.toFixed(4)}, ${c.location.lon.toFixed(4)}`}</span>
                <span
                  className='wait'
                  title={`Waiting since ${new Date(entry.waitingSince ?? c.receivedAt).toLocaleTimeString()}, when it was first received`}
                >
                  waiting {minutes(waitingMinutes)}
                  {overdue ? ` · OVERDUE (target ${entry.targetMinutes})` : ''}
                </span>
                {last && (
                  <span className='returns'>
                    back {entry.returns.count}×: {words.requeue(last.cause).toLowerCase()}
                    {teamNames?.get(last.teamId) ? ` (${teamNames.get(last.teamId)})` : ''}
                  </span>
                )}
                <span className='id muted'>
                  #{shortId(c.id)}
                  {c.location.area ? ` · ${c.location.area}` : ''}
                </span>
              </button>
            </li>
          )
        })}
      </ol>
    </section>
  )
}
