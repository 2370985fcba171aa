// Generated from the OpenAPI document: a JSON body is read as sent, on every operation. Every body property
// whose schema allows null is sent as null (the route must be given null, and answer null where it answers
// that property); every property sent with a value of another JSON type ("0" for an integer, "false" for a
// boolean, null where null is not allowed, a number for text) must be refused with a 400 naming the field,
// never read as that type. Query strings and path parameters may be coerced: they are text on the wire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../helpers/db'
import { formatReport, fuzzCases, fuzzWorld, runFuzz, type FuzzWorld } from '../prove/fuzz-lib'

describe.each(ENGINES)('JSON bodies are read as sent, on every route (%s)', (engine) => {
  let w: FuzzWorld
  beforeAll(async () => {
    w = await fuzzWorld(engine)
  })
  afterAll(async () => {
    await w.close()
  })

  it('keeps null as null, and refuses text for numbers and booleans and null where null is not allowed', async () => {
    const cases = fuzzCases(w).filter((c) => c.refuse === true || c.nullAt !== undefined)

    const report = await runFuzz(w, cases)

    expect(cases.filter((c) => c.nullAt !== undefined).length).toBeGreaterThan(20)
    expect(cases.filter((c) => c.label.includes('"0" as text')).length).toBeGreaterThan(10)
    expect(cases.filter((c) => c.label.includes('"false" as text')).length).toBeGreaterThan(3)
    expect(report.violations, formatReport(report)).toEqual([])
  }, 300_000)
})
