// GET /api/reports/outcomes on both engines: who handled the calls, referrals by triage, backup, resolved without
// police, transports and waits past the priority's target, counted by hand; small counts suppressed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../helpers/db'
import { api, Clock, newTeam, setup, type Fixture } from '../../helpers/app'
import { insertHistory, liveCall, times } from '../../helpers/report-rows'

const AREAS = { council_districts: 'CD 3', lapd_divisions: 'Newton' }

describe.each(ENGINES)('GET /api/reports/outcomes (%s)', (engine) => {
  let f: Fixture
  const get = async (q: string) => {
    const r = await api(f, 'GET', `/api/reports/outcomes?${q}`, f.tokens.supervisor)
    if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`)
    return r.json()
  }
  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(Date.parse('2025-05-05T16:00:00Z')) })
  })
  afterAll(async () => {
    await f.close()
  })

  it('counts every outcome of imported records by hand', async () => {
    const at = (h: number) => `2025-02-18T${String(h).padStart(2, '0')}:00:00Z`
    await insertHistory(f.db.db, [
      ...times(5, { received: at(16), response: 'police', disposition: null, areas: AREAS }),
      ...times(5, { received: at(17), response: 'ems', disposition: null, areas: AREAS }),
      ...times(5, { received: at(18), response: 'fire', disposition: null, areas: AREAS }),
      ...times(5, { received: at(19), response: 'phone_988', disposition: null, areas: AREAS }),
      ...times(5, {
        received: at(20),
        priority: 1,
        dispatched: 6,
        enRoute: 7,
        onScene: 15,
        cleared: 40,
        disposition: 'resolved_on_scene',
        areas: AREAS
      }),
      ...times(5, {
        received: at(21),
        priority: 1,
        dispatched: 4,
        enRoute: 5,
        onScene: 12,
        cleared: 50,
        disposition: 'transported_hospital',
        areas: AREAS
      }),
      ...times(5, { received: at(22), priority: 2, dispatched: 3, disposition: 'handed_to_police', areas: AREAS }),
      ...times(5, {
        received: at(23),
        priority: 3,
        response: 'co_response_police',
        dispatched: 2,
        enRoute: 3,
        onScene: 9,
        cleared: 30,
        disposition: 'resolved_on_scene',
        areas: AREAS
      })
    ])

    const r = await get('from=2025-02-18&to=2025-02-18')

    expect(r.table.rows[0].values).toEqual({
      calls: 40,
      careEligible: 20,
      handledByCareTeam: 15,
      referredPolice: 5,
      referredEms: 5,
      referredFire: 5,
      referred988: 5,
      backupRequested: 0,
      backupNeedCareTeam: 0,
      backupNeedEms: 0,
      backupNeedPolice: 0,
      backupCameCareTeam: 0,
      backupCamePolice: 0,
      backupCameEms: 0,
      // a CAD export does not say which unit came: no share is claimed
      resolvedWithoutPolice: 'not recorded',
      resolvedWithoutPoliceShare: 'not recorded',
      resolvedWithoutPoliceNotRecorded: 40,
      transportCrisis: 0,
      transportHospital: 5,
      transportShelter: 0,
      transportOther: 0,
      waitedPastTarget: 5,
      waitedPastTargetShare: 0.25
    })
  })

  it('counts backup requests on live calls, what was asked for and what came', async () => {
    const team = await newTeam(f, { kind: 'crisis' })
    f.clock.t = Date.parse('2025-04-15T17:00:00Z')
    for (let i = 0; i < 5; i++) {
      const start = f.clock.t
      await liveCall(f, team.id, {
        assign: 1,
        acknowledged: 2,
        enRoute: 3,
        onScene: 10,
        backup: { at: 12, need: 'police' },
        close: 30,
        disposition: 'handed_to_police'
      })
      f.clock.t = start + 3_600_000
    }

    const r = await get('from=2025-04-15&to=2025-04-15&source=live&by=team_kind')

    expect(r.table.rows.map((x: { key: string }) => x.key)).toEqual(['crisis'])
    expect(r.table.rows[0].values).toMatchObject({
      calls: 5,
      careEligible: 5,
      handledByCareTeam: 5,
      backupRequested: 5,
      backupNeedPolice: 5,
      backupNeedCareTeam: 0,
      backupCamePolice: 5,
      resolvedWithoutPolice: 0,
      resolvedWithoutPoliceShare: 0
    })
  })

  it('does not count a call referred to police by a dispatcher as referred by triage, nor as resolved without police', async () => {
    f.clock.t = Date.parse('2025-04-22T17:00:00Z')
    const team = await newTeam(f)
    for (let i = 0; i < 5; i++) {
      const id = await liveCall(f, team.id, {})
      const r = await api(f, 'POST', `/api/calls/${id}/refer`, f.tokens.dispatcher, {
        to: 'police',
        reason: 'caller says a weapon is there',
        unmetReason: 'safety_concern'
      })
      expect(r.statusCode).toBe(200)
      f.clock.advance(600_000)
    }

    const r = await get('from=2025-04-22&to=2025-04-22&source=live')

    expect(r.table.rows[0].values).toMatchObject({
      calls: 5,
      careEligible: 5,
      referredPolice: 0,
      resolvedWithoutPolice: 0,
      handledByCareTeam: 0
    })
  })

  it('suppresses counts of 1 to 4 and the shares that would give them away, and shows zero as zero', async () => {
    await insertHistory(f.db.db, [
      ...times(2, { received: '2025-02-25T16:00:00Z', response: 'police', disposition: null, areas: AREAS, withoutPolice: false }),
      ...times(4, {
        received: '2025-02-25T17:00:00Z',
        dispatched: 2,
        enRoute: 3,
        onScene: 10,
        cleared: 30,
        areas: AREAS,
        withoutPolice: true
      })
    ])

    const r = await get('from=2025-02-25&to=2025-02-25')

    expect(r.table.rows[0].values).toMatchObject({
      calls: 6,
      referredPolice: 'suppressed',
      careEligible: 'suppressed',
      resolvedWithoutPolice: 'suppressed',
      resolvedWithoutPoliceShare: 'suppressed',
      referredFire: 0,
      transportHospital: 0
    })
  })

  it('adds a total row to a sliced table', async () => {
    const r = await get('from=2025-02-18&to=2025-02-18&by=response')

    expect(r.table.rows.map((x: { key: string }) => x.key)).toEqual([
      'care_team',
      'co_response_police',
      'police',
      'ems',
      'fire',
      'phone_988'
    ])
    expect(r.table.total.values.calls).toBe(40)
  })
})
