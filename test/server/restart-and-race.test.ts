// Integration: data and acknowledgement timers survive a restart; concurrent assignments of one team
// give exactly one winner (on PostgreSQL, where transactions really run side by side).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../server/app'
import { createDb } from '../../server/db/create-db'
import { migrateToLatest } from '../../server/db/migrate'
import { createTestDb, type TestDb } from '../helpers/db'
import { api, Clock, newCall, newTeam, testConfig, signIn, type Fixture } from '../helpers/app'
import type { Role } from '../../server/contracts/users'

async function fixtureOn (db: TestDb, clock: Clock): Promise<Fixture> {
  const config = testConfig()
  const app = await buildApp(config, { db, now: clock.now, sweeper: false })
  await app.ready()
  const tokens = {} as Record<Role, string>
  for (const role of ['dispatcher', 'supervisor', 'admin', 'planner'] as const) tokens[role] = await signIn(app, role)
  return {
    app,
    db,
    clock,
    config,
    tokens,
    close: async () => {
      await app.close()
    }
  }
}

describe('restart on the same embedded data folder', () => {
  it('keeps calls, assignments and the acknowledgement timer', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-restart-'))
    const clock = new Clock()
    const open = async () => {
      const h = await createDb({ databaseUrl: null, dataDir: dir })
      await migrateToLatest(h.db)
      return { ...h, url: null, destroy: h.close }
    }
    const db1 = await open()
    const f1 = await fixtureOn(db1, clock)
    const team = await newTeam(f1)
    const call = await newCall(f1)
    expect((await api(f1, 'POST', `/api/calls/${call.id}/assignments`, f1.tokens.dispatcher, { teamId: team.id })).statusCode).toBe(201)
    const token = f1.tokens.dispatcher
    await f1.close()
    await db1.close()

    clock.advance(61_000)
    const db2 = await open()
    const f2 = { ...(await fixtureOn(db2, clock)), tokens: { ...f1.tokens } }
    const before = (await api(f2, 'GET', `/api/calls/${call.id}`, token)).json()
    const swept = await f2.app.services.dispatch.sweep()
    const after = (await api(f2, 'GET', `/api/calls/${call.id}`, token)).json()
    await f2.close()
    await db2.close()
    fs.rmSync(dir, { recursive: true, force: true })

    expect(before.status).toBe('assigned')
    expect(swept.requeued).toBe(1)
    expect(after.status).toBe('queued')
    expect(after.timeline.at(-1).type).toBe('call.requeued')
  })
})

describe.runIf(process.env.DATABASE_URL)('race on PostgreSQL', () => {
  it('gives exactly one 201 for 20 concurrent assignments of one team', async () => {
    const db = await createTestDb('postgres')
    const f = await fixtureOn(db, new Clock())
    const team = await newTeam(f)
    const calls = await Promise.all(
      Array.from({ length: 20 }, (_, i) => newCall(f, { location: { lat: 34.03 + i * 0.002, lon: -118.27 } }))
    )

    const results = await Promise.all(
      calls.map((c) => api(f, 'POST', `/api/calls/${c.id}/assignments`, f.tokens.dispatcher, { teamId: team.id }))
    )

    const codes = results.map((r) => r.statusCode).sort()
    const open = await db.db
      .selectFrom('assignments')
      .select('call_id')
      .where('team_id', '=', team.id)
      .where('ended_at', 'is', null)
      .execute()
    const assigned = await db.db.selectFrom('calls').select('id').where('status', '=', 'assigned').execute()
    await f.close()
    await db.destroy()
    expect(codes.filter((c) => c === 201)).toHaveLength(1)
    expect(codes.filter((c) => c === 409)).toHaveLength(19)
    expect(open).toHaveLength(1)
    expect(assigned).toHaveLength(1)
  })

  it('gives exactly one 201 when 10 dispatchers assign 10 teams to one call', async () => {
    const db = await createTestDb('postgres')
    const f = await fixtureOn(db, new Clock())
    const teams = await Promise.all(Array.from({ length: 10 }, () => newTeam(f)))
    const call = await newCall(f)

    const results = await Promise.all(
      teams.map((t) => api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: t.id }))
    )

    const dispatched = (await api(f, 'GET', '/api/teams', f.tokens.dispatcher))
      .json()
      .filter((t: { status: string }) => t.status === 'dispatched')
    await f.close()
    await db.destroy()
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1)
    expect(dispatched).toHaveLength(1)
  })

  it('creates one call when 10 retries with one Idempotency-Key arrive at once', async () => {
    const db = await createTestDb('postgres')
    const f = await fixtureOn(db, new Clock())

    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        api(
          f,
          'POST',
          '/api/calls',
          f.tokens.dispatcher,
          {
            location: { lat: 34.05, lon: -118.25 },
            narrative: 'woman crying at the bus stop, says she feels hopeless, no weapons, not violent'
          },
          { 'idempotency-key': 'same-key' }
        )
      )
    )

    const ids = new Set(results.map((r) => r.json().id))
    const n = await db.db
      .selectFrom('calls')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    await f.close()
    await db.destroy()
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(201))
    expect(ids.size).toBe(1)
    expect(Number(n.n)).toBe(1)
  })
})
