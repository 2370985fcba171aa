// The call queue in dispatch order; calls waiting past their target are highlighted.
import type { QueueEntry } from '../api/resources'
import { CATEGORY_COLOR, CATEGORY_LABEL, shortId } from '../lib/format'
import { useNow } from '../lib/useNow'
import { queueRows } from './queue-rows'

export function Queue ({ entries, selectedId, onSelect }: { entries: QueueEntry[], selectedId?: string | null, onSelect: (id: string) => void }) {
  const now = useNow(10_000)
  const rows = queueRows(entries, now)
  return (
    <section aria-labelledby='queue-h' className='panel'>
      <h2 id='queue-h'>Queue <span className='badge'>{rows.length}</span></h2>
      {rows.length === 0 && <p className='muted'>No calls waiting.</p>}
      <ol className='queue' aria-label='Waiting calls in dispatch order'>
        {rows.map(({ entry, waitingMinutes, overdue }) => {
          const c = entry.call
          return (
            <li key={c.id} className={`${overdue ? 'overdue' : ''} ${selectedId === c.id ? 'selected' : ''}`} data-call-id={c.id}>
              <button type='button' onClick={() => onSelect(c.id)}>
                <span className={`prio p${c.triage.priority}`}>P{c.triage.priority}</span>
                <span className='cat' style={{ color: CATEGORY_COLOR[c.triage.category] }}>{CATEGORY_LABEL[c.triage.category]}</span>
                <span className='addr'>{c.location.address ?? `${c.location.lat.toFixed(4)}, ${c.location.lon.toFixed(4)}`}</span>
                <span className='wait'>{Math.floor(waitingMinutes)} min{overdue ? ` · OVERDUE (target ${entry.targetMinutes})` : ''}</span>
                <span className='id muted'>#{shortId(c.id)}{c.location.area ? ` · ${c.location.area}` : ''}</span>
              </button>
            </li>
          )
        })}
      </ol>
    </section>
  )
}
