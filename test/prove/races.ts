// npm run prove:races: the races property over many runs (RACE_RUNS, default 100) on PostgreSQL
// (DATABASE_URL required), two real server processes; prints figures, exits 1 with the shrunk
// counterexample on the first broken invariant.
import { proveRaces, raceWorld } from './races-lib'

if (!process.env.DATABASE_URL) {
  console.error('prove:races needs DATABASE_URL (a PostgreSQL server; each run creates and drops its own database)')
  process.exit(2)
}
const runs = Number(process.env.RACE_RUNS ?? 100)
const seed = process.env.RACE_SEED ? Number(process.env.RACE_SEED) : Date.now() % 2 ** 31
const t0 = Date.now()
const w = await raceWorld()
let failed: unknown = null
try {
  await proveRaces(w, runs, seed)
} catch (err) {
  failed = err
} finally {
  await w.close()
}
console.log(`prove:races (${new Date().toISOString()}, seed ${seed})`)
console.log(`runs: ${w.runs} (asked ${runs}), requests: ${w.requests} in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
console.log(
  `answers: ${Object.entries(w.statusCounts)
    .sort()
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ')}`
)
console.log(
  failed
    ? `FAILED\n${failed instanceof Error ? failed.message : String(failed)}`
    : 'invariants held in every run; every live client received every event once, in order'
)
process.exitCode = failed ? 1 : 0
