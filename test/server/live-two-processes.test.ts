// Two real server processes (npm's entry, server/main.ts) on one PostgreSQL: a websocket client on each
// sees every event committed on either process exactly once, in seq order (LISTEN/NOTIFY relay).
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createTestDb, type TestDb } from '../helpers/db'
import { freePort } from '../helpers/net'

const ADMIN = { email: 'relay-admin@test.care', password: 'relay-password-123' }

interface Server {
  base: string
  child: ChildProcess
}

async function start (url: string): Promise<Server> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO: '0',
      MFA_REQUIRED_ROLES: '',
      LOG_LEVEL: 'warn',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password
    },
    stdio: ['ignore', 'ignore', 'inherit']
  })
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return { base, child }
    } catch {
      /* starting */
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill('SIGKILL')
  throw new Error('server did not start')
}

async function post (base: string, path: string, body: unknown, token?: string): Promise<any> {
  const r = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body)
  })
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`)
  return await r.json()
}

describe.runIf(process.env.DATABASE_URL)('live stream across two server processes on one PostgreSQL', () => {
  let db: TestDb
  let a: Server
  let b: Server
  beforeAll(async () => {
    db = await createTestDb('postgres')
    // Start one first so that only one creates the bootstrap admin.
    a = await start(db.url!)
    b = await start(db.url!)
  }, 60_000)
  afterAll(async () => {
    for (const s of [a, b]) {
      if (!s) continue
      s.child.kill('SIGTERM')
      await new Promise((resolve) => s.child.once('exit', resolve))
    }
    await db?.destroy()
  })

  it('delivers every event to clients on both processes exactly once, in order', async () => {
    const adminToken = (await post(a.base, '/api/auth/login', ADMIN)).token as string
    await post(a.base, '/api/users', { email: 'relay-dispatcher@test.care', password: ADMIN.password, role: 'dispatcher' }, adminToken)
    const token = (await post(b.base, '/api/auth/login', { email: 'relay-dispatcher@test.care', password: ADMIN.password }))
      .token as string
    const clients = await Promise.all(
      [a, b].map(
        (s) =>
          new Promise<{ msgs: any[]; ws: WebSocket }>((resolve, reject) => {
            const msgs: any[] = []
            const ws = new WebSocket(`${s.base.replace('http', 'ws')}/api/live?token=${token}`)
            ws.on('message', (d) => {
              const m = JSON.parse(String(d))
              msgs.push(m)
              if (m.type === 'stream.live') resolve({ msgs, ws })
            })
            ws.on('error', reject)
          })
      )
    )

    const created: Array<{ id: string }> = []
    for (let i = 0; i < 6; i++) {
      const s = i % 2 === 0 ? a : b
      created.push(
        await post(
          s.base,
          '/api/calls',
          { location: { lat: 34.05 + i / 1000, lon: -118.25 }, narrative: 'person in crisis, no weapons, not violent' },
          token
        )
      )
    }
    const want = created.length * 3
    const deadline = Date.now() + 10_000
    const seen = (msgs: any[]) =>
      msgs.filter((m) => typeof m.seq === 'number' && !String(m.type).startsWith('stream.') && created.some((c) => c.id === m.callId))
    while (Date.now() < deadline && clients.some((c) => seen(c.msgs).length < want)) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
    for (const c of clients) c.ws.terminate()

    const rows = await db.db
      .selectFrom('events')
      .select('seq')
      .where(
        'call_id',
        'in',
        created.map((c) => c.id)
      )
      .orderBy('seq')
      .execute()
    const expected = rows.map((r) => Number(r.seq))
    for (const c of clients) {
      expect(seen(c.msgs).map((m) => m.seq)).toEqual(expected)
    }
  }, 60_000)
})
