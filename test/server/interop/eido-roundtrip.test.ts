// Export then import: location, call type, narrative and times come back; the same call gives the same dedup key.
import { describe, expect, it } from 'vitest'
import { callToEido } from '../../../server/modules/interop/eido.export'
import { importEido, type EidoImport } from '../../../server/modules/interop/eido.import'
import { INCIDENT_TYPE_BY_TRIAGE } from '../../../server/modules/interop/eido.registry'
import { CTX, SHAPES } from './eido-calls'

function roundTrip (shape: string): { original: ReturnType<(typeof SHAPES)[string]>; back: EidoImport } {
  const original = SHAPES[shape]()
  const r = importEido(JSON.parse(JSON.stringify(callToEido(original, CTX))))
  if (!r.ok) throw new Error(`refused: ${r.error.path}: ${r.error.message}`)
  return { original, back: r.value }
}

describe('EIDO round trip', () => {
  it.each(Object.keys(SHAPES))('keeps the location: %s', (shape) => {
    const { original, back } = roundTrip(shape)

    expect(back.call.location).toEqual({
      lat: original.location.lat,
      lon: original.location.lon,
      ...(original.location.address ? { address: original.location.address } : {})
    })
  })

  it.each(Object.keys(SHAPES))('keeps the call type, or gives the APCO code when there was none: %s', (shape) => {
    const { original, back } = roundTrip(shape)

    expect(back.call.callType).toBe(original.callType ?? INCIDENT_TYPE_BY_TRIAGE[original.triage.category][original.triage.response])
  })

  it.each(Object.keys(SHAPES))('keeps the narrative word for word: %s', (shape) => {
    const { original, back } = roundTrip(shape)

    expect(back.call.narrative).toBe(original.narrative)
  })

  it.each(Object.keys(SHAPES))('keeps the time the call came in: %s', (shape) => {
    const { original, back } = roundTrip(shape)

    expect(back.receivedAt).toBe(original.times.received)
  })

  it("keeps a missing narrative missing: the log and the disposition notes are not the caller's words", () => {
    const call = { ...SHAPES.closed(), narrative: null }

    const r = importEido(callToEido(call, CTX))

    expect(r.ok && r.value.call.narrative).toBeNull()
  })

  it('keeps the callback number, without its punctuation', () => {
    const { back } = roundTrip('closed')

    expect(back.call.callback).toBe('2135550188')
  })

  it("returns our timeline as other responders' notes, with their times", () => {
    const { original, back } = roundTrip('closed')

    expect(back.responseNotes.map((n) => n.text)).toContain('CT-7 on scene')
    expect(back.responseNotes.find((n) => n.text === 'CT-7 on scene')?.at).toBe(original.times.onScene)
  })

  it('gives the same dedup key when the same call is exported again, even after it changed', () => {
    const first = roundTrip('queued with address').back
    const later = roundTrip('closed').back

    expect(later.dedupKey).toBe(first.dedupKey)
    expect(later.incidentId).toBe(first.incidentId)
  })
})
