// Rotas: the weekly pattern and dated exceptions (pure), GET/PUT /api/teams/{id}/rota, and the scheduler
// that starts and ends shifts from them on a fixed clock: once, whatever the number of server processes;
// a team on a call finishes it before going off shift; the roster shows the next change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dueBoundary, localToInstant, rotaProblems, rotaState, shiftsOnDays, type Rota } from '../../server/domain/rota'
import type { Team } from '../../server/contracts/teams'
import { createTestDb, ENGINES } from '../helpers/db'
import { api, Clock, newCall, newTeam, setup, setupTwoProcesses, type Fixture } from '../helpers/app'

const LA = 'America/Los_Angeles'
const at = (iso: string): number => Date.parse(iso)
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000
const iso = (ms: number): string => new Date(ms).toISOString()

describe('rotas (pure)', () => {
  it('reads local times in the zone, overnight shifts into the next day, and merges shifts that touch', () => {
    const rota: Rota = {
      weekly: [
        { weekday: 3, start: '07:00', end: '15:00' },
        { weekday: 3, start: '15:00', end: '23:00' },
        { weekday: 3, start: '22:00', end: '06:00' }
      ],
      exceptions: []
    }

    const shifts = shiftsOnDays(rota, LA, day('2026-12-09'), day('2026-12-09'))

    // Wednesday 9 December 2026, PST (UTC-8): 07:00 → Thursday 06:00
    expect(shifts.map((s) => [iso(s.start), iso(s.end)])).toEqual([['2026-12-09T15:00:00.000Z', '2026-12-10T14:00:00.000Z']])
  })

  it('applies a day off and an extra shift on their dates, and reads an equal start and end as a whole day', () => {
    const rota: Rota = {
      weekly: [
        { weekday: 1, start: '09:00', end: '17:00' },
        { weekday: 2, start: '09:00', end: '17:00' }
      ],
      exceptions: [
        { date: '2026-12-07', off: true },
        { date: '2026-12-12', start: '08:00', end: '08:00' }
      ]
    }

    const shifts = shiftsOnDays(rota, LA, day('2026-12-07'), day('2026-12-12'))

    expect(shifts.map((s) => [iso(s.start), iso(s.end)])).toEqual([
      ['2026-12-08T17:00:00.000Z', '2026-12-09T01:00:00.000Z'],
      ['2026-12-12T16:00:00.000Z', '2026-12-13T16:00:00.000Z']
    ])
  })

  it('keeps wall-clock hours across daylight saving (a shift across the spring-forward night is an hour shorter)', () => {
    const rota: Rota = { weekly: [{ weekday: 6, start: '22:00', end: '06:00' }], exceptions: [] }

    const [s] = shiftsOnDays(rota, LA, day('2026-03-07'), day('2026-03-07'))

    expect(iso(s.start)).toBe('2026-03-08T06:00:00.000Z')
    expect(iso(s.end)).toBe('2026-03-08T13:00:00.000Z')
    expect(iso(localToInstant(Date.UTC(2026, 2, 8, 2, 30), LA))).toBe('2026-03-08T10:30:00.000Z')
    expect(iso(localToInstant(Date.UTC(2026, 10, 1, 1, 30), LA))).toBe('2026-11-01T08:30:00.000Z')
  })

  it('has no boundary for a round-the-clock rota, only a shift in progress', () => {
    const rota: Rota = {
      weekly: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
        { weekday, start: '07:00', end: '19:00' },
        { weekday, start: '19:00', end: '07:00' }
      ]),
      exceptions: []
    }

    const s = rotaState(rota, LA, at('2026-12-09T18:00:00Z'))

    expect(s.current).not.toBeNull()
    expect(s.last).toBeNull()
    expect(s.upcoming).toEqual([])
  })

  it('applies the latest boundary only when the rota was in force then, and starts a shift the rota covers now', () => {
    const rota: Rota = { weekly: [{ weekday: 3, start: '07:00', end: '17:00' }], exceptions: [] }
    const now = at('2026-12-09T18:00:00Z') // Wednesday 10:00 in LA
    const state = rotaState(rota, LA, now)

    expect(dueBoundary(state, now - 86_400_000)).toEqual({ at: at('2026-12-09T15:00:00Z'), kind: 'start' })
    expect(dueBoundary(state, now - 1000)).toEqual({ at: now - 1000, kind: 'start' })
    const evening = rotaState(rota, LA, at('2026-12-10T03:00:00Z'))
    expect(dueBoundary(evening, at('2026-12-10T02:00:00Z'))).toBeNull()
    expect(dueBoundary(evening, now)).toEqual({ at: at('2026-12-10T01:00:00Z'), kind: 'end' })
  })

  it('names the field of every problem', () => {
    const problems = rotaProblems({
      weekly: [{ weekday: 8, start: '7:00', end: '25:00' }],
      exceptions: [
        { date: '2026-02-30', off: true },
        { date: '2026-03-01', start: '24:00', end: '08:00' }
      ]
    })

    expect(problems).toEqual([
      'body/weekly/0/weekday must be 1 (Monday) to 7 (Sunday)',
      'body/weekly/0/start must be a time of day "HH:MM" from 00:00 to 23:59, got "7:00"',
      'body/weekly/0/end must be a time of day "HH:MM" from 00:00 to 24:00, got "25:00"',
      'body/exceptions/0/date must be a date "YYYY-MM-DD", got "2026-02-30"',
      'body/exceptions/1/start must be a time of day "HH:MM" from 00:00 to 23:59, got "24:00"'
    ])
  })
})

// Wednesday 9 December 2026, 06:30 in Los Angeles (14:30 UTC): before a 07:00–17:00 shift.
const BEFORE_SHIFT = at('2026-12-09T14:30:00Z')
const WEEKDAYS_7_TO_17 = { weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '07:00', end: '17:00' })), exceptions: [] }

async function shiftEvents (f: Fixture, teamId: string): Promise<Array<{ type: string; data: any }>> {
  const rows = await f.db.db
    .selectFrom('events')
    .select(['type', 'data'])
    .where('team_id', '=', teamId)
    .where('type', 'in', ['team.shift_started', 'team.shift_ended'])
    .orderBy('seq')
    .execute()
  return rows as Array<{ type: string; data: any }>
}

describe.each(ENGINES)('rotas through the API (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(BEFORE_SHIFT) })
  }, 180_000)
  afterAll(async () => {
    await f.close()
  })

  it('stores the rota as sent and answers it with the shifts of the week ahead', async () => {
    const team = await newTeam(f, { onShift: false })

    const put = await api(f, 'PUT', `/api/teams/${team.id}/rota`, f.tokens.supervisor, {
      weekly: [{ weekday: 5, start: '22:00', end: '06:00' }],
      exceptions: [
        { date: '2026-12-11', off: true },
        { date: '2026-12-12', start: '10:00', end: '14:00' }
      ]
    })
    const get = await api(f, 'GET', `/api/teams/${team.id}/rota`, f.tokens.dispatcher)

    expect(put.statusCode, put.body).toBe(200)
    expect(get.json()).toMatchObject({
      teamId: team.id,
      weekly: [{ weekday: 5, start: '22:00', end: '06:00' }],
      exceptions: [
        { date: '2026-12-11', off: true },
        { date: '2026-12-12', start: '10:00', end: '14:00' }
      ],
      timeZone: LA,
      version: 1,
      // Friday 11 December is off; the next Friday night is beyond the week ahead
      shifts: [{ start: '2026-12-12T18:00:00.000Z', end: '2026-12-12T22:00:00.000Z' }],
      nextShiftChange: { at: '2026-12-12T18:00:00.000Z', kind: 'start', afterCall: false }
    })
    expect(get.json().updatedBy).toMatch(/^supervisor-/)
  })

  it('answers an empty rota for a team without one', async () => {
    const team = await newTeam(f, { onShift: false })

    const r = await api(f, 'GET', `/api/teams/${team.id}/rota`, f.tokens.planner)

    expect(r.json()).toMatchObject({ weekly: [], exceptions: [], version: 0, updatedAt: null, shifts: [], nextShiftChange: null })
  })

  it.each([
    [{ weekly: [{ weekday: 1, start: '7:00', end: '17:00' }], exceptions: [] }, 'body/weekly/0/start'],
    [{ weekly: [{ weekday: 0, start: '07:00', end: '17:00' }], exceptions: [] }, 'body/weekly/0/weekday'],
    [{ weekly: [{ weekday: '1', start: '07:00', end: '17:00' }], exceptions: [] }, 'body/weekly/0/weekday'],
    [{ weekly: null, exceptions: [] }, 'body/weekly'],
    [{ weekly: [], exceptions: [{ date: '2026-02-30', off: true }] }, 'body/exceptions/0/date'],
    [{ weekly: [], exceptions: [{ date: '2026-12-25', off: false }] }, 'body/exceptions/0'],
    [{ weekly: [] }, 'exceptions']
  ])('refuses a bad rota with 400 naming the field and stores nothing (%j)', async (body, field) => {
    const team = await newTeam(f, { onShift: false })

    const r = await api(f, 'PUT', `/api/teams/${team.id}/rota`, f.tokens.admin, body)

    expect(r.statusCode, r.body).toBe(400)
    expect(r.json().message).toContain(field)
    expect((await api(f, 'GET', `/api/teams/${team.id}/rota`, f.tokens.admin)).json().version).toBe(0)
  })

  it('starts the shift at its start and ends it at its end, each once, without anyone pressing Start', async () => {
    f.clock.t = BEFORE_SHIFT
    const team = await newTeam(f, { onShift: false })
    await api(f, 'PUT', `/api/teams/${team.id}/rota`, f.tokens.supervisor, WEEKDAYS_7_TO_17)
    await f.app.services.teams.runRotas()
    expect((await api(f, 'GET', `/api/teams/${team.id}`, f.tokens.dispatcher)).json()).toMatchObject({
      onShift: false,
      nextShiftChange: { at: '2026-12-09T15:00:00.000Z', kind: 'start' }
    })

    f.clock.t = at('2026-12-09T15:00:20Z')
    await f.app.services.teams.runRotas()
    await f.app.services.teams.runRotas()
    const on = (await api(f, 'GET', `/api/teams/${team.id}`, f.tokens.dispatcher)).json() as Team
    f.clock.t = at('2026-12-10T01:00:05Z')
    await f.app.services.teams.runRotas()
    const off = (await api(f, 'GET', `/api/teams/${team.id}`, f.tokens.dispatcher)).json() as Team

    expect(on).toMatchObject({
      onShift: true,
      status: 'available',
      shiftSource: 'rota',
      shiftEndsAt: '2026-12-10T01:00:00.000Z',
      nextShiftChange: { at: '2026-12-10T01:00:00.000Z', kind: 'end', afterCall: false }
    })
    expect(off).toMatchObject({
      onShift: false,
      status: 'off_duty',
      shiftSource: null,
      nextShiftChange: { at: '2026-12-10T15:00:00.000Z', kind: 'start' }
    })
    expect(await shiftEvents(f, team.id)).toEqual([
      { type: 'team.shift_started', data: { status: 'available', shiftEndsAt: '2026-12-10T01:00:00.000Z', by: 'rota' } },
      { type: 'team.shift_ended', data: { status: 'off_duty', shiftEndsAt: null, by: 'rota' } }
    ])
  })

  it('puts a team on shift when its new rota covers now, and leaves alone a shift started by hand when the rota does not', async () => {
    f.clock.t = at('2026-12-09T18:00:00Z')
    const idle = await newTeam(f, { onShift: false })
    const manual = await newTeam(f, { onShift: true })
    await api(f, 'PUT', `/api/teams/${idle.id}/rota`, f.tokens.supervisor, WEEKDAYS_7_TO_17)
    await api(f, 'PUT', `/api/teams/${manual.id}/rota`, f.tokens.supervisor, {
      weekly: [{ weekday: 6, start: '07:00', end: '17:00' }],
      exceptions: []
    })

    const run = await f.app.services.teams.runRotas()

    expect(run.started).toBeGreaterThanOrEqual(1)
    expect((await api(f, 'GET', `/api/teams/${idle.id}`, f.tokens.dispatcher)).json()).toMatchObject({
      onShift: true,
      shiftSource: 'rota'
    })
    expect((await api(f, 'GET', `/api/teams/${manual.id}`, f.tokens.dispatcher)).json()).toMatchObject({
      onShift: true,
      shiftSource: 'manual'
    })
  })

  it('does not start again a rota shift that a supervisor ended by hand', async () => {
    f.clock.t = at('2026-12-09T18:00:00Z')
    const team = await newTeam(f, { onShift: false })
    await api(f, 'PUT', `/api/teams/${team.id}/rota`, f.tokens.supervisor, WEEKDAYS_7_TO_17)
    await f.app.services.teams.runRotas()
    expect((await api(f, 'POST', `/api/teams/${team.id}/shift`, f.tokens.supervisor, { onShift: false })).statusCode).toBe(200)

    f.clock.advance(60_000)
    await f.app.services.teams.runRotas()

    expect((await api(f, 'GET', `/api/teams/${team.id}`, f.tokens.dispatcher)).json().onShift).toBe(false)
  })

  it('lets a team on a call finish it before going off shift, and takes it off shift when the call ends', async () => {
    f.clock.t = at('2026-12-09T18:00:00Z')
    const team = await newTeam(f, { onShift: false, lat: 34.0521, lon: -118.2431 })
    await api(f, 'PUT', `/api/teams/${team.id}/rota`, f.tokens.supervisor, WEEKDAYS_7_TO_17)
    await f.app.services.teams.runRotas()
    const call = await newCall(f)
    expect((await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })).statusCode).toBe(201)

    f.clock.t = at('2026-12-10T01:00:10Z')
    const run = await f.app.services.teams.runRotas()
    const during = (await api(f, 'GET', `/api/teams/${team.id}`, f.tokens.dispatcher)).json() as Team
    f.clock.advance(30_000)
    await api(f, 'POST', `/api/calls/${call.id}/cancel`, f.tokens.dispatcher, { reason: 'caller called back, all fine' })
    const after = (await api(f, 'GET', `/api/teams/${team.id}`, f.tokens.dispatcher)).json() as Team

    expect(run.finishingCall).toBe(1)
    expect(during).toMatchObject({
      onShift: true,
      status: 'dispatched',
      currentCallId: call.id,
      nextShiftChange: { at: '2026-12-10T01:00:00.000Z', kind: 'end', afterCall: true }
    })
    expect(after).toMatchObject({ onShift: false, status: 'off_duty', currentCallId: null })
    expect((await shiftEvents(f, team.id)).map((e) => e.type)).toEqual(['team.shift_started', 'team.shift_ended'])
  })

  it('never starts a retired team, and leaves it out of the roster and the recommendations', async () => {
    f.clock.t = BEFORE_SHIFT
    const team = await newTeam(f, { onShift: false })
    await api(f, 'PUT', `/api/teams/${team.id}/rota`, f.tokens.supervisor, WEEKDAYS_7_TO_17)
    const retired = await api(f, 'POST', `/api/teams/${team.id}/retire`, f.tokens.admin, {})

    f.clock.t = at('2026-12-09T15:01:00Z')
    await f.app.services.teams.runRotas()

    expect(retired.json()).toMatchObject({ retiredAt: expect.any(String), nextShiftChange: null })
    expect((await api(f, 'GET', `/api/teams/${team.id}`, f.tokens.dispatcher)).json().onShift).toBe(false)
    expect((await api(f, 'GET', '/api/teams', f.tokens.dispatcher)).json().some((t: Team) => t.id === team.id)).toBe(false)
    expect((await api(f, 'GET', '/api/teams?retired=only', f.tokens.dispatcher)).json().map((t: Team) => t.id)).toContain(team.id)
    expect((await api(f, 'PUT', `/api/teams/${team.id}/rota`, f.tokens.supervisor, WEEKDAYS_7_TO_17)).statusCode).toBe(409)
  })
})

describe.each(ENGINES)('two server processes on one database with a rota boundary between them (%s)', (engine) => {
  let a: Fixture
  let b: Fixture
  let close: () => Promise<void>
  const clock = new Clock(BEFORE_SHIFT)
  beforeAll(async () => {
    if (engine === 'postgres') {
      const two = await setupTwoProcesses({ clock })
      a = two.a
      b = two.b
      close = two.close
    } else {
      const db = await createTestDb('pglite')
      a = await setup('pglite', { db, clock })
      b = await setup('pglite', { db, clock })
      close = async () => {
        await b.close()
        await a.close()
        await db.destroy()
      }
    }
  }, 180_000)
  afterAll(async () => {
    await close()
  })

  it('starts the shift exactly once', async () => {
    const team = await newTeam(a, { onShift: false })
    expect((await api(b, 'PUT', `/api/teams/${team.id}/rota`, b.tokens.supervisor, WEEKDAYS_7_TO_17)).statusCode).toBe(200)
    await Promise.all([a.app.services.teams.runRotas(), b.app.services.teams.runRotas()])
    expect(await shiftEvents(a, team.id)).toEqual([])

    clock.t = at('2026-12-09T15:00:01Z')
    const runs = await Promise.all([
      a.app.services.teams.runRotas(),
      b.app.services.teams.runRotas(),
      a.app.services.teams.runRotas(),
      b.app.services.teams.runRotas()
    ])
    clock.advance(20_000)
    await Promise.all([b.app.services.teams.runRotas(), a.app.services.teams.runRotas()])

    expect(runs.reduce((n, r) => n + r.started, 0)).toBe(1)
    expect((await shiftEvents(a, team.id)).map((e) => e.type)).toEqual(['team.shift_started'])
    const transitions = await a.db.db.selectFrom('rota_transitions').selectAll().where('team_id', '=', team.id).execute()
    expect(transitions.map((t) => [t.kind, t.outcome])).toEqual([['start', 'started']])
    expect((await api(b, 'GET', `/api/teams/${team.id}`, b.tokens.dispatcher)).json()).toMatchObject({
      onShift: true,
      status: 'available'
    })
  })
})
