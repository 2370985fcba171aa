// School-day hours in a city's time zone: when youth teams work (the demo's shifts, the simulator's youth demand).
// Pure: Intl only, no I/O.

export interface SchoolDay {
  /** ISO weekdays the schools are open, 1 = Monday … 7 = Sunday. */
  days: readonly number[]
  /** First and last hour (local, 0–24) of the school day, e.g. 7 and 17. */
  startHour: number
  endHour: number
}

export const DEFAULT_SCHOOL_DAY: SchoolDay = Object.freeze({ days: [1, 2, 3, 4, 5], startHour: 7, endHour: 17 })

const formatters = new Map<string, Intl.DateTimeFormat>()
const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }

/** The local weekday (1 = Monday) and minutes since local midnight of an instant in a zone. */
export function localClock (ms: number, timeZone: string): { weekday: number; minutes: number } {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', hour: '2-digit', minute: '2-digit' })
    formatters.set(timeZone, f)
  }
  let weekday = 0
  let hour = 0
  let minute = 0
  for (const p of f.formatToParts(new Date(ms))) {
    if (p.type === 'weekday') weekday = WEEKDAY[p.value] ?? 0
    else if (p.type === 'hour') hour = Number(p.value)
    else if (p.type === 'minute') minute = Number(p.value)
  }
  return { weekday, minutes: hour * 60 + minute }
}

/** Whether the instant falls inside the school day in the zone. */
export function inSchoolDay (ms: number, timeZone: string, day: SchoolDay = DEFAULT_SCHOOL_DAY): boolean {
  const { weekday, minutes } = localClock(ms, timeZone)
  return day.days.includes(weekday) && minutes >= day.startHour * 60 && minutes < day.endHour * 60
}

/** When today's school day ends (an instant), for a time inside it; null outside it. */
export function schoolDayEnd (ms: number, timeZone: string, day: SchoolDay = DEFAULT_SCHOOL_DAY): Date | null {
  if (!inSchoolDay(ms, timeZone, day)) return null
  const { minutes } = localClock(ms, timeZone)
  // whole minutes to the end hour: no daylight-saving change happens during a school day
  const end = ms - (ms % 60_000) + (day.endHour * 60 - minutes) * 60_000
  return new Date(end)
}
