// callToEido: documents that validate against the official-derived subset schema, for every call shape.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { callToEido } from '../../../server/modules/interop/eido.export'
import type { EidoDocument } from '../../../server/modules/interop/eido.types'
import { CALL_ID, CTX, SHAPES, cancelledCall, closedCall, enRouteCall, queuedCall, referredCall } from './eido-calls'

const schema = JSON.parse(readFileSync(new URL('../../fixtures/eido/eido-subset.schema.json', import.meta.url), 'utf8'))
const ajv = new Ajv2020({ allErrors: true, strict: true })
addFormats.default(ajv)
const validate = ajv.compile(schema)

function ids (doc: EidoDocument): Set<string> {
  const out = new Set<string>()
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>
      if (typeof o.$id === 'string') out.add(o.$id)
      Object.values(o).forEach(walk)
    }
  }
  walk(doc)
  return out
}

function refs (doc: EidoDocument): string[] {
  return [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1])
}

describe(callToEido.name, () => {
  it.each(Object.keys(SHAPES))('writes a document valid against the subset schema: %s', (shape) => {
    const doc = callToEido(SHAPES[shape](), CTX)

    const ok = validate(doc)

    expect(validate.errors ?? []).toEqual([])
    expect(ok).toBe(true)
  })

  it('has a subset schema that refuses a misspelt property and a missing required one', () => {
    const doc = callToEido(closedCall(), CTX)
    const { callStartTimestamp: _start, ...callWithoutStart } = doc.callComponent[0]

    expect(validate({ ...doc, incidentComponent: { ...doc.incidentComponent, incidentTypeCommonRegistyText: 'EDP' } })).toBe(false)
    expect(validate({ ...doc, callComponent: [callWithoutStart] })).toBe(false)
    expect(validate({ ...doc, incidentComponent: { ...doc.incidentComponent, incidentTypeCommonRegistryText: 'CRISIS' } })).toBe(false)
  })

  it.each(Object.keys(SHAPES))('resolves every reference inside the document: %s', (shape) => {
    const doc = callToEido(SHAPES[shape](), CTX)

    const known = ids(doc)

    expect(refs(doc).filter((r) => !known.has(r))).toEqual([])
  })

  it('writes the APCO incident type with our own code beside it', () => {
    const doc = callToEido(closedCall(), CTX)

    expect(doc.incidentComponent.incidentTypeCommonRegistryText).toBe('EDP')
    expect(doc.incidentComponent.incidentTypeInternalCode).toBe('mental_health.care_team')
    expect(doc.incidentComponent.incidentTypeInternalText).toBe('5150')
  })

  it('writes times in ISO 8601 with the offset of the configured zone', () => {
    const doc = callToEido(closedCall(), CTX)

    expect(doc.callComponent[0].callStartTimestamp).toBe('2026-03-01T10:15:00.000-08:00')
    expect(doc.lastUpdateTimeStamp).toBe('2026-03-01T11:07:00.000-08:00')
    expect(callToEido(closedCall(), { ...CTX, timeZone: undefined }).callComponent[0].callStartTimestamp).toBe(
      '2026-03-01T18:15:00.000+00:00'
    )
  })

  it('gives the same identifiers every time it exports the same call', () => {
    const first = callToEido(closedCall(), CTX)

    const again = callToEido(closedCall(), CTX)

    expect(again).toEqual(first)
    expect(first.$id).toBe(`urn:emergency:uid:incidentid:${CALL_ID.replace(/-/g, '')}:care.lacity.example.gov`)
  })

  it('gives another call other identifiers', () => {
    const other = { ...closedCall(), id: '11111111-2222-4333-8444-555555555555' }

    const a = ids(callToEido(closedCall(), CTX))
    const b = ids(callToEido(other, CTX))

    expect([...a].filter((id) => b.has(id))).toEqual(['care.lacity.example.gov'])
  })

  it('writes the working team as an emergency resource with its unit status', () => {
    const doc = callToEido(enRouteCall(), CTX)

    const [unit] = doc.emergencyResourceComponent ?? []

    expect(unit).toMatchObject({
      emergencyResourceName: 'CT-3',
      primaryUnitStatusRegistryText: 'Enroute',
      unitStatusInternal: ['en_route'],
      emergencyResourceTypeInternalText: 'care_team.crisis'
    })
    expect(unit.resourceAttributeInternalText).toEqual(['mental_health', 'substance_use', 'naloxone', 'transport'])
    expect(doc.dispatchComponent[0].emergencyResourceReference).toEqual([{ $ref: unit.$id }])
  })

  it('gives each team of a closed call the status it left the call in, not its status today', () => {
    const doc = callToEido(closedCall(), CTX)

    const units = doc.emergencyResourceComponent ?? []

    expect(units.map((u) => [u.emergencyResourceName, u.primaryUnitStatusRegistryText, u.unitStatusInternal[0]])).toEqual([
      ['CT-3', 'Available', 'available'],
      ['CT-7', 'Unavailable', 'recovering']
    ])
  })

  it('takes a call sign from the timeline when the team is not in the context', () => {
    const doc = callToEido(closedCall(), { ...CTX, teams: [] })

    expect((doc.emergencyResourceComponent ?? []).map((u) => u.emergencyResourceName)).toEqual(['CT-3', 'CT-7'])
  })

  it('writes the disposition of a closed call with its notes', () => {
    const doc = callToEido(closedCall(), CTX)

    const [d] = doc.incidentComponent.dispositionComponent ?? []
    const note = doc.notesComponent.find((n) => n.$id === d.notesReference?.[0].$ref)

    expect(d).toMatchObject({
      dispositionCommonRegistryCode: 'Transported',
      dispositionCategoryText: 'transported_crisis',
      dispositionPrimaryIndicator: true
    })
    expect(note?.notesActionComments).toBe('Went voluntarily to the crisis stabilization unit &lt;Hope St&gt;.')
  })

  it('writes a referral and a cancellation as dispositions', () => {
    const referred = callToEido(referredCall(), CTX).incidentComponent.dispositionComponent?.[0]
    const cancelled = callToEido(cancelledCall(), CTX).incidentComponent.dispositionComponent?.[0]

    expect(referred).toMatchObject({
      dispositionCommonRegistryCode: 'Referred to Other Agency',
      dispositionDescriptionText: 'Referred to police'
    })
    expect(cancelled).toMatchObject({ dispositionCommonRegistryCode: 'Canceled', dispositionCategoryText: 'cancelled' })
  })

  it('maps a referral to police by its own category and response', () => {
    const doc = callToEido(referredCall(), CTX)

    expect(doc.incidentComponent).toMatchObject({
      incidentTypeCommonRegistryText: 'EDP',
      incidentTypeInternalCode: 'mental_health.police',
      incidentPriorityInternalText: '1 immediate'
    })
  })

  it('leaves out what the call does not have', () => {
    const doc = callToEido(queuedCall(), CTX)

    expect(doc.callbackComponent).toBeUndefined()
    expect(doc.emergencyResourceComponent).toBeUndefined()
    expect(doc.incidentComponent.dispositionComponent).toBeUndefined()
    expect(doc.incidentComponent.incidentTypeInternalText).toBeUndefined()
    expect(doc.locationComponent[0].locationDescriptionText).toBeUndefined()
  })

  it('writes the location as a PIDF-LO point and the address beside it', () => {
    const [loc] = callToEido(closedCall(), CTX).locationComponent

    expect(loc.locationByValue).toContain('<gml:pos>34.04876 -118.25194</gml:pos>')
    expect(loc.locationDescriptionText).toBe('512 S Broadway, Los Angeles')
  })

  it('keeps the narrative apart from the dispatch log', () => {
    const doc = callToEido(closedCall(), CTX)

    const narrative = doc.notesComponent.find((n) => n.$id === doc.callComponent[0].notesReference?.[0].$ref)
    const log = doc.dispatchComponent[0].notesReference?.map(
      (r) => doc.notesComponent.find((n) => n.$id === r.$ref)?.notesActionComments
    )

    expect(narrative?.notesActionComments).toBe(
      'Neighbor says a man is shouting at people &amp; &quot;talking to himself&quot; outside the shelter.<br>No weapons seen; he is ' +
      'barefoot.'
    )
    expect(log).toContain('CT-3 released; call back in the queue: declined: out of naloxone')
    expect(log).toContain('CT-7 cleared: Transported to crisis or urgent-care center')
    expect(log).toContain('Triage reasons: Mental-health distress')
  })

  it('writes the callback as a tel: URI', () => {
    const doc = callToEido(closedCall(), CTX)

    expect(doc.callbackComponent?.[0].callBackInformationUri).toEqual(['tel:2135550188'])
  })
})
