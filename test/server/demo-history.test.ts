// The demo's past on both engines: 90 days of Los Angeles calls simulated from the shipped baseline, stored as history
// with source demo-simulated, never among live calls, and said to be simulated by the reports and Build from history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SIMULATED_SOURCE } from '../../server/modules/history/history.service'
import { seedDemoHistory } from '../../server/modules/demo/demo-history'
import { countHistorical } from '../../server/modules/history/history.repository'
import { ENGINES } from '../helpers/db'
import { api, Clock, setup, type Fixture } from '../helpers/app'

describe.each(ENGINES)("the demo's simulated past (%s)", (engine) => {
  let f: Fixture
  let seeded: { calls: number; ms: number }
  const end = new Date('2031-03-05T20:00:00Z')

  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(end.getTime() + 60_000) })
    seeded = await seedDemoHistory(f.app.services.history, { days: 90, end })
    console.log(`demo history (${engine}): ${seeded.calls} calls in ${seeded.ms} ms`)
  }, 180_000)
  afterAll(async () => {
    await f.close()
  })

  it('stores about 135 calls a day for 90 days as history of source demo-simulated, none of them live', async () => {
    expect(seeded.calls).toBeGreaterThan(90 * 120)
    expect(seeded.calls).toBeLessThan(90 * 150)
    expect(await countHistorical(f.db.db, SIMULATED_SOURCE)).toBe(seeded.calls)
    const live = await api(f, 'GET', '/api/calls?status=closed,cancelled,referred', f.tokens.dispatcher)
    const queue = await api(f, 'GET', '/api/queue', f.tokens.dispatcher)

    expect(live.json().items).toEqual([])
    expect(queue.json()).toEqual([])
  })

  it('gives the reports figures, and says they are simulated unless only live calls are asked for', async () => {
    const both = await api(f, 'GET', '/api/reports/outcomes?from=2030-12-10&to=2031-03-05', f.tokens.planner)
    const unmet = await api(f, 'GET', '/api/reports/unmet?from=2030-12-10&to=2031-03-05&by=area', f.tokens.planner)
    const live = await api(f, 'GET', '/api/reports/outcomes?from=2030-12-10&to=2031-03-05&source=live', f.tokens.planner)

    expect(both.statusCode, both.body).toBe(200)
    expect(both.json().notes[0]).toMatch(/^Simulated: [\d,]+ of these calls are the demo's made-up past \(source demo-simulated\)/)
    expect(both.json().table.rows[0].values.careEligible).toBeGreaterThan(5000)
    // the simulator knows whether police came: a figure, not "not recorded"
    expect(typeof both.json().table.rows[0].values.resolvedWithoutPolice).toBe('number')
    expect(both.json().table.rows[0].values.resolvedWithoutPoliceNotRecorded).toBe(0)
    expect(unmet.statusCode, unmet.body).toBe(200)
    expect(unmet.json().notes[0]).toMatch(/^Simulated:/)
    expect(live.json().notes.some((n: string) => n.startsWith('Simulated'))).toBe(false)
  })

  it('says how many calls of a history period are simulated, for Build from history', async () => {
    const h = await api(f, 'GET', '/api/planning/history?from=2031-02-01&to=2031-02-28', f.tokens.planner)

    expect(h.statusCode, h.body).toBe(200)
    expect(h.json().records.length).toBeGreaterThan(28 * 120)
    expect(h.json().simulated).toBe(h.json().records.length)
  })
})
