// Simulator benchmark (npm run bench:sim): M/M/c engine speed beside SimPy on the same model (when python3 has simpy:
// Debian's python3-simpy3), a simulated LA year, 10 one-year replications, peak memory, and the load average.
//
// Profile of the M/M/c run (node --cpu-prof, 4,000,000 calls, 8 million events), before the changes of issue 25:
// about half in the event heap (a pop and a push per event, each a sift over ~19 entries), a third in the
// exponential draws (flog through a DataView: ~25 ns a draw against ~5 ns for Math.log), the rest in the model's
// counters. Now: the heap's replaceTop turns most pop + push pairs into one sift, the draws take the log of
// 1 − u/2³² from the integer u (flogOneMinusU32, the same bits) and sfc32 keeps its words in an Int32Array.
import { spawnSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { runMmc } from '../../simulations/mmc'
import { loadScenario } from '../../simulations/scenario-file'
import { generateCalls } from '../../simulations/call-table'
import { prepare } from '../../simulations/prepare'
import { simulate } from '../../simulations/engine'
import { runScenario } from '../../simulations/run'

const LA = fileURLToPath(new URL('../../simulations/scenarios/la-baseline.json', import.meta.url))
const SIMPY = fileURLToPath(new URL('./simpy_mmc.py', import.meta.url))
const TARGET_RATIO = 40
const log = (msg: string): void => {
  process.stderr.write(`${msg}\n`)
}

function bestOf<T> (n: number, f: () => T): { seconds: number; result: T } {
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
const mmc = bestOf(3, () =>
  runMmc({ lambdaPerHour: 20, meanServiceMinutes: 45, servers: 18, calls: mmcCalls, seed: 1, warmupCalls: 0 })
)
log(`mmc: ${mmc.result.calls} calls in ${mmc.seconds.toFixed(3)} s`)

// The SimPy peer, right after: the same model and size as the acceptance check's (200,000 calls), best of three.
interface Peer {
  python: string
  calls: number
  seconds: number
  callsPerSecond: number
}
function simpyPeer (): Peer | { skipped: string } {
  const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import simpy']).status === 0)
  if (python === undefined) return { skipped: 'no python3 with simpy (apt-get install python3-simpy3)' }
  let best: Peer | undefined
  for (let i = 0; i < 3; i++) {
    const out = spawnSync(python, [SIMPY, '200000', '20', '45', '18', '1'], { encoding: 'utf8' })
    const m = /'calls': (\d+).*'seconds': ([\d.e-]+)/.exec(out.stdout)
    if (out.status !== 0 || m === null) return { skipped: `SimPy peer failed: ${out.stderr.trim().split('\n').at(-1) ?? ''}` }
    const calls = Number(m[1])
    const seconds = Number(m[2])
    if (best === undefined || seconds < best.seconds) best = { python, calls, seconds, callsPerSecond: Math.round(calls / seconds) }
  }
  return best!
}
const peer = simpyPeer()
const mmcCps = mmc.result.calls / mmc.seconds
const simpy =
  'skipped' in peer
    ? peer
    : {
        ...peer,
        ratio: Math.round((mmcCps / peer.callsPerSecond) * 10) / 10,
        target: TARGET_RATIO,
        met: mmcCps / peer.callsPerSecond >= TARGET_RATIO
      }
log(
  'skipped' in simpy
    ? `simpy: ${simpy.skipped}`
    : `simpy: ${simpy.calls} calls in ${simpy.seconds.toFixed(3)} s; the engine is ${simpy.ratio}× SimPy (target ` +
      `≥ ${TARGET_RATIO}×: ${simpy.met ? 'met' : 'NOT met'})`
)

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
const load = loadavg().map((x) => round(x, 2))
log(`load average: ${load.join(', ')} (figures are indicative unless the machine is quiet)`)
process.stdout.write(
  JSON.stringify(
    {
      mmc: {
        calls: mmc.result.calls,
        events: mmc.result.events,
        seconds: round(mmc.seconds),
        eventsPerSecond: Math.round(mmc.result.events / mmc.seconds),
        callsPerSecond: Math.round(mmc.result.calls / mmc.seconds)
      },
      simpy,
      la: {
        calls: la.result.calls,
        events: la.result.events,
        simulatedDays: days,
        seconds: round(la.seconds),
        eventsPerSecond: Math.round(la.result.events / la.seconds),
        callsPerSecond: Math.round(la.result.calls / la.seconds)
      },
      replications: { count: reps.reps.length, simulatedDays: days, seconds: round(repSeconds) },
      // maxRSS covers the worker threads too: they live in this process.
      peakRssMb: round(process.resourceUsage().maxRSS / 1024, 1),
      loadAverage: load
    },
    null,
    2
  ) + '\n'
)
