// Area sets: GeoJSON boundary files a city brings (LAPD divisions, council districts, neighbourhoods, zip
// codes), named by configuration. A call's areas are found once, at intake or import, and stored.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Type, type Static } from 'typebox'
import { createAreaIndex, type AreaIndex, type GeoFeatureCollection } from '../domain/geo'
import { schemaErrors } from './schema-errors'

export const AreaSetSchema = Type.Object(
  {
    id: Type.String({
      pattern: '^[a-z][a-z0-9_]*$',
      description: 'Stable id used in reports and stored on calls, e.g. council_districts'
    }),
    label: Type.String({ minLength: 1, description: 'What people call these areas, e.g. "Council districts"' }),
    file: Type.String({
      minLength: 1,
      description: 'GeoJSON FeatureCollection of Polygon/MultiPolygon features; relative to the config file'
    }),
    nameProperty: Type.String({ minLength: 1, description: 'The feature property that names an area' }),
    namePrefix: Type.Optional(Type.String({ description: 'Put before the name, e.g. "CD " turns 4 into "CD 4"' }))
  },
  { additionalProperties: false }
)
export type AreaSetConfig = Static<typeof AreaSetSchema>
export const AreaSetsFileSchema = Type.Array(AreaSetSchema, { minItems: 1 })

const LA_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../data/la')

/** Los Angeles: LAPD divisions (the first set also fills a call's `area`) and city council districts. */
export const LA_AREA_SETS: readonly AreaSetConfig[] = [
  { id: 'lapd_divisions', label: 'LAPD divisions', file: path.join(LA_DIR, 'lapd_divisions.geojson'), nameProperty: 'name' },
  {
    id: 'council_districts',
    label: 'Council districts',
    file: path.join(LA_DIR, 'la_city_council_districts_current.geojson'),
    nameProperty: 'District',
    namePrefix: 'CD '
  }
]

export interface AreaSet {
  id: string
  label: string
  names: string[]
  index: AreaIndex
  /** The boundaries, with only the area name as a property. */
  outlines: GeoFeatureCollection<{ name: string }>
}

/** Where a point falls in every set: set id → area name, or null outside every area of that set. */
export type AreaNames = Record<string, string | null>

export interface AreaSets {
  sets: AreaSet[]
  locate: (lat: number, lon: number) => AreaNames
}

export class AreaSetError extends Error {}

/** Reads a city's area-set list (JSON) and checks it; file paths are taken relative to it. */
export function readAreaSetsFile (file: string): AreaSetConfig[] {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new AreaSetError(`AREA_SETS_FILE ${file}: ${(e as Error).message}`)
  }
  const errors = schemaErrors(AreaSetsFileSchema, raw)
  if (errors.length > 0) throw new AreaSetError(`AREA_SETS_FILE ${file}: ${errors[0]}`)
  return (raw as AreaSetConfig[]).map((s) => ({ ...s, file: path.resolve(path.dirname(file), s.file) }))
}

function loadSet (cfg: AreaSetConfig): AreaSet {
  let fc: GeoFeatureCollection
  try {
    fc = JSON.parse(readFileSync(cfg.file, 'utf8')) as GeoFeatureCollection
  } catch (e) {
    throw new AreaSetError(`area set ${cfg.id}: cannot read ${cfg.file} (${(e as Error).message})`)
  }
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new AreaSetError(`area set ${cfg.id}: ${cfg.file} is not a GeoJSON FeatureCollection`)
  }
  const nameOf = (p: Record<string, unknown>, i: number): string => {
    const v = p?.[cfg.nameProperty]
    if (v === undefined || v === null || String(v).trim() === '') {
      throw new AreaSetError(`area set ${cfg.id}: feature ${i} has no "${cfg.nameProperty}" property`)
    }
    return `${cfg.namePrefix ?? ''}${String(v).trim()}`
  }
  const index = createAreaIndex(fc, nameOf)
  const polygons = fc.features.filter(
    (f) => f.geometry !== null && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon')
  )
  if (polygons.length === 0) throw new AreaSetError(`area set ${cfg.id}: ${cfg.file} has no polygons`)
  return {
    id: cfg.id,
    label: cfg.label,
    names: index.names,
    index,
    outlines: {
      type: 'FeatureCollection',
      features: polygons.map((f, i) => ({ type: 'Feature', properties: { name: index.names[i] }, geometry: f.geometry }))
    }
  }
}

export function loadAreaSets (configs: readonly AreaSetConfig[]): AreaSets {
  const ids = new Set<string>()
  for (const c of configs) {
    if (ids.has(c.id)) throw new AreaSetError(`area set ${c.id} is listed twice`)
    ids.add(c.id)
  }
  const sets = configs.map(loadSet)
  return {
    sets,
    locate (lat, lon) {
      const out: AreaNames = {}
      for (const s of sets) {
        const i = s.index.areaOf(lat, lon)
        out[s.id] = i >= 0 ? s.names[i] : null
      }
      return out
    }
  }
}
