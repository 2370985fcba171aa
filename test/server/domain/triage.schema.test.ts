// The protocol's TypeBox schema: the generated JSON Schema file, error paths, and loadProtocolDocument.
import { readFileSync } from 'node:fs'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import { loadProtocolDocument, ProtocolError, validateProtocol } from '../../../server/domain/triage/protocol-validate'
import protocolDocument from '../../../server/domain/triage/protocol.json'
import { protocolJsonSchema } from '../../../server/domain/triage/protocol-schema'
import { formatPath } from '../../../server/lib/schema-errors'

type Doc = Record<string, any>
const copy = (): Doc => structuredClone(protocolDocument) as Doc

describe('protocol.schema.json', () => {
  it('is what protocol.json points editors at, and accepts it', () => {
    const fileSchema = JSON.parse(readFileSync('server/domain/triage/protocol.schema.json', 'utf8'))

    expect(protocolDocument.$schema).toBe('./protocol.schema.json')
    expect(Compile(fileSchema).Check(protocolDocument)).toBe(true)
  })

  it('rejects what the TypeBox schema rejects', () => {
    const validator = Compile(protocolJsonSchema())
    const d = copy()
    d.rules[0].priority = 'soon'

    expect(validator.Check(d)).toBe(false)
  })
})

describe(formatPath.name, () => {
  it.each([
    ['', '(root)'],
    ['/version', 'version'],
    ['/rules/3/when/any/0', 'rules[3].when.any[0]'],
    ['/signals/weapon/phrases/2', 'signals.weapon.phrases[2]'],
    ['/language/abbreviations/w~1o', 'language.abbreviations["w/o"]']
  ])('%s → %s', (pointer, path) => {
    expect(formatPath(pointer)).toBe(path)
  })
})

describe('schema errors', () => {
  it('names the one bad question in a condition, not every condition shape', () => {
    const d = copy()
    d.rules[2].when = { any: [{ flagged: 'weapon' }, { signal: 'crime' }] }

    expect(validateProtocol(d)).toEqual([
      'rules[2].when.any[0].flagged: must be one of weapons, violence, crimeInProgress, medicalEmergency, breathingConscious, injuries, ' +
      'suicidalThoughts, suicidePlan, suicideMeans, suicideAttemptInProgress, domesticViolence, insideResidence, personInRoadway, ' +
      'vehicleBlockingTraffic, substancesInvolved (got "weapon")'
    ])
  })

  it('says what a condition may be when its shape is wrong', () => {
    const d = copy()
    d.rules[1].when = { flagged: 'weapons', signal: 'weapon' }
    d.rules[2].when = 'sometimes'

    expect(validateProtocol(d)).toEqual([
      'rules[1].when: must have exactly one of flagged, cleared, allCleared, unscreened, signal, category, any, all, not (or be ' +
      '"always"); got flagged, signal',
      'rules[2].when: must have exactly one of flagged, cleared, allCleared, unscreened, signal, category, any, all, not (or be ' +
      '"always") (got "sometimes")'
    ])
  })

  it('reports a bad item in a list of questions by its index', () => {
    const d = copy()
    d.questions[9].askWhen = { flagged: ['suicidalThoughts', 'plan'] }

    expect(validateProtocol(d)[0]).toMatch(/^questions\[9\]\.askWhen\.flagged\[1\]: must be one of weapons/)
  })

  it('reports a wrong type in a "one or a list" field', () => {
    const d = copy()
    d.categories[0].when = { signal: 3 }

    expect(validateProtocol(d)).toEqual(['categories[0].when.signal: must be a text or a list (got 3)'])
  })

  it('lists several problems in document order', () => {
    const d = copy()
    d.version = 'la 2026'
    d.rules[4].kind = 'rule'
    d.phoneLine.enabled = 'yes'

    expect(validateProtocol(d).map((p) => p.split(':')[0])).toEqual(['version', 'rules[4].kind', 'phoneLine.enabled'])
  })
})

describe(loadProtocolDocument.name, () => {
  it('returns the document when it is valid', () => {
    expect(loadProtocolDocument(protocolDocument).version).toBe(protocolDocument.version)
    expect(loadProtocolDocument(JSON.stringify(protocolDocument)).version).toBe(protocolDocument.version)
  })

  it('throws with the path of the first problem at the start of the message', () => {
    const d = copy()
    delete d.rules[0].response
    d.rules[0].priority = 'soon'
    d.rules[3].response = 'swat'

    expect(() => loadProtocolDocument(d)).toThrow(ProtocolError)
    expect(() => loadProtocolDocument(d)).toThrow(
      /^rules\[0\]\.priority: must be one of 1, 2, 3 \(got "soon"\)\n {2}\(and 1 more: rules\[3\]\.response: /
    )
  })

  it('names semantic problems by path too', () => {
    const d = copy()
    d.rules[0].response = 'care_team'

    expect(() => loadProtocolDocument(d)).toThrow(/^rules\[0\]\.response: an exclusion must not leave a care team alone/)
  })

  it('reports text that is not JSON', () => {
    expect(() => loadProtocolDocument('{"version": ')).toThrow(/^\(protocol\): not valid JSON/)
  })
})
