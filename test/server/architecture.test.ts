// Architecture: each table is read and written by one module (the one whose *.tables.ts declares it);
// other modules call that module's services. Read from the source, so a new query in the wrong place fails.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '../..')
const SERVER = path.join(ROOT, 'server')

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
  for (const m of source.matchAll(/\b(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin|with)\(\s*['"](\w+)['"]/g)) {
    if (tables.includes(m[1])) found.add(m[1])
  }
  for (const m of source.matchAll(/\bsql(?:<[^`]*?>)?`([^`]*)`/g)) {
    for (const t of tables) if (new RegExp(`\\b(?:from|into|update|join|table)\\s+${t}\\b`, 'i').test(m[1])) found.add(t)
  }
  return found
}

describe('one owner per table', () => {
  const tableOwner = owners()
  const tables = [...tableOwner.keys()]

  it('knows the owner of every table', () => {
    expect(Object.fromEntries(tableOwner)).toMatchObject({ teams: 'teams', calls: 'calls', assignments: 'dispatch', events: 'events', users: 'auth' })
    // the reports' projection is the reporting module's own: the calls and history modules keep it in step through its service
    expect(Object.fromEntries(tableOwner)).toMatchObject({ report_facts: 'reports', report_facts_zone: 'reports', report_source: 'reports', report_calls: 'reports' })
  })

  it('finds a foreign table in a query (the check can fail)', () => {
    expect([...tablesTouched("db.selectFrom('teams').selectAll()", tables)]).toEqual(['teams'])
    expect([...tablesTouched('sql`select max(seq) from events`', tables)]).toEqual(['events'])
    expect([...tablesTouched("db.selectFrom('calls_archive')", tables)]).toEqual([])
  })

  it('has no module reading or writing another module\'s table', () => {
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
})
