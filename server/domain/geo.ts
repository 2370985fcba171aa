// Plane geometry on WGS84 coordinates: point-in-polygon area lookup for GeoJSON polygons (pure, no I/O).

/** A GeoJSON ring: [lon, lat] positions, first equals last. */
export type Ring = ReadonlyArray<readonly number[]>
export type PolygonCoords = readonly Ring[]

export interface PolygonGeometry { type: 'Polygon', coordinates: PolygonCoords }
export interface MultiPolygonGeometry { type: 'MultiPolygon', coordinates: readonly PolygonCoords[] }
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry

export interface GeoFeature<P = Record<string, unknown>> {
  type: 'Feature'
  properties: P
  geometry: AreaGeometry | null
}

export interface GeoFeatureCollection<P = Record<string, unknown>> {
  type: 'FeatureCollection'
  features: Array<GeoFeature<P>>
}

export interface BBox { minLat: number, maxLat: number, minLon: number, maxLon: number }

/** Ray casting (even-odd rule); a point exactly on an edge may fall either way. */
export function pointInRing (lat: number, lon: number, ring: Ring): boolean {
  let inside = false
  const n = ring.length
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[i][0]
    const yi = ring[i][1]
    const xj = ring[j][0]
    const yj = ring[j][1]
    if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Inside the outer ring and outside every hole. */
export function pointInPolygon (lat: number, lon: number, polygon: PolygonCoords): boolean {
  if (polygon.length === 0 || !pointInRing(lat, lon, polygon[0])) return false
  for (let h = 1; h < polygon.length; h++) if (pointInRing(lat, lon, polygon[h])) return false
  return true
}

export function pointInGeometry (lat: number, lon: number, g: AreaGeometry): boolean {
  if (g.type === 'Polygon') return pointInPolygon(lat, lon, g.coordinates)
  for (const p of g.coordinates) if (pointInPolygon(lat, lon, p)) return true
  return false
}

export function geometryBBox (g: AreaGeometry): BBox {
  const b: BBox = { minLat: Infinity, maxLat: -Infinity, minLon: Infinity, maxLon: -Infinity }
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates
  for (const poly of polys) {
    for (const ring of poly) {
      for (const [lon, lat] of ring) {
        if (lat < b.minLat) b.minLat = lat
        if (lat > b.maxLat) b.maxLat = lat
        if (lon < b.minLon) b.minLon = lon
        if (lon > b.maxLon) b.maxLon = lon
      }
    }
  }
  return b
}

export function inBBox (lat: number, lon: number, b: BBox): boolean {
  return lat >= b.minLat && lat <= b.maxLat && lon >= b.minLon && lon <= b.maxLon
}

export interface AreaIndex {
  /** Area names, in feature order. */
  names: string[]
  /** Index into `names` of the area holding the point, or -1 outside every area. */
  areaOf: (lat: number, lon: number) => number
}

/** Builds a lookup over polygon features; `nameOf` labels each feature (e.g. "CD 4", "Hollywood"). */
export function createAreaIndex<P> (fc: GeoFeatureCollection<P>, nameOf: (props: P, i: number) => string): AreaIndex {
  const feats = fc.features.filter((f) => f.geometry !== null && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'))
  const names = feats.map((f, i) => nameOf(f.properties, i))
  const boxes = feats.map((f) => geometryBBox(f.geometry!))
  return {
    names,
    areaOf (lat: number, lon: number): number {
      for (let i = 0; i < feats.length; i++) {
        if (inBBox(lat, lon, boxes[i]) && pointInGeometry(lat, lon, feats[i].geometry!)) return i
      }
      return -1
    }
  }
}
