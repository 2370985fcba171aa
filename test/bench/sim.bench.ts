// Simulator benchmark (npm run bench:sim): M/M/c engine speed, a simulated LA year, 10 one-year replications, peak memory.
import { fileURLToPath } from 'node:url'
import { runMmc } from '../../simulations/mmc'
import { loadScenario } from '../../simulations/scenario-file'
import { generateCalls } from '../../simulations/call-table'
import { prepare } from '../../simulations/prepare'
import { simulate } from '../../simulations/engine'
import { runScenario } from '../../simulations/run'

const LA = fileURLToPath(new URL('../../simulations/scenarios/la-baseline.json', import.meta.url))
const log = (msg: string): void => { process.stderr.write(`${msg}\n`) }

function bestOf<T> (n: number, f: () => T): { seconds: number, result: T } {
  let best = Infinity
  let result!: T
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    result = f()
    best = Math.min(best, (performance.now() - t0) / 1000)
  }
  return { seconds: best, result }
}

// The SimPy peer's model: 20 calls/h, 45 min mean service, 18 teams.
runMmc({ lambdaPerHour: 20, meanServiceMinutes: 45, servers: 18, calls: 200_000, seed: 1 })
const mmcCalls = 4_000_000
const mmc = bestOf(3, () => runMmc({ lambdaPerHour: 20, meanServiceMinutes: 45, servers: 18, calls: mmcCalls, seed: 1, warmupCalls: 0 }))
log(`mmc: ${mmc.result.calls} calls in ${mmc.seconds.toFixed(3)} s`)

const loaded = loadScenario(LA)
const days = 365
const prep = prepare(loaded.scenario, loaded.sha256, { days })
simulate(prep, generateCalls(prep, 99, 0))
const la = bestOf(3, () => {
  const calls = generateCalls(prep, 1, 0)
  const stats = simulate(prep, calls)
  return { calls: calls.n, events: stats.events }
})
log(`la: ${la.result.calls} calls, ${days} days in ${la.seconds.toFixed(3)} s`)

const t0 = performance.now()
const reps = await runScenario({ scenarioPath: LA, days, replications: 10, seed: 1 })
const repSeconds = (performance.now() - t0) / 1000
log(`replications: ${reps.reps.length} in ${repSeconds.toFixed(3)} s`)

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d
process.stdout.write(JSON.stringify({
  mmc: { calls: mmc.result.calls, events: mmc.result.events, seconds: round(mmc.seconds), eventsPerSecond: Math.round(mmc.result.events / mmc.seconds), callsPerSecond: Math.round(mmc.result.calls / mmc.seconds) },
  la: { calls: la.result.calls, events: la.result.events, simulatedDays: days, seconds: round(la.seconds), eventsPerSecond: Math.round(la.result.events / la.seconds), callsPerSecond: Math.round(la.result.calls / la.seconds) },
  replications: { count: reps.reps.length, simulatedDays: days, seconds: round(repSeconds) },
  // maxRSS covers the worker threads too: they live in this process.
  peakRssMb: round(process.resourceUsage().maxRSS / 1024, 1)
}, null, 2) + '\n')
