// Integration (both engines): the LA demo seeds youth teams on school-day shifts (weekdays 07:00-17:00 in the
// city's zone): on shift until 17:00 when seeded during a school day, off duty otherwise.
import { afterEach, describe, expect, it } from 'vitest'
import { ENGINES } from '../helpers/db'
import { setup, type Fixture } from '../helpers/app'
import { seedDemo } from '../../server/modules/demo/demo-seed'

describe.each(ENGINES)('demo youth teams (%s)', (engine) => {
  let f: Fixture | null = null
  afterEach(async () => { await f?.close(); f = null })

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
})
