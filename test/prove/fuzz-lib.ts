// Hostile input from the OpenAPI document: for every route and every principal that may call it, a valid
// request is built from the route's schemas and then broken one way at a time (wrong types, missing fields,
// huge strings, NUL and lone surrogates, out-of-range numbers and coordinates, injection strings, malformed
// JSON, wrong content types, bad path ids, bad headers). Each answer is checked: no 5xx; every input refusal
// (400, 413, 415, 422) is the one JSON error shape naming the field (or the body); and the database is
// unchanged after every refused request (a fingerprint of every table's rows).
import { sql } from 'kysely'
import fs from 'node:fs'
import type { LightMyRequestResponse } from 'fastify'
import { ROLES, type Role } from '../../server/contracts/users'
import { newCall, newTeam, setup, signIn, type Fixture } from '../helpers/app'
import type { Engine } from '../helpers/db'
import { ACCESS, type Policy } from '../server/access/matrix'

type Json = Record<string, any>
export type Principal = Role | 'anonymous'

export interface FuzzCase {
  route: string
  who: Principal
  /** What was broken, e.g. "body.location.lat: above maximum". */
  label: string
  method: string
  url: string
  headers: Record<string, string>
  payload?: string
  /** An input refusal must name one of these (case-insensitive). */
  names: string[]
  /** A body property sent as text where the schema wants a number or a boolean: the route must refuse it (400). */
  refuse?: boolean
  /** A body property sent as null where the schema allows null: the route must see null, and answer null there if it answers it. */
  nullAt?: Array<string | number>
}

export interface Violation {
  route: string
  who: Principal
  label: string
  status: number
  problem: string
  body: string
}

export interface FuzzReport {
  engine: Engine
  routes: number
  sent: number
  byStatus: Record<string, number>
  refusedUnchanged: number
  violations: Violation[]
  seconds: number
}

const EIDO_EXAMPLE = JSON.parse(
  fs.readFileSync(new URL('../../server/modules/interop/eido.example.json', import.meta.url), 'utf8')
) as Json

const INJECTIONS = [
  "' OR '1'='1' --",
  "'); DROP TABLE calls; --",
  '<script>window.__pwned=1</script>',
  '<img src=x onerror=alert(1)>',
  '$' + '{7*7}{{7*7}}', // template injection
  '../../../../etc/passwd',
  '{"$gt":""}',
  '\\u0000\\x00%00',
  '\u202Eevil\u202C',
  "Robert'); -- \\"
]

/** Deterministic PRNG (mulberry32), so a run can be repeated with its seed. */
export function prng (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

class Schemas {
  constructor (private readonly doc: Json) {}
  resolve (s: Json | undefined): Json {
    let n = s ?? {}
    for (let i = 0; i < 20 && typeof n.$ref === 'string'; i++) {
      n =
        n.$ref
          .replace(/^#\//, '')
          .split('/')
          .reduce((o: Json, k: string) => o?.[k], this.doc) ?? {}
    }
    return n
  }
}

const PATTERN_SAMPLES = [
  'T1',
  'en',
  '08:00',
  'queued',
  'area_1',
  'lapd_divisions',
  '2026-01-02',
  '2026-01-02T03:04:05Z',
  'text/csv',
  'key-1',
  'a',
  'shipped-la-baseline'
]

/**
 * Rules between fields that a schema does not say, so that the example body with every optional property is one
 * the route accepts (each case then breaks only what its label says).
 */
const CROSS_FIELD: Record<string, (body: Json) => void> = {
  // the out-of-service code, reason and return time go with status out_of_service only, back within a day
  'POST /api/teams/{id}/status': (b) => {
    b.status = 'out_of_service'
    if ('expectedBackAt' in b) b.expectedBackAt = new Date(Date.now() + 3_600_000).toISOString()
  },
  // a new location carries its own address
  'PATCH /api/calls/{id}': (b) => {
    delete b.address
  }
}

/** A valid value for a schema (with every optional property when `full`), or undefined if none is found. */
function example (s: Json, sch: Schemas, ctx: { uuid: string; now: string }, full: boolean, depth = 0): unknown {
  s = sch.resolve(s)
  if (depth > 8) return undefined
  if ('const' in s) return s.const
  if (Array.isArray(s.enum)) return s.enum[0]
  if (s.description?.includes('IANA zone')) return 'America/Los_Angeles'
  if (s.description?.includes('code book as CSV')) return 'code,description\nEDP,person in crisis\n'
  if (Array.isArray(s.anyOf ?? s.oneOf)) {
    const branches = (s.anyOf ?? s.oneOf) as Json[]
    const pick = branches.find((b) => !onlyNull(sch.resolve(b))) ?? branches[0]
    return example(pick, sch, ctx, full, depth + 1)
  }
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type
  switch (type) {
    case 'object': {
      const out: Json = {}
      for (const [k, p] of Object.entries((s.properties ?? {}) as Record<string, Json>)) {
        if (!full && !(s.required ?? []).includes(k)) continue
        const v = example(p, sch, ctx, full, depth + 1)
        if (v !== undefined) out[k] = v
      }
      return out
    }
    case 'array': {
      const n = Math.max(1, s.minItems ?? 0)
      return Array.from({ length: n }, () => example(s.items ?? {}, sch, ctx, full, depth + 1))
    }
    case 'string': {
      if (s.format === 'uuid') return ctx.uuid
      if (s.format === 'date-time') return ctx.now
      if (s.format === 'email') return 'someone@example.org'
      if (typeof s.pattern === 'string') {
        const re = new RegExp(s.pattern)
        return PATTERN_SAMPLES.find((x) => re.test(x) && x.length >= (s.minLength ?? 0)) ?? 'a'
      }
      return 'x'.repeat(Math.max(s.minLength ?? 0, Math.min(5, s.maxLength ?? 5)))
    }
    case 'integer':
      return Math.max(s.minimum ?? 1, Math.min(1, s.maximum ?? 1))
    case 'number':
      return typeof s.minimum === 'number' && typeof s.maximum === 'number' ? (s.minimum + s.maximum) / 2 : Math.max(s.minimum ?? 0, 0)
    case 'boolean':
      return true
    default:
      return undefined
  }
}

interface Leaf {
  path: Array<string | number>
  schema: Json
  required: boolean
}

/** Every property of a (resolved) body schema, with the path to it in the example value. */
function leaves (s: Json, value: unknown, sch: Schemas, path: Array<string | number> = [], out: Leaf[] = [], required = true): Leaf[] {
  s = sch.resolve(s)
  const eff = effective(s, sch)
  if (path.length > 0) out.push({ path, schema: s, required })
  if (path.length > 6) return out
  if (eff.type === 'object' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, p] of Object.entries((eff.properties ?? {}) as Record<string, Json>)) {
      if (k in value) leaves(p, (value as Json)[k], sch, [...path, k], out, (eff.required ?? []).includes(k))
    }
  } else if (eff.type === 'array' && Array.isArray(value) && value.length > 0) {
    leaves(eff.items ?? {}, value[0], sch, [...path, 0], out, true)
  }
  return out
}

/** The value at a path (undefined where the path does not lead). */
function at (root: unknown, path: Array<string | number>): unknown {
  let o: unknown = root
  for (const k of path) {
    if (typeof o !== 'object' || o === null) return undefined
    o = (o as Json)[k as string]
  }
  return o
}

/** The value a case's label names ("body.a.b: …"), for the message. */
function valueAt (root: unknown, label: string): unknown {
  const m = /^body\.([^:]+):/.exec(label)
  return m
    ? at(
      root,
      m[1].split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k))
    )
    : root
}

function setAt (root: unknown, path: Array<string | number>, v: unknown, remove = false): unknown {
  const copy = structuredClone(root) as Json
  let o: Json = copy
  for (const k of path.slice(0, -1)) o = o[k as string]
  const last = path[path.length - 1]
  if (remove) delete o[last as string]
  else o[last as string] = v
  return copy
}

/** The names an error about this path may mention: any property on the way to it. */
function fieldNames (path: Array<string | number>): string[] {
  return path.filter((p): p is string => typeof p === 'string')
}

/** A schema that takes null only (OpenAPI 3.0 writes TypeBox's Null as `{nullable: true, enum: [null]}`). */
function onlyNull (s: Json): boolean {
  return s.type === 'null' || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null)
}

/** Whether a (resolved) schema allows null. */
function allowsNull (s: Json, sch: Schemas): boolean {
  const branches = (s.anyOf ?? s.oneOf) as Json[] | undefined
  return (
    s.nullable === true ||
    onlyNull(s) ||
    (Array.isArray(s.type) && s.type.includes('null')) ||
    (Array.isArray(s.enum) && s.enum.includes(null)) ||
    (branches?.some((b) => allowsNull(sch.resolve(b), sch)) ?? false)
  )
}

/** The schema's non-null branch. */
function effective (s: Json, sch: Schemas): Json {
  const branches = (s.anyOf ?? s.oneOf) as Json[] | undefined
  return branches ? sch.resolve(branches.find((b) => !onlyNull(sch.resolve(b))) ?? branches[0]) : s
}

/** A breaking value; `refuse` marks a value of the wrong JSON type, which must never be read as another type. */
type Breaker = [label: string, value: unknown, refuse?: boolean]

/** Values that break a schema, or that are hostile but maybe valid (injection strings). */
function breakers (s: Json, sch: Schemas): Breaker[] {
  s = sch.resolve(s)
  const eff = effective(s, sch)
  const out: Breaker[] = []
  if (!allowsNull(s, sch)) out.push(['null', null, true])
  const t = eff.enum ? 'enum' : eff.type
  if (t === 'string' || t === 'enum') {
    out.push(
      ['a number instead of text', 12345, true],
      ['an object instead of text', { a: 1 }, true],
      ['a list instead of text', ['x'], true]
    )
    out.push(['a NUL character', 'a\u0000b'], ['a lone high surrogate', 'a\ud800b'], ['a lone low surrogate', '\udc00'])
    out.push(['a huge string (100,000 characters)', 'x'.repeat(100_000)])
    if (typeof eff.maxLength === 'number') out.push([`one over maxLength ${String(eff.maxLength)}`, 'y'.repeat(eff.maxLength + 1)])
    if (typeof eff.minLength === 'number' && eff.minLength > 0) out.push(['shorter than minLength', 'z'.repeat(eff.minLength - 1)])
    if (t === 'enum') out.push(['a value not in the enum', 'not_a_value'])
    if (eff.format === 'uuid') {
      out.push(['not a uuid', 'not-a-uuid'], ['a uuid with SQL after it', "00000000-0000-0000-0000-000000000000' OR 1=1--"])
    }
    if (eff.format === 'date-time') {
      out.push(
        ['not a date', 'yesterday'],
        ['an impossible date', '2026-02-30T25:61:00Z'],
        ['the year 275760', '+275760-09-13T00:00:00Z']
      )
    }
    if (eff.format === 'email') out.push(['not an email', 'nobody'])
    for (const inj of INJECTIONS) out.push([`injection ${JSON.stringify(inj).slice(0, 24)}`, inj])
  } else if (t === 'number' || t === 'integer') {
    out.push(
      ['text instead of a number', '12', true],
      ['"0" as text', '0', true],
      ['a boolean instead of a number', true, true],
      ['1e308', 1e308],
      ['-1e308', -1e308]
    )
    if (typeof eff.minimum === 'number') out.push([`below minimum ${String(eff.minimum)}`, eff.minimum - 1])
    if (typeof eff.maximum === 'number') out.push([`above maximum ${String(eff.maximum)}`, eff.maximum + 1])
    if (t === 'integer') out.push(['a fraction for an integer', 1.5], ['2^63', 9223372036854775808])
  } else if (t === 'boolean') {
    out.push(
      ['text instead of a boolean', 'yes', true],
      ['"false" as text', 'false', true],
      ['a number instead of a boolean', 1, true],
      ['0 instead of false', 0, true]
    )
  } else if (t === 'object') {
    out.push(
      ['a list instead of an object', [], true],
      ['text instead of an object', 'x', true],
      ['an unknown field', { __proto__x: 1, constructor: 'x' }]
    )
  } else if (t === 'array') {
    out.push(
      ['an object instead of a list', {}, true],
      ['text instead of a list', 'x', true],
      ['10,000 items', Array.from({ length: 10_000 }, () => 'x')]
    )
  }
  return out
}

function principalsFor (policy: Policy): Principal[] {
  if (policy === 'public') return ['anonymous']
  return ROLES.filter((r) => policy[r] !== 'deny')
}

export interface FuzzWorld {
  f: Fixture
  /** The body the last request's handler was given, after validation (undefined if validation refused it). */
  seen: { body: unknown }
  tokens: Record<Principal, string | null>
  ids: { team: string; call: string; user: string; facility: string }
  doc: Json
  close: () => Promise<void>
}

/** A fixture with a team, a call assigned to it, a responder on that team, and the OpenAPI document. */
export async function fuzzWorld (engine: Engine): Promise<FuzzWorld> {
  const seen: { body: unknown } = { body: undefined }
  const f = await setup(engine, {
    beforeReady: (app) =>
      app.addHook('preHandler', async (req) => {
        // a file upload's body is a stream, not JSON: there is nothing to compare
        try {
          seen.body = structuredClone(req.body)
        } catch {
          seen.body = '(a stream)'
        }
      })
  })
  const team = await newTeam(f)
  const call = await newCall(f)
  const a = await f.app.inject({
    method: 'POST',
    url: `/api/calls/${call.id}/assignments`,
    headers: { authorization: `Bearer ${f.tokens.dispatcher}` },
    payload: { teamId: team.id }
  })
  if (a.statusCode !== 201) throw new Error(a.body)
  const tokens = { ...f.tokens, responder: await signIn(f.app, 'responder', team.id), anonymous: null } as Record<
    Principal,
    string | null
  >
  const me = (
    await f.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${f.tokens.admin}` } })
  ).json() as { id: string }
  const doc = (await f.app.inject({ method: 'GET', url: '/docs/json' })).json() as Json
  // a facility user is bound to a facility (signing out makes one)
  const facility = await f.app.services.facilities.create(
    { name: 'Fuzz crisis centre', kind: 'crisis_stabilisation', lat: 34.05, lon: -118.25 },
    null
  )
  return {
    f,
    seen,
    tokens,
    ids: { team: team.id, call: call.id, user: me.id, facility: facility.id },
    doc,
    close: async () => {
      await f.close()
    }
  }
}

/** Every case for every route and principal, in a stable order. */
export function fuzzCases (w: FuzzWorld): FuzzCase[] {
  const sch = new Schemas(w.doc)
  const ctx = { uuid: w.ids.call, now: w.f.clock.now().toISOString() }
  const cases: FuzzCase[] = []
  for (const [p, ops] of Object.entries(w.doc.paths as Record<string, Record<string, Json>>)) {
    for (const [m, op] of Object.entries(ops)) {
      const method = m.toUpperCase()
      const route = `${method} ${p}`
      const policy = ACCESS[route]
      if (policy === undefined) continue
      const params = (op.parameters ?? []) as Json[]
      const idFor = p.startsWith('/api/teams')
        ? w.ids.team
        : p.startsWith('/api/calls')
          ? w.ids.call
          : p.startsWith('/api/users')
            ? w.ids.user
            : p.startsWith('/api/geo/areas')
              ? 'lapd_divisions'
              : crypto.randomUUID()
      // other path parameters (a protocol's {version}) get a valid value from their schema, so the case breaks only what it says
      const named = params.filter((x) => x.in === 'path' && x.name !== 'id')
      const path = (id: string) =>
        named.reduce(
          (u, q) => u.replace(`{${String(q.name)}}`, encodeURIComponent(String(example(q.schema, sch, ctx, false)))),
          p.replace('{id}', id)
        )
      const query: Json = {}
      for (const q of params.filter((x) => x.in === 'query' && x.required)) query[q.name] = example(q.schema, sch, ctx, false)
      const qs = (q: Json) => {
        const s = Object.entries(q)
          .map(
            ([k, v]) =>
              `${encodeURIComponent(k)}=${typeof v === 'string' && v.startsWith('%RAW%') ? v.slice(5) : encodeURIComponent(String(v))}`
          )
          .join('&')
        return s ? `?${s}` : ''
      }
      const bodySchema = op.requestBody?.content?.['application/json']?.schema as Json | undefined
      const isJsonBody = bodySchema !== undefined
      // an EIDO document is open-ended (additionalProperties): start from the shipped example transfer
      const base = route === 'POST /api/interop/eido' ? EIDO_EXAMPLE : isJsonBody ? example(bodySchema, sch, ctx, true) : undefined
      if (base !== undefined && route in CROSS_FIELD) CROSS_FIELD[route](base as Json)
      // a PUT without a JSON body is a file upload (an import's CSV); one with a JSON body (a scenario) takes JSON
      const jsonHeaders = { 'content-type': method === 'PUT' && !isJsonBody ? 'text/csv' : 'application/json' }
      const bodyHeaders: Record<string, string> = isJsonBody || method === 'PUT' ? jsonHeaders : {}
      for (const who of principalsFor(policy)) {
        const add = (label: string, c: Partial<FuzzCase> & { names: string[] }) => {
          cases.push({
            ...c,
            route,
            who,
            label,
            method,
            url: c.url ?? path(idFor) + qs(query),
            headers: c.headers ?? bodyHeaders,
            payload: c.payload ?? (isJsonBody ? JSON.stringify(base) : undefined)
          })
        }
        // the body as a whole
        if (isJsonBody || method === 'PUT') {
          add('body: malformed JSON', { payload: '{"location": {"lat": 34,', headers: jsonHeaders, names: ['body', 'json'] })
          add('body: empty with a JSON content type', { payload: '', headers: jsonHeaders, names: ['body'] })
          add('body: a list instead of an object', { payload: '[]', headers: jsonHeaders, names: ['body'] })
          add('body: a bare string', { payload: '"hello"', headers: jsonHeaders, names: ['body'] })
          add('body: JSON sent as text/plain', { headers: { 'content-type': 'text/plain' }, names: ['content-type', 'body'] })
          add('body: JSON sent as application/xml', {
            headers: { 'content-type': 'application/xml' },
            payload: '<a>1</a>',
            names: ['content-type', 'body']
          })
          add('body: form-encoded', {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: 'a=1&b=2',
            names: ['content-type', 'body']
          })
          add('body: JSON nested 10,000 deep', {
            payload: '['.repeat(10_000) + ']'.repeat(10_000),
            headers: jsonHeaders,
            names: ['body']
          })
          add('body: a prototype-polluting key', {
            payload: JSON.stringify({ ...(typeof base === 'object' && base !== null ? base : {}) }).replace(
              /^\{/,
              '{"__proto__":{"polluted":1},'
            ),
            headers: jsonHeaders,
            names: ['__proto__', 'body', 'polluted']
          })
        }
        if (isJsonBody && typeof base === 'object' && base !== null && !Array.isArray(base)) {
          add('body: an unknown field', { payload: JSON.stringify({ ...base, zzUnknown: 1 }), names: ['zzUnknown'] })
          for (const leaf of leaves(bodySchema, base, sch)) {
            const where = `body.${leaf.path.join('.')}`
            const names = fieldNames(leaf.path)
            if (leaf.required) add(`${where}: missing`, { payload: JSON.stringify(setAt(base, leaf.path, undefined, true)), names })
            for (const [what, v, refuse] of breakers(leaf.schema, sch)) {
              // a body grown past the route's limit is refused as a whole (413), which names the body
              add(`${where}: ${what}`, { payload: JSON.stringify(setAt(base, leaf.path, v)), names: [...names, 'body'], refuse })
            }
            if (allowsNull(sch.resolve(leaf.schema), sch)) {
              add(`${where}: null where null is allowed`, {
                payload: JSON.stringify(setAt(base, leaf.path, null)),
                names: [...names, 'body'],
                nullAt: leaf.path
              })
            }
          }
        }
        // path ids
        if (p.includes('{id}')) {
          for (const [what, id] of [
            ['not a uuid', 'not-a-uuid'],
            ['SQL', "1' OR '1'='1"],
            ['a NUL', 'a%00b'],
            ['a lone surrogate', '%ED%A0%80'],
            ['5,000 characters', 'x'.repeat(5000)],
            ['an unknown id', '00000000-0000-4000-8000-000000000000']
          ] as const) {
            add(`path id: ${what}`, { url: path(encodeURI(id).replace(/%25/g, '%')) + qs(query), names: ['id', 'route', 'not found'] })
          }
        }
        // query parameters
        for (const q of params.filter((x) => x.in === 'query')) {
          for (const [what, v] of breakers(q.schema, sch)) {
            if (typeof v === 'object' && v !== null) continue
            const raw = typeof v === 'string' && /[\ud800-\udfff]/.test(v) ? '%RAW%a%ED%A0%80b' : v
            add(`query ${String(q.name)}: ${what}`, {
              url: path(idFor) + qs({ ...query, [q.name]: raw }),
              names: [q.name, 'querystring']
            })
          }
          add(`query ${String(q.name)}: given twice`, {
            url:
              path(idFor) +
              qs(query) +
              `${Object.keys(query).length ? '&' : '?'}${encodeURIComponent(q.name)}=1&${encodeURIComponent(q.name)}=2`,
            names: [q.name, 'querystring']
          })
        }
        if (method === 'GET' && params.some((x) => x.in === 'query')) {
          add('query: an unknown parameter', { url: path(idFor) + qs({ ...query, zzUnknown: 1 }), names: ['zzUnknown', 'querystring'] })
        }
        // headers
        if (params.some((x) => x.in === 'header' && x.name === 'idempotency-key')) {
          add('header idempotency-key: 10,000 characters', {
            headers: { ...bodyHeaders, 'idempotency-key': 'k'.repeat(10_000) },
            names: ['idempotency-key']
          })
          add('header idempotency-key: empty', { headers: { ...bodyHeaders, 'idempotency-key': '' }, names: ['idempotency-key'] })
        }
      }
    }
  }
  return cases
}

/** Up to n cases, taken round-robin over routes (and principals), shuffled within each by a seeded PRNG. */
export function sample (cases: FuzzCase[], n: number, seed: number): FuzzCase[] {
  const rnd = prng(seed)
  const groups = new Map<string, FuzzCase[]>()
  for (const c of cases) {
    const k = `${c.route} ${c.who}`
    if (!groups.has(k)) groups.set(k, [])
    groups.get(k)!.push(c)
  }
  for (const g of groups.values()) {
    for (let i = g.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1))
      ;[g[i], g[j]] = [g[j], g[i]]
    }
  }
  const out: FuzzCase[] = []
  for (let i = 0; out.length < n; i++) {
    let any = false
    for (const g of groups.values()) {
      if (i < g.length && out.length < n) {
        out.push(g[i])
        any = true
      }
    }
    if (!any) break
  }
  return out
}

// The tables of a database, read once: no request a fuzz run sends creates or drops one.
const tablesOf = new WeakMap<object, Promise<string[]>>()

/** Row count and a hash of the rows of every table: equal fingerprints, unchanged database. */
export async function fingerprint (f: Fixture): Promise<Record<string, string>> {
  let tables = tablesOf.get(f.db.db)
  if (!tables) {
    tables = sql<{ t: string }>`select table_name as t from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`
      .execute(f.db.db)
      .then((r) => r.rows.map((x) => x.t))
    tablesOf.set(f.db.db, tables)
  }
  // rows and the newest row version: an insert or delete changes the count, an update (or an insert with a delete) writes
  // a row version newer than every one before it; no row is read whole, so a check after every request stays cheap
  const parts = (await tables).map(
    (t) =>
      sql`select ${t}::text as t, count(*)::text || ':' || coalesce(max(x.xmin::text::bigint), 0)::text as v from ${sql.table(t)} x`
  )
  if (parts.length === 0) return {}
  const q = parts.slice(1).reduce((acc, p) => sql`${acc} union all ${p}`, parts[0])
  const rows = await q.execute(f.db.db)
  return Object.fromEntries((rows.rows as Array<{ t: string; v: string }>).map((r) => [r.t, r.v]))
}

/**
 * The cluster's transaction snapshot: the next transaction id and those still running. A transaction that writes is
 * given an id (a read is not), so the next id moves with every write begun, and the list changes as a running one ends.
 * Where the snapshot is the same as at the last fingerprint, no row can have changed since, and the tables need not be
 * read again (on PostgreSQL, other databases' writes change it too: then they are read).
 */
async function snapshot (f: Fixture): Promise<string> {
  const r = await sql<{ s: string }>`select pg_current_snapshot()::text as s`.execute(f.db.db)
  return r.rows[0].s
}

/** A fingerprint that reads the tables only when a transaction may have written since the last one. */
function fingerprints (f: Fixture): () => Promise<Record<string, string>> {
  let last: { snapshot: string; print: Record<string, string> } | null = null
  return async () => {
    const now = await snapshot(f)
    if (last?.snapshot !== now) last = { snapshot: now, print: await fingerprint(f) }
    return last.print
  }
}

function changed (a: Record<string, string>, b: Record<string, string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k])
}

/**
 * Refused requests that are meant to write, each with why: a failed sign-in is counted for the lockout.
 * Nothing else may change the database and answer 4xx.
 */
const WRITES_ON_REFUSAL: Array<{ route: string; status: number; table: string }> = [
  { route: 'POST /api/auth/login', status: 401, table: 'login_failures' },
  // a wrong second-step code counts towards the lockout like a wrong password
  { route: 'POST /api/auth/totp/confirm', status: 401, table: 'login_failures' },
  { route: 'POST /api/auth/totp/recovery-codes', status: 401, table: 'login_failures' },
  // so does a wrong current password when changing one's own
  { route: 'POST /api/auth/me/password', status: 400, table: 'login_failures' }
]

const INPUT_REFUSALS = new Set([400, 413, 415, 422])

/** Sends the cases one by one and checks each answer and the database. */
export async function runFuzz (w: FuzzWorld, cases: FuzzCase[], onProgress?: (done: number) => void): Promise<FuzzReport> {
  const t0 = Date.now()
  const byStatus: Record<string, number> = {}
  const violations: Violation[] = []
  let refusedUnchanged = 0
  const print = fingerprints(w.f)
  let before = await print()
  for (const [i, c] of cases.entries()) {
    let token = w.tokens[c.who]
    // signing out ends the session the other cases use: it gets a session of its own
    if (c.route === 'POST /api/auth/logout' && c.who !== 'anonymous') {
      token = await signIn(
        w.f.app,
        c.who,
        c.who === 'responder' ? w.ids.team : undefined,
        c.who === 'facility' ? w.ids.facility : undefined
      )
      before = await print()
    }
    let r: LightMyRequestResponse
    w.seen.body = undefined
    try {
      r = await w.f.app.inject({
        method: c.method as 'GET',
        url: c.url,
        headers: { ...c.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(c.payload !== undefined ? { payload: c.payload } : {})
      })
    } catch (err) {
      violations.push({ route: c.route, who: c.who, label: c.label, status: 0, problem: `request threw: ${String(err)}`, body: '' })
      continue
    }
    byStatus[r.statusCode] = (byStatus[r.statusCode] ?? 0) + 1
    const v = (problem: string) =>
      violations.push({ route: c.route, who: c.who, label: c.label, status: r.statusCode, problem, body: r.body.slice(0, 300) })
    if (r.statusCode >= 500) v('server error')
    if (r.statusCode >= 400) {
      let body: Json | null = null
      try {
        body = r.json()
      } catch {
        body = null
      }
      if (
        !/^application\/json/.test(String(r.headers['content-type'])) ||
        body === null ||
        typeof body.message !== 'string' ||
        typeof body.code !== 'string' ||
        body.statusCode !== r.statusCode
      ) {
        v('error is not the JSON shape {statusCode, code, message}')
      } else if (
        INPUT_REFUSALS.has(r.statusCode) &&
        !c.names.some((n) => String(body.message).toLowerCase().includes(n.toLowerCase()))
      ) {
        v(`message does not name ${c.names.join(' or ')}`)
      }
    }
    if (c.refuse === true && r.statusCode < 400) {
      v(
        'a value of the wrong type was accepted (read ' +
          `as ${JSON.stringify(w.seen.body === undefined ? undefined : valueAt(w.seen.body, c.label))})`
      )
    }
    if (c.nullAt !== undefined) {
      const given = w.seen.body === undefined ? null : at(w.seen.body, c.nullAt)
      if (given !== null) v(`null reached the route as ${JSON.stringify(given)}`)
      if (r.statusCode < 300 && /^application\/json/.test(String(r.headers['content-type']))) {
        const answered = at(r.json(), c.nullAt)
        if (answered !== undefined && answered !== null) v(`null was answered as ${JSON.stringify(answered)}`)
      }
    }
    const after = await print()
    if (r.statusCode >= 400) {
      const diff = changed(before, after).filter(
        (t) => !WRITES_ON_REFUSAL.some((x) => x.route === c.route && x.status === r.statusCode && x.table === t)
      )
      if (diff.length > 0) v(`refused, yet the database changed: ${diff.join(', ')}`)
      else refusedUnchanged++
    }
    before = after
    onProgress?.(i + 1)
  }
  return {
    engine: w.f.db.engine as Engine,
    routes: new Set(cases.map((c) => c.route)).size,
    sent: cases.length,
    byStatus,
    refusedUnchanged,
    violations,
    seconds: (Date.now() - t0) / 1000
  }
}

export function formatReport (r: FuzzReport): string {
  const lines = [
    `engine: ${r.engine}`,
    `routes: ${r.routes}`,
    `requests sent: ${r.sent} in ${r.seconds.toFixed(1)} s`,
    `by status: ${Object.entries(r.byStatus)
      .sort()
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ')}`,
    `refused with the database unchanged: ${r.refusedUnchanged}`,
    `violations: ${r.violations.length}`
  ]
  for (const v of r.violations.slice(0, 40)) {
    lines.push(`  ${v.route} as ${v.who} — ${v.label}: ${v.status} ${v.problem} ${v.body.slice(0, 160)}`)
  }
  if (r.violations.length > 40) lines.push(`  … and ${r.violations.length - 40} more`)
  return lines.join('\n')
}
