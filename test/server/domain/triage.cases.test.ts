// Table-driven triage cases from the published criteria; the table lives in triage-cases.ts.
import { describe, expect, it } from 'vitest'
import { DEFAULT_PROTOCOL, triage } from '../../../server/domain/triage'
import { TRIAGE_CASES, type TriageCase } from './triage-cases'

const EXPECTATIONS = ['response', 'category', 'priority', 'enforcementStop', 'notResponses', 'missing', 'notMissing', 'missingFirst', 'reason'] as const

/** How many things a case checks; a case that checks nothing would pass on anything. */
export function expectationCount (c: TriageCase): number {
  return EXPECTATIONS.filter((k) => c[k] !== undefined && !(Array.isArray(c[k]) && (c[k] as unknown[]).length === 0)).length
}

describe('triage cases', () => {
  it('has at least 200 cases', () => {
    expect(TRIAGE_CASES.length).toBeGreaterThanOrEqual(200)
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
    expect(r.protocolVersion).toBe(DEFAULT_PROTOCOL.version)
    expect(r.reasons.length).toBeGreaterThan(0)
  })
})
