// Races on PostgreSQL (quick version of npm run prove:races): random interleavings of assign, decline,
// status changes, cancel and close from concurrent clients on two real server processes; the invariants
// and the live streams hold after every run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { proveRaces, type RaceWorld, raceWorld } from '../prove/races-lib'

describe.runIf(process.env.DATABASE_URL)('races across two server processes on PostgreSQL', () => {
  let w: RaceWorld
  beforeAll(async () => {
    w = await raceWorld()
  }, 90_000)
  afterAll(async () => {
    await w?.close()
  })

  it('keeps every invariant over 6 random concurrent schedules', async () => {
    await proveRaces(w, Number(process.env.RACE_RUNS ?? 6), process.env.RACE_SEED ? Number(process.env.RACE_SEED) : undefined)

    expect(w.runs).toBeGreaterThanOrEqual(6)
    // the schedules really raced: some actions won, some were refused as conflicts
    expect(w.statusCounts[409] ?? 0).toBeGreaterThan(0)
    expect((w.statusCounts[200] ?? 0) + (w.statusCounts[201] ?? 0)).toBeGreaterThan(0)
  }, 120_000)
})

describe.runIf(process.env.DATABASE_URL)('the race invariants themselves', () => {
  it("catch a team on two open calls and a status its events never reached (two open assignments the database's own unique index " +
    'stops)', async () => {
    const { createTestDb } = await import('../helpers/db')
    const { newCall, newTeam, setup } = await import('../helpers/app')
    const { checkInvariants } = await import('../prove/invariants')
    const db = await createTestDb('postgres')
    const f = await setup('postgres', { db })
    const team = await newTeam(f)
    const [c1, c2] = [await newCall(f), await newCall(f)]
    await f.app.inject({
      method: 'POST',
      url: `/api/calls/${c1.id}/assignments`,
      headers: { authorization: `Bearer ${f.tokens.dispatcher}` },
      payload: { teamId: team.id }
    })
    const clean = await checkInvariants(db.db)

    await db.db.updateTable('calls').set({ status: 'on_scene', team_id: team.id }).where('id', '=', c2.id).execute()
    const broken = await checkInvariants(db.db)
    await f.close()
    await db.destroy()

    expect(clean.problems).toEqual([])
    expect(broken.problems.join('\n')).toMatch(/team .* is on 2 open calls/)
    expect(broken.problems.join('\n')).toMatch(/is on_scene with 0 active assignments/)
    expect(broken.problems.join('\n')).toMatch(/is on_scene but its events end at queued/)
  })
})
