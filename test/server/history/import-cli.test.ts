// npm run import:calls as a city runs it: a real process on an embedded database, JSON summary last on stdout,
// rejects to a CSV file with their lines, exit status 2 and the missing column named for a bad mapping.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../../server/lib/csv'
import { QUIRKS_CSV, QUIRKS_MAP, QUIRKS_REJECTS } from './quirks'

const dir = mkdtempSync(join(tmpdir(), 'import-cli-'))
const input = join(dir, 'export.csv')
writeFileSync(input, QUIRKS_CSV)
const codes = join(dir, 'codes.csv')
writeFileSync(codes, '\ufeffcall_type,description\n5150,MENTALLY ILL PERSON\n')

function run (...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/modules/history/import-cli.ts', ...args], {
    encoding: 'utf8',
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: join(dir, 'db'), DEMO: '0', TIME_ZONE: 'America/Los_Angeles' }
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('npm run import:calls', () => {
  it('imports, prints a summary in words on stderr and one JSON object as the last line of stdout', () => {
    const rejects = join(dir, 'rejects.csv')

    const r = run(input, '--map', QUIRKS_MAP, '--codebook', codes, '--source', 'cli-test', '--rejects', rejects)

    expect(r.status, r.stderr).toBe(0)
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!)
    expect(Object.keys(summary)).toEqual(['read', 'imported', 'skipped', 'rejected', 'responses', 'seconds'])
    expect(summary).toMatchObject({ read: 10, imported: 4, skipped: 0, rejected: { total: 6 } })
    expect(summary.read).toBe(summary.imported + summary.skipped + summary.rejected.total)
    expect(r.stderr).toMatch(/10 rows read: 4 new, 0 already there \(skipped\), 6 rejected/)
    expect(r.stderr).toMatch(/rejected line 6: missing_call_type/)
    expect(r.stderr).toMatch(/rows\/s/)
    const rows = parseCsv(readFileSync(rejects, 'utf8'))
    expect(rows[0].fields.slice(0, 4)).toEqual(['line', 'reason', 'message', 'Incident No'])
    expect(rows.slice(1).map((x) => [Number(x.fields[0]), x.fields[1]])).toEqual(QUIRKS_REJECTS)
  })

  it('adds nothing the second time', () => {
    const r = run(input, '--map', QUIRKS_MAP, '--source', 'cli-test')

    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toMatchObject({ imported: 0, skipped: 4 })
  })

  it('says where the time went with --profile, in seconds per stage, on stderr and in the JSON line', () => {
    const r = run(input, '--map', QUIRKS_MAP, '--source', 'cli-profile', '--profile')

    expect(r.status, r.stderr).toBe(0)
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!)
    expect(summary).toMatchObject({ read: 10, imported: 4, rejected: { total: 6 } })
    expect(Object.keys(summary.profile)).toEqual([
      'read',
      'row',
      'triage',
      'areas',
      'batch',
      'waitWrites',
      'copy',
      'insert',
      'commit',
      'bookkeeping',
      'batches'
    ])
    expect(summary.profile.batches).toBe(1)
    for (const v of Object.values(summary.profile)) expect(v).toBeGreaterThanOrEqual(0)
    expect(summary.profile.row).toBeGreaterThan(0)
    expect(r.stderr).toMatch(/^Profile \(s; the writes overlap the reading\): read [\d.]+, row [\d.]+, triage/m)
  })

  it('names the missing column and exits 2', () => {
    const r = run(input, '--map', QUIRKS_MAP.replace('type=Nature', 'type=Nature Code'))

    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/mapping\.type: column "Nature Code" not found; the header has: "Incident No"/)
    expect(r.stdout).toBe('')
  })

  it('explains its usage when --map is missing', () => {
    const r = run(input)

    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/--map is required/)
  })
})
