// The two-pass percentiles (server/modules/reports/percentiles.ts) against percentile_cont itself, on each engine:
// the same median and 90th percentile to the bit, for keys and for groups of keys, on values real data has
// (fractions of a second, ties, whole minutes, bin edges, a lone value, a key with nothing measured, outliers).
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, ENGINES, type TestDb } from '../../helpers/db'
import type { Executor } from '../../../server/db/database'
import { histograms, percentiles, type PercentileTarget } from '../../../server/modules/reports/percentiles'
import { Rng } from '../../../simulations/rng'

function dataset (): Array<[string, number | null]> {
  const rng = new Rng(25) // seeded, so that a failure can be replayed
  const r = (): number => rng.next()
  const rows: Array<[string, number | null]> = []
  const add = (key: string, v: number | null): void => {
    rows.push([key, v])
  }
  for (let i = 0; i < 3000; i++) add('fractions', 60 + r() * 2400) // microsecond-like fractions, most values distinct
  for (let i = 0; i < 2000; i++) add('minutes', 60 * Math.floor(r() * 40)) // whole minutes: ties, every value on a bin edge
  for (let i = 0; i < 500; i++) add('one bin', 300 + r() * 9.99) // every value in one 10-second bin
  for (let i = 0; i < 700; i++) add('seconds', Math.floor(r() * 900)) // whole seconds, many ties
  for (let i = 0; i < 50; i++) add('outliers', i < 45 ? 200 + r() * 100 : 1e9 + r() * 1e6) // a long tail
  add('lone', 123.456)
  add('pair', 0)
  add('pair', 17.25)
  add('nothing measured', null)
  add('nothing measured', null)
  for (let i = 0; i < 41; i++) add('zeros and one', i === 40 ? 5 : 0)
  return rows
}

describe.each(ENGINES)('percentiles in two passes (%s)', (engine) => {
  let db: TestDb
  const rows = sql`select key, v from pct_values`
  const targets: PercentileTarget[] = [
    ...['fractions', 'minutes', 'one bin', 'seconds', 'outliers', 'lone', 'pair', 'nothing measured', 'zeros and one'].map((k) => ({
      id: k,
      keys: [k]
    })),
    { id: 'group a', keys: ['fractions', 'minutes', 'lone'] },
    { id: 'group b', keys: ['one bin', 'seconds', 'outliers', 'pair', 'zeros and one', 'nothing measured'] },
    { id: 'empty group', keys: [] },
    { id: 'a key with no rows', keys: ['not a key'] }
  ]

  beforeAll(async () => {
    db = await createTestDb(engine)
    const data = dataset()
    await sql`create table pct_values (key text not null, v float8)`.execute(db.db)
    await sql`insert into pct_values select * from unnest(${data.map((d) => d[0])}::text[], ${data.map((d) => d[1])}::float8[])`.execute(
      db.db
    )
  })
  afterAll(async () => {
    await db.destroy()
  })

  const expected = async (keys: readonly string[]): Promise<{ n: number; p: number[] | null }> => {
    if (keys.length === 0) return { n: 0, p: null }
    const r = await sql<{ n: number; p: number[] | null }>`select count(v)::int as n,
        percentile_cont(array[0.5, 0.9]) within group (order by v) as p
      from pct_values where key in (${sql.join(keys.map((k) => sql`${k}`))})`.execute(db.db)
    const x = r.rows[0]
    const p = x.p === null ? null : Array.isArray(x.p) ? x.p.map(Number) : String(x.p).replace(/[{}]/g, '').split(',').map(Number)
    return { n: Number(x.n), p }
  }

  it('gives percentile_cont’s figures exactly, for each key and each group of keys', async () => {
    const got = await percentiles(db.db, rows, await histograms(db.db, rows), targets)
    for (const t of targets) {
      const want = await expected(t.keys)
      expect({ id: t.id, ...got.get(t.id) }).toEqual({ id: t.id, ...want })
    }
    // the data is what the test means it to be: distinct fractions, ties, a long tail
    expect(got.get('fractions')!.p![0] % 1).not.toBe(0)
    expect(got.get('outliers')!.p![1]).toBeGreaterThan(1e7) // between the last usual value and the first outlier, bins apart
    expect(got.get('nothing measured')).toEqual({ n: 0, p: null })
  })

  it('counts each key’s values in 10-second bins in its first pass, not one row per value', async () => {
    const hist = await histograms(db.db, rows)
    // a year's bins are a few per key and 10 seconds, not one row per value
    expect(hist.get('one bin')).toEqual(new Map([[30, 500]]))
    expect(hist.get('fractions')!.size).toBeLessThanOrEqual(241)
    expect(hist.has('nothing measured')).toBe(false)
  })

  it('plans its passes with the workers’ rows costed free and no sort, and puts the session’s settings back after each', async () => {
    const setting = async (t: Executor) =>
      (await sql<{ c: string }>`select current_setting('parallel_tuple_cost') || ' ' || current_setting('enable_sort') as c`.execute(t))
        .rows[0].c
    const session = await setting(db.db)
    await db.db.transaction().execute(async (trx) => {
      const hist = await histograms(trx, rows)
      expect(await setting(trx)).toBe(session)
      await percentiles(trx, rows, hist, targets)
      expect(await setting(trx)).toBe(session)
      const seen = sql`select key, v, current_setting('parallel_tuple_cost') || ' ' || current_setting('enable_sort') as c from pct_values`
      await histograms(trx, sql`select key, v from (${seen}) s where c = '0 off'`).then((h) => expect(h.size).toBe(8))
    })
  })
})
