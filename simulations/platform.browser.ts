// The browser's platform module (see platform.ts): the LA reference rows as parsed at build time by the same
// parsers on Node (the virtual:la-data module of web/vite.config.ts), and Chart.js bundled as text. Never
// imported on Node.
import rows from 'virtual:la-data'
import chartJs from '../node_modules/chart.js/dist/chart.umd.min.js?raw'
import type { AreaLayer, LaFileReader, LaRows } from '../server/lib/la-data-parse'
import type { GeoFeatureCollection } from '../server/domain/geo'

export const PLATFORM = 'browser'

export const readLaFile: LaFileReader = (file) => {
  throw new Error(`${file}: the browser reads the LA data parsed at build time`)
}

export function laRows (): LaRows {
  return rows
}

export function laGeoJson (layer: AreaLayer): GeoFeatureCollection {
  return rows[layer]
}

export function chartJsSource (): string {
  return chartJs
}

export function readTextFile (file: string): string {
  throw new Error(`${file}: the browser has no file system; give the replay's rows instead`)
}
