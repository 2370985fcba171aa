// From the city's own history: load the calls of a period (live, imported or both; times, triage results and
// areas only), build a scenario from them (demand, hour-of-week profile, where calls fall, fitted turnout and
// on-scene times shown beside the data, the roster), and replay that period's calls under the plan being
// edited, beside what really happened (the reports' figures for the same period and interval definitions).
import { useMemo, useState } from 'react'
import { stableJson } from '../../simulations/stable-json'
import type { Scenario } from '../../simulations/scenario'
import type { HistoryFit, LognormalFit } from '../../simulations/history-fit'
import { createScenario, getScenario, history as loadHistory, type History, type StoredScenario } from '../api/planning'
import { intervalsReport, type IntervalsReport } from '../api/reports'
import { SimpleChart } from './charts'
import { Headline, AreaMap, type Summary } from './Results'
import type { useSimulator } from './PlanPage'

const DAY = 86_400_000
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
const f2 = (x: number): string => x.toFixed(2)

function FitRow ({ label, f }: { label: string; f: LognormalFit | null | undefined }) {
  if (!f) {
    return (
      <tr>
        <td>{label}</td>
        <td colSpan={5}>fewer than 10 measured: kept from the base scenario</td>
      </tr>
    )
  }
  return (
    <tr>
      <td>{label}</td>
      <td>{f.n}</td>
      <td>{f2(f.mean)}</td>
      <td>{f2(f.sd)}</td>
      <td>
        {f2(f.mu)} [{f2(f.muCi[0])}, {f2(f.muCi[1])}]
      </td>
      <td>
        {f2(f.sigma)} [{f2(f.sigmaCi[0])}, {f2(f.sigmaCi[1])}]
      </td>
    </tr>
  )
}

function FitChart ({ label, f }: { label: string; f: LognormalFit }) {
  const labels = useMemo(() => f.bins.map((b, i) => (i === f.bins.length - 1 ? `${b}+` : String(b))), [f])
  const series = useMemo(
    () => [
      { name: 'data', values: f.observed, kind: 'bar' as const },
      { name: 'fitted lognormal', values: f.fitted, kind: 'line' as const }
    ],
    [f]
  )
  return (
    <SimpleChart
      title={`${label}: data and fitted lognormal (n = ${f.n})`}
      labels={labels}
      series={series}
      yLabel='% of calls'
      xLabel='minutes'
      percent
      kind='bar'
      height={180}
    />
  )
}

/** The history's warnings, before running (an alert as the calls load) and beside the results (a note to read them by). */
function HistoryWarnings ({ h, id, beside }: { h: History; id?: string; beside?: boolean }) {
  if (h.warnings.length === 0) return null
  return (
    <div
      className='history-warnings'
      id={id}
      role={beside ? undefined : 'alert'}
      data-testid={beside ? 'history-warnings-beside' : 'history-warnings'}
    >
      <strong>{beside ? 'Read these figures with care:' : 'Before you build or replay:'}</strong>
      <ul>
        {h.warnings.map((w) => (
          <li key={w.code} data-code={w.code}>
            {w.message}
          </li>
        ))}
      </ul>
    </div>
  )
}

const HOW = Array.from(
  { length: 168 },
  (_, h) => `${['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][Math.floor(h / 24)]} ${String(h % 24).padStart(2, '0')}:00`
)

export function HistoryPanel ({
  doc,
  sim,
  onCreated
}: {
  doc: Scenario | null
  sim: ReturnType<typeof useSimulator>
  onCreated: (s: StoredScenario) => void
}) {
  const [from, setFrom] = useState(isoDay(Date.now() - 91 * DAY))
  const [to, setTo] = useState(isoDay(Date.now() - DAY))
  const [source, setSource] = useState<Parameters<typeof loadHistory>[2]>('both')
  const [h, setH] = useState<History | null>(null)
  const [fit, setFit] = useState<HistoryFit | null>(null)
  const [replay, setReplay] = useState<{ s: Summary; actual: IntervalsReport | null; unplaced: number | null } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [onlyUnmet, setOnlyUnmet] = useState(false)
  const label = `${from} to ${to}`
  const unmetCount = useMemo(() => h?.records.filter((r) => r.unmet).length ?? 0, [h])
  const load = async (): Promise<void> => {
    setError(null)
    setFit(null)
    setReplay(null)
    try {
      setH(await loadHistory(from, to, source))
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const startMinute = h ? (Date.parse(`${from}T00:00:00Z`) - Date.parse(`${h.startDay}T00:00:00Z`)) / 60_000 : 0
  const build = async (): Promise<void> => {
    if (!h) return
    setError(null)
    try {
      const base = doc ?? (await getScenario('shipped-la-baseline')).document
      // Unmet demand as a scenario's demand: the eligible calls no care team reached, by hour of week and district.
      const calls = onlyUnmet ? h.records.filter((x) => x.unmet) : h.records
      const name = onlyUnmet ? `Unmet demand, ${label}` : `From history, ${label}`
      const periodLabel = onlyUnmet ? `${label} (unmet demand only)` : label
      const r = await sim.run(
        'Fitting history',
        async (c) =>
          await c.request(
            { type: 'fit', calls, startMinute, endMinute: h.days * 1440, roster: h.roster, base, name, periodLabel },
            'fitted'
          )
      )
      if (r) setFit(r.fit)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const runReplay = async (): Promise<void> => {
    if (!h || !doc) return
    setError(null)
    try {
      const actual = intervalsReport({ from, to, source: source as 'both', category: '', areaSet: '' }, 'none').catch(() => null)
      const r = await sim.run(
        'Replaying history',
        async (c, p) =>
          await c.request(
            {
              type: 'run',
              text: stableJson(doc),
              seed: doc.seed ?? 1,
              replications: 1,
              replay: { calls: h.records, days: h.days, label: `history ${label}` }
            },
            'done',
            p
          )
      )
      if (r) setReplay({ s: JSON.parse(r.summaryText), actual: await actual, unplaced: r.replayUnplaced })
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const counts = useMemo(() => {
    const c: Record<string, number> = {}
    for (const r of h?.records ?? []) c[r.category] = (c[r.category] ?? 0) + 1
    return c
  }, [h])
  const actualRow = replay?.actual ? (replay.actual.table.total ?? replay.actual.table.rows[0]) : null
  const cell = (k: string): string => {
    const v = actualRow?.values[k]
    return typeof v === 'number' ? v.toFixed(1) : v === 'suppressed' ? 'suppressed' : '–'
  }
  return (
    <section className='history'>
      <h2>From history</h2>
      <p>
        Calls of a period, live and imported, reach this page as times, areas, call categories and triage results only — no caller,
        address, coordinates or narrative.
      </p>
      <div className='row'>
        <label className='pfield w-m'>
          <span>from</span>
          <input type='date' value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className='pfield w-m'>
          <span>to</span>
          <input type='date' value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label className='pfield w-m'>
          <span>calls</span>
          <select value={source} onChange={(e) => setSource(e.target.value as typeof source)} aria-label='Calls from'>
            <option value='both'>live and imported</option>
            <option value='live'>live only</option>
            <option value='imported'>imported only</option>
          </select>
        </label>
        <button
          type='button'
          onClick={() => {
            load()
          }}
        >
          Load calls
        </button>
      </div>
      {error && (
        <p className='error' role='alert'>
          {error}
        </p>
      )}
      {h && (
        <>
          <p data-testid='history-loaded'>
            {h.records.length.toLocaleString()} calls (
            {Object.entries(counts)
              .map(([k, n]) => `${k.replace('_', ' ')} ${n}`)
              .join(', ') || 'none'}
            ) in {label} ({h.timeZone}){h.truncated ? ' — more than the workspace takes: the period was cut short' : ''}. Roster today:{' '}
            {h.roster.reduce((a, g) => a + g.count, 0)} teams.
          </p>
          {h.simulated > 0 && (
            <p className='public-simulated' data-testid='history-simulated'>
              <strong>Simulated:</strong> {h.simulated.toLocaleString()} of these calls are the demo&apos;s made-up past (source
              demo-simulated), generated by the simulator from the LA baseline scenario, not real calls.
            </p>
          )}
          <HistoryWarnings h={h} id='history-warnings' />
          <label className='inline'>
            <input type='checkbox' checked={onlyUnmet} onChange={(e) => setOnlyUnmet(e.target.checked)} /> Build from unmet demand only
            ({unmetCount.toLocaleString()} care-team eligible calls no care team reached), to size the teams that would meet it
          </label>
          <div className='row'>
            <button
              type='button'
              className='primary'
              onClick={() => {
                build()
              }}
              disabled={(onlyUnmet ? unmetCount : h.records.length) === 0 || sim.progress !== null}
              aria-describedby={h.warnings.length > 0 ? 'history-warnings' : undefined}
            >
              Build a scenario from these calls
            </button>
            {doc && (
              <button
                type='button'
                className='primary'
                disabled={h.records.length === 0 || sim.progress !== null}
                onClick={() => {
                  runReplay()
                }}
                aria-describedby={h.warnings.length > 0 ? 'history-warnings' : undefined}
              >
                Replay these calls under “{doc.name}”
              </button>
            )}
          </div>
        </>
      )}
      {fit && (
        <div className='fit' data-testid='fit'>
          <h3>Fitted from {fit.calls.toLocaleString()} calls</h3>
          {h && <HistoryWarnings h={h} beside />}
          <p>
            Calls per day:{' '}
            {Object.entries(fit.callsPerDay)
              .map(([k, v]) => `${k.replace('_', ' ')} ${v}`)
              .join(', ')}
            .
          </p>
          <table className='plan-table'>
            <caption>
              Lognormal fits (minutes): mean and sd as the scenario states them; μ and σ of log minutes with 95% confidence bounds
            </caption>
            <thead>
              <tr>
                <th>Time</th>
                <th>n</th>
                <th>mean</th>
                <th>sd</th>
                <th>μ [95% CI]</th>
                <th>σ [95% CI]</th>
              </tr>
            </thead>
            <tbody>
              <FitRow label='Turnout' f={fit.turnout} />
              {Object.entries(fit.onScene).map(([k, f]) => (
                <FitRow key={k} label={`On scene, ${k.replace('_', ' ')}`} f={f} />
              ))}
            </tbody>
          </table>
          <div className='plan-grid2'>
            {fit.turnout && <FitChart label='Turnout' f={fit.turnout} />}
            {Object.entries(fit.onScene).map(([k, f]) => f && <FitChart key={k} label={`On scene, ${k.replace('_', ' ')}`} f={f} />)}
          </div>
          <SimpleChart
            title='Hour-of-week profile of these calls (1 = an average hour)'
            labels={HOW}
            series={[{ name: 'relative demand', values: fit.hourOfWeek }]}
            yLabel='relative demand'
            height={180}
          />
          {fit.notes.length > 0 && (
            <ul className='notes'>
              {fit.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          <button
            type='button'
            className='primary'
            onClick={() => {
              createScenario(fit.scenario)
                .then(onCreated)
                .catch((e: Error) => setError(e.message))
            }}
          >
            Save as a new scenario
          </button>
        </div>
      )}
      {replay && (
        <div className='replay' data-testid='replay'>
          <h3>
            {label} replayed under “{doc?.name}”
          </h3>
          {h && <HistoryWarnings h={h} beside />}
          <table className='plan-table'>
            <thead>
              <tr>
                <th />
                <th>Response median (min)</th>
                <th>Response p90 (min)</th>
                <th>Turnout median (min)</th>
                <th>Calls</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>What happened (reports, same period and interval definitions)</td>
                <td>{cell('responseP50')}</td>
                <td>{cell('responseP90')}</td>
                <td>{cell('turnoutP50')}</td>
                <td>{actualRow ? String(actualRow.values.calls ?? '–') : 'not available'}</td>
              </tr>
              <tr>
                <td>Under this plan (simulated)</td>
                <td>{replay.s.responseMinutes?.p50?.toFixed(1) ?? '–'}</td>
                <td>{replay.s.responseMinutes?.p90?.toFixed(1) ?? '–'}</td>
                <td>{replay.s.intervals?.turnout?.p50?.toFixed(1) ?? '–'}</td>
                <td>{replay.s.careTeamCalls}</td>
              </tr>
            </tbody>
          </table>
          {replay.unplaced ? (
            <p className='muted small'>{replay.unplaced} call(s) had no council district and were placed anywhere in the city.</p>
          ) : null}
          <Headline s={replay.s} />
          <AreaMap s={replay.s} />
        </div>
      )}
    </section>
  )
}
