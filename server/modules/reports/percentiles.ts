// Exact percentiles without sorting every value (issue 25, part 3): the same figures as percentile_cont, to the bit.
//
// percentile_cont sorts all its values, one core, once per group: at a year of 1,000,000 calls, ~180 ms for the
// 700,000 response times, and the equity report needed two such sorts (by area, then by high-need group, which
// waited for the areas' counts). Here, two passes over the rows instead, each a hash aggregate:
//   1. how many values fall in each BUCKET-second bin, per key (a few thousand rows for a year);
//   2. once the targets are known (a key, or a group: the union of several keys), only the bins that hold the order
//      statistics a median and a 90th percentile need, as distinct values with their counts.
// A group's bins are its keys' bins summed, so a group costs nothing in the first pass and a few bins in the second.
// The worst case is many distinct values in one bin (all the values within BUCKET seconds): still exact, a larger
// second pass. The second pass tests a value's bin before its key: the key is read out of a JSON object (the area),
// the bin is arithmetic, and most rows fail it (327 ms against 182 ms for a year's equity, measured in psql).
// Interpolation is percentile_cont's own (orderedsetaggs.c): rows floor and ceil of p·(n − 1), and
// lo + (hi − lo)·(p·(n − 1) − floor). test/server/reports/percentiles.test.ts compares both on each engine.
import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../../db/database'

const BUCKET = 10
const PERCENTILES = [0.5, 0.9] as const
const bin = (v: RawBuilder<unknown>): RawBuilder<number> => sql`floor(${v} / ${sql.lit(BUCKET)})`

/** Values per bin, per key: the first pass. */
export type Histograms = Map<string, Map<number, number>>

/** A figure's values: one key's, or the union of several keys' (a group). */
export interface PercentileTarget {
  id: string
  keys: readonly string[]
}

export interface Percentiles {
  n: number
  /** Median and 90th percentile, as percentile_cont(array[0.5, 0.9]) gives them; null when there is no value. */
  p: [number, number] | null
}

/**
 * `rows` selects `key` (text) and `v` (float8, null when not measured). The first pass: how many values of each key
 * fall in each bin.
 */
export async function histograms (db: Executor, rows: RawBuilder<unknown>): Promise<Histograms> {
  const r = await scanningInParallel(db, async () =>
    await sql<{ key: string; b: number; n: number }>`select key, ${bin(sql`v`)} as b, count(*)::int as n
      from (${rows}) s where v is not null group by key, b`.execute(db)
  )
  const out: Histograms = new Map()
  for (const x of r.rows) {
    let h = out.get(x.key)
    if (!h) out.set(x.key, (h = new Map()))
    h.set(Number(x.b), Number(x.n))
  }
  return out
}

/**
 * Runs a pass with the rows that parallel workers hand on costed as free (parallel_tuple_cost 0) and sorting avoided
 * (enable_sort off), then sets both back. The planner cannot know that a year of values falls into a few thousand
 * (key, bin) groups: it guesses about one a value, plans the grouping in one process, and scans in one process too.
 * With the workers' rows free alone, it scanned in parallel at 1,000,000 calls (the first pass 399 ms against 554 ms
 * in psql; the report 861 against 944 ms at p50), but at 10,000,000 it sorted every value by key and bin for a merge
 * (equity 14.4 s against 10.0 s). With sorting avoided too, each worker groups its share in a hash and the groups are
 * merged: the first pass at 10,000,000 calls in 2.8 s against 5.6 s (psql). Set for these statements only: set for
 * every report statement, a year's intervals ran slower (700 → 752 ms at p50). The session's settings (what RESET
 * gives) are put back after, so a report's other statements plan as before. A no-op on PGlite, which has no workers.
 */
async function scanningInParallel<T> (db: Executor, pass: () => Promise<T>): Promise<T> {
  await sql`select set_config('parallel_tuple_cost', '0', true), set_config('enable_sort', 'off', true)`.execute(db)
  // after a failure the transaction is rolled back, settings and all
  const out = await pass()
  await sql`select set_config(name, reset_val, true) from pg_settings where name in ('parallel_tuple_cost', 'enable_sort')`.execute(db)
  return out
}

/** Where an order statistic lies: its bin, and its rank among the bin's values (0-based). */
interface Place {
  bin: number
  rank: number
}

interface Plan {
  target: PercentileTarget
  n: number
  /** Per percentile, the places of the rows floor and ceil of p·(n − 1). */
  places: Array<[Place, Place]>
}

function plan (target: PercentileTarget, hist: Histograms): Plan {
  const merged = new Map<number, number>()
  for (const k of target.keys) for (const [b, c] of hist.get(k) ?? []) merged.set(b, (merged.get(b) ?? 0) + c)
  const bins = [...merged.entries()].sort((a, b) => a[0] - b[0])
  const n = bins.reduce((s, [, c]) => s + c, 0)
  const at = (row: number): Place => {
    let before = 0
    for (const [b, c] of bins) {
      if (row < before + c) return { bin: b, rank: row - before }
      before += c
    }
    throw new Error(`row ${row} beyond ${n} values`)
  }
  const places = n === 0 ? [] : PERCENTILES.map((p): [Place, Place] => [at(Math.floor(p * (n - 1))), at(Math.ceil(p * (n - 1)))])
  return { target, n, places }
}

/** The second pass: each target's percentiles from the bins that hold them. */
export async function percentiles (
  db: Executor,
  rows: RawBuilder<unknown>,
  hist: Histograms,
  targets: readonly PercentileTarget[]
): Promise<Map<string, Percentiles>> {
  const plans = targets.map((t) => plan(t, hist))
  const wanted = new Map<string, [string, number]>()
  for (const p of plans) {
    for (const pair of p.places) for (const { bin: b } of pair) for (const k of p.target.keys) wanted.set(`${k}\u0000${b}`, [k, b])
  }
  const values = new Map<string, Array<[number, number]>>()
  if (wanted.size > 0) {
    const keys = [...wanted.values()].map(([k]) => k)
    const bins = [...wanted.values()].map(([, b]) => b)
    const r = await scanningInParallel(db, async () =>
      await sql<{ key: string; b: number; v: number; n: number }>`select key, ${bin(sql`v`)} as b, v, count(*)::int as n
        from (${rows}) s
        where v is not null and ${bin(sql`v`)} = any(${[...new Set(bins)]}::float8[])
          and (key, ${bin(sql`v`)}) in (select * from unnest(${keys}::text[], ${bins}::float8[]))
        group by key, v`.execute(db)
    )
    for (const x of r.rows) {
      const id = `${x.key}\u0000${Number(x.b)}`
      const list = values.get(id) ?? []
      list.push([Number(x.v), Number(x.n)])
      values.set(id, list)
    }
  }
  const valueAt = (keys: readonly string[], place: Place): number => {
    const inBin = keys.flatMap((k) => values.get(`${k}\u0000${place.bin}`) ?? []).sort((a, b) => a[0] - b[0])
    let before = 0
    for (const [v, c] of inBin) {
      if (place.rank < before + c) return v
      before += c
    }
    throw new Error(`rank ${place.rank} beyond bin ${place.bin}`)
  }
  const out = new Map<string, Percentiles>()
  for (const { target, n, places } of plans) {
    if (n === 0) {
      out.set(target.id, { n, p: null })
      continue
    }
    const p = PERCENTILES.map((pct, i) => {
      const [lo, hi] = places[i]
      const first = valueAt(target.keys, lo)
      const row = pct * (n - 1)
      const floor = Math.floor(row)
      if (floor === Math.ceil(row)) return first
      return first + (valueAt(target.keys, hi) - first) * (row - floor)
    })
    out.set(target.id, { n, p: [p[0], p[1]] })
  }
  return out
}
