// Scenario files: the planner's inputs (demand, teams, times, dispatch policy), validated on load with errors
// that name the field, e.g. "teams[2].base.lat: must be a number".
import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { CAPABILITIES, RESPONSES, TEAM_KINDS, type Capability, type Priority, type ResponseType, type TeamKind } from '../server/domain/types'
import type { TravelParams } from '../server/domain/travel'
import type { Answers } from '../server/domain/triage/types'
import { FACILITY_TYPES, type FacilityType } from '../server/lib/la-data'

/** Categories a care-team program takes calls for (out_of_scope only arises from triage). */
export const DEMAND_CATEGORIES = ['mental_health', 'substance_use', 'traffic_safety'] as const
export type DemandCategory = typeof DEMAND_CATEGORIES[number]

export type Dist =
  | { dist: 'fixed', value: number }
  | { dist: 'exponential', mean: number }
  | { dist: 'lognormal', mean: number, sd: number }
  | { dist: 'uniform', min: number, max: number }
  | { dist: 'empirical', values: number[] }

export interface MixEntry {
  /** Upstream CAD call type; the call goes through triage with it. */
  callType?: string
  narrative?: string
  answers?: Answers
  /** Without a callType (validation cases), the response and priority are given directly. */
  response?: ResponseType
  priority?: Priority
  /** Overdose calls need a naloxone-carrying team. */
  overdose?: boolean
  weight: number
}

export type Spatial =
  | { model: 'even' }
  | { model: 'custom', weights: Record<string, number>, defaultWeight?: number }
  | { model: 'hotspots', hotspots: Array<{ name?: string, lat: number, lon: number, radiusMiles: number, weight: number }>, background?: number }
  | { model: 'points', points: Array<{ lat: number, lon: number, weight?: number }> }

export interface TeamSpec {
  name?: string
  kind: TeamKind
  count?: number
  capabilities?: Capability[]
  /** An LAFD station number ("003") or a point. */
  base: { station: string } | { lat: number, lon: number }
  /** Hours from the start of the day (Monday = day 0); without a shift the team is always on. */
  shift?: { startHour: number, hours: number, days?: number[] }
}

export interface Scenario {
  name: string
  description?: string
  assumptions?: string[]
  sources?: string[]
  days?: number
  warmupDays?: number
  replications?: number
  seed?: number
  /** Where demand falls: tracts inside the city's council districts, or the whole county. */
  region?: 'la_city' | 'la_county'
  demand: {
    callsPerDay: Partial<Record<DemandCategory, number>>
    /** Relative weights, 24 entries (hour 0 = midnight). */
    hourOfDay?: number[]
    /** Relative weights, 7 entries, Monday first. */
    dayOfWeek?: number[]
    /** Relative weights, 168 entries, Monday 00:00 first; overrides hourOfDay × dayOfWeek. */
    hourOfWeek?: number[]
    mix: Partial<Record<DemandCategory, MixEntry[]>>
    spatial: Spatial
  }
  teams: TeamSpec[]
  times: {
    turnoutMinutes: Dist
    onSceneMinutes: Partial<Record<DemandCategory, Dist>>
    transport?: {
      probability: Partial<Record<DemandCategory, number>>
      destinations: Partial<Record<DemandCategory, FacilityType[]>>
      handoffMinutes: Dist
    }
    backup?: { probability: number, onSceneMinutes: Dist }
    recovery?: { afterOnSceneMinutes: number, minutes: number, afterTransport?: boolean }
  }
  dispatch?: {
    agingMinutesPerLevel?: number
    /** Refer a call to police when no care team can arrive within maxMinutes (turnout + travel). */
    fallback?: { maxMinutes: number, priorities?: Priority[] }
  }
  travel?: Partial<TravelParams>
  /** Response-time target per priority, minutes. */
  targets: { responseMinutes: Record<'1' | '2' | '3', number> }
  /** Candidate bases for `site`: LAFD stations or listed points. */
  sites?: { candidates: 'fire_stations' | Array<{ name: string, lat: number, lon: number }>, coverMinutes?: number }
}

export class ScenarioError extends Error {
  constructor (readonly errors: string[], source = 'scenario') {
    super(`${source} is invalid:\n  ${errors.join('\n  ')}`)
    this.name = 'ScenarioError'
  }
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

class Checker {
  errors: string[] = []
  fail (path: string, msg: string): void { this.errors.push(`${path}: ${msg}`) }

  num (v: unknown, path: string, o: { min?: number, max?: number, int?: boolean, optional?: boolean, gt?: number } = {}): boolean {
    if (v === undefined && o.optional === true) return true
    if (typeof v !== 'number' || !Number.isFinite(v)) { this.fail(path, 'must be a number'); return false }
    if (o.int === true && !Number.isInteger(v)) { this.fail(path, 'must be an integer'); return false }
    if (o.min !== undefined && v < o.min) { this.fail(path, `must be at least ${o.min}`); return false }
    if (o.gt !== undefined && v <= o.gt) { this.fail(path, `must be greater than ${o.gt}`); return false }
    if (o.max !== undefined && v > o.max) { this.fail(path, `must be at most ${o.max}`); return false }
    return true
  }

  obj (v: unknown, path: string, optional = false): v is Obj {
    if (v === undefined && optional) return false
    if (!isObj(v)) { this.fail(path, 'must be an object'); return false }
    return true
  }

  arr (v: unknown, path: string, optional = false): v is unknown[] {
    if (v === undefined && optional) return false
    if (!Array.isArray(v)) { this.fail(path, 'must be an array'); return false }
    return true
  }

  oneOf (v: unknown, path: string, allowed: readonly string[], optional = false): boolean {
    if (v === undefined && optional) return true
    if (typeof v !== 'string' || !allowed.includes(v)) { this.fail(path, `must be one of ${allowed.join(', ')}`); return false }
    return true
  }

  weights (v: unknown, path: string, len: number, optional = true): void {
    if (!this.arr(v, path, optional)) return
    if (v.length !== len) { this.fail(path, `must have ${len} entries`); return }
    v.forEach((x, i) => this.num(x, `${path}[${i}]`, { min: 0 }))
    if (v.every((x) => x === 0)) this.fail(path, 'must not be all zero')
  }

  dist (v: unknown, path: string): void {
    if (!this.obj(v, path)) return
    switch (v.dist) {
      case 'fixed': this.num(v.value, `${path}.value`, { min: 0 }); break
      case 'exponential': this.num(v.mean, `${path}.mean`, { gt: 0 }); break
      case 'lognormal': this.num(v.mean, `${path}.mean`, { gt: 0 }); this.num(v.sd, `${path}.sd`, { gt: 0 }); break
      case 'uniform':
        if (this.num(v.min, `${path}.min`, { min: 0 }) && this.num(v.max, `${path}.max`, { min: 0 }) && (v.max as number) < (v.min as number)) this.fail(`${path}.max`, 'must be at least min')
        break
      case 'empirical':
        if (this.arr(v.values, `${path}.values`)) {
          if (v.values.length === 0) this.fail(`${path}.values`, 'must not be empty')
          v.values.forEach((x, i) => this.num(x, `${path}.values[${i}]`, { min: 0 }))
        }
        break
      default: this.fail(`${path}.dist`, 'must be one of fixed, exponential, lognormal, uniform, empirical')
    }
  }

  latLon (v: Obj, path: string): void {
    this.num(v.lat, `${path}.lat`, { min: -90, max: 90 })
    this.num(v.lon, `${path}.lon`, { min: -180, max: 180 })
  }
}

/** Validates a parsed scenario; throws ScenarioError listing every problem. */
export function validateScenario (raw: unknown, source = 'scenario'): Scenario {
  const c = new Checker()
  if (!c.obj(raw, '(root)')) throw new ScenarioError(c.errors, source)
  const s = raw
  if (typeof s.name !== 'string' || s.name.trim() === '') c.fail('name', 'must be a non-empty string')
  c.num(s.days, 'days', { gt: 0, optional: true })
  c.num(s.warmupDays, 'warmupDays', { min: 0, optional: true })
  c.num(s.replications, 'replications', { min: 1, int: true, optional: true })
  c.num(s.seed, 'seed', { min: 0, int: true, optional: true })
  c.oneOf(s.region, 'region', ['la_city', 'la_county'], true)
  for (const k of ['assumptions', 'sources'] as const) {
    if (c.arr(s[k], k, true)) (s[k] as unknown[]).forEach((x, i) => { if (typeof x !== 'string') c.fail(`${k}[${i}]`, 'must be a string') })
  }

  if (c.obj(s.demand, 'demand')) {
    const d = s.demand
    if (c.obj(d.callsPerDay, 'demand.callsPerDay')) {
      for (const [k, v] of Object.entries(d.callsPerDay)) {
        if (c.oneOf(k, `demand.callsPerDay.${k}`, DEMAND_CATEGORIES)) c.num(v, `demand.callsPerDay.${k}`, { min: 0 })
      }
      if (Object.keys(d.callsPerDay).length === 0) c.fail('demand.callsPerDay', 'must name at least one category')
    }
    c.weights(d.hourOfDay, 'demand.hourOfDay', 24)
    c.weights(d.dayOfWeek, 'demand.dayOfWeek', 7)
    c.weights(d.hourOfWeek, 'demand.hourOfWeek', 168)
    if (c.obj(d.mix, 'demand.mix')) {
      const perDay = isObj(d.callsPerDay) ? d.callsPerDay : {}
      for (const k of Object.keys(perDay)) {
        if (!Array.isArray(d.mix[k]) || d.mix[k].length === 0) c.fail(`demand.mix.${k}`, 'must list at least one entry for a category with demand')
      }
      for (const [k, list] of Object.entries(d.mix)) {
        if (!c.oneOf(k, `demand.mix.${k}`, DEMAND_CATEGORIES) || !c.arr(list, `demand.mix.${k}`)) continue
        list.forEach((e, i) => {
          const p = `demand.mix.${k}[${i}]`
          if (!c.obj(e, p)) return
          c.num(e.weight, `${p}.weight`, { min: 0 })
          if (e.callType !== undefined && typeof e.callType !== 'string') c.fail(`${p}.callType`, 'must be a string')
          if (e.narrative !== undefined && typeof e.narrative !== 'string') c.fail(`${p}.narrative`, 'must be a string')
          if (e.answers !== undefined) c.obj(e.answers, `${p}.answers`)
          c.oneOf(e.response, `${p}.response`, RESPONSES, true)
          if (e.priority !== undefined && ![1, 2, 3].includes(e.priority as number)) c.fail(`${p}.priority`, 'must be 1, 2 or 3')
          if (e.overdose !== undefined && typeof e.overdose !== 'boolean') c.fail(`${p}.overdose`, 'must be true or false')
          if (e.callType === undefined && e.response === undefined) c.fail(p, 'needs a callType (triaged) or a response')
        })
      }
    }
    if (c.obj(d.spatial, 'demand.spatial')) {
      const sp = d.spatial
      switch (sp.model) {
        case 'even': break
        case 'custom':
          if (c.obj(sp.weights, 'demand.spatial.weights')) for (const [g, w] of Object.entries(sp.weights)) c.num(w, `demand.spatial.weights.${g}`, { min: 0 })
          c.num(sp.defaultWeight, 'demand.spatial.defaultWeight', { min: 0, optional: true })
          break
        case 'hotspots':
          if (c.arr(sp.hotspots, 'demand.spatial.hotspots')) {
            sp.hotspots.forEach((h, i) => {
              const p = `demand.spatial.hotspots[${i}]`
              if (!c.obj(h, p)) return
              c.latLon(h, p)
              c.num(h.radiusMiles, `${p}.radiusMiles`, { gt: 0 })
              c.num(h.weight, `${p}.weight`, { min: 0 })
            })
          }
          c.num(sp.background, 'demand.spatial.background', { min: 0, optional: true })
          break
        case 'points':
          if (c.arr(sp.points, 'demand.spatial.points')) {
            if (sp.points.length === 0) c.fail('demand.spatial.points', 'must not be empty')
            sp.points.forEach((pt, i) => {
              const p = `demand.spatial.points[${i}]`
              if (!c.obj(pt, p)) return
              c.latLon(pt, p)
              c.num(pt.weight, `${p}.weight`, { min: 0, optional: true })
            })
          }
          break
        default: c.fail('demand.spatial.model', 'must be one of even, custom, hotspots, points')
      }
    }
  }

  if (c.arr(s.teams, 'teams')) {
    if (s.teams.length === 0) c.fail('teams', 'must list at least one team')
    s.teams.forEach((t, i) => {
      const p = `teams[${i}]`
      if (!c.obj(t, p)) return
      c.oneOf(t.kind, `${p}.kind`, TEAM_KINDS)
      c.num(t.count, `${p}.count`, { min: 1, int: true, optional: true })
      if (t.name !== undefined && typeof t.name !== 'string') c.fail(`${p}.name`, 'must be a string')
      if (c.arr(t.capabilities, `${p}.capabilities`, true)) (t.capabilities as unknown[]).forEach((x, j) => c.oneOf(x, `${p}.capabilities[${j}]`, CAPABILITIES))
      if (c.obj(t.base, `${p}.base`)) {
        if (t.base.station !== undefined) {
          if (typeof t.base.station !== 'string') c.fail(`${p}.base.station`, 'must be a string such as "003"')
        } else c.latLon(t.base, `${p}.base`)
      }
      if (c.obj(t.shift, `${p}.shift`, true)) {
        const sh = t.shift as Obj
        c.num(sh.startHour, `${p}.shift.startHour`, { min: 0, max: 24 })
        c.num(sh.hours, `${p}.shift.hours`, { gt: 0, max: 24 })
        if (c.arr(sh.days, `${p}.shift.days`, true)) (sh.days as unknown[]).forEach((x, j) => c.num(x, `${p}.shift.days[${j}]`, { min: 0, max: 6, int: true }))
      }
    })
  }

  if (c.obj(s.times, 'times')) {
    const t = s.times
    c.dist(t.turnoutMinutes, 'times.turnoutMinutes')
    if (c.obj(t.onSceneMinutes, 'times.onSceneMinutes')) {
      const perDay = isObj(s.demand) && isObj(s.demand.callsPerDay) ? s.demand.callsPerDay : {}
      for (const k of Object.keys(perDay)) if (t.onSceneMinutes[k] === undefined) c.fail(`times.onSceneMinutes.${k}`, 'is required for a category with demand')
      for (const [k, v] of Object.entries(t.onSceneMinutes)) if (c.oneOf(k, `times.onSceneMinutes.${k}`, DEMAND_CATEGORIES)) c.dist(v, `times.onSceneMinutes.${k}`)
    }
    if (c.obj(t.transport, 'times.transport', true)) {
      const tr = t.transport as Obj
      if (c.obj(tr.probability, 'times.transport.probability')) for (const [k, v] of Object.entries(tr.probability)) c.num(v, `times.transport.probability.${k}`, { min: 0, max: 1 })
      if (c.obj(tr.destinations, 'times.transport.destinations')) {
        for (const [k, v] of Object.entries(tr.destinations)) {
          if (c.arr(v, `times.transport.destinations.${k}`)) v.forEach((x, j) => c.oneOf(x, `times.transport.destinations.${k}[${j}]`, FACILITY_TYPES))
        }
      }
      c.dist(tr.handoffMinutes, 'times.transport.handoffMinutes')
    }
    if (c.obj(t.backup, 'times.backup', true)) {
      const b = t.backup as Obj
      c.num(b.probability, 'times.backup.probability', { min: 0, max: 1 })
      c.dist(b.onSceneMinutes, 'times.backup.onSceneMinutes')
    }
    if (c.obj(t.recovery, 'times.recovery', true)) {
      const r = t.recovery as Obj
      c.num(r.afterOnSceneMinutes, 'times.recovery.afterOnSceneMinutes', { min: 0 })
      c.num(r.minutes, 'times.recovery.minutes', { min: 0 })
    }
  }

  if (c.obj(s.dispatch, 'dispatch', true)) {
    const d = s.dispatch as Obj
    c.num(d.agingMinutesPerLevel, 'dispatch.agingMinutesPerLevel', { gt: 0, optional: true })
    if (c.obj(d.fallback, 'dispatch.fallback', true)) {
      const f = d.fallback as Obj
      c.num(f.maxMinutes, 'dispatch.fallback.maxMinutes', { min: 0 })
      if (c.arr(f.priorities, 'dispatch.fallback.priorities', true)) (f.priorities as unknown[]).forEach((x, j) => { if (![1, 2, 3].includes(x as number)) c.fail(`dispatch.fallback.priorities[${j}]`, 'must be 1, 2 or 3') })
    }
  }
  if (c.obj(s.travel, 'travel', true)) {
    for (const [k, v] of Object.entries(s.travel as Obj)) {
      if (c.oneOf(k, `travel.${k}`, ['circuity', 'a', 'b', 'c', 'crossoverMiles', 'speedFactor'])) c.num(v, `travel.${k}`, { gt: 0 })
    }
  }
  if (c.obj(s.targets, 'targets') && c.obj(s.targets.responseMinutes, 'targets.responseMinutes')) {
    for (const p of ['1', '2', '3']) c.num(s.targets.responseMinutes[p], `targets.responseMinutes.${p}`, { gt: 0 })
  }
  if (c.obj(s.sites, 'sites', true)) {
    const st = s.sites as Obj
    if (st.candidates !== 'fire_stations' && c.arr(st.candidates, 'sites.candidates')) {
      (st.candidates as unknown[]).forEach((x, i) => { if (c.obj(x, `sites.candidates[${i}]`)) c.latLon(x, `sites.candidates[${i}]`) })
    }
    c.num(st.coverMinutes, 'sites.coverMinutes', { gt: 0, optional: true })
  }
  if (c.errors.length > 0) throw new ScenarioError(c.errors, source)
  return s as unknown as Scenario
}

export interface LoadedScenario {
  scenario: Scenario
  path: string
  /** SHA-256 of the file's bytes. */
  sha256: string
}

export function loadScenario (path: string): LoadedScenario {
  let text: string
  try { text = readFileSync(path, 'utf8') } catch (e) { throw new ScenarioError([`cannot read file (${(e as Error).message})`], path) }
  let raw: unknown
  try { raw = JSON.parse(text) } catch (e) { throw new ScenarioError([`not valid JSON (${(e as Error).message})`], path) }
  return { scenario: validateScenario(raw, path), path, sha256: createHash('sha256').update(text).digest('hex') }
}
