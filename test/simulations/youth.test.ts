// Youth demand in the simulator (issue 14): a school-day profile, triage's youth need, youth teams met first,
// and the shipped comparison of youth teams against the same units staffed as crisis teams.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { validateScenario, ScenarioError } from '../../simulations/scenario'
import { loadScenario } from '../../simulations/scenario-file'
import { runScenario } from '../../simulations/run'
import { summarize } from '../../simulations/summary'
import { generateCalls } from '../../simulations/call-table'
import { prepare, youthRates } from '../../simulations/prepare'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const YOUTH = join(ROOT, 'simulations/scenarios/la-youth.json')
const CRISIS_ONLY = join(ROOT, 'simulations/scenarios/la-youth-crisis-only.json')

function errorsOf (raw: unknown): string[] {
  try {
    validateScenario(raw)
    return []
  } catch (e) {
    return (e as ScenarioError).errors
  }
}

describe('youth demand', () => {
  it('accepts the shipped youth scenarios', () => {
    expect(() => loadScenario(YOUTH)).not.toThrow()
    expect(() => loadScenario(CRISIS_ONLY)).not.toThrow()
  })

  it('names the field of a youth call type given without a call type, and of a bad age', () => {
    const s = JSON.parse(readFileSync(YOUTH, 'utf8'))
    s.demand.youth.mix[0] = { narrative: 'student in crisis', weight: 1 }
    s.demand.youth.mix[1].personAge = 300

    const errors = errorsOf(s)
    expect(errors.some((e) => e.startsWith('demand.youth.mix[1].personAge: must be at most 120'))).toBe(true)
  })

  it('asks for a call type on every youth call type', () => {
    const s = JSON.parse(readFileSync(YOUTH, 'utf8'))
    s.demand.youth.mix[0] = { narrative: 'student in crisis', weight: 1 }

    expect(errorsOf(s)).toContain(
      'demand.youth.mix[0].callType: youth calls are triaged: give the call type (and personAge, placeKind)'
    )
  })

  it('puts the school-day share of youth calls in school hours, the weekly total unchanged', () => {
    const r = youthRates({
      callsPerDay: 12,
      schoolDay: { startHour: 7, hours: 10 },
      schoolDayShare: 0.75,
      mix: [{ callType: 'TRUANCY', weight: 1 }]
    })
    let school = 0
    let total = 0
    for (let h = 0; h < 168; h++) {
      const perHour = r[h] * 60
      total += perHour
      if (h % 24 >= 7 && h % 24 < 17 && Math.floor(h / 24) < 5) school += perHour
    }

    expect(total).toBeCloseTo(84, 6)
    expect(school / total).toBeCloseTo(0.75, 6)
    expect(r[24 * 5 + 10]).toBeGreaterThan(0) // Saturday 10:00: runaways do not keep school hours
  })

  it('generates youth calls that triage gives the youth need, mostly on school days', () => {
    const prep = prepare(loadScenario(YOUTH).scenario, '', { days: 28 })
    const calls = generateCalls(prep, 7, 0)
    let youth = 0
    let inSchool = 0
    for (let j = 0; j < calls.n; j++) {
      if (!prep.callTypes[calls.type[j]].needs.includes('youth')) continue
      youth++
      const minute = calls.time[j] % (7 * 1440)
      const day = Math.floor(minute / 1440)
      const hour = Math.floor((minute % 1440) / 60)
      if (day < 5 && hour >= 7 && hour < 17) inSchool++
    }

    expect(youth / 28).toBeGreaterThan(9)
    expect(youth / 28).toBeLessThan(15)
    expect(inSchool / youth).toBeGreaterThan(0.68)
    expect(inSchool / youth).toBeLessThan(0.82)
  })

  it('meets most youth calls with a youth team, and none without youth teams, on the same calls', async () => {
    const run = async (path: string) => {
      const out = await runScenario({ scenarioPath: path, days: 28, seed: 3, replications: 1, workers: 1 })
      return summarize(out.prep, out.reps, { seed: 3, replications: 1 }) as any
    }

    const withYouth = await run(YOUTH)
    const crisisOnly = await run(CRISIS_ONLY)

    expect(withYouth.youth.calls).toBe(crisisOnly.youth.calls)
    expect(withYouth.youth.servedByYouthTeamShare).toBeGreaterThan(0.5)
    expect(crisisOnly.youth.servedByYouthTeam).toBe(0)
    expect(withYouth.utilization.youth).toBeGreaterThan(0)
  })
})

describe('youth replay', () => {
  it('replays a youth run from its calls.csv with the same youth figures (age and place kind carried)', async () => {
    const { mkdtempSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { writeCallsCsv } = await import('../../simulations/output')
    const { callTables } = await import('../../simulations/run')
    const dir = mkdtempSync(join(tmpdir(), 'sim-youth-'))
    const out = await runScenario({ scenarioPath: YOUTH, days: 7, seed: 5, replications: 1, workers: 1, keepFirstCalls: true })
    await writeCallsCsv(join(dir, 'calls.csv'), out.prep, callTables(out))
    const again = await runScenario({
      scenarioPath: YOUTH,
      days: 7,
      seed: 5,
      replications: 1,
      workers: 1,
      replay: { file: join(dir, 'calls.csv') }
    })

    const a = summarize(out.prep, out.reps, { seed: 5, replications: 1 }) as any
    const b = summarize(again.prep, again.reps, { seed: 5, replications: 1 }) as any
    expect(b.youth).toEqual(a.youth)
    expect(a.youth.calls).toBeGreaterThan(0)
  })
})

describe('youth in the report', () => {
  it('gives the youth calls their own section in report.html', async () => {
    const { renderReport } = await import('../../simulations/report')
    const loaded = loadScenario(YOUTH)
    const out = await runScenario({ scenarioPath: YOUTH, loaded, days: 7, seed: 2, replications: 1, workers: 1 })
    const summary = summarize(out.prep, out.reps, { seed: 2, replications: 1 }) as any

    const html = renderReport(summary, out.reps, loaded.scenario)

    expect(html).toContain('<h2>Youth and school calls</h2>')
    expect(html).toContain(`<td>${summary.youth.calls}</td>`)
    expect(html).toContain('more than 15 minutes closer')
  })
})
