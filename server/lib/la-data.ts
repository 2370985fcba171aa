// Loaders for the Los Angeles reference data in server/data/la: validated rows plus the rows rejected and why.
//
// API (every loader reads server/data/la unless given another folder, synchronously, and never throws on a bad row):
//   loadFireStations(dir?)  → Loaded<FireStation>   LAFD stations (candidate bases)
//   loadTracts(dir?)        → Loaded<Tract>         census-tract internal points (demand surface)
//   loadFacilities(dir?)    → Loaded<Facility>      hospitals, DMH crisis/24-hour and outpatient sites, shelters
//   loadGeoJson(name, dir?) → GeoFeatureCollection  'lapd_divisions' | 'council_districts'
//   loadAreas(name, dir?)   → AreaIndex             names + areaOf(lat, lon) by point-in-polygon
// The parsing lives in la-data-parse.ts (no file system), shared with the planner's browser worker.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import type { AreaIndex, GeoFeatureCollection } from '../domain/geo'
import {
  parseAreas,
  parseFacilities,
  parseFireStations,
  parseGeoJson,
  parseTracts,
  type AreaLayer,
  type Facility,
  type FireStation,
  type LaFileReader,
  type Loaded,
  type Tract
} from './la-data-parse'

export * from './la-data-parse'

export const LA_DATA_DIR = fileURLToPath(new URL('../data/la/', import.meta.url))

const reader =
  (dir: string): LaFileReader =>
    (file) =>
      readFileSync(join(dir, file), 'utf8')

export function loadFireStations (dir: string = LA_DATA_DIR): Loaded<FireStation> {
  return parseFireStations(reader(dir))
}
export function loadTracts (dir: string = LA_DATA_DIR): Loaded<Tract> {
  return parseTracts(reader(dir))
}
export function loadFacilities (dir: string = LA_DATA_DIR): Loaded<Facility> {
  return parseFacilities(reader(dir))
}
export function loadGeoJson (name: AreaLayer, dir: string = LA_DATA_DIR): GeoFeatureCollection {
  return parseGeoJson(name, reader(dir))
}
export function loadAreas (name: AreaLayer, dir: string = LA_DATA_DIR): AreaIndex {
  return parseAreas(name, reader(dir))
}
