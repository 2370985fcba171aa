// The planner's history: a period's calls (times, triage, areas) and today's roster, with what makes them a poor basis for a plan.
import type { History } from '../../contracts/planning'
import { MIN_CELL } from '../../contracts/reports'
import { CARE_TEAM_RESPONSES } from '../../domain/types'
import { fieldError } from '../../lib/errors'
import type { PlanningDeps } from './planning.service'

const DAY_MS = 86_400_000
/** The most calls a history request carries to a browser (about a year of a large city's care-team calls). */
export const HISTORY_LIMIT = 300_000

/** Minutes to a tenth (6 s), as a planner's history carries durations. */
const tenth = (m: number | null): number | null => (m === null ? null : Math.round(m * 10) / 10)

/** Monday 00:00 on or before a local date (YYYY-MM-DD). */
function mondayOf (day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10)
}

/** Calls of a period (times, triage, areas) and today's roster, for a scenario from history or a replay. */
export async function planningHistory (
  deps: Pick<PlanningDeps, 'records' | 'roster' | 'simulatedCount'>,
  q: { from: string; to: string; source?: 'live' | 'imported' | 'both' }
): Promise<History> {
  const span = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / DAY_MS
  if (!(span >= 0)) throw fieldError('querystring/to', 'must not be before from')
  if (span > 366) throw fieldError('querystring/to', 'must be at most 366 days after from')
  const r = await deps.records(q, HISTORY_LIMIT + 1)
  const truncated = r.records.length > HISTORY_LIMIT
  const recs = truncated ? r.records.slice(0, HISTORY_LIMIT) : r.records
  const startDay = mondayOf(q.from)
  const zero = Date.parse(`${startDay}T00:00:00Z`) / 1000
  const endLocal = Date.parse(`${q.to}T00:00:00Z`) + DAY_MS
  // An area with fewer than MIN_CELL calls in the period is merged into "no area" (null): a record of a small
  // area is too close to a person, as a suppressed report cell would be.
  const bigEnough = { councilDistrict: new Set<string | null>([null]), lapdDivision: new Set<string | null>([null]) }
  for (const field of ['councilDistrict', 'lapdDivision'] as const) {
    const n = new Map<string, number>()
    for (const x of recs) {
      const a = x[field]
      if (a !== null) n.set(a, (n.get(a) ?? 0) + 1)
    }
    for (const [a, c] of n) if (c >= MIN_CELL) bigEnough[field].add(a)
  }
  const placement = { inArea: 0, outside: 0, notPlaced: 0 }
  let careEligible = 0
  for (const x of recs) {
    if (x.placed === 'in') placement.inArea++
    else if (x.placed === 'outside') placement.outside++
    else placement.notPlaced++
    if ((CARE_TEAM_RESPONSES as readonly string[]).includes(x.response)) careEligible++
  }
  const teams = await deps.roster()
  const groups = new Map<
    string,
    { kind: string; count: number; capabilities: string[]; baseName: string | null; baseLat: number | null; baseLon: number | null }
  >()
  for (const t of teams) {
    const key = JSON.stringify([t.kind, [...t.capabilities].sort(), t.base?.lat ?? null, t.base?.lon ?? null])
    const g = groups.get(key)
    if (g) g.count++
    else {
      groups.set(key, {
        kind: t.kind,
        count: 1,
        capabilities: [...t.capabilities].sort(),
        baseName: t.base?.name ?? null,
        baseLat: t.base?.lat ?? null,
        baseLon: t.base?.lon ?? null
      })
    }
  }
  const simulated = q.source !== 'live' && deps.simulatedCount ? await deps.simulatedCount(r.from, r.to) : 0
  return {
    from: r.from.toISOString(),
    to: r.to.toISOString(),
    timeZone: r.timeZone,
    startDay,
    simulated,
    days: (endLocal - zero * 1000) / DAY_MS,
    truncated,
    placement,
    careEligible,
    warnings: historyWarnings(recs.length, placement, careEligible),
    records: recs.map((x) => ({
      // at the minute: a record never carries the second a call came in, which would pick it out of a CAD log
      minute: Math.floor((x.localSeconds - zero) / 60),
      source: x.source,
      category: x.category,
      response: x.response,
      priority: x.priority,
      councilDistrict: bigEnough.councilDistrict.has(x.councilDistrict) ? x.councilDistrict : null,
      lapdDivision: bigEnough.lapdDivision.has(x.lapdDivision) ? x.lapdDivision : null,
      unmet: x.unmet,
      turnoutMinutes: tenth(x.turnoutMinutes),
      onSceneMinutes: tenth(x.onSceneMinutes),
      responseMinutes: tenth(x.responseMinutes)
    })),
    roster: [...groups.values()]
  }
}

const pct = (n: number, of: number): string => `${Math.round((n / of) * 100)}%`

/**
 * What makes a period's calls a poor basis for a plan, said before a scenario is built from them or they are replayed:
 * most of them outside the scenario's area (the council districts demand and replays are placed in), or most of them
 * calls no care team would take (triaged to police, EMS, fire or 988).
 */
export function historyWarnings (
  calls: number,
  placement: { inArea: number; outside: number; notPlaced: number },
  careEligible: number
): History['warnings'] {
  const warnings: History['warnings'] = []
  if (calls === 0) return warnings
  const away = placement.outside + placement.notPlaced
  if (away * 2 > calls) {
    warnings.push({
      code: 'outside_area',
      message:
        `${away.toLocaleString('en-US')} of ${calls.toLocaleString('en-US')} calls (${pct(away, calls)}) lie outside the scenario's area ` +
        `(${placement.outside.toLocaleString('en-US')} outside every council district, ${placement.notPlaced.toLocaleString('en-US')} ` +
        'with no location): ' +
        'a scenario built from them spreads them over the city, and a replay places them anywhere in it, so its travel times describe no ' +
        'real place.'
    })
  }
  if (careEligible * 2 < calls) {
    warnings.push({
      code: 'mostly_not_care',
      message:
        `Only ${careEligible.toLocaleString('en-US')} of ${calls.toLocaleString('en-US')} calls (${pct(careEligible, calls)}) ` +
        'are calls a care team would take ' +
        "(triaged to a care-team response); the rest go to police, EMS, fire or 988, so their figures are not the care teams' demand."
    })
  }
  return warnings
}
