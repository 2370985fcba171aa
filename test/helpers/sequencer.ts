// The order test files are handed to the workers. Browser tests are the heaviest (each runs a server and Chromium
// beside its worker): spread evenly through the run, one of them at a time keeps a core busy while the other
// worker goes through the lighter files, instead of two or three browser tests fighting over two cores.
// They are spread over the first four fifths of the run, the larger files first, so that the run ends on light files
// on both workers rather than on one long browser file with the other worker idle (seen: a 40 s tail).
import fs from 'node:fs'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

const size = (f: TestSpecification): number => fs.statSync(f.moduleId).size

/**
 * Server files that take 20-60 s though their source is small (each walks every route, or starts CLIs as processes):
 * first among the rest, so that none of them is the last file of a run (seen: body-types, 51 s, alone at the end).
 * Measured in two CI-mode runs on 2026-12-07; a file missing from the list only runs in the usual order.
 */
const LONG = [
  'test/server/body-types.test.ts',
  'test/server/backup.test.ts',
  'test/server/positions.test.ts',
  'test/server/blank-age.test.ts',
  'test/server/history/import-cli.test.ts',
  'test/server/demo-youth.test.ts',
  'test/server/triage-protocols.test.ts'
]
const rank = (f: TestSpecification): number => {
  const i = LONG.findIndex((p) => f.moduleId.endsWith(p))
  return i === -1 ? LONG.length : i
}

export default class SpreadBrowserTests extends BaseSequencer {
  override async sort (files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const browser = sorted.filter((f) => f.project.name === 'e2e').sort((a, b) => size(b) - size(a))
    // a stable sort: the long files first, the others in the base order
    const rest = sorted.filter((f) => f.project.name !== 'e2e').sort((a, b) => rank(a) - rank(b))
    if (browser.length === 0) return sorted
    const gap = Math.ceil((rest.length * 0.8) / browser.length)
    const spread = browser.flatMap((f, i) => [f, ...rest.slice(i * gap, (i + 1) * gap)])
    return [...spread, ...rest.slice(browser.length * gap)]
  }
}
