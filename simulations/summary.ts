// The planner's summary of runs: pooled percentiles and 95% confidence half-widths over replications (or batch
// means within one), from each replication's compact record (rep-result.ts).
import { CATEGORIES, TEAM_KINDS } from '../server/domain/types'
import { meanCi, percentileSorted, round } from '../server/domain/metrics'
import { INTERVALS, type IntervalId } from '../server/domain/intervals'
import { MINUTES_PER_DAY, type Prepared } from './prepare'
import { OUTCOME } from './call-table'
import { intervalColumns, type RepResult } from './rep-result'
import type { GroupSummary, Summary } from '../server/contracts/summary'

interface Acc {
  response: number[]
  wait: number[]
  eligible: number
  served: number
  waited: number
  within: number
  fallback: number
}

function newAcc (): Acc {
  return { response: [], wait: [], eligible: 0, served: 0, waited: 0, within: 0, fallback: 0 }
}

function sorted (xs: number[]): Float64Array {
  return Float64Array.from(xs).sort()
}

function accStats (a: Acc, calls: number): GroupSummary {
  const rs = sorted(a.response)
  const ws = sorted(a.wait)
  const mean = (xs: Float64Array): number => xs.reduce((s, x) => s + x, 0) / xs.length
  return {
    calls,
    careTeamCalls: a.eligible,
    served: a.served,
    responseMinutes: { p50: round(percentileSorted(rs, 50), 2), p90: round(percentileSorted(rs, 90), 2), mean: round(mean(rs), 2) },
    waitMinutes: { mean: round(mean(ws), 2), p90: round(percentileSorted(ws, 90), 2) },
    pWait: round(a.waited / Math.max(1, a.served), 4),
    withinTargetShare: round(a.within / Math.max(1, a.served), 4),
    fallbackShare: round(a.fallback / Math.max(1, a.eligible), 4)
  }
}

/** Headline figures of one group of calls (a replication or a batch). */
function headline (r: RepResult, prep: Prepared, from: number, to: number): number[] {
  const resp: number[] = []
  const wait: number[] = []
  let served = 0
  let waited = 0
  let within = 0
  let eligible = 0
  let fallback = 0
  for (let k = 0; k < r.calls; k++) {
    if (r.t[k] < from || r.t[k] >= to) continue
    const o = r.outcome[k]
    if (o === OUTCOME.referredByTriage) continue
    eligible++
    if (o === OUTCOME.fallbackToPolice) fallback++
    if (o !== OUTCOME.served) continue
    served++
    resp.push(r.response[k])
    wait.push(r.wait[k])
    if (r.wait[k] > 0) waited++
    if (r.response[k] <= prep.targets[r.priority[k]]) within++
  }
  const rs = sorted(resp)
  const ws = sorted(wait)
  const mean = (xs: Float64Array): number => xs.reduce((s, x) => s + x, 0) / xs.length
  return [
    percentileSorted(rs, 50),
    percentileSorted(rs, 90),
    mean(rs),
    mean(ws),
    percentileSorted(ws, 90),
    waited / Math.max(1, served),
    within / Math.max(1, served),
    fallback / Math.max(1, eligible)
  ]
}

const HEADLINES = [
  'responseP50',
  'responseP90',
  'responseMean',
  'waitMean',
  'waitP90',
  'pWait',
  'withinTargetShare',
  'fallbackShare'
] as const

export interface SummaryOptions {
  seed: number
  replications: number
  replay?: string
}

/** The summary.json object: deterministic for a given scenario, seed and replication count (no clock times). */
export function summarize (prep: Prepared, reps: RepResult[], o: SummaryOptions): Summary {
  const all = newAcc()
  const byCat = CATEGORIES.map(newAcc)
  const byCatCalls = new Array(CATEGORIES.length).fill(0)
  const byArea = prep.areaNames.map(newAcc)
  const byAreaCalls = new Array(prep.areaNames.length).fill(0)
  const byDiv = prep.divisionNames.map(newAcc)
  const byDivCalls = new Array(prep.divisionNames.length).fill(0)
  const outside = newAcc()
  let outsideCalls = 0
  const youth = newAcc()
  let youthCalls = 0
  let youthByYouthTeam = 0
  let calls = 0
  let referred = 0
  let unserved = 0
  const intervals = Object.fromEntries(INTERVALS.map((d) => [d.id, [] as number[]])) as Record<IntervalId, number[]>
  const intervalMissing = Object.fromEntries(INTERVALS.map((d) => [d.id, 0])) as Record<IntervalId, number>
  const backup: number[] = []
  const busy = new Float64Array(TEAM_KINDS.length * 24)
  const shift = new Float64Array(TEAM_KINDS.length * 24)
  let overtime = 0
  let maxQueue = 0
  let events = 0
  for (const r of reps) {
    const perCall = intervalColumns(r)
    calls += r.calls
    events += r.events
    overtime += r.overtimeMinutes
    maxQueue = Math.max(maxQueue, r.maxQueue)
    for (let i = 0; i < busy.length; i++) {
      busy[i] += r.busy[i]
      shift[i] += r.onShift[i]
    }
    for (let i = 0; i < r.backupResponse.length; i++) backup.push(r.backupResponse[i])
    for (let k = 0; k < r.calls; k++) {
      const o = r.outcome[k]
      const groups: Acc[] = [all, byCat[r.cat[k]]]
      byCatCalls[r.cat[k]]++
      if (r.area[k] >= 0) {
        groups.push(byArea[r.area[k]])
        byAreaCalls[r.area[k]]++
      } else {
        groups.push(outside)
        outsideCalls++
      }
      if (r.division[k] >= 0) {
        groups.push(byDiv[r.division[k]])
        byDivCalls[r.division[k]]++
      }
      if (r.youth[k] > 0) {
        groups.push(youth)
        youthCalls++
        if (r.youth[k] === 2) youthByYouthTeam++
      }
      if (o === OUTCOME.referredByTriage) {
        referred++
        continue
      }
      if (o === OUTCOME.unserved) unserved++
      const w = r.wait[k]
      const x = r.response[k]
      const ok = o === OUTCOME.served && x <= prep.targets[r.priority[k]]
      for (const g of groups) {
        g.eligible++
        if (o === OUTCOME.fallbackToPolice) g.fallback++
        if (o !== OUTCOME.served) continue
        g.served++
        g.response.push(x)
        g.wait.push(w)
        if (w > 0) g.waited++
        if (ok) g.within++
      }
      // Care-team calls only, as in the live reports; one not measured is counted as missing, never as zero.
      for (const d of INTERVALS) {
        const v = perCall[d.id][k]
        if (Number.isNaN(v)) intervalMissing[d.id]++
        else intervals[d.id].push(v)
      }
    }
  }

  // Confidence half-widths: across replications, or over 10 time batches of a single run.
  const perGroup: number[][] = []
  if (reps.length >= 2) {
    for (const r of reps) perGroup.push(headline(r, prep, 0, Infinity))
  } else if (reps.length === 1) {
    const span = (prep.days * MINUTES_PER_DAY) / 10
    for (let b = 0; b < 10; b++) perGroup.push(headline(reps[0], prep, b * span, (b + 1) * span))
  }
  const halfWidth = Object.fromEntries(HEADLINES.map((h, i) => [h, round(meanCi(perGroup.map((g) => g[i])).halfWidth, 4)])) as Record<
    (typeof HEADLINES)[number],
    number | null
  >

  const head = accStats(all, calls)
  const utilization: Record<string, number | null> = {}
  const utilizationByHour: Record<string, Array<number | null>> = {}
  const teamsByKind: Record<string, number> = {}
  for (const t of prep.teams) teamsByKind[t.kind] = (teamsByKind[t.kind] ?? 0) + 1
  TEAM_KINDS.forEach((k, ki) => {
    if (teamsByKind[k] === undefined) return
    let b = 0
    let s = 0
    const hours: Array<number | null> = []
    for (let h = 0; h < 24; h++) {
      b += busy[ki * 24 + h]
      s += shift[ki * 24 + h]
      hours.push(shift[ki * 24 + h] > 0 ? round(busy[ki * 24 + h] / shift[ki * 24 + h], 4) : null)
    }
    utilization[k] = s > 0 ? round(b / s, 4) : null
    utilizationByHour[k] = hours
  })
  const utilCi: Record<string, number | null> = {}
  if (reps.length >= 2) {
    TEAM_KINDS.forEach((k, ki) => {
      if (teamsByKind[k] === undefined) return
      utilCi[k] = round(
        meanCi(
          reps.map((r) => {
            let b = 0
            let s = 0
            for (let h = 0; h < 24; h++) {
              b += r.busy[ki * 24 + h]
              s += r.onShift[ki * 24 + h]
            }
            return s > 0 ? b / s : NaN
          })
        ).halfWidth,
        4
      )
    })
  }

  const mapAcc = (names: string[], accs: Acc[], counts: number[]): Record<string, GroupSummary> => {
    const out: Record<string, GroupSummary> = {}
    names.forEach((n, i) => {
      out[n] = accStats(accs[i], counts[i])
    })
    return out
  }
  const byCategory: Record<string, GroupSummary> = {}
  CATEGORIES.forEach((c, i) => {
    if (byCatCalls[i] > 0) byCategory[c] = accStats(byCat[i], byCatCalls[i])
  })
  const byAreaOut = mapAcc(prep.areaNames, byArea, byAreaCalls)
  if (outsideCalls > 0) byAreaOut['outside the city'] = accStats(outside, outsideCalls)

  const iv: Summary['intervals'] = {}
  for (const d of INTERVALS) {
    const s = sorted(intervals[d.id])
    iv[d.id] = {
      count: s.length,
      missing: intervalMissing[d.id],
      p50: round(percentileSorted(s, 50), 2),
      p90: round(percentileSorted(s, 90), 2),
      mean: round(s.reduce((a, x) => a + x, 0) / Math.max(1, s.length), 2)
    }
  }
  const bs = sorted(backup)
  const measuredDays = prep.days * reps.length
  return {
    scenario: prep.scenario.name,
    scenarioSha256: prep.sha256,
    seed: o.seed,
    replications: reps.length,
    days: prep.days,
    warmupDays: prep.warmupDays,
    replay: o.replay ?? null,
    calls,
    callsPerDay: round(calls / Math.max(1, measuredDays), 2),
    careTeamCalls: all.eligible,
    served: all.served,
    referredByTriage: referred,
    referredByTriageShare: round(referred / Math.max(1, calls), 4),
    fallbackToPolice: all.fallback,
    fallbackShare: head.fallbackShare,
    unserved,
    responseMinutes: head.responseMinutes,
    waitMinutes: head.waitMinutes,
    pWait: head.pWait,
    withinTargetShare: head.withinTargetShare,
    targetsMinutes: prep.scenario.targets.responseMinutes,
    halfWidth95: {
      ...halfWidth,
      method:
        reps.length >= 2 ? `Student t over ${reps.length} replications` : 'Student t over 10 batch means (time batches of one run)',
      utilization: utilCi
    },
    utilization,
    utilizationByHour,
    teams: { total: prep.teams.length, byKind: teamsByKind },
    overtimeMinutesPerDay: round(overtime / Math.max(1, measuredDays), 2),
    maxQueueLength: maxQueue,
    intervals: iv,
    backup: {
      requests: backup.length,
      responseMinutes: { p50: round(percentileSorted(bs, 50), 2), p90: round(percentileSorted(bs, 90), 2) }
    },
    byCategory,
    ...(youthCalls > 0
      ? {
          youth: {
            ...accStats(youth, youthCalls),
            servedByYouthTeam: youthByYouthTeam,
            servedByYouthTeamShare: round(youthByYouthTeam / Math.max(1, youth.served), 4)
          }
        }
      : {}),
    byArea: byAreaOut,
    byLapdDivision: mapAcc(prep.divisionNames, byDiv, byDivCalls),
    events
  }
}
