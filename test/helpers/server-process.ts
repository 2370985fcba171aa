// Real server processes (npm's entry, server/main.ts) for proofs that need several of them, kills and
// restarts: start one on a database, talk to it over HTTP and websockets, stop or SIGKILL it.
import { spawn, type ChildProcess } from 'node:child_process'
import WebSocket from 'ws'
import { freePort } from './net'

export const ADMIN = { email: 'proof-admin@test.care', password: 'proof-password-123' }

export interface ServerProcess {
  base: string
  port: number
  child: ChildProcess
  /** SIGTERM (graceful) or SIGKILL; resolves when the process has exited. */
  stop: (signal?: NodeJS.Signals) => Promise<void>
}

export async function startServer (
  databaseUrl: string,
  env: Record<string, string> = {},
  port?: number,
  nodeArgs: string[] = []
): Promise<ServerProcess> {
  port ??= await freePort()
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO: '0',
      // the bootstrap admin signs in with a password alone here (two-step sign-in has its own tests)
      MFA_REQUIRED_ROLES: '',
      LOG_LEVEL: 'warn',
      LOGIN_RATE_PER_MINUTE: '100000',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      ...env
    },
    stdio: ['ignore', 'ignore', 'inherit']
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const base = `http://127.0.0.1:${port}`
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    await exited
  }
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    try {
      if ((await fetch(`${base}/health`)).ok) return { base, port, child, stop }
    } catch {
      /* starting */
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await stop('SIGKILL')
  throw new Error('server did not start')
}

export interface Answer {
  status: number
  body: any
}

export async function http (
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  headers: Record<string, string> = {}
): Promise<Answer> {
  const r = await fetch(base + path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers
    },
    body: body !== undefined ? JSON.stringify(body) : undefined
  })
  const text = await r.text()
  let json: unknown = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    json = text
  }
  return { status: r.status, body: json }
}

/** Signs in as the bootstrap admin and creates one user per role asked for; returns their tokens. */
export async function users (
  base: string,
  roles: Array<'dispatcher' | 'supervisor' | 'planner'>,
  tag: string
): Promise<{ admin: string } & Record<string, string>> {
  const admin = (await http(base, 'POST', '/api/auth/login', ADMIN)).body.token as string
  const out: Record<string, string> = { admin }
  for (const role of roles) {
    const email = `${role}-${tag}@test.care`
    const c = await http(base, 'POST', '/api/users', { email, password: ADMIN.password, role }, admin)
    if (c.status !== 201 && c.status !== 409) throw new Error(`user: ${c.status} ${JSON.stringify(c.body)}`)
    out[role] = (await http(base, 'POST', '/api/auth/login', { email, password: ADMIN.password })).body.token as string
  }
  return out as { admin: string } & Record<string, string>
}

export interface LiveMessage {
  type: string
  seq: number
  callId?: string | null
  teamId?: string | null
  at?: string
  data?: any
}

/** A websocket client of /api/live that keeps every message; `live` resolves at stream.live. */
export class LiveClient {
  readonly msgs: LiveMessage[] = []
  readonly ws: WebSocket
  readonly live: Promise<void>
  closed = false

  constructor (base: string, token: string, since?: number) {
    this.ws = new WebSocket(`${base.replace('http', 'ws')}/api/live?token=${token}${since !== undefined ? `&since=${since}` : ''}`)
    this.live = new Promise((resolve, reject) => {
      this.ws.on('message', (d) => {
        const m = JSON.parse(String(d)) as LiveMessage
        this.msgs.push(m)
        if (m.type === 'stream.live') resolve()
      })
      this.ws.on('error', reject)
      this.ws.on('close', () => {
        this.closed = true
        reject(new Error('closed before live'))
      })
    })
    this.live.catch(() => {})
  }

  /** Domain events only (not stream control messages, nor the batched positions, which have no seq). */
  events (): LiveMessage[] {
    return this.msgs.filter((m) => !m.type.startsWith('stream.') && m.type !== 'pong' && m.type !== 'positions')
  }

  lastSeq (): number {
    return this.events().reduce((a, m) => Math.max(a, m.seq), 0)
  }

  close (): void {
    this.ws.terminate()
  }
}
