// What the simulator reads from its host, on Node: the LA reference rows parsed from server/data/la, Chart.js for
// report.html, and text files (replays). The planner's browser worker swaps this module for platform.browser.ts
// (an alias in web/vite.config.ts), which gives the rows this same code parsed at build time, so a run gives the
// same results wherever it runs.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import {
  LA_DATA_DIR,
  parseFacilities,
  parseFireStations,
  parseGeoJson,
  parseTracts,
  type AreaLayer,
  type LaFileReader,
  type LaRows
} from '../server/lib/la-data'
import type { GeoFeatureCollection } from '../server/domain/geo'

export const PLATFORM = 'node'

export const readLaFile: LaFileReader = (file) => readFileSync(join(LA_DATA_DIR, file), 'utf8')

/** The LA reference rows, parsed from server/data/la. */
export function laRows (): LaRows {
  return {
    tracts: parseTracts(readLaFile),
    stations: parseFireStations(readLaFile),
    facilities: parseFacilities(readLaFile),
    council_districts: parseGeoJson('council_districts', readLaFile),
    lapd_divisions: parseGeoJson('lapd_divisions', readLaFile)
  }
}

export function laGeoJson (layer: AreaLayer): GeoFeatureCollection {
  return parseGeoJson(layer, readLaFile)
}

let chartJs: string | null = null
/** Chart.js's UMD build (the web app's chart library), inlined into report.html. */
export function chartJsSource (): string {
  chartJs ??= readFileSync(join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'), 'utf8')
  return chartJs
}

export function readTextFile (file: string): string {
  return readFileSync(file, 'utf8')
}
