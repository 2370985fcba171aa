// The dispatch model end to end: scenario validation, reproducibility, replay, fallback and outputs.
import { describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execFileSync } from 'node:child_process'
import { validateScenario, ScenarioError } from '../../simulations/scenario'
import { loadScenario } from '../../simulations/scenario-file'
import { callTables, runScenario } from '../../simulations/run'
import { summarize } from '../../simulations/summary'
import { stableJson, writeCallsCsv } from '../../simulations/output'
import { parseCsvObjects } from '../../server/lib/csv'
import { renderReport } from '../../simulations/report'
import { generateCalls } from '../../simulations/call-table'
import { prepare } from '../../simulations/prepare'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const LA = join(ROOT, 'simulations/scenarios/la-baseline.json')
const tmp = (): string => mkdtempSync(join(tmpdir(), 'sim-test-'))

function errorsOf (raw: unknown): string[] {
  try {
    validateScenario(raw)
    return []
  } catch (e) {
    return (e as ScenarioError).errors
  }
}

describe(validateScenario.name, () => {
  it('names the field of a bad team base', () => {
    const s = JSON.parse(readFileSync(LA, 'utf8'))
    s.teams[2].base = { lat: 'north', lon: -118.2 }

    expect(errorsOf(s)).toContain('teams[2].base.lat: must be a number (got "north")')
  })

  it('lists every problem at once', () => {
    const s = JSON.parse(readFileSync(LA, 'utf8'))
    s.demand.callsPerDay.mental_health = -1
    s.times.onSceneMinutes.substance_use = { dist: 'gamma', mean: 3 }

    expect(errorsOf(s)).toEqual([
      'demand.callsPerDay.mental_health: must be at least 0 (got -1)',
      'times.onSceneMinutes.substance_use.dist: must be one of fixed, exponential, lognormal, uniform, empirical (got "gamma")'
    ])
  })

  it('accepts every shipped scenario', () => {
    for (const f of [
      'la-baseline.json',
      'la-expanded.json',
      'validation/mmc-18.json',
      'validation/mmc-5.json',
      'validation/erlang-b-18.json'
    ]) {
      expect(() => loadScenario(join(ROOT, 'simulations/scenarios', f))).not.toThrow()
    }
  })
})

describe('LA baseline run', () => {
  it('gives a byte-identical summary.json for the same seed, whatever the number of workers', async () => {
    const a = await runScenario({ scenarioPath: LA, days: 20, replications: 2, seed: 9, workers: 1 })
    const b = await runScenario({ scenarioPath: LA, days: 20, replications: 2, seed: 9, workers: 2 })
    const ja = stableJson(summarize(a.prep, a.reps, { seed: 9, replications: 2 }))
    const jb = stableJson(summarize(b.prep, b.reps, { seed: 9, replications: 2 }))

    expect(jb).toBe(ja)
    expect(ja).not.toMatch(/\d{4}-\d\d-\d\dT/)
  })

  it('reproduces the generated run, every replication, when its calls.csv is replayed', async () => {
    const dir = tmp()
    const gen = await runScenario({ scenarioPath: LA, days: 10, seed: 3, replications: 2, workers: 1, keepFirstCalls: true })
    await writeCallsCsv(join(dir, 'calls.csv'), gen.prep, callTables(gen))
    const rep = await runScenario({
      scenarioPath: LA,
      days: 10,
      seed: 3,
      replications: 2,
      workers: 1,
      replay: { file: join(dir, 'calls.csv') }
    })
    const strip = (s: Record<string, unknown>): string => {
      const { replay, ...rest } = s
      return stableJson(rest)
    }
    const rows = parseCsvObjects(readFileSync(join(dir, 'calls.csv'), 'utf8')).rows.map((r) => r.values)

    expect(rows.filter((r) => r.warmup === '0').length).toBe(gen.reps.reduce((n, r) => n + r.calls, 0))
    expect(new Set(rows.map((r) => r.replication))).toEqual(new Set(['1', '2']))
    expect(strip(summarize(rep.prep, rep.reps, { seed: 3, replications: 2 }))).toBe(
      strip(summarize(gen.prep, gen.reps, { seed: 3, replications: 2 }))
    )
  })

  it('keeps the published sanity bounds: 100-200 calls a day, mean response 10-40 min', async () => {
    const out = await runScenario({ scenarioPath: LA, days: 30, seed: 1 })
    const s = summarize(out.prep, out.reps, { seed: 1, replications: 1 }) as any

    expect(s.callsPerDay).toBeGreaterThan(100)
    expect(s.callsPerDay).toBeLessThan(200)
    expect(s.responseMinutes.mean).toBeGreaterThan(10)
    expect(s.responseMinutes.mean).toBeLessThan(40)
    expect(Object.keys(s.byArea).length).toBeGreaterThanOrEqual(15)
  })

  it('diverts calls to police when the fallback limit is short', async () => {
    const loaded = loadScenario(LA)
    loaded.scenario.dispatch = { fallback: { maxMinutes: 8 } }
    const out = await runScenario({ scenarioPath: LA, loaded, days: 10, seed: 1 })
    const s = summarize(out.prep, out.reps, { seed: 1, replications: 1 }) as any

    expect(s.fallbackShare).toBeGreaterThan(0.05)
    expect(s.fallbackToPolice).toBeGreaterThan(0)
  })

  it('draws the same calls for two scenarios with the same demand (common random numbers)', () => {
    const a = loadScenario(LA)
    const b = loadScenario(join(ROOT, 'simulations/scenarios/la-expanded.json'))
    const ca = generateCalls(prepare(a.scenario, '', { days: 5 }), 4, 0)
    const cb = generateCalls(prepare(b.scenario, '', { days: 5 }), 4, 0)

    expect(cb.n).toBe(ca.n)
    expect(Array.from(cb.time)).toEqual(Array.from(ca.time))
    expect(Array.from(cb.onScene)).toEqual(Array.from(ca.onScene))
  })

  it('renders a self-contained report with maps', async () => {
    const out = await runScenario({ scenarioPath: LA, days: 5, seed: 1 })
    const html = renderReport(summarize(out.prep, out.reps, { seed: 1, replications: 1 }) as any, out.reps, out.loaded.scenario as any)

    expect(html).toContain('<svg')
    expect(html).toContain('CD 14')
    expect(html).toContain('Hollenbeck')
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=/)
    expect(html).toContain('Chart.js v4')
    expect(html).toContain('<canvas id="chart-utilization"')
  })
})

describe('simulate CLI', () => {
  it('reports the field of an invalid scenario and exits 2', () => {
    const dir = tmp()
    const s = JSON.parse(readFileSync(LA, 'utf8'))
    s.teams[0].kind = 'swat'
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(s))
    let err = ''
    let code = 0
    try {
      execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'simulations/cli.ts'), join(dir, 'bad.json')], {
        cwd: ROOT,
        stdio: 'pipe'
      })
    } catch (e) {
      err = String((e as { stderr: Buffer }).stderr)
      code = (e as { status: number }).status
    }

    expect(code).toBe(2)
    expect(err).toContain('teams[0].kind: must be one of crisis, medic_crisis, outreach, traffic')
  })
})
