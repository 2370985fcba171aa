// Integration (both engines): school and youth calls through the API (issue 14): the intake fields, the youth need
// and hand-off steps, recommendations with and without youth teams, the guardian's number kept out of events and
// from planners, bad ages refused naming the field, and the reports' youth and place-kind slices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../helpers/db'
import { api, Clock, newCall, newTeam, signIn, type Fixture, setup } from '../helpers/app'
import { liveCall } from '../helpers/report-rows'

const SCHOOL = { lat: 34.0407, lon: -118.2468, address: '450 N Grand Ave (high school)' }
const GUARDIAN = '(213) 555-0142'
const STUDENT = {
  location: SCHOOL,
  narrative: 'student in crisis, crying in the counselor office, will not go back to class',
  answers: {},
  personAge: 15,
  placeKind: 'school',
  guardianCallback: GUARDIAN
}

describe.each(ENGINES)('school and youth calls (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(Date.parse('2026-03-02T17:00:00Z')) })
  })
  afterAll(async () => {
    await f.close()
  })

  async function counts (): Promise<{ calls: number; events: number }> {
    const n = async (t: 'calls' | 'events') =>
      Number(
        (
          await f.db.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n
      )
    return { calls: await n('calls'), events: await n('events') }
  }

  it('takes a school call with the age, place kind and guardian callback, and asks for a youth team', async () => {
    const r = await api(f, 'POST', '/api/calls', f.tokens.dispatcher, STUDENT)

    expect(r.statusCode).toBe(201)
    const call = r.json()
    expect(call).toMatchObject({ personAge: 15, placeKind: 'school', guardianCallback: GUARDIAN, status: 'queued' })
    expect(call.triage).toMatchObject({ category: 'mental_health', response: 'care_team', needs: ['youth'] })
    expect(call.triage.handoff.map((h: { id: string }) => h.id)).toEqual(['guardian', 'school-staff', 'follow-up', 'mandated-report'])
    expect(call.triage.reasons.join('\n')).toMatch(/never goes to police/)
    expect(call.triage.reasons.join('\n')).toMatch(/age 15 \(intake\)/)
  })

  it.each([
    ['an age over 120', { personAge: 200 }, 'body/personAge'],
    ['a negative age', { personAge: -1 }, 'body/personAge'],
    ['an age in words', { personAge: 'fourteen' }, 'body/personAge'],
    ['a fractional age', { personAge: 14.5 }, 'body/personAge'],
    ['an unknown place kind', { placeKind: 'mall' }, 'body/placeKind'],
    ['a guardian number too long', { guardianCallback: '1'.repeat(41) }, 'body/guardianCallback']
  ])('refuses %s with 400 naming the field, writing nothing', async (_name, over, field) => {
    const before = await counts()

    const r = await api(f, 'POST', '/api/calls', f.tokens.dispatcher, { ...STUDENT, ...over })

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toContain(field)
    expect(await counts()).toEqual(before)
  })

  it('previews the youth need in the dry run', async () => {
    const r = await api(f, 'POST', '/api/triage', f.tokens.dispatcher, {
      narrative: 'panic attack',
      personAge: 12,
      placeKind: 'school'
    })

    expect(r.statusCode).toBe(200)
    expect(r.json().needs).toEqual(['youth'])
    expect(r.json().handoff.map((h: { id: string }) => h.id)).toContain('school-staff')
  })

  it('refuses a bad age in the dry run too', async () => {
    const r = await api(f, 'POST', '/api/triage', f.tokens.dispatcher, { narrative: 'panic attack', personAge: 300 })

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toContain('body/personAge')
  })

  it("re-triages when the age is corrected to an adult's: the youth need and hand-off go", async () => {
    const call = await newCall(f, STUDENT)

    const r = await api(f, 'PATCH', `/api/calls/${call.id}`, f.tokens.dispatcher, { personAge: 19 })

    expect(r.statusCode).toBe(200)
    expect(r.json().personAge).toBe(19)
    expect(r.json().triage.needs).toEqual([])
    expect(r.json().triage.handoff).toEqual([])
  })

  it("keeps the guardian's number out of every event and from planners, and shows it to the team on the call", async () => {
    const team = await newTeam(f, { kind: 'youth', lat: 34.06, lon: -118.25 })
    const call = await newCall(f, { ...STUDENT, guardianCallback: '(323) 555-0177' })
    expect((await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })).statusCode).toBe(201)
    const responder = await signIn(f.app, 'responder', team.id)

    const events = await f.db.db.selectFrom('events').select('data').where('call_id', '=', call.id).execute()
    const seen = await api(f, 'GET', `/api/calls/${call.id}`, responder)
    const planner = await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.planner)

    expect(events.length).toBeGreaterThan(2)
    expect(JSON.stringify(events)).not.toContain('555-0177')
    expect(seen.json()).toMatchObject({ guardianCallback: '(323) 555-0177', personAge: 15 })
    expect(seen.json().triage.handoff.length).toBeGreaterThan(0)
    expect(planner.statusCode).toBe(403)
    const dispatch = await api(f, 'POST', `/api/calls/${call.id}/status`, responder, { status: 'acknowledged' })
    expect(dispatch.statusCode).toBe(200)
  })

  it('creates a youth team with the youth capability', async () => {
    const team = await newTeam(f, { kind: 'youth', onShift: false })

    expect(team.kind).toBe('youth')
    expect(team.capabilities).toEqual(expect.arrayContaining(['mental_health', 'youth']))
  })
})

describe.each(ENGINES)('youth recommendations (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  it('says no youth team is on shift, and recommends the nearest crisis team', async () => {
    const crisis = await newTeam(f, { kind: 'crisis', lat: 34.041, lon: -118.247 })
    await newTeam(f, { kind: 'youth', onShift: false })
    const call = await newCall(f, STUDENT)

    const r = await api(f, 'GET', `/api/calls/${call.id}/recommendations`, f.tokens.dispatcher)

    expect(r.json().needs).toEqual(['mental_health', 'youth'])
    expect(r.json().recommendations.map((x: { teamId: string }) => x.teamId)).toEqual([crisis.id])
    expect(r.json().shortfalls).toContain('no youth team on shift: the nearest mental-health team is recommended instead')
  })

  it('ranks an on-shift youth team first, over a closer crisis team', async () => {
    const youth = await newTeam(f, { kind: 'youth', lat: 34.09, lon: -118.25 })
    const call = await newCall(f, STUDENT)

    const r = await api(f, 'GET', `/api/calls/${call.id}/recommendations`, f.tokens.dispatcher)

    expect(r.json().recommendations[0].teamId).toBe(youth.id)
    expect(r.json().recommendations[0].reasons).toContain('youth team: ranked first for this call (as if 15 min closer)')
    expect(r.json().shortfalls.join(' ')).not.toMatch(/youth/)
  })

  it('lets a dispatcher assign a crisis team to a youth call without an override', async () => {
    const crisis = await newTeam(f, { kind: 'crisis', lat: 34.042, lon: -118.247 })
    const call = await newCall(f, STUDENT)

    const r = await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: crisis.id })

    expect(r.statusCode).toBe(201)
  })
})

describe.each(ENGINES)('reports by youth and place kind (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(Date.parse('2026-03-03T17:00:00Z')) })
  })
  afterAll(async () => {
    await f.close()
  })

  it('slices outcomes into youth calls and the rest, and by place kind, with the share resolved without police', async () => {
    const team = await newTeam(f, { kind: 'youth' })
    const start = f.clock.t
    for (let i = 0; i < 5; i++) {
      f.clock.t = start + i * 3_600_000
      await liveCall(f, team.id, { body: STUDENT, assign: 1, acknowledged: 2, enRoute: 3, onScene: 10, close: 30 })
    }
    for (let i = 0; i < 5; i++) {
      f.clock.t = start + (5 + i) * 3_600_000
      await newCall(f, { location: SCHOOL, narrative: 'student with a knife on campus', placeKind: 'school', personAge: 16 })
    }

    const byYouth = await api(f, 'GET', '/api/reports/outcomes?from=2026-03-03&to=2026-03-03&source=live&by=youth', f.tokens.planner)
    const byPlace = await api(
      f,
      'GET',
      '/api/reports/outcomes?from=2026-03-03&to=2026-03-03&source=live&by=place_kind',
      f.tokens.planner
    )

    expect(byYouth.statusCode).toBe(200)
    const rows = byYouth.json().table.rows as Array<{ key: string; label: string; values: Record<string, unknown> }>
    expect(rows.map((r) => r.key)).toEqual(['youth', 'other'])
    expect(rows[0]).toMatchObject({
      label: 'Youth calls',
      values: { calls: 5, handledByCareTeam: 5, resolvedWithoutPolice: 5, resolvedWithoutPoliceShare: 1 }
    })
    expect(rows[1].values).toMatchObject({ calls: 5, referredPolice: 5, resolvedWithoutPolice: 0 })
    const school = (byPlace.json().table.rows as typeof rows).find((r) => r.key === 'school')
    expect(school).toMatchObject({ label: 'School', values: { calls: 10, resolvedWithoutPolice: 5, resolvedWithoutPoliceShare: 0.5 } })
    expect(byYouth.body).not.toContain('555-0142')
  })

  it('refuses an unknown slice naming it', async () => {
    const r = await api(f, 'GET', '/api/reports/outcomes?by=age', f.tokens.planner)

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(/by/)
  })
})
