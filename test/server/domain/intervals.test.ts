// The one definition of the intervals: hand-computed cases (missing and out-of-order timestamps included), and the
// SQL generated from it giving the same figures on each engine.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  INTERVALS,
  intervalById,
  intervalMinutes,
  intervalSql,
  intervalValue,
  isCounted,
  type IntervalId,
  type Stamp
} from '../../../server/domain/intervals'
import { ENGINES, createTestDb, type TestDb } from '../../helpers/db'

const T = (hhmmss: string | null): Date | null => (hhmmss === null ? null : new Date(`2026-11-02T${hhmmss}Z`))

/** One call's timestamps and every interval in minutes, computed by hand (null: not counted). */
const CASES: Array<{ name: string; stamps: Record<Stamp, string | null>; minutes: Record<IntervalId, number | null> }> = [
  {
    name: 'a complete chain',
    stamps: { received: '10:00:00', dispatched: '10:02:30', enRoute: '10:04:00', onScene: '10:16:00', cleared: '11:01:00' },
    minutes: { callProcessing: 2.5, turnout: 1.5, travel: 12, response: 16, onScene: 45, committed: 58.5 }
  },
  {
    name: 'never dispatched (referred or cancelled while waiting)',
    stamps: { received: '10:00:00', dispatched: null, enRoute: null, onScene: null, cleared: null },
    minutes: { callProcessing: null, turnout: null, travel: null, response: null, onScene: null, committed: null }
  },
  {
    name: 'no en-route press: turnout and travel missing, response still measured',
    stamps: { received: '10:00:00', dispatched: '10:01:00', enRoute: null, onScene: '10:20:00', cleared: '10:50:00' },
    minutes: { callProcessing: 1, turnout: null, travel: null, response: 20, onScene: 30, committed: 49 }
  },
  {
    name: 'still on scene: on scene and committed missing',
    stamps: { received: '10:00:00', dispatched: '10:00:45', enRoute: '10:01:45', onScene: '10:09:45', cleared: null },
    minutes: { callProcessing: 0.75, turnout: 1, travel: 8, response: 9.75, onScene: null, committed: null }
  },
  {
    name: 'an imported record with on scene before en route: travel not counted',
    stamps: { received: '10:00:00', dispatched: '10:03:00', enRoute: '10:12:00', onScene: '10:10:00', cleared: '10:40:00' },
    minutes: { callProcessing: 3, turnout: 9, travel: null, response: 10, onScene: 30, committed: 37 }
  },
  {
    name: 'equal timestamps count as zero',
    stamps: { received: '10:00:00', dispatched: '10:00:00', enRoute: '10:00:00', onScene: '10:05:00', cleared: '10:05:00' },
    minutes: { callProcessing: 0, turnout: 0, travel: 5, response: 5, onScene: 0, committed: 5 }
  }
]

describe('intervals (server/domain)', () => {
  it('defines six intervals, each once, between stamps in call order', () => {
    expect(INTERVALS.map((d) => d.id)).toEqual(['callProcessing', 'turnout', 'travel', 'response', 'onScene', 'committed'])
    expect(new Set(INTERVALS.map((d) => d.id)).size).toBe(6)
  })

  it.each(CASES)('measures $name by hand', ({ stamps, minutes }) => {
    const dates = Object.fromEntries(Object.entries(stamps).map(([k, v]) => [k, T(v)]))

    for (const d of INTERVALS) expect([d.id, intervalMinutes(d, dates)]).toEqual([d.id, minutes[d.id]])
  })

  it('works in any unit, NaN when not counted (the simulator measures in minutes)', () => {
    const travel = intervalById('travel')

    expect(intervalValue(travel, { enRoute: 3, onScene: 10.5 })).toBe(7.5)
    expect(intervalValue(travel, { enRoute: 3, onScene: NaN })).toBeNaN()
    expect(intervalValue(travel, { enRoute: 3 })).toBeNaN()
    expect(isCounted(travel, { enRoute: 11, onScene: 10 })).toBe(false)
  })
})

describe.each(ENGINES)('intervals as SQL (%s)', (engine) => {
  let db: TestDb
  beforeAll(async () => {
    db = await createTestDb(engine)
  })
  afterAll(async () => {
    await db.destroy()
  })

  it.each(CASES)('gives the hand-computed minutes for $name', async ({ stamps, minutes }) => {
    const col = (s: Stamp) => `t."${s}"`
    const exprs = INTERVALS.map((d) => sql`${sql.raw(intervalSql(d, col))} / 60 as ${sql.ref(d.id)}`)
    const ts = (v: string | null) => (v === null ? sql`null::timestamptz` : sql`${`2026-11-02T${v}Z`}::timestamptz`)

    const r = await sql<Record<IntervalId, number | null>>`select ${sql.join(exprs)} from (select ${ts(stamps.received)} as "received",
      ${ts(stamps.dispatched)} as "dispatched", ${ts(stamps.enRoute)} as "enRoute", ${ts(stamps.onScene)} as
        "onScene", ${ts(stamps.cleared)} as "cleared") t`.execute(
      db.db
    )

    const got = Object.fromEntries(
      INTERVALS.map((d) => [d.id, r.rows[0][d.id] === null ? null : Math.round(Number(r.rows[0][d.id]) * 1e9) / 1e9])
    )
    expect(got).toEqual(minutes)
  })
})
