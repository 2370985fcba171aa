// Turns TypeBox validation errors into one readable line each, naming the JSON path (`rules[3].when.any[0]`,
// `teams[2].base.lat`). Pure: used for the triage protocol, scenarios (also in the browser) and area sets.
import type { TSchema } from 'typebox'
import { Settings } from 'typebox/system'
import Value from 'typebox/value'

type Json = Record<string, unknown>
type Err = ReturnType<typeof Value.Errors>[number]

const ROOT_SHAPE = new Set(['type', 'const', 'enum', 'required', 'additionalProperties', 'minProperties', 'maxProperties'])

/** `/rules/3/when/any/0` → `rules[3].when.any[0]`; `(root)` for the document itself. */
export function formatPath (pointer: string, root = '(root)'): string {
  if (pointer === '') return root
  let out = ''
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (/^\d+$/.test(seg)) out += `[${seg}]`
    else out += out === '' ? seg : /^[A-Za-z_$][\w$]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`
  }
  return out
}

function valueAt (doc: unknown, pointer: string): unknown {
  let v = doc
  if (pointer === '') return v
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (typeof v !== 'object' || v === null) return undefined
    v = (v as Json)[seg]
  }
  return v
}

/** Short display of a value for "(got ...)". */
export function show (v: unknown): string {
  const s = JSON.stringify(v)
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s
}

/** Finds the schema node an error's schemaPath points at, following `$ref`s into the collected `$defs`. */
class SchemaWalker {
  private readonly defs = new Map<string, Json>()

  constructor (private readonly root: TSchema) {
    const collect = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return
      const defs = (node as Json).$defs
      if (typeof defs === 'object' && defs !== null) for (const [k, v] of Object.entries(defs)) this.defs.set(k, v as Json)
      for (const v of Object.values(node)) collect(v)
    }
    collect(root)
  }

  /** The node itself, or the definition it refers to. */
  resolve (node: Json): Json {
    let n = node
    while (typeof n.$ref === 'string' && this.defs.has(n.$ref)) n = this.defs.get(n.$ref) as Json
    return n
  }

  at (schemaPath: string): Json | undefined {
    let node: Json | undefined = this.root as unknown as Json
    for (const seg of schemaPath
      .replace(/^#\/?/, '')
      .split('/')
      .filter((s) => s !== '')) {
      if (node === undefined) return undefined
      while (!(seg in node) && typeof node.$ref === 'string' && this.defs.has(node.$ref)) node = this.defs.get(node.$ref) as Json
      node = node[seg] as Json | undefined
    }
    while (node !== undefined && typeof node.$ref === 'string' && this.defs.has(node.$ref) && node.anyOf === undefined) {
      node = this.defs.get(node.$ref) as Json
    }
    return node
  }
}

function describeSchema (s: Json | undefined): string {
  if (s === undefined) return 'a valid value'
  if ('const' in s) return show(s.const)
  if (Array.isArray(s.enum)) return `one of ${s.enum.join(', ')}`
  if (Array.isArray(s.anyOf)) return (s.anyOf as Json[]).map(describeSchema).join(' or ')
  switch (s.type) {
    case 'string':
      return 'a text'
    case 'integer':
      return 'a whole number'
    case 'number':
      return 'a number'
    case 'boolean':
      return 'true or false'
    case 'array':
      return 'a list'
    case 'object':
      return 'an object'
    default:
      return 'a valid value'
  }
}

/** The property every branch of a union fixes with a const (a tagged union: `dist`, `model`), or null. */
function tagOf (branches: Json[]): string | null {
  const props = (b: Json): Record<string, Json> => (b.properties as Record<string, Json> | undefined) ?? {}
  if (branches.length < 2) return null
  for (const key of Object.keys(props(branches[0]))) {
    if (branches.every((b) => props(b)[key]?.const !== undefined)) return key
  }
  return null
}

type Kept = Err | { anyOf: Err } | { tag: Err; key: string; allowed: unknown[] }

/**
 * Keeps, for every anyOf, the errors of the branch the value was meant for: in a tagged union, the
 * branch its tag names (or one error naming the tag); a branch with no error at
 * the value itself (the shape fits), else the one branch whose type fits; otherwise one error for the
 * whole anyOf. So `{ "flagged": "weapon" }` reports the bad question id, not ten unmatched shapes.
 */
function prune (errors: Err[], walker: SchemaWalker, doc: unknown): Kept[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length)
  let kept: Kept[] = errors.filter((e) => e.keyword !== 'anyOf')
  const dropped = new Set<Err>()
  for (const u of anyOfs) {
    if (dropped.has(u)) continue
    const prefix = `${u.schemaPath}/anyOf/`
    const branches = new Map<number, Err[]>()
    for (const e of errors) {
      if (!e.schemaPath.startsWith(prefix)) continue
      const k = Number(e.schemaPath.slice(prefix.length).split('/')[0])
      branches.set(k, [...(branches.get(k) ?? []), e])
    }
    const union = ((walker.at(u.schemaPath)?.anyOf ?? []) as Json[]).map((b) => walker.resolve(b))
    const key = tagOf(union)
    const v = valueAt(doc, u.instancePath)
    if (key !== null && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const consts = union.map((b) => (b.properties as Record<string, Json>)[key].const)
      const i = consts.indexOf((v as Json)[key])
      for (const [k, es] of branches) if (k !== i) for (const e of es) dropped.add(e)
      if (i < 0) kept.push({ tag: u, key, allowed: consts })
      continue
    }
    const atRoot = (es: Err[], kinds: Set<string>): boolean => es.some((e) => e.instancePath === u.instancePath && kinds.has(e.keyword))
    const fits = [...branches].filter(([, es]) => !atRoot(es, ROOT_SHAPE))
    const typed = [...branches].filter(([, es]) => !atRoot(es, new Set(['type'])))
    const hasMessage = typeof walker.at(u.schemaPath)?.errorMessage === 'string'
    let chosen: number | null = null
    if (fits.length > 0) chosen = fits.sort((a, b) => a[1].length - b[1].length)[0][0]
    else if (typed.length === 1 && !hasMessage) chosen = typed[0][0]
    for (const [k, es] of branches) if (k !== chosen) for (const e of es) dropped.add(e)
    if (chosen === null) kept.push({ anyOf: u })
  }
  kept = kept.filter((e) => !('keyword' in e) || !dropped.has(e))
  return kept
}

function message (e: Err, doc: unknown, walker: SchemaWalker): { path: string; text: string } {
  const v = valueAt(doc, e.instancePath)
  const node = walker.at(e.schemaPath)
  const custom = typeof node?.errorMessage === 'string' ? node.errorMessage : null
  const got = ` (got ${show(v)})`
  const params = e.params as Json
  switch (e.keyword) {
    case 'required': {
      const missing = (params.requiredProperties as string[]) ?? []
      return {
        path: `${e.instancePath}/${missing[0] ?? ''}`,
        text: missing.length > 1 ? `is required (so are ${missing.slice(1).join(', ')})` : 'is required'
      }
    }
    case 'additionalProperties': {
      const extra = (params.additionalProperties as string[]) ?? []
      const allowed = Object.keys((node?.properties as Json | undefined) ?? {})
      return { path: `${e.instancePath}/${extra[0] ?? ''}`, text: `unknown field; allowed fields are ${allowed.join(', ')}` }
    }
    case 'enum':
      return { path: e.instancePath, text: `must be one of ${(params.allowedValues as unknown[]).join(', ')}${got}` }
    case 'const':
      return { path: e.instancePath, text: `must be ${show(params.allowedValue)}${got}` }
    case 'type':
      return { path: e.instancePath, text: `must be ${describeSchema(node)}${got}` }
    case 'minItems':
      return {
        path: e.instancePath,
        text: params.limit === 1 ? 'must not be empty' : `must have at least ${String(params.limit)} items`
      }
    case 'maxItems':
      return { path: e.instancePath, text: `must have at most ${String(params.limit)} items` }
    case 'minLength':
      return {
        path: e.instancePath,
        text: params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters`
      }
    case 'maxLength':
      return { path: e.instancePath, text: `must be at most ${String(params.limit)} characters` }
    case 'minimum':
      return { path: e.instancePath, text: `${custom ?? `must be at least ${String(params.limit)}`}${got}` }
    case 'exclusiveMinimum':
      return { path: e.instancePath, text: `${custom ?? `must be greater than ${String(params.limit)}`}${got}` }
    case 'maximum':
      return { path: e.instancePath, text: `${custom ?? `must be at most ${String(params.limit)}`}${got}` }
    case 'exclusiveMaximum':
      return { path: e.instancePath, text: `${custom ?? `must be less than ${String(params.limit)}`}${got}` }
    case 'uniqueItems':
      return { path: e.instancePath, text: 'must not repeat an entry' }
    case 'pattern':
      return { path: e.instancePath, text: `${custom ?? `must match ${String(params.pattern)}`}${got}` }
    default:
      return { path: e.instancePath, text: `${custom ?? e.message}${got}` }
  }
}

/**
 * Every problem with `value` against `schema`, one line each: `rules[3].response: must be one of ...`.
 * Reads all errors (not TypeBox's default of 8) and drops the noise of unions and closed objects.
 */
export function schemaErrors (schema: TSchema, value: unknown, root = '(root)'): string[] {
  const before = Settings.Get().maxErrors
  let errors: Err[]
  try {
    Settings.Set({ maxErrors: 1000 })
    errors = Value.Errors(schema, value)
  } finally {
    Settings.Set({ maxErrors: before })
  }
  // "schema is false" repeats what additionalProperties says about the same field
  errors = errors.filter((e) => e.keyword !== 'boolean')
  const walker = new SchemaWalker(schema)
  const lines: string[] = []
  for (const e of prune(errors, walker, value)) {
    let path: string
    let text: string
    if ('tag' in e) {
      path = `${e.tag.instancePath}/${e.key}`
      text = `must be one of ${e.allowed.join(', ')} (got ${show((valueAt(value, e.tag.instancePath) as Json)[e.key])})`
    } else if ('anyOf' in e) {
      const node = walker.at(e.anyOf.schemaPath)
      const v = valueAt(value, e.anyOf.instancePath)
      const keys = typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.keys(v) : null
      path = e.anyOf.instancePath
      const base = typeof node?.errorMessage === 'string' ? node.errorMessage : `must be ${describeSchema(node)}`
      text = keys !== null ? `${base}; got ${keys.length === 0 ? 'no field' : keys.join(', ')}` : `${base} (got ${show(v)})`
    } else {
      ;({ path, text } = message(e, value, walker))
    }
    const line = `${formatPath(path, root)}: ${text}`
    if (!lines.includes(line)) lines.push(line)
  }
  return lines
}
