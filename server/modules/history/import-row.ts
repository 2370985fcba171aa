// One CSV record of a CAD export → a historical call record, or a reject with its reason. Pure apart
// from the hash: HTML entities decoded, empty and null-marker cells read as missing, times read in the zone.
import crypto from 'node:crypto'
import { decodeHTMLStrict } from 'entities'
import type { Category, Priority, ResponseType } from '../../domain/types'
import type { AreaNames } from '../../lib/area-sets'
import type { TimeReader } from '../../lib/local-time'
import type { CallTypeClassifier } from './call-types'
import type { MappingField, ResolvedMapping } from './import-mapping'

export const REJECT_REASONS = [
  'malformed_csv',
  'wrong_field_count',
  'missing_received_time',
  'bad_received_time',
  'missing_call_type',
  'bad_coordinates',
  'bad_dispatched_time',
  'bad_en_route_time',
  'bad_on_scene_time',
  'bad_cleared_time'
] as const
export type RejectReason = (typeof REJECT_REASONS)[number]

export interface HistoricalInput {
  sourceId: string
  receivedAt: number
  callType: string
  callTypeText: string | null
  upstreamPriority: string | null
  category: Category
  response: ResponseType
  priority: Priority
  protocolVersion: string
  lat: number | null
  lon: number | null
  address: string | null
  areas: AreaNames
  upstreamArea: string | null
  disposition: string | null
  dispatchedAt: number | null
  enRouteAt: number | null
  onSceneAt: number | null
  clearedAt: number | null
  /** The chain goes backwards somewhere (kept as the city recorded it; reports see it). */
  outOfOrder: boolean
}

export type RowResult = { ok: true; row: HistoricalInput } | { ok: false; reason: RejectReason; message: string }

export interface RowContext {
  cols: ResolvedMapping
  width: number
  times: TimeReader
  types: CallTypeClassifier
  locate?: (lat: number, lon: number) => AreaNames
}

// Markers that old systems and spreadsheet exports write for "nothing here".
const SPACES = /\s\s|[\t\r\n\u00a0]/
const NULLS = new Set(['NULL', 'N/A', '\\N', '#N/A'])
// SQL Server and Oracle exports write "no time" as their epoch
const NULL_TIME = /^(1900-01-01|0001-01-01|01\/01\/1900|1\/1\/1900)([ T]0?0:00(:00(\.0+)?)?)?$/

const clean = (raw: string | undefined): string | null => {
  if (raw === undefined || raw === '') return null
  const decoded = raw.includes('&') ? decodeHTMLStrict(raw) : raw
  const s = (SPACES.test(decoded) ? decoded.replace(/\s+/g, ' ') : decoded).trim()
  // every null marker is 4 characters at most (upper-casing keeps the length of the letters they are made of)
  return s === '' || (s.length <= 4 && NULLS.has(s.toUpperCase())) ? null : s
}

function value (fields: readonly string[], idx: number[] | undefined): string | null {
  if (idx === undefined) return null
  if (idx.length === 1) return clean(fields[idx[0]])
  const parts: string[] = []
  for (const i of idx) {
    const v = clean(fields[i])
    if (v !== null) parts.push(v)
  }
  return parts.length === 0 ? null : parts.join(' ')
}

/** Address parts joined; a leading house number 0 means "no number" (a block or an intersection). */
function address (fields: readonly string[], idx: number[] | undefined): string | null {
  if (idx === undefined) return null
  const parts: string[] = []
  for (const i of idx) {
    const v = clean(fields[i])
    if (v !== null && !(parts.length === 0 && idx.length > 1 && /^0+$/.test(v))) parts.push(v)
  }
  return parts.length === 0 ? null : parts.join(' ')
}

const CHAIN: Array<[MappingField, RejectReason, string]> = [
  ['dispatched', 'bad_dispatched_time', 'dispatched'],
  ['enroute', 'bad_en_route_time', 'en route'],
  ['onscene', 'bad_on_scene_time', 'on scene'],
  ['cleared', 'bad_cleared_time', 'cleared']
]

function coordinates (fields: readonly string[], ctx: RowContext): { lat: number | null; lon: number | null } | string {
  const latText = value(fields, ctx.cols.lat)
  const lonText = value(fields, ctx.cols.lon)
  const lat = latText === null ? 0 : Number(latText)
  const lon = lonText === null ? 0 : Number(lonText)
  if (Number.isNaN(lat) || Number.isNaN(lon)) {
    return `coordinates ${JSON.stringify(latText)}, ${JSON.stringify(lonText)} are not numbers`
  }
  // 0 and empty both mean "not located"
  if (lat === 0 && lon === 0) return { lat: null, lon: null }
  if (lat === 0 || lon === 0) return `only one coordinate: lat ${JSON.stringify(latText)}, lon ${JSON.stringify(lonText)}`
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return `coordinates ${latText}, ${lonText} are not WGS84 degrees (projected or scaled? map decimal latitude and longitude)`
  }
  return { lat, lon }
}

/** The record's id, or a hash of its mapped values (so the same row is the same record however the file is quoted or ordered). */
function sourceId (fields: readonly string[], ctx: RowContext): string {
  const id = value(fields, ctx.cols.id)
  if (id !== null) return id
  const h = crypto.createHash('sha256')
  for (const [k, idx] of Object.entries(ctx.cols)) h.update(`${k}=${idx.map((i) => fields[i] ?? '').join('\u001f')}\u001e`)
  return `row:${h.digest('hex')}`
}

export function readRow (fields: readonly string[], ctx: RowContext): RowResult {
  if (fields.length !== ctx.width) {
    return { ok: false, reason: 'wrong_field_count', message: `${fields.length} fields, the header has ${ctx.width}` }
  }
  const receivedText = value(fields, ctx.cols.received)
  if (receivedText === null) return { ok: false, reason: 'missing_received_time', message: 'no received time' }
  const receivedAt = ctx.times.read(receivedText)
  if (receivedAt === null || Number.isNaN(receivedAt)) {
    return {
      ok: false,
      reason: 'bad_received_time',
      message: `received time ${JSON.stringify(receivedText)} is not a date and time it can read`
    }
  }
  const callType = value(fields, ctx.cols.type)
  if (callType === null) return { ok: false, reason: 'missing_call_type', message: 'no call type' }
  const place = coordinates(fields, ctx)
  if (typeof place === 'string') return { ok: false, reason: 'bad_coordinates', message: place }

  const chain: Array<number | null> = []
  let last = receivedAt
  let outOfOrder = false
  for (const [field, reason, words] of CHAIN) {
    const text = value(fields, ctx.cols[field])
    if (text === null || NULL_TIME.test(text)) {
      chain.push(null)
      continue
    }
    const t = ctx.times.read(text)
    if (t === null || Number.isNaN(t)) {
      return { ok: false, reason, message: `${words} time ${JSON.stringify(text)} is not a date and time it can read` }
    }
    if (t < last) outOfOrder = true
    last = t
    chain.push(t)
  }

  const { text, triage } = ctx.types.classify(callType)
  return {
    ok: true,
    row: {
      sourceId: sourceId(fields, ctx),
      receivedAt,
      callType,
      callTypeText: text,
      upstreamPriority: value(fields, ctx.cols.priority),
      category: triage.category,
      response: triage.response,
      priority: triage.priority,
      protocolVersion: triage.protocolVersion,
      lat: place.lat,
      lon: place.lon,
      address: address(fields, ctx.cols.address),
      areas: place.lat !== null && place.lon !== null && ctx.locate ? ctx.locate(place.lat, place.lon) : {},
      upstreamArea: value(fields, ctx.cols.area),
      disposition: value(fields, ctx.cols.disposition),
      dispatchedAt: chain[0],
      enRouteAt: chain[1],
      onSceneAt: chain[2],
      clearedAt: chain[3],
      outOfOrder
    }
  }
}
