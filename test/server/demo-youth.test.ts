// Integration (both engines): the LA demo seeds youth teams on school-day shifts (weekdays 07:00-17:00 in the
// city's zone): on shift until 17:00 when seeded during a school day, off duty otherwise; their rota starts
// and ends their shifts from then on, and the other teams' rotas keep them on shift around the clock.
import { afterEach, describe, expect, it } from 'vitest'
import { ENGINES } from '../helpers/db'
import { Clock, setup, type Fixture } from '../helpers/app'
import { seedDemo } from '../../server/modules/demo/demo-seed'

describe.each(ENGINES)('demo youth teams (%s)', (engine) => {
  let f: Fixture | null = null
  afterEach(async () => {
    await f?.close()
    f = null
  })

  async function seededAt (iso: string) {
    f = await setup(engine)
    await seedDemo(f.db.db, f.app.services, new Date(iso), 'America/Los_Angeles')
    const teams = await f.app.services.teams.list()
    return teams.filter((t) => t.kind === 'youth')
  }

  it('puts three youth teams on shift until 17:00 Los Angeles time on a school day', async () => {
    const youth = await seededAt('2026-03-02T18:30:00Z') // Monday 10:30 PST

    expect(youth.map((t) => t.callSign)).toEqual(['YOUTH-01', 'YOUTH-02', 'YOUTH-03'])
    for (const t of youth) {
      expect(t).toMatchObject({ onShift: true, status: 'available', shiftEndsAt: '2026-03-03T01:00:00.000Z' })
      expect(t.capabilities).toEqual(['mental_health', 'youth', 'transport'])
    }
  })

  it('leaves them off duty on a Saturday', async () => {
    const youth = await seededAt('2026-03-07T18:30:00Z')

    expect(youth).toHaveLength(3)
    for (const t of youth) expect(t).toMatchObject({ onShift: false, status: 'off_duty', shiftEndsAt: null })
  })

  it('starts them at 07:00 on a school day and ends them at 17:00 from their rota, the other teams staying on shift', async () => {
    const clock = new Clock(Date.parse('2026-03-07T18:30:00Z')) // Saturday
    f = await setup(engine, { clock })
    await seedDemo(f.db.db, f.app.services, clock.now(), 'America/Los_Angeles')
    await f.app.services.teams.runRotas()
    const byKind = async () => {
      const teams = await f!.app.services.teams.list()
      return { youth: teams.filter((t) => t.kind === 'youth'), others: teams.filter((t) => t.kind !== 'youth') }
    }
    const saturday = await byKind()

    clock.t = Date.parse('2026-03-09T14:00:30Z') // Monday 07:00:30 PDT (daylight saving began on Sunday)
    const started = await f.app.services.teams.runRotas()
    const monday = await byKind()
    clock.t = Date.parse('2026-03-10T00:00:30Z') // 17:00:30 PDT
    const ended = await f.app.services.teams.runRotas()
    const evening = await byKind()

    expect(saturday.youth.every((t) => !t.onShift && t.nextShiftChange?.at === '2026-03-09T14:00:00.000Z')).toBe(true)
    expect(saturday.others.every((t) => t.onShift && t.shiftSource === 'rota' && t.nextShiftChange === null)).toBe(true)
    expect(started.started).toBe(3)
    expect(monday.youth.map((t) => [t.onShift, t.status, t.shiftEndsAt])).toEqual(
      Array(3).fill([true, 'available', '2026-03-10T00:00:00.000Z'])
    )
    expect(ended.ended).toBe(3)
    expect(evening.youth.every((t) => !t.onShift && t.status === 'off_duty')).toBe(true)
    expect(evening.others.every((t) => t.onShift)).toBe(true)
  })
})
