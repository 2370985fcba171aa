// Unit: the desk's events on the live stream (issue 19): a call given to another team or taken off its team
// leaves the first team's stream, and a note's event carries no text to anyone.
import { describe, expect, it } from 'vitest'
import type { DomainEvent, EventType } from '../../server/contracts/events'
import { filterEvent, type Viewer } from '../../server/modules/realtime/realtime.filter'

let seq = 0
const ev = (type: EventType, teamId: string | null, data: Record<string, unknown> = {}): DomainEvent =>
  ({
    seq: ++seq,
    at: '2026-12-06T02:00:00.000Z',
    type,
    callId: 'c1',
    teamId,
    actorId: 'u1',
    data
  }) as DomainEvent
const responder = (team: string): Viewer => ({ role: 'responder', teamId: team, ownCalls: new Set() })

describe("the desk's events on the live stream", () => {
  it('gives the first team the reassignment, then nothing more of the call; the new team gets it from its assignment', () => {
    const first = responder('t1')
    const second = responder('t2')
    const reassignment = [
      ev('call.assigned', 't1', { callSign: 'A' }),
      ev('team.status_changed', 't1', { from: 'dispatched', to: 'available', reason: 'reassigned' }),
      ev('call.requeued', 't1', { cause: 'reassigned', reason: 'reassigned to B: closer', callSign: 'A' }),
      ev('call.assigned', 't2', { callSign: 'B', reassignedFrom: 'A' }),
      ev('team.status_changed', 't2', { from: 'available', to: 'dispatched' }),
      ev('call.note_added', 't2', { noteId: 'n1' }),
      ev('call.updated', 't2', { changed: ['address'] })
    ]

    const toFirst = reassignment.map((e) => filterEvent(first, e))
    const toSecond = reassignment.map((e) => filterEvent(second, e))

    expect(toFirst.map((e) => e?.type ?? null)).toEqual([
      'call.assigned',
      'team.status_changed',
      'call.requeued',
      null,
      'team.status_changed',
      null,
      null
    ])
    expect(toFirst[4]).toMatchObject({ callId: null, data: { from: 'available', to: 'dispatched' } })
    expect(toSecond.slice(3).map((e) => e?.type ?? null)).toEqual([
      'call.assigned',
      'team.status_changed',
      'call.note_added',
      'call.updated'
    ])
  })

  it('drops a call taken off the team from its stream', () => {
    const v = responder('t1')
    filterEvent(v, ev('call.assigned', 't1', { callSign: 'A' }))

    filterEvent(v, ev('call.requeued', 't1', { cause: 'unassigned', reason: 'taken off the call: flat tyre', callSign: 'A' }))

    expect(filterEvent(v, ev('call.note_added', null, { noteId: 'n1' }))).toBeNull()
  })

  it('gives a planner nothing of a note (no event, or one with nothing in it)', () => {
    const out = filterEvent({ role: 'planner', teamId: null, ownCalls: new Set() }, ev('call.note_added', 't1', { noteId: 'n1' }))

    expect(out === null ? {} : out.data).toEqual({})
  })
})
