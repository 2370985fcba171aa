// Stable EIDO identifiers derived from our call id, and ISO 8601 times with a numeric offset.
import crypto from 'node:crypto'

/** NENA-STA-010 incident tracking identifier: the same call always gives the same id. */
export function incidentUrn (callId: string, agencyId: string): string {
  return `urn:emergency:uid:incidentid:${compact(callId)}:${agencyId}`
}

/** NENA-STA-010 call identifier of the call that opened the incident. */
export function callUrn (callId: string, agencyId: string): string {
  return `urn:emergency:uid:callid:${compact(callId)}:${agencyId}`
}

/** A name-based (version 5) UUID for one component of a call's EIDO: stable across exports. */
export function componentId (callId: string, name: string): string {
  const ns = Buffer.from(compact(callId).padEnd(32, '0').slice(0, 32), 'hex')
  const hash = crypto.createHash('sha1').update(ns).update(name, 'utf8').digest()
  hash[6] = (hash[6] & 0x0f) | 0x50
  hash[8] = (hash[8] & 0x3f) | 0x80
  const h = hash.subarray(0, 16).toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

function compact (uuid: string): string {
  return uuid.toLowerCase().replace(/[^0-9a-f]/g, '')
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor (timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset'
    })
    formatters.set(timeZone, f)
  }
  return f
}

/**
 * An instant as ISO 8601 with the offset of `timeZone` (e.g. 2026-03-01T10:15:00.250-08:00), as
 * NENA timestamps are written; UTC gives +00:00 rather than Z.
 */
export function isoWithOffset (instant: string | Date, timeZone = 'UTC'): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a time: ${String(instant)}`)
  const parts: Record<string, string> = {}
  for (const p of formatterFor(timeZone).formatToParts(d)) parts[p.type] = p.value
  const zone = parts.timeZoneName ?? 'GMT'
  const offset = zone === 'GMT' ? '+00:00' : zone.replace('GMT', '')
  const ms = String(d.getUTCMilliseconds()).padStart(3, '0')
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}.${ms}${offset}`
}

/** A date-time with any offset, as a UTC ISO string (our wire format), or null when unreadable. */
export function toUtcIso (value: string | undefined | null): string | null {
  if (value === undefined || value === null || value.trim() === '') return null
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}
