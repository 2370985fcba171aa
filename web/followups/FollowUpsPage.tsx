// The follow-up worklist for the staff who call people back (navigators) and supervisors: due, overdue and done
// follow-ups; record an attempt (reached, no answer, declined, wrong number) with a note, complete one, and move the
// call's referrals on (accepted, declined, completed).
import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { ApiError } from '../api/client'
import {
  completeFollowUp,
  followUps,
  moveReferral,
  recordAttempt,
  type FollowUp,
  type FollowUpStatus,
  type Referral
} from '../api/followups'
import { label, shortId } from '../lib/format'

const TABS: Array<[FollowUpStatus, string]> = [
  ['overdue', 'Overdue'],
  ['due', 'Due'],
  ['done', 'Done']
]
const OUTCOMES: Array<[string, string]> = [
  ['reached', 'Reached'],
  ['no_answer', 'No answer'],
  ['declined', 'Declined'],
  ['wrong_number', 'Wrong number']
]
const NEXT: Record<Referral['status'], Array<Referral['status']>> = {
  sent: ['accepted', 'declined'],
  accepted: ['completed'],
  declined: [],
  completed: []
}

const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : '—')
const message = (e: unknown): string => (e instanceof ApiError ? e.message : String(e))

function AttemptForm ({ item, onDone }: { item: FollowUp; onDone: (f: FollowUp) => void }) {
  const [outcome, setOutcome] = useState<Parameters<typeof recordAttempt>[1]>('reached')
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const id = shortId(item.id)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    try {
      onDone(await recordAttempt(item.id, outcome, note))
      setNote('')
    } catch (err) {
      setError(message(err))
    }
  }
  return (
    <form
      className='fu-form'
      aria-label={`Record an attempt for follow-up ${id}`}
      onSubmit={(e) => {
        submit(e).catch(() => {})
      }}
    >
      <label htmlFor={`fu-outcome-${id}`}>Attempt</label>
      <select id={`fu-outcome-${id}`} value={outcome} onChange={(e) => setOutcome(e.target.value as typeof outcome)}>
        {OUTCOMES.map(([k, l]) => (
          <option key={k} value={k}>
            {l}
          </option>
        ))}
      </select>
      <label htmlFor={`fu-note-${id}`}>Note</label>
      <textarea id={`fu-note-${id}`} value={note} maxLength={4000} onChange={(e) => setNote(e.target.value)} />
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      <button type='submit'>Record attempt</button>
    </form>
  )
}

function Item ({ item, onChange }: { item: FollowUp; onChange: (f: FollowUp | null) => void }) {
  const [error, setError] = useState<string | null>(null)
  const [closing, setClosing] = useState('')
  const id = shortId(item.id)
  const complete = async () => {
    setError(null)
    try {
      onChange(await completeFollowUp(item.id, closing))
    } catch (err) {
      setError(message(err))
    }
  }
  const move = async (r: Referral, to: Referral['status']) => {
    setError(null)
    try {
      const moved = await moveReferral(r.id, to)
      onChange({ ...item, referrals: item.referrals.map((x) => (x.id === moved.id ? moved : x)) })
    } catch (err) {
      setError(message(err))
    }
  }
  return (
    <li className={`panel fu-item fu-${item.state}`} data-testid='follow-up'>
      <h3>
        Follow-up {id} <span className={`badge fu-state-${item.state}`}>{label(item.state)}</span>
      </h3>
      <p>
        Due <strong>{when(item.dueAt)}</strong> · call of {when(item.callReceivedAt)}
        {item.area ? ` · ${item.area}` : ''}
        {item.callback ? (
          <>
            {' '}
            · callback <a href={`tel:${item.callback.replace(/[^+\d]/g, '')}`}>{item.callback}</a>
          </>
        ) : (
          ' · no callback number'
        )}
      </p>
      <p>{item.reason}</p>
      {item.attempts.length > 0 && (
        <>
          <h4>Attempts</h4>
          <ol className='fu-attempts'>
            {item.attempts.map((a) => (
              <li key={a.id}>
                <time dateTime={a.at}>{when(a.at)}</time> <strong>{label(a.outcome)}</strong>
                {a.note ? `: ${a.note}` : ''}
                {a.by ? <span className='muted'> ({a.by})</span> : null}
              </li>
            ))}
          </ol>
        </>
      )}
      {item.referrals.length > 0 && (
        <>
          <h4>Referrals</h4>
          <ul className='fu-referrals'>
            {item.referrals.map((r) => (
              <li key={r.id}>
                {r.service}
                {r.facilityId ? ` (${r.facilityId})` : ''}: <strong>{label(r.status)}</strong>
                {r.note ? ` · ${r.note}` : ''}{' '}
                {NEXT[r.status].map((to) => (
                  <button
                    key={to}
                    type='button'
                    onClick={() => {
                      move(r, to).catch(() => {})
                    }}
                  >
                    Mark {to}
                    <span className='sr-only'>: {r.service}</span>
                  </button>
                ))}
              </li>
            ))}
          </ul>
        </>
      )}
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      {item.state === 'done' ? (
        <p className='muted'>
          Completed {when(item.completedAt)}
          {item.completionNote ? `: ${item.completionNote}` : ''}
        </p>
      ) : (
        <div className='fu-actions'>
          <AttemptForm item={item} onDone={onChange} />
          <div className='fu-form'>
            <label htmlFor={`fu-close-${id}`}>Closing note</label>
            <input id={`fu-close-${id}`} value={closing} maxLength={4000} onChange={(e) => setClosing(e.target.value)} />
            <button
              type='button'
              className='primary'
              onClick={() => {
                complete().catch(() => {})
              }}
            >
              Complete follow-up<span className='sr-only'> {id}</span>
            </button>
          </div>
        </div>
      )}
    </li>
  )
}

export function FollowUpsPage () {
  const [tab, setTab] = useState<FollowUpStatus>('overdue')
  const [items, setItems] = useState<FollowUp[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(async (status: FollowUpStatus) => {
    setError(null)
    try {
      setItems(await followUps(status))
    } catch (e) {
      setError(message(e))
    }
  }, [])
  useEffect(() => {
    setItems(null)
    load(tab).catch(() => {})
  }, [tab, load])
  // a completed one leaves the open lists; otherwise the item is updated in place
  const changed = (f: FollowUp | null) =>
    setItems((xs) => (xs ?? []).flatMap((x) => (x.id !== f?.id ? [x] : f.state === 'done' && tab !== 'done' ? [] : [f])))
  return (
    <main className='reports-main followups' id='follow-ups'>
      <h1>Follow-ups</h1>
      <p className='muted'>
        People to call back after a care-team contact, and the referrals made for them. Personal health data: every view is recorded in
        the audit trail.
      </p>
      <div role='group' aria-label='Which follow-ups' className='fu-tabs'>
        {TABS.map(([k, l]) => (
          <button key={k} type='button' aria-pressed={tab === k} className={tab === k ? 'primary' : ''} onClick={() => setTab(k)}>
            {l}
          </button>
        ))}
        <button
          type='button'
          onClick={() => {
            load(tab).catch(() => {})
          }}
        >
          Refresh
        </button>
      </div>
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      {items === null && !error && (
        <p role='status' className='muted'>
          Loading…
        </p>
      )}
      {items !== null && items.length === 0 && <p role='status'>No {tab} follow-ups.</p>}
      {items !== null && items.length > 0 && (
        <ul className='fu-list' aria-label={`${TABS.find(([k]) => k === tab)?.[1] ?? ''} follow-ups`}>
          {items.map((f) => (
            <Item key={f.id} item={f} onChange={changed} />
          ))}
        </ul>
      )}
    </main>
  )
}
