// Calls of one run: the table the event loop fills, and their generation (NHPP by category and hour of week,
// spatial demand over census tracts) with service times drawn per call.
import { CATEGORIES } from '../server/domain/types'
import { Rng, STREAMS } from './rng'
import type { Dist } from './scenario'
import { MINUTES_PER_DAY, nearestFacility, sampleAlias, sampleDist, type Prepared } from './prepare'

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
export function drawService (
  prep: Prepared,
  calls: CallTable,
  i: number,
  rng: Rng,
  given: Partial<Record<'turnout' | 'onScene' | 'transport' | 'handoff' | 'backup' | 'backupOnScene', number>> = {}
): void {
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
  calls.backup[i] = given.backup !== undefined ? (given.backup ? 1 : 0) : uB < (t.backup?.probability ?? 0) ? 1 : 0
  const wantTransport = given.transport !== undefined ? given.transport === 1 : uT < prep.transportProb[cat]
  if (wantTransport && prep.destinations[cat].length > 0) {
    const s = calls.site[i]
    let f: number
    let m: number
    if (s >= 0) {
      const k = s * CATEGORIES.length + cat
      if (prep.nearestFacility[k] === -2) {
        ;[f, m] = nearestFacility(prep, cat, calls.lat[i], calls.lon[i])
        prep.nearestFacility[k] = f
        prep.nearestMinutes[k] = m
      }
      f = prep.nearestFacility[k]
      m = prep.nearestMinutes[k]
    } else {
      ;[f, m] = nearestFacility(prep, cat, calls.lat[i], calls.lon[i])
    }
    if (f >= 0) {
      calls.transport[i] = 1
      calls.facility[i] = f
      calls.transportMinutes[i] = m
    }
  }
}

/** Generates the calls of replication `rep`: NHPP arrivals by thinning, then call type, place and service draws. */
export function generateCalls (prep: Prepared, seed: number, rep: number): CallTable {
  const horizon = (prep.warmupDays + prep.days) * MINUTES_PER_DAY
  const times: number[] = []
  const cats: number[] = []
  // one stream per demand category, then youth demand (prepare's rates)
  for (let c = 0; c < prep.rates.length; c++) {
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
      if (rng.next() * max < r[slot]) {
        times.push(t)
        cats.push(c)
      }
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
