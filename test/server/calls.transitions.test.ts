// Integration: every illegal call transition answers 409 and names the current state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../helpers/db'
import { api, newCall, newTeam, setup, type Fixture } from '../helpers/app'
import type { Call } from '../../server/contracts/calls'

type Action = { name: string; run: (f: Fixture, call: Call, responder: string) => Promise<{ statusCode: number; json: () => any }> }

const status = (s: string): Action => ({
  name: `status ${s}`,
  run: async (f, c, r) => await api(f, 'POST', `/api/calls/${c.id}/status`, r, { status: s })
})
const ACTIONS: Action[] = [
  status('acknowledged'),
  status('en_route'),
  status('on_scene'),
  status('transporting'),
  status('at_facility'),
  { name: 'close', run: async (f, c, r) => await api(f, 'POST', `/api/calls/${c.id}/close`, r, { disposition: 'resolved_on_scene' }) },
  {
    name: 'cancel',
    run: async (f, c) => await api(f, 'POST', `/api/calls/${c.id}/cancel`, f.tokens.dispatcher, { reason: 'test cancel' })
  },
  {
    name: 'refer',
    run: async (f, c) =>
      await api(f, 'POST', `/api/calls/${c.id}/refer`, f.tokens.dispatcher, {
        to: 'police',
        reason: 'test refer',
        unmetReason: 'all_teams_busy'
      })
  },
  { name: 'decline', run: async (f, c, r) => await api(f, 'POST', `/api/calls/${c.id}/decline`, r, { reason: 'test decline' }) },
  {
    name: 'unassign',
    run: async (f, c) => await api(f, 'POST', `/api/calls/${c.id}/unassign`, f.tokens.dispatcher, { reason: 'test unassign' })
  },
  {
    name: 'reassign',
    run: async (f, c) => {
      const other = await newTeam(f)
      return await api(f, 'POST', `/api/calls/${c.id}/reassign`, f.tokens.dispatcher, { teamId: other.id, reason: 'test reassign' })
    }
  },
  {
    name: 'requeue',
    run: async (f, c) => await api(f, 'POST', `/api/calls/${c.id}/requeue`, f.tokens.dispatcher, { reason: 'test requeue' })
  }
]

// Which actions are legal from each state (everything else must be 409).
const LEGAL: Record<string, string[]> = {
  queued: ['cancel', 'refer'],
  assigned: ['status acknowledged', 'cancel', 'refer', 'decline', 'unassign', 'reassign'],
  acknowledged: ['status en_route', 'cancel', 'refer', 'decline', 'unassign', 'reassign'],
  en_route: ['status on_scene', 'cancel', 'refer', 'unassign', 'reassign'],
  on_scene: ['status transporting', 'close', 'refer'],
  transporting: ['status at_facility'],
  at_facility: ['close'],
  closed: [],
  cancelled: [],
  referred: ['requeue']
}
const PATH: Record<string, string[]> = {
  queued: [],
  assigned: [],
  acknowledged: ['acknowledged'],
  en_route: ['acknowledged', 'en_route'],
  on_scene: ['acknowledged', 'en_route', 'on_scene'],
  transporting: ['acknowledged', 'en_route', 'on_scene', 'transporting'],
  at_facility: ['acknowledged', 'en_route', 'on_scene', 'transporting', 'at_facility']
}

describe.each(ENGINES)('illegal call transitions (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  /** A call driven into `state`, with the responder of its team. */
  async function callIn (state: string): Promise<{ call: Call; responder: string }> {
    const team = await newTeam(f)
    // The dispatcher may drive any call; responder permissions are tested in auth.test.ts.
    const responder = f.tokens.dispatcher
    const call = await newCall(f)
    if (state === 'queued') return { call, responder }
    if (state === 'cancelled') {
      await ACTIONS[6].run(f, call, responder)
      return { call, responder }
    }
    if (state === 'referred') {
      await ACTIONS[7].run(f, call, responder)
      return { call, responder }
    }
    await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })
    const steps = state === 'closed' ? PATH.at_facility : PATH[state]
    for (const s of steps) {
      const r = await api(f, 'POST', `/api/calls/${call.id}/status`, responder, { status: s })
      if (r.statusCode !== 200) throw new Error(`setup ${state}: ${r.body}`)
    }
    if (state === 'closed') await ACTIONS[5].run(f, call, responder)
    return { call, responder }
  }

  const cases = Object.entries(LEGAL).flatMap(([state, legal]) =>
    ACTIONS.filter((a) => !legal.includes(a.name)).map((a) => [state, a.name] as const)
  )

  it.each(cases)('from %s, %s → 409 naming the state', async (state, actionName) => {
    const { call, responder } = await callIn(state)
    const action = ACTIONS.find((a) => a.name === actionName)!

    const r = await action.run(f, call, responder)

    expect(r.statusCode).toBe(409)
    expect(r.json().message).toContain(state)
  })
})
