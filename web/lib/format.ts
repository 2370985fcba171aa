// Small display helpers: labels for codes, ages, colours by category and status.
export const CATEGORY_LABEL: Record<string, string> = {
  mental_health: 'Mental health', substance_use: 'Substance use', traffic_safety: 'Traffic', out_of_scope: 'Out of scope'
}
export const CATEGORY_COLOR: Record<string, string> = {
  mental_health: '#7b3fa0', substance_use: '#c46a00', traffic_safety: '#1f6fb2', out_of_scope: '#666'
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

export const label = (code: string | null | undefined): string => (code ?? '').replace(/_/g, ' ')

export function age (fromIso: string | null | undefined, now = Date.now()): string {
  if (!fromIso) return '—'
  const s = Math.max(0, Math.round((now - Date.parse(fromIso)) / 1000))
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`
}

export const time = (iso: string | null | undefined): string => iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : '—'
export const shortId = (id: string): string => id.slice(0, 8)
