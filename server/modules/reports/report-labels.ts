// How slices read in tables and CSV: a label for each slice and each key, and the order rows come in. Pure.
import { CATEGORIES, PLACE_KINDS, RESPONSES, TEAM_KINDS } from '../../domain/types'
import type { Slice } from '../../contracts/reports'
import { NOT_PLACED, OUTSIDE } from './report-sql'

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

export const SLICE_LABEL: Record<Slice, string> = {
  none: 'Calls',
  area: 'Area',
  category: 'Category',
  response: 'Response',
  priority: 'Priority',
  team_kind: 'Team kind',
  youth: 'Youth call',
  place_kind: 'Kind of place',
  hour: 'Hour of day',
  weekday: 'Day of week',
  week: 'Week (from Monday)'
}

const words = (s: string): string => {
  const t = s.replace(/_/g, ' ')
  return t.charAt(0).toUpperCase() + t.slice(1)
}

export function keyLabel (by: Slice, key: string): string {
  switch (by) {
    case 'none':
      return 'All calls'
    case 'area':
      return key
    case 'priority':
      return `Priority ${key}`
    case 'team_kind':
      return key === 'none' ? 'No team recorded' : words(key)
    case 'youth':
      return key === 'youth' ? 'Youth calls' : key === 'other' ? 'Other calls' : 'Not recorded (imported)'
    case 'place_kind':
      return key === 'not_recorded' ? 'Not recorded' : words(key)
    case 'hour':
      return `${key}:00–${key}:59`
    case 'weekday':
      return WEEKDAYS[Number(key) - 1] ?? key
    case 'week':
      return `Week of ${key}`
    default:
      return words(key)
  }
}

const ORDER: Partial<Record<Slice, readonly string[]>> = {
  category: CATEGORIES,
  response: RESPONSES,
  team_kind: [...TEAM_KINDS, 'none'],
  youth: ['youth', 'other', 'not_recorded'],
  place_kind: [...PLACE_KINDS, 'not_recorded']
}

const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })
const pseudo = (k: string): number => (k === OUTSIDE ? 1 : k === NOT_PLACED ? 2 : 0)

/** Rows in reading order: vocabularies in their own order, areas by name (the unplaced last), times in time order. */
export function compareKeys (by: Slice): (a: string, b: string) => number {
  const order = ORDER[by]
  if (order) return (a, b) => order.indexOf(a) - order.indexOf(b)
  if (by === 'area') return (a, b) => pseudo(a) - pseudo(b) || byName.compare(a, b)
  return (a, b) => byName.compare(a, b)
}

export const isPseudoArea = (key: string): boolean => pseudo(key) !== 0
