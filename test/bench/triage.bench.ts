// Triage throughput on 100,000 call-type strings, a 3,000-row city list through the CLI, and the share of the test cases by response.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { csvLine, parseCsv } from '../../server/lib/csv'
import { triage } from '../../server/domain/triage'
import { RESPONSES, type ResponseType } from '../../server/domain/types'
import { TRIAGE_CASES } from '../server/domain/triage-cases'

const CODES = [
  'EDP',
  '5150',
  '5150A',
  '51-50',
  '5150 W/ WPN',
  '918',
  'WELFARE',
  'WELF CHK',
  'INTOX',
  'DRUNK IN PUBLIC',
  '390',
  '647(f)',
  'OD',
  'DISVEH',
  'STALLED VEH',
  'MVA',
  'MVA NO INJ',
  'MVA-NI',
  'T/C NO INJ',
  '11-82',
  '11-80',
  'HIT AND RUN',
  'HIT &amp; RUN',
  'H&R',
  'DUI',
  'TRESPASS',
  '602',
  'INDECENT EXPOSURE',
  'SUICIDAL',
  'SUICIDE ATTEMPT',
  'ADW',
  '245',
  'SHOTS FIRED',
  'DV',
  '273.5',
  'BURGLARY I/P',
  'ROBBERY',
  'STRUCTURE FIRE',
  'MEDICAL',
  'UNCONSCIOUS',
  'NOISE COMPLAINT',
  'SUSPICIOUS PERSON',
  'PARKING',
  ''
]
const PLAIN = [
  'MENTAL PATIENT',
  'DRUNK IN PUBLIC',
  'TRAFFIC COLLISION - NO INJURIES',
  'TRAFFIC COLLISION - INJURIES',
  'Disabled vehicle blocking lane',
  'Check the welfare',
  'Person down',
  'Man with gun',
  'Road hazard - debris',
  'Pedestrian in roadway',
  'Mental Health Crisis'
]
const NARRATIVES = [
  'man on the corner talking to himself, says he hears voices, no weapons, not violent, not injured',
  'woman crying at the bus stop, says she feels hopeless, no weapons, not violent',
  'man says he hears voices and is waving a gun at people outside the store',
  'RP states subj is intox &amp; sleeping in doorway, no wpns, breathing',
  'minor fender bender, no injuries, drivers exchanging info',
  'caller says brother is suicidal, denies plan, no means, at home',
  'homeless man trespassing, refuses to leave, non-violent'
]
const MISSPELLED = [
  'SUCIDAL',
  'overdoes',
  'EDP W/ WEPON',
  'INTOXICTED',
  'colision no inj',
  'unconcious male',
  'halucinating',
  'DISABLD VEH'
]

/** A deterministic mix (no Math.random): mostly codes, then plain text, narratives and misspellings. */
function mix (n: number): string[] {
  const out: string[] = []
  let x = 12345
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648
    const r = x % 100
    const pick = (list: string[]): string => list[Math.floor(x / 100) % list.length]
    out.push(r < 60 ? pick(CODES) : r < 80 ? pick(PLAIN) : r < 92 ? pick(NARRATIVES) : pick(MISSPELLED))
  }
  return out
}

const inputs = mix(100_000)
for (const s of inputs.slice(0, 2000)) triage({ callType: s })

const t0 = performance.now()
const counts = new Map<ResponseType, number>()
for (const s of inputs) {
  const r = triage({ callType: s })
  counts.set(r.response, (counts.get(r.response) ?? 0) + 1)
}
const seconds = (performance.now() - t0) / 1000

/** A city's list of 3,000 distinct call types with counts, written the way CAD exports write them. */
function cityList (rows: number): string {
  const SUFFIXES = ['', ' - PRI 1', ' ALS 2', ' BLS', ' DELAY', ' IN PROG', ' / REPORT', ' (NO WEAPONS)', ' - CODE 3', ' W/ INJ']
  const base = [...CODES, ...PLAIN, ...MISSPELLED].filter((c) => c !== '')
  const out = [csvLine(['id', 'call_type', 'calls'])]
  for (let i = 0; i < rows; i++) {
    const type = `${base[i % base.length]}${SUFFIXES[Math.floor(i / base.length) % SUFFIXES.length]}${i >= base.length * SUFFIXES.length ? ` ${i}` : ''}`
    out.push(csvLine([i + 1, type, 1 + ((i * 7919) % 500)]))
  }
  return out.join('')
}

const dir = mkdtempSync(join(tmpdir(), 'triage-bench-'))
const listFile = join(dir, 'city.csv')
const outFile = join(dir, 'city.triaged.csv')
writeFileSync(listFile, cityList(3000))
const cliArgs = [
  '--import',
  'tsx',
  'server/modules/triage/triage-cli.ts',
  '--input',
  listFile,
  '--column',
  'call_type',
  '--count-column',
  'calls',
  '--output',
  outFile
]
spawnSync(process.execPath, cliArgs, { encoding: 'utf8' }) // warm tsx's transform cache, as a second run would find it
const runs: number[] = []
let cliStatus: number | null = null
for (let k = 0; k < 3; k++) {
  const c0 = performance.now()
  const r = spawnSync(process.execPath, cliArgs, { encoding: 'utf8' })
  runs.push((performance.now() - c0) / 1000)
  cliStatus = r.status
}
const cliSeconds = [...runs].sort((a, b) => a - b)[1]
const written = parseCsv(readFileSync(outFile, 'utf8')).length - 1

const caseCounts = new Map<ResponseType, number>()
for (const c of TRIAGE_CASES) {
  const r = triage(c.input)
  caseCounts.set(r.response, (caseCounts.get(r.response) ?? 0) + 1)
}
const share = (m: Map<ResponseType, number>, total: number): Record<string, { count: number; share: string }> =>
  Object.fromEntries(
    RESPONSES.filter((r) => m.has(r)).map((r) => [
      r,
      { count: m.get(r) ?? 0, share: `${((100 * (m.get(r) ?? 0)) / total).toFixed(1)}%` }
    ])
  )

console.log(
  JSON.stringify(
    {
      count: inputs.length,
      seconds: Number(seconds.toFixed(3)),
      perSecond: Math.round(inputs.length / seconds),
      targetSeconds: 2,
      withinTarget: seconds < 2,
      benchResponses: share(counts, inputs.length),
      cityListThroughCli: {
        rows: 3000,
        rowsWritten: written,
        exitCode: cliStatus,
        command: 'node --import tsx server/modules/triage/triage-cli.ts (what npm run triage runs; npm itself adds its own start-up)',
        wallSecondsMedianOf3: Number(cliSeconds.toFixed(3)),
        runs: runs.map((x) => Number(x.toFixed(3))),
        targetSeconds: 1,
        withinTarget: cliSeconds < 1 && written === 3000 && cliStatus === 0
      },
      testCases: { count: TRIAGE_CASES.length, byResponse: share(caseCounts, TRIAGE_CASES.length) }
    },
    null,
    2
  )
)
