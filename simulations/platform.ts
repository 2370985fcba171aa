// What the simulator reads from its host, on Node: the LA reference files from server/data/la, Chart.js for
// report.html, and text files (replays). The planner's browser worker swaps this module for platform.browser.ts
// (an alias in web/vite.config.ts), which gives the same bytes from the bundle, so a run gives the same results
// wherever it runs.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { LA_DATA_DIR, type LaFileReader } from '../server/lib/la-data'

export const PLATFORM = 'node'

export const readLaFile: LaFileReader = (file) => readFileSync(join(LA_DATA_DIR, file), 'utf8')

let chartJs: string | null = null
/** Chart.js's UMD build (the web app's chart library), inlined into report.html. */
export function chartJsSource (): string {
  chartJs ??= readFileSync(join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'), 'utf8')
  return chartJs
}

export function readTextFile (file: string): string {
  return readFileSync(file, 'utf8')
}
