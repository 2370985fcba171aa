// Compare two scenarios on common random numbers: both run with the same seed, replications and days, so where
// their demand sections agree they see the very same calls. Side by side, and the change in p90 per area mapped.
import { useMemo, useState } from 'react'
import { stableJson } from '../../simulations/stable-json'
import type { Scenario } from '../../simulations/scenario'
import { getScenario, type ScenarioInfo } from '../api/planning'
import type { MapFigure } from '../reports/figures'
import { AreaMap, type Summary } from './Results'
import type { useSimulator } from './PlanPage'

type Figure = number | null | undefined
const ROWS: Array<[string, (s: Summary) => Figure, (s: Summary) => Figure, 'min' | '%']> = [
  ['Response p90', (s) => s.responseMinutes?.p90, (s) => s.halfWidth95?.responseP90, 'min'],
  ['Response median', (s) => s.responseMinutes?.p50, (s) => s.halfWidth95?.responseP50, 'min'],
  ['Response mean', (s) => s.responseMinutes?.mean, (s) => s.halfWidth95?.responseMean, 'min'],
  ['Mean queue wait', (s) => s.waitMinutes?.mean, (s) => s.halfWidth95?.waitMean, 'min'],
  ['Waited for a team', (s) => s.pWait, (s) => s.halfWidth95?.pWait, '%'],
  ['Within target', (s) => s.withinTargetShare, (s) => s.halfWidth95?.withinTargetShare, '%'],
  ['Fallback to police', (s) => s.fallbackShare, (s) => s.halfWidth95?.fallbackShare, '%'],
  ['Team units', (s) => s.teams?.total, () => undefined, 'min']
]

const fmt = (x: Figure, u: 'min' | '%', label: string): string =>
  typeof x !== 'number' ? '–' : label === 'Team units' ? String(x) : u === '%' ? `${(x * 100).toFixed(1)}%` : x.toFixed(1)

const CHANGE: MapFigure = { id: 'p90', label: 'Change in response p90, B − A (minutes)', unit: 'minutes', higherIsDarker: true }

export function ComparePanel ({
  a,
  aDoc,
  list,
  sim
}: {
  a: ScenarioInfo & { document: Scenario }
  aDoc: Scenario
  list: ScenarioInfo[]
  sim: ReturnType<typeof useSimulator>
}) {
  const dirty = stableJson(aDoc) !== stableJson(a.document)
  const others = list.filter((s) => s.id !== a.id)
  const [b, setB] = useState<string>(dirty ? '__saved__' : (others.find((s) => /baseline/i.test(s.name))?.id ?? others[0]?.id ?? ''))
  const [reps, setReps] = useState(String(Math.max(2, aDoc.replications ?? 1)))
  const [days, setDays] = useState(String(Math.min(aDoc.days ?? 7, 90)))
  const [res, setRes] = useState<{ sa: Summary; sb: Summary; labels: [string, string]; crn: boolean } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const go = async (): Promise<void> => {
    setError(null)
    try {
      const bDoc = b === '__saved__' ? a.document : (await getScenario(b)).document
      const seed = aDoc.seed ?? 1
      const opts = { seed, replications: Number(reps), days: Number(days) }
      const ra = await sim.run(
        `A: ${aDoc.name}`,
        async (c, p) => await c.request({ type: 'run', text: stableJson(aDoc), ...opts }, 'done', p)
      )
      if (!ra) return
      const rb = await sim.run(
        `B: ${bDoc.name}`,
        async (c, p) => await c.request({ type: 'run', text: stableJson(bDoc), ...opts }, 'done', p)
      )
      if (!rb) return
      setRes({
        sa: JSON.parse(ra.summaryText),
        sb: JSON.parse(rb.summaryText),
        labels: [aDoc.name, b === '__saved__' ? `${bDoc.name} (as saved)` : bDoc.name],
        crn: stableJson(aDoc.demand) === stableJson(bDoc.demand)
      })
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const change = useMemo(
    () =>
      res &&
      ((key: 'byArea' | 'byLapdDivision') =>
        Object.keys(res.sa[key] ?? {}).map((name) => {
          const x = res.sa[key][name]?.responseMinutes?.p90
          const y = res.sb[key]?.[name]?.responseMinutes?.p90
          return {
            key: name,
            label: name,
            values: { p90: typeof x === 'number' && typeof y === 'number' ? Math.round((y - x) * 100) / 100 : null }
          }
        })),
    [res]
  )
  return (
    <section className='compare'>
      <p>
        A is <strong>{aDoc.name}</strong>
        {dirty ? ' with your unsaved edits' : ''}. Both run in this browser with seed {aDoc.seed ?? 1}: where the two scenarios have the
        same demand they see exactly the same calls (common random numbers), so differences come from the plan, not from chance.
      </p>
      <div className='row'>
        <label className='pfield grow'>
          <span>B</span>
          <select aria-label='Scenario B' value={b} onChange={(e) => setB(e.target.value)}>
            {dirty && <option value='__saved__'>{a.name} as saved (before your edits)</option>}
            {others.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className='pfield w-s'>
          <span>replications</span>
          <input type='text' value={reps} onChange={(e) => setReps(e.target.value)} />
        </label>
        <label className='pfield w-s'>
          <span>days</span>
          <input type='text' value={days} onChange={(e) => setDays(e.target.value)} />
        </label>
        <button
          type='button'
          className='primary'
          disabled={!b || sim.progress !== null}
          onClick={() => {
            go()
          }}
        >
          Compare
        </button>
      </div>
      {error && (
        <p className='error' role='alert'>
          {error}
        </p>
      )}
      {res && (
        <>
          <p className='muted small'>
            {res.crn
              ? 'Common random numbers: both runs saw the same calls.'
              : 'The demand sections differ, so the calls differ too; the comparison is still on the same seed.'}
          </p>
          <table className='plan-table' data-testid='compare-table'>
            <thead>
              <tr>
                <th>Measure</th>
                <th>A: {res.labels[0]}</th>
                <th>B: {res.labels[1]}</th>
                <th>B − A</th>
              </tr>
            </thead>
            <tbody>
              {ROWS.map(([label, get, hw, u]) => {
                const x = get(res.sa)
                const y = get(res.sb)
                const ha = hw(res.sa)
                const hb = hw(res.sb)
                return (
                  <tr key={label}>
                    <td>{label}</td>
                    <td>
                      {fmt(x, u, label)}
                      {typeof ha === 'number' ? ` ± ${fmt(ha, u, label)}` : ''}
                    </td>
                    <td>
                      {fmt(y, u, label)}
                      {typeof hb === 'number' ? ` ± ${fmt(hb, u, label)}` : ''}
                    </td>
                    <td>{typeof x === 'number' && typeof y === 'number' ? fmt(y - x, u, label) : '–'}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          {change && <AreaMap s={res.sa} figure={CHANGE} rows={change} />}
        </>
      )}
    </section>
  )
}
