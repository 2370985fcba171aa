// Rotas: a team's weekly pattern of shifts (local times in the city's zone, overnight allowed) and dated
// exceptions (a day off, an extra shift), turned into the instants its shifts start and end. Pure: Intl only.

/** One shift of the weekly pattern: ISO weekday (1 = Monday) and local start and end, "HH:MM". */
export interface WeeklyShift {
  weekday: number
  start: string
  end: string
}
/** A dated exception: no pattern shifts that day, or an extra shift that day. */
export type RotaException = { date: string; off: true } | { date: string; start: string; end: string }
export interface Rota {
  weekly: WeeklyShift[]
  exceptions: RotaException[]
}

export interface Interval {
  start: number
  end: number
}
export interface Boundary {
  at: number
  kind: 'start' | 'end'
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000

/** Minutes since midnight of "HH:MM" ("24:00" is the end of the day); null when it is not a time. */
export function minutesOf (hhmm: string): number | null {
  if (!TIME.test(hhmm)) return null
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
}

/** Days since 1970-01-01 of a valid "YYYY-MM-DD", else null. */
export function dayNumber (date: string): number | null {
  const m = DATE.exec(date)
  if (m === null) return null
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  const d = new Date(ms)
  if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return null
  return ms / DAY_MS
}

/**
 * What is wrong with a rota, as `path message` lines (empty when it is fine): times "HH:MM", a start
 * other than "24:00", a shift of some length (end equal to start is a whole day; end before start runs
 * overnight), valid dates, at most one "off" per date.
 */
export function rotaProblems (rota: Rota): string[] {
  const out: string[] = []
  const shift = (path: string, start: string, end: string): void => {
    const s = minutesOf(start)
    const e = minutesOf(end)
    if (s === null || s === 1440) {
      out.push(`${path}/start must be a time of day "HH:MM" from 00:00 to 23:59, got ${JSON.stringify(start)}`)
    }
    if (e === null) out.push(`${path}/end must be a time of day "HH:MM" from 00:00 to 24:00, got ${JSON.stringify(end)}`)
  }
  rota.weekly.forEach((w, i) => {
    if (!Number.isInteger(w.weekday) || w.weekday < 1 || w.weekday > 7) {
      out.push(`body/weekly/${i}/weekday must be 1 (Monday) to 7 (Sunday)`)
    }
    shift(`body/weekly/${i}`, w.start, w.end)
  })
  const offDates = new Set<string>()
  rota.exceptions.forEach((x, i) => {
    if (dayNumber(x.date) === null) out.push(`body/exceptions/${i}/date must be a date "YYYY-MM-DD", got ${JSON.stringify(x.date)}`)
    if ('off' in x) {
      if (offDates.has(x.date)) out.push(`body/exceptions/${i}/date ${x.date} is already off`)
      offDates.add(x.date)
    } else shift(`body/exceptions/${i}`, x.start, x.end)
  })
  return out
}

const dtfs = new Map<string, Intl.DateTimeFormat>()
function formatter (tz: string): Intl.DateTimeFormat {
  let f = dtfs.get(tz)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    })
    dtfs.set(tz, f)
  }
  return f
}

/** The zone's wall clock at an instant, as if it were UTC (ms). */
function wallClock (utc: number, tz: string): number {
  const f: Record<string, number> = {}
  for (const p of formatter(tz).formatToParts(new Date(utc))) if (p.type !== 'literal') f[p.type] = Number(p.value)
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second)
}

/**
 * The instant of a local wall-clock time in the zone. A time that happens twice (the fall-back hour)
 * is its first instance; a time that never happens (the spring-forward hour) moves on by the gap.
 */
export function localToInstant (wall: number, tz: string): number {
  const offsetAt = (utc: number): number => wallClock(utc, tz) - Math.floor(utc / 1000) * 1000
  const before = offsetAt(wall - DAY_MS)
  const after = offsetAt(wall + DAY_MS)
  const valid = [before, after].filter((o) => offsetAt(wall - o) === o)
  return wall - (valid.length === 0 ? before : Math.max(...valid))
}

/** The local date (days since 1970-01-01) of an instant in the zone. */
export function localDay (ms: number, tz: string): number {
  return Math.floor(wallClock(ms, tz) / DAY_MS)
}

const isoWeekday = (day: number): number => ((new Date(day * DAY_MS).getUTCDay() + 6) % 7) + 1
const dateText = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10)

/** The shifts that start on local days [fromDay, toDay], merged where they touch or overlap, in order. */
export function shiftsOnDays (rota: Rota, tz: string, fromDay: number, toDay: number): Interval[] {
  const off = new Set<string>()
  const extra = new Map<string, Array<{ start: string; end: string }>>()
  for (const x of rota.exceptions) {
    if ('off' in x) off.add(x.date)
    else extra.set(x.date, [...(extra.get(x.date) ?? []), { start: x.start, end: x.end }])
  }
  const raw: Interval[] = []
  for (let day = fromDay; day <= toDay; day++) {
    const date = dateText(day)
    const wd = isoWeekday(day)
    const shifts = [...(off.has(date) ? [] : rota.weekly.filter((w) => w.weekday === wd)), ...(extra.get(date) ?? [])]
    for (const s of shifts) {
      const a = minutesOf(s.start)
      const b = minutesOf(s.end)
      if (a === null || b === null || a === 1440) continue
      // an end at or before the start runs into the next day (equal: a whole day)
      const endWall = day * DAY_MS + (b > a ? b : b + 1440) * 60_000
      const start = localToInstant(day * DAY_MS + a * 60_000, tz)
      const end = localToInstant(endWall, tz)
      if (end > start) raw.push({ start, end })
    }
  }
  raw.sort((x, y) => x.start - y.start || x.end - y.end)
  const merged: Interval[] = []
  for (const iv of raw) {
    const last = merged[merged.length - 1]
    if (last !== undefined && iv.start <= last.end) last.end = Math.max(last.end, iv.end)
    else merged.push({ ...iv })
  }
  return merged
}

/** How far back and ahead the rota is read: a week each way, so every weekly pattern shows its boundaries. */
export const ROTA_HORIZON_DAYS = 7

export interface RotaState {
  /** The rota shift in progress now (merged with any shift it runs into), or null. */
  current: Interval | null
  /** The latest start or end at or before now, within the horizon. */
  last: Boundary | null
  /** Starts and ends after now, within the horizon, in order. */
  upcoming: Boundary[]
}

/**
 * Where a team stands on its rota at `now`. Shifts are computed two days beyond the horizon each way, so
 * a chain of shifts that began before the window is not mistaken for one starting inside it (a team on
 * round-the-clock shifts has no boundary at all, only a current shift).
 */
export function rotaState (rota: Rota, tz: string, now: number): RotaState {
  return stateAmong(shiftsAround(rota, tz, now), now)
}

/** The merged shifts two days beyond the horizon each way of `now` (cache them per rota and local day). */
export function shiftsAround (rota: Rota, tz: string, now: number): Interval[] {
  const today = localDay(now, tz)
  return shiftsOnDays(rota, tz, today - ROTA_HORIZON_DAYS - 2, today + ROTA_HORIZON_DAYS + 2)
}

/** Where `now` stands among shifts computed by shiftsAround (for a `now` on the same local day). */
export function stateAmong (shifts: readonly Interval[], now: number): RotaState {
  const lo = now - ROTA_HORIZON_DAYS * DAY_MS
  const hi = now + ROTA_HORIZON_DAYS * DAY_MS
  let current: Interval | null = null
  let last: Boundary | null = null
  const upcoming: Boundary[] = []
  for (const s of shifts) {
    if (s.start <= now && now < s.end) current = s
    for (const b of [
      { at: s.start, kind: 'start' as const },
      { at: s.end, kind: 'end' as const }
    ]) {
      if (b.at < lo || b.at > hi) continue
      if (b.at <= now) {
        if (last === null || b.at >= last.at) last = b
      } else upcoming.push(b)
    }
  }
  return { current, last, upcoming }
}

/**
 * The boundary the scheduler must apply now, or null: the latest one, if the rota was in force then;
 * else, inside a shift, a start at the moment the rota took effect (a rota saved mid-shift puts the team
 * on shift). Saving a rota outside its shifts changes nothing until its next boundary: a shift someone
 * started by hand is not ended by a rota that never covered it.
 */
export function dueBoundary (state: RotaState, effectiveFrom: number): Boundary | null {
  if (state.last !== null && state.last.at >= effectiveFrom) return state.last
  if (state.current !== null) return { at: effectiveFrom, kind: 'start' }
  return null
}
