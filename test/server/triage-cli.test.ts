// The triage CLI as a planner runs it: a real process on CAD-export-like files.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../server/lib/csv'
import protocolDocument from '../../server/domain/triage/protocol.json'

const dir = mkdtempSync(join(tmpdir(), 'triage-cli-'))

function run (...args: string[]): { status: number | null, stdout: string, stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/modules/triage/triage-cli.ts', ...args], { encoding: 'utf8', cwd: process.cwd() })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

function file (name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const EXPORT = '\ufeffincident,Call Type,notes\r\n' +
  '1001,EDP,"caller said ""he hears voices""\nsecond line"\r\n' +
  '1002,HIT &amp; RUN,\r\n' +
  '1003,,empty call type\r\n' +
  '1004,MVA NO INJ,extra,field\r\n' +
  '1005,DISVEH,last good row\r\n' +
  '1006,"5150 W/ WPN,unterminated\r\n' +
  '1007,"TRAFFIC COLLISION - NO INJURIES",after the bad row\r\n'

describe('npm run triage', () => {
  it('writes every row back with the triage columns, and a summary on stderr', () => {
    const input = file('export.csv', EXPORT)

    const r = run('--input', input, '--column', 'Call Type')

    expect(r.status).toBe(0)
    const rows = parseCsv(r.stdout)
    expect(rows[0].fields).toEqual(['incident', 'Call Type', 'notes', 'category', 'response', 'priority', 'reasons'])
    expect(rows).toHaveLength(8)
    expect(rows[1].fields.slice(0, 6)).toEqual(['1001', 'EDP', 'caller said "he hears voices"\nsecond line', 'mental_health', 'care_team', '2'])
    expect(rows[2].fields.slice(0, 5)).toEqual(['1002', 'HIT &amp; RUN', '', 'traffic_safety', 'police'])
    expect(rows[3].fields.slice(0, 5)).toEqual(['1003', '', 'empty call type', 'out_of_scope', 'police'])
    expect(rows[3].fields[6]).toMatch(/No call type/)
    expect(rows[7].fields.slice(0, 5)).toEqual(['1007', 'TRAFFIC COLLISION - NO INJURIES', 'after the bad row', 'traffic_safety', 'care_team'])
    expect(r.stderr).toMatch(/triage: 7 rows, 5 triaged, 2 bad \(protocol la-2026\.2, column "Call Type"\)/)
    expect(r.stderr).toMatch(/by response:\n {2}care_team +3 +60\.0%/)
    expect(r.stderr).toMatch(/by category:[\s\S]*traffic_safety +3 +60\.0%/)
  })

  it('keeps the BOM and the original cells of untouched columns byte for byte', () => {
    const input = file('bom.csv', '\ufeffid,type\n7,EDP\n')

    const r = run('--input', input, '--column', 'type')

    expect(r.stdout.startsWith('\ufeffid,type,category,response,priority,reasons\n7,EDP,mental_health,care_team,2,')).toBe(true)
  })

  it('reports bad rows with their line numbers and writes them through with a row error', () => {
    const input = file('bad.csv', EXPORT)

    const r = run('--input', input, '--column', 'Call Type')

    expect(r.stderr).toMatch(/line 6: 4 fields, the header has 3/)
    expect(r.stderr).toMatch(/line 8: unterminated quoted field starting on line 8/)
    const rows = parseCsv(r.stdout)
    expect(rows[4].fields).toEqual(['1004', 'MVA NO INJ', 'extra,field', '', '', '', 'row error: line 6: 4 fields, the header has 3'])
    expect(rows[6].fields[0]).toBe('1006')
    expect(rows[6].fields[6]).toMatch(/^row error: line 8: unterminated quoted field/)
  })

  it('writes to --output when given', () => {
    const input = file('out-in.csv', 'type\nWELFARE\nOD\n')
    const output = join(dir, 'out.csv')

    const r = run('--input', input, '--column', 'type', '--output', output)

    expect(r.status).toBe(0)
    expect(r.stdout).toBe('')
    expect(parseCsv(readFileSync(output, 'utf8')).map((x) => x.fields[2])).toEqual(['response', 'care_team', 'ems'])
  })

  it('exits 2 on an unknown column and lists the header names', () => {
    const input = file('cols.csv', 'incident,Call Type\n1,EDP\n')

    const r = run('--input', input, '--column', 'calltype2')

    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/column "calltype2" not found; the header has: "incident", "Call Type"/)
  })

  it('exits 2 without --input', () => {
    const r = run('--column', 'x')

    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/--input is required/)
  })

  it('uses a city protocol from --protocol and reports a bad one with the field path', () => {
    const input = file('p-in.csv', 'type\nEDP\n')
    const good = file('city.json', JSON.stringify({ ...protocolDocument, version: 'city-2026.9' }))
    const bad = file('bad-protocol.json', JSON.stringify({ ...protocolDocument, version: '' }))

    const ok = run('--input', input, '--column', 'type', '--protocol', good)
    const ko = run('--input', input, '--column', 'type', '--protocol', bad)

    expect(ok.stderr).toMatch(/protocol city-2026\.9/)
    expect(ko.status).toBe(1)
    expect(ko.stderr).toMatch(/bad-protocol\.json:\n {2}version: must be letters, digits/)
  })
})
