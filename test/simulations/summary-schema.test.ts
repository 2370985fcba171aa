// summary.json against its contract (server/contracts/summary.ts): what summarize() writes, read back as JSON (NaN
// written as null), passes SummarySchema for one replication and for several, with and without youth calls; a
// summary with a wrong field fails it, naming the field.
import Ajv from 'ajv'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { SummarySchema } from '../../server/contracts/summary'
import { runScenario } from '../../simulations/run'
import { stableJson } from '../../simulations/stable-json'
import { summarize } from '../../simulations/summary'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const validate = new Ajv({ allErrors: true, strict: false }).compile(SummarySchema)

async function summaryJson (scenario: string, replications: number, days: number): Promise<Record<string, unknown>> {
  const out = await runScenario({
    scenarioPath: join(ROOT, 'simulations/scenarios', scenario),
    days,
    seed: 11,
    replications,
    workers: 1
  })
  return JSON.parse(stableJson(summarize(out.prep, out.reps, { seed: out.seed, replications: out.reps.length })))
}

describe('SummarySchema', () => {
  it('accepts the summary of one replication (batch means) with youth calls', async () => {
    const s = await summaryJson('la-youth.json', 1, 7)

    expect(validate(s) ? [] : validate.errors).toEqual([])
    expect(s.youth).toMatchObject({ calls: expect.any(Number), servedByYouthTeam: expect.any(Number) })
  })

  it('accepts the summary of several replications without youth teams', async () => {
    const s = await summaryJson('la-baseline.json', 2, 2)

    expect(validate(s) ? [] : validate.errors).toEqual([])
    expect(s.halfWidth95).toMatchObject({ method: 'Student t over 2 replications' })
  })

  it('refuses a summary with a field of the wrong type, naming it', async () => {
    const s = await summaryJson('la-baseline.json', 1, 2)

    const central = (s.byLapdDivision as Record<string, object>).Central
    const bad = { ...s, seed: 'x', byLapdDivision: { Central: { ...central, served: -1 } } }

    expect(central).toBeDefined()
    expect(validate(bad)).toBe(false)
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/seed', '/byLapdDivision/Central/served']))
  })
})
