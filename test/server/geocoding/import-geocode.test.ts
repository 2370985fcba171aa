// npm run import:calls -- --geocode: rows with an address and no coordinates placed through the configured
// geocoders, each distinct address asked once; placed, ambiguous and not found counted; a real process.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'import-geocode-'))
const input = join(dir, 'export.csv')
writeFileSync(
  input,
  [
    'id,received,type,address,lat,lon',
    '1,2026-01-05 10:00,5150,Main & 5th,,',
    '2,2026-01-05 11:00,5150,MAIN ST & 5TH ST,,',
    '3,2026-01-05 12:00,5150,main & 5th,,',
    '4,2026-01-05 13:00,5150,1234 Main St,,',
    '5,2026-01-05 14:00,5150,Nowhere & Elsewhere,,',
    '6,2026-01-05 15:00,5150,7th & Grand,,',
    '7,2026-01-05 16:00,5150,Sunset & Vermont,34.0981,-118.2917',
    '8,2026-01-05 17:00,5150,,,'
  ].join('\n') + '\n'
)

function run (...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/modules/history/import-cli.ts', ...args], {
    encoding: 'utf8',
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: join(dir, 'db'), DEMO: '0', TIME_ZONE: 'America/Los_Angeles' }
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('npm run import:calls -- --geocode', () => {
  it('places the rows it can, asks each distinct address once, and counts placed, ambiguous and not found', () => {
    const r = run(
      input,
      '--map',
      'id=id,received=received,type=type,address=address,lat=lat,lon=lon',
      '--source',
      'geo-test',
      '--geocode'
    )

    expect(r.status, r.stderr).toBe(0)
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!)
    expect(summary).toMatchObject({ read: 8, imported: 8, rejected: { total: 0 } })
    expect(summary.geocoded).toEqual({
      addresses: 5,
      placed: 3,
      ambiguous: 1,
      notFound: 2,
      byReason: { approximate: 1, not_found: 1, ambiguous: 1 }
    })
    expect(r.stderr).toMatch(
      /Geocoded 6 rows with an address and no coordinates \(5 distinct addresses\): 3 placed, 1 ambiguous, 2 not found \(approximate 1, not found 1, ambiguous 1\)\./
    )
    expect(r.stderr).toMatch(/geocoding with local \(local index: \d+ corners/)
    // A fresh embedded database is migrated by the process, and the LA index built: slow on a shared machine.
  }, 240_000)

  it('leaves the summary as it was without --geocode', () => {
    const r = run(input, '--map', 'id=id,received=received,type=type,address=address,lat=lat,lon=lon', '--source', 'geo-test-2')

    expect(r.status, r.stderr).toBe(0)
    expect(Object.keys(JSON.parse(r.stdout.trim().split('\n').at(-1)!))).toEqual([
      'read',
      'imported',
      'skipped',
      'rejected',
      'responses',
      'seconds'
    ])
  }, 240_000)
})
