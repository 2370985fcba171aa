// Timestamps as CAD exports write them, read in a given IANA time zone: ISO 8601 with or without a zone,
// YYYY-MM-DD HH:MM:SS, MM/DD/YYYY hh:mm[:ss] [AM|PM], DD-MON-YY (Oracle), a date and a time joined, epochs.
// Pure; the zone's offset is looked up once per wall-clock hour, so a million rows cost a few hundred lookups.

export class TimeZoneError extends Error {}

/** The canonical name of an IANA time zone; throws TimeZoneError for an unknown one. */
export function checkTimeZone (tz: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone
  } catch {
    throw new TimeZoneError(`unknown time zone ${JSON.stringify(tz)} (use an IANA name such as America/Los_Angeles)`)
  }
}

/** The zone this machine runs in. */
export const systemTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone

const MONTHS: Record<string, number> = { JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, SEPT: 9, OCT: 10, NOV: 11, DEC: 12 }
const TIME = String.raw`(?:[T ]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,](\d{1,9}))?)?|[T ]+(\d{2})(\d{2})(\d{2})?)?\s*([AP]\.?M?\.?)?`
const ZONE = String.raw`\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?`
const ISO = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${TIME}${ZONE}$`, 'i')
const US = new RegExp(String.raw`^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})${TIME}${ZONE}$`, 'i')
const ORACLE = new RegExp(String.raw`^(\d{1,2})[- ]([A-Z]{3,4})[- ](\d{4}|\d{2})${TIME}${ZONE}$`, 'i')
const WORDS = new RegExp(String.raw`^([A-Z]{3,9})\.? (\d{1,2}),? (\d{4})${TIME}${ZONE}$`, 'i')
const COMPACT = /^(\d{4})(\d{2})(\d{2})[T ]?(\d{2})(\d{2})(\d{2})?$/
const EPOCH = /^(\d{10}|\d{13})(?:\.\d+)?$/

interface Parts { y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, zone: string | undefined }

const year2 = (y: string): number => y.length === 2 ? (Number(y) < 70 ? 2000 : 1900) + Number(y) : Number(y)

function timeParts (m: RegExpExecArray, at: number): Omit<Parts, 'y' | 'mo' | 'd'> | null {
  const colon = m[at] !== undefined
  const h = Number(colon ? m[at] : m[at + 4] ?? 0)
  const mi = Number(colon ? m[at + 1] : m[at + 5] ?? 0)
  const s = Number(colon ? m[at + 2] ?? 0 : m[at + 6] ?? 0)
  const frac = colon ? m[at + 3] : undefined
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000)
  const ampm = m[at + 7]?.toUpperCase()
  let hour = h
  if (ampm !== undefined) {
    if (h < 1 || h > 12) return null
    hour = (h % 12) + (ampm.startsWith('P') ? 12 : 0)
  }
  if (hour > 23 || mi > 59 || s > 59) return null
  return { h: hour, mi, s, ms, zone: m[at + 8] }
}

function parse (text: string): Parts | 'epoch' | null {
  let m: RegExpExecArray | null
  let date: [number, number, number]
  if ((m = ISO.exec(text)) !== null) date = [Number(m[1]), Number(m[2]), Number(m[3])]
  else if ((m = US.exec(text)) !== null) date = [year2(m[3]), Number(m[1]), Number(m[2])]
  else if ((m = ORACLE.exec(text)) !== null) date = [year2(m[3]), MONTHS[m[2].toUpperCase()] ?? 0, Number(m[1])]
  else if ((m = WORDS.exec(text)) !== null) date = [Number(m[3]), MONTHS[m[1].slice(0, 3).toUpperCase()] ?? 0, Number(m[2])]
  else if ((m = COMPACT.exec(text)) !== null) {
    return { y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]), h: Number(m[4]), mi: Number(m[5]), s: Number(m[6] ?? 0), ms: 0, zone: undefined }
  } else return EPOCH.test(text) ? 'epoch' : null
  const t = timeParts(m, 4)
  if (t === null) return null
  return { y: date[0], mo: date[1], d: date[2], ...t }
}

function validDate (p: Parts): boolean {
  if (p.mo < 1 || p.mo > 12 || p.d < 1 || p.y < 1970 || p.y > 2200) return false
  return p.d <= new Date(Date.UTC(p.y, p.mo, 0)).getUTCDate() && p.h <= 23 && p.mi <= 59 && p.s <= 59
}

function zoneOffsetMs (zone: string): number {
  if (/^(Z|UTC|GMT)$/i.test(zone)) return 0
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000
}

export interface TimeReader {
  /** Milliseconds since the epoch; null for an empty value; NaN when the text is not a time it can read. */
  read: (text: string) => number | null
  timeZone: string
}

/** A reader of local times in `tz` (ambiguous fall-back times take the first, skipped spring-forward times move on). */
export function createTimeReader (tz: string): TimeReader {
  const timeZone = checkTimeZone(tz)
  const dtf = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
  const offsetAt = (utc: number): number => {
    const f: Record<string, number> = {}
    for (const p of dtf.formatToParts(new Date(utc))) if (p.type !== 'literal') f[p.type] = Number(p.value)
    return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - Math.floor(utc / 1000) * 1000
  }
  const byHour = new Map<number, number>()
  const wallToUtc = (wall: number): number => {
    const hourKey = Math.floor(wall / 3_600_000)
    let offset = byHour.get(hourKey)
    if (offset === undefined) {
      const start = hourKey * 3_600_000
      const before = offsetAt(start - 86_400_000)
      const after = offsetAt(start + 86_400_000)
      const valid = [before, after].filter((o) => offsetAt(start - o) === o)
      // two valid offsets: the hour happens twice, take the first; none: it was skipped, read it with the earlier offset
      offset = valid.length === 0 ? before : Math.max(...valid)
      byHour.set(hourKey, offset)
    }
    return wall - offset
  }
  return {
    timeZone,
    read (raw: string): number | null {
      const text = raw.trim().replace(/\s+/g, ' ')
      if (text === '') return null
      const p = parse(text)
      if (p === 'epoch') return text.length >= 13 && !text.includes('.') ? Number(text) : Math.round(Number(text) * 1000)
      if (p === null || !validDate(p)) return Number.NaN
      const wall = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms)
      return p.zone !== undefined ? wall - zoneOffsetMs(p.zone) : wallToUtc(wall)
    }
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>()
/** "2023-01-01 00:00:05" in the zone: how a planner checks that a time was read right. */
export function formatLocal (ms: number, tz: string): string {
  let f = formatters.get(tz)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    formatters.set(tz, f)
  }
  return f.format(new Date(ms)).replace(', ', ' ')
}
