// Protocol validation (errors name the JSON path) and versioning of every triage result.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PROTOCOL, triage } from '../../../server/domain/triage'
import { compileProtocol, ProtocolError, validateProtocol } from '../../../server/domain/triage/protocol-validate'
import protocolDocument from '../../../server/domain/triage/protocol.json'
import { loadProtocolFile, loadProtocolFileSync } from '../../../server/modules/triage/protocol-file'

type Doc = Record<string, any>
const copy = (): Doc => structuredClone(protocolDocument) as Doc

function problemsOf (mutate: (d: Doc) => void): string[] {
  const d = copy()
  mutate(d)
  return validateProtocol(d)
}

describe(compileProtocol.name, () => {
  it('accepts the shipped protocol', () => {
    expect(validateProtocol(protocolDocument)).toEqual([])
    expect(DEFAULT_PROTOCOL.version).toBe(protocolDocument.version)
  })

  it.each([
    [
      'a bad response',
      (d: Doc) => {
        d.rules[3].response = 'swat'
      },
      /^rules\[3\]\.response: must be one of care_team, care_team_with_ems/
    ],
    [
      'a bad priority',
      (d: Doc) => {
        d.rules[0].priority = 4
      },
      /^rules\[0\]\.priority: must be one of 1, 2, 3 \(got 4\)/
    ],
    [
      'an exclusion that leaves a care team alone',
      (d: Doc) => {
        d.rules[0].response = 'care_team'
      },
      /^rules\[0\]\.response: an exclusion must not leave a care team alone/
    ],
    [
      'phone_988 from a rule',
      (d: Doc) => {
        d.rules[20].response = 'phone_988'
      },
      /^rules\[20\]\.response: phone_988 is only given through "phoneLine"/
    ],
    [
      'an unknown question in a condition',
      (d: Doc) => {
        d.rules[0].when = { flagged: 'weapon' }
      },
      /^rules\[0\]\.when\.flagged: must be one of weapons, violence/
    ],
    [
      'an unknown signal deep in a condition',
      (d: Doc) => {
        d.rules[2].when.any[1].all[0].signal = 'crimes'
      },
      /^rules\[2\]\.when\.any\[1\]\.all\[0\]\.signal: unknown signal "crimes"/
    ],
    [
      'a condition with two keys',
      (d: Doc) => {
        d.categories[0].when = { signal: 'collision', flagged: 'injuries' }
      },
      /^categories\[0\]\.when: must have exactly one of/
    ],
    [
      'a missing reason',
      (d: Doc) => {
        delete d.rules[5].reason
      },
      /^rules\[5\]\.reason: is required/
    ],
    [
      'a blank reason',
      (d: Doc) => {
        d.rules[5].reason = '  '
      },
      /^rules\[5\]\.reason: must be a non-empty text/
    ],
    [
      'a duplicate rule id',
      (d: Doc) => {
        d.rules[1].id = d.rules[0].id
      },
      /^rules\[1\]\.id: rule id "weapons" is used twice/
    ],
    [
      'a bad version',
      (d: Doc) => {
        d.version = 'la 2026/1'
      },
      /^version: must be letters, digits/
    ],
    [
      'an empty version',
      (d: Doc) => {
        d.version = ''
      },
      /^version: must be letters, digits/
    ],
    [
      'a question left out',
      (d: Doc) => {
        d.questions.pop()
      },
      /^questions: every screening question must be listed; missing substancesInvolved/
    ],
    [
      'a bad safe answer',
      (d: Doc) => {
        d.questions[2].safeAnswer = 'maybe'
      },
      /^questions\[2\]\.safeAnswer: must be one of yes, no/
    ],
    [
      'a code meaning an unknown signal',
      (d: Doc) => {
        d.callTypeCodes[4].means = ['suicide']
      },
      /^callTypeCodes\[4\]\.means\[0\]: unknown signal "suicide"/
    ],
    [
      'a signal nothing mentions',
      (d: Doc) => {
        d.signals.unused = { meaning: 'never said', phrases: [] }
      },
      /^signals\.unused\.phrases: the signal is never mentioned/
    ],
    [
      'a typo in a field name',
      (d: Doc) => {
        d.signals.weapon.phrase = ['x']
      },
      /^signals\.weapon\.phrase: unknown field/
    ],
    [
      'an unknown rule in phoneLine.ignoresRules',
      (d: Doc) => {
        d.phoneLine.ignoresRules = ['at-home']
      },
      /^phoneLine\.ignoresRules\[0\]: unknown rule id "at-home"/
    ],
    [
      'an unknown source',
      (d: Doc) => {
        d.rules[0].sources = ['NYPD']
      },
      /^rules\[0\]\.sources\[0\]: unknown source "NYPD"/
    ],
    [
      'a bad negation window',
      (d: Doc) => {
        d.language.negation.window = 0
      },
      /^language\.negation\.window: must be a whole number from 1 to 12/
    ],
    [
      'a two-word typo term',
      (d: Doc) => {
        d.language.typoTolerance.terms.push('hit and run')
      },
      /^language\.typoTolerance\.terms\[\d+\]: must be one lower-case word/
    ],
    [
      'out_of_scope listed as a category',
      (d: Doc) => {
        d.categories[0].category = 'out_of_scope'
      },
      /^categories\[0\]\.category: out_of_scope is what remains/
    ],
    [
      'a negation that would add an exclusion',
      (d: Doc) => {
        d.signals.violence.whenNegated = 'weapon'
      },
      /^signals\.violence\.whenNegated: "weapon" is read by an exclusion: saying a danger is absent must never add one/
    ],
    [
      'a negation meaning an unknown signal',
      (d: Doc) => {
        d.signals.weapon.whenNegated = 'calm'
      },
      /^signals\.weapon\.whenNegated: unknown signal "calm"/
    ],
    [
      'a signal that negates into itself',
      (d: Doc) => {
        d.signals.saidNonViolent.whenNegated = 'saidNonViolent'
      },
      /^signals\.saidNonViolent\.whenNegated: a signal cannot mean itself/
    ],
    [
      'an exclusion signal that yields',
      (d: Doc) => {
        d.signals.weapon.yieldsTo = ['collision']
      },
      /^signals\.weapon\.yieldsTo: "weapon" is read by an exclusion: it never yields/
    ],
    [
      'a signal yielding to an unknown one',
      (d: Doc) => {
        d.signals.collision.yieldsTo = ['weapons']
      },
      /^signals\.collision\.yieldsTo\[0\]: unknown signal "weapons"/
    ],
    [
      'a questions rule without questions',
      (d: Doc) => {
        delete d.rules.find((r: Doc) => r.kind === 'questions').ask
      },
      /^rules\[\d+\]\.ask: a questions rule must list the questions it asks first/
    ],
    [
      'questions on another kind of rule',
      (d: Doc) => {
        d.rules[0].ask = ['violence']
      },
      /^rules\[0\]\.ask: only a rule of kind "questions" lists questions/
    ],
    [
      'an unknown question to ask first',
      (d: Doc) => {
        d.rules.find((r: Doc) => r.kind === 'questions').ask = ['hurt']
      },
      /^rules\[\d+\]\.ask\[0\]: must be one of weapons, violence/
    ]
  ])('reports %s with the path of the bad field', (_label, mutate, expected) => {
    const problems = problemsOf(mutate)

    expect(
      problems.some((p) => expected.test(p)),
      problems.join('\n')
    ).toBe(true)
  })

  it('throws a ProtocolError listing every problem', () => {
    const d = copy()
    d.rules[3].response = 'swat'
    d.version = ''

    expect(() => compileProtocol(d)).toThrow(ProtocolError)
    try {
      compileProtocol(d)
    } catch (err) {
      expect((err as ProtocolError).problems).toHaveLength(2)
      expect((err as Error).message).toMatch(/Invalid triage protocol:\n {2}version: .*\n {2}rules\[3\]\.response: /)
    }
  })

  it('rejects a document that is not an object', () => {
    expect(validateProtocol([])).toEqual(['(protocol): must be an object (got [])'])
  })
})

describe('protocol version', () => {
  it('is carried on every result', () => {
    const inputs = [
      {},
      { callType: 'EDP' },
      { narrative: 'has a gun' },
      { callType: 'MVA' },
      { narrative: 'caller just wants to talk to someone' }
    ]

    for (const i of inputs) expect(triage(i).protocolVersion).toBe('la-2026.4')
  })

  it('follows the protocol that decided', () => {
    const d = copy()
    d.version = 'test-9.9'
    const p = compileProtocol(d)

    expect(triage({ callType: 'EDP' }, p).protocolVersion).toBe('test-9.9')
  })

  it('a city decides the questions rule: the loud party goes care team alone until violence is known, if it says so', () => {
    const d = copy()
    delete d.rules.find((r: Doc) => r.id === 'hurt-or-threatened-first').response
    const p = compileProtocol(d)

    expect(triage({ callType: 'LOUD PARTY' }).response).toBe('co_response_police')
    const city = triage({ callType: 'LOUD PARTY' }, p)
    expect(city.response).toBe('care_team')
    expect(city.missing.map((m) => m.id).slice(0, 2)).toEqual(['violence', 'injuries'])
  })

  it('a city protocol of the last version (no scope skips, no derived signals) still loads and reads', () => {
    const d = copy()
    delete d.language.negation.scopeSkips
    delete d.language.negation.exceptWords
    for (const s of Object.values(d.signals) as Doc[]) {
      delete s.whenNegated
      delete s.yieldsTo
    }
    const p = compileProtocol(d)

    expect(triage({ callType: 'NON-CRIMINAL MENTAL HEALTH' }, p).response).toBe('care_team')
    expect(triage({ narrative: 'no weapons, hearing voices' }, p).response).toBe('care_team')
  })

  it('a city can change a rule in the data alone', () => {
    const d = copy()
    const rule = d.rules.find((r: Doc) => r.id === 'inside-residence')
    rule.response = 'police'
    const p = compileProtocol(d)

    expect(triage({ narrative: 'hearing voices, inside his apartment' }).response).toBe('co_response_police')
    expect(triage({ narrative: 'hearing voices, inside his apartment' }, p).response).toBe('police')
  })
})

describe('protocol files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'triage-protocol-'))

  it('loads a valid file', async () => {
    const file = join(dir, 'ok.json')
    writeFileSync(file, JSON.stringify({ ...copy(), version: 'city-2026.2' }))

    expect((await loadProtocolFile(file)).version).toBe('city-2026.2')
    expect(loadProtocolFileSync(file).version).toBe('city-2026.2')
  })

  it('names the file and the field in errors', async () => {
    const file = join(dir, 'bad.json')
    const d = copy()
    d.rules[3].response = 'swat'
    writeFileSync(file, JSON.stringify(d))

    await expect(loadProtocolFile(file)).rejects.toThrow(/bad\.json:\n {2}rules\[3\]\.response: must be one of/)
  })

  it('reports broken JSON and missing files', async () => {
    const file = join(dir, 'broken.json')
    writeFileSync(file, '{"version": ')

    await expect(loadProtocolFile(file)).rejects.toThrow(/broken\.json:\n {2}not valid JSON/)
    expect(() => loadProtocolFileSync(join(dir, 'nope.json'))).toThrow(/cannot read the file/)
  })
})
