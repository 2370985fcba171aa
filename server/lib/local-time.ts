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

const MONTHS: Record<string, number> = {
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  MAY: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  SEPT: 9,
  OCT: 10,
  NOV: 11,
  DEC: 12
}
const TIME = String.raw`(?:[T ]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,](\d{1,9}))?)?|[T ]+(\d{2})(\d{2})(\d{2})?)?\s*([AP]\.?M?\.?)?`
const ZONE = String.raw`\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?`
const ISO = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${TIME}${ZONE}$`, 'i')
const US = new RegExp(String.raw`^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})${TIME}${ZONE}$`, 'i')
const ORACLE = new RegExp(String.raw`^(\d{1,2})[- ]([A-Z]{3,4})[- ](\d{4}|\d{2})${TIME}${ZONE}$`, 'i')
const WORDS = new RegExp(String.raw`^([A-Z]{3,9})\.? (\d{1,2}),? (\d{4})${TIME}${ZONE}$`, 'i')
const COMPACT = /^(\d{4})(\d{2})(\d{2})[T ]?(\d{2})(\d{2})(\d{2})?$/
const EPOCH = /^(\d{10}|\d{13})(?:\.\d+)?$/
const SPACES = /\s\s|[\t\r\n]/

interface Parts {
  y: number
  mo: number
  d: number
  h: number
  mi: number
  s: number
  ms: number
  zone: string | undefined
}

const year2 = (y: string): number => (y.length === 2 ? (Number(y) < 70 ? 2000 : 1900) + Number(y) : Number(y))
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const leap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0

// One scratch record, filled by parse(): a million rows of five times each allocate nothing here.
const P: Parts = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0, ms: 0, zone: undefined }

/** The time part of a match (groups from `at`) into P; false when it is not a time of day. */
function timeParts (m: RegExpExecArray, at: number): boolean {
  const colon = m[at] !== undefined
  const h = Number(colon ? m[at] : (m[at + 4] ?? 0))
  const mi = Number(colon ? m[at + 1] : (m[at + 5] ?? 0))
  const s = Number(colon ? (m[at + 2] ?? 0) : (m[at + 6] ?? 0))
  const frac = colon ? m[at + 3] : undefined
  const ampm = m[at + 7]
  let hour = h
  if (ampm !== undefined) {
    if (h < 1 || h > 12) return false
    hour = (h % 12) + (ampm[0] === 'P' || ampm[0] === 'p' ? 12 : 0)
  }
  if (hour > 23 || mi > 59 || s > 59) return false
  P.h = hour
  P.mi = mi
  P.s = s
  P.ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000)
  P.zone = m[at + 8]
  return true
}

/** The number the digits at [at, at + n) write, or -1 when one is not a digit. */
function digits (t: string, at: number, n: number): number {
  let v = 0
  for (let i = at; i < at + n; i++) {
    const c = t.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    v = v * 10 + c
  }
  return v
}

/**
 * The two shapes most exports write, 2024-01-31T13:05:09 (or a space for the T) and 01/31/2024 01:05:09 PM, read into P
 * without the regular expressions (a million rows have five times each): the same P as parse's ISO and US cases, or null
 * when the text has another shape (parse then reads it as before).
 */
function parseCommon (t: string): 'ok' | 'bad' | null {
  let h: number
  let mi: number
  let s: number
  if (t.length === 19) {
    const sep = t.charCodeAt(10)
    if (
      t.charCodeAt(4) !== 45 ||
      t.charCodeAt(7) !== 45 ||
      (sep !== 84 && sep !== 32) ||
      t.charCodeAt(13) !== 58 ||
      t.charCodeAt(16) !== 58
    ) {
      return null
    }
    const y = digits(t, 0, 4)
    const mo = digits(t, 5, 2)
    const d = digits(t, 8, 2)
    h = digits(t, 11, 2)
    mi = digits(t, 14, 2)
    s = digits(t, 17, 2)
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return null
    P.y = y
    P.mo = mo
    P.d = d
    P.h = h
  } else if (t.length === 22) {
    const ap = t.charCodeAt(20) | 0x20
    if (
      t.charCodeAt(2) !== 47 ||
      t.charCodeAt(5) !== 47 ||
      t.charCodeAt(10) !== 32 ||
      t.charCodeAt(13) !== 58 ||
      t.charCodeAt(16) !== 58 ||
      t.charCodeAt(19) !== 32 ||
      (ap !== 97 && ap !== 112) ||
      (t.charCodeAt(21) | 0x20) !== 109
    ) {
      return null
    }
    const mo = digits(t, 0, 2)
    const d = digits(t, 3, 2)
    const y = digits(t, 6, 4)
    h = digits(t, 11, 2)
    mi = digits(t, 14, 2)
    s = digits(t, 17, 2)
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return null
    if (h < 1 || h > 12) return 'bad'
    P.y = y
    P.mo = mo
    P.d = d
    P.h = (h % 12) + (ap === 112 ? 12 : 0)
  } else return null
  if (P.h > 23 || mi > 59 || s > 59) return 'bad'
  P.mi = mi
  P.s = s
  P.ms = 0
  P.zone = undefined
  return 'ok'
}

/** Fills P from the text: 'ok', 'epoch', or 'bad'. */
function parse (text: string): 'ok' | 'epoch' | 'bad' {
  const common = parseCommon(text)
  if (common !== null) return common
  let m: RegExpExecArray | null
  if ((m = ISO.exec(text)) !== null) {
    P.y = Number(m[1])
    P.mo = Number(m[2])
    P.d = Number(m[3])
  } else if ((m = US.exec(text)) !== null) {
    P.y = year2(m[3])
    P.mo = Number(m[1])
    P.d = Number(m[2])
  } else if ((m = ORACLE.exec(text)) !== null) {
    P.y = year2(m[3])
    P.mo = MONTHS[m[2].toUpperCase()] ?? 0
    P.d = Number(m[1])
  } else if ((m = WORDS.exec(text)) !== null) {
    P.y = Number(m[3])
    P.mo = MONTHS[m[1].slice(0, 3).toUpperCase()] ?? 0
    P.d = Number(m[2])
  } else if ((m = COMPACT.exec(text)) !== null) {
    P.y = Number(m[1])
    P.mo = Number(m[2])
    P.d = Number(m[3])
    P.h = Number(m[4])
    P.mi = Number(m[5])
    P.s = Number(m[6] ?? 0)
    P.ms = 0
    P.zone = undefined
    return 'ok'
  } else return EPOCH.test(text) ? 'epoch' : 'bad'
  return timeParts(m, 4) ? 'ok' : 'bad'
}

function validDate (p: Parts): boolean {
  if (p.mo < 1 || p.mo > 12 || p.d < 1 || p.y < 1970 || p.y > 2200) return false
  return p.d <= (p.mo === 2 && leap(p.y) ? 29 : DAYS[p.mo - 1])
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
  const dtf = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric'
  })
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
      const trimmed = raw.trim()
      const text = SPACES.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed
      if (text === '') return null
      const kind = parse(text)
      if (kind === 'epoch') return text.length >= 13 && !text.includes('.') ? Number(text) : Math.round(Number(text) * 1000)
      if (kind === 'bad' || !validDate(P)) return Number.NaN
      const wall = Date.UTC(P.y, P.mo - 1, P.d, P.h, P.mi, P.s, P.ms)
      return P.zone !== undefined ? wall - zoneOffsetMs(P.zone) : wallToUtc(wall)
    }
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>()
/** "2023-01-01 00:00:05" in the zone: how a planner checks that a time was read right. */
export function formatLocal (ms: number, tz: string): string {
  let f = formatters.get(tz)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit'
    })
    formatters.set(tz, f)
  }
  return f.format(new Date(ms)).replace(', ', ' ')
}
