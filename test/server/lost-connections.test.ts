// Lost connections: the field app's own outbox (web/field/outbox.ts, sending through web/api/client.ts as
// useOutbox does) replays a care team's actions against the real server listening on a port, while a fetch
// wrapper loses requests and, more often, answers (the request is applied, then the client sees a network
// error). However often it resends, each action is applied exactly once and nothing is refused: statuses,
// backup, check-ins and the emergency (SOS), which jumps the queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../helpers/db'
import { api as inject, newCall, newTeam, setup, signIn, type Fixture } from '../helpers/app'
import { prng } from '../prove/fuzz-lib'
import { checkInvariants } from '../prove/invariants'

class MemoryStore {
  private m = new Map<string, string>()
  getItem (k: string): string | null {
    return this.m.get(k) ?? null
  }

  setItem (k: string, v: string): void {
    this.m.set(k, v)
  }

  removeItem (k: string): void {
    this.m.delete(k)
  }
}

describe.each(ENGINES)('outbox replay over a lossy connection (%s)', (engine) => {
  let f: Fixture
  let base: string
  const realFetch = globalThis.fetch
  beforeAll(async () => {
    f = await setup(engine)
    await f.app.listen({ port: 0, host: '127.0.0.1' })
    const addr = f.app.server.address()
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
    // the web client keeps its token in localStorage
    ;(globalThis as { localStorage?: unknown }).localStorage = new MemoryStore()
  })
  afterAll(async () => {
    globalThis.fetch = realFetch
    await f.close()
  })

  it.each([[1], [2], [3]])('applies every action exactly once with answers dropped at random (seed %i)', async (seed) => {
    const { Outbox } = await import('../../web/field/outbox')
    const client = await import('../../web/api/client')
    const team = await newTeam(f)
    client.setToken(await signIn(f.app, 'responder', team.id))
    const rnd = prng(seed)
    const lost = { requests: 0, answers: 0, delivered: 0 }
    // the browser's relative paths go to the real server; some requests never arrive, more answers never come back
    globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      if (rnd() < 0.15) {
        lost.requests++
        throw new TypeError('fetch failed')
      }
      const res = await realFetch(new URL(String(input), base), init)
      if (rnd() < 0.45) {
        await res.arrayBuffer()
        lost.answers++
        throw new TypeError('network connection was lost')
      }
      lost.delivered++
      return res
    }) as typeof fetch
    const outbox = new Outbox(
      `cd.outbox.test.${seed}`,
      async (path, body, key) => await client.request('POST', path, body, { idempotencyKey: key }),
      new MemoryStore()
    )
    const pending: Array<Promise<void>> = []
    const drain = async () => {
      for (let i = 0; i < 400 && outbox.items.length > 0; i++) await outbox.flush()
    }
    const position = (i: number) => {
      pending.push(outbox.add('Position', `/api/teams/${team.id}/position`, { lat: 34.05 + i / 1000, lon: -118.25 }, 'position'))
    }
    const calls = [await newCall(f), await newCall(f)]

    for (const call of calls) {
      const a = await inject(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })
      expect(a.statusCode).toBe(201)
      pending.push(outbox.add('Acknowledged', `/api/calls/${call.id}/status`, { status: 'acknowledged' }))
      position(1)
      pending.push(outbox.add('En route', `/api/calls/${call.id}/status`, { status: 'en_route' }))
      position(2)
      pending.push(outbox.add('On scene', `/api/calls/${call.id}/status`, { status: 'on_scene' }))
      pending.push(outbox.add('Check-in: All OK', `/api/calls/${call.id}/check-ins`, {}))
      pending.push(outbox.add('Backup: police', `/api/calls/${call.id}/backup`, { reason: 'person has left on foot', need: 'police' }))
      pending.push(
        outbox.add('EMERGENCY (SOS)', `/api/teams/${team.id}/emergency`, { lat: 34.06, lon: -118.24 }, undefined, { urgent: true })
      )
      position(3)
      pending.push(outbox.add('Closed', `/api/calls/${call.id}/close`, { disposition: 'resolved_on_scene', teamStatus: 'available' }))
      await drain()
      expect(outbox.items).toEqual([])
    }
    await Promise.all(pending)
    globalThis.fetch = realFetch

    const events = await f.db.db
      .selectFrom('events')
      .select(['type', 'call_id'])
      .where(
        'call_id',
        'in',
        calls.map((c) => c.id)
      )
      .execute()
    const count = (callId: string, type: string) => events.filter((e) => e.call_id === callId && e.type === type).length
    expect(outbox.rejected.map((r) => `${r.item.label}: ${r.message}`)).toEqual([])
    for (const call of calls) {
      expect({
        ack: count(call.id, 'call.acknowledged'),
        enRoute: count(call.id, 'call.en_route'),
        onScene: count(call.id, 'call.on_scene'),
        backup: count(call.id, 'call.backup_requested'),
        checkIn: count(call.id, 'call.checked_in'),
        closed: count(call.id, 'call.closed')
      }).toEqual({ ack: 1, enRoute: 1, onScene: 1, backup: 1, checkIn: 1, closed: 1 })
    }
    // one emergency event per SOS held (two), both presses on the team's one open emergency
    const sos = await f.db.db
      .selectFrom('events')
      .select('seq')
      .where('type', '=', 'team.emergency')
      .where('team_id', '=', team.id)
      .execute()
    expect(sos).toHaveLength(calls.length)
    expect(
      ((await inject(f, 'GET', `/api/teams/${team.id}/emergency`, f.tokens.dispatcher)).json() as { emergency: { presses: number } })
        .emergency.presses
    ).toBe(calls.length)
    const teamNow = (await inject(f, 'GET', `/api/teams/${team.id}`, f.tokens.dispatcher)).json()
    expect(teamNow.status).toBe('available')
    expect((await checkInvariants(f.db.db, { callIds: calls.map((c) => c.id), teamIds: [team.id] })).problems).toEqual([])
    // the connection really was bad
    expect(lost.answers).toBeGreaterThan(2)
    expect(lost.requests).toBeGreaterThan(0)
  })
})
