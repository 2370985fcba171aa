// Triage throughput on 100,000 call-type strings, and the share of the test cases by response.
import { performance } from 'node:perf_hooks'
import { triage } from '../../server/domain/triage'
import { RESPONSES, type ResponseType } from '../../server/domain/types'
import { TRIAGE_CASES } from '../server/domain/triage-cases'

const CODES = [
  'EDP', '5150', '5150A', '51-50', '5150 W/ WPN', '918', 'WELFARE', 'WELF CHK', 'INTOX', 'DRUNK IN PUBLIC', '390', '647(f)', 'OD',
  'DISVEH', 'STALLED VEH', 'MVA', 'MVA NO INJ', 'MVA-NI', 'T/C NO INJ', '11-82', '11-80', 'HIT AND RUN', 'HIT &amp; RUN', 'H&R', 'DUI',
  'TRESPASS', '602', 'INDECENT EXPOSURE', 'SUICIDAL', 'SUICIDE ATTEMPT', 'ADW', '245', 'SHOTS FIRED', 'DV', '273.5', 'BURGLARY I/P',
  'ROBBERY', 'STRUCTURE FIRE', 'MEDICAL', 'UNCONSCIOUS', 'NOISE COMPLAINT', 'SUSPICIOUS PERSON', 'PARKING', ''
]
const PLAIN = [
  'MENTAL PATIENT', 'DRUNK IN PUBLIC', 'TRAFFIC COLLISION - NO INJURIES', 'TRAFFIC COLLISION - INJURIES', 'Disabled vehicle blocking lane',
  'Check the welfare', 'Person down', 'Man with gun', 'Road hazard - debris', 'Pedestrian in roadway', 'Mental Health Crisis'
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
const MISSPELLED = ['SUCIDAL', 'overdoes', 'EDP W/ WEPON', 'INTOXICTED', 'colision no inj', 'unconcious male', 'halucinating', 'DISABLD VEH']

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

const caseCounts = new Map<ResponseType, number>()
for (const c of TRIAGE_CASES) {
  const r = triage(c.input)
  caseCounts.set(r.response, (caseCounts.get(r.response) ?? 0) + 1)
}
const share = (m: Map<ResponseType, number>, total: number): Record<string, { count: number, share: string }> =>
  Object.fromEntries(RESPONSES.filter((r) => m.has(r)).map((r) => [r, { count: m.get(r) ?? 0, share: `${((100 * (m.get(r) ?? 0)) / total).toFixed(1)}%` }]))

console.log(JSON.stringify({
  count: inputs.length,
  seconds: Number(seconds.toFixed(3)),
  perSecond: Math.round(inputs.length / seconds),
  targetSeconds: 2,
  withinTarget: seconds < 2,
  benchResponses: share(counts, inputs.length),
  testCases: { count: TRIAGE_CASES.length, byResponse: share(caseCounts, TRIAGE_CASES.length) }
}, null, 2))
