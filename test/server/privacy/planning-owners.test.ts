// Scenarios and runs have an owner: another planner reads and duplicates them but may not change or delete them
// (403); the owner and admins may. A row owned by nobody (saved before owners, with no author) is admin-only.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../helpers/db'
import { api, setup, signIn, type Fixture } from '../../helpers/app'

const baseline = JSON.parse(readFileSync(join(__dirname, '../../../simulations/scenarios/la-baseline.json'), 'utf8')) as Record<
  string,
  unknown
>

describe.each(ENGINES)('scenario and run owners (%s)', (engine) => {
  let f: Fixture
  let other: string
  beforeAll(async () => {
    f = await setup(engine)
    other = await signIn(f.app, 'planner')
  })
  afterAll(async () => {
    await f.close()
  })

  async function scenarioOf (token: string, name: string): Promise<{ id: string; sha256: string }> {
    const r = await api(f, 'POST', '/api/planning/scenarios', token, { document: { ...baseline, name } })
    expect(r.statusCode).toBe(201)
    return r.json()
  }

  async function runOf (token: string, s: { id: string; sha256: string }): Promise<{ id: string }> {
    const r = await api(f, 'POST', '/api/planning/runs', token, {
      scenarioId: s.id,
      kind: 'simulation',
      codeVersion: 'test',
      platform: 'node',
      summary: { seed: 1, replications: 1, days: 1, scenarioSha256: s.sha256 }
    })
    expect(r.statusCode).toBe(201)
    return r.json()
  }

  it("refuses another planner's rename, save and delete of a scenario with 403, and changes nothing", async () => {
    const s = await scenarioOf(f.tokens.planner, 'Mine')

    const rename = await api(f, 'PATCH', `/api/planning/scenarios/${s.id}`, other, { name: 'Theirs now' })
    const save = await api(f, 'PUT', `/api/planning/scenarios/${s.id}`, other, { document: { ...baseline, name: 'Overwritten' } })
    const del = await api(f, 'DELETE', `/api/planning/scenarios/${s.id}`, other)

    expect([rename.statusCode, save.statusCode, del.statusCode]).toEqual([403, 403, 403])
    expect(del.json().message).toMatch(/owner or an admin/)
    const after = await api(f, 'GET', `/api/planning/scenarios/${s.id}`, f.tokens.planner)
    expect(after.statusCode).toBe(200)
    expect(after.json()).toMatchObject({ name: 'Mine', editable: true, owner: expect.stringMatching(/^planner-/) })
  })

  it('lets another planner read and duplicate it, and owns the copy', async () => {
    const s = await scenarioOf(f.tokens.planner, 'Shared')

    const read = await api(f, 'GET', `/api/planning/scenarios/${s.id}`, other)
    const dup = await api(f, 'POST', `/api/planning/scenarios/${s.id}/duplicate`, other, {})
    const ren = await api(f, 'PATCH', `/api/planning/scenarios/${dup.json().id as string}`, other, { name: 'My copy' })

    expect(read.statusCode).toBe(200)
    expect(read.json().editable).toBe(false)
    expect(dup.statusCode).toBe(201)
    expect(dup.json().editable).toBe(true)
    expect(ren.statusCode).toBe(200)
    const list = (await api(f, 'GET', '/api/planning/scenarios', other)).json() as Array<{ id: string; editable: boolean }>
    expect(list.find((x) => x.id === s.id)?.editable).toBe(false)
    expect(list.find((x) => x.id === dup.json().id)?.editable).toBe(true)
  })

  it('lets the owner and an admin change and delete it', async () => {
    const a = await scenarioOf(f.tokens.planner, 'Owner deletes')
    const b = await scenarioOf(f.tokens.planner, 'Admin deletes')

    const owner = await api(f, 'DELETE', `/api/planning/scenarios/${a.id}`, f.tokens.planner)
    const adminRename = await api(f, 'PATCH', `/api/planning/scenarios/${b.id}`, f.tokens.admin, { name: 'Renamed by admin' })
    const admin = await api(f, 'DELETE', `/api/planning/scenarios/${b.id}`, f.tokens.admin)

    expect([owner.statusCode, adminRename.statusCode, admin.statusCode]).toEqual([204, 200, 204])
  })

  it("refuses another planner's delete of a run; the owner and an admin may", async () => {
    const s = await scenarioOf(f.tokens.planner, 'With runs')
    const r1 = await runOf(f.tokens.planner, s)
    const r2 = await runOf(f.tokens.planner, s)

    const refused = await api(f, 'DELETE', `/api/planning/runs/${r1.id}`, other)
    const seen = await api(f, 'GET', `/api/planning/runs/${r1.id}`, other)
    const owner = await api(f, 'DELETE', `/api/planning/runs/${r1.id}`, f.tokens.planner)
    const admin = await api(f, 'DELETE', `/api/planning/runs/${r2.id}`, f.tokens.admin)

    expect(refused.statusCode).toBe(403)
    expect(seen.statusCode).toBe(200)
    expect(seen.json().editable).toBe(false)
    expect([owner.statusCode, admin.statusCode]).toEqual([204, 204])
  })

  it('leaves a scenario owned by nobody to admins only', async () => {
    const s = await scenarioOf(f.tokens.planner, 'Orphan')
    await f.db.db.updateTable('planning_scenarios').set({ owner_id: null }).where('id', '=', s.id).execute()

    const planner = await api(f, 'PATCH', `/api/planning/scenarios/${s.id}`, f.tokens.planner, { name: 'x' })
    const admin = await api(f, 'PATCH', `/api/planning/scenarios/${s.id}`, f.tokens.admin, { name: 'Adopted' })

    expect([planner.statusCode, admin.statusCode]).toEqual([403, 200])
  })
})
