// npm run prove:fuzz: every hostile case for every route and principal (PostgreSQL when DATABASE_URL is
// set, else PGlite), with figures. FUZZ_LIMIT caps the number of requests; exits 1 on any violation.
import { ENGINES } from '../helpers/db'
import { formatReport, fuzzCases, fuzzWorld, runFuzz, sample } from './fuzz-lib'

const engine = ENGINES.includes('postgres') ? 'postgres' : 'pglite'
const limit = Number(process.env.FUZZ_LIMIT ?? Infinity)
const w = await fuzzWorld(engine)
try {
  const all = fuzzCases(w)
  const cases = Number.isFinite(limit) ? sample(all, limit, 13) : all
  process.stderr.write(`${all.length} cases generated; sending ${cases.length} on ${engine}\n`)
  const report = await runFuzz(w, cases, (n) => {
    if (n % 500 === 0) process.stderr.write(`  ${n}/${cases.length}\n`)
  })
  console.log(`prove:fuzz (${new Date().toISOString()})\n${formatReport(report)}`)
  process.exitCode = report.violations.length > 0 ? 1 : 0
} finally {
  await w.close()
}
