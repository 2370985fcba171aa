// The audit trail (/audit), for supervisors and admins: who read or changed which call, and every
// administrative change, when and from which address; filtered by user, action, call and time (the filters
// are the address's query, so /audit?callId=… is a call's own trail); exported as CSV with the session.
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { auditExportPath, auditQuery, auditTrail, listUsers, type AuditEntry, type AuditFilters, type AuditList } from '../api/admin'
import type { User } from '../api/resources'
import { downloadCsv } from '../api/reports'
import { described, ErrorSummary, FieldError, messageOf, TableScroll, type FieldErrors } from '../lib/forms'

const PAGE = 100
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const ACTIONS = [
  'call.',
  'call.read',
  'call.create',
  'call.assign',
  'call.status',
  'call.close',
  'user.',
  'user.create',
  'user.update',
  'user.password_reset',
  'user.deactivate',
  'user.sessions_end',
  'triage_protocol.'
]
type Form = Record<'userId' | 'callId' | 'action' | 'from' | 'to', string>
const LABELS: Record<string, string> = { userId: 'User', callId: 'Call id', action: 'Action', from: 'From', to: 'Until' }

/** datetime-local text ⇄ ISO: the inputs show local time, the API takes instants. */
const toIso = (local: string): string => (local ? new Date(local).toISOString() : '')
const toLocal = (iso: string): string => {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`
}

function filtersOf (q: URLSearchParams): AuditFilters {
  const action = q.get('action') ?? ''
  return {
    userId: q.get('userId') ?? '',
    callId: q.get('callId') ?? '',
    ...(action.endsWith('.') ? { actionPrefix: action } : { action }),
    from: q.get('from') ?? '',
    to: q.get('to') ?? ''
  }
}

export function AuditPage ({ user }: { user: User }) {
  const [params, setParams] = useSearchParams()
  const filters = filtersOf(params)
  const offset = Number(params.get('offset') ?? 0) || 0
  // the query as text, as in the address (data-query shows which one the table answers)
  const key = `${new URLSearchParams(auditQuery(filters)).toString()}&${offset}`
  const [form, setForm] = useState<Form>(() => ({
    userId: params.get('userId') ?? '',
    callId: params.get('callId') ?? '',
    action: params.get('action') ?? '',
    from: toLocal(params.get('from') ?? ''),
    to: toLocal(params.get('to') ?? '')
  }))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [data, setData] = useState<{ key: string; list: AuditList } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [people, setPeople] = useState<Array<{ id: string; email: string; role: string }>>([])
  const [exported, setExported] = useState<string | null>(null)

  useEffect(() => {
    const ctl = new AbortController()
    setError(null)
    auditTrail(filters, { limit: PAGE, offset }, ctl.signal)
      .then((list) => {
        if (!ctl.signal.aborted) setData({ key, list })
      })
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setError(messageOf(e))
      })
    return () => ctl.abort()
  }, [key])
  // The user filter's choices: every account for an admin; for a supervisor, who appears in the recent trail.
  useEffect(() => {
    if (user.role === 'admin') {
      listUsers()
        .then((us) => setPeople(us.map((u) => ({ id: u.id, email: u.email, role: u.role }))))
        .catch(() => {})
    } else {
      auditTrail({}, { limit: 500, offset: 0 })
        .then((d) => {
          const seen = new Map<string, { id: string; email: string; role: string }>()
          for (const e of d.items) if (e.user) seen.set(e.user.id, e.user)
          setPeople([...seen.values()].sort((a, b) => a.email.localeCompare(b.email)))
        })
        .catch(() => {})
    }
  }, [user.role])

  const apply = (): void => {
    const e: FieldErrors = {}
    if (form.callId.trim() && !UUID.test(form.callId.trim())) e.callId = "must be a call id (a UUID, as in the call's address)"
    if (form.from && form.to && form.from >= form.to) e.to = 'must be after From'
    setErrors(e)
    if (Object.keys(e).length > 0) return
    const next = new URLSearchParams()
    if (form.userId) next.set('userId', form.userId)
    if (form.callId.trim()) next.set('callId', form.callId.trim())
    if (form.action.trim()) next.set('action', form.action.trim())
    if (form.from) next.set('from', toIso(form.from))
    if (form.to) next.set('to', toIso(form.to))
    setParams(next)
  }
  const clear = (): void => {
    setForm({ userId: '', callId: '', action: '', from: '', to: '' })
    setErrors({})
    setParams(new URLSearchParams())
  }
  const page = (o: number): void => {
    const n = new URLSearchParams(params)
    n.set('offset', String(o))
    setParams(n)
  }
  const exportCsv = async (): Promise<void> => {
    setExported(null)
    try {
      setExported(`Downloaded ${await downloadCsv(auditExportPath(filters))}.`)
    } catch (err) {
      setError(`Could not export: ${messageOf(err)}`)
    }
  }
  const emailOf = (subject: string | null): string | null => {
    const m = /^user:(.+)$/.exec(subject ?? '')
    return m ? (people.find((p) => p.id === m[1])?.email ?? null) : null
  }

  return (
    <main className='admin-main' id='admin-main'>
      <h1>Audit trail</h1>
      <form
        noValidate
        className='panel admin-form audit-filters'
        aria-label='Filters'
        onSubmit={(e) => {
          e.preventDefault()
          apply()
        }}
      >
        <ErrorSummary form={null} fields={errors} labels={LABELS} />
        <div className='field'>
          <label htmlFor='userId'>User</label>
          <select
            {...described('userId', errors.userId)}
            value={form.userId}
            onChange={(e) => setForm({ ...form, userId: e.target.value })}
          >
            <option value=''>Everyone</option>
            {form.userId && !people.some((p) => p.id === form.userId) && <option value={form.userId}>{form.userId}</option>}
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.email} ({p.role})
              </option>
            ))}
          </select>
        </div>
        <div className='field'>
          <label htmlFor='action'>Action</label>
          <input
            {...described('action', errors.action, true)}
            list='audit-actions'
            autoComplete='off'
            value={form.action}
            onChange={(e) => setForm({ ...form, action: e.target.value })}
          />
          <datalist id='audit-actions'>
            {ACTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
          <p id='action-hint' className='hint'>
            Exactly one (<code>call.read</code>), or all that start with a prefix ending in a dot (<code>user.</code>).
          </p>
        </div>
        <div className='field'>
          <label htmlFor='callId'>Call id</label>
          <input
            {...described('callId', errors.callId)}
            autoComplete='off'
            spellCheck={false}
            value={form.callId}
            onChange={(e) => setForm({ ...form, callId: e.target.value })}
          />
          <FieldError id='callId' error={errors.callId} />
        </div>
        <div className='field'>
          <label htmlFor='from'>From</label>
          <input
            {...described('from', errors.from)}
            type='datetime-local'
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.target.value })}
          />
        </div>
        <div className='field'>
          <label htmlFor='to'>Until</label>
          <input
            {...described('to', errors.to)}
            type='datetime-local'
            value={form.to}
            onChange={(e) => setForm({ ...form, to: e.target.value })}
          />
          <FieldError id='to' error={errors.to} />
        </div>
        <div className='actions'>
          <button type='submit' className='primary'>
            Apply filters
          </button>
          <button type='button' onClick={clear}>
            Clear
          </button>
          <button
            type='button'
            onClick={() => {
              exportCsv().catch(() => {})
            }}
          >
            Export CSV
          </button>
        </div>
        {exported && (
          <p role='status' className='ok'>
            {exported}
          </p>
        )}
      </form>
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      {data && (
        <section className='panel' aria-labelledby='trail-h' aria-busy={data.key !== key} data-query={data.key}>
          <h2 id='trail-h'>
            {data.list.total === 0
              ? 'Nothing matches'
              : `${data.list.offset + 1}–${data.list.offset + data.list.items.length} of ${data.list.total}`}
            , newest first
          </h2>
          <TableScroll label='Audit trail entries'>
            <table className='admin-table audit-table'>
              <thead>
                <tr>
                  <th scope='col'>When</th>
                  <th scope='col'>Who</th>
                  <th scope='col'>Action</th>
                  <th scope='col'>About</th>
                  <th scope='col'>From address</th>
                  <th scope='col'>Detail</th>
                </tr>
              </thead>
              <tbody>
                {data.list.items.map((e, i) => (
                  <Row focusCall={params.get('callId')} key={`${e.at}-${i}`} e={e} emailOf={emailOf} />
                ))}
              </tbody>
            </table>
          </TableScroll>
          <div className='actions'>
            <button type='button' disabled={offset === 0} onClick={() => page(Math.max(0, offset - PAGE))}>
              Newer
            </button>
            <button type='button' disabled={offset + PAGE >= data.list.total} onClick={() => page(offset + PAGE)}>
              Older
            </button>
          </div>
        </section>
      )}
    </main>
  )
}

/** One entry; a bulk read (a list or the queue) names how many calls it returned, and the call the page is about. */
function Row ({ e, emailOf, focusCall }: { e: AuditEntry; emailOf: (s: string | null) => string | null; focusCall: string | null }) {
  const subjectEmail = emailOf(e.subject)
  return (
    <tr>
      <td>
        <time dateTime={e.at}>{new Date(e.at).toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' })}</time>
      </td>
      <td>
        {e.user ? (
          <>
            {e.user.email} <span className='muted'>({e.user.role})</span>
          </>
        ) : (
          <span className='muted'>the server</span>
        )}
      </td>
      <td>
        <code>{e.action}</code>
      </td>
      <td>
        {e.callId && <Link to={`/console/calls/${e.callId}`}>call {e.callId.slice(0, 8)}</Link>}
        {e.callIds && (
          <span className='block'>
            a list of {e.callIds.length} call{e.callIds.length === 1 ? '' : 's'}
            {focusCall && e.callIds.includes(focusCall) && (
              <>
                , with <Link to={`/console/calls/${focusCall}`}>call {focusCall.slice(0, 8)}</Link>
              </>
            )}
          </span>
        )}
        {e.subject && <span className='block'>{subjectEmail ?? e.subject}</span>}
      </td>
      <td>{e.ip ?? '—'}</td>
      <td className='detail'>{e.detail ? <code>{JSON.stringify(e.detail)}</code> : '—'}</td>
    </tr>
  )
}
