// Small-cell suppression that survives differencing: two windows a millisecond apart give the same cells (a window
// is widened to whole days for planners, whole hours for supervisors and admins), and no suppressed count can be
// worked out from its row's or column's shown counts (complementary suppression), in every report and slice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../helpers/db'
import { api, Clock, setup, type Fixture } from '../../helpers/app'
import { insertHistory, times } from '../../helpers/report-rows'
import { SLICES } from '../../../server/contracts/reports'

interface Table {
  columns: Array<{ id: string; unit: string }>
  rows: Array<{ key: string; values: Record<string, unknown> }>
  total: { values: Record<string, unknown> } | null
}

const CD = (n: number) => ({ council_districts: `CD ${n}`, lapd_divisions: n % 2 === 0 ? 'Central' : 'Newton' })
// 12:00:00.000 on 10 June 2025 in Los Angeles: the one call received at that very instant
const T = '2025-06-10T19:00:00.000Z'

/** A count column (unit calls) whose total is shown and that has exactly one suppressed row: that row is total − the rest. */
function derivable (t: Table): string[] {
  const out: string[] = []
  if (t.total === null) return out
  for (const c of t.columns.filter((x) => x.unit === 'calls')) {
    if (typeof t.total.values[c.id] !== 'number') continue
    const hidden = t.rows.filter((r) => r.values[c.id] === 'suppressed')
    if (hidden.length === 1) out.push(`${c.id}: row ${hidden[0].key} = total − the others`)
  }
  return out
}

describe.each(ENGINES)('report cells that survive differencing (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(Date.parse('2025-06-20T17:00:00Z')) })
    await insertHistory(f.db.db, [
      ...times(8, { received: '2025-06-10T16:00:00Z', dispatched: 1, enRoute: 2, onScene: 9, cleared: 40, areas: CD(1) }),
      ...times(7, {
        received: '2025-06-10T16:30:00Z',
        dispatched: 1,
        enRoute: 3,
        onScene: 12,
        cleared: 50,
        category: 'substance_use',
        areas: CD(2)
      }),
      ...times(3, {
        received: '2025-06-10T17:00:00Z',
        dispatched: 2,
        enRoute: 4,
        onScene: 20,
        cleared: 60,
        category: 'traffic_safety',
        areas: CD(3)
      }),
      ...times(2, { received: '2025-06-10T17:30:00Z', response: 'police', areas: CD(4), priority: 1 }),
      { received: T, dispatched: 1, enRoute: 2, onScene: 8, cleared: 30, category: 'traffic_safety', areas: CD(3) },
      ...times(6, { received: '2025-06-11T16:00:00Z', dispatched: 1, enRoute: 2, onScene: 10, cleared: 30, areas: CD(5) })
    ])
  })
  afterAll(async () => {
    await f.close()
  })

  const get = async (path: string, token = f.tokens.planner) => {
    const r = await api(f, 'GET', `/api/reports/${path}`, token)
    expect([path, r.statusCode]).toEqual([path, 200])
    return r.json()
  }

  it('gives a planner the same cells for two windows a millisecond apart (whole days)', async () => {
    const before = await get(`outcomes?by=category&source=imported&from=2025-06-10T00:00:00Z&to=${encodeURIComponent(T)}`)
    const after = await get(
      `outcomes?by=category&source=imported&from=2025-06-10T00:00:00Z&to=${encodeURIComponent('2025-06-10T19:00:00.001Z')}`
    )

    expect(after.table).toEqual(before.table)
    // widened to the whole local days the instants fall in: 9 June (17:00 local on the 9th) to 10 June
    expect([before.from, before.to]).toEqual(['2025-06-09T07:00:00.000Z', '2025-06-11T07:00:00.000Z'])
  })

  it('gives a supervisor the same cells for two windows a millisecond apart (whole hours)', async () => {
    const q = (to: string) => `outcomes?by=category&source=imported&from=2025-06-10T16:10:00Z&to=${encodeURIComponent(to)}`
    const before = await get(q(T), f.tokens.supervisor)
    const after = await get(q('2025-06-10T19:00:00.001Z'), f.tokens.supervisor)
    const later = await get(q('2025-06-10T19:59:59.999Z'), f.tokens.supervisor)

    expect(after.table).toEqual(later.table)
    expect(before.to).toBe(T)
    expect(after.to).toBe('2025-06-10T20:00:00.000Z')
    expect(before.from).toBe('2025-06-10T16:00:00.000Z')
  })

  it('suppresses a second cell so that a suppressed one is not the total minus the others, in every slice', async () => {
    const wrong: string[] = []
    for (const report of ['intervals', 'outcomes']) {
      for (const by of SLICES) {
        const r = await get(`${report}?by=${by}&from=2025-06-10&to=2025-06-11`)
        for (const w of derivable(r.table)) wrong.push(`${report} by ${by}: ${w}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('suppresses the complement in the category slice that used to give the small cell away', async () => {
    const r = await get('outcomes?by=category&from=2025-06-10&to=2025-06-10&source=imported')

    const row = (k: string) => r.table.rows.find((x: { key: string }) => x.key === k)?.values
    // traffic safety has 4 calls (suppressed); without a second suppression it would be 21 − 10 − 7
    expect(row('traffic_safety')?.calls).toBe('suppressed')
    expect(r.table.total.values.calls).toBe(21)
    expect(
      r.table.rows.filter((x: { values: Record<string, unknown> }) => x.values.calls === 'suppressed').length
    ).toBeGreaterThanOrEqual(2)
  })

  it("keeps an area's suppressed count from being its group's minus the other areas (equity)", async () => {
    const r = await get('equity?area_set=council_districts&from=2025-06-10&to=2025-06-11')

    const groups = new Map<string, Table['rows']>([
      ['high_need', []],
      ['rest', []]
    ])
    for (const row of r.areas.rows as Table['rows']) {
      if (row.values.highNeed === 1) groups.get('high_need')!.push(row)
      else if (row.values.highNeed === 0) groups.get('rest')!.push(row)
    }
    const wrong: string[] = []
    for (const g of r.groups.rows as Table['rows']) {
      for (const col of ['calls', 'careEligible', 'responseCount']) {
        if (typeof g.values[col] !== 'number') continue
        const hidden = groups.get(g.key)!.filter((a) => a.values[col] === 'suppressed')
        if (hidden.length === 1) wrong.push(`${g.key} ${col}: ${hidden[0].key} = group − the others`)
      }
    }
    expect(wrong).toEqual([])
  })
})
