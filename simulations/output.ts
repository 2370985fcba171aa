// Files a run writes: summary.json (stable bytes for a given seed), calls.csv (one row per call, every interval;
// it can be replayed with --calls) and report.html.
import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs'
import { join } from 'node:path'
import type { Prepared } from './prepare'
import type { CallTable } from './call-table'
import { callsCsvChunks } from './calls-csv'
import { stableJson } from './stable-json'

export { CALLS_CSV_HEADER } from './calls-csv'
export { stableJson } from './stable-json'

/**
 * Writes the calls of every replication given, in order, one row per call (its replication in the first
 * column). Raw minute values keep full precision, so replaying the file reproduces the run.
 */
export async function writeCallsCsv (file: string, prep: Prepared, tables: Iterable<{ rep: number; calls: CallTable }>): Promise<void> {
  const out = createWriteStream(file)
  const failed = new Promise<never>((_resolve, reject) => {
    out.on('error', reject)
  })
  failed.catch(() => {})
  const flush = async (chunk: string): Promise<void> => {
    if (!out.write(chunk)) {
      await Promise.race([
        new Promise<void>((resolve) => {
          out.once('drain', () => resolve())
        }),
        failed
      ])
    }
  }
  for (const chunk of callsCsvChunks(prep, tables)) await flush(chunk)
  await Promise.race([
    new Promise<void>((resolve) => {
      out.end(() => resolve())
    }),
    failed
  ])
}

export function writeSummary (dir: string, summary: unknown): string {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'summary.json')
  writeFileSync(file, stableJson(summary))
  return file
}
