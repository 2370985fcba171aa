// TypeBox validation errors as lines a person can act on: "teams[2].base.lat: must be a number".
// Pure (no Node APIs): the simulator's scenario editor runs it in the browser too.
import type { TSchema } from 'typebox'
import { Settings } from 'typebox/system'
import { Value } from 'typebox/value'

interface RawError {
  keyword: string
  schemaPath: string
  instancePath: string
  params: Record<string, unknown>
  message: string
}

/** "/teams/2/base/lat" → "teams[2].base.lat"; the document itself is "(root)". */
export function formatPath (pointer: string): string {
  if (pointer === '') return '(root)'
  let out = ''
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    out += /^\d+$/.test(seg) ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(seg) ? (out ? `.${seg}` : seg) : `[${JSON.stringify(seg)}]`
  }
  return out
}

const join = (path: string, key: string): string => formatPath(`${path === '' ? '' : path}/${key}`)

function schemaAt (root: unknown, schemaPath: string): Record<string, unknown> | undefined {
  let node: unknown = root
  for (const seg of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  return typeof node === 'object' && node !== null ? node as Record<string, unknown> : undefined
}

function valueAt (root: unknown, pointer: string): unknown {
  let node = root
  for (const seg of pointer.split('/').slice(1)) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[seg]
  }
  return node
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number', integer: 'an integer', string: 'a string', boolean: 'true or false', object: 'an object', array: 'an array', null: 'null'
}
const list = (xs: readonly unknown[]): string => xs.map(String).join(', ')

/** One line for an error that is not about a union. */
function describe (e: RawError): string | null {
  const at = formatPath(e.instancePath)
  const p = e.params
  switch (e.keyword) {
    case 'type': return `${at}: must be ${TYPE_WORDS[String(p.type)] ?? String(p.type)}`
    case 'minimum': return `${at}: must be at least ${String(p.limit)}`
    case 'exclusiveMinimum': return `${at}: must be greater than ${String(p.limit)}`
    case 'maximum': return `${at}: must be at most ${String(p.limit)}`
    case 'exclusiveMaximum': return `${at}: must be less than ${String(p.limit)}`
    case 'minItems': return Number(p.limit) === 1 ? `${at}: must not be empty` : `${at}: must have at least ${String(p.limit)} entries`
    case 'maxItems': return `${at}: must have at most ${String(p.limit)} entries`
    case 'minLength': return Number(p.limit) === 1 ? `${at}: must not be empty` : `${at}: must be at least ${String(p.limit)} characters`
    case 'maxLength': return `${at}: must be at most ${String(p.limit)} characters`
    case 'minProperties': return `${at}: must name at least ${String(p.limit)} entr${Number(p.limit) === 1 ? 'y' : 'ies'}`
    case 'pattern': return `${at}: must match ${String(p.pattern)}`
    case 'enum': return `${at}: must be one of ${list(p.allowedValues as unknown[])}`
    case 'const': return `${at}: must be ${String(p.allowedValue)}`
    case 'required': return (p.requiredProperties as string[]).map((k) => `${join(e.instancePath, k)}: is required`).join('\n')
    case 'additionalProperties': return (p.additionalProperties as string[]).map((k) => `${join(e.instancePath, k)}: is not a known field`).join('\n')
    case 'uniqueItems': return `${at}: must not repeat an entry`
    case 'format': return `${at}: must be a ${String(p.format)}`
    case 'boolean': return null // the additionalProperties error says it better
    default: return `${at}: ${e.message}`
  }
}

/** The discriminator of a union of objects: the property every branch fixes with a const. */
function discriminator (branches: Array<Record<string, unknown>>): string | null {
  const first = branches[0]?.properties as Record<string, Record<string, unknown>> | undefined
  if (!first) return null
  for (const key of Object.keys(first)) {
    if (branches.every((b) => (b.properties as Record<string, Record<string, unknown>> | undefined)?.[key]?.const !== undefined)) return key
  }
  return null
}

function explain (schema: TSchema, value: unknown, errors: RawError[]): string[] {
  const out: string[] = []
  // A union's own failure is explained once; the errors of its branches are read through it.
  const unions = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath)
  const inUnion = (e: RawError): boolean => unions.some((u) => e.schemaPath.startsWith(`${u}/anyOf/`))
  for (const e of errors) {
    if (inUnion(e)) continue
    if (e.keyword !== 'anyOf') {
      const line = describe(e)
      if (line) out.push(...line.split('\n'))
      continue
    }
    const node = schemaAt(schema, e.schemaPath)
    const branches = (node?.anyOf ?? []) as Array<Record<string, unknown>>
    const at = formatPath(e.instancePath)
    const under = (i: number): RawError[] => errors.filter((x) => x.schemaPath === `${e.schemaPath}/anyOf/${i}` || x.schemaPath.startsWith(`${e.schemaPath}/anyOf/${i}/`))
    if (branches.length > 0 && branches.every((b) => b.const !== undefined)) {
      out.push(`${at}: must be one of ${list(branches.map((b) => b.const))}`)
      continue
    }
    const key = discriminator(branches)
    const v = valueAt(value, e.instancePath)
    if (key !== null && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const tag = (v as Record<string, unknown>)[key]
      const i = branches.findIndex((b) => (b.properties as Record<string, Record<string, unknown>>)[key].const === tag)
      if (i < 0) out.push(`${join(e.instancePath, key)}: must be one of ${list(branches.map((b) => (b.properties as Record<string, Record<string, unknown>>)[key].const))}`)
      else out.push(...explain(schema, value, under(i)))
      continue
    }
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && branches.length > 0 && branches.every((b) => b.type === 'object')) {
      // Objects of several shapes: the branch whose required fields are all there, else the one with the fewest errors.
      const has = (b: Record<string, unknown>): boolean => ((b.required ?? []) as string[]).every((k) => k in (v as object))
      const fitting = branches.map((b, i) => i).filter((i) => has(branches[i]))
      const candidates = fitting.length > 0 ? fitting : branches.map((_, i) => i)
      const best = candidates.reduce((a, b) => under(b).length < under(a).length ? b : a)
      out.push(...explain(schema, value, under(best)))
      continue
    }
    const kinds = branches.map((b) => b.const !== undefined ? JSON.stringify(b.const) : TYPE_WORDS[String(b.type)] ?? 'a valid value')
    out.push(`${at}: must be ${[...new Set(kinds)].join(' or ')}`)
  }
  return out
}

/** Every schema error of `value`, worded for people, without repeats. */
export function schemaErrors (schema: TSchema, value: unknown): string[] {
  if (Value.Check(schema, value)) return []
  // TypeBox stops at 8 errors by default; a person fixing a file wants every one at once.
  const previous = Settings.Get().maxErrors
  Settings.Set({ maxErrors: 10_000 })
  try {
    return [...new Set(explain(schema, value, [...Value.Errors(schema, value)] as RawError[]))]
  } finally {
    Settings.Set({ maxErrors: previous })
  }
}
