// The simulator's code version: the package version and a hash of the sources a run's results depend on (the
// model, the shared domain rules and the LA data). Computed the same way by the CLI, the server and the web
// build (which bakes it into the planner's worker), so a saved run says exactly which code made it.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SOURCES = [
  'simulations',
  'server/domain',
  'server/data/la',
  'server/lib/la-data-parse.ts',
  'server/lib/csv.ts',
  'server/lib/schema-errors.ts'
]

function files (p: string): string[] {
  const abs = join(ROOT, p)
  if (!statSync(abs).isDirectory()) return [p]
  return readdirSync(abs, { withFileTypes: true }).flatMap((d) => {
    const child = join(p, d.name)
    if (d.isDirectory()) return d.name === 'scenarios' ? [] : files(child)
    return /\.(ts|json|csv|geojson)$/.test(d.name) && !d.name.endsWith('.test.ts') ? [child] : []
  })
}

let cached: string | null = null
export function simulatorCodeVersion (): string {
  if (cached !== null) return cached
  const h = createHash('sha256')
  for (const f of SOURCES.flatMap(files)
    .map((f) => relative(ROOT, join(ROOT, f)).split('\\').join('/'))
    .sort()) {
    h.update(f)
      .update('\0')
      .update(readFileSync(join(ROOT, f)))
      .update('\0')
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
  cached = `${pkg.version}+sim.${h.digest('hex').slice(0, 12)}`
  return cached
}
