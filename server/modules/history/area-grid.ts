// Area lookup for a million rows: a grid over each area set where a cell no boundary crosses takes the area of
// its centre (found once), and only cells a boundary crosses ask the exact point-in-polygon test. Same answers.
import type { AreaNames, AreaSets } from '../../lib/area-sets'
import type { Ring } from '../../domain/geo'

const UNKNOWN = 0
const MIXED = 1
/** State of a resolved cell: the area index + 3 (-1, outside every area, is 2). */
const RESOLVED = 3

interface Grid {
  minLat: number
  minLon: number
  rows: number
  cols: number
  state: Int32Array
}

function gridOf (rings: Ring[], cell: number): Grid | null {
  let minLat = Infinity; let maxLat = -Infinity; let minLon = Infinity; let maxLon = -Infinity
  for (const ring of rings) {
    for (const [lon, lat] of ring) {
      if (lat < minLat) minLat = lat
      if (lat > maxLat) maxLat = lat
      if (lon < minLon) minLon = lon
      if (lon > maxLon) maxLon = lon
    }
  }
  if (!Number.isFinite(minLat)) return null
  const rows = Math.ceil((maxLat - minLat) / cell) + 1
  const cols = Math.ceil((maxLon - minLon) / cell) + 1
  if (rows * cols > 4_000_000) return null
  const state = new Int32Array(rows * cols)
  const mark = (lat: number, lon: number): void => {
    const r = Math.floor((lat - minLat) / cell)
    const c = Math.floor((lon - minLon) / cell)
    // the 3 × 3 block: a segment that only clips a cell's corner between two samples still marks it
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const rr = r + dr; const cc = c + dc
        if (rr >= 0 && rr < rows && cc >= 0 && cc < cols) state[rr * cols + cc] = MIXED
      }
    }
  }
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i++) {
      const [lon0, lat0] = ring[i - 1]
      const [lon1, lat1] = ring[i]
      const steps = Math.max(1, Math.ceil(Math.hypot(lat1 - lat0, lon1 - lon0) / (cell / 4)))
      for (let s = 0; s <= steps; s++) mark(lat0 + ((lat1 - lat0) * s) / steps, lon0 + ((lon1 - lon0) * s) / steps)
    }
  }
  return { minLat, minLon, rows, cols, state }
}

/** A locate() with the same answers as `areas.locate`, faster on many points; results are shared objects. */
export function createGridLocate (areas: AreaSets, cell = 0.002): (lat: number, lon: number) => AreaNames {
  const sets = areas.sets.map((s) => {
    const rings: Ring[] = []
    for (const f of s.outlines.features) {
      const g = f.geometry
      if (g === null) continue
      for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) rings.push(...poly)
    }
    return { set: s, grid: gridOf(rings, cell) }
  })
  const shared = new Map<string, AreaNames>()
  const found = new Array<number>(sets.length)
  return (lat, lon) => {
    for (let i = 0; i < sets.length; i++) {
      const { set, grid } = sets[i]
      if (grid === null) { found[i] = set.index.areaOf(lat, lon); continue }
      const r = Math.floor((lat - grid.minLat) / cell)
      const c = Math.floor((lon - grid.minLon) / cell)
      if (r < 0 || c < 0 || r >= grid.rows || c >= grid.cols) { found[i] = -1; continue }
      const k = r * grid.cols + c
      let st = grid.state[k]
      if (st === UNKNOWN) {
        st = set.index.areaOf(grid.minLat + (r + 0.5) * cell, grid.minLon + (c + 0.5) * cell) + RESOLVED
        grid.state[k] = st
      }
      found[i] = st === MIXED ? set.index.areaOf(lat, lon) : st - RESOLVED
    }
    const key = found.join(',')
    let names = shared.get(key)
    if (names === undefined) {
      names = {}
      for (let i = 0; i < sets.length; i++) names[sets[i].set.id] = found[i] >= 0 ? sets[i].set.names[found[i]] : null
      shared.set(key, names)
    }
    return names
  }
}
