// A coarse grid for positions shown to roles that see patterns, not people (planners): a point becomes the centre
// of its cell, about 500 m on a side. Pure; the same point always lands on the same centre, and a centre on itself.

const METRES_PER_DEGREE = 111_320
/** Side of a cell in metres. */
export const GRID_METRES = 500

/** The centre of the grid cell holding (lat, lon): rows of GRID_METRES in latitude, columns of GRID_METRES at the row's centre. */
export function snapToGrid (lat: number, lon: number, metres = GRID_METRES): { lat: number; lon: number } {
  const dLat = metres / METRES_PER_DEGREE
  const row = Math.floor(lat / dLat)
  const cLat = (row + 0.5) * dLat
  const dLon = metres / (METRES_PER_DEGREE * Math.max(0.01, Math.cos((cLat * Math.PI) / 180)))
  const cLon = (Math.floor(lon / dLon) + 0.5) * dLon
  // six decimals (0.1 m) is finer than any cell: a centre read back snaps to itself
  return { lat: Math.round(cLat * 1e6) / 1e6, lon: Math.round(cLon * 1e6) / 1e6 }
}

/** An ISO instant cut to its minute (a planner's position time). */
export const toMinute = (iso: string): string => {
  const t = Date.parse(iso)
  return Number.isNaN(t) ? iso : new Date(Math.floor(t / 60_000) * 60_000).toISOString()
}
