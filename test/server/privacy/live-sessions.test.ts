// Live-stream sockets end with their session: sign-out, deactivation, a change of role or team, expiry; on the
// process that made the change and on another process on the same PostgreSQL database (AUTH_CHANNEL). The close
// codes are the ones the web app acts on (LIVE_CLOSE: 4401 sign out, 4403 reconnect with the new rights).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { LIVE_CLOSE } from '../../../server/contracts/events'
import { ENGINES } from '../../helpers/db'
import { api, auth, newCall, newTeam, PASSWORD, setup, setupTwoProcesses, type Fixture } from '../../helpers/app'

interface Socket {
  closed: Promise<{ code: number; ms: number }>
  msgs: Array<{ type: string; callId?: string | null }>
  isOpen: () => boolean
  terminate: () => void
}

async function open (app: FastifyInstance, token: string): Promise<Socket> {
  const msgs: Array<{ type: string; callId?: string | null }> = []
  let resolveClosed!: (c: { code: number; ms: number }) => void
  const closed = new Promise<{ code: number; ms: number }>((resolve) => {
    resolveClosed = resolve
  })
  let since = 0
  let isOpen = true
  const ws = await app.injectWS(
    '/api/live',
    { headers: auth(token) },
    {
      onInit: (s) => {
        s.on('message', (d: Buffer) => msgs.push(JSON.parse(String(d))))
        s.on('close', (code: number) => {
          isOpen = false
          resolveClosed({ code, ms: Date.now() - since })
        })
      }
    }
  )
  const t0 = Date.now()
  while (!msgs.some((m) => m.type === 'stream.live')) {
    if (Date.now() - t0 > 5000) throw new Error('the stream did not go live')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return {
    msgs,
    isOpen: () => isOpen,
    terminate: () => ws.terminate(),
    // the time is counted from the moment the test marks (mark()), not from the connection
    get closed () {
      since ||= Date.now()
      return closed
    }
  } as Socket
}

/** Starts the clock of a socket's closing at the moment of the change. */
function mark (...sockets: Socket[]): void {
  for (const s of sockets) s.closed.catch(() => {})
}

async function within<T> (p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      p,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)
      })
    ])
  } finally {
    clearTimeout(timer)
  }
}

let seq = 0
/** A user and two sessions of theirs (two devices). */
async function twoSessions (
  app: FastifyInstance,
  role: 'responder' | 'dispatcher',
  teamId?: string
): Promise<{ id: string; tokens: [string, string] }> {
  const email = `live-session-${process.pid}-${++seq}-${Math.random().toString(36).slice(2, 7)}@test.care`
  const user = await app.services.auth.createUser({ email, password: PASSWORD, role, teamId })
  const login = async (): Promise<string> => {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD } })
    if (r.statusCode !== 200) throw new Error(r.body)
    return r.json().token as string
  }
  return { id: user.id, tokens: [await login(), await login()] }
}

describe.each(ENGINES)('live-stream sockets end with their session (%s)', (engine) => {
  let f: Fixture
  let teamId: string
  let otherTeamId: string
  beforeAll(async () => {
    f = await setup(engine, { config: { SESSION_CACHE_SECONDS: '1' } })
    teamId = (await newTeam(f)).id
    otherTeamId = (await newTeam(f, { lat: 34.1, lon: -118.3 })).id
  })
  afterAll(async () => {
    await f.close()
  })

  it('closes the socket of a session signed out within 2 s (4401), and only that one', async () => {
    const u = await twoSessions(f.app, 'responder', teamId)
    const a = await open(f.app, u.tokens[0])
    const b = await open(f.app, u.tokens[1])

    mark(a)
    const out = await api(f, 'POST', '/api/auth/logout', u.tokens[0])

    expect(out.statusCode).toBe(204)
    const closed = await within(a.closed, 2000, 'socket of the signed-out session')
    expect(closed.code).toBe(LIVE_CLOSE.sessionEnded)
    expect(closed.ms).toBeLessThan(2000)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(b.isOpen()).toBe(true)
    b.terminate()
  })

  it('closes every socket of a user deactivated by an admin within 2 s (4401), and sends nothing after', async () => {
    const u = await twoSessions(f.app, 'dispatcher')
    const a = await open(f.app, u.tokens[0])
    const b = await open(f.app, u.tokens[1])

    mark(a, b)
    const r = await api(f, 'PATCH', `/api/users/${u.id}`, f.tokens.admin, { active: false })

    expect(r.statusCode).toBe(200)
    for (const s of [a, b]) expect((await within(s.closed, 2000, 'socket of the deactivated user')).code).toBe(LIVE_CLOSE.sessionEnded)
    const later = await newCall(f)
    await new Promise((resolve) => setTimeout(resolve, 200))
    for (const s of [a, b]) expect(s.msgs.some((m) => m.callId === later.id)).toBe(false)
  })

  it('closes the sockets of a user whose role, team or password changed (their sessions end with it)', async () => {
    const role = await twoSessions(f.app, 'dispatcher')
    const team = await twoSessions(f.app, 'responder', teamId)
    const password = await twoSessions(f.app, 'dispatcher')
    const sockets = [await open(f.app, role.tokens[0]), await open(f.app, team.tokens[0]), await open(f.app, password.tokens[0])]

    mark(...sockets)
    const changes = [
      await api(f, 'PATCH', `/api/users/${role.id}`, f.tokens.admin, { role: 'planner' }),
      await api(f, 'PATCH', `/api/users/${team.id}`, f.tokens.admin, { teamId: otherTeamId }),
      await api(f, 'PATCH', `/api/users/${password.id}`, f.tokens.admin, { password: 'another-password-456' })
    ]

    expect(changes.map((c) => c.statusCode)).toEqual([200, 200, 200])
    for (const s of sockets) {
      expect((await within(s.closed, 2000, 'socket after a change of rights')).code).toBe(LIVE_CLOSE.sessionEnded)
    }
  })

  it("closes a socket whose user's rights no longer match while the session holds, with 4403, at the next check", async () => {
    const u = await twoSessions(f.app, 'dispatcher')
    const s = await open(f.app, u.tokens[0])

    mark(s)
    // a change made behind the server's back (no revocation): only the periodic check (every SESSION_CACHE_SECONDS) sees it
    await f.db.db.updateTable('users').set({ role: 'planner' }).where('id', '=', u.id).execute()

    expect((await within(s.closed, 3000, 'socket with changed rights')).code).toBe(LIVE_CLOSE.rightsChanged)
  })

  it('closes a socket whose session expired, at the next check', async () => {
    const u = await twoSessions(f.app, 'dispatcher')
    const s = await open(f.app, u.tokens[0])

    mark(s)
    f.clock.advance(f.config.sessionTtlMs + 1000)
    try {
      expect((await within(s.closed, 3000, 'socket of an expired session')).code).toBe(LIVE_CLOSE.sessionEnded)
    } finally {
      f.clock.advance(-(f.config.sessionTtlMs + 1000))
    }
  })
})

describe.runIf(process.env.DATABASE_URL)('live-stream sockets end with their session on another process (postgres)', () => {
  let a: Fixture
  let b: Fixture
  let close: (() => Promise<void>) | undefined
  beforeAll(async () => {
    ;({ a, b, close } = await setupTwoProcesses())
  })
  afterAll(async () => {
    await close?.()
  })

  it('closes a socket on process B within 2 s of a sign-out made on process A', async () => {
    const u = await twoSessions(a.app, 'dispatcher')
    const onB = await open(b.app, u.tokens[0])
    const otherOnB = await open(b.app, u.tokens[1])

    mark(onB)
    const out = await a.app.inject({ method: 'POST', url: '/api/auth/logout', headers: auth(u.tokens[0]) })

    expect(out.statusCode).toBe(204)
    expect((await within(onB.closed, 2000, 'socket on the other process')).code).toBe(LIVE_CLOSE.sessionEnded)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(otherOnB.isOpen()).toBe(true)
    otherOnB.terminate()
  })

  it('closes every socket on process B within 2 s of a deactivation made on process A', async () => {
    const u = await twoSessions(a.app, 'dispatcher')
    const onB = [await open(b.app, u.tokens[0]), await open(b.app, u.tokens[1])]
    const onA = await open(a.app, u.tokens[0])

    mark(...onB, onA)
    const r = await a.app.inject({
      method: 'PATCH',
      url: `/api/users/${u.id}`,
      headers: auth(a.tokens.admin),
      payload: { active: false }
    })

    expect(r.statusCode).toBe(200)
    for (const s of [...onB, onA]) {
      expect((await within(s.closed, 2000, 'socket of the deactivated user')).code).toBe(LIVE_CLOSE.sessionEnded)
    }
  })
})
