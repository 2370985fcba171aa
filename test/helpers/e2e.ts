// End-to-end plumbing: the real server (npm start's entry, demo data on a fresh PGlite) and Debian's
// Chromium driven by playwright-core. A missing Chromium fails in CI and skips elsewhere.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { createTestDb, pgliteDataDirTemplate, type Engine } from './db'

export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = fs.existsSync(CHROMIUM)
if (!hasChromium && process.env.CI) throw new Error(`CI: no Chromium at ${CHROMIUM}; browser tests must run (apt-get install chromium)`)
export const DEMO_PASSWORD = 'care-dispatch-demo'

export interface RunningServer {
  base: string
  stop: () => Promise<void>
}

/**
 * Builds the web app if needed, then starts the server on a free port with the LA demo on a fresh database: embedded
 * (PGlite) by default, or a new PostgreSQL database on DATABASE_URL's server with `engine: 'postgres'` (dropped on stop).
 * The demo's simulated past is off (DEMO_HISTORY_DAYS=0) unless `env` asks for it: most tests need none, and it costs
 * each start its seeding. Resolves with its URL.
 */
export async function startDemoServer (
  opts: { env?: Record<string, string>; prepare?: (dataDir: string) => Promise<void>; engine?: Engine } = {}
): Promise<RunningServer> {
  let dropDb: (() => Promise<void>) | null = null
  let databaseUrl = ''
  if (opts.engine === 'postgres') {
    const db = await createTestDb('postgres')
    await db.close()
    databaseUrl = db.url!
    dropDb = db.destroy
  }
  const env = { DATABASE_URL: databaseUrl, DEMO_HISTORY_DAYS: '0', ...opts.env }
  const build = spawn(process.execPath, ['server/ensure-web-build.mjs'], { stdio: 'inherit' })
  await new Promise((resolve) => build.on('exit', resolve))
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-e2e-'))
  // the embedded database starts migrated (a copy of one built once per run); the server seeds the demo into it
  if (opts.engine !== 'postgres') fs.cpSync(await pgliteDataDirTemplate(), dataDir, { recursive: true })
  // e.g. history written into the embedded database before the server opens it
  await opts.prepare?.(dataDir)
  // `node --import tsx`: the server `npm start` runs through tsx, without npx and a tsx process in between (about a second
  // of CPU each start)
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true
  })
  const base = await new Promise<string>((resolve, reject) => {
    let out = ''
    server.stdout!.on('data', (d: Buffer) => {
      out += String(d)
      const m = /Health:\s+(http:\/\/[^/\s]+)/.exec(out)
      if (m) resolve(m[1])
    })
    server.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)))
  })
  // the whole group: the server and anything it started; then the PostgreSQL database, once the server has let go of it
  return {
    base,
    stop: async () => {
      const exited = new Promise((resolve) => server.once('exit', resolve))
      if (server.pid) {
        try {
          process.kill(-server.pid, 'SIGTERM')
        } catch {
          /* gone */
        }
      }
      if (server.exitCode === null && server.signalCode === null) {
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
      }
      await dropDb?.()
    }
  }
}

export async function launchChromium (): Promise<Browser> {
  return await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run'
    ]
  })
}

/** Signs in through the API (for setting up a scenario the browser then works through). */
export async function apiLogin (base: string, email: string): Promise<(method: string, p: string, body?: unknown) => Promise<any>> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD })
  })
  if (!r.ok) throw new Error(`login ${email}: ${r.status} ${await r.text()}`)
  const { token } = (await r.json()) as { token: string }
  return async (method, p, body) => {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`)
    return text ? JSON.parse(text) : null
  }
}

/**
 * Answers each screening question "no" in the intake form, as a dispatcher clicks it. The triage preview above the
 * questions changes height as its answer arrives, so on a slow machine a click can land beside the radio while the
 * form moves: each answer is clicked again (three tries) until it holds, and must hold at the end.
 */
export async function answerNo (form: Page | Locator, questions: readonly string[]): Promise<void> {
  for (const q of questions) {
    const radio = form.getByRole('radiogroup', { name: q }).getByRole('radio', { name: 'no', exact: true })
    for (let attempt = 1; ; attempt++) {
      try {
        await radio.check({ timeout: 10_000 })
        break
      } catch (err) {
        if (attempt === 3) throw err
      }
    }
  }
  for (const q of questions) {
    const radio = form.getByRole('radiogroup', { name: q }).getByRole('radio', { name: 'no', exact: true })
    if (!(await radio.isChecked())) throw new Error(`the answer "no" to "${q}" did not hold`)
  }
}
