// Runs replications of a scenario, in-process or spread over worker_threads, and returns them in replication
// order so the summary is the same whatever the number of workers.
import { Worker } from 'node:worker_threads'
import { availableParallelism } from 'node:os'
import { loadScenario, type LoadedScenario } from './scenario-file'
import type { CallTable } from './call-table'
import { prepare, type Prepared } from './prepare'
import type { RepResult } from './rep-result'
import { runOne } from './replication'
import { readReplay, type ReplayColumns, type ReplayFile } from './replay'

export interface RunSpec {
  scenarioPath: string
  /** An already loaded (e.g. derived) scenario instead of the file. */
  loaded?: LoadedScenario
  days?: number
  seed?: number
  replications?: number
  replay?: { file: string; columns?: Partial<ReplayColumns> }
  /** Keep the full call table of replication 1 (for calls.csv). */
  keepFirstCalls?: boolean
  workers?: number
}

export interface RunOutput {
  loaded: LoadedScenario
  prep: Prepared
  seed: number
  reps: RepResult[]
  firstCalls: CallTable | null
  replay: ReplayFile | null
}

export async function runScenario (spec: RunSpec, progress: (done: number, total: number) => void = () => {}): Promise<RunOutput> {
  const loaded = spec.loaded ?? loadScenario(spec.scenarioPath)
  const prep = prepare(loaded.scenario, loaded.sha256, { days: spec.days })
  const seed = spec.seed ?? loaded.scenario.seed ?? 1
  const n = spec.replications ?? loaded.scenario.replications ?? 1
  const replay = spec.replay !== undefined ? readReplay(spec.replay.file, spec.replay.columns) : null
  const reps: RepResult[] = new Array(n)
  let firstCalls: CallTable | null = null
  const nWorkers = Math.min(spec.workers ?? availableParallelism(), n)
  if (nWorkers <= 1 || n === 1) {
    for (let r = 0; r < n; r++) {
      const { calls, result } = runOne(prep, seed, r, replay)
      reps[r] = result
      if (r === 0 && spec.keepFirstCalls === true) firstCalls = calls
      progress(r + 1, n)
    }
    return { loaded, prep, seed, reps, firstCalls, replay }
  }
  // This thread takes one share (including replication 0, whose calls may be wanted); workers take the rest,
  // so a 2-core machine runs one extra V8 isolate instead of two.
  let done = 0
  const shares: number[][] = Array.from({ length: nWorkers }, () => [])
  for (let r = 0; r < n; r++) shares[r % nWorkers].push(r)
  const workers: Array<Promise<void>> = []
  for (let w = 1; w < nWorkers; w++) {
    const mine = shares[w]
    workers.push(
      new Promise<void>((resolve, reject) => {
        // Node 20 does not apply `--import tsx` to a worker's entry file, so a tiny bootstrap registers tsx first.
        const entry = new URL('./worker.ts', import.meta.url).href
        const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`
        const worker = new Worker(boot, {
          eval: true,
          // A small young generation keeps each replication's garbage from inflating resident memory.
          resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 96 },
          workerData: {
            scenario: loaded.scenario,
            sha256: loaded.sha256,
            days: spec.days,
            seed,
            reps: mine,
            replay: spec.replay ?? null
          }
        })
        worker.on('message', (m: RepResult) => {
          reps[m.rep] = m
          progress(++done, n)
        })
        worker.on('error', reject)
        worker.on('exit', (code) => {
          if (code === 0) resolve()
          else reject(new Error(`replication worker exited with code ${code}`))
        })
      })
    )
  }
  // Yield once so the workers start before this thread gets busy.
  await new Promise((resolve) => setImmediate(resolve))
  for (const r of shares[0]) {
    const { calls, result } = runOne(prep, seed, r, replay)
    reps[r] = result
    if (r === 0 && spec.keepFirstCalls === true) firstCalls = calls
    progress(++done, n)
    await new Promise((resolve) => setImmediate(resolve))
  }
  await Promise.all(workers)
  return { loaded, prep, seed, reps, firstCalls, replay }
}

/**
 * The call tables of every replication of a finished run, for calls.csv: replication 1 as kept, the others
 * computed again one at a time (the same seed gives the same calls), so memory holds one table at a time.
 * Replications are numbered from 1.
 */
export function * callTables (
  out: RunOutput,
  onRep: (done: number, total: number) => void = () => {}
): Generator<{ rep: number; calls: CallTable }> {
  for (let r = 0; r < out.reps.length; r++) {
    const calls = r === 0 && out.firstCalls !== null ? out.firstCalls : runOne(out.prep, out.seed, r, out.replay).calls
    yield { rep: r + 1, calls }
    onRep(r + 1, out.reps.length)
  }
}
