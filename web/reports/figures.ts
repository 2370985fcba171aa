// How report figures read on the page and on the map: cell text by unit, the map's figures, classes and colours. Pure.
import type { Cell, Column } from '../api/reports'

export const SUPPRESSED_NOTE = 'fewer than 5 calls'

export function formatCell (c: Cell, unit: Column['unit']): string {
  if (c === null) return '–'
  if (c === 'suppressed') return 'suppressed'
  if (c === 'not recorded') return 'not recorded'
  switch (unit) {
    case 'minutes':
      return c.toFixed(1)
    case 'share':
      return `${(c * 100).toFixed(1)}%`
    case 'per_day':
      return c.toFixed(2)
    case 'flag':
      return c === 1 ? 'yes' : 'no'
    default:
      return c.toLocaleString('en-US')
  }
}

export interface MapFigure {
  id: string
  label: string
  unit: Column['unit']
  /** Darker is worse: a long p90, a low share without police, a high need. */
  higherIsDarker: boolean
}

export const MAP_FIGURES: readonly MapFigure[] = [
  { id: 'responseP90', label: 'Response p90 (minutes)', unit: 'minutes', higherIsDarker: true },
  { id: 'responseP50', label: 'Response median (minutes)', unit: 'minutes', higherIsDarker: true },
  { id: 'resolvedWithoutPoliceShare', label: 'Share resolved without police', unit: 'share', higherIsDarker: false },
  { id: 'careEligiblePerDay', label: 'Care-team eligible calls per day', unit: 'per_day', higherIsDarker: true },
  { id: 'calls', label: 'Calls', unit: 'calls', higherIsDarker: true }
]

/** Light to dark (ColorBrewer YlOrRd, 5 classes). */
export const PALETTE = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026']
export const NO_CALLS_FILL = '#ffffff'

export interface Classes {
  /** Class i covers [breaks[i], breaks[i + 1]]; empty when there is nothing to show. */
  breaks: number[]
  colorOf: (v: number) => string
}

/** Five equal-width classes over the shown values (a legend a person can read); one class when they are all equal. */
export function classify (values: number[], higherIsDarker: boolean): Classes {
  const shown = values.filter((v) => Number.isFinite(v))
  if (shown.length === 0) return { breaks: [], colorOf: () => NO_CALLS_FILL }
  const lo = Math.min(...shown)
  const hi = Math.max(...shown)
  const n = hi === lo ? 1 : PALETTE.length
  const breaks = Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n)
  const colors = n === 1 ? [PALETTE[2]] : higherIsDarker ? PALETTE : [...PALETTE].reverse()
  return {
    breaks,
    colorOf: (v) => colors[Math.min(n - 1, Math.max(0, Math.floor(hi === lo ? 0 : ((v - lo) / (hi - lo)) * n)))]
  }
}
