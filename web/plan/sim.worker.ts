// The simulator in a Web Worker: the same modules the CLI runs (simulations/), with the LA reference files
// bundled (platform.browser.ts), so a scenario, seed and replication count give the same summary.json bytes here
// as from `npm run simulate`. The page's CPU does the work; the server only stores results.
import { prepare, laData, type Prepared } from '../../simulations/prepare'
import { runOne } from '../../simulations/replication'
import type { RepResult } from '../../simulations/rep-result'
import { summarize } from '../../simulations/summary'
import type { Summary } from '../../server/contracts/summary'
import { stableJson } from '../../simulations/stable-json'
import { validateScenario, ScenarioError, type Scenario } from '../../simulations/scenario'
import { callsCsvChunks } from '../../simulations/calls-csv'
import { renderReport } from '../../simulations/report'
import { chooseSites, candidatesOf } from '../../simulations/site'
import { parseReplay, type ReplayFile } from '../../simulations/replay'
import { fitHistory, replayRows } from '../../simulations/history-fit'
import { CATEGORIES } from '../../server/domain/types'
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { OUTCOME } from '../../simulations/call-table'
import type { Distributions, RunRequest, WorkerReply, WorkerRequest } from './sim-protocol'

declare const __SIM_CODE_VERSION__: string

interface LastRun {
  prep: Prepared
  seed: number
  reps: RepResult[]
  replay: ReplayFile | null
  summary: Summary
  scenario: Scenario
}
let last: LastRun | null = null

const post = (m: WorkerReply): void => {
  ;(self as unknown as Worker).postMessage(m)
}

/** SHA-256 in plain JS (@noble/hashes): WebCrypto's subtle digest exists only on https or localhost, and a
 *  city may serve the app over plain http inside its own network. */
function sha256 (text: string): string {
  return bytesToHex(nobleSha256(utf8ToBytes(text)))
}

const BIN = 5
const BINS = 25
function distributions (reps: RepResult[]): Distributions {
  const response: Record<string, number[]> = {}
  const counts = CATEGORIES.map(() => new Array(BINS).fill(0) as number[])
  const totals = CATEGORIES.map(() => 0)
  const wait = new Array(BINS).fill(0) as number[]
  let served = 0
  let waited = 0
  for (const r of reps) {
    for (let k = 0; k < r.calls; k++) {
      if (r.outcome[k] !== OUTCOME.served) continue
      const c = r.cat[k]
      counts[c][Math.min(BINS - 1, Math.floor(r.response[k] / BIN))]++
      totals[c]++
      served++
      if (r.wait[k] > 0) {
        waited++
        wait[Math.min(BINS - 1, Math.floor(r.wait[k] / BIN))]++
      }
    }
  }
  CATEGORIES.forEach((c, i) => {
    if (totals[i] > 0) response[c] = counts[i].map((x) => x / totals[i])
  })
  return { binMinutes: BIN, response, wait: wait.map((x) => x / Math.max(1, waited)), waitedShare: waited / Math.max(1, served) }
}

async function run (m: RunRequest): Promise<void> {
  const t0 = performance.now()
  let raw: unknown
  try {
    raw = JSON.parse(m.text)
  } catch (e) {
    throw new ScenarioError([`not valid JSON (${(e as Error).message})`])
  }
  const scenario = validateScenario(raw)
  const sha = sha256(m.text)
  let replay: ReplayFile | null = null
  let unplaced: number | null = null
  let prep: Prepared
  if (m.replay) {
    // The period's own length, measured from its first Monday; no warm-up (the calls are what happened).
    const sc: Scenario = { ...scenario, warmupDays: 0, days: m.replay.days }
    prep = prepare(sc, sha, { days: m.replay.days })
    const rows = replayRows(
      m.replay.calls,
      { lat: prep.sites.lat, lon: prep.sites.lon, district: prep.sites.area, n: prep.sites.n },
      prep.areaNames
    )
    unplaced = rows.unplaced
    replay = parseReplay(rows, {}, m.replay.label)
  } else {
    prep = prepare(scenario, sha, { days: m.days })
  }
  const seed = m.seed ?? scenario.seed ?? 1
  const n = m.replications ?? scenario.replications ?? 1
  const reps: RepResult[] = []
  post({ type: 'progress', done: 0, total: n })
  for (let r = 0; r < n; r++) {
    reps.push(runOne(prep, seed, r, replay).result)
    post({ type: 'progress', done: r + 1, total: n })
  }
  const summary = summarize(prep, reps, { seed, replications: reps.length, replay: m.replay ? m.replay.label : undefined })
  last = { prep, seed, reps, replay, summary, scenario }
  post({
    type: 'done',
    summaryText: stableJson(summary),
    sha256: sha,
    elapsedMs: Math.round(performance.now() - t0),
    codeVersion: __SIM_CODE_VERSION__,
    distributions: distributions(reps),
    replayUnplaced: unplaced
  })
}

function callsCsv (): void {
  if (!last) throw new Error('no run to export yet')
  const l = last
  const tables = function * () {
    for (let r = 0; r < l.reps.length; r++) yield { rep: r + 1, calls: runOne(l.prep, l.seed, r, l.replay).calls }
  }
  post({ type: 'file', name: 'calls.csv', text: [...callsCsvChunks(l.prep, tables())].join('') })
}

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const m = e.data
  const go = async (): Promise<void> => {
    switch (m.type) {
      case 'run':
        await run(m)
        break
      case 'callsCsv':
        callsCsv()
        break
      case 'report':
        if (!last) throw new Error('no run to export yet')
        post({ type: 'file', name: 'report.html', text: renderReport(last.summary, last.reps, last.scenario) })
        break
      case 'site': {
        const scenario = validateScenario(JSON.parse(m.text))
        const prep = prepare(scenario, '', {})
        post({ type: 'sited', choice: chooseSites(prep, m.teams, m.coverMinutes), candidates: candidatesOf(prep).length })
        break
      }
      case 'fit': {
        const data = laData()
        const tracts = new Map<string, string[]>()
        for (const t of data.tracts.rows) {
          const d = data.districts.areaOf(t.lat, t.lon)
          if (d < 0) continue
          const name = data.districts.names[d]
          const l = tracts.get(name)
          if (l) l.push(t.geoid)
          else tracts.set(name, [t.geoid])
        }
        post({
          type: 'fitted',
          fit: fitHistory({
            calls: m.calls,
            startMinute: m.startMinute,
            endMinute: m.endMinute,
            tractsByDistrict: tracts,
            roster: m.roster,
            base: m.base,
            name: m.name,
            periodLabel: m.periodLabel
          })
        })
        break
      }
    }
  }
  go().catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }))
}
