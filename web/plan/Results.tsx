// A run's results as a planner reads them: headline figures with 95% confidence half-widths, the response-time
// distribution by category, p90 by council district or LAPD division on the map, utilisation by kind and hour,
// queue waits and the fallback share.
import { useMemo, useState } from 'react'
import { ChoroplethMap } from '../reports/ChoroplethMap'
import type { ReportRow } from '../api/reports'
import type { MapFigure } from '../reports/figures'
import { SimpleChart } from './charts'
import type { Distributions } from './sim-protocol'
import type { GroupSummary, Summary } from '../../server/contracts/summary'

export type { Summary }

const f1 = (x: unknown): string => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(1) : '–')
const pct = (x: unknown): string => (typeof x === 'number' && Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–')
const pm = (hw: unknown, fmt: (x: unknown) => string): string => (typeof hw === 'number' && Number.isFinite(hw) ? ` ± ${fmt(hw)}` : '')

export const AREA_SETS = [
  { id: 'council_districts', label: 'Council districts', key: 'byArea' },
  { id: 'lapd_divisions', label: 'LAPD divisions', key: 'byLapdDivision' }
] as const

export const P90_FIGURE: MapFigure = { id: 'p90', label: 'Response p90 (minutes)', unit: 'minutes', higherIsDarker: true }

/** Areas of a summary as rows for the choropleth: p90 where the area had served calls. */
export function areaRows (
  s: Summary,
  key: 'byArea' | 'byLapdDivision',
  value: (a: GroupSummary) => number | null = (a) => a.responseMinutes?.p90 ?? null
): ReportRow[] {
  // `?? {}`, `?.`: a run saved by an older simulator may lack a part
  return Object.entries(s[key] ?? {}).map(([name, a]) => ({ key: name, label: name, values: { p90: value(a) } }))
}

export function Headline ({ s }: { s: Summary }) {
  const hw: Partial<Summary['halfWidth95']> = s.halfWidth95 ?? {}
  const items: Array<[string, string]> = [
    ['Response p90', `${f1(s.responseMinutes?.p90)}${pm(hw.responseP90, f1)} min`],
    ['Response median', `${f1(s.responseMinutes?.p50)}${pm(hw.responseP50, f1)} min`],
    ['Response mean', `${f1(s.responseMinutes?.mean)}${pm(hw.responseMean, f1)} min`],
    ['Within target', `${pct(s.withinTargetShare)}${pm(hw.withinTargetShare, pct)}`],
    ['Waited for a team', `${pct(s.pWait)}${pm(hw.pWait, pct)}`],
    ['Mean queue wait', `${f1(s.waitMinutes?.mean)}${pm(hw.waitMean, f1)} min`],
    ['Fallback to police', `${pct(s.fallbackShare)}${pm(hw.fallbackShare, pct)}`],
    ['Calls per day', `${f1(s.callsPerDay)}`]
  ]
  return (
    <div>
      <dl className='headline' data-testid='headline'>
        {items.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <p className='muted small'>
        {s.calls} calls over {s.days} days × {s.replications} replication{s.replications === 1 ? '' : 's'}, seed {s.seed}; ± is a 95%
        confidence half-width ({hw.method ?? '–'}). {s.teams?.total} team units; utilisation{' '}
        {Object.entries(s.utilization ?? {})
          .map(([k, v]) => `${k} ${pct(v)}${pm(hw.utilization?.[k], pct)}`)
          .join(', ')}
        .
      </p>
    </div>
  )
}

function Distribution ({ d }: { d: Distributions }) {
  const labels = useMemo(
    () => Array.from({ length: d.wait.length }, (_, i) => (i === d.wait.length - 1 ? `${i * d.binMinutes}+` : `${i * d.binMinutes}`)),
    [d]
  )
  const response = useMemo(() => Object.entries(d.response).map(([name, values]) => ({ name: name.replace('_', ' '), values })), [d])
  const wait = useMemo(() => [{ name: 'queue wait', values: d.wait, kind: 'bar' as const }], [d])
  return (
    <div className='plan-grid2'>
      <SimpleChart
        title='Response time by category (share of served calls per 5 minutes)'
        labels={labels}
        series={response}
        yLabel='% of calls'
        xLabel='minutes'
        percent
        testId='response-distribution'
      />
      <SimpleChart
        title={`Queue waits, for the ${pct(d.waitedShare)} of calls that waited`}
        labels={labels}
        series={wait}
        yLabel='% of waits'
        xLabel='minutes'
        percent
        kind='bar'
      />
    </div>
  )
}

function Utilisation ({ s }: { s: Summary }) {
  const labels = useMemo(() => Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`), [])
  const series = useMemo(() => Object.entries(s.utilizationByHour ?? {}).map(([name, values]) => ({ name, values })), [s])
  return (
    <SimpleChart
      title='Utilisation by team kind and hour of day (busy time ÷ on-shift time)'
      labels={labels}
      series={series}
      yLabel='% busy'
      percent
    />
  )
}

export function AreaMap ({
  s,
  figure = P90_FIGURE,
  rows
}: {
  s: Summary
  figure?: MapFigure
  rows?: (key: 'byArea' | 'byLapdDivision') => ReportRow[]
}) {
  const [set, setSet] = useState<(typeof AREA_SETS)[number]>(AREA_SETS[0])
  const data = useMemo(() => (rows ? rows(set.key) : areaRows(s, set.key)), [s, set, rows])
  return (
    <section className='plan-map'>
      <div className='row'>
        <strong>{figure.label} by</strong>
        {AREA_SETS.map((a) => (
          <button type='button' key={a.id} aria-pressed={a.id === set.id} onClick={() => setSet(a)}>
            {a.label}
          </button>
        ))}
      </div>
      <ChoroplethMap areaSet={set.id} areaSetLabel={set.label} rows={data} figure={figure} />
    </section>
  )
}

export function Results ({ s, d }: { s: Summary; d: Distributions | null }) {
  return (
    <div className='results' data-testid='results'>
      <Headline s={s} />
      <AreaMap s={s} />
      {d && <Distribution d={d} />}
      <Utilisation s={s} />
      <table className='plan-table'>
        <caption>By category</caption>
        <thead>
          <tr>
            <th>Category</th>
            <th>Calls</th>
            <th>Care-team calls</th>
            <th>p50 (min)</th>
            <th>p90 (min)</th>
            <th>Waited</th>
            <th>Within target</th>
            <th>Fallback</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(s.byCategory ?? {}).map(([k, c]) => (
            <tr key={k}>
              <td>{k.replace('_', ' ')}</td>
              <td>{c.calls}</td>
              <td>{c.careTeamCalls}</td>
              <td>{f1(c.responseMinutes?.p50)}</td>
              <td>{f1(c.responseMinutes?.p90)}</td>
              <td>{pct(c.pWait)}</td>
              <td>{pct(c.withinTargetShare)}</td>
              <td>{pct(c.fallbackShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
