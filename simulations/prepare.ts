// Scenario preparation for the dispatch model: LA data, call types through the live triage, teams with their
// shifts, demand weights and facilities, in flat arrays the event loop reads.
import { CATEGORIES, KIND_CAPABILITIES, TEAM_KINDS, type Capability } from '../server/domain/types'
import { DEFAULT_TRAVEL, haversineMiles, invalidTravelField, travelMinutesXY, type TravelParams } from '../server/domain/travel'
import { DEFAULT_QUEUE_POLICY, type QueuePolicy } from '../server/domain/queue'
import { areaName, type Facility, type FacilityType, type FireStation, type Loaded, type Tract } from '../server/lib/la-data-parse'
import { createAreaIndex } from '../server/domain/geo'
import { laRows } from './platform'
import type { AreaIndex } from '../server/domain/geo'
import { buildAlias, type Alias } from './sampling'
import { fexp } from '../server/domain/fmath'
import { DEMAND_CATEGORIES, ScenarioError } from './scenario-core'
import type { Scenario } from './scenario'
import { callTypeFor, type CallTypeInfo } from './call-types'

export const MINUTES_PER_DAY = 1440
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY

export interface SimTeam {
  callSign: string
  label: string
  kind: (typeof TEAM_KINDS)[number]
  kindIdx: number
  capabilities: Capability[]
  baseName: string
  baseLat: number
  baseLon: number
  /** Shift windows, minutes from the start, sorted; empty means always on. */
  shifts: Float64Array
}

export interface LaData {
  tracts: Loaded<Tract>
  stations: Loaded<FireStation>
  facilities: Loaded<Facility>
  districts: AreaIndex
  divisions: AreaIndex
}

let dataCache: LaData | null = null
/** The LA reference data, loaded once per process. */
export function laData (): LaData {
  // The rows come from the platform module: parsed from disk on Node, parsed at build time for the browser worker.
  if (dataCache === null) {
    const r = laRows()
    dataCache = {
      tracts: r.tracts,
      stations: r.stations,
      facilities: r.facilities,
      districts: createAreaIndex(r.council_districts, (p, i) => areaName('council_districts', p, i)),
      divisions: createAreaIndex(r.lapd_divisions, (p, i) => areaName('lapd_divisions', p, i))
    }
  }
  return dataCache
}

export interface Prepared {
  scenario: Scenario
  sha256: string
  travel: TravelParams
  queuePolicy: QueuePolicy
  days: number
  warmupDays: number
  /** Demand points: census-tract internal points or the scenario's own points. */
  sites: { n: number; lat: Float64Array; lon: Float64Array; geoid: string[]; area: Int16Array; division: Int16Array }
  siteAlias: Alias
  areaNames: string[]
  divisionNames: string[]
  /**
   * Calls per minute by demand stream and hour of week: one stream per DEMAND_CATEGORIES entry, then
   * the youth stream (index DEMAND_CATEGORIES.length) when the scenario has youth demand.
   */
  rates: Float64Array[]
  mixCum: Float64Array[]
  mixType: Int32Array[]
  callTypes: CallTypeInfo[]
  callTypeIndex: Map<string, number>
  teams: SimTeam[]
  facilities: Facility[]
  targets: Float64Array
  /** Nearest destination per site and category: facility index (-1 none) and minutes, computed lazily. */
  nearestFacility: Int32Array
  nearestMinutes: Float64Array
  transportProb: Float64Array
  destinations: FacilityType[][]
}

export { buildAlias, sampleAlias, sampleDist, type Alias } from './sampling'

function hourOfWeekWeights (d: Scenario['demand']): Float64Array {
  const w = new Float64Array(168)
  for (let h = 0; h < 168; h++) {
    w[h] = d.hourOfWeek !== undefined ? d.hourOfWeek[h] : (d.hourOfDay?.[h % 24] ?? 1) * (d.dayOfWeek?.[Math.floor(h / 24)] ?? 1)
  }
  let s = 0
  for (let h = 0; h < 168; h++) s += w[h]
  for (let h = 0; h < 168; h++) w[h] = (w[h] * 168) / s
  return w
}

/** Youth calls per minute by hour of week: schoolDayShare of them in school hours, the rest evenly over the others. */
export function youthRates (y: NonNullable<Scenario['demand']['youth']>) {
  const days = y.schoolDay.days ?? [0, 1, 2, 3, 4]
  const school = new Uint8Array(168)
  for (const d of days) {
    for (let h = 0; h < 168; h++) {
      // an hour of the week is in the school day when it starts inside [start, start + hours) of that weekday
      const rel = h - d * 24 - y.schoolDay.startHour
      const wrapped = ((rel % 168) + 168) % 168
      if (wrapped >= 0 && wrapped < y.schoolDay.hours) school[h] = 1
    }
  }
  let inSchool = 0
  for (let h = 0; h < 168; h++) inSchool += school[h]
  const perWeek = y.callsPerDay * 7
  const share = inSchool === 0 ? 0 : inSchool === 168 ? 1 : y.schoolDayShare
  const rate = new Float64Array(168)
  for (let h = 0; h < 168; h++) {
    rate[h] = school[h] === 1 ? (share * perWeek) / inSchool / 60 : ((1 - share) * perWeek) / (168 - inSchool) / 60
  }
  return rate
}

function shiftWindows (shift: NonNullable<Scenario['teams'][number]['shift']>, totalDays: number): Float64Array {
  const days = shift.days ?? [0, 1, 2, 3, 4, 5, 6]
  if (shift.hours >= 24 && days.length === 7) return new Float64Array(0)
  const out: number[] = []
  // Start a day early so an overnight shift that began before time 0 is on at the start.
  for (let d = -1; d <= totalDays + 1; d++) {
    const dow = ((d % 7) + 7) % 7
    if (!days.includes(dow)) continue
    const start = d * MINUTES_PER_DAY + shift.startHour * 60
    const end = start + shift.hours * 60
    if (end <= 0) continue
    const last = out.length - 2
    // Back-to-back windows merge, so a 24/7 rotation has no spurious shift change.
    if (last >= 0 && out[last + 1] >= Math.max(0, start)) out[last + 1] = end
    else out.push(Math.max(0, start), end)
  }
  return Float64Array.from(out)
}

/** Everything a run needs that does not change between replications. */
export function prepare (scenario: Scenario, sha256 = '', opts: { days?: number } = {}): Prepared {
  const data = laData()
  const errors: string[] = []
  const travel: TravelParams = { ...DEFAULT_TRAVEL, ...(scenario.travel ?? {}) }
  const bad = invalidTravelField(travel)
  if (bad !== null) errors.push(`travel.${bad}: invalid value`)
  const days = opts.days ?? scenario.days ?? 7
  const warmupDays = scenario.warmupDays ?? 0

  // Demand points.
  const sp = scenario.demand.spatial
  let lat: number[] = []
  let lon: number[] = []
  let geoid: string[] = []
  let weights: number[] = []
  if (sp.model === 'points') {
    sp.points.forEach((p, i) => {
      lat.push(p.lat)
      lon.push(p.lon)
      geoid.push(`point${i}`)
      weights.push(p.weight ?? 1)
    })
  } else {
    const region = scenario.region ?? 'la_city'
    for (const t of data.tracts.rows) {
      if (region === 'la_city' && data.districts.areaOf(t.lat, t.lon) < 0) continue
      lat.push(t.lat)
      lon.push(t.lon)
      geoid.push(t.geoid)
      if (sp.model === 'even') weights.push(1)
      else if (sp.model === 'custom') weights.push(sp.weights[t.geoid] ?? sp.defaultWeight ?? 0)
      else {
        let w = sp.background ?? 1
        for (const h of sp.hotspots) {
          const d = haversineMiles(t.lat, t.lon, h.lat, h.lon)
          const z = d / h.radiusMiles
          w += h.weight * fexp(-0.5 * z * z)
        }
        weights.push(w)
      }
    }
  }
  // Zero-weight points never draw demand: drop them so the alias table stays small.
  const keep = weights.map((w, i) => (w > 0 ? i : -1)).filter((i) => i >= 0)
  lat = keep.map((i) => lat[i])
  lon = keep.map((i) => lon[i])
  geoid = keep.map((i) => geoid[i])
  weights = keep.map((i) => weights[i])
  if (lat.length === 0) errors.push('demand.spatial: no demand point has a positive weight')
  const n = lat.length
  const sites = {
    n,
    lat: Float64Array.from(lat),
    lon: Float64Array.from(lon),
    geoid,
    area: Int16Array.from(lat.map((la, i) => data.districts.areaOf(la, lon[i]))),
    division: Int16Array.from(lat.map((la, i) => data.divisions.areaOf(la, lon[i])))
  }

  // Arrival rates per category and hour of week.
  const w = hourOfWeekWeights(scenario.demand)
  const rates = DEMAND_CATEGORIES.map((c) => {
    const perMin = (scenario.demand.callsPerDay[c] ?? 0) / MINUTES_PER_DAY
    return Float64Array.from(w, (x) => x * perMin)
  })

  const youth = scenario.demand.youth
  if (youth !== undefined) rates.push(youthRates(youth))

  const prep: Prepared = {
    scenario,
    sha256,
    travel,
    queuePolicy: {
      ...DEFAULT_QUEUE_POLICY,
      agingMinutesPerLevel: scenario.dispatch?.agingMinutesPerLevel ?? DEFAULT_QUEUE_POLICY.agingMinutesPerLevel
    },
    days,
    warmupDays,
    sites,
    siteAlias: buildAlias(weights.length > 0 ? weights : [1]),
    areaNames: data.districts.names,
    divisionNames: data.divisions.names,
    rates,
    mixCum: [],
    mixType: [],
    callTypes: [],
    callTypeIndex: new Map(),
    teams: [],
    facilities: data.facilities.rows,
    targets: Float64Array.from([
      0,
      scenario.targets.responseMinutes['1'],
      scenario.targets.responseMinutes['2'],
      scenario.targets.responseMinutes['3']
    ]),
    nearestFacility: new Int32Array(n * CATEGORIES.length).fill(-2),
    nearestMinutes: new Float64Array(n * CATEGORIES.length),
    transportProb: new Float64Array(CATEGORIES.length),
    destinations: CATEGORIES.map(() => [])
  }

  for (const c of DEMAND_CATEGORIES) {
    const list = scenario.demand.mix[c] ?? []
    const cum = new Float64Array(list.length)
    const types = new Int32Array(list.length)
    let s = 0
    list.forEach((e, i) => {
      s += e.weight
      cum[i] = s
      types[i] = callTypeFor(prep, { ...e, category: c })
    })
    if (list.length > 0 && s <= 0) errors.push(`demand.mix.${c}: weights must not all be zero`)
    prep.mixCum.push(cum.map((x) => x / (s || 1)))
    prep.mixType.push(types)
  }

  if (youth !== undefined) {
    const cum = new Float64Array(youth.mix.length)
    const types = new Int32Array(youth.mix.length)
    let s = 0
    // the category of a youth call is the protocol's (mental health, substance use), not the scenario's
    youth.mix.forEach((e, i) => {
      s += e.weight
      cum[i] = s
      types[i] = callTypeFor(prep, e)
    })
    prep.mixCum.push(cum.map((x) => x / (s || 1)))
    prep.mixType.push(types)
  }

  const tr = scenario.times.transport
  if (tr !== undefined) {
    CATEGORIES.forEach((c, i) => {
      prep.transportProb[i] = (tr.probability as Record<string, number>)[c] ?? 0
      prep.destinations[i] = (tr.destinations as Record<string, FacilityType[]>)[c] ?? []
      if (prep.transportProb[i] > 0 && prep.destinations[i].length === 0) {
        errors.push(`times.transport.destinations.${c}: required when the transport probability is above 0`)
      }
    })
  }

  // Teams, expanded one per unit; call signs sort in table order so ties rank as the live server does.
  const totalDays = warmupDays + days
  let k = 0
  scenario.teams.forEach((spec, i) => {
    let baseLat: number
    let baseLon: number
    let baseName: string
    if ('station' in spec.base) {
      const want = spec.base.station.replace(/^0+/, '')
      const st = data.stations.rows.find((s) => s.station.replace(/^0+/, '') === want)
      if (st === undefined) {
        errors.push(`teams[${i}].base.station: no LAFD station "${spec.base.station}"`)
        return
      }
      baseLat = st.lat
      baseLon = st.lon
      baseName = `Station ${st.station} (${st.community})`
    } else {
      baseLat = spec.base.lat
      baseLon = spec.base.lon
      baseName = `${baseLat.toFixed(4)}, ${baseLon.toFixed(4)}`
    }
    for (let j = 0; j < (spec.count ?? 1); j++) {
      k++
      prep.teams.push({
        callSign: `T${String(k).padStart(4, '0')}`,
        label: `${spec.name ?? spec.kind}${(spec.count ?? 1) > 1 ? ` #${j + 1}` : ''}`,
        kind: spec.kind,
        kindIdx: TEAM_KINDS.indexOf(spec.kind),
        capabilities: spec.capabilities ?? [...KIND_CAPABILITIES[spec.kind]],
        baseName,
        baseLat,
        baseLon,
        shifts: spec.shift === undefined ? new Float64Array(0) : shiftWindows(spec.shift, totalDays)
      })
    }
  })
  if (errors.length > 0) throw new ScenarioError(errors, scenario.name)
  return prep
}

/** Nearest allowed facility (by the shared travel model) from a point; [index, minutes]. */
export function nearestFacility (prep: Prepared, cat: number, lat: number, lon: number): [number, number] {
  const types = prep.destinations[cat]
  let best = -1
  let bestMin = Infinity
  for (let i = 0; i < prep.facilities.length; i++) {
    const f = prep.facilities[i]
    if (!types.includes(f.type)) continue
    const m = travelMinutesXY(lat, lon, f.lat, f.lon, prep.travel)
    if (m < bestMin) {
      best = i
      bestMin = m
    }
  }
  return [best, best < 0 ? 0 : bestMin]
}
