// Triage protocol versions (/admin/protocols; one version at /admin/protocols/:version), for admins: the
// versions with who uploaded and activated them and the one in force; a new version pasted or loaded from a
// file, validated (each problem with its place in the document), stored; then the impact review (how the
// recent calls and an uploaded call-type list would move) and activation after a confirmation naming the counts.
import { useEffect, useState, type ReactNode } from 'react'
import { Link, useLocation, useNavigate, useParams } from 'react-router'
import {
  activateProtocol,
  getProtocol,
  listProtocols,
  protocolImpact,
  uploadProtocol,
  validateProtocol,
  type ProtocolCheck,
  type ProtocolImpact,
  type ProtocolList,
  type ProtocolVersion
} from '../api/admin'
import { ApiError } from '../api/client'
import type { User } from '../api/resources'
import { fetchProtocol } from '../dispatch/questions'
import { label } from '../lib/format'
import { described, FieldError, messageOf, TableScroll, useConfirm } from '../lib/forms'

const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : '—')

export function ProtocolsPage (_: { user: User }) {
  const [list, setList] = useState<ProtocolList | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    listProtocols()
      .then(setList)
      .catch((e: unknown) => setError(messageOf(e)))
  }, [])

  return (
    <main className='admin-main' id='admin-main'>
      <h1>Triage protocol</h1>
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      {list && (
        <p>
          In force: <strong data-testid='in-force'>{list.inForce}</strong>. The file shipped with the server (PROTOCOL_FILE) is{' '}
          {list.file}.
        </p>
      )}
      {list && <VersionsTable versions={list.versions} />}
      <NewVersion />
    </main>
  )
}

function VersionsTable ({ versions }: { versions: ProtocolVersion[] }) {
  return (
    <section className='panel' aria-labelledby='versions-h'>
      <h2 id='versions-h'>Versions</h2>
      <TableScroll label='Protocol versions'>
        <table className='admin-table'>
          <thead>
            <tr>
              <th scope='col'>Version</th>
              <th scope='col'>Name</th>
              <th scope='col'>Source</th>
              <th scope='col'>Uploaded</th>
              <th scope='col'>Activated</th>
              <th scope='col'>State</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} data-version={v.version}>
                <th scope='row'>
                  <Link to={`/admin/protocols/${encodeURIComponent(v.version)}`}>{v.version}</Link>
                </th>
                <td>{v.name}</td>
                <td>{v.source === 'file' ? 'file' : 'upload'}</td>
                <td>
                  {when(v.uploadedAt)}
                  {v.uploadedByEmail ? ` by ${v.uploadedByEmail}` : ''}
                </td>
                <td>{v.activatedAt ? `${when(v.activatedAt)}${v.activatedByEmail ? ` by ${v.activatedByEmail}` : ''}` : '—'}</td>
                <td>{v.inForce ? <strong>in force</strong> : 'stored'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  )
}

/** The JSON parser's complaint with the line and column it points at. */
function jsonProblem (text: string, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e)
  const at = /position (\d+)/.exec(msg)
  if (!at) return msg
  const before = text.slice(0, Number(at[1]))
  const line = before.split('\n').length
  return `${msg.replace(/ in JSON at position \d+.*$/, '')} (line ${line}, column ${before.length - before.lastIndexOf('\n')})`
}

function NewVersion () {
  const [text, setText] = useState('')
  const [parseError, setParseError] = useState<string | null>(null)
  const [check, setCheck] = useState<ProtocolCheck | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const navigate = useNavigate()

  const parsed = (): unknown => {
    setParseError(null)
    if (text.trim() === '') {
      setParseError('Paste a protocol document, or load a file.')
      return undefined
    }
    try {
      const doc = JSON.parse(text) as unknown
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
        setParseError('The document must be a JSON object.')
        return undefined
      }
      return doc
    } catch (e) {
      setParseError(`Not valid JSON: ${jsonProblem(text, e)}`)
      return undefined
    }
  }
  const run = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await work()
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }
  const validate = async (): Promise<void> => {
    setCheck(null)
    const doc = parsed()
    if (doc === undefined) return
    await run(async () => {
      setCheck(await validateProtocol(doc))
    })
  }
  const upload = async (): Promise<void> => {
    const doc = parsed()
    if (doc === undefined) return
    await run(async () => {
      const r = await uploadProtocol(doc)
      navigate(`/admin/protocols/${encodeURIComponent(r.protocol.version)}`, { state: { uploaded: r.created ? 'new' : 'same' } })
    })
  }
  const load = async (file: File | undefined): Promise<void> => {
    if (!file) return
    setText(await file.text())
    setCheck(null)
  }

  return (
    <section className='panel' aria-labelledby='new-version-h'>
      <h2 id='new-version-h'>New version</h2>
      <p className='hint'>
        A protocol document (JSON, in the shape of the shipped protocol in server/domain/triage). It is checked, then stored; it triages
        nothing until you review its impact and activate it.
      </p>
      <form
        noValidate
        className='stack'
        onSubmit={(e) => {
          e.preventDefault()
          validate().catch(() => {})
        }}
      >
        <label htmlFor='protocol-file'>Load a file</label>
        <input
          id='protocol-file'
          type='file'
          accept='application/json,.json'
          onChange={(e) => {
            load(e.target.files?.[0]).catch((err: unknown) => setParseError(messageOf(err)))
          }}
        />
        <label htmlFor='protocol-doc'>Protocol document (JSON)</label>
        <textarea
          {...described('protocol-doc', parseError)}
          className='code'
          rows={14}
          spellCheck={false}
          value={text}
          onChange={(e) => {
            setText(e.target.value)
            setCheck(null)
          }}
        />
        <FieldError id='protocol-doc' error={parseError} />
        {parseError && (
          <p role='alert' className='sr-only'>
            {parseError}
          </p>
        )}
        {error && (
          <p role='alert' className='error'>
            {error}
          </p>
        )}
        <div className='actions'>
          <button type='submit' disabled={busy}>
            Validate
          </button>
          <button
            type='button'
            className='primary'
            disabled={busy || !check?.valid}
            onClick={() => {
              upload().catch(() => {})
            }}
          >
            Store this version
          </button>
        </div>
      </form>
      {check && <CheckResult check={check} />}
    </section>
  )
}

function CheckResult ({ check }: { check: ProtocolCheck }) {
  if (check.valid) {
    return (
      <p role='status' className='ok' data-testid='validation'>
        Valid: version {check.version}. Store it to review its impact.
      </p>
    )
  }
  return (
    <div role='alert' className='error-summary' data-testid='validation'>
      <p className='error'>
        {check.problems.length} problem{check.problems.length === 1 ? '' : 's'}
        {check.version ? ` in version ${check.version}` : ''}: nothing was stored.
      </p>
      <table className='admin-table'>
        <thead>
          <tr>
            <th scope='col'>Where</th>
            <th scope='col'>Problem</th>
          </tr>
        </thead>
        <tbody>
          {check.problems.map((p, i) => (
            <tr key={i}>
              <th scope='row'>
                <code>{p.path}</code>
              </th>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

// ------------------------------------------------------------------ one version

export function ProtocolVersionPage (_: { user: User }) {
  const version = useParams().version!
  const [v, setV] = useState<(ProtocolVersion & { document: unknown }) | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [impact, setImpact] = useState<ProtocolImpact | null>(null)
  const uploaded = (useLocation().state as { uploaded?: 'new' | 'same' } | null)?.uploaded
  const [activated, setActivated] = useState(false)
  const reload = (): void => {
    getProtocol(version)
      .then(setV)
      .catch((e: unknown) => setError(e instanceof ApiError && e.status === 404 ? `There is no version ${version}.` : messageOf(e)))
  }
  useEffect(reload, [version])

  return (
    <main className='admin-main' id='admin-main'>
      <p>
        <Link to='/admin/protocols'>← All versions</Link>
      </p>
      <h1>Protocol {version}</h1>
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      {activated && (
        <p role='status' className='ok'>
          Protocol {version} is in force.
        </p>
      )}
      {uploaded && !activated && (
        <p role='status' className='ok'>
          {uploaded === 'new' ? `Version ${version} stored.` : `Version ${version} was already stored with the same content.`} Review
          its impact before you activate it.
        </p>
      )}
      {v && (
        <>
          <p>
            {v.name}. Uploaded {when(v.uploadedAt)}
            {v.uploadedByEmail ? ` by ${v.uploadedByEmail}` : ''}.
            {v.activatedAt ? ` Last activated ${when(v.activatedAt)}${v.activatedByEmail ? ` by ${v.activatedByEmail}` : ''}.` : ''}{' '}
            {v.inForce ? <strong>In force.</strong> : 'Not in force.'}
          </p>
          {!v.inForce && <Impact version={version} impact={impact} onImpact={setImpact} />}
          {!v.inForce && (
            <Activate
              version={version}
              impact={impact}
              onActivated={() => {
                setActivated(true)
                reload()
              }}
            />
          )}
          <DocumentView doc={v.document} />
        </>
      )}
    </main>
  )
}

function parseCallTypes (text: string): Array<string | { callType: string; count: number }> {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^(.*?)[,;\t]\s*(\d+(?:\.\d+)?)$/.exec(l)
      return m ? { callType: m[1].trim(), count: Number(m[2]) } : l
    })
}

function Impact ({
  version,
  impact,
  onImpact
}: {
  version: string
  impact: ProtocolImpact | null
  onImpact: (i: ProtocolImpact) => void
}) {
  const [days, setDays] = useState('90')
  const [list, setList] = useState('')
  const [errors, setErrors] = useState<{ days?: string; form?: string }>({})
  const [busy, setBusy] = useState(false)

  const review = async (): Promise<void> => {
    const d = Number(days)
    if (!Number.isInteger(d) || d < 1 || d > 366) {
      setErrors({ days: 'must be a whole number of days from 1 to 366' })
      return
    }
    setBusy(true)
    setErrors({})
    try {
      const callTypes = parseCallTypes(list)
      onImpact(await protocolImpact(version, { days: d, ...(callTypes.length > 0 ? { callTypes } : {}) }))
    } catch (err) {
      setErrors({ form: messageOf(err) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className='panel' aria-labelledby='impact-h'>
      <h2 id='impact-h'>Impact review</h2>
      <form
        noValidate
        className='admin-form'
        onSubmit={(e) => {
          e.preventDefault()
          review().catch(() => {})
        }}
      >
        <div className='field'>
          <label htmlFor='days'>Recent calls of the last (days)</label>
          <input {...described('days', errors.days)} inputMode='numeric' value={days} onChange={(e) => setDays(e.target.value)} />
          <FieldError id='days' error={errors.days} />
        </div>
        <div className='field wide'>
          <label htmlFor='call-types'>Call-type list (optional)</label>
          <textarea {...described('call-types', null, true)} rows={4} value={list} onChange={(e) => setList(e.target.value)} />
          <p id='call-types-hint' className='hint'>
            One call type per line, optionally with a count after a comma (e.g. <code>415 MAN, 120</code>).
          </p>
        </div>
        {errors.form && (
          <p role='alert' className='error'>
            {errors.form}
          </p>
        )}
        <button type='submit' className='primary' disabled={busy}>
          {busy ? 'Reviewing…' : 'Review impact'}
        </button>
      </form>
      {impact && (
        <div data-testid='impact' role='status'>
          <h3>
            Recent calls ({impact.recent.days} days): {impact.recent.liveCalls} live, {impact.recent.importedCalls} imported
            {impact.recent.truncated ? ' (the newest only)' : ''}
          </h3>
          <ImpactTable table={impact.recent.table} from={impact.from} to={impact.to} />
          {impact.uploaded && (
            <>
              <h3>Your call-type list</h3>
              <ImpactTable table={impact.uploaded} from={impact.from} to={impact.to} />
            </>
          )}
        </div>
      )}
    </section>
  )
}

type Table = ProtocolImpact['recent']['table']
const outcome = (o: Table['moves'][number]['from']): string => `${label(o.category)} · ${label(o.response)} · P${o.priority}`

function ImpactTable ({ table, from, to }: { table: Table; from: string; to: string }) {
  return (
    <>
      <p className='impact-summary'>
        <strong>{table.changedCalls}</strong> of {table.calls} calls ({table.changedCallTypes} of {table.callTypes} call types) would be
        triaged differently under {to} than under {from}.
      </p>
      {table.moves.length > 0 && (
        <TableScroll label='Call types that move'>
          <table className='admin-table'>
            <caption>Call types that move</caption>
            <thead>
              <tr>
                <th scope='col'>Call type</th>
                <th scope='col'>Calls</th>
                <th scope='col'>Now ({from})</th>
                <th scope='col'>With {to}</th>
                <th scope='col'>Changes</th>
              </tr>
            </thead>
            <tbody>
              {table.moves.map((m, i) => (
                <tr key={i}>
                  <th scope='row'>
                    {m.callType}
                    {m.description && <span className='muted block'>{m.description}</span>}
                  </th>
                  <td>{m.calls}</td>
                  <td>{outcome(m.from)}</td>
                  <td>{outcome(m.to)}</td>
                  <td>{m.changed.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <TableScroll label='Calls by response'>
        <table className='admin-table'>
          <caption>Calls by response</caption>
          <thead>
            <tr>
              <th scope='col'>Response</th>
              <th scope='col'>Now</th>
              <th scope='col'>With {to}</th>
            </tr>
          </thead>
          <tbody>
            {table.byResponse.map((r) => (
              <tr key={r.response}>
                <th scope='row'>{label(r.response)}</th>
                <td>{r.before}</td>
                <td>{r.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  )
}

function Activate ({ version, impact, onActivated }: { version: string; impact: ProtocolImpact | null; onActivated: () => void }) {
  const [error, setError] = useState<string | null>(null)
  const [dialog, ask] = useConfirm()
  const act = async (): Promise<void> => {
    const t = impact!.recent.table
    const body: ReactNode = (
      <>
        <p>
          From now on every new call is triaged with <strong>{version}</strong> instead of {impact!.from}, on every console.
        </p>
        <p>
          Of the last {impact!.recent.days} days' {t.calls} calls, <strong>{t.changedCalls}</strong> ({t.changedCallTypes} call types)
          would have had another category, response or priority.
          {impact!.uploaded ? ` Of your list's ${impact!.uploaded.calls} calls, ${impact!.uploaded.changedCalls} would.` : ''}
        </p>
      </>
    )
    if (!(await ask({ title: `Activate protocol ${version}?`, body, confirm: `Activate ${version}` }))) return
    setError(null)
    try {
      await activateProtocol(version)
      // the top bar shows it at once here; other consoles hear the live event
      fetchProtocol().catch(() => {})
      onActivated()
    } catch (err) {
      setError(messageOf(err))
    }
  }
  return (
    <section className='panel' aria-labelledby='activate-h'>
      {dialog}
      <h2 id='activate-h'>Activate</h2>
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      {!impact && (
        <p className='hint' id='activate-hint'>
          Review the impact first.
        </p>
      )}
      <button
        type='button'
        className='primary'
        disabled={!impact}
        aria-describedby={impact ? undefined : 'activate-hint'}
        onClick={() => {
          act().catch(() => {})
        }}
      >
        Activate {version}
      </button>
    </section>
  )
}

/** The document, read-only: its questions and rules in a few words, and the whole JSON. */
function DocumentView ({ doc }: { doc: unknown }) {
  const d = (doc ?? {}) as {
    questions?: Array<{ id: string; text?: string; label?: string }>
    rules?: Array<{ id?: string; name?: string; kind?: string; reason?: string }>
  }
  return (
    <section className='panel' aria-labelledby='doc-h'>
      <h2 id='doc-h'>Document</h2>
      {Array.isArray(d.questions) && (
        <details>
          <summary>{d.questions.length} screening questions</summary>
          <ul>
            {d.questions.map((q) => (
              <li key={q.id}>
                <code>{q.id}</code>: {q.text ?? q.label}
              </li>
            ))}
          </ul>
        </details>
      )}
      {Array.isArray(d.rules) && (
        <details>
          <summary>{d.rules.length} rules</summary>
          <ol>
            {d.rules.map((r, i) => (
              <li key={r.id ?? i}>
                <strong>{r.name ?? r.id}</strong>
                {r.kind ? ` (${r.kind})` : ''}
                {r.reason ? `: ${r.reason}` : ''}
              </li>
            ))}
          </ol>
        </details>
      )}
      <details>
        <summary>The whole document (JSON)</summary>
        <pre className='code' tabIndex={0}>
          {JSON.stringify(doc, null, 2)}
        </pre>
      </details>
    </section>
  )
}
