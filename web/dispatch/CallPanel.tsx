// The selected call: what it is (in words), the caller's number, the recommended teams (assign in one action,
// or any team from the full list), every recorded action as a dialog with its reason (cancel, refer out, take
// back, take the team off, give it to another, edit and triage again, note, override triage), the edit
// history and the full timeline with notes. Refreshed from the live stream on every open console.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import type { DomainEvent } from '../../server/contracts/events'
import { ApiError } from '../api/client'
import { assign, callDetail, override, recommendations, type CallDetail, type CallNote, type Recommendations } from '../api/resources'
import { CATEGORY_LABEL, PRIORITY_LABEL, RESPONSE_LABELS, shortId, time, words } from '../lib/format'
import { latestOnly } from '../lib/latest'
import { useLiveEvents } from '../realtime/useLiveEvents'
import { LocationFacts } from './LocationFacts'
import { RESPONSES } from '../../server/domain/types'
import { UNMET_REASON_LABELS } from '../../server/domain/outcomes'
import { Destinations } from '../facilities/Destinations'
import { TURN_AWAY_LABELS } from '../../server/contracts/labels'
import { CancelDialog, EditDialog, NoteDialog, ReferDialog, RequeueDialog, TeamPickerDialog, UnassignDialog } from './CallDialogs'

const EVENT_WORDS: Record<string, string> = {
  'call.received': 'Received',
  'call.triaged': 'Triaged',
  'call.queued': 'Queued',
  'call.referred': 'Referred out',
  'call.updated': 'Details edited',
  'call.retriaged': 'Triaged again',
  'call.triage_overridden': 'Triage overridden',
  'call.assigned': 'Assigned',
  'call.requeued': 'Back in the queue',
  'call.acknowledged': 'Acknowledged',
  'call.en_route': 'En route',
  'call.on_scene': 'On scene',
  'call.transporting': 'Transporting',
  'call.handoff': 'At the door',
  'call.at_facility': 'At the facility',
  'call.backup_requested': 'Backup requested',
  'call.closed': 'Closed',
  'call.cancelled': 'Cancelled',
  'call.note_added': 'Note',
  'team.status_changed': 'Team'
}

const FIELD_WORDS: Record<string, string> = {
  location: 'location',
  address: 'address',
  narrative: 'narrative',
  callType: 'call type',
  callback: 'callback',
  callerName: "caller's name",
  language: 'language',
  personAge: "person's age",
  placeKind: 'kind of place',
  guardianCallback: "guardian's callback"
}

const triageWords = (d: { category: string; response: string; priority: number }): string =>
  `${CATEGORY_LABEL[d.category] ?? d.category}, ${words.response(d.response)}, P${d.priority}`

function describe (e: DomainEvent, notes: ReadonlyMap<string, CallNote>): string {
  switch (e.type) {
    case 'call.triaged':
      return triageWords(e.data)
    case 'call.retriaged':
      return `${triageWords(e.data)}${e.data.applied
? ''
: ' (not applied: the team is already on its ' +
        'way)'}${e.data.alert ? `: ${e.data.alert}` : ''}`
    case 'call.updated':
      return e.data.changed.map((f) => FIELD_WORDS[f] ?? f.replace(/^answers\./, 'answer: ')).join(', ')
    case 'call.assigned':
      return `${e.data.callSign}${e.data.auto ? ' (automatically)' : ''}${e.data.override ? ' (override)' : ''}`
    case 'call.referred':
      return `to ${words.referral(e.data.to)}: ${e.data.reason}${e.data.unmetReason
? ' · no care ' +
        `team: ${UNMET_REASON_LABELS[e.data.unmetReason].toLowerCase()}`
: ''}`
    // the reason completes a sentence whose subject is the team
    case 'call.requeued':
      return `${words.requeue(e.data.cause)}${e.data.callSign ? `: ${e.data.callSign} ${e.data.reason}` : `: ${e.data.reason}`}`
    case 'call.backup_requested':
      return `${words.response(e.data.need)}: ${e.data.reason}`
    case 'call.closed':
      return words.disposition(e.data.disposition)
    case 'call.triage_overridden':
      return `${triageWords(e.data.to)}: ${e.data.reason}`
    case 'team.status_changed':
      return `${words.teamStatus(e.data.from)} → ${words.teamStatus(e.data.to)}`
    case 'call.cancelled':
      return `${e.data.code ? `${words.cancel(e.data.code)}: ` : ''}${e.data.reason}`
    case 'call.note_added': {
      const n = notes.get(e.data.noteId)
      return n ? `${n.author.name} (${n.author.role}): ${n.text}` : ''
    }
    case 'call.transporting':
      return `${e.data.facilityName ? `to ${e.data.facilityName} · ` : ''}device time ${time(e.data.deviceTime)}`
    case 'call.handoff': {
      const why = e.data.reason ? `: ${TURN_AWAY_LABELS[e.data.reason].toLowerCase()}` : ''
      return `${e.data.accepted ? 'accepted at' : 'turned away at'} ${e.data.facilityName}${why}`
    }
    case 'call.acknowledged':
    case 'call.en_route':
    case 'call.on_scene':
    case 'call.at_facility':
      return `device time ${time(e.data.deviceTime)}`
    default:
      return ''
  }
}

/** The time, with the date when it is not today (the history reads calls of other days). */
const when = (iso: string): string =>
  new Date(iso).toDateString() === new Date().toDateString() ? time(iso) : `${new Date(iso).toLocaleDateString()} ${time(iso)}`

const show = (v: unknown): string =>
  v === null || v === undefined || v === ''
    ? 'none'
    : typeof v === 'object'
      ? ('address' in (v as object) && (v as { address?: string }).address) ||
        `${(v as { lat?: number }).lat}, ${(v as { lon?: number }).lon}`
      : String(v)

type Action = 'cancel' | 'refer' | 'requeue' | 'unassign' | 'reassign' | 'assign' | 'edit' | 'note' | null

const OPEN: readonly string[] = ['received', 'triaged', 'queued']
const UNASSIGNABLE: readonly string[] = ['assigned', 'acknowledged', 'en_route']

/**
 * `focusOnLoad`: move keyboard focus (and the scroll of the side panel) to this call once it has loaded,
 * so a dispatcher who has just created it lands on its recommendations, not on the emptied intake form.
 * `readOnly`: the history view shows the call without its actions.
 */
export function CallPanel ({
  callId,
  onClose,
  focusOnLoad = false,
  readOnly = false,
  auditTrail = false
}: {
  callId: string
  onClose: () => void
  focusOnLoad?: boolean
  readOnly?: boolean
  auditTrail?: boolean
}) {
  const [detail, setDetail] = useState<CallDetail | null>(null)
  const [recs, setRecs] = useState<Recommendations | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [showOverride, setShowOverride] = useState(false)
  const [action, setAction] = useState<Action>(null)
  const [done, setDone] = useState<string | null>(null)
  const heading = useRef<HTMLHeadingElement | null>(null)
  const best = useRef<HTMLLIElement | null>(null)
  const focused = useRef<string | null>(null)
  // after an action the button that opened its dialog may be gone (a cancelled call has no Cancel): the heading takes the focus
  const refocus = useRef(false)
  useEffect(() => {
    if (!refocus.current || detail === null) return
    refocus.current = false
    if (document.activeElement === null || document.activeElement === document.body) heading.current?.focus()
  }, [detail])

  // Refetches overlap (events in bursts); the newest started wins, with call and recommendations together.
  const load = useMemo(
    () =>
      latestOnly(
        async () => {
          const d = await callDetail(callId)
          return { d, r: d.status === 'queued' && !readOnly ? await recommendations(callId) : null }
        },
        ({ d, r }) => {
          setDetail(d)
          setRecs(r)
        }
      ),
    [callId, readOnly]
  )
  useEffect(() => {
    setDetail(null)
    setRecs(null)
    setError(null)
    setDone(null)
    load().catch((e: unknown) => setError(String(e instanceof Error ? e.message : e)))
  }, [load])
  const loaded = detail !== null
  useEffect(() => {
    if (!focusOnLoad || !loaded || focused.current === callId) return
    focused.current = callId
    // the heading takes the focus; the view shows the panel from its top, or enough to see the best team
    heading.current?.focus({ preventScroll: true })
    heading.current?.scrollIntoView({ block: 'start' })
    best.current?.scrollIntoView({ block: 'nearest' })
  }, [focusOnLoad, loaded, callId])
  useLiveEvents(
    ['call.', 'team.status_changed'],
    (e) => {
      if (e.callId === callId || (recs && e.type === 'team.status_changed')) load().catch(() => {})
    },
    () => {
      load().catch(() => {})
    }
  )

  const doAssign = async (teamId: string, callSign: string) => {
    setError(null)
    try {
      await assign(callId, teamId)
      setDone(`${callSign} assigned.`)
      await load()
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }
  const notes = useMemo(() => new Map((detail?.notes ?? []).map((n) => [n.id, n])), [detail])

  if (!detail) {
    return (
      <section className='panel'>
        <p>{error ?? 'Loading call…'}</p>
      </section>
    )
  }
  const c = detail
  // the team on the call, by the call sign its assignment announced
  const teamName = c.teamId
    ? (c.timeline.findLast((e): e is DomainEvent<'call.assigned'> => e.type === 'call.assigned' && e.teamId === c.teamId)?.data
        .callSign ?? 'the team')
    : null
  const after = (what: string) => () => {
    setDone(what)
    refocus.current = true
    load().catch(() => {})
  }
  const can = {
    assign: c.status === 'queued',
    reassign: UNASSIGNABLE.includes(c.status) && c.teamId !== null,
    cancel: ![...['closed', 'cancelled', 'referred'], 'on_scene', 'transporting', 'at_facility'].includes(c.status),
    refer: [...OPEN, ...UNASSIGNABLE, 'on_scene'].includes(c.status),
    requeue: c.status === 'referred',
    edit: !['closed', 'cancelled'].includes(c.status),
    override: [...OPEN, 'referred'].includes(c.status)
  }
  return (
    <section className='panel call-panel' aria-labelledby='call-h' data-call-id={c.id}>
      <div className='panel-head'>
        <h2 id='call-h' ref={heading} tabIndex={-1}>
          Call #{shortId(c.id)}
        </h2>
        <button type='button' className='link' onClick={onClose} aria-label='Close call detail'>
          ×
        </button>
      </div>
      <p className='call-status'>
        <span className={`prio p${c.triage.priority}`}>P{c.triage.priority}</span> {CATEGORY_LABEL[c.triage.category]} ·{' '}
        {RESPONSE_LABELS[c.triage.response]} · <strong data-testid='call-status'>{words.callStatus(c.status)}</strong>
        {c.triage.overridden ? ' · triage overridden' : ''}
        {teamName ? ` · ${teamName}` : ''}
      </p>
      <p>
        {c.location.address ?? `${c.location.lat}, ${c.location.lon}`}
        {c.location.area ? ` · ${c.location.area}` : ''}
      </p>
      <LocationFacts location={c.location} />
      {c.callback && (
        <p className='callback'>
          Callback: <a href={`tel:${c.callback.replace(/[^\d+]/g, '')}`}>{c.callback}</a>
          {c.callerName ? ` · ${c.callerName}` : ''}
        </p>
      )}
      {c.status === 'referred' && (
        <p className='referral'>
          <strong>
            Referred to {words.referral(c.referredTo ?? c.triage.response)}
            {c.referralReason && c.referralReason !== 'triage' ? `: ${c.referralReason}` : ''}.
          </strong>{' '}
          Transfer the caller or hand the call to {words.referral(c.referredTo ?? c.triage.response)} now.
          {!readOnly && ' If a care team could go after all, take it back into the queue (or override the triage), with the reason.'}
        </p>
      )}
      {c.status === 'cancelled' && (
        <p className='referral'>
          <strong>Cancelled: {words.cancel(c.cancelCode)}</strong>
          {c.cancelReason ? `: ${c.cancelReason}` : ''}
        </p>
      )}
      {c.status === 'closed' && c.disposition && (
        <p>
          <strong>Closed: {words.disposition(c.disposition)}</strong>
          {c.dispositionNotes ? ` · ${c.dispositionNotes}` : ''}
        </p>
      )}
      {(c.triage.needs?.includes('youth') === true || c.personAge !== null || c.placeKind !== null) && (
        <p className='youth-need' data-testid='call-youth'>
          {c.triage.needs?.includes('youth') === true ? 'Young person: youth team first' : 'Person'}
          {c.personAge !== null ? ` · age about ${c.personAge}` : ''}
          {c.placeKind ? ` · ${words.place(c.placeKind)}` : ''}
          {c.guardianCallback ? (
            <>
              {' '}
              · guardian <a href={`tel:${c.guardianCallback.replace(/[^\d+]/g, '')}`}>{c.guardianCallback}</a>
            </>
          ) : (
            ''
          )}
        </p>
      )}
      {c.narrative && <p className='narrative'>{c.narrative}</p>}
      {c.triage.reasons.length > 0 && (
        <details className='triage-why'>
          <summary>Why: {c.triage.reasons[0]}</summary>
          <ul className='reasons'>
            {c.triage.reasons.slice(1).map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </details>
      )}
      <div role='status' className='done'>
        {done}
      </div>
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}

      {recs && (
        <div className='recs'>
          <h3>Recommended teams</h3>
          {recs.recommendations.length === 0 && <p className='muted'>No eligible team available.</p>}
          <ol aria-label='Recommended teams: 1 to 5 picks one, a assigns it'>
            {recs.recommendations.slice(0, 5).map((r, i) => (
              <li key={r.teamId} className={i === 0 ? 'best' : ''} ref={i === 0 ? best : undefined}>
                <div>
                  <strong>{r.callSign}</strong> · ETA {r.stale ? `about ${Math.round(r.etaMinutes)}` : r.etaMinutes.toFixed(1)} min
                  {r.stale ? ' · location stale' : ''}
                </div>
                <ul className='reasons small'>
                  {r.reasons.map((x, j) => (
                    <li key={j}>{x}</li>
                  ))}
                </ul>
                <button
                  type='button'
                  data-assign-rank={i + 1}
                  className={i === 0 ? 'primary' : ''}
                  onClick={() => {
                    doAssign(r.teamId, r.callSign).catch(() => {})
                  }}
                >
                  Assign {r.callSign}
                </button>
              </li>
            ))}
          </ol>
          {recs.shortfalls.length > 0 && (
            <>
              <h4>Shortfalls</h4>
              <ul className='shortfalls'>
                {recs.shortfalls.map((s, i) => (
                  <li key={i}>{s}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}

      {!readOnly && ['on_scene', 'transporting', 'at_facility'].includes(c.status) && (
        <Destinations
          idPrefix='call-dest'
          category={c.triage.category}
          near={c.location}
          heading='Destinations for this call'
          level={3}
        />
      )}

      {!readOnly && (
        <div className='call-actions' role='group' aria-label='Actions on this call'>
          {can.assign && (
            <button type='button' onClick={() => setAction('assign')}>
              Assign any team…
            </button>
          )}
          {can.reassign && (
            <button type='button' onClick={() => setAction('reassign')}>
              Reassign…
            </button>
          )}
          {can.reassign && (
            <button type='button' onClick={() => setAction('unassign')}>
              Unassign…
            </button>
          )}
          {can.edit && (
            <button type='button' onClick={() => setAction('edit')}>
              Edit…
            </button>
          )}
          <button type='button' onClick={() => setAction('note')}>
            Add note…
          </button>
          {can.refer && (
            <button type='button' onClick={() => setAction('refer')}>
              Refer out…
            </button>
          )}
          {can.requeue && (
            <button type='button' onClick={() => setAction('requeue')}>
              Back to the queue…
            </button>
          )}
          {can.cancel && (
            <button type='button' className='danger-outline' onClick={() => setAction('cancel')}>
              Cancel call…
            </button>
          )}
          {can.override && !showOverride && (
            <button type='button' onClick={() => setShowOverride(true)}>
              Override triage…
            </button>
          )}
          {!['closed', 'cancelled', 'referred'].includes(c.status) && (
            <Link to={`/roster?call=${c.id}`} className='button-like'>
              Teams by distance
            </Link>
          )}
        </div>
      )}
      {action === 'cancel' && <CancelDialog call={c} onClose={() => setAction(null)} onDone={after('Call cancelled.')} />}
      {action === 'refer' && <ReferDialog call={c} onClose={() => setAction(null)} onDone={after('Call referred out.')} />}
      {action === 'requeue' && <RequeueDialog call={c} onClose={() => setAction(null)} onDone={after('Call back in the queue.')} />}
      {action === 'unassign' && (
        <UnassignDialog
          call={c}
          teamName={teamName ?? 'the team'}
          onClose={() => setAction(null)}
          onDone={after(`${teamName ?? 'The team'} taken off; call back in the queue.`)}
        />
      )}
      {action === 'note' && <NoteDialog call={c} onClose={() => setAction(null)} onDone={after('Note added.')} />}
      {action === 'edit' && <EditDialog call={c} onClose={() => setAction(null)} onDone={after('Call edited and triaged again.')} />}
      {(action === 'assign' || action === 'reassign') && (
        <TeamPickerDialog
          call={c}
          mode={action}
          recs={action === 'assign' ? recs : null}
          onClose={() => setAction(null)}
          onDone={after(action === 'assign' ? 'Team assigned.' : 'Call given to another team.')}
        />
      )}

      {showOverride && !readOnly && (
        <OverrideForm
          callId={c.id}
          current={c.triage}
          onDone={() => {
            setShowOverride(false)
            load().catch(() => {})
          }}
          onCancel={() => setShowOverride(false)}
        />
      )}

      {c.edits.length > 0 && (
        <details className='edits'>
          <summary>
            <h3>Edit history ({c.edits.length})</h3>
          </summary>
          <ol className='timeline'>
            {c.edits.map((ed, i) => (
              <li key={i}>
                <time>{when(ed.at)}</time>{' '}
                {ed.changes.map((ch, j) => (
                  <span key={j} className='change'>
                    {FIELD_WORDS[ch.field] ?? ch.field.replace(/^answers\./, 'answer: ')}: <del>{show(ch.from)}</del> →{' '}
                    <ins>{show(ch.to)}</ins>
                    {j < ed.changes.length - 1 ? '; ' : ''}
                  </span>
                ))}
              </li>
            ))}
          </ol>
        </details>
      )}

      <h3>Timeline</h3>
      {auditTrail && (
        <p>
          <Link to={`/audit?callId=${c.id}`}>Who read or changed this call (audit trail)</Link>
        </p>
      )}
      <ol className='timeline' data-testid='timeline'>
        {c.timeline.map((e) => (
          <li key={e.seq} className={e.type === 'call.note_added' ? 'note' : ''}>
            <time>{when(e.at)}</time> <strong>{EVENT_WORDS[e.type] ?? e.type}</strong> {describe(e, notes)}
          </li>
        ))}
      </ol>
    </section>
  )
}

function OverrideForm ({
  callId,
  current,
  onDone,
  onCancel
}: {
  callId: string
  current: CallDetail['triage']
  onDone: () => void
  onCancel: () => void
}) {
  const [category, setCategory] = useState(current.category)
  const [response, setResponse] = useState(current.response)
  const [priority, setPriority] = useState(current.priority)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    try {
      await override(callId, { category, response, priority, reason })
      onDone()
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }
  return (
    <form
      className='override'
      onSubmit={(e) => {
        submit(e).catch(() => {})
      }}
    >
      <h3>Override triage</h3>
      <label htmlFor='ov-cat'>Category</label>
      <select id='ov-cat' value={category} onChange={(e) => setCategory(e.target.value as typeof category)}>
        {Object.keys(CATEGORY_LABEL).map((k) => (
          <option key={k} value={k}>
            {CATEGORY_LABEL[k]}
          </option>
        ))}
      </select>
      <label htmlFor='ov-resp'>Response</label>
      <select id='ov-resp' value={response} onChange={(e) => setResponse(e.target.value as typeof response)}>
        {RESPONSES.map((k) => (
          <option key={k} value={k}>
            {RESPONSE_LABELS[k]}
          </option>
        ))}
      </select>
      <label htmlFor='ov-prio'>Priority</label>
      <select id='ov-prio' value={priority} onChange={(e) => setPriority(Number(e.target.value) as typeof priority)}>
        {[1, 2, 3].map((p) => (
          <option key={p} value={p}>
            {PRIORITY_LABEL[p]}
          </option>
        ))}
      </select>
      <label htmlFor='ov-reason'>Reason (required)</label>
      <textarea id='ov-reason' required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      <button type='submit' className='primary'>
        Apply override
      </button>{' '}
      <button type='button' onClick={onCancel}>
        Cancel
      </button>
    </form>
  )
}
