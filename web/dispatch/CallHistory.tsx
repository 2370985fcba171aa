// Call history (/history): closed, cancelled and referred calls, searched by time, address or area, call
// type, category, response, team and how they ended; the search is the address (a link keeps it). Each call
// opens at /history/:callId with its full timeline (each read audited by the server like any call detail).
import { useEffect, useState, type FormEvent } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { ApiError } from '../api/client'
import { searchCalls, teams as fetchTeams, type Call, type Team } from '../api/resources'
import { CANCEL_LABELS, CATEGORY_LABEL, DISPOSITIONS, REFERRAL_LABELS, RESPONSE_LABELS, shortId, words } from '../lib/format'
import { CallPanel } from './CallPanel'

const ENDED = 'closed,cancelled,referred'
const PAGE = 50
const FIELDS = [
  'from',
  'to',
  'address',
  'area',
  'callType',
  'category',
  'response',
  'teamId',
  'status',
  'disposition',
  'cancelCode',
  'referredTo'
] as const
type Field = (typeof FIELDS)[number]
let lastSearch = ''

/** datetime-local text ("2026-12-07T09:30") ↔ ISO; the browser's zone. */
const toIso = (local: string): string => new Date(local).toISOString()
const toLocal = (iso: string): string => {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`
}

function endedHow (c: Call): string {
  if (c.status === 'closed') return `Closed: ${words.disposition(c.disposition)}`
  if (c.status === 'cancelled') return `Cancelled: ${words.cancel(c.cancelCode)}${c.cancelReason ? ` (${c.cancelReason})` : ''}`
  if (c.status === 'referred') {
    return `Referred to ${words.referral(c.referredTo)}${c.referralReason && c.referralReason !== 'triage'
? ' ' +
      `(${c.referralReason})`
: ' (by triage)'}`
  }
  return words.callStatus(c.status)
}

function useTeams (): Team[] {
  const [list, setList] = useState<Team[]>([])
  useEffect(() => {
    fetchTeams()
      .then(setList)
      .catch(() => {})
  }, [])
  return list
}

export function CallHistory () {
  const [params, setParams] = useSearchParams()
  const teams = useTeams()
  const [form, setForm] = useState<Record<Field, string>>(
    () =>
      Object.fromEntries(
        FIELDS.map((f) => [f, f === 'from' || f === 'to' ? (params.get(f) ? toLocal(params.get(f)!) : '') : (params.get(f) ?? '')])
      ) as Record<Field, string>
  )
  const [result, setResult] = useState<{ items: Call[]; total: number } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const offset = Number(params.get('offset') ?? 0)
  const key = params.toString()
  useEffect(() => {
    lastSearch = key
    const q = new URLSearchParams(params)
    if (!q.get('status')) q.set('status', ENDED)
    q.set('limit', String(PAGE))
    setBusy(true)
    setError(null)
    // the page's address is the search, as text: the server checks each field and names a bad one
    searchCalls(Object.fromEntries(q) as Parameters<typeof searchCalls>[0])
      .then((r) => setResult(r))
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)))
      .finally(() => setBusy(false))
    // the address is the search: params changes exactly when key does
  }, [key])

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const p = new URLSearchParams()
    for (const f of FIELDS) {
      const v = form[f].trim()
      if (v === '') continue
      p.set(f, f === 'from' || f === 'to' ? toIso(v) : v)
    }
    setParams(p)
  }
  const clear = () => {
    setForm(Object.fromEntries(FIELDS.map((f) => [f, ''])) as Record<Field, string>)
    setParams(new URLSearchParams())
  }
  const set = (f: Field) => (e: { target: { value: string } }) => setForm((x) => ({ ...x, [f]: e.target.value }))
  const page = (to: number) => {
    const p = new URLSearchParams(params)
    if (to > 0) p.set('offset', String(to))
    else p.delete('offset')
    setParams(p)
  }
  const teamName = (id: string | null) => teams.find((t) => t.id === id)?.callSign ?? ''

  return (
    <main className='history-main'>
      <h1>Call history</h1>
      <form className='panel history-filters' onSubmit={submit} aria-label='Search the call history'>
        <div>
          <label htmlFor='history-filters'>Address contains</label>
          <input id='history-filters' value={form.address} onChange={set('address')} placeholder='e.g. spring st' />
        </div>
        <div>
          <label htmlFor='h-area'>Area</label>
          <input id='h-area' value={form.area} onChange={set('area')} placeholder='e.g. Central' />
        </div>
        <div>
          <label htmlFor='h-callType'>Call type contains</label>
          <input id='h-callType' value={form.callType} onChange={set('callType')} placeholder='e.g. 5150' />
        </div>
        <div>
          <label htmlFor='h-from'>Received from</label>
          <input id='h-from' type='datetime-local' value={form.from} onChange={set('from')} />
        </div>
        <div>
          <label htmlFor='h-to'>Received before</label>
          <input id='h-to' type='datetime-local' value={form.to} onChange={set('to')} />
        </div>
        <div>
          <label htmlFor='h-status'>Ended</label>
          <select id='h-status' value={form.status} onChange={set('status')}>
            <option value=''>Any way</option>
            <option value='closed'>Closed by a team</option>
            <option value='cancelled'>Cancelled</option>
            <option value='referred'>Referred out</option>
          </select>
        </div>
        <div>
          <label htmlFor='h-disposition'>Disposition</label>
          <select id='h-disposition' value={form.disposition} onChange={set('disposition')}>
            <option value=''>Any</option>
            {Object.entries(DISPOSITIONS).map(([k, n]) => (
              <option key={k} value={k}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor='h-cancel'>Cancel reason</label>
          <select id='h-cancel' value={form.cancelCode} onChange={set('cancelCode')}>
            <option value=''>Any</option>
            {Object.entries(CANCEL_LABELS).map(([k, n]) => (
              <option key={k} value={k}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor='h-referred'>Referred to</label>
          <select id='h-referred' value={form.referredTo} onChange={set('referredTo')}>
            <option value=''>Any</option>
            {Object.entries(REFERRAL_LABELS).map(([k, n]) => (
              <option key={k} value={k}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor='h-category'>Category</label>
          <select id='h-category' value={form.category} onChange={set('category')}>
            <option value=''>Any</option>
            {Object.entries(CATEGORY_LABEL).map(([k, n]) => (
              <option key={k} value={k}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor='h-response'>Response</label>
          <select id='h-response' value={form.response} onChange={set('response')}>
            <option value=''>Any</option>
            {Object.entries(RESPONSE_LABELS).map(([k, n]) => (
              <option key={k} value={k}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor='h-team'>Team</label>
          <select id='h-team' value={form.teamId} onChange={set('teamId')}>
            <option value=''>Any</option>
            {[...teams]
              .sort((a, b) => a.callSign.localeCompare(b.callSign))
              .map((t) => (
                <option key={t.id} value={t.id}>
                  {t.callSign}
                </option>
              ))}
          </select>
        </div>
        <div className='history-buttons'>
          <button type='submit' className='primary'>
            Search
          </button>
          <button type='button' onClick={clear}>
            Clear
          </button>
        </div>
      </form>
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      <section className='panel' aria-labelledby='history-h'>
        <h2 id='history-h'>
          Calls <span className='badge'>{result?.total ?? 0}</span>
        </h2>
        <p role='status' className='muted'>
          {busy
            ? 'Searching…'
            : result
              ? `${result.total} call${result.total === 1 ? '' : 's'} ` +
                `found${result.total > PAGE ? `, ${offset + 1}–${Math.min(offset + PAGE, result.total)} shown` : ''}`
              : ''}
        </p>
        {result && result.items.length > 0 && (
          <div className='table-scroll'>
            <table className='history-table'>
              <thead>
                <tr>
                  <th scope='col'>Received</th>
                  <th scope='col'>Call</th>
                  <th scope='col'>Address</th>
                  <th scope='col'>Call type</th>
                  <th scope='col'>Triage</th>
                  <th scope='col'>How it ended</th>
                  <th scope='col'>Team</th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((c) => (
                  <tr key={c.id} data-call-id={c.id}>
                    <td>{new Date(c.receivedAt).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}</td>
                    <td>
                      <Link to={`/history/${c.id}`}>#{shortId(c.id)}</Link>
                    </td>
                    <td>
                      {c.location.address ?? '—'}
                      {c.location.area ? ` · ${c.location.area}` : ''}
                    </td>
                    <td>{c.callType ?? '—'}</td>
                    <td>
                      {CATEGORY_LABEL[c.triage.category]}, {RESPONSE_LABELS[c.triage.response]}, P{c.triage.priority}
                    </td>
                    <td>{endedHow(c)}</td>
                    <td>{teamName(c.teamId)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {result && result.total > PAGE && (
          <p>
            <button type='button' disabled={offset === 0} onClick={() => page(Math.max(0, offset - PAGE))}>
              Newer
            </button>{' '}
            <button type='button' disabled={offset + PAGE >= result.total} onClick={() => page(offset + PAGE)}>
              Older
            </button>
          </p>
        )}
      </section>
    </main>
  )
}

/** One call of the history with its full timeline, at /history/:callId. */
export function HistoryCall () {
  const callId = useParams().callId!
  const navigate = useNavigate()
  const back = `/history${lastSearch ? `?${lastSearch}` : ''}`
  return (
    <main className='history-main'>
      <p>
        <Link to={back}>← Call history</Link>
      </p>
      <CallPanel key={callId} callId={callId} onClose={() => navigate(back)} />
    </main>
  )
}
