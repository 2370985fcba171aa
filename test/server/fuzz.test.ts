// Hostile input, the quick version of npm run prove:fuzz: a few hundred cases sampled round-robin over every
// route and principal of the OpenAPI document. No 5xx; input refusals are JSON naming the field; a refused
// request leaves the database as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../helpers/db'
import { formatReport, fuzzCases, fuzzWorld, runFuzz, sample, type FuzzWorld } from '../prove/fuzz-lib'

describe.each(ENGINES)('hostile input from the OpenAPI document (%s)', (engine) => {
  let w: FuzzWorld
  beforeAll(async () => {
    w = await fuzzWorld(engine)
  })
  afterAll(async () => {
    await w.close()
  })

  it('answers 300 broken requests without a 5xx, names the field, and writes nothing on refusal', async () => {
    const cases = sample(fuzzCases(w), 300, Number(process.env.FUZZ_SEED ?? 13))

    const report = await runFuzz(w, cases)

    expect(report.routes).toBeGreaterThanOrEqual(35)
    expect(report.sent).toBe(300)
    expect(report.violations, formatReport(report)).toEqual([])
    expect(report.refusedUnchanged).toBeGreaterThan(200)
  }, 120_000)
})
