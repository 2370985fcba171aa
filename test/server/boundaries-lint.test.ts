// The boundary lint (eslint-plugin-boundaries in eslint.config.js) run through ESLint's Node API on small files
// that exist only in memory, so a change to the config or the plugin that stops it catching a forbidden import
// fails here, not silently.
import path from 'node:path'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '../..')
let eslint: ESLint

/** The boundary errors ESLint reports for `source` as if it were the file at `file` (relative to the root). */
async function boundaryErrors (file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(ROOT, file) })
  return result.messages.filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => `${m.line}: ${m.message}`)
}

describe('boundary lint', () => {
  beforeAll(() => {
    eslint = new ESLint({ cwd: ROOT })
  })

  it('refuses a web file importing a server module, the database or an impure server/lib file', async () => {
    const errors = await boundaryErrors(
      'web/probe.ts',
      [
        "import { createCallsService } from '../server/modules/calls/calls.service'",
        "import type { Database } from '../server/db/database'",
        "import { NotFoundError } from '../server/lib/errors'",
        'export const x = [createCallsService, NotFoundError] as unknown as Database',
        ''
      ].join('\n')
    )

    expect(errors).toHaveLength(3)
    expect(errors[0]).toMatch(/^1: web\/ and simulations\/ import only server\/contracts/)
    expect(errors.map((e) => e.split(':')[0])).toEqual(['1', '2', '3'])
  })

  it('lets web and simulations import contracts, domain and the pure parts of server/lib', async () => {
    const source = (up: string): string =>
      [
        `import type { Call } from '${up}server/contracts/calls'`,
        `import { CATEGORIES } from '${up}server/domain/types'`,
        `import { parseCsv } from '${up}server/lib/csv'`,
        'export const x = [CATEGORIES, parseCsv] as unknown as Call',
        ''
      ].join('\n')

    expect(await boundaryErrors('web/plan/probe.tsx', source('../../'))).toEqual([])
    expect(await boundaryErrors('simulations/probe.ts', source('../'))).toEqual([])
    expect(
      await boundaryErrors('simulations/probe.ts', "import { buildApp } from '../server/app'\nexport const x = buildApp\n")
    ).toHaveLength(1)
  })

  it("refuses a module importing another module's repository or tables, and allows its service and its own", async () => {
    const errors = await boundaryErrors(
      'server/modules/followups/probe.ts',
      [
        "import { findCall } from '../calls/calls.repository'",
        "import type { CallRow } from '../calls/calls.tables'",
        "import type { CallsService } from '../calls/calls.service'",
        "import type { FollowUpsTable } from './followups.tables'",
        'export const x = [findCall] as unknown as [CallRow, CallsService, FollowUpsTable]',
        ''
      ].join('\n')
    )

    expect(errors).toHaveLength(2)
    expect(errors[0]).toMatch(/^1: a module reaches another module through its service/)
    expect(errors[1]).toMatch(/^2: /)
  })

  it('refuses contracts importing a module', async () => {
    const errors = await boundaryErrors('server/contracts/probe.ts', "export type { CallRow } from '../modules/calls/calls.service'\n")

    expect(errors).toHaveLength(1)
  })
})
