// Integration: auto-dispatch per priority; unit: configuration fails fast with a clear message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../server/config'
import { ENGINES } from '../helpers/db'
import { api, newCall, newTeam, setup, type Fixture } from '../helpers/app'

describe.each(ENGINES)('auto-dispatch (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine, { config: { AUTO_DISPATCH_PRIORITIES: '1,2,3' } })
  })
  afterAll(async () => {
    await f.close()
  })

  it("assigns the best team at intake when switched on for the call's priority", async () => {
    const team = await newTeam(f)

    const call = await newCall(f)

    expect(call.status).toBe('assigned')
    expect(call.teamId).toBe(team.id)
    const detail = (await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)).json()
    expect(detail.assignments[0].auto).toBe(true)
  })

  it('leaves the call queued when no team is free, then assigns it when one becomes free', async () => {
    const call = await newCall(f)
    expect(call.status).toBe('queued')

    const team = await newTeam(f)
    await f.app.services.dispatch.sweep()

    const after = (await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)).json()
    expect(after).toMatchObject({ status: 'assigned', teamId: team.id })
  })

  it('never sends a call back automatically to a team that let it time out', async () => {
    const silent = await newTeam(f, { lat: 34.0521, lon: -118.2431 })
    const call = await newCall(f)
    expect(call.teamId).toBe(silent.id)

    for (let i = 0; i < 3; i++) {
      f.clock.advance(61_000)
      await f.app.services.dispatch.sweep()
    }

    const after = (await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)).json() as {
      assignments: Array<{ teamId: string; endReason: string | null }>
    }
    expect(after.assignments.filter((a) => a.teamId === silent.id)).toEqual([expect.objectContaining({ endReason: 'ack_timeout' })])
  })
})

describe(loadConfig.name, () => {
  it('defaults to a working local run', () => {
    const c = loadConfig({})

    expect(c).toMatchObject({ port: 3000, databaseUrl: null, demo: true })
    expect(c.dataDir).toMatch(/data$/)
    expect(Object.isFrozen(c)).toBe(true)
  })

  it('prefers a youth team by 15 minutes unless told otherwise', () => {
    expect(loadConfig({}).youthPreferenceMinutes).toBe(15)
    expect(loadConfig({ YOUTH_PREFERENCE_MINUTES: '0' }).youthPreferenceMinutes).toBe(0)
  })

  it('keeps position fixes 30 days unless told otherwise', () => {
    expect(loadConfig({}).positionRetentionMs).toBe(30 * 86_400_000)
    expect(loadConfig({ POSITION_RETENTION_DAYS: '7' }).positionRetentionMs).toBe(7 * 86_400_000)
  })

  it('turns the demo off by default on PostgreSQL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).demo).toBe(false)
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', DEMO: '1' }).demo).toBe(true)
  })

  it.each([
    [{ PORT: 'eighty' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be between/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ BOOTSTRAP_ADMIN_EMAIL: 'a@b.co' }, /must be set together/],
    [{ BOOTSTRAP_ADMIN_EMAIL: 'a@b.co', BOOTSTRAP_ADMIN_PASSWORD: 'short' }, /at least 12/],
    [{ BOOTSTRAP_ADMIN_EMAIL: 'a@b.co', BOOTSTRAP_ADMIN_PASSWORD: 'password1234' }, /too common/],
    [{ DEMO: 'maybe' }, /DEMO/],
    [{ AUTO_DISPATCH_PRIORITIES: '1,4' }, /AUTO_DISPATCH_PRIORITIES/],
    [{ TRAVEL_CIRCUITY: '0.5' }, /circuity/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ YOUTH_PREFERENCE_MINUTES: '-5' }, /YOUTH_PREFERENCE_MINUTES must be between 0 and 240/],
    [{ YOUTH_PREFERENCE_MINUTES: 'always' }, /YOUTH_PREFERENCE_MINUTES must be an integer/],
    [{ POSITION_RETENTION_DAYS: '0' }, /POSITION_RETENTION_DAYS must be between 1 and 3650/],
    [{ POSITION_RETENTION_DAYS: 'a month' }, /POSITION_RETENTION_DAYS must be an integer/]
  ])('rejects %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(message)
  })
})
