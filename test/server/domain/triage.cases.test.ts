// Table-driven triage cases from the published criteria; the table lives in triage-cases.ts.
import { describe, expect, it } from 'vitest'
import { DEFAULT_PROTOCOL, triage } from '../../../server/domain/triage'
import { TRIAGE_CASES, type TriageCase } from './triage-cases'

const EXPECTATIONS = [
  'response',
  'category',
  'priority',
  'enforcementStop',
  'notResponses',
  'missing',
  'notMissing',
  'missingFirst',
  'reason',
  'youth',
  'handoff'
] as const

/** How many things a case checks; a case that checks nothing would pass on anything. */
export function expectationCount (c: TriageCase): number {
  return EXPECTATIONS.filter((k) => c[k] !== undefined && !(Array.isArray(c[k]) && (c[k] as unknown[]).length === 0)).length
}

describe('triage cases', () => {
  it('has at least 200 cases', () => {
    expect(TRIAGE_CASES.length).toBeGreaterThanOrEqual(200)
  })

  it('has at least 40 youth and school cases, with the exclusions combined', () => {
    const youth = TRIAGE_CASES.filter((c) => c.name.startsWith('youth'))
    expect(youth.length).toBeGreaterThanOrEqual(40)
    expect(youth.filter((c) => c.name.startsWith('youth exclusion')).length).toBeGreaterThanOrEqual(10)
  })

  it('has unique names', () => {
    expect(new Set(TRIAGE_CASES.map((c) => c.name)).size).toBe(TRIAGE_CASES.length)
  })

  it.each(TRIAGE_CASES)('$name', (c: TriageCase) => {
    expect(expectationCount(c), `case "${c.name}" expects nothing, so it would pass on any result`).toBeGreaterThan(0)
    const r = triage(c.input)

    if (c.response !== undefined) expect(r.response, r.reasons.join('\n')).toBe(c.response)
    if (c.category !== undefined) expect(r.category, r.reasons.join('\n')).toBe(c.category)
    if (c.priority !== undefined) expect(r.priority, r.reasons.join('\n')).toBe(c.priority)
    if (c.enforcementStop !== undefined) expect(r.enforcementStop === true, r.reasons.join('\n')).toBe(c.enforcementStop)
    for (const no of c.notResponses ?? []) expect(r.response).not.toBe(no)
    const missing = r.missing.map((m) => m.id)
    for (const q of c.missing ?? []) expect(missing).toContain(q)
    for (const q of c.notMissing ?? []) expect(missing).not.toContain(q)
    if (c.missingFirst !== undefined) expect(missing[0]).toBe(c.missingFirst)
    if (c.reason !== undefined) expect(r.reasons.join('\n')).toMatch(c.reason)
    if (c.youth !== undefined) expect(r.needs?.includes('youth') === true, r.reasons.join('\n')).toBe(c.youth)
    if (c.handoff !== undefined) expect((r.handoff ?? []).map((h) => h.id)).toEqual(c.handoff)
    expect(r.protocolVersion).toBe(DEFAULT_PROTOCOL.version)
    expect(r.reasons.length).toBeGreaterThan(0)
  })
})
