// validateEido: a bad document is refused with the path of its first error, ready for a 400.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatEidoError, validateEido } from '../../../server/modules/interop/eido.schema'

type Json = Record<string, unknown>
const fixture = (name: string): Json => JSON.parse(readFileSync(new URL(`../../fixtures/eido/${name}`, import.meta.url), 'utf8'))

function firstError (doc: unknown): string {
  const v = validateEido(doc)
  if (v.ok) throw new Error('the document was accepted')
  return formatEidoError(v.errors[0])
}

describe(validateEido.name, () => {
  it('accepts the transfers of the fixtures', () => {
    expect(validateEido(fixture('transfer-psap.json')).ok).toBe(true)
    expect(validateEido(fixture('transfer-draft.json')).ok).toBe(true)
  })

  it('names a missing incident type inside a list of incidents', () => {
    const doc = { ...fixture('transfer-draft.json'), incidentComponent: [{ $id: 'i0', incidentTypeInternalText: 'MENTAL' }] }

    expect(firstError(doc)).toBe('incidentComponent[0].incidentTypeCommonRegistryText: required')
  })

  it('names a missing incident type in a single incident component', () => {
    const doc = { ...fixture('transfer-psap.json'), incidentComponent: { $id: 'i0' } }

    expect(firstError(doc)).toBe('incidentComponent.incidentTypeCommonRegistryText: required')
  })

  it('refuses what is not a JSON object', () => {
    expect(firstError([])).toBe('(document): must be a JSON object')
    expect(firstError('EIDO')).toBe('(document): must be a JSON object')
  })

  it('refuses another EIDO version', () => {
    expect(firstError({ ...fixture('transfer-draft.json'), eidoVersion: '2.0' })).toBe('eidoVersion: must be "1.0"')
  })

  it('requires the document id, needed to know a second post of it', () => {
    const { $id: _id, ...doc } = fixture('transfer-draft.json')

    expect(firstError(doc)).toBe('$id: required')
  })

  it('requires times with an offset', () => {
    const doc = fixture('transfer-psap.json')
    const calls = doc.callComponent as Json[]

    expect(firstError({ ...doc, callComponent: [{ ...calls[0], callStartTimestamp: '14/02/2026 21:04' }] })).toBe(
      'callComponent[0].callStartTimestamp: must be an ISO 8601 date-time with offset'
    )
  })

  it('checks the type of what it reads', () => {
    const doc = fixture('transfer-psap.json')
    const notes = doc.notesComponent as Json[]

    expect(firstError({ ...doc, notesComponent: [notes[0], { ...notes[1], notesActionComments: 42 }] })).toBe(
      'notesComponent[1].notesActionComments: must be a string'
    )
    expect(firstError({ ...doc, locationComponent: { $id: 'l' } })).toBe('locationComponent: must be an array')
  })

  it('reports the incident before later components, whatever the key order', () => {
    const { incidentComponent: _i, ...rest } = fixture('transfer-psap.json')
    const doc = { ...rest, notesComponent: [{ $id: 'n' }], incidentComponent: { $id: 'i' } }

    const v = validateEido(doc)

    expect(v.ok ? [] : v.errors.map(formatEidoError)).toEqual([
      'incidentComponent.incidentTypeCommonRegistryText: required',
      'notesComponent[0].notesActionComments: required'
    ])
  })

  it('gives the incident components as a list however they were sent', () => {
    const v = validateEido(fixture('transfer-psap.json'))

    expect(v.ok && v.doc.incidentComponent.map((i) => i.incidentTypeCommonRegistryText)).toEqual(['EDP'])
  })
})
