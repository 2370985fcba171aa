// Replication worker: prepares the scenario once, runs its share of replications, posts each result back.
import { parentPort, workerData } from 'node:worker_threads'
import type { Scenario } from './scenario'
import { prepare } from './prepare'
import { readReplay, type ReplayColumns } from './replay'
import { runOne } from './replication'
import { transferables } from './rep-result'

interface Job {
  scenario: Scenario
  sha256: string
  days?: number
  seed: number
  reps: number[]
  replay: { file: string; columns?: Partial<ReplayColumns> } | null
}

const job = workerData as Job
// The main thread validated the scenario before sending it.
const prep = prepare(job.scenario, job.sha256, { days: job.days })
const replay = job.replay !== null ? readReplay(job.replay.file, job.replay.columns) : null
for (const r of job.reps) {
  const { result } = runOne(prep, job.seed, r, replay)
  parentPort!.postMessage(result, transferables(result))
}
