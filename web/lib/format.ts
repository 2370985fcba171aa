// Small display helpers: labels for codes, ages, colours by category and status.
import {
  CALL_STATUS_LABELS,
  CANCEL_LABELS,
  CAPABILITY_LABELS,
  CATEGORY_LABELS,
  OUT_OF_SERVICE_LABELS,
  PLACE_KIND_LABELS,
  REFERRAL_LABELS,
  REQUEUE_CAUSE_LABELS,
  RESPONSE_LABELS,
  TEAM_KIND_LABELS,
  TEAM_STATUS_LABELS
} from '../../server/contracts/labels'
import { DISPOSITIONS } from '../../server/domain/lifecycle'

export {
  CALL_STATUS_LABELS,
  CANCEL_LABELS,
  CAPABILITY_LABELS,
  CATEGORY_LABELS,
  OUT_OF_SERVICE_LABELS,
  PLACE_KIND_LABELS,
  REFERRAL_LABELS,
  REQUEUE_CAUSE_LABELS,
  RESPONSE_LABELS,
  TEAM_KIND_LABELS,
  TEAM_STATUS_LABELS
}
export const CATEGORY_LABEL: Record<string, string> = {
  ...CATEGORY_LABELS
}
export const CATEGORY_COLOR: Record<string, string> = {
  mental_health: '#7b3fa0',
  substance_use: '#a35400',
  traffic_safety: '#1f6fb2',
  out_of_scope: '#666'
}
export const TEAM_STATUS_COLOR: Record<string, string> = {
  available: '#1a8a3a',
  dispatched: '#b8860b',
  en_route: '#d2691e',
  on_scene: '#c0392b',
  transporting: '#8e44ad',
  at_facility: '#6c3483',
  recovering: '#2e86c1',
  out_of_service: '#555',
  off_duty: '#999'
}
export const PRIORITY_LABEL: Record<number, string> = { 1: 'P1 immediate', 2: 'P2 urgent', 3: 'P3 routine' }

const pick = (table: Readonly<Record<string, string>>, code: string | null | undefined): string =>
  code ? (table[code] ?? code.replace(/_/g, ' ')) : ''
export { DISPOSITIONS }
const DISPOSITION_WORDS: Readonly<Record<string, string>> = DISPOSITIONS
/** Words for codes, one table per kind of code (server/contracts/labels.ts): never a code on the screen. */
export const words = {
  callStatus: (c: string | null | undefined) => pick(CALL_STATUS_LABELS, c),
  teamStatus: (c: string | null | undefined) => pick(TEAM_STATUS_LABELS, c),
  response: (c: string | null | undefined) => pick(RESPONSE_LABELS, c),
  referral: (c: string | null | undefined) => pick(REFERRAL_LABELS, c),
  cancel: (c: string | null | undefined) => pick(CANCEL_LABELS, c),
  requeue: (c: string | null | undefined) => pick(REQUEUE_CAUSE_LABELS, c),
  capability: (c: string | null | undefined) => pick(CAPABILITY_LABELS, c),
  teamKind: (c: string | null | undefined) => pick(TEAM_KIND_LABELS, c),
  place: (c: string | null | undefined) => pick(PLACE_KIND_LABELS, c),
  outOfService: (c: string | null | undefined) => pick(OUT_OF_SERVICE_LABELS, c),
  disposition: (c: string | null | undefined) => pick(DISPOSITION_WORDS, c)
}

/** A code in words when it is one the desk knows (a status, a response), otherwise with its underscores made spaces. */
export const label = (code: string | null | undefined): string => {
  if (!code) return ''
  return (
    CALL_STATUS_LABELS[code as keyof typeof CALL_STATUS_LABELS] ??
    RESPONSE_LABELS[code as keyof typeof RESPONSE_LABELS] ??
    TEAM_STATUS_LABELS[code as keyof typeof TEAM_STATUS_LABELS] ??
    code.replace(/_/g, ' ')
  )
}

export function age (fromIso: string | null | undefined, now = Date.now()): string {
  if (!fromIso) return '—'
  const s = Math.max(0, Math.round((now - Date.parse(fromIso)) / 1000))
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`
}

// One formatter made once: toLocaleTimeString with options builds a new Intl.DateTimeFormat on every call, which on a
// slow phone costs milliseconds each (the care team's screen shows times that re-render every second).
let timeFormat: Intl.DateTimeFormat | null = null
export const time = (iso: string | null | undefined): string => {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return 'Invalid Date' // as toLocaleTimeString says it (format() would throw)
  timeFormat ??= new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })
  return timeFormat.format(d)
}
export const shortId = (id: string): string => id.slice(0, 8)
