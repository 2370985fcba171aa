// The response intervals (NFPA 1710 / NENA), each named and defined once: live reports, imported history and the
// simulator all measure with these definitions, so their figures compare like for like. Pure.

/** The timestamps an interval runs between, in the order a call passes them. */
export const STAMPS = ['received', 'dispatched', 'enRoute', 'onScene', 'cleared'] as const
export type Stamp = (typeof STAMPS)[number]

export interface IntervalDef {
  id: string
  label: string
  start: Stamp
  end: Stamp
  description: string
}

export const INTERVALS = [
  {
    id: 'callProcessing',
    label: 'Call processing',
    start: 'received',
    end: 'dispatched',
    description: 'dispatched − received: taking the call until a team is assigned'
  },
  {
    id: 'turnout',
    label: 'Turnout',
    start: 'dispatched',
    end: 'enRoute',
    description: 'en route − dispatched: the team getting going'
  },
  { id: 'travel', label: 'Travel', start: 'enRoute', end: 'onScene', description: 'on scene − en route: driving there' },
  { id: 'response', label: 'Response', start: 'received', end: 'onScene', description: 'on scene − received: what the caller waits' },
  {
    id: 'onScene',
    label: 'On scene',
    start: 'onScene',
    end: 'cleared',
    description: 'clear − on scene: with the person, transport included'
  },
  {
    id: 'committed',
    label: 'Committed',
    start: 'dispatched',
    end: 'cleared',
    description: 'clear − dispatched: the team unavailable for other calls'
  }
] as const satisfies readonly IntervalDef[]

export type IntervalId = (typeof INTERVALS)[number]['id']
export const INTERVAL_IDS: readonly IntervalId[] = INTERVALS.map((d) => d.id)

/** The rule for an interval that cannot be measured, stated once for the reports and the simulator. */
export const NOT_COUNTED_RULE =
  'An interval is counted only when both of its timestamps are present and the end is not before the start; ' +
  'otherwise the call is left out of that interval (its count says how many were measured, "missing" how many were not).'

/** One call's timestamps in any single unit (epoch ms, minutes); null, undefined or NaN when not recorded. */
export type StampTimes = Partial<Record<Stamp, number | null | undefined>>

const present = (x: number | null | undefined): x is number => typeof x === 'number' && !Number.isNaN(x)

/** Whether the interval can be measured for these timestamps (both present, end not before start). */
export function isCounted (def: IntervalDef, t: StampTimes): boolean {
  const a = t[def.start]
  const b = t[def.end]
  return present(a) && present(b) && b >= a
}

/** The interval in the unit of the timestamps, or NaN when it is not counted. */
export function intervalValue (def: IntervalDef, t: StampTimes): number {
  return isCounted(def, t) ? (t[def.end] as number) - (t[def.start] as number) : NaN
}

/** The interval in minutes between recorded instants, or null when it is not counted. */
export function intervalMinutes (def: IntervalDef, t: Partial<Record<Stamp, Date | null | undefined>>): number | null {
  const ms: StampTimes = {}
  for (const s of STAMPS) ms[s] = t[s] == null ? null : t[s].getTime()
  const v = intervalValue(def, ms)
  return Number.isNaN(v) ? null : v / 60_000
}

export function intervalById (id: IntervalId): IntervalDef {
  return INTERVALS.find((d) => d.id === id)!
}

/**
 * The same definition as SQL text: seconds as double precision (minutes = seconds / 60, which commutes with
 * percentiles), NULL when not counted. `column` names the timestamptz column of each stamp; trusted text only.
 */
export function intervalSql (def: IntervalDef, column: (s: Stamp) => string): string {
  const a = column(def.start)
  const b = column(def.end)
  return `(case when ${b} >= ${a} then date_part('epoch', ${b} - ${a}) end)`
}
