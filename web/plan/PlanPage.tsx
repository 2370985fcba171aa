// The planner's workspace: scenarios on the left (shipped ones read-only, planners' own), and for the chosen one
// an editor, runs in the browser's simulator worker with their results, comparison with another scenario on common
// random numbers, siting bases on the map, and building from (or replaying) the city's own call history.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { stableJson } from '../../simulations/stable-json'
import type { Scenario } from '../../simulations/scenario'
import type { User } from '../api/resources'
import {
  createScenario,
  deleteRun,
  deleteScenario,
  downloadText,
  duplicateScenario,
  exportScenario,
  getRun,
  getScenario,
  importScenario,
  listRuns,
  listScenarios,
  renameScenario,
  saveRun,
  saveScenario,
  type RunInfo,
  type ScenarioInfo,
  type StoredScenario
} from '../api/planning'
import { ScenarioEditor, scenarioErrors } from './ScenarioEditor'
import { Results, type Summary } from './Results'
import { Cancelled, SimClient } from './sim-client'
import type { Distributions } from './sim-protocol'
import { ComparePanel } from './ComparePanel'
import { SitingPanel } from './SitingPanel'
import { HistoryPanel } from './HistoryPanel'

type Tab = 'run' | 'edit' | 'compare' | 'site' | 'history'

export interface RunState {
  done: number
  total: number
  label: string
}

/** One simulator worker for the page; runs share it one at a time. */
export function useSimulator () {
  const client = useRef<SimClient | null>(null)
  client.current ??= new SimClient()
  useEffect(() => () => client.current?.dispose(), [])
  const [progress, setProgress] = useState<RunState | null>(null)
  const run = useCallback(
    async <T,>(label: string, fn: (c: SimClient, onProgress: (d: number, t: number) => void) => Promise<T>): Promise<T | null> => {
      setProgress({ done: 0, total: 1, label })
      try {
        return await fn(client.current!, (done, total) => setProgress({ done, total, label }))
      } catch (e) {
        if (e instanceof Cancelled) return null
        throw e
      } finally {
        setProgress(null)
      }
    },
    []
  )
  return { client: client.current, progress, run, cancel: () => client.current?.cancel() }
}

export function Progress ({ p, onCancel }: { p: RunState; onCancel: () => void }) {
  return (
    <div className='progress-row' role='status'>
      <span>
        {p.label}: replication {Math.min(p.done + 1, p.total)} of {p.total}
      </span>
      <progress max={p.total} value={p.done} aria-label='Simulation progress' />
      <button type='button' onClick={onCancel}>
        Cancel
      </button>
    </div>
  )
}

interface Outcome {
  summary: Summary
  summaryText: string
  dist: Distributions | null
  saved: RunInfo | null
  note: string | null
}

function RunPanel ({
  sc,
  doc,
  dirty,
  sim
}: {
  sc: StoredScenario
  doc: Scenario
  dirty: boolean
  sim: ReturnType<typeof useSimulator>
}) {
  const [seed, setSeed] = useState(String(doc.seed ?? 1))
  const [reps, setReps] = useState(String(doc.replications ?? 1))
  const [days, setDays] = useState(String(doc.days ?? 7))
  const [out, setOut] = useState<Outcome | null>(null)
  const [runs, setRuns] = useState<RunInfo[]>([])
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    setSeed(String(doc.seed ?? 1))
    setReps(String(doc.replications ?? 1))
    setDays(String(doc.days ?? 7))
  }, [sc.id])
  const refresh = useCallback(() => {
    listRuns(sc.id)
      .then(setRuns)
      .catch(() => {})
  }, [sc.id])
  useEffect(() => {
    setOut(null)
    setError(null)
    refresh()
  }, [sc.id, refresh])
  const valid = scenarioErrors(doc).length === 0
  const go = async (): Promise<void> => {
    setError(null)
    try {
      const text = stableJson(doc)
      const r = await sim.run(
        `Simulating ${doc.name}`,
        async (c, onProgress) =>
          await c.request({ type: 'run', text, seed: Number(seed), replications: Number(reps), days: Number(days) }, 'done', onProgress)
      )
      if (!r) return
      const summary = JSON.parse(r.summaryText) as Summary
      let saved: RunInfo | null = null
      let note: string | null = null
      if (!dirty) {
        saved = await saveRun({ scenarioId: sc.id, kind: 'simulation', codeVersion: r.codeVersion, elapsedMs: r.elapsedMs, summary })
        refresh()
      } else note = 'This run is of unsaved edits: save the scenario to keep runs of it.'
      setOut({
        summary,
        summaryText: r.summaryText,
        dist: r.distributions,
        saved,
        note:
          note ??
          `Ran in this browser in ${(r.elapsedMs / 1000).toFixed(1)} s (simulator ${r.codeVersion}); scenario ` +
          `hash ${r.sha256.slice(0, 12)}…`
      })
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const file = async (type: 'callsCsv' | 'report'): Promise<void> => {
    try {
      const r = await sim.run(
        type === 'callsCsv' ? 'Writing calls.csv' : 'Writing report.html',
        async (c) => await c.request({ type }, 'file')
      )
      if (r) downloadText(r.name, r.text, type === 'callsCsv' ? 'text/csv' : 'text/html')
    } catch (e) {
      setError(`${(e as Error).message}: run the scenario again, then download`)
    }
  }
  const openRun = async (id: string): Promise<void> => {
    const r = await getRun(id)
    // stored as the simulator that ran it wrote it (the API keeps summary.json as it came)
    setOut({
      summary: r.summary as Summary,
      summaryText: stableJson(r.summary),
      dist: null,
      saved: r,
      note: `Saved run of ${new Date(r.createdAt).toLocaleString()} by ${r.author ?? 'someone'} (${r.platform}, ` +
        `simulator ${r.codeVersion}); calls.csv and report.html come from running it again.`
    })
  }
  return (
    <div className='run-panel'>
      <div className='row run-options'>
        <label className='pfield w-s'>
          <span>seed</span>
          <input type='text' inputMode='numeric' value={seed} onChange={(e) => setSeed(e.target.value)} />
        </label>
        <label className='pfield w-s'>
          <span>replications</span>
          <input type='text' inputMode='numeric' value={reps} onChange={(e) => setReps(e.target.value)} />
        </label>
        <label className='pfield w-s'>
          <span>days</span>
          <input type='text' inputMode='numeric' value={days} onChange={(e) => setDays(e.target.value)} />
        </label>
        <button
          type='button'
          className='primary'
          disabled={!valid || sim.progress !== null || !(Number(reps) >= 1) || !(Number(days) > 0) || !(Number(seed) >= 0)}
          onClick={() => {
            go()
          }}
        >
          Run
        </button>
        {!valid && <span className='pfield-error'>Fix the scenario's problems (Edit) to run it.</span>}
      </div>
      {error && (
        <p className='error' role='alert'>
          {error}
        </p>
      )}
      {out && (
        <>
          <p className='muted small'>{out.note}</p>
          <div className='row downloads'>
            <button type='button' onClick={() => downloadText('summary.json', out.summaryText)}>
              Download summary.json
            </button>
            {out.dist && (
              <button
                type='button'
                onClick={() => {
                  file('callsCsv')
                }}
              >
                Download calls.csv
              </button>
            )}
            {out.dist && (
              <button
                type='button'
                onClick={() => {
                  file('report')
                }}
              >
                Download report.html
              </button>
            )}
          </div>
          <Results s={out.summary} d={out.dist} />
        </>
      )}
      {runs.length > 0 && (
        <table className='plan-table'>
          <caption>Saved runs of this scenario</caption>
          <thead>
            <tr>
              <th>When</th>
              <th>By</th>
              <th>Kind</th>
              <th>Seed</th>
              <th>Replications</th>
              <th>Days</th>
              <th>p90 (min)</th>
              <th>Code</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>{new Date(r.createdAt).toLocaleString()}</td>
                <td>{r.author ?? '–'}</td>
                <td>{r.kind}</td>
                <td>{r.seed}</td>
                <td>{r.replications}</td>
                <td>{r.days}</td>
                <td>{r.responseP90?.toFixed(1) ?? '–'}</td>
                <td title={r.scenarioSha256}>{r.codeVersion}</td>
                <td>
                  <button
                    type='button'
                    onClick={() => {
                      openRun(r.id)
                    }}
                  >
                    Open
                  </button>{' '}
                  {r.editable && (
                    <button
                      type='button'
                      onClick={() => {
                        deleteRun(r.id).then(refresh)
                      }}
                    >
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}

export function PlanPage ({ user }: { user: User }) {
  const [list, setList] = useState<ScenarioInfo[] | null>(null)
  const [sc, setSc] = useState<StoredScenario | null>(null)
  const [doc, setDoc] = useState<Scenario | null>(null)
  const [tab, setTab] = useState<Tab>('run')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const sim = useSimulator()
  const handleCancel = sim.cancel
  const fileInput = useRef<HTMLInputElement>(null)

  const refresh = useCallback(async () => {
    setList(await listScenarios())
  }, [])
  useEffect(() => {
    refresh().catch((e: Error) => setError(e.message))
  }, [refresh])

  const open = useCallback(async (id: string, t?: Tab) => {
    setError(null)
    const s = await getScenario(id)
    setSc(s)
    setDoc(s.document)
    if (t) setTab(t)
  }, [])
  const dirty = useMemo(() => sc !== null && doc !== null && stableJson(doc) !== stableJson(sc.document), [sc, doc])
  const act = async (fn: () => Promise<void>): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await fn()
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  const adopt = async (s: StoredScenario, t: Tab = 'edit'): Promise<void> => {
    await refresh()
    setSc(s)
    setDoc(s.document)
    setTab(t)
  }

  const tabs: Array<[Tab, string]> = [
    ['run', 'Run & results'],
    ['edit', sc?.shipped === true ? 'View' : 'Edit'],
    ['compare', 'Compare'],
    ['site', 'Site bases'],
    ['history', 'From history']
  ]
  return (
    <div className='plan'>
      <div className='plan-body'>
        <aside className='scenario-list' aria-label='Scenarios'>
          <h2>Scenarios</h2>
          {list === null ? (
            <p>Loading…</p>
          ) : (
            <ul>
              {list.map((s) => (
                <li key={s.id}>
                  <button
                    type='button'
                    className='scenario-link'
                    aria-current={sc?.id === s.id}
                    onClick={() => {
                      open(s.id).catch((e: Error) => setError(e.message))
                    }}
                  >
                    <span className='scenario-name'>{s.name}</span>
                    <span className='muted small'>
                      {s.shipped ? 'shipped, read-only' : `${s.author ?? 'unknown'} ` +
                        `· ${new Date(s.updatedAt!).toLocaleDateString()}`} ·{' '}
                      {s.teams} units · {s.callsPerDay.toFixed(0)} calls/day
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className='list-actions'>
            <button type='button' onClick={() => fileInput.current?.click()}>
              Open a scenario file…
            </button>
            <input
              ref={fileInput}
              type='file'
              accept='application/json,.json'
              hidden
              onChange={(e) => {
                const f = e.target.files?.[0]
                e.target.value = ''
                if (f) {
                  act(async () => {
                    await adopt(await importScenario(await f.text()))
                  })
                }
              }}
            />
            <button
              type='button'
              onClick={() => {
                setSc(null)
                setDoc(null)
                setTab('history')
              }}
            >
              Build a scenario from history…
            </button>
          </div>
          <p className='muted small'>
            Scenarios are the files <code>npm run simulate</code> reads: export one to run it there, with the same results.
          </p>
        </aside>
        <main className='plan-main'>
          {error && (
            <p className='error' role='alert'>
              {error}
            </p>
          )}
          {sim.progress && <Progress p={sim.progress} onCancel={handleCancel} />}
          {!sc && tab !== 'history' && (
            <section className='plan-intro'>
              <h1>Planning workspace</h1>
              <p>
                Choose a scenario on the left — the LA baseline is a good start — to see its teams, run it in this browser and read its
                results. Duplicate one to change it; compare two on the same simulated calls; site bases on the map; or build a scenario
                from the city's own call history and replay that history under a plan.
              </p>
            </section>
          )}
          {sc && doc && (
            <>
              <div className='scenario-head'>
                <h1>{doc.name}</h1>
                <p className='muted small'>
                  {sc.shipped
                    ? 'Shipped with the simulator (read-only): duplicate it to change it.'
                    : `By ${sc.author ?? 'unknown'}, saved ${new Date(sc.updatedAt!).toLocaleString()}.${sc.editable
? ''
: ' Owned ' +
                      `by ${sc.owner ?? 'an admin'}: save your changes as a new scenario.`}`}{' '}
                  Hash {sc.sha256.slice(0, 12)}…{dirty ? ' · unsaved changes' : ''}
                </p>
                <div className='row'>
                  {sc.editable && (
                    <button
                      type='button'
                      className='primary'
                      disabled={!dirty || busy || scenarioErrors(doc).length > 0}
                      onClick={() => {
                        act(async () => {
                          await adopt(await saveScenario(sc.id, doc), tab)
                        })
                      }}
                    >
                      Save
                    </button>
                  )}
                  {sc.editable && dirty && (
                    <button type='button' onClick={() => setDoc(sc.document)}>
                      Discard changes
                    </button>
                  )}
                  <button
                    type='button'
                    disabled={busy}
                    onClick={() => {
                      act(async () => {
                        await adopt(await duplicateScenario(sc.id))
                      })
                    }}
                  >
                    Duplicate
                  </button>
                  {sc.editable && (
                    <button
                      type='button'
                      disabled={busy}
                      onClick={() => {
                        const n = window.prompt('New name', doc.name)
                        if (n) {
                          act(async () => {
                            await adopt(await renameScenario(sc.id, n), tab)
                          })
                        }
                      }}
                    >
                      Rename
                    </button>
                  )}
                  <button
                    type='button'
                    disabled={busy}
                    onClick={() => {
                      act(async () => {
                        const f = await exportScenario(sc.id)
                        downloadText(f.fileName, f.text)
                      })
                    }}
                  >
                    Export file
                  </button>
                  {dirty && !sc.editable && (
                    <button
                      type='button'
                      disabled={busy || scenarioErrors(doc).length > 0}
                      onClick={() => {
                        act(async () => {
                          await adopt(await createScenario(doc))
                        })
                      }}
                    >
                      Save as a new scenario
                    </button>
                  )}
                  {sc.editable && (
                    <button
                      type='button'
                      disabled={busy}
                      onClick={() => {
                        if (window.confirm(`Delete "${doc.name}"? Its saved runs stay.`)) {
                          act(async () => {
                            await deleteScenario(sc.id)
                            setSc(null)
                            setDoc(null)
                            await refresh()
                          })
                        }
                      }}
                    >
                      Delete
                    </button>
                  )}
                </div>
              </div>
              <nav className='tabs' aria-label='Scenario'>
                {tabs.map(([t, label]) => (
                  <button type='button' key={t} role='tab' aria-selected={tab === t} onClick={() => setTab(t)}>
                    {label}
                  </button>
                ))}
              </nav>
              {tab === 'run' && <RunPanel sc={sc} doc={doc} dirty={dirty} sim={sim} />}
              {tab === 'edit' && <ScenarioEditor doc={doc} onChange={setDoc} readOnly={sc.shipped} />}
              {tab === 'compare' && list && <ComparePanel a={sc} aDoc={doc} list={list} sim={sim} />}
              {tab === 'site' && (
                <SitingPanel
                  doc={doc}
                  readOnly={sc.shipped}
                  onAccept={(d) => {
                    setDoc(d)
                    setTab('edit')
                  }}
                  sim={sim}
                />
              )}
            </>
          )}
          {tab === 'history' && (
            <HistoryPanel
              doc={doc}
              sim={sim}
              onCreated={(s) => {
                adopt(s, 'run')
              }}
            />
          )}
        </main>
      </div>
    </div>
  )
}
