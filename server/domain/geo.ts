// Areas on WGS84 coordinates: which GeoJSON polygon holds a point (pure, no I/O), with a spatial index.
import Flatbush from 'flatbush'
import pointInPolygon from 'point-in-polygon-hao'

/** A GeoJSON ring: [lon, lat] positions, first equals last. */
export type Ring = ReadonlyArray<readonly number[]>
export type PolygonCoords = readonly Ring[]

export interface PolygonGeometry {
  type: 'Polygon'
  coordinates: PolygonCoords
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon'
  coordinates: readonly PolygonCoords[]
}
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

export interface BBox {
  minLat: number
  maxLat: number
  minLon: number
  maxLon: number
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

/**
 * Builds a lookup over polygon features; `nameOf` labels each feature (e.g. "CD 4", "Hollywood").
 * A Flatbush R-tree of the features' bounding boxes finds the few candidates, and point-in-polygon-hao
 * (the robust test turf uses) decides, ring by ring: holes and multipolygons included, a point on an
 * edge counts as inside.
 * Where areas overlap (a defect of the boundary file), the first feature in file order wins.
 */
export function createAreaIndex<P> (fc: GeoFeatureCollection<P>, nameOf: (props: P, i: number) => string): AreaIndex {
  const feats = fc.features.filter((f) => f.geometry !== null && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'))
  const names = feats.map((f, i) => nameOf(f.properties, i))
  if (feats.length === 0) return { names, areaOf: () => -1 }
  const tree = new Flatbush(feats.length)
  for (const f of feats) {
    const b = geometryBBox(f.geometry!)
    tree.add(b.minLon, b.minLat, b.maxLon, b.maxLat)
  }
  tree.finish()
  // Every feature as a list of polygons (rings of [lon, lat]).
  const shapes = feats.map(
    (f) => (f.geometry!.type === 'Polygon' ? [f.geometry!.coordinates] : f.geometry!.coordinates) as number[][][][]
  )
  const inside = (i: number, lon: number, lat: number): boolean => shapes[i].some((poly) => pointInPolygon([lon, lat], poly) !== false)
  return {
    names,
    areaOf (lat: number, lon: number): number {
      let found = -1
      for (const i of tree.search(lon, lat, lon, lat)) {
        if ((found === -1 || i < found) && inside(i, lon, lat)) found = i
      }
      return found
    }
  }
}
