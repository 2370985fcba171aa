// The order test files are handed to the workers. Browser tests are the heaviest (each runs a server and Chromium
// beside its worker): spread evenly through the run, one of them at a time keeps a core busy while the other
// worker goes through the lighter files, instead of two or three browser tests fighting over two cores.
import { BaseSequencer, type TestSpecification } from 'vitest/node'

export default class SpreadBrowserTests extends BaseSequencer {
  override async sort (files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const browser = sorted.filter((f) => f.project.name === 'e2e')
    const rest = sorted.filter((f) => f.project.name !== 'e2e')
    if (browser.length === 0) return sorted
    const gap = Math.ceil(rest.length / browser.length)
    return browser.flatMap((f, i) => [f, ...rest.slice(i * gap, (i + 1) * gap)])
  }
}
