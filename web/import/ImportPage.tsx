// The import page (admins, planners): pick a CAD export, see its first rows, map its columns with a live preview
// of how they will be read, start, watch the progress, read the summary and download the rejects.
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from '../api/client'
import {
  createImport,
  downloadRejects,
  getImport,
  listImports,
  previewImport,
  uploadImportFile,
  type ImportRun,
  type Mapping,
  type Preview
} from '../api/imports'
import { CATEGORY_LABEL, label } from '../lib/format'
import { MappingForm, type Draft } from './MappingForm'

const SAMPLE_BYTES = 256 * 1024
const int = (n: number) => n.toLocaleString('en-US')
const message = (e: unknown) => (e instanceof ApiError ? e.message : String(e))

function Summary ({ run }: { run: ImportRun }) {
  const accepted = run.imported + run.skipped
  return (
    <div className='import-summary' data-testid='import-summary'>
      <p>
        <strong>{int(run.read)} rows read</strong>: {int(run.imported)} new, {int(run.skipped)} already there (skipped),{' '}
        {int(run.rejected.total)} rejected{run.seconds !== null ? `, in ${run.seconds.toFixed(1)} s` : ''}.
      </p>
      {run.rejected.total > 0 && (
        <p>
          Rejected:{' '}
          {Object.entries(run.rejected.byReason)
            .map(([r, n]) => `${int(n)} ${label(r)}`)
            .join(', ')}
          .
        </p>
      )}
      <p>
        Triage of {int(run.callTypes)} call types:{' '}
        {Object.entries(run.responses)
          .sort((a, b) => b[1] - a[1])
          .map(([r, n]) => `${label(r)} ${int(n)} (${accepted ? Math.round((100 * n) / accepted) : 0}%)`)
          .join(', ')}
        .
      </p>
      {run.error && <p className='error'>{run.error}</p>}
      {run.rejected.total > 0 && (
        <button
          type='button'
          onClick={() => {
            downloadRejects(run).catch(() => {})
          }}
        >
          Download the rejects (CSV)
        </button>
      )}
    </div>
  )
}

export function ImportPage () {
  const [file, setFile] = useState<File | null>(null)
  const [sample, setSample] = useState<{ text: string; complete: boolean } | null>(null)
  const [codeBook, setCodeBook] = useState<{ name: string; text: string } | null>(null)
  const [mapping, setMapping] = useState<Draft>({})
  const [timeZone, setTimeZone] = useState('')
  const [source, setSource] = useState('cad')
  const [preview, setPreview] = useState<Preview | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [run, setRun] = useState<ImportRun | null>(null)
  const [busy, setBusy] = useState(false)
  const [runs, setRuns] = useState<ImportRun[]>([])
  const suggested = useRef(false)

  const reloadRuns = useCallback(() => {
    listImports()
      .then(setRuns)
      .catch(() => {})
  }, [])
  useEffect(reloadRuns, [reloadRuns])

  const pickFile = async (f: File | null) => {
    setFile(f)
    setPreview(null)
    setRun(null)
    setError(null)
    setMapping({})
    suggested.current = false
    if (f) setSample({ text: await f.slice(0, SAMPLE_BYTES).text(), complete: f.size <= SAMPLE_BYTES })
  }

  // The live preview: every change of mapping, zone or code book reads the first rows again.
  useEffect(() => {
    if (!sample) return
    const ctrl = new AbortController()
    const t = setTimeout(() => {
      previewImport(
        {
          sample: sample.text,
          complete: sample.complete,
          mapping,
          ...(timeZone.trim() ? { timeZone: timeZone.trim() } : {}),
          ...(codeBook ? { codeBook: codeBook.text } : {})
        },
        ctrl.signal
      )
        .then((p) => {
          setError(null)
          setPreview(p)
          if (!suggested.current) {
            suggested.current = true
            if (Object.keys(mapping).length === 0 && Object.keys(p.suggested).length > 0) setMapping(p.suggested)
            if (!timeZone) setTimeZone(p.timeZone)
          }
        })
        .catch((e: unknown) => {
          if (!ctrl.signal.aborted) setError(message(e))
        })
    }, 250)
    return () => {
      clearTimeout(t)
      ctrl.abort()
    }
  }, [sample, mapping, timeZone, codeBook])

  const start = async () => {
    if (!file || !preview) return
    setBusy(true)
    setError(null)
    let poll: ReturnType<typeof setInterval> | undefined
    try {
      const created = await createImport({
        fileName: file.name,
        fileBytes: file.size,
        source,
        mapping: mapping as Mapping,
        header: preview.header,
        ...(timeZone.trim() ? { timeZone: timeZone.trim() } : {}),
        ...(codeBook ? { codeBook } : {})
      })
      setRun(created)
      poll = setInterval(() => {
        getImport(created.id)
          .then((r) => setRun((cur) => (cur?.status === 'done' ? cur : r)))
          .catch(() => {})
      }, 500)
      setRun(await uploadImportFile(created.id, file))
    } catch (e) {
      setError(message(e))
    } finally {
      clearInterval(poll)
      setBusy(false)
      reloadRuns()
    }
  }

  const share = run && run.fileBytes ? Math.min(1, run.bytesRead / run.fileBytes) : 0
  return (
    <main className='import-main'>
      <section className='panel' aria-labelledby='import-h'>
        <h1 id='import-h'>Import call history</h1>
        <p className='muted'>
          A CAD export (CSV) becomes historical call records for reports and the simulator. They never show in the queue, on the map or
          in the live stream. Importing the same file again adds nothing.
        </p>
        <div className='import-files'>
          <label>
            CAD export (CSV)
            <input
              type='file'
              accept='.csv,text/csv'
              onChange={(e) => {
                pickFile(e.target.files?.[0] ?? null).catch(() => {})
              }}
            />
          </label>
          <label>
            Code book (optional CSV: code, description)
            <input
              type='file'
              accept='.csv,text/csv'
              onChange={(e) => {
                const f = e.target.files?.[0]
                if (f) {
                  f.text()
                    .then((text) => setCodeBook({ name: f.name, text }))
                    .catch(() => {})
                } else setCodeBook(null)
              }}
            />
          </label>
          <label>
            Source name
            <input value={source} onChange={(e) => setSource(e.target.value)} />
          </label>
          <label>
            Time zone of the file's times
            <input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} placeholder='America/Los_Angeles' />
          </label>
        </div>
        {error && (
          <p role='alert' className='error'>
            {error}
          </p>
        )}
      </section>

      {preview && (
        <section className='panel' aria-labelledby='rows-h'>
          <h2 id='rows-h'>First rows of {file?.name}</h2>
          <div className='table-wrap'>
            <table className='grid-table'>
              <thead>
                <tr>
                  <th>line</th>
                  {preview.header.map((h) => (
                    <th key={h}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.slice(0, 6).map((r) => (
                  <tr key={r.line}>
                    <td>{r.line}</td>
                    {r.error ? (
                      <td colSpan={preview.header.length} className='error'>
                        {r.error}
                      </td>
                    ) : (
                      r.fields.map((v, i) => <td key={i}>{v}</td>)
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {preview && preview.header.length > 0 && (
        <section className='panel import-map' aria-labelledby='map-h'>
          <h2 id='map-h'>Columns</h2>
          <MappingForm header={preview.header} mapping={mapping} onChange={setMapping} />
          <h2>How the first rows will be read</h2>
          {preview.mappingError && (
            <p className='error' role='status'>
              {preview.mappingError}
            </p>
          )}
          <div className='table-wrap'>
            <table className='grid-table' data-testid='import-preview'>
              <thead>
                <tr>
                  <th>line</th>
                  <th>received ({preview.timeZone})</th>
                  <th>call type</th>
                  <th>triage</th>
                  <th>address</th>
                  <th>area</th>
                  <th>dispatched / on scene / cleared</th>
                </tr>
              </thead>
              <tbody>
                {preview.readings.map((r) =>
                  r.ok
                    ? (
                      <tr key={r.line}>
                        <td>{r.line}</td>
                        <td>{r.receivedLocal}</td>
                        <td>
                          {r.callType}
                          {r.callTypeText ? ` (${r.callTypeText})` : ''}
                        </td>
                        <td>
                          {CATEGORY_LABEL[r.category ?? ''] ?? r.category}, {label(r.response)}, P{r.priority}
                        </td>
                        <td>
                          {r.address ?? '—'}
                          {r.lat !== null && r.lat !== undefined ? ` (${r.lat}, ${r.lon})` : ''}
                        </td>
                        <td>{[r.area, ...Object.values(r.areas ?? {})].filter(Boolean).join(' · ') || '—'}</td>
                        <td>{[r.chain?.dispatched, r.chain?.onScene, r.chain?.cleared].map((t) => t?.slice(11) ?? '—').join(' / ')}</td>
                      </tr>
                      )
                    : (
                      <tr key={r.line} className='reject'>
                        <td>{r.line}</td>
                        <td colSpan={6}>
                          rejected: {label(r.reason)}: {r.message}
                        </td>
                      </tr>
                      )
                )}
              </tbody>
            </table>
          </div>
          <button
            type='button'
            className='primary'
            disabled={busy || preview.mappingError !== null || !/^[\w.:-]{1,100}$/.test(source)}
            onClick={() => {
              start().catch(() => {})
            }}
          >
            Start import
          </button>
        </section>
      )}

      {run && (
        <section className='panel' aria-labelledby='progress-h'>
          <h2 id='progress-h'>
            {run.status === 'done' ? 'Imported' : run.status === 'failed' ? 'Import failed' : 'Importing…'} {run.fileName}
          </h2>
          <progress max={1} value={run.status === 'done' ? 1 : share} aria-label='Import progress' />
          <p role='status'>
            {int(run.read)} rows{run.rowsPerSecond ? `, ${int(run.rowsPerSecond)} rows/s` : ''} ·{' '}
            {Math.round((run.status === 'done' ? 1 : share) * 100)}%
          </p>
          {(run.status === 'done' || run.status === 'failed') && <Summary run={run} />}
        </section>
      )}

      <section className='panel' aria-labelledby='runs-h'>
        <h2 id='runs-h'>Past imports</h2>
        <div className='table-wrap'>
          <table className='grid-table'>
            <thead>
              <tr>
                <th>when</th>
                <th>who</th>
                <th>file</th>
                <th>source</th>
                <th>status</th>
                <th>read</th>
                <th>new</th>
                <th>skipped</th>
                <th>rejected</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td>{new Date(r.createdAt).toLocaleString()}</td>
                  <td>{r.actor}</td>
                  <td>{r.fileName}</td>
                  <td>{r.source}</td>
                  <td>{r.status}</td>
                  <td>{int(r.read)}</td>
                  <td>{int(r.imported)}</td>
                  <td>{int(r.skipped)}</td>
                  <td>{int(r.rejected.total)}</td>
                  <td>
                    {r.rejected.total > 0 && (
                      <button
                        type='button'
                        className='link'
                        onClick={() => {
                          downloadRejects(r).catch(() => {})
                        }}
                      >
                        rejects
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </main>
  )
}
