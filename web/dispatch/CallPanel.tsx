// The selected call: recommendations (assign in one action), triage override with a reason, and the full timeline.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import type { DomainEvent } from '../../server/contracts/events'
import { ApiError } from '../api/client'
import { assign, callDetail, override, recommendations, type CallDetail, type Recommendations } from '../api/resources'
import { CATEGORY_LABEL, label, PRIORITY_LABEL, shortId, time } from '../lib/format'
import { latestOnly } from '../lib/latest'
import { useLiveEvents } from '../realtime/useLiveEvents'
import { RESPONSES } from '../../server/domain/types'

function describe (e: DomainEvent): string {
  switch (e.type) {
    case 'call.triaged': return `${CATEGORY_LABEL[e.data.category] ?? e.data.category}, ${label(e.data.response)}, P${e.data.priority}`
    case 'call.assigned': return `${e.data.callSign}${e.data.auto ? ' (auto)' : ''}`
    case 'call.referred': return `to ${label(e.data.to ?? '?')} (${e.data.reason})`
    case 'call.requeued': return e.data.reason
    case 'call.backup_requested': return `${label(e.data.need)}: ${e.data.reason}`
    case 'call.closed': return label(e.data.disposition)
    case 'call.triage_overridden': return e.data.reason
    case 'team.status_changed': return `team ${label(e.data.from)} → ${label(e.data.to)}${e.data.reason ? ` (${label(e.data.reason)})` : ''}`
    case 'call.cancelled': return e.data.reason
    case 'call.acknowledged':
    case 'call.en_route':
    case 'call.on_scene':
    case 'call.transporting':
    case 'call.at_facility': return [`from ${label(e.data.from)}`, `device ${time(e.data.deviceTime)}`].join(', ')
    default: return ''
  }
}

/**
 * `focusOnLoad`: move keyboard focus (and the scroll of the side panel) to this call once it has loaded,
 * so a dispatcher who has just created it lands on its recommendations, not on the emptied intake form.
 */
export function CallPanel ({ callId, onClose, focusOnLoad = false, auditTrail = false }: { callId: string, onClose: () => void, focusOnLoad?: boolean, auditTrail?: boolean }) {
  const [detail, setDetail] = useState<CallDetail | null>(null)
  const [recs, setRecs] = useState<Recommendations | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [showOverride, setShowOverride] = useState(false)
  const heading = useRef<HTMLHeadingElement | null>(null)
  const best = useRef<HTMLLIElement | null>(null)
  const focused = useRef<string | null>(null)

  // Refetches overlap (events in bursts); the newest started wins, with call and recommendations together.
  const load = useMemo(() => latestOnly(async () => {
    const d = await callDetail(callId)
    return { d, r: d.status === 'queued' ? await recommendations(callId) : null }
  }, ({ d, r }) => {
    setDetail(d)
    setRecs(r)
  }), [callId])
  useEffect(() => {
    setDetail(null); setRecs(null); setError(null)
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
  useLiveEvents(['call.', 'team.status_changed'], (e) => {
    if (e.callId === callId || (recs && e.type === 'team.status_changed')) load().catch(() => {})
  }, () => { load().catch(() => {}) })

  const doAssign = async (teamId: string) => {
    setError(null)
    try { await assign(callId, teamId); await load() } catch (err) { setError(err instanceof ApiError ? err.message : String(err)) }
  }

  if (!detail) return <section className='panel'><p>{error ?? 'Loading call…'}</p></section>
  const c = detail
  return (
    <section className='panel call-panel' aria-labelledby='call-h'>
      <div className='panel-head'>
        <h2 id='call-h' ref={heading} tabIndex={-1}>Call #{shortId(c.id)}</h2>
        <button type='button' className='link' onClick={onClose} aria-label='Close call detail'>×</button>
      </div>
      <p><span className={`prio p${c.triage.priority}`}>P{c.triage.priority}</span> {CATEGORY_LABEL[c.triage.category]} · {label(c.triage.response)} · <strong>{label(c.status)}</strong>{c.triage.overridden ? ' · overridden' : ''}</p>
      <p>{c.location.address ?? `${c.location.lat}, ${c.location.lon}`}{c.location.area ? ` · ${c.location.area}` : ''}</p>
      {c.status === 'referred' && (
        <p className='referral' role='status'>
          <strong>Referred to {label(c.referredTo ?? c.triage.response)}.</strong> Transfer the caller or hand the call to {label(c.referredTo ?? c.triage.response)} dispatch now.
          If a care team could go after all, override the triage below, with the reason.
        </p>
      )}
      {(c.triage.needs?.includes('youth') === true || c.personAge !== null || c.placeKind !== null) && (
        <p className='youth-need' data-testid='call-youth'>
          {c.triage.needs?.includes('youth') === true ? 'Young person: youth team first' : 'Person'}
          {c.personAge !== null ? ` · age about ${c.personAge}` : ''}{c.placeKind ? ` · ${label(c.placeKind)}` : ''}
          {c.guardianCallback ? ` · guardian ${c.guardianCallback}` : ''}
        </p>
      )}
      {c.narrative && <p className='narrative'>{c.narrative}</p>}
      <ul className='reasons'>{c.triage.reasons.map((r, i) => <li key={i}>{r}</li>)}</ul>
      {error && <p role='alert' className='error'>{error}</p>}

      {recs && (
        <div className='recs'>
          <h3>Recommended teams</h3>
          {recs.recommendations.length === 0 && <p className='muted'>No eligible team available.</p>}
          <ol>
            {recs.recommendations.slice(0, 5).map((r, i) => (
              <li key={r.teamId} className={i === 0 ? 'best' : ''} ref={i === 0 ? best : undefined}>
                <div><strong>{r.callSign}</strong> · ETA {r.stale ? `about ${Math.round(r.etaMinutes)}` : r.etaMinutes.toFixed(1)} min{r.stale ? ' · location stale' : ''}{r.speaksLanguage ? ' · speaks language' : ''}</div>
                <ul className='reasons small'>{r.reasons.map((x, j) => <li key={j}>{x}</li>)}</ul>
                <button type='button' className={i === 0 ? 'primary' : ''} onClick={() => { doAssign(r.teamId).catch(() => {}) }}>Assign {r.callSign}</button>
              </li>
            ))}
          </ol>
          {recs.shortfalls.length > 0 && (<><h4>Shortfalls</h4><ul className='shortfalls'>{recs.shortfalls.map((s, i) => <li key={i}>{s}</li>)}</ul></>)}
        </div>
      )}

      {['received', 'triaged', 'queued', 'referred'].includes(c.status) && (
        showOverride
          ? <OverrideForm callId={c.id} current={c.triage} onDone={() => { setShowOverride(false); load().catch(() => {}) }} onCancel={() => setShowOverride(false)} />
          : <button type='button' onClick={() => setShowOverride(true)}>Override triage…</button>
      )}

      <h3>Timeline</h3>
      {auditTrail && <p><Link to={`/audit?callId=${c.id}`}>Who read or changed this call (audit trail)</Link></p>}
      <ol className='timeline'>
        {c.timeline.map((e) => <li key={e.seq}><time>{time(e.at)}</time> <strong>{label(e.type.replace(/^call\.|^team\./, ''))}</strong> {describe(e)}</li>)}
      </ol>
    </section>
  )
}

function OverrideForm ({ callId, current, onDone, onCancel }: { callId: string, current: CallDetail['triage'], onDone: () => void, onCancel: () => void }) {
  const [category, setCategory] = useState<string>(current.category)
  const [response, setResponse] = useState<string>(current.response)
  const [priority, setPriority] = useState<number>(current.priority)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    try {
      await override(callId, { category, response, priority, reason })
      onDone()
    } catch (err) { setError(err instanceof ApiError ? err.message : String(err)) }
  }
  return (
    <form className='override' onSubmit={(e) => { submit(e).catch(() => {}) }}>
      <h3>Override triage</h3>
      <label htmlFor='ov-cat'>Category</label>
      <select id='ov-cat' value={category} onChange={(e) => setCategory(e.target.value)}>
        {Object.keys(CATEGORY_LABEL).map((k) => <option key={k} value={k}>{CATEGORY_LABEL[k]}</option>)}
      </select>
      <label htmlFor='ov-resp'>Response</label>
      <select id='ov-resp' value={response} onChange={(e) => setResponse(e.target.value)}>
        {RESPONSES.map((k) => <option key={k} value={k}>{label(k)}</option>)}
      </select>
      <label htmlFor='ov-prio'>Priority</label>
      <select id='ov-prio' value={priority} onChange={(e) => setPriority(Number(e.target.value))}>
        {[1, 2, 3].map((p) => <option key={p} value={p}>{PRIORITY_LABEL[p]}</option>)}
      </select>
      <label htmlFor='ov-reason'>Reason (required)</label>
      <textarea id='ov-reason' required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      {error && <p role='alert' className='error'>{error}</p>}
      <button type='submit' className='primary'>Apply override</button>{' '}
      <button type='button' onClick={onCancel}>Cancel</button>
    </form>
  )
}
