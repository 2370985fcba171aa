// Column mapping of a CAD export: which columns hold the received time, call type, id, location and the
// timestamp chain. Written `received=date_time,type=call_type,address=num+road+sfx`; `+` joins columns.

export const MAPPING_FIELDS = [
  'received',
  'type',
  'id',
  'priority',
  'lat',
  'lon',
  'address',
  'area',
  'disposition',
  'dispatched',
  'enroute',
  'onscene',
  'cleared'
] as const
export type MappingField = (typeof MAPPING_FIELDS)[number]
/** Field → the columns it is read from, joined with a space. */
export type ColumnMapping = Partial<Record<MappingField, string[]>>
/** Field → the column indexes in the header. */
export type ResolvedMapping = Partial<Record<MappingField, number[]>>

export const TIME_FIELDS = ['received', 'dispatched', 'enroute', 'onscene', 'cleared'] as const
export type TimeField = (typeof TIME_FIELDS)[number]

/** What each field is, for the usage text and the web page's labels. */
export const FIELD_LABELS: Record<MappingField, string> = {
  received: 'Received (date and time, or a date column + a time column)',
  type: 'Call type (code or text)',
  id: 'Incident id',
  priority: 'Priority (as the old CAD wrote it)',
  lat: 'Latitude',
  lon: 'Longitude',
  address: 'Address (several columns joined)',
  area: 'Area, beat or district',
  disposition: 'Disposition',
  dispatched: 'Dispatched time',
  enroute: 'En-route time',
  onscene: 'On-scene time',
  cleared: 'Cleared time'
}

export class MappingError extends Error {
  constructor (
    message: string,
    readonly field: MappingField | null = null
  ) {
    super(message)
    this.name = 'MappingError'
  }
}

const isField = (k: string): k is MappingField => (MAPPING_FIELDS as readonly string[]).includes(k)

/** Checks the fields a mapping must have and the pairs that go together. */
export function checkMapping (m: ColumnMapping): ColumnMapping {
  for (const f of ['received', 'type'] as const) {
    if (m[f] === undefined || m[f].length === 0) {
      throw new MappingError(`${f}: required (the column with the ${f === 'received' ? 'time the call came in' : 'call type'})`, f)
    }
  }
  if ((m.lat === undefined) !== (m.lon === undefined)) {
    throw new MappingError(
      `${m.lat === undefined ? 'lat' : 'lon'}: required when ${m.lat === undefined ? 'lon' : 'lat'} is mapped`,
      m.lat === undefined ? 'lat' : 'lon'
    )
  }
  for (const [k, cols] of Object.entries(m)) {
    if (cols === undefined) {
      delete m[k as MappingField]
      continue
    }
    if (!isField(k)) throw new MappingError(`${k}: not a field (fields: ${MAPPING_FIELDS.join(', ')})`)
    if (cols.some((c) => c.trim() === '')) throw new MappingError(`${k}: a column name is empty`, k)
  }
  return m
}

/** Parses `--map received=COL,type=COL,address=A+B+C`. */
export function parseMapSpec (spec: string): ColumnMapping {
  const out: ColumnMapping = {}
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=')
    if (eq <= 0) throw new MappingError(`"${part}": expected FIELD=COLUMN`)
    const key = part.slice(0, eq).trim().toLowerCase().replace(/[_-]/g, '')
    if (!isField(key)) throw new MappingError(`${part.slice(0, eq).trim()}: not a field (fields: ${MAPPING_FIELDS.join(', ')})`)
    if (out[key] !== undefined) throw new MappingError(`${key}: mapped twice`, key)
    out[key] = part
      .slice(eq + 1)
      .split('+')
      .map((c) => c.trim())
  }
  return checkMapping(out)
}

export const mapSpecOf = (m: ColumnMapping): string =>
  MAPPING_FIELDS.filter((f) => m[f] !== undefined)
    .map((f) => `${f}=${m[f]!.join('+')}`)
    .join(',')

function findColumn (header: readonly string[], name: string, field: MappingField): number {
  const wanted = name.trim()
  const exact = header.findIndex((h) => h.trim() === wanted)
  if (exact >= 0) return exact
  const loose = header.flatMap((h, i) => (h.trim().toLowerCase() === wanted.toLowerCase() ? [i] : []))
  if (loose.length === 1) return loose[0]
  throw new MappingError(
    `${field}: column ${JSON.stringify(name)} not found; the header has: ${header.map((h) => JSON.stringify(h)).join(', ')}`,
    field
  )
}

/** The mapping against the file's header; a missing column is named. */
export function resolveMapping (m: ColumnMapping, header: readonly string[]): ResolvedMapping {
  checkMapping(m)
  const out: ResolvedMapping = {}
  for (const f of MAPPING_FIELDS) {
    const cols = m[f]
    if (cols !== undefined) out[f] = cols.map((c) => findColumn(header, c, f))
  }
  return out
}

const GUESSES: Array<[MappingField, RegExp]> = [
  ['id', /^(incident|event|call|cfs|cad)?[ _-]?(num(ber)?|no|id|key)$|^(incident|event|case)$/i],
  [
    'received',
    /^(date[ _-]?time|received([ _-]?(at|time|date|datetime))?|call[ _-]?(received|time|date|datetime)|(create|entry|open)(d)?[ _-]?(at|time|date|datetime)?|time[ _-]?received|response[ _-]?date)$/i
  ],
  [
    'type',
    /^(call[ _-]?type|type|incident[ _-]?type|event[ _-]?type|nature([ _-]?code)?|problem|cfs[ _-]?type|final[ _-]?(call[ _-]?)?type|initial[ _-]?(call[ _-]?)?type)$/i
  ],
  ['priority', /^(priority|pri|call[ _-]?priority|priority[ _-]?(code|level))$/i],
  ['lat', /^(lat|latitude|y[ _-]?coord|geo[ _-]?lat)$/i],
  ['lon', /^(lon|lng|long|longitude|x[ _-]?coord|geo[ _-]?lon)$/i],
  ['area', /^(beat|district|area|zone|sector|division|precinct|reporting[ _-]?area|neighbou?rhood)$/i],
  ['disposition', /^(disposition|dispo|disp|close[ _-]?code|clearance[ _-]?code)$/i],
  ['dispatched', /^(dispatch(ed)?|first[ _-]?dispatch(ed)?)([ _-]?(at|time|date|datetime))?$|^time[ _-]?dispatch(ed)?$/i],
  ['enroute', /^((first[ _-]?)?en[ _-]?route|enr)([ _-]?(at|time|date|datetime))?$|^time[ _-]?en[ _-]?route$/i],
  [
    'onscene',
    /^((first[ _-]?)?(on[ _-]?scene|arriv(ed|al)))([ _-]?(at|time|date|datetime))?$|^time[ _-]?(on[ _-]?scene|arriv(ed|al))$/i
  ],
  [
    'cleared',
    /^(clear(ed)?|close(d)?|call[ _-]?clos(ed|e)|complete(d)?)([ _-]?(at|time|date|datetime))?$|^time[ _-]?(clear(ed)?|closed)$/i
  ]
]

/** A first guess from the header names, for the web page to start from; the planner checks it. */
export function suggestMapping (header: readonly string[]): ColumnMapping {
  const out: ColumnMapping = {}
  const used = new Set<number>()
  for (const [field, re] of GUESSES) {
    const i = header.findIndex((h, j) => !used.has(j) && re.test(h.trim()))
    if (i >= 0) {
      out[field] = [header[i].trim()]
      used.add(i)
    }
  }
  const address = header.filter(
    (h, j) =>
      !used.has(j) && /^(address|location|block[ _-]?address|street|addr)$|address_(number|dir|road|sfx)_primary$/i.test(h.trim())
  )
  if (address.length > 0) out.address = address.map((h) => h.trim())
  return out
}

/** The header indexes a resolved mapping reads, in header order, once each: the only columns a reject keeps. */
export function keptColumns (cols: ResolvedMapping): number[] {
  return [...new Set(Object.values(cols).flat())].sort((a, b) => a - b)
}

/** Fields whose columns hold a person's whereabouts or free text: a planner's copy of the rejects leaves them out. */
export const PRIVATE_FIELDS: readonly MappingField[] = ['address', 'lat', 'lon', 'disposition']
