// The triage CLI as a planner runs it: a real process on CAD-export-like files.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../server/lib/csv'
import protocolDocument from '../../server/domain/triage/protocol.json'

const dir = mkdtempSync(join(tmpdir(), 'triage-cli-'))

function run (...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/modules/triage/triage-cli.ts', ...args], {
    encoding: 'utf8',
    cwd: process.cwd()
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

function file (name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const EXPORT =
  '\ufeffincident,Call Type,notes\r\n' +
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
    expect(rows[0].fields).toEqual([
      'incident',
      'Call Type',
      'notes',
      'category',
      'response',
      'priority',
      'reasons',
      'enforcement_stop'
    ])
    expect(rows).toHaveLength(8)
    expect(rows[1].fields.slice(0, 6)).toEqual([
      '1001',
      'EDP',
      'caller said "he hears voices"\nsecond line',
      'mental_health',
      'care_team',
      '2'
    ])
    expect(rows[2].fields.slice(0, 5)).toEqual(['1002', 'HIT &amp; RUN', '', 'traffic_safety', 'police'])
    expect(rows[3].fields.slice(0, 5)).toEqual(['1003', '', 'empty call type', 'out_of_scope', 'police'])
    expect(rows[3].fields[6]).toMatch(/No call type/)
    expect(rows[7].fields.slice(0, 5)).toEqual([
      '1007',
      'TRAFFIC COLLISION - NO INJURIES',
      'after the bad row',
      'traffic_safety',
      'care_team'
    ])
    expect(r.stderr).toMatch(/triage: 7 rows, 5 triaged, 2 bad \(protocol la-2026\.4, column "Call Type"\)/)
    expect(r.stderr).toMatch(/call types: 5\n/)
    expect(r.stderr).toMatch(/by response: +types +share\n {2}care_team +3 +60\.0%/)
    expect(r.stderr).toMatch(/by category:[\s\S]*traffic_safety +3 +60\.0%/)
  })

  it('keeps the BOM and the original cells of untouched columns byte for byte', () => {
    const input = file('bom.csv', '\ufeffid,type\n7,EDP\n')

    const r = run('--input', input, '--column', 'type')

    expect(
      r.stdout.startsWith('\ufeffid,type,category,response,priority,reasons,enforcement_stop\n7,EDP,mental_health,care_team,2,')
    ).toBe(true)
  })

  it('reports bad rows with their line numbers and writes them through with a row error', () => {
    const input = file('bad.csv', EXPORT)

    const r = run('--input', input, '--column', 'Call Type')

    expect(r.stderr).toMatch(/line 6: 4 fields, the header has 3/)
    expect(r.stderr).toMatch(/line 8: unterminated quoted field starting on line 8/)
    const rows = parseCsv(r.stdout)
    expect(rows[4].fields).toEqual([
      '1004',
      'MVA NO INJ',
      'extra,field',
      '',
      '',
      '',
      'row error: line 6: 4 fields, the header has 3',
      ''
    ])
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

  it('reads codes through a city code book, and counts calls and enforcement stops apart', () => {
    const book = file(
      'codebook.csv',
      'call_type,description,calls\n1182,NON-INJURY ACCIDENT,66\nT,TRAFFIC STOP WITH PLATE,1591\n5150V,MENTAL CASE-VIOLENT OR URGENT,133\n'
    )
    const input = file('coded.csv', 'code,calls\n1182,66\nT,1591\n5150V,133\nZZZ,10\n')
    const output = join(dir, 'coded.out.csv')

    const r = run('--input', input, '--column', 'code', '--count-column', 'calls', '--codebook', book, '--output', output)

    expect(r.status, r.stderr).toBe(0)
    const rows = parseCsv(readFileSync(output, 'utf8'))
    expect(rows[1].fields.slice(0, 5)).toEqual(['1182', '66', 'traffic_safety', 'care_team', '3'])
    expect(rows[1].fields[5]).toMatch(/code 1182 \(NON-INJURY ACCIDENT\)/)
    expect(rows[2].fields.slice(3, 4).concat(rows[2].fields[6])).toEqual(['police', 'yes'])
    expect(rows[3].fields[3]).toBe('police')
    expect(r.stderr).toMatch(/3 codes read through the code book/)
    expect(r.stderr).toMatch(/call types: 4, calls: 1800/)
    expect(r.stderr).toMatch(/police: enforcement stop +1 +25\.0% +1591 +88\.4%/)
    expect(r.stderr).toMatch(
      /enforcement stops \(officer-initiated, not requests for help; counted apart from police above\): 1 type, 1591 calls \(88\.4% of all calls, 91\.8% of police calls\)/
    )
  })

  it('prints the impact review of a protocol change, weighted by calls', () => {
    const changed = structuredClone(protocolDocument) as Record<string, any>
    changed.version = 'city-2026.3'
    changed.rules.find((x: { id: string }) => x.id === 'mental-health-distress').priority = 1
    const next = file('next.json', JSON.stringify(changed))
    const input = file('types.csv', 'type,calls\n5150,597\nWELFARE CHECK,1135\nTRAFFIC COLLISION - NO INJURIES,66\n')

    const r = run('diff', 'shipped', next, '--input', input, '--column', 'type', '--count-column', 'calls')

    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/protocol la-2026\.4 → city-2026\.3, on 3 call types, 1798 calls/)
    expect(r.stdout).toMatch(/would change: 1 call type, 597 calls \(33\.2% of calls\)/)
    expect(r.stdout).toMatch(
      /5150: 597 calls\n {2}mental_health \/ care_team \/ priority 2 → mental_health \/ care_team \/ priority 1\n {2}rules edited in the new version: mental-health-distress/
    )
    expect(r.stdout).not.toMatch(/WELFARE CHECK/)
  })

  it('exits 2 when diff is missing a protocol, and 1 on a bad code book', () => {
    const input = file('d-in.csv', 'type\nEDP\n')

    expect(run('diff', 'shipped', '--input', input, '--column', 'type').status).toBe(2)
    const ko = run('--input', input, '--column', 'type', '--codebook', file('bad-book.csv', 'only\nx\n'))
    expect(ko.status).toBe(1)
    expect(ko.stderr).toMatch(/code book .*bad-book\.csv: a code book needs a code column and a description column/)
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

  it('explains one call type: tokens, negations and their scope, words matched, rules fired in order', () => {
    const r = run('explain', 'NON-CRIMINAL MENTAL HEALTH - NO WEAPONS')

    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/explain \(protocol la-2026\.4\)/)
    expect(r.stdout).toMatch(/tokens: +NON-CRIMINAL → non criminal · MENTAL · HEALTH · NO · WEAPONS → weapon/)
    expect(r.stdout).toMatch(/negation "NO" \(reaches the phrase after it\); scope "WEAPONS": applies to "WEAPONS"/)
    expect(r.stdout).toMatch(/"MENTAL HEALTH" as "mental health": mentalHealthCrisis yes/)
    expect(r.stdout).toMatch(/"WEAPONS" as "weapon": weapon said absent, by "NO"/)
    expect(r.stdout).toMatch(/weapons +said absent in the text \(still to confirm\)/)
    expect(r.stdout).toMatch(/3\. category: mental_health/)
    expect(r.stdout).toMatch(/ 1\. mental-health-distress \(priority; priority 2\): call type "MENTAL HEALTH"/)
    expect(r.stdout).toMatch(/5\. result: mental_health \/ care_team \/ priority 2/)
  })

  it('explains a weapon beside a collision word, a code through the code book, and a questions rule with answers', () => {
    const weapon = run('explain', 'SHOTGUN - ACCIDENT')
    expect(weapon.stdout).toMatch(/gave way: +collision \(call type "ACCIDENT"\) yields to weapon read in the same text/)
    expect(weapon.stdout).toMatch(/ 1\. weapons \(exclusion; response police, priority 1\)/)

    const book = file('explain-book.csv', 'call_type,description\n1182,NON-INJURY ACCIDENT\n')
    const coded = run('explain', '1182', '--codebook', book)
    expect(coded.stdout).toMatch(/code 1182 \(NON-INJURY ACCIDENT\)\n +tokens: +NON-INJURY → non injury · ACCIDENT/)
    expect(coded.stdout).toMatch(/result: traffic_safety \/ care_team \/ priority 3/)

    const party = run('explain', 'LOUD PARTY')
    expect(party.stdout).toMatch(/hurt-or-threatened-first \(questions; response co_response_police, priority 3\)/)
    expect(party.stdout).toMatch(/ask \(a questions rule asks violence, injuries first\):\n {3}- violence: /)
    const answered = run('explain', 'LOUD PARTY', '--answer', 'violence=no', '--answer', 'injuries=no')
    expect(answered.stdout).toMatch(/violence +cleared \(safe answer\)/)
    expect(answered.stdout).toMatch(/result: mental_health \/ care_team \/ priority 3/)
  })

  it('explains as JSON, and refuses a bad answer, age or place naming it', () => {
    const r = run('explain', 'WELL CHK', '--json')
    expect(r.status, r.stderr).toBe(0)
    const e = JSON.parse(r.stdout)
    expect(e.result).toMatchObject({ category: 'mental_health', response: 'care_team' })
    expect(e.reading[0].tokens).toEqual([
      { raw: 'WELL', words: ['well'] },
      { raw: 'CHK', words: ['check'] }
    ])
    expect(e.reading[0].matches[0]).toMatchObject({ text: 'WELL CHK', phrase: 'well check' })

    const bad = run('explain', 'EDP', '--answer', 'weapon=no')
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/--answer "weapon=no": unknown question "weapon"/)
    expect(run('explain', 'EDP', '--age', 'ten').stderr).toMatch(/--age "ten": a whole number of years/)
    expect(run('explain', 'EDP', '--place', 'moon').stderr).toMatch(/--place "moon": one of home, street, school/)
    expect(run('explain').status).toBe(2)
    expect(run('explain', 'EDP', '--input', 'x.csv').stderr).toMatch(/explain reads one call type, not a file/)
    expect(run('--input', 'x.csv', '--column', 'a', '--narrative', 'x').stderr).toMatch(/--narrative is for explain/)
  })
})
