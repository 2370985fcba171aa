// The event loop of the dispatch model: one switch, as in JEMSS.jl, dispatching with the live server's
// ranking and queue order.
import { TEAM_KINDS, type Priority, type TeamStatus } from '../server/domain/types'
import { travelMinutesXY } from '../server/domain/travel'
import { bestTeamIndex, coversNeeds, DEFAULT_PREFERRED_BONUS_MINUTES, type TeamTable } from '../server/domain/ranking'
import { compareQueued, type QueueItem } from '../server/domain/queue'
import { EventHeap } from './heap'
import { MINUTES_PER_DAY, type Prepared } from './prepare'
import { OUTCOME, type CallTable } from './call-table'

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
  const prefBonus = prep.scenario.dispatch?.youthPreferenceMinutes ?? DEFAULT_PREFERRED_BONUS_MINUTES

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
    if (tm.shifts.length === 0) {
      status[i] = 'available'
      onShift[i] = 1
      shiftSince[i] = 0
      shiftEndAt[i] = Infinity
    } else heap.push(tm.shifts[0], SHIFT_START, i, 0)
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
    if (ending[team] === 1 || onShift[team] === 0) {
      offDuty(team, now)
      return
    }
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
    let best = bestTeamIndex(table, calls.lat[j], calls.lon[j], info.needs, out, travel, prefBonus)
    // a youth team ranked first but too far for the fallback limit: the nearest team goes rather than police
    if (fb !== undefined && best >= 0 && prefBonus > 0 && calls.turnout[j] + out.eta > fbMax) {
      best = bestTeamIndex(table, calls.lat[j], calls.lon[j], info.needs, out, travel, 0)
    }
    if (fb !== undefined && calls.parent[j] < 0 && fbPrio.includes(priority) && (best < 0 || calls.turnout[j] + out.eta > fbMax)) {
      calls.outcome[j] = OUTCOME.fallbackToPolice
      return
    }
    calls.outcome[j] = OUTCOME.served
    if (best >= 0) {
      dispatch(best, j, now, out.eta)
      return
    }
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
        if (!info.careTeam) {
          calls.outcome[j] = OUTCOME.referredByTriage
          break
        }
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
        else {
          ending[team] = 1
          onShift[team] = 0
        }
        break
    }
  }
  for (let j = 0; j < calls.jobs; j++) {
    if (calls.outcome[j] === OUTCOME.served && Number.isNaN(calls.dispatchT[j])) calls.outcome[j] = OUTCOME.unserved
  }
  for (let i = 0; i < nTeams; i++) {
    if (status[i] !== 'off_duty') {
      if (status[i] !== 'available') addByHour(busyAcc, kindOf[i], busySince[i], t, lo, horizon)
      addByHour(shiftAcc, kindOf[i], shiftSince[i], t, lo, horizon)
    }
  }
  return { busy: busyAcc, onShift: shiftAcc, overtimeMinutes: overtime, maxQueue, events }
}
