// The impact review of a protocol change: only what changes is listed, with the rules and words that made it.
import { describe, expect, it } from 'vitest'
import { DEFAULT_PROTOCOL } from '../../../server/domain/triage'
import { compileProtocol } from '../../../server/domain/triage/protocol-validate'
import { codeBookFromRows } from '../../../server/domain/triage/codebook'
import { diffProtocols } from '../../../server/domain/triage/diff'
import protocolDocument from '../../../server/domain/triage/protocol.json'

type Doc = Record<string, any>
const ITEMS = [
  { callType: '5150', count: 597 },
  { callType: 'WELFARE CHECK', count: 1135 },
  { callType: 'TRAFFIC COLLISION - NO INJURIES', count: 66 },
  { callType: 'BURGLARY', count: 100 },
  { callType: 'TRAFFIC STOP', count: 1547 }
]

/** The acceptance's change: every string mentioning 5150 removed from the protocol's lists. */
function without5150 (): Doc {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.filter((x) => !(typeof x === 'string' && x.includes('5150'))).map(strip)
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)]))
    return v
  }
  return { ...(strip(protocolDocument) as Doc), version: 'test-no-5150' }
}

describe(diffProtocols.name, () => {
  it('finds nothing to change between a protocol and itself', () => {
    const d = diffProtocols(DEFAULT_PROTOCOL, DEFAULT_PROTOCOL, ITEMS)

    expect(d.changed).toEqual([])
    expect(d.total).toEqual({ types: 5, calls: 3445 })
    expect(d.changedTotal).toEqual({ types: 0, calls: 0 })
  })

  it('lists the call type whose triage changes, weighted by its calls, and the words it lost', () => {
    const d = diffProtocols(DEFAULT_PROTOCOL, compileProtocol(without5150()), ITEMS)

    expect(d.changed.map((e) => [e.callType, e.count, e.changed])).toEqual([['5150', 597, ['category', 'response', 'priority']]])
    const e = d.changed[0]
    expect([e.before.response, e.after.response]).toEqual(['care_team', 'police'])
    expect(e.rulesRemoved.map((r) => r.id)).toEqual(['mental-health-distress'])
    expect(e.signalsRemoved).toEqual(['mentalHealthCrisis'])
    expect(d.changedTotal).toEqual({ types: 1, calls: 597 })
  })

  it('names a rule that fires under both versions but was edited', () => {
    const doc = structuredClone(protocolDocument) as Doc
    doc.version = 'test-welfare-2'
    doc.rules.push({
      id: 'welfare-urgent',
      kind: 'priority',
      name: 'Welfare urgent',
      when: { signal: 'welfareCheck' },
      priority: 2,
      reason: 'Welfare: urgent.'
    })
    const edited = structuredClone(doc)
    edited.version = 'test-welfare-1'
    edited.rules.at(-1).priority = 1

    const d = diffProtocols(compileProtocol(doc), compileProtocol(edited), ITEMS)

    expect(d.changed.map((e) => e.callType)).toEqual(['WELFARE CHECK'])
    expect(d.changed[0].rulesEdited.map((r) => r.id)).toEqual(['welfare-urgent'])
    expect([d.changed[0].before.priority, d.changed[0].after.priority]).toEqual([2, 1])
  })

  it('totals by response and category under both versions, and enforcement stops apart', () => {
    const d = diffProtocols(DEFAULT_PROTOCOL, compileProtocol(without5150()), ITEMS)
    const care = d.byResponse.find((r) => r.response === 'care_team')

    expect(care?.before.calls).toBe(597 + 1135 + 66)
    expect(care?.after.calls).toBe(1135 + 66)
    expect(d.enforcementStops).toEqual({ before: { types: 1, calls: 1547 }, after: { types: 1, calls: 1547 } })
  })

  it('merges repeated call types and reads codes through a code book', () => {
    const book = codeBookFromRows(['code', 'description'], [['5150', 'MENTAL CASE']])
    const d = diffProtocols(
      DEFAULT_PROTOCOL,
      compileProtocol(without5150()),
      [
        { callType: '5150', count: 1 },
        { callType: '5150', count: 2 }
      ],
      book
    )

    expect(d.total).toEqual({ types: 1, calls: 3 })
    // through the book, 5150 is "MENTAL CASE", which still reads as mental health without the code
    expect(d.changed).toEqual([])
  })
})
