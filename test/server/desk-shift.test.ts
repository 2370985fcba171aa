// A short shift at the dispatcher's desk, played through the API only (issue 19), on PGlite and PostgreSQL:
// take three calls, assign one, cancel one with a reason, refer one to 988, edit an address (re-triaged),
// reassign, add a note, find the cancelled call in the history. After each step the server's state is read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Call, CallDetail } from '../../server/contracts/calls'
import type { Team } from '../../server/contracts/teams'
import { ENGINES } from '../helpers/db'
import { api, newCall, newTeam, setup, type Fixture } from '../helpers/app'
import { checkInvariants } from '../prove/invariants'

describe.each(ENGINES)('a shift at the desk, through the API (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  const detail = async (id: string): Promise<CallDetail> => {
    const r = await api(f, 'GET', `/api/calls/${id}`, f.tokens.dispatcher)
    expect(r.statusCode, r.body).toBe(200)
    return r.json() as CallDetail
  }
  const team = async (id: string): Promise<Team> => (await api(f, 'GET', `/api/teams/${id}`, f.tokens.dispatcher)).json() as Team

  it('takes three calls, assigns, cancels, refers to 988, edits an address, reassigns, adds a note, and finds the cancelled ' +
    'call', async () => {
    const alpha = await newTeam(f, { lat: 34.0522, lon: -118.2437 })
    const bravo = await newTeam(f, { lat: 34.06, lon: -118.25 })

    // Take three calls.
    const first = await newCall(f, { location: { lat: 34.0525, lon: -118.244, address: '200 N Spring St' }, callback: '+12135550101' })
    const second = await newCall(f, { location: { lat: 34.0407, lon: -118.2468, address: '630 S Main St' }, callType: 'WELFARE CHECK' })
    const third = await newCall(f, { location: { lat: 34.0441, lon: -118.2512, address: '425 S Broadway' } })
    for (const c of [first, second, third]) expect((await detail(c.id)).status).toBe('queued')
    const queue = (await api(f, 'GET', '/api/queue', f.tokens.dispatcher)).json() as Array<{ call: Call; waitingSince: string }>
    expect(queue.filter((q) => [first.id, second.id, third.id].includes(q.call.id))).toHaveLength(3)

    // Assign the first to Alpha.
    const assigned = await api(f, 'POST', `/api/calls/${first.id}/assignments`, f.tokens.dispatcher, { teamId: alpha.id })
    expect(assigned.statusCode, assigned.body).toBe(201)
    expect(await detail(first.id)).toMatchObject({ status: 'assigned', teamId: alpha.id })
    expect((await team(alpha.id)).status).toBe('dispatched')

    // Cancel the second with a reason.
    const cancelled = await api(f, 'POST', `/api/calls/${second.id}/cancel`, f.tokens.dispatcher, {
      reason: 'caller called back: her son came home',
      code: 'caller_cancelled'
    })
    expect(cancelled.statusCode, cancelled.body).toBe(200)
    expect(await detail(second.id)).toMatchObject({
      status: 'cancelled',
      cancelCode: 'caller_cancelled',
      cancelReason: 'caller called back: her son came home'
    })

    // Refer the third to 988: it stays readable.
    const referred = await api(f, 'POST', `/api/calls/${third.id}/refer`, f.tokens.dispatcher, {
      to: 'phone_988',
      reason: 'caller prefers to talk on the phone',
      unmetReason: 'caller_declined'
    })
    expect(referred.statusCode, referred.body).toBe(200)
    const thirdNow = await detail(third.id)
    expect(thirdNow).toMatchObject({
      status: 'referred',
      referredTo: 'phone_988',
      referralReason: 'caller prefers to talk on the phone'
    })
    expect(thirdNow.timeline.at(-1)).toMatchObject({ type: 'call.referred', data: { to: 'phone_988' } })

    // Edit the first call's address: the call is triaged again and the old address kept in its history.
    const edited = await api(f, 'PATCH', `/api/calls/${first.id}`, f.tokens.dispatcher, {
      location: { lat: 34.053, lon: -118.245, address: '210 N Spring St' },
      version: (await detail(first.id)).version
    })
    expect(edited.statusCode, edited.body).toBe(200)
    const firstEdited = await detail(first.id)
    expect(firstEdited.location).toMatchObject({ lat: 34.053, lon: -118.245, address: '210 N Spring St' })
    expect(firstEdited.triageHistory.map((h) => h.kind)).toEqual(['initial', 'retriage'])
    expect(firstEdited.edits).toHaveLength(1)
    expect(firstEdited.edits[0].changes).toEqual(
      expect.arrayContaining([{ field: 'address', from: '200 N Spring St', to: '210 N Spring St' }])
    )

    // Reassign it to Bravo: one transaction, Alpha released, Bravo dispatched.
    const reassigned = await api(f, 'POST', `/api/calls/${first.id}/reassign`, f.tokens.dispatcher, {
      teamId: bravo.id,
      reason: 'Alpha needed at a priority 1 nearby'
    })
    expect(reassigned.statusCode, reassigned.body).toBe(200)
    const firstReassigned = await detail(first.id)
    expect(firstReassigned).toMatchObject({ status: 'assigned', teamId: bravo.id })
    expect(firstReassigned.assignments.map((a) => [a.teamId, a.endReason])).toEqual([
      [alpha.id, 'reassigned'],
      [bravo.id, null]
    ])
    expect((await team(alpha.id)).status).toBe('available')
    expect((await team(bravo.id)).status).toBe('dispatched')

    // Add a note: on the timeline, with its author; its text only in the call's notes.
    const note = await api(f, 'POST', `/api/calls/${first.id}/notes`, f.tokens.dispatcher, {
      text: 'Caller says the gate code is 4471.'
    })
    expect(note.statusCode, note.body).toBe(201)
    const firstNoted = await detail(first.id)
    expect(firstNoted.notes).toEqual([
      expect.objectContaining({ text: 'Caller says the gate code is 4471.', author: expect.objectContaining({ role: 'dispatcher' }) })
    ])
    expect(firstNoted.timeline.at(-1)).toMatchObject({ type: 'call.note_added', data: { noteId: firstNoted.notes[0].id } })
    expect(JSON.stringify(firstNoted.timeline)).not.toContain('4471')

    // Find the cancelled call in the history.
    const history = await api(f, 'GET', '/api/calls?status=closed,cancelled,referred&address=630%20s%20main', f.tokens.dispatcher)
    expect(history.statusCode, history.body).toBe(200)
    expect(history.json().items.map((c: Call) => c.id)).toEqual([second.id])
    const opened = await detail(second.id)
    expect(opened.timeline.map((e) => e.type)).toEqual(['call.received', 'call.triaged', 'call.queued', 'call.cancelled'])

    const inv = await checkInvariants(f.db.db, { callIds: [first.id, second.id, third.id], teamIds: [alpha.id, bravo.id] })
    expect(inv.problems).toEqual([])
  })
})
