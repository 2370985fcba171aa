// Unit: what each role may see of an event, and of a team's position, on the live stream.
import { describe, expect, it } from 'vitest'
import { filterEvent, filterFix, fixViewKey, type Viewer } from '../../server/modules/realtime/realtime.filter'
import type { DomainEvent, EventType } from '../../server/contracts/events'
import { snapToGrid } from '../../server/domain/grid'

let seq = 0
// Payloads here carry only the fields each case is about.
const ev = (type: EventType, over: { callId?: string; teamId?: string; data?: Record<string, unknown> } = {}): DomainEvent =>
  ({
    seq: ++seq,
    at: '2026-11-22T12:00:00.000Z',
    type,
    callId: 'c1',
    teamId: null,
    actorId: 'u1',
    data: {},
    ...over
  }) as DomainEvent
const responder = (): Viewer => ({ role: 'responder', teamId: 't1', ownCalls: new Set() })

describe(filterEvent.name, () => {
  it('gives a planner no call event at all, however little it says', () => {
    const planner: Viewer = { role: 'planner', teamId: null, ownCalls: new Set() }

    expect(filterEvent(planner, ev('call.received', { data: { lat: 34, lon: -118, area: 'Central', source: 'phone' } }))).toBeNull()
    expect(
      filterEvent(planner, ev('call.triaged', { data: { category: 'mental_health', response: 'care_team', priority: 2 } }))
    ).toBeNull()
    expect(filterEvent(planner, ev('call.on_scene', { teamId: 't1', data: { deviceTime: 'x', from: 'en_route' } }))).toBeNull()
  })

  it('gives a planner no held transfer; a responder nothing of it either', () => {
    const held = ev('transfer.held', {
      callId: undefined,
      data: { toLocateId: 'h1', category: 'mental_health', response: 'care_team', priority: 2, reason: 'outside' }
    })
    const dismissed = ev('transfer.dismissed', { data: { toLocateId: 'h1', reason: 'caller is at 12 Elm St in Reno' } })
    const planner: Viewer = { role: 'planner', teamId: null, ownCalls: new Set() }

    expect(filterEvent(planner, { ...held, callId: null })).toBeNull()
    expect(filterEvent(planner, { ...dismissed, callId: null })).toBeNull()
    expect(filterEvent(responder(), { ...held, callId: null })).toBeNull()
    expect(filterEvent(responder(), ev('transfer.located', { data: { toLocateId: 'h1', locationSource: 'map_click' } }))).toBeNull()
  })

  it('gives a planner team statuses with no call id', () => {
    const planner: Viewer = { role: 'planner', teamId: null, ownCalls: new Set() }
    const status = filterEvent(
      planner,
      ev('team.status_changed', { callId: 'c9', teamId: 't2', data: { from: 'en_route', to: 'on_scene', reason: 'x' } })
    )

    expect(status).toMatchObject({ callId: null, actorId: null, data: { from: 'en_route', to: 'on_scene' } })
    expect(status!.data).not.toHaveProperty('reason')
  })

  it('gives a planner team positions on the 500 m grid at the minute, with no accuracy', () => {
    const fix = { teamId: 't2', lat: 34.0512345, lon: -118.2412345, accuracyMeters: 5, at: new Date('2026-11-22T12:03:41.512Z') }

    expect(filterFix({ role: 'planner', teamId: null }, fix)).toEqual({
      teamId: 't2',
      ...snapToGrid(34.0512345, -118.2412345),
      at: '2026-11-22T12:03:00.000Z'
    })
  })

  it("gives a responder other teams' positions without their accuracy, and their own in full", () => {
    const other = { teamId: 't2', lat: 34.05, lon: -118.24, accuracyMeters: 5, at: new Date('2026-11-22T12:03:41.512Z') }
    const own = { ...other, teamId: 't1' }

    expect(filterFix({ role: 'responder', teamId: 't1' }, other)).toEqual({
      teamId: 't2',
      lat: 34.05,
      lon: -118.24,
      at: '2026-11-22T12:03:41.512Z'
    })
    expect(filterFix({ role: 'responder', teamId: 't1' }, own)).toEqual({
      teamId: 't1',
      lat: 34.05,
      lon: -118.24,
      accuracyMeters: 5,
      at: '2026-11-22T12:03:41.512Z'
    })
  })

  it('gives dispatch roles positions exactly, and navigators and facilities none', () => {
    const fix = { teamId: 't2', lat: 34.0512345, lon: -118.2412345, accuracyMeters: null, at: new Date('2026-11-22T12:03:41.512Z') }

    for (const role of ['dispatcher', 'supervisor', 'admin'] as const) {
      expect(filterFix({ role, teamId: null }, fix)).toEqual({
        teamId: 't2',
        lat: 34.0512345,
        lon: -118.2412345,
        accuracyMeters: null,
        at: '2026-11-22T12:03:41.512Z'
      })
    }
    for (const role of ['navigator', 'facility'] as const) {
      expect(filterFix({ role, teamId: null }, fix)).toBeNull()
      expect(fixViewKey({ role, teamId: null })).toBeNull()
    }
    // viewers who see alike share a serialization; responders of different teams do not
    expect(fixViewKey({ role: 'responder', teamId: 't1' })).not.toBe(fixViewKey({ role: 'responder', teamId: 't2' }))
    expect(fixViewKey({ role: 'dispatcher', teamId: null })).toBe(fixViewKey({ role: 'admin', teamId: null }))
  })

  it('never sends the position events written before positions had their own store', () => {
    const old = ev('team.position', { teamId: 't2', data: { lat: 34, lon: -118, deviceTime: 'x', accuracyMeters: 5 } })
    for (const v of [
      responder(),
      { role: 'planner', teamId: null, ownCalls: new Set<string>() } satisfies Viewer,
      { role: 'dispatcher', teamId: null, ownCalls: new Set<string>() } satisfies Viewer
    ]) {
      expect(filterEvent(v, old)).toBeNull()
    }
  })

  it("gives a responder nothing of another team's call", () => {
    expect(filterEvent(responder(), ev('call.received', { data: { lat: 34 } }))).toBeNull()
  })

  it('gives a responder their own call in full from the assignment on, and nothing after it closes', () => {
    const v = responder()
    const assigned = filterEvent(v, ev('call.assigned', { teamId: 't1', data: { callSign: 'A' } }))
    const update = filterEvent(v, ev('call.updated', { data: { changed: ['narrative'] } }))
    const closed = filterEvent(v, ev('call.closed', { teamId: 't1', data: { disposition: 'resolved_on_scene' } }))
    const after = filterEvent(v, ev('call.updated', { data: { changed: ['callback'] } }))

    expect(assigned?.data).toEqual({ callSign: 'A' })
    expect(update?.data).toEqual({ changed: ['narrative'] })
    expect(closed).not.toBeNull()
    expect(after).toBeNull()
  })

  it("takes a call off a responder's team when it is assigned to another, and passes nothing of it after", () => {
    const v: Viewer = { role: 'responder', teamId: 't1', ownCalls: new Set(['c1']) }

    const elsewhere = filterEvent(v, ev('call.assigned', { teamId: 't2', data: { callSign: 'B' } }))
    const later = filterEvent(v, ev('call.on_scene', { teamId: 't2', data: { deviceTime: 'x', from: 'en_route' } }))
    const noteWithOwnTeam = filterEvent(v, ev('call.note_added', { teamId: 't1', data: { noteId: 'n1' } }))

    expect([elsewhere, later, noteWithOwnTeam]).toEqual([null, null, null])
    expect(v.ownCalls.has('c1')).toBe(false)
  })

  it('gives a responder only the status of other teams', () => {
    const status = filterEvent(
      responder(),
      ev('team.status_changed', { callId: 'c9', teamId: 't2', data: { from: 'available', to: 'dispatched', reason: 'x' } })
    )

    expect(status).toMatchObject({ callId: null, data: { from: 'available', to: 'dispatched' } })
  })

  it('gives a dispatcher everything unchanged', () => {
    const e = ev('call.received', { data: { lat: 34 } })

    expect(filterEvent({ role: 'dispatcher', teamId: null, ownCalls: new Set() }, e)).toBe(e)
  })
})
