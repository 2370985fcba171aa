// Protocol versions as an admin runs them: who uploaded and activated each, a check that lists every
// problem at its path, the impact review over recent calls (live and imported) and an uploaded call-type
// list, activation announced live to every role (the consoles' top bar), all audited.
import fs from 'node:fs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SHIPPED_PROTOCOL_FILE } from '../../server/config'
import { ENGINES } from '../helpers/db'
import { api, auth, newCall, newTeam, setup, signIn, type Fixture } from '../helpers/app'

const shipped = JSON.parse(fs.readFileSync(SHIPPED_PROTOCOL_FILE, 'utf8')) as Record<string, any>

/** The shipped protocol without any phrase or code mentioning 5150: a 5150 call is no longer read as a mental-health crisis. */
function without5150 (version: string): Record<string, any> {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.filter((x) => !(typeof x === 'string' && /5150/.test(x))).map(strip)
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)]))
    return v
  }
  return { ...(strip(shipped) as Record<string, any>), version }
}

async function listen (f: Fixture, token: string): Promise<{ msgs: any[]; close: () => void }> {
  const msgs: any[] = []
  const ws = await f.app.injectWS(
    '/api/live',
    { headers: auth(token) },
    {
      onInit: (s) => {
        s.on('message', (d: Buffer) => msgs.push(JSON.parse(String(d))))
      }
    }
  )
  const t0 = Date.now()
  while (!msgs.some((m) => m.type === 'stream.live') && Date.now() - t0 < 5000) await new Promise((resolve) => setTimeout(resolve, 10))
  return { msgs, close: () => ws.terminate() }
}

describe.each(ENGINES)('protocol versions for an admin (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  }, 180_000)
  afterAll(async () => {
    await f.close()
  })

  it('lists every problem of a document at its path without storing it', async () => {
    const doc = JSON.parse(JSON.stringify(shipped)) as Record<string, any>
    doc.rules[1].priority = 'soon'
    doc.version = 'broken-1'

    const bad = await api(f, 'POST', '/api/triage/protocols/validate', f.tokens.admin, doc)
    const good = await api(f, 'POST', '/api/triage/protocols/validate', f.tokens.admin, without5150('fine-1'))

    expect(bad.statusCode, bad.body).toBe(200)
    expect(bad.json()).toMatchObject({ valid: false, version: 'broken-1' })
    expect(bad.json().problems.map((p: { path: string }) => p.path)).toContain('rules[1].priority')
    expect(bad.json().problems.every((p: { message: string }) => p.message.length > 0)).toBe(true)
    expect(good.json()).toEqual({ valid: true, version: 'fine-1', problems: [] })
    expect((await api(f, 'GET', '/api/triage/protocols/broken-1', f.tokens.admin)).statusCode).toBe(404)
  })

  it("reviews the impact on the last days' calls and on an uploaded list: which call types move, how many calls, from what to " +
    'what', async () => {
    expect((await api(f, 'POST', '/api/triage/protocols', f.tokens.admin, without5150('impact-1'))).statusCode).toBe(201)
    const team = await newTeam(f)
    await newCall(f, { callType: '5150', narrative: null })
    await newCall(f, { callType: '5150', narrative: null })
    await newCall(f, { narrative: 'man talking to himself, hears voices, no weapons' })
    const recent = new Date(f.clock.t - 5 * 86_400_000)
    const old = new Date(f.clock.t - 200 * 86_400_000)
    for (const [id, at] of [
      ['h1', recent],
      ['h2', recent],
      ['h3', old]
    ] as const) {
      await sql`insert into historical_calls (source, source_id, received_at, call_type, category, response, priority, protocol_version)
        values ('test', ${id}, ${at}, '5150', 'mental_health', 'care_team', 2, 'x')`.execute(f.db.db)
    }

    const r = await api(f, 'POST', '/api/triage/protocols/impact-1/impact', f.tokens.admin, {
      days: 90,
      callTypes: [{ callType: '5150', count: 40 }, 'EDP', { callType: '5150', count: 2 }]
    })

    expect(r.statusCode, r.body).toBe(200)
    const body = r.json()
    expect(body).toMatchObject({ from: shipped.version, to: 'impact-1', recent: { days: 90, importedCalls: 2, truncated: false } })
    expect(body.recent.liveCalls).toBeGreaterThanOrEqual(3)
    const live = body.recent.table.moves.filter((m: { callType: string }) => m.callType === '5150')
    expect(live).toHaveLength(1)
    expect(live[0]).toMatchObject({ calls: 4, from: { category: 'mental_health' } })
    expect(live[0].changed.length).toBeGreaterThan(0)
    expect(body.recent.table.moves.some((m: { callType: string }) => m.callType === '(no call type)')).toBe(false)
    expect(body.uploaded).toMatchObject({ calls: 43, callTypes: 2, changedCalls: 42, changedCallTypes: 1 })
    expect(body.uploaded.moves).toEqual([expect.objectContaining({ callType: '5150', calls: 42 })])
    expect(team.id).toBeTruthy()
  })

  it('announces an activation to every role at once, names who uploaded and activated it, and audits both', async () => {
    expect((await api(f, 'POST', '/api/triage/protocols', f.tokens.admin, without5150('live-1'))).statusCode).toBe(201)
    const team = await newTeam(f, { onShift: false })
    const planner = await listen(f, f.tokens.planner)
    const responder = await listen(f, await signIn(f.app, 'responder', team.id))
    const dispatcher = await listen(f, f.tokens.dispatcher)

    const r = await api(f, 'POST', '/api/triage/protocols/live-1/activate', f.tokens.admin, {})
    const t0 = Date.now()
    const got = (c: { msgs: any[] }): any => c.msgs.find((m) => m.type === 'triage.protocol_activated')
    while ([planner, responder, dispatcher].some((c) => got(c) === undefined) && Date.now() - t0 < 5000) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    for (const c of [planner, responder, dispatcher]) c.close()

    expect(r.statusCode, r.body).toBe(200)
    const me = (await api(f, 'GET', '/api/auth/me', f.tokens.admin)).json()
    expect(r.json()).toMatchObject({ version: 'live-1', inForce: true, uploadedByEmail: me.email, activatedByEmail: me.email })
    for (const c of [planner, responder, dispatcher]) {
      expect(got(c)).toMatchObject({ data: { version: 'live-1', previous: expect.any(String) } })
    }
    expect(got(planner).actorId).toBeNull()
    expect((await api(f, 'GET', '/api/triage/protocol', f.tokens.dispatcher)).json().version).toBe('live-1')
    const list = (await api(f, 'GET', '/api/triage/protocols', f.tokens.supervisor)).json()
    expect(list.versions.find((v: { version: string }) => v.version === 'live-1')).toMatchObject({
      uploadedByEmail: me.email,
      activatedByEmail: me.email,
      active: true
    })
    const trail = (await api(f, 'GET', '/api/audit?subject=triage_protocol:live-1', f.tokens.supervisor)).json()
    expect(trail.items.map((i: { action: string }) => i.action)).toEqual(['triage_protocol.activate:live-1', 'triage_protocol.upload'])
  })
})

describe.each(ENGINES)('the audit trail of calls (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  }, 180_000)
  afterAll(async () => {
    await f.close()
  })

  it('records who read or changed a call, when and from where, and exports it as CSV', async () => {
    const team = await newTeam(f)
    const call = await newCall(f)
    await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })
    f.clock.advance(1000)
    await f.app.inject({ method: 'GET', url: `/api/calls/${call.id}`, headers: auth(f.tokens.supervisor), remoteAddress: '10.1.2.3' })
    await api(f, 'PATCH', `/api/calls/${call.id}`, f.tokens.dispatcher, { narrative: 'updated: hears voices, calm now, no weapons' })
    await api(f, 'POST', `/api/calls/${call.id}/cancel`, f.tokens.dispatcher, { reason: 'caller called back' })

    const trail = (await api(f, 'GET', `/api/audit?callId=${call.id}`, f.tokens.supervisor)).json()
    const changes = (await api(f, 'GET', `/api/audit?callId=${call.id}&actionPrefix=call.&limit=2`, f.tokens.admin)).json()
    const csv = await api(f, 'GET', `/api/audit/export?callId=${call.id}`, f.tokens.admin)

    expect(trail.items.map((i: { action: string }) => i.action)).toEqual([
      'call.cancel',
      'call.update',
      'call.read',
      'call.assign',
      'call.create'
    ])
    expect(trail.items.find((i: { action: string }) => i.action === 'call.read')).toMatchObject({
      ip: '10.1.2.3',
      user: { role: 'supervisor' }
    })
    expect(trail.items.find((i: { action: string }) => i.action === 'call.assign')).toMatchObject({
      ip: '127.0.0.1',
      user: { role: 'dispatcher' },
      callId: call.id
    })
    expect(changes).toMatchObject({ total: 5, limit: 2 })
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.headers['x-audit-truncated']).toBe('false')
    const lines = csv.body.trim().split('\n')
    expect(lines[0]).toBe('at,user_email,user_role,action,call_id,subject,client_address,detail,call_ids')
    expect(lines).toHaveLength(6)
    expect(lines.find((l) => l.includes(',call.read,'))).toMatch(/,supervisor,call\.read,[0-9a-f-]{36},,10\.1\.2\.3,,$/)
  })

  it('does not record a refused change', async () => {
    const call = await newCall(f)

    await api(f, 'POST', `/api/calls/${call.id}/close`, f.tokens.dispatcher, { disposition: 'resolved_on_scene' })

    const trail = (await api(f, 'GET', `/api/audit?callId=${call.id}`, f.tokens.supervisor)).json()
    expect(trail.items.map((i: { action: string }) => i.action)).toEqual(['call.create'])
  })
})
