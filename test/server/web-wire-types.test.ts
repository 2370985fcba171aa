// The web app declares no wire type of its own: its requests and answers are typed from server/contracts (the route
// table and the schemas' Static types). Read from the source, so a hand-written copy of a contract type fails here.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '../..')

function walk (dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name)
    if (d.isDirectory()) return d.name === 'dist' ? [] : walk(p)
    return /\.tsx?$/.test(d.name) ? [p] : []
  })
}

/** Every type name server/contracts exports: `export type X`, `export interface X`, and X for each `export const XSchema`. */
function contractNames (): Set<string> {
  const names = new Set<string>()
  for (const f of walk(path.join(ROOT, 'server/contracts'))) {
    const src = fs.readFileSync(f, 'utf8')
    for (const m of src.matchAll(/^export (?:type|interface) (\w+)/gm)) names.add(m[1])
    for (const m of src.matchAll(/^export const (\w+)Schema\b/gm)) names.add(m[1])
  }
  return names
}

/** Declarations in a web source: the name and what follows it (an interface's body, or a type alias's right side). */
function declarations (src: string): Array<{ name: string; kind: 'interface' | 'type'; rhs: string }> {
  const out: Array<{ name: string; kind: 'interface' | 'type'; rhs: string }> = []
  for (const m of src.matchAll(/^(?:export )?interface (\w+)/gm)) out.push({ name: m[1], kind: 'interface', rhs: '' })
  for (const m of src.matchAll(/^(?:export )?type (\w+)(?:<[^=]*>)? =\s*([^\n]*)/gm)) out.push({ name: m[1], kind: 'type', rhs: m[2] })
  return out
}

// A type alias derived from a contract is no copy: Static of a schema, the client's Reply/Body/Query/Params/Input of a
// route, or a part of an imported contract type (Team['position'], Omit<…>, NonNullable<…>).
const DERIVED = /^(Static<|Reply<|Body<|Query<|Params<|Input<|PathInput<|NonNullable<|Omit<|Pick<|Exclude<|\w+\[)/

describe('wire types in web/', () => {
  const names = contractNames()
  const files = walk(path.join(ROOT, 'web'))

  it('reads the contracts and the web sources', () => {
    expect(names.has('Call')).toBe(true)
    expect(names.has('Team')).toBe(true)
    expect(files.length).toBeGreaterThan(50)
  })

  it('declares no type named like a contract type unless it is derived from the contracts', () => {
    const copies: string[] = []
    for (const f of files) {
      for (const d of declarations(fs.readFileSync(f, 'utf8'))) {
        if (!names.has(d.name)) continue
        if (d.kind === 'type' && DERIVED.test(d.rhs)) continue
        copies.push(`${path.relative(ROOT, f)}: ${d.kind} ${d.name}`)
      }
    }

    expect(copies).toEqual([])
  })

  it("declares no wire shape in the API client files (web/api): they take and answer the route table's types", () => {
    // what the screens hold that is not on the wire: the report page's filters, a point, the client's own options
    const UI_STATE = new Set(['ReportFilters', 'LatLon', 'CallInit'])
    const shapes: string[] = []
    // client.ts is the derivation itself (a route's params, query, body and reply from the table)
    const apiFiles = files.filter((x) => x.includes(`${path.sep}web${path.sep}api${path.sep}`) && !x.endsWith(`${path.sep}client.ts`))
    for (const f of apiFiles) {
      for (const d of declarations(fs.readFileSync(f, 'utf8'))) {
        if (UI_STATE.has(d.name)) continue
        if (d.kind === 'type' && (DERIVED.test(d.rhs) || !/[{]/.test(d.rhs.split('?')[0]))) continue
        shapes.push(`${path.relative(ROOT, f)}: ${d.kind} ${d.name}`)
      }
    }

    expect(shapes).toEqual([])
  })

  it('types every API request of the web app by the route table: no free-text path is fetched with a cast answer', () => {
    const loose: string[] = []
    for (const f of files) {
      const src = fs.readFileSync(f, 'utf8')
      for (const m of src.matchAll(/\b(?:api|request)<[^>]+>\(\s*'(?:GET|POST|PUT|PATCH|DELETE)'/g)) {
        loose.push(`${path.relative(ROOT, f)}: ${m[0]}`)
      }
      for (const m of src.matchAll(/fetch\(\s*[`'"]\/api\//g)) loose.push(`${path.relative(ROOT, f)}: ${m[0]}`)
    }

    expect(loose).toEqual([])
  })
})
