// The browser's platform module (see platform.ts): the LA reference files and Chart.js bundled as text by Vite,
// so the worker parses exactly the bytes the CLI reads from disk. Never imported on Node.
import stations from '../server/data/la/lafd_fire_stations.csv?raw'
import tracts from '../server/data/la/la_county_census_tracts_2010_points.csv?raw'
import hospitals from '../server/data/la/la_county_hospitals_medical_centers_lms.csv?raw'
import dmh from '../server/data/la/la_county_dmh_mental_health_providers_2016.csv?raw'
import shelters from '../server/data/la/la_county_homeless_shelters_services_lms.csv?raw'
import divisions from '../server/data/la/lapd_divisions.geojson?raw'
import districts from '../server/data/la/la_city_council_districts_current.geojson?raw'
import chartJs from '../node_modules/chart.js/dist/chart.umd.min.js?raw'
import { LA_DATA_FILES, type LaFileReader } from '../server/lib/la-data-parse'

export const PLATFORM = 'browser'

const FILES: Record<string, string> = {
  [LA_DATA_FILES.stations]: stations,
  [LA_DATA_FILES.tracts]: tracts,
  [LA_DATA_FILES.hospitals]: hospitals,
  [LA_DATA_FILES.dmh]: dmh,
  [LA_DATA_FILES.shelters]: shelters,
  [LA_DATA_FILES.lapd_divisions]: divisions,
  [LA_DATA_FILES.council_districts]: districts
}

export const readLaFile: LaFileReader = (file) => {
  const text = FILES[file]
  if (text === undefined) throw new Error(`${file} is not bundled`)
  return text
}

export function chartJsSource (): string { return chartJs }

export function readTextFile (file: string): string {
  throw new Error(`${file}: the browser has no file system; give the replay's rows instead`)
}
