// Distances, rounding, a nearest-point tree and house-number interpolation on WGS84 coordinates, for the geocoder.
import Flatbush from 'flatbush'

export interface LatLon {
  lat: number
  lon: number
}

export const M_PER_DEG = 111_320

/** Equirectangular distance in metres: exact enough within a city, and fast. */
export function distanceMeters (lat1: number, lon1: number, lat2: number, lon2: number): number {
  const x = (lon2 - lon1) * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180)
  const y = lat2 - lat1
  return Math.sqrt(x * x + y * y) * M_PER_DEG
}

/** Rounded for display: 5 m steps under a kilometre. */
export function roundMeters (m: number): number {
  return m < 1000 ? Math.round(m / 5) * 5 : Math.round(m / 10) * 10
}

/** Points in a Flatbush tree on a plane scaled at the city's latitude, for nearest-neighbour lookups in metres. */
export class PointTree {
  private readonly tree: Flatbush | null

  constructor (
    n: number,
    at: (i: number) => [lat: number, lon: number],
    private readonly cosLat: number,
    ArrayType: Float64ArrayConstructor | Float32ArrayConstructor = Float64Array
  ) {
    if (n === 0) {
      this.tree = null
      return
    }
    this.tree = new Flatbush(n, 16, ArrayType)
    for (let i = 0; i < n; i++) {
      const [lat, lon] = at(i)
      const x = lon * cosLat
      this.tree.add(x, lat, x, lat)
    }
    this.tree.finish()
  }

  /** The nearest items within maxMeters, nearest first. */
  nearest (lat: number, lon: number, maxMeters: number, count = 1): number[] {
    if (this.tree === null) return []
    return this.tree.neighbors(lon * this.cosLat, lat, count, maxMeters / M_PER_DEG)
  }
}

/** A centreline with address ranges on each side: [lon, lat] pairs in digitized order; -1 for a missing range end. */
export interface RangeSegment {
  coords: number[]
  lFrom: number
  lTo: number
  rFrom: number
  rTo: number
  /** 'o', 'e', 'b' (both), or '' (read from the range ends). */
  lParity: string
  rParity: string
}

/**
 * Where house number n falls on a centreline: the side whose range holds it with the right parity, the
 * fraction of the range along the line, 8 m off the centre to that side. Null when neither side holds it.
 */
export function interpolate (seg: RangeSegment, n: number): LatLon | null {
  const side = (from: number, to: number, parity: string): number | null => {
    if (from < 0 || to < 0) return null
    const lo = Math.min(from, to)
    const hi = Math.max(from, to)
    if (n < lo || n > hi) return null
    const p = parity === 'o' || parity === 'e' || parity === 'b' ? parity : from % 2 === to % 2 ? (from % 2 === 0 ? 'e' : 'o') : 'b'
    if ((p === 'o' && n % 2 === 0) || (p === 'e' && n % 2 === 1)) return null
    return from === to ? 0.5 : (n - from) / (to - from)
  }
  const left = side(seg.lFrom, seg.lTo, seg.lParity)
  const right = left === null ? side(seg.rFrom, seg.rTo, seg.rParity) : null
  const t = left ?? right
  if (t === null) return null
  const c = seg.coords
  const cos = Math.cos((c[1] * Math.PI) / 180)
  let total = 0
  const lengths: number[] = []
  for (let i = 0; i + 3 < c.length; i += 2) {
    const l = Math.hypot((c[i + 2] - c[i]) * cos, c[i + 3] - c[i + 1])
    lengths.push(l)
    total += l
  }
  let want = t * total
  for (let k = 0; k < lengths.length; k++) {
    if (want <= lengths[k] || k === lengths.length - 1) {
      const f = lengths[k] === 0 ? 0 : Math.min(1, want / lengths[k])
      const i = k * 2
      const x0 = c[i] * cos
      const y0 = c[i + 1]
      const dx = (c[i + 2] - c[i]) * cos
      const dy = c[i + 3] - c[i + 1]
      const len = Math.hypot(dx, dy) || 1
      // Left of the direction of digitizing is (-dy, dx); 8 m off the centreline.
      const off = (8 / M_PER_DEG) * (left !== null ? 1 : -1)
      const x = x0 + dx * f + (-dy / len) * off
      const y = y0 + dy * f + (dx / len) * off
      return { lat: y, lon: x / cos }
    }
    want -= lengths[k]
  }
  return null
}
