// The care-team dispatch model: scenario preparation (data, triage, teams), call generation (NHPP by category and
// hour of week, spatial demand over census tracts), and the event loop — one switch, as in JEMSS.jl — that
// dispatches with the live server's ranking and queue order.
import { CARE_TEAM_RESPONSES, CATEGORIES, KIND_CAPABILITIES, TEAM_KINDS, type Capability, type Category, type Priority, type ResponseType, type TeamStatus } from '../server/domain/types'
import { DEFAULT_TRAVEL, haversineMiles, invalidTravelField, travelMinutesXY, type TravelParams } from '../server/domain/travel'
import { bestTeamIndex, coversNeeds, requiredCapabilities, type TeamTable } from '../server/domain/ranking'
import { compareQueued, DEFAULT_QUEUE_POLICY, type QueueItem, type QueuePolicy } from '../server/domain/queue'
import { triage } from '../server/domain/triage'
import type { TriageResult } from '../server/domain/triage/types'
import { loadAreas, loadFacilities, loadFireStations, loadTracts, type Facility, type FacilityType } from '../server/lib/la-data'
import type { AreaIndex } from '../server/domain/geo'
import { EventHeap } from './heap'
import { Rng, STREAMS } from './rng'
import { DEMAND_CATEGORIES, ScenarioError, type Dist, type MixEntry, type Scenario } from './scenario'

export const MINUTES_PER_DAY = 1440
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY

/** A call type after triage, cached once per scenario (triage is pure and deterministic). */
export interface CallTypeInfo {
  /** The upstream call type text, or '' for a validation entry that states its response directly. */
  callType: string
  narrative: string
  /** Screening answers as JSON ('' when none), so calls.csv carries what triage saw. */
  answers: string
  category: Category
  response: ResponseType
  priority: Priority
  needs: Capability[]
  /** The response sends a care team. */
  careTeam: boolean
  reasons: string[]
}

export interface SimTeam {
  callSign: string
  label: string
  kind: typeof TEAM_KINDS[number]
  kindIdx: number
  capabilities: Capability[]
  baseName: string
  baseLat: number
  baseLon: number
  /** Shift windows, minutes from the start, sorted; empty means always on. */
  shifts: Float64Array
}

export interface LaData {
  tracts: ReturnType<typeof loadTracts>
  stations: ReturnType<typeof loadFireStations>
  facilities: ReturnType<typeof loadFacilities>
  districts: AreaIndex
  divisions: AreaIndex
}

let dataCache: LaData | null = null
/** The LA reference data, loaded once per process. */
export function laData (): LaData {
  dataCache ??= {
    tracts: loadTracts(),
    stations: loadFireStations(),
    facilities: loadFacilities(),
    districts: loadAreas('council_districts'),
    divisions: loadAreas('lapd_divisions')
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
  sites: { n: number, lat: Float64Array, lon: Float64Array, geoid: string[], area: Int16Array, division: Int16Array }
  siteAlias: Alias
  areaNames: string[]
  divisionNames: string[]
  /** Calls per minute by demand category (index in DEMAND_CATEGORIES) and hour of week. */
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

export interface Alias { n: number, prob: Float64Array, alias: Int32Array }

/** Vose's alias table: O(1) sampling from a discrete distribution. */
export function buildAlias (weights: ArrayLike<number>): Alias {
  const n = weights.length
  let total = 0
  for (let i = 0; i < n; i++) total += weights[i]
  const prob = new Float64Array(n)
  const alias = new Int32Array(n)
  const scaled = new Float64Array(n)
  const small: number[] = []
  const large: number[] = []
  for (let i = 0; i < n; i++) {
    scaled[i] = weights[i] * n / total
    if (scaled[i] < 1) small.push(i); else large.push(i)
  }
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!
    const l = large.pop()!
    prob[s] = scaled[s]
    alias[s] = l
    scaled[l] = scaled[l] + scaled[s] - 1
    if (scaled[l] < 1) small.push(l); else large.push(l)
  }
  for (const i of large) { prob[i] = 1; alias[i] = i }
  for (const i of small) { prob[i] = 1; alias[i] = i }
  return { n, prob, alias }
}

function sampleAlias (a: Alias, rng: Rng): number {
  const i = rng.int(a.n)
  return rng.next() < a.prob[i] ? i : a.alias[i]
}

export function sampleDist (d: Dist, rng: Rng): number {
  switch (d.dist) {
    case 'fixed': return d.value
    case 'exponential': return rng.exp(d.mean)
    case 'lognormal': {
      const s2 = Math.log(1 + (d.sd * d.sd) / (d.mean * d.mean))
      return Math.exp(Math.log(d.mean) - s2 / 2 + Math.sqrt(s2) * rng.normal())
    }
    case 'uniform': return d.min + (d.max - d.min) * rng.next()
    case 'empirical': return d.values[rng.int(d.values.length)]
  }
}

const triageCache = new Map<string, TriageResult>()
function triageType (callType: string, narrative: string | undefined, answers: MixEntry['answers']): TriageResult {
  const key = JSON.stringify([callType, narrative ?? null, answers ?? null])
  let r = triageCache.get(key)
  if (r === undefined) {
    r = triage({ callType, narrative: narrative ?? null, answers: answers ?? {} })
    triageCache.set(key, r)
  }
  return r
}

/** Registers a call type (through triage) or a direct validation entry; returns its index. */
export function callTypeFor (prep: Pick<Prepared, 'callTypes' | 'callTypeIndex'>, e: { callType?: string, narrative?: string, answers?: MixEntry['answers'], response?: ResponseType, priority?: Priority, overdose?: boolean, category?: Category }): number {
  const key = JSON.stringify([e.callType ?? '', e.narrative ?? '', e.answers ?? null, e.callType ? null : [e.category, e.response, e.priority], e.overdose === true])
  const known = prep.callTypeIndex.get(key)
  if (known !== undefined) return known
  let info: CallTypeInfo
  if (e.callType !== undefined && e.callType !== '') {
    const r = triageType(e.callType, e.narrative, e.answers)
    info = { callType: e.callType, narrative: e.narrative ?? '', answers: e.answers !== undefined ? JSON.stringify(e.answers) : '', category: r.category, response: r.response, priority: r.priority, needs: [], careTeam: false, reasons: r.reasons }
  } else {
    info = { callType: '', narrative: '', answers: '', category: e.category ?? 'mental_health', response: e.response ?? 'care_team', priority: e.priority ?? 2, needs: [], careTeam: false, reasons: ['stated in the scenario'] }
  }
  info.needs = requiredCapabilities(info.category, info.response, { overdose: e.overdose === true })
  info.careTeam = CARE_TEAM_RESPONSES.includes(info.response)
  prep.callTypes.push(info)
  prep.callTypeIndex.set(key, prep.callTypes.length - 1)
  return prep.callTypes.length - 1
}

function hourOfWeekWeights (d: Scenario['demand']): Float64Array {
  const w = new Float64Array(168)
  for (let h = 0; h < 168; h++) {
    w[h] = d.hourOfWeek !== undefined ? d.hourOfWeek[h] : (d.hourOfDay?.[h % 24] ?? 1) * (d.dayOfWeek?.[Math.floor(h / 24)] ?? 1)
  }
  let s = 0
  for (let h = 0; h < 168; h++) s += w[h]
  for (let h = 0; h < 168; h++) w[h] = w[h] * 168 / s
  return w
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
    sp.points.forEach((p, i) => { lat.push(p.lat); lon.push(p.lon); geoid.push(`point${i}`); weights.push(p.weight ?? 1) })
  } else {
    const region = scenario.region ?? 'la_city'
    for (const t of data.tracts.rows) {
      if (region === 'la_city' && data.districts.areaOf(t.lat, t.lon) < 0) continue
      lat.push(t.lat); lon.push(t.lon); geoid.push(t.geoid)
      if (sp.model === 'even') weights.push(1)
      else if (sp.model === 'custom') weights.push(sp.weights[t.geoid] ?? sp.defaultWeight ?? 0)
      else {
        let w = sp.background ?? 1
        for (const h of sp.hotspots) {
          const d = haversineMiles(t.lat, t.lon, h.lat, h.lon)
          w += h.weight * Math.exp(-0.5 * (d / h.radiusMiles) ** 2)
        }
        weights.push(w)
      }
    }
  }
  // Zero-weight points never draw demand: drop them so the alias table stays small.
  const keep = weights.map((w, i) => w > 0 ? i : -1).filter((i) => i >= 0)
  lat = keep.map((i) => lat[i]); lon = keep.map((i) => lon[i]); geoid = keep.map((i) => geoid[i]); weights = keep.map((i) => weights[i])
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

  const prep: Prepared = {
    scenario,
    sha256,
    travel,
    queuePolicy: { ...DEFAULT_QUEUE_POLICY, agingMinutesPerLevel: scenario.dispatch?.agingMinutesPerLevel ?? DEFAULT_QUEUE_POLICY.agingMinutesPerLevel },
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
    targets: Float64Array.from([0, scenario.targets.responseMinutes['1'], scenario.targets.responseMinutes['2'], scenario.targets.responseMinutes['3']]),
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
    list.forEach((e, i) => { s += e.weight; cum[i] = s; types[i] = callTypeFor(prep, { ...e, category: c }) })
    if (list.length > 0 && s <= 0) errors.push(`demand.mix.${c}: weights must not all be zero`)
    prep.mixCum.push(cum.map((x) => x / (s || 1)))
    prep.mixType.push(types)
  }

  const tr = scenario.times.transport
  if (tr !== undefined) {
    CATEGORIES.forEach((c, i) => {
      prep.transportProb[i] = (tr.probability as Record<string, number>)[c] ?? 0
      prep.destinations[i] = (tr.destinations as Record<string, FacilityType[]>)[c] ?? []
      if (prep.transportProb[i] > 0 && prep.destinations[i].length === 0) errors.push(`times.transport.destinations.${c}: required when the transport probability is above 0`)
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
      if (st === undefined) { errors.push(`teams[${i}].base.station: no LAFD station "${spec.base.station}"`); return }
      baseLat = st.lat; baseLon = st.lon; baseName = `Station ${st.station} (${st.community})`
    } else {
      baseLat = spec.base.lat; baseLon = spec.base.lon; baseName = `${baseLat.toFixed(4)}, ${baseLon.toFixed(4)}`
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
function nearestFacility (prep: Prepared, cat: number, lat: number, lon: number): [number, number] {
  const types = prep.destinations[cat]
  let best = -1
  let bestMin = Infinity
  for (let i = 0; i < prep.facilities.length; i++) {
    const f = prep.facilities[i]
    if (!types.includes(f.type)) continue
    const m = travelMinutesXY(lat, lon, f.lat, f.lon, prep.travel)
    if (m < bestMin) { best = i; bestMin = m }
  }
  return [best, best < 0 ? 0 : bestMin]
}

/** Calls of one run plus room for backup jobs; outputs are filled by simulate(). Index order is time order. */
export interface CallTable {
  /** Calls (backup jobs follow at indices n … n + backups − 1). */
  n: number
  jobs: number
  time: Float64Array
  type: Int32Array
  site: Int32Array
  lat: Float64Array
  lon: Float64Array
  area: Int16Array
  division: Int16Array
  turnout: Float64Array
  onScene: Float64Array
  transport: Uint8Array
  facility: Int32Array
  transportMinutes: Float64Array
  handoff: Float64Array
  backup: Uint8Array
  backupOnScene: Float64Array
  parent: Int32Array
  dispatchT: Float64Array
  onSceneT: Float64Array
  clearT: Float64Array
  team: Int32Array
  outcome: Uint8Array
}

export const OUTCOME = { unserved: 0, served: 1, referredByTriage: 2, fallbackToPolice: 3 } as const
export const OUTCOME_NAMES = ['unserved', 'served', 'referred_by_triage', 'fallback_police'] as const

export function allocCalls (n: number, backups: number): CallTable {
  const m = n + backups
  return {
    n,
    jobs: n,
    time: new Float64Array(m),
    type: new Int32Array(m),
    site: new Int32Array(m).fill(-1),
    lat: new Float64Array(m),
    lon: new Float64Array(m),
    area: new Int16Array(m).fill(-1),
    division: new Int16Array(m).fill(-1),
    turnout: new Float64Array(m),
    onScene: new Float64Array(m),
    transport: new Uint8Array(m),
    facility: new Int32Array(m).fill(-1),
    transportMinutes: new Float64Array(m),
    handoff: new Float64Array(m),
    backup: new Uint8Array(m),
    backupOnScene: new Float64Array(m),
    parent: new Int32Array(m).fill(-1),
    dispatchT: new Float64Array(m).fill(NaN),
    onSceneT: new Float64Array(m).fill(NaN),
    clearT: new Float64Array(m).fill(NaN),
    team: new Int32Array(m).fill(-1),
    outcome: new Uint8Array(m)
  }
}

/** Room for backup jobs: the expected count plus ten standard deviations (a backup beyond it is not created). */
export function backupRoom (prep: Prepared, n: number, known = 0): number {
  const m = n * (prep.scenario.times.backup?.probability ?? 0)
  return known + (m > 0 ? Math.ceil(m + 10 * Math.sqrt(m) + 20) : 0)
}

/** Per-call random draws, always in the same order so scenarios that differ only in teams share them. */
export function drawService (prep: Prepared, calls: CallTable, i: number, rng: Rng, given: Partial<Record<'turnout' | 'onScene' | 'transport' | 'handoff' | 'backup' | 'backupOnScene', number>> = {}): void {
  const t = prep.scenario.times
  const info = prep.callTypes[calls.type[i]]
  const cat = CATEGORIES.indexOf(info.category)
  const scene = (t.onSceneMinutes as Record<string, Dist | undefined>)[info.category] ?? Object.values(t.onSceneMinutes)[0]!
  const turnout = sampleDist(t.turnoutMinutes, rng)
  const onScene = sampleDist(scene, rng)
  const uT = rng.next()
  const handoff = t.transport !== undefined ? sampleDist(t.transport.handoffMinutes, rng) : (rng.next(), 0)
  const uB = rng.next()
  const bScene = t.backup !== undefined ? sampleDist(t.backup.onSceneMinutes, rng) : (rng.next(), 0)
  calls.turnout[i] = given.turnout ?? turnout
  calls.onScene[i] = given.onScene ?? onScene
  calls.handoff[i] = given.handoff ?? handoff
  calls.backupOnScene[i] = given.backupOnScene ?? bScene
  calls.backup[i] = given.backup !== undefined ? (given.backup ? 1 : 0) : (uB < (t.backup?.probability ?? 0) ? 1 : 0)
  const wantTransport = given.transport !== undefined ? given.transport === 1 : uT < prep.transportProb[cat]
  if (wantTransport && prep.destinations[cat].length > 0) {
    const s = calls.site[i]
    let f: number
    let m: number
    if (s >= 0) {
      const k = s * CATEGORIES.length + cat
      if (prep.nearestFacility[k] === -2) {
        [f, m] = nearestFacility(prep, cat, calls.lat[i], calls.lon[i])
        prep.nearestFacility[k] = f
        prep.nearestMinutes[k] = m
      }
      f = prep.nearestFacility[k]; m = prep.nearestMinutes[k]
    } else {
      [f, m] = nearestFacility(prep, cat, calls.lat[i], calls.lon[i])
    }
    if (f >= 0) { calls.transport[i] = 1; calls.facility[i] = f; calls.transportMinutes[i] = m }
  }
}

/** Generates the calls of replication `rep`: NHPP arrivals by thinning, then call type, place and service draws. */
export function generateCalls (prep: Prepared, seed: number, rep: number): CallTable {
  const horizon = (prep.warmupDays + prep.days) * MINUTES_PER_DAY
  const times: number[] = []
  const cats: number[] = []
  for (let c = 0; c < DEMAND_CATEGORIES.length; c++) {
    const r = prep.rates[c]
    let max = 0
    for (let h = 0; h < 168; h++) if (r[h] > max) max = r[h]
    if (max <= 0) continue
    const rng = new Rng(seed, STREAMS.arrivals, rep * 8 + c)
    let t = 0
    for (;;) {
      t += rng.exp(1 / max)
      if (t >= horizon) break
      const slot = Math.floor(t / 60) % 168
      if (rng.next() * max < r[slot]) { times.push(t); cats.push(c) }
    }
  }
  const order = Array.from(times.keys()).sort((a, b) => times[a] - times[b] || cats[a] - cats[b])
  const n = order.length
  const attr = new Rng(seed, STREAMS.calls, rep)
  const svc = new Rng(seed, STREAMS.service, rep)
  const typeOf = new Int32Array(n)
  const siteOf = new Int32Array(n)
  for (let j = 0; j < n; j++) {
    const c = cats[order[j]]
    const u = attr.next()
    const cum = prep.mixCum[c]
    let m = 0
    while (m < cum.length - 1 && u >= cum[m]) m++
    typeOf[j] = prep.mixType[c][m]
    siteOf[j] = sampleAlias(prep.siteAlias, attr)
  }
  const calls = allocCalls(n, backupRoom(prep, n))
  for (let j = 0; j < n; j++) {
    calls.time[j] = times[order[j]]
    calls.type[j] = typeOf[j]
    const s = siteOf[j]
    calls.site[j] = s
    calls.lat[j] = prep.sites.lat[s]
    calls.lon[j] = prep.sites.lon[s]
    calls.area[j] = prep.sites.area[s]
    calls.division[j] = prep.sites.division[s]
    drawService(prep, calls, j, svc)
  }
  return calls
}

// Event kinds (one switch in simulate()).
const ARRIVAL = 0
const ON_SCENE = 1
const LEAVE_SCENE = 2
const AT_FACILITY = 3
const CLEAR = 4
const RECOVERED = 5
const BASE_RETURN = 6
const SHIFT_START = 7
const SHIFT_END = 8

export interface TeamStats {
  /** Busy minutes (dispatch to clear, plus recovery) by team kind × hour of day, within the measured window. */
  busy: Float64Array
  /** On-shift minutes (including finishing a call after shift end) by team kind × hour of day. */
  onShift: Float64Array
  overtimeMinutes: number
  maxQueue: number
  events: number
}

function addByHour (arr: Float64Array, kind: number, t0: number, t1: number, lo: number, hi: number): void {
  let t = Math.max(t0, lo)
  const end = Math.min(t1, hi)
  while (t < end) {
    const next = Math.min(end, (Math.floor(t / 60) + 1) * 60)
    arr[kind * 24 + (Math.floor(t / 60) % 24)] += next - t
    t = next
  }
}

/** Runs the event loop over `calls` (filled in place) and returns team statistics. */
export function simulate (prep: Prepared, calls: CallTable): TeamStats {
  const nTeams = prep.teams.length
  const horizon = (prep.warmupDays + prep.days) * MINUTES_PER_DAY
  const lo = prep.warmupDays * MINUTES_PER_DAY
  const travel = prep.travel
  const policy = prep.queuePolicy
  const types = prep.callTypes
  const facilities = prep.facilities
  const rec = prep.scenario.times.recovery
  const recAfter = rec?.afterOnSceneMinutes ?? Infinity
  const recMinutes = rec?.minutes ?? 0
  const recAfterTransport = rec?.afterTransport === true
  const fb = prep.scenario.dispatch?.fallback
  const fbMax = fb?.maxMinutes ?? Infinity
  const fbPrio = fb?.priorities ?? [1, 2, 3]

  const status: TeamStatus[] = new Array(nTeams).fill('off_duty')
  const onShift = new Uint8Array(nTeams)
  const lat = new Float64Array(nTeams)
  const lon = new Float64Array(nTeams)
  const job = new Int32Array(nTeams).fill(-1)
  const ending = new Uint8Array(nTeams)
  const ver = new Int32Array(nTeams)
  const busySince = new Float64Array(nTeams)
  const shiftSince = new Float64Array(nTeams)
  const shiftEndAt = new Float64Array(nTeams)
  const shiftPtr = new Int32Array(nTeams)
  const kindOf = new Int32Array(nTeams)
  const caps = prep.teams.map((t) => t.capabilities)
  const table: TeamTable = { count: nTeams, capabilities: caps, status, onShift, lat, lon }
  const out = { eta: 0 }
  const busyAcc = new Float64Array(TEAM_KINDS.length * 24)
  const shiftAcc = new Float64Array(TEAM_KINDS.length * 24)
  let overtime = 0
  let maxQueue = 0

  const heap = new EventHeap(256 + nTeams * 4)
  for (let i = 0; i < nTeams; i++) {
    const tm = prep.teams[i]
    lat[i] = tm.baseLat
    lon[i] = tm.baseLon
    kindOf[i] = tm.kindIdx
    if (tm.shifts.length === 0) { status[i] = 'available'; onShift[i] = 1; shiftSince[i] = 0; shiftEndAt[i] = Infinity } else heap.push(tm.shifts[0], SHIFT_START, i, 0)
  }

  // Waiting jobs and their queue items (allocated once per queued job, not per event).
  const qJobs: number[] = []
  const qItems: QueueItem[] = []
  if (calls.n > 0) heap.push(calls.time[0], ARRIVAL, 0, 0)
  let events = 0
  let t = 0

  const dispatch = (team: number, j: number, now: number, eta: number): void => {
    if (status[team] === 'available') busySince[team] = now
    status[team] = 'en_route'
    ver[team]++
    job[team] = j
    calls.team[j] = team
    calls.dispatchT[j] = now
    heap.push(now + calls.turnout[j] + eta, ON_SCENE, team, 0)
  }

  const offDuty = (team: number, now: number): void => {
    status[team] = 'off_duty'
    onShift[team] = 0
    ending[team] = 0
    addByHour(shiftAcc, kindOf[team], shiftSince[team], now, lo, horizon)
    if (now > shiftEndAt[team]) overtime += now - shiftEndAt[team]
    ver[team]++
  }

  // A team becomes free: off duty at shift end, else the first queued job it can take, in queue order.
  const free = (team: number, now: number): void => {
    if (status[team] !== 'available' && status[team] !== 'off_duty') addByHour(busyAcc, kindOf[team], busySince[team], now, lo, horizon)
    job[team] = -1
    if (ending[team] === 1 || onShift[team] === 0) { offDuty(team, now); return }
    status[team] = 'available'
    let best = -1
    const nowMs = now * 60_000
    for (let q = 0; q < qJobs.length; q++) {
      if (!coversNeeds(caps[team], types[calls.type[qJobs[q]]].needs)) continue
      if (best < 0 || compareQueued(qItems[q], qItems[best], nowMs, policy) < 0) best = q
    }
    if (best >= 0) {
      const j = qJobs[best]
      qJobs.splice(best, 1)
      qItems.splice(best, 1)
      dispatch(team, j, now, travelMinutesXY(lat[team], lon[team], calls.lat[j], calls.lon[j], travel))
      busySince[team] = now
      return
    }
    const tm = prep.teams[team]
    if (lat[team] !== tm.baseLat || lon[team] !== tm.baseLon) {
      heap.push(now + travelMinutesXY(lat[team], lon[team], tm.baseLat, tm.baseLon, travel), BASE_RETURN, team, ver[team])
    }
  }

  const arrive = (j: number, now: number, priority: Priority): void => {
    const info = types[calls.type[j]]
    const best = bestTeamIndex(table, calls.lat[j], calls.lon[j], info.needs, out, travel)
    if (fb !== undefined && calls.parent[j] < 0 && fbPrio.includes(priority) && (best < 0 || calls.turnout[j] + out.eta > fbMax)) {
      calls.outcome[j] = OUTCOME.fallbackToPolice
      return
    }
    calls.outcome[j] = OUTCOME.served
    if (best >= 0) { dispatch(best, j, now, out.eta); return }
    qJobs.push(j)
    qItems.push({ id: String(j).padStart(10, '0'), priority, waitingSinceMs: calls.time[j] * 60_000 })
    if (qJobs.length > maxQueue) maxQueue = qJobs.length
  }

  while (heap.pop()) {
    t = heap.t
    events++
    const team = heap.pa
    switch (heap.k) {
      case ARRIVAL: {
        const j = team
        if (j + 1 < calls.n) heap.push(calls.time[j + 1], ARRIVAL, j + 1, 0)
        const info = types[calls.type[j]]
        if (!info.careTeam) { calls.outcome[j] = OUTCOME.referredByTriage; break }
        arrive(j, t, info.priority)
        break
      }
      case ON_SCENE: {
        const j = job[team]
        status[team] = 'on_scene'
        calls.onSceneT[j] = t
        lat[team] = calls.lat[j]
        lon[team] = calls.lon[j]
        if (calls.backup[j] === 1 && calls.parent[j] < 0 && calls.jobs < calls.time.length) {
          // The team asks for a second team: a priority-1 job at the same place.
          const b = calls.jobs++
          calls.time[b] = t
          calls.type[b] = calls.type[j]
          calls.lat[b] = calls.lat[j]
          calls.lon[b] = calls.lon[j]
          calls.area[b] = calls.area[j]
          calls.division[b] = calls.division[j]
          calls.site[b] = calls.site[j]
          calls.turnout[b] = calls.turnout[j]
          calls.onScene[b] = calls.backupOnScene[j]
          calls.parent[b] = j
          arrive(b, t, 1)
        }
        heap.push(t + calls.onScene[j], LEAVE_SCENE, team, 0)
        break
      }
      case LEAVE_SCENE: {
        const j = job[team]
        if (calls.transport[j] === 1) {
          status[team] = 'transporting'
          heap.push(t + calls.transportMinutes[j], AT_FACILITY, team, 0)
        } else heap.push(t, CLEAR, team, 0)
        break
      }
      case AT_FACILITY: {
        const j = job[team]
        status[team] = 'at_facility'
        const f = facilities[calls.facility[j]]
        lat[team] = f.lat
        lon[team] = f.lon
        heap.push(t + calls.handoff[j], CLEAR, team, 0)
        break
      }
      case CLEAR: {
        const j = job[team]
        calls.clearT[j] = t
        if (recMinutes > 0 && (calls.onScene[j] >= recAfter || (recAfterTransport && calls.transport[j] === 1))) {
          status[team] = 'recovering'
          heap.push(t + recMinutes, RECOVERED, team, 0)
        } else free(team, t)
        break
      }
      case RECOVERED:
        free(team, t)
        break
      case BASE_RETURN:
        if (heap.pb === ver[team] && status[team] === 'available') {
          lat[team] = prep.teams[team].baseLat
          lon[team] = prep.teams[team].baseLon
        }
        break
      case SHIFT_START: {
        const sh = prep.teams[team].shifts
        const p = shiftPtr[team]
        heap.push(sh[p + 1], SHIFT_END, team, 0)
        shiftPtr[team] = p + 2
        shiftEndAt[team] = sh[p + 1]
        if (p + 2 < sh.length && sh[p + 2] < horizon + 2 * MINUTES_PER_DAY) heap.push(sh[p + 2], SHIFT_START, team, 0)
        if (status[team] !== 'off_duty') {
          // Still finishing a call from the previous shift: close that shift's books here.
          addByHour(shiftAcc, kindOf[team], shiftSince[team], t, lo, horizon)
          if (p >= 2) overtime += t - sh[p - 1]
        }
        onShift[team] = 1
        ending[team] = 0
        shiftSince[team] = t
        if (status[team] === 'off_duty') {
          lat[team] = prep.teams[team].baseLat
          lon[team] = prep.teams[team].baseLon
          free(team, t)
        }
        break
      }
      case SHIFT_END:
        // Finish-the-call rule: a busy team completes its current job, then goes off duty.
        if (status[team] === 'available') offDuty(team, t)
        else { ending[team] = 1; onShift[team] = 0 }
        break
    }
  }
  for (let j = 0; j < calls.jobs; j++) if (calls.outcome[j] === OUTCOME.served && Number.isNaN(calls.dispatchT[j])) calls.outcome[j] = OUTCOME.unserved
  for (let i = 0; i < nTeams; i++) {
    if (status[i] !== 'off_duty') {
      if (status[i] !== 'available') addByHour(busyAcc, kindOf[i], busySince[i], t, lo, horizon)
      addByHour(shiftAcc, kindOf[i], shiftSince[i], t, lo, horizon)
    }
  }
  return { busy: busyAcc, onShift: shiftAcc, overtimeMinutes: overtime, maxQueue, events }
}
