// GEOCODERS, GEOCODER_FILES and the remote services' settings: read and checked by config.ts at start.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Type, type Static } from 'typebox'
import { GEOCODER_NAMES, type GeocoderName } from '../../contracts/geocoding'
import { schemaErrors } from '../../lib/schema-errors'

const LA_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../data/la')

const Columns = (props: Record<string, string>) =>
  Type.Optional(
    Type.Object(
      Object.fromEntries(Object.entries(props).map(([k, d]) => [k, Type.Optional(Type.String({ minLength: 1, description: d }))])),
      { additionalProperties: false }
    )
  )

export const GeocoderFileSchema = Type.Union([
  Type.Object(
    {
      type: Type.Literal('corners'),
      file: Type.String({ minLength: 1, description: 'CSV of street corners; relative to the list file' }),
      columns: Columns({
        streetA: 'first street (default street_a)',
        streetB: 'second street (default street_b)',
        lat: 'default lat',
        lon: 'default lon'
      })
    },
    { additionalProperties: false, description: "A list of corners, like LA Metro's bus stops named by their two streets" }
  ),
  Type.Object(
    {
      type: Type.Literal('places'),
      file: Type.String({ minLength: 1 }),
      kind: Type.Optional(
        Type.String({ minLength: 1, description: 'What these places are (hospital, shelter, park…) when the file has no kind column' })
      ),
      columns: Columns({
        name: 'default name',
        kind: 'default kind',
        address: 'default address',
        city: 'default city',
        lat: 'default lat',
        lon: 'default lon'
      })
    },
    { additionalProperties: false, description: 'Named places (name, kind, address, lat, lon)' }
  ),
  Type.Object(
    {
      type: Type.Literal('addresses'),
      file: Type.String({ minLength: 1 }),
      columns: Columns({
        number: 'default NUMBER',
        street: 'default STREET',
        lat: 'default LAT',
        lon: 'default LON',
        city: 'default CITY'
      })
    },
    {
      additionalProperties: false,
      description: 'Address points, OpenAddresses CSV columns by default (LON, LAT, NUMBER, STREET, CITY)'
    }
  ),
  Type.Object(
    {
      type: Type.Literal('centrelines'),
      file: Type.String({ minLength: 1, description: 'GeoJSON FeatureCollection (or one Feature per line) of LineStrings' }),
      fields: Columns({
        name: 'default FULLNAME',
        leftFrom: 'default LFROMHN',
        leftTo: 'default LTOHN',
        rightFrom: 'default RFROMHN',
        rightTo: 'default RTOHN',
        leftParity: 'default PARITYL',
        rightParity: 'default PARITYR'
      })
    },
    { additionalProperties: false, description: 'Street centrelines with address ranges, TIGER/Line ADDRFEAT field names by default' }
  ),
  Type.Object(
    {
      type: Type.Literal('la_facilities'),
      dir: Type.Optional(Type.String({ description: 'Folder of the LA files (default server/data/la)' }))
    },
    {
      additionalProperties: false,
      description: "The LA demo's facility lists (hospitals, DMH providers, shelters, LAFD stations) through their validating loaders"
    }
  )
])
export type GeocoderFile = Static<typeof GeocoderFileSchema>
export const GeocoderFilesSchema = Type.Array(GeocoderFileSchema, { minItems: 1 })

/** The LA demo: the corners of LA Metro's bus stops and the facility lists (the area sets come as areas). */
export const LA_GEOCODER_FILES: readonly GeocoderFile[] = [
  { type: 'corners', file: path.join(LA_DIR, 'lametro_bus_stops.csv') },
  { type: 'la_facilities' }
]

export interface RemoteSettings {
  pelias: { url: string; apiKey: string | null } | null
  nominatim: { url: string; email: string | null } | null
  arcgis: { url: string; token: string | null } | null
  census: { url: string; benchmark: string }
}

export interface GeocodingConfig {
  /** Providers in order: the first that answers well wins. */
  order: GeocoderName[]
  files: readonly GeocoderFile[]
  city: { name: string; state: string; center: { lat: number; lon: number } }
  remote: RemoteSettings
  timeoutMs: number
  cacheSize: number
  cacheTtlMs: number
  breakerFailures: number
  breakerCoolDownMs: number
  userAgent: string
}

export class GeocodingConfigError extends Error {}

export function readGeocoderFiles (file: string): GeocoderFile[] {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new GeocodingConfigError(`GEOCODER_FILES ${file}: ${(e as Error).message}`)
  }
  const errors = schemaErrors(GeocoderFilesSchema, raw)
  if (errors.length > 0) throw new GeocodingConfigError(`GEOCODER_FILES ${file}: ${errors[0]}`)
  const dir = path.dirname(file)
  return (raw as GeocoderFile[]).map((f) =>
    f.type === 'la_facilities'
      ? { ...f, ...(f.dir ? { dir: path.resolve(dir, f.dir) } : {}) }
      : { ...f, file: path.resolve(dir, f.file) }
  )
}

const URL_RE = /^https?:\/\/\S+$/

function urlOf (env: NodeJS.ProcessEnv, name: string): string | null {
  const v = env[name]?.trim()
  if (!v) return null
  if (!URL_RE.test(v)) throw new GeocodingConfigError(`${name} must be an http(s) URL, got "${v}"`)
  return v.replace(/\/+$/, '')
}

/** Reads the geocoding settings; throws GeocodingConfigError naming the variable. */
export function readGeocodingConfig (
  env: NodeJS.ProcessEnv,
  int: (name: string, def: number, min: number, max: number) => number
): GeocodingConfig {
  const order = (env.GEOCODERS?.trim() || 'local')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
  for (const o of order) {
    if (!(GEOCODER_NAMES as readonly string[]).includes(o)) {
      throw new GeocodingConfigError(`GEOCODERS must list ${GEOCODER_NAMES.join(', ')}, got "${o}"`)
    }
  }
  if (new Set(order).size !== order.length) throw new GeocodingConfigError('GEOCODERS lists a geocoder twice')
  const remote: RemoteSettings = {
    pelias: urlOf(env, 'PELIAS_URL') ? { url: urlOf(env, 'PELIAS_URL')!, apiKey: env.PELIAS_API_KEY?.trim() || null } : null,
    nominatim: urlOf(env, 'NOMINATIM_URL') ? { url: urlOf(env, 'NOMINATIM_URL')!, email: env.NOMINATIM_EMAIL?.trim() || null } : null,
    arcgis: urlOf(env, 'ARCGIS_GEOCODER_URL')
      ? { url: urlOf(env, 'ARCGIS_GEOCODER_URL')!, token: env.ARCGIS_TOKEN?.trim() || null }
      : null,
    census: {
      url: urlOf(env, 'CENSUS_GEOCODER_URL') ?? 'https://geocoding.geo.census.gov/geocoder',
      benchmark: env.CENSUS_BENCHMARK?.trim() || 'Public_AR_Current'
    }
  }
  const needs: Record<string, string> = { pelias: 'PELIAS_URL', nominatim: 'NOMINATIM_URL', arcgis: 'ARCGIS_GEOCODER_URL' }
  for (const o of order) {
    if (needs[o] && remote[o as 'pelias'] === null) throw new GeocodingConfigError(`GEOCODERS lists ${o}: set ${needs[o]}`)
  }
  const files = env.GEOCODER_FILES?.trim() ? readGeocoderFiles(path.resolve(env.GEOCODER_FILES.trim())) : LA_GEOCODER_FILES
  const centerText = env.GEOCODER_CENTER?.trim() || '34.0537,-118.2427'
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(centerText)
  if (!m || Math.abs(Number(m[1])) > 90 || Math.abs(Number(m[2])) > 180) {
    throw new GeocodingConfigError(`GEOCODER_CENTER must be lat,lon, got "${centerText}"`)
  }
  const state = (env.GEOCODER_STATE?.trim() || 'CA').toLowerCase()
  if (!/^[a-z]{2}$/.test(state)) {
    throw new GeocodingConfigError(`GEOCODER_STATE must be a two-letter state code, got "${env.GEOCODER_STATE}"`)
  }
  return {
    order: order as GeocoderName[],
    files,
    city: { name: env.GEOCODER_CITY?.trim() || 'Los Angeles', state, center: { lat: Number(m[1]), lon: Number(m[2]) } },
    remote,
    timeoutMs: int('GEOCODER_TIMEOUT_MS', 1500, 100, 30_000),
    cacheSize: int('GEOCODER_CACHE_SIZE', 5000, 0, 1_000_000),
    cacheTtlMs: int('GEOCODER_CACHE_SECONDS', 3600, 0, 7 * 86_400) * 1000,
    breakerFailures: int('GEOCODER_BREAKER_FAILURES', 5, 1, 1000),
    breakerCoolDownMs: int('GEOCODER_BREAKER_SECONDS', 30, 1, 3600) * 1000,
    userAgent: env.GEOCODER_USER_AGENT?.trim() || 'care-dispatch (geocoding; set GEOCODER_USER_AGENT to your contact)'
  }
}
