// Architecture: each table is read and written by one module (the one whose *.tables.ts declares it);
// other modules call that module's services. Read from the source, so a new query in the wrong place fails.
// Views are queries too: a view (created by a migration) that reads another module's tables is allowed only
// for the reporting views, whose sources are declared below. Module imports form no cycle. (Which files may
// import which is checked by the lint, eslint-plugin-boundaries: see eslint.config.js and boundaries-lint.test.ts.)
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '../..')
const SERVER = path.join(ROOT, 'server')
const MIGRATIONS = path.join(ROOT, 'migrations')

/**
 * The one allowed exception to one owner per table: the reporting views, which the reports module reads, join
 * the tables of the modules whose records they report on. Each view's sources are declared here exactly, so a
 * view that starts reading another table fails until it is declared (and reviewed: the view holds no person's field).
 */
const REPORTING_VIEW_SOURCES: Record<string, string[]> = {
  report_calls: ['assignments', 'calls', 'events', 'historical_calls', 'teams'],
  report_follow_ups: ['calls', 'follow_ups']
}

function walk (dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name)
    return d.isDirectory() ? walk(p) : d.name.endsWith('.ts') ? [p] : []
  })
}

/** table name → owning module, from db/database.ts (`name: XTable`) and the module whose tables file declares XTable. */
function owners (): Map<string, string> {
  const database = fs.readFileSync(path.join(SERVER, 'db/database.ts'), 'utf8')
  const declaredIn = new Map<string, string>()
  for (const f of walk(path.join(SERVER, 'modules')).filter((f) => f.endsWith('.tables.ts'))) {
    const module = path.relative(path.join(SERVER, 'modules'), f).split(path.sep)[0]
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/export interface (\w+Table)\b/g)) declaredIn.set(m[1], module)
  }
  const out = new Map<string, string>()
  const body = database.slice(database.indexOf('export interface Database'))
  for (const m of body.matchAll(/^\s+(\w+): (\w+Table)$/gm)) {
    const module = declaredIn.get(m[2])
    if (!module) throw new Error(`${m[2]} (table ${m[1]}) is not declared in any server/modules/*/*.tables.ts`)
    out.set(m[1], module)
  }
  return out
}

/** Tables a source file touches: Kysely builders, and raw SQL inside sql`…` templates. */
function tablesTouched (source: string, tables: string[]): Set<string> {
  const found = new Set<string>()
  for (const m of source.matchAll(
    /\b(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin|with)\(\s*['"](\w+)['"]/g
  )) {
    if (tables.includes(m[1])) found.add(m[1])
  }
  for (const m of source.matchAll(/\bsql(?:<[^`]*?>)?`([^`]*)`/g)) {
    for (const t of tables) if (new RegExp(`\\b(?:from|into|update|join|table)\\s+${t}\\b`, 'i').test(m[1])) found.add(t)
  }
  return found
}

/** Every `create view NAME as …` in the migrations, with the tables its query reads (every version of it, together). */
function viewsInMigrations (tables: string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const file of fs.readdirSync(MIGRATIONS).filter((f) => f.endsWith('.ts'))) {
    for (const m of fs.readFileSync(path.join(MIGRATIONS, file), 'utf8').matchAll(/\bsql(?:<[^`]*?>)?`([^`]*)`/g)) {
      const v = /\bcreate\s+(?:or\s+replace\s+)?view\s+(\w+)\s+as\b([\s\S]*)/i.exec(m[1])
      if (!v) continue
      const read = out.get(v[1]) ?? new Set<string>()
      for (const t of tablesTouched(`sql\`${v[2]}\``, tables)) read.add(t)
      out.set(v[1], read)
    }
  }
  return out
}

/** Server modules and the modules each one imports (import and export … from, type-only ones included). */
function moduleImports (): Map<string, Set<string>> {
  const modules = path.join(SERVER, 'modules')
  const out = new Map<string, Set<string>>()
  for (const file of walk(modules)) {
    const from = path.relative(modules, file).split(path.sep)[0]
    const deps = out.get(from) ?? new Set<string>()
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^'"`]*?\bfrom\s+'([^']+)'/gm)) {
      const target = path.resolve(path.dirname(file), m[1])
      if (!target.startsWith(modules + path.sep)) continue
      const to = path.relative(modules, target).split(path.sep)[0]
      if (to !== from) deps.add(to)
    }
    out.set(from, deps)
  }
  return out
}

/** The cycles of a graph, each as the path that closes it (one per strongly connected group of nodes). */
function cycles (graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = []
  const done = new Set<string>()
  const visit = (node: string, trail: string[]): void => {
    const at = trail.indexOf(node)
    if (at >= 0) {
      found.push([...trail.slice(at), node])
      return
    }
    if (done.has(node)) return
    for (const next of graph.get(node) ?? []) visit(next, [...trail, node])
    done.add(node)
  }
  for (const node of [...graph.keys()].sort()) visit(node, [])
  return found
}

describe('one owner per table', () => {
  const tableOwner = owners()
  const tables = [...tableOwner.keys()]

  it('knows the owner of every table', () => {
    expect(Object.fromEntries(tableOwner)).toMatchObject({
      teams: 'teams',
      calls: 'calls',
      assignments: 'dispatch',
      events: 'events',
      users: 'auth'
    })
    // the reports' projection is the reporting module's own: the calls and history modules keep it in step through its service
    expect(Object.fromEntries(tableOwner)).toMatchObject({
      report_facts: 'reports',
      report_facts_zone: 'reports',
      report_source: 'reports',
      report_calls: 'reports'
    })
  })

  it('finds a foreign table in a query (the check can fail)', () => {
    expect([...tablesTouched("db.selectFrom('teams').selectAll()", tables)]).toEqual(['teams'])
    expect([...tablesTouched('sql`select max(seq) from events`', tables)]).toEqual(['events'])
    expect([...tablesTouched("db.selectFrom('calls_archive')", tables)]).toEqual([])
  })

  it("has no module reading or writing another module's table", () => {
    const offences: string[] = []
    for (const file of walk(SERVER)) {
      const rel = path.relative(SERVER, file)
      const parts = rel.split(path.sep)
      const module = parts[0] === 'modules' ? parts[1] : null
      for (const t of tablesTouched(fs.readFileSync(file, 'utf8'), tables)) {
        if (module !== tableOwner.get(t)) offences.push(`server/${rel} touches ${t} (owned by modules/${tableOwner.get(t)})`)
      }
    }
    expect(offences).toEqual([])
  })

  it('finds the tables a view in a migration reads (the check can fail)', () => {
    const views = viewsInMigrations(tables)
    expect([...(views.get('report_calls') ?? [])].sort()).toEqual(REPORTING_VIEW_SOURCES.report_calls)
    expect(tableOwner.get('report_calls')).toBe('reports')
  })

  it("has no view reading another module's table, but the reporting views from their declared sources", () => {
    const offences: string[] = []
    for (const [view, read] of viewsInMigrations(tables)) {
      const owner = tableOwner.get(view)
      if (!owner) {
        offences.push(`view ${view} is not in server/db/database.ts`)
        continue
      }
      const foreign = [...read].filter((t) => tableOwner.get(t) !== owner).sort()
      const declared = REPORTING_VIEW_SOURCES[view]
      if (declared === undefined) {
        if (foreign.length > 0) offences.push(`view ${view} (modules/${owner}) reads ${foreign.join(', ')}`)
      } else if (owner !== 'reports' || [...read].sort().join() !== [...declared].sort().join()) {
        offences.push(
          `reporting view ${view} (modules/${owner}) reads ${[...read].sort().join(', ')}; declared: ${declared.join(', ')}`
        )
      }
    }
    expect(offences).toEqual([])
  })
})

describe('module imports', () => {
  it('finds a cycle (the check can fail)', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])]
    ])
    expect(cycles(graph)).toEqual([['a', 'b', 'c', 'a']])
    expect(moduleImports().get('dispatch')).toContain('calls')
  })

  it('has no cycle between server modules', () => {
    expect(cycles(moduleImports())).toEqual([])
  })
})
