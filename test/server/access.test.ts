// Access matrix: every route of the OpenAPI document, for every role, anonymous, and with an expired or
// revoked session, against the expected allow or deny in test/server/access/matrix.ts; the live stream too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../../server/contracts/users'
import { ENGINES } from '../helpers/db'
import { api, newCall, newTeam, setup, signIn, type Fixture } from '../helpers/app'
import { snapToGrid } from '../../server/domain/grid'
import { ACCESS, LIVE, LIVE_VIEW, OWN_PROBE, type Policy } from './access/matrix'

type Principal = Role | 'anonymous' | 'expired' | 'revoked'
const PRINCIPALS: Principal[] = [...ROLES, 'anonymous', 'expired', 'revoked']

function expected (policy: Policy, who: Principal): 'allow' | 'deny' | 'own' | 'unauthorized' {
  if (policy === 'public') return 'allow'
  if (who === 'anonymous' || who === 'expired' || who === 'revoked') return 'unauthorized'
  return policy[who]
}

describe.each(ENGINES)('access matrix (%s)', (engine) => {
  let f: Fixture
  let routes: string[]
  const tokens = {} as Record<Principal, string | null>
  const ids = { ownTeam: '', otherTeam: '', ownCall: '', otherCall: '', facility: '' }

  beforeAll(async () => {
    f = await setup(engine)
    const own = await newTeam(f, { lat: 34.06, lon: -118.24 })
    const other = await newTeam(f, { lat: 34.2, lon: -118.4 })
    ids.ownTeam = own.id
    ids.otherTeam = other.id
    const ownCall = await newCall(f)
    const otherCall = await newCall(f)
    for (const [call, team] of [
      [ownCall, own],
      [otherCall, other]
    ] as const) {
      const r = await f.app.inject({
        method: 'POST',
        url: `/api/calls/${call.id}/assignments`,
        headers: { authorization: `Bearer ${f.tokens.dispatcher}` },
        payload: { teamId: team.id }
      })
      if (r.statusCode !== 201) throw new Error(r.body)
    }
    ids.ownCall = ownCall.id
    ids.otherCall = otherCall.id
    // a facility's staff are bound to a facility: one made for them
    const centre = { name: 'Access matrix crisis centre', kind: 'crisis_stabilisation' as const, lat: 34.05, lon: -118.25 }
    ids.facility = (await f.app.services.facilities.create(centre, null)).id
    for (const role of ROLES) {
      tokens[role] =
        role === 'responder'
          ? await signIn(f.app, 'responder', own.id)
          : role === 'facility'
            ? await signIn(f.app, 'facility', undefined, ids.facility)
            : (f.tokens[role] ?? (await signIn(f.app, role)))
    }
    tokens.anonymous = null
    tokens.revoked = await signIn(f.app, 'dispatcher')
    await f.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${tokens.revoked}` } })
    tokens.expired = await signIn(f.app, 'supervisor')
    const doc = (await f.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> }
    routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
  })
  afterAll(async () => {
    await f.close()
  })

  /** One request: own ids in the path (the responder's team and its call), a body that is empty for writes. */
  async function call (route: string, who: Principal, opts: { other?: boolean; body?: unknown } = {}) {
    const [method, template] = route.split(' ')
    const team = opts.other === true ? ids.otherTeam : ids.ownTeam
    const callId = opts.other === true ? ids.otherCall : ids.ownCall
    const url = template.replace(
      '{id}',
      template.startsWith('/api/teams') ? team : template.startsWith('/api/calls') ? callId : crypto.randomUUID()
    )
    // Signing out ends the session the next rows need: it gets a session of its own.
    const token =
      route === 'POST /api/auth/logout' && ROLES.includes(who as Role)
        ? await signIn(f.app, who as Role, who === 'responder' ? ids.ownTeam : undefined, who === 'facility' ? ids.facility : undefined)
        : tokens[who]
    const write = method !== 'GET'
    const expiredNow = who === 'expired'
    if (expiredNow) f.clock.advance(f.config.sessionTtlMs + 1000)
    try {
      return await f.app.inject({
        method: method as 'GET',
        url,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(opts.body !== undefined ? { payload: opts.body as object } : write && method !== 'PUT' ? { payload: {} } : {})
      })
    } finally {
      if (expiredNow) f.clock.advance(-(f.config.sessionTtlMs + 1000))
    }
  }

  it('has a row for every route, and no row for a route that does not exist', () => {
    expect(routes.filter((r) => !(r in ACCESS)).sort()).toEqual([])
    expect(
      Object.keys(ACCESS)
        .filter((r) => !routes.includes(r))
        .sort()
    ).toEqual([])
  })

  it('answers every route as the matrix says, for every role and without a valid session', async () => {
    const wrong: string[] = []
    for (const route of Object.keys(ACCESS)) {
      for (const who of PRINCIPALS) {
        const want = expected(ACCESS[route], who)
        const r = await call(route, who)
        const got = r.statusCode
        const ok = want === 'unauthorized' ? got === 401 : want === 'deny' ? got === 403 : got !== 401 && got !== 403
        if (!ok) wrong.push(`${route} as ${who}: want ${want}, got ${got} ${r.body.slice(0, 100)}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('keeps a responder to their own team and its call', async () => {
    const wrong: string[] = []
    for (const [route, policy] of Object.entries(ACCESS)) {
      if (policy === 'public' || policy.responder !== 'own') continue
      const probe = OWN_PROBE[route]
      if (!probe) {
        wrong.push(`${route}: no probe body in OWN_PROBE`)
        continue
      }
      const r = await call(route, 'responder', { other: true, body: probe(f.clock.now().toISOString()) })
      if (r.statusCode !== 403) wrong.push(`${route} on another team's: want 403, got ${r.statusCode} ${r.body.slice(0, 100)}`)
    }
    expect(wrong).toEqual([])
  })

  it('opens the live stream to every role and to nobody without a valid session', async () => {
    const wrong: string[] = []
    for (const who of PRINCIPALS) {
      const want = expected(LIVE, who)
      const token = tokens[who]
      if (who === 'expired') f.clock.advance(f.config.sessionTtlMs + 1000)
      let opened = false
      try {
        const ws = await f.app.injectWS('/api/live', token ? { headers: { authorization: `Bearer ${token}` } } : {})
        opened = true
        ws.terminate()
      } catch {
        opened = false
      } finally {
        if (who === 'expired') f.clock.advance(-(f.config.sessionTtlMs + 1000))
      }
      if (opened !== (want === 'allow')) wrong.push(`live stream as ${who}: want ${want}, ${opened ? 'opened' : 'refused'}`)
    }
    expect(wrong).toEqual([])
  })

  it("gives each role on the stream what LIVE_VIEW says: a new call, and another team's position", async () => {
    const sockets = await Promise.all(
      ROLES.map(async (role) => {
        const msgs: Array<{
          type: string
          callId: string | null
          teamId: string | null
          data: Record<string, unknown>
          teams?: Array<{ teamId: string; lat: number; lon: number }>
        }> = []
        const ws = await f.app.injectWS(
          '/api/live',
          { headers: { authorization: `Bearer ${tokens[role]!}` } },
          {
            onInit: (s) => {
              s.on('message', (d: Buffer) => msgs.push(JSON.parse(String(d))))
            }
          }
        )
        return { role, msgs, ws }
      })
    )
    const until = async (pred: () => boolean): Promise<void> => {
      for (let i = 0; i < 300 && !pred(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await until(() => sockets.every((s) => s.msgs.some((m) => m.type === 'stream.live')))
    const fresh = await newCall(f)
    const at = { lat: 34.2012345, lon: -118.4012345 }
    expect(
      (
        await api(f, 'POST', `/api/teams/${ids.otherTeam}/position`, f.tokens.dispatcher, {
          ...at,
          deviceTime: f.clock.now().toISOString()
        })
      ).statusCode
    ).toBe(200)
    // positions come batched, at most a second apart
    const positionOf = (s: (typeof sockets)[number]) =>
      s.msgs
        .filter((m) => m.type === 'positions')
        .flatMap((m) => m.teams ?? [])
        .filter((p) => p.teamId === ids.otherTeam)
        .at(-1)
    const moved = (s: (typeof sockets)[number]) => {
      const p = positionOf(s)
      return p !== undefined && Math.abs(p.lat - at.lat) < 0.01
    }
    await until(() => sockets.every((s) => LIVE_VIEW[s.role] === 'none' || moved(s)))
    // long enough for a batch to reach the roles that must get none
    await new Promise((resolve) => setTimeout(resolve, 1100))
    for (const s of sockets) s.ws.terminate()

    const wrong: string[] = []
    for (const s of sockets) {
      const view = LIVE_VIEW[s.role]
      if (view === 'none') {
        if (s.msgs.some((m) => m.type.startsWith('call.') || m.type.startsWith('team.') || m.type === 'positions')) {
          wrong.push(`${s.role}: a call or team event, or positions (${view})`)
        }
        continue
      }
      const sawCall = s.msgs.some((m) => m.callId === fresh.id)
      const pos = positionOf(s)
      if (sawCall !== (view === 'all')) wrong.push(`${s.role}: ${sawCall ? 'saw' : 'did not see'} a new call (${view})`)
      if (pos === undefined) {
        wrong.push(`${s.role}: no position of another team`)
        continue
      }
      const want = view === 'patterns' ? snapToGrid(at.lat, at.lon) : at
      if (pos.lat !== want.lat || pos.lon !== want.lon) {
        wrong.push(`${s.role}: position ${String(pos.lat)},${String(pos.lon)} (${view})`)
      }
      if (view !== 'all' && 'callId' in pos) wrong.push(`${s.role}: another team's position names its call`)
      if (view === 'patterns' && s.msgs.some((m) => m.type.startsWith('call.'))) wrong.push(`${s.role}: a call event`)
    }
    expect(wrong).toEqual([])
  })
})
