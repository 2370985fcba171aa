// `npm run bench:web`: what the web app's first load costs a phone. Lighthouse (a pinned devDependency) on its default mobile
// profile (simulated slow 4G, 4× CPU slowdown) scores the sign-in page and the care team's view (signed in as
// responder@demo.care) in Debian's Chromium against the demo server: performance, accessibility, best practices and the
// metrics behind performance. Then the bytes each screen's first load fetches: the chunks of web/dist the page requests,
// raw and as sent to a browser that accepts gzip (the build's name.js.gz). The load average is printed beside the figures: the
// machine is shared, and Lighthouse's simulated throttling still scales with the CPU it is given.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { CHROMIUM, DEMO_PASSWORD, startDemoServer } from '../helpers/e2e'

const DIST = path.resolve('web', 'dist')
const log = (msg: string) => process.stderr.write(`[bench:web] ${msg}\n`)
const loadAverage = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ')
const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`

// The parts of Lighthouse's API used here, declared locally so the typecheck needs no lighthouse installed.
interface LighthouseAudit { numericValue?: number, displayValue?: string, score: number | null }
interface LighthouseResult {
  lhr: {
    lighthouseVersion: string
    categories: Record<string, { score: number | null } | undefined>
    audits: Record<string, LighthouseAudit | undefined>
    runtimeError?: { code: string, message: string }
    runWarnings: string[]
  }
}
type Lighthouse = (url: string, flags: Record<string, unknown>) => Promise<LighthouseResult | undefined>

async function loadLighthouse (): Promise<Lighthouse> {
  const specifier = 'lighthouse' // a variable, so that TypeScript does not resolve it: only this bench needs the package
  try {
    return ((await import(specifier)) as { default: Lighthouse }).default
  } catch (err) {
    throw new Error(`lighthouse is not installed (a pinned devDependency: run npm install): ${(err as Error).message}`)
  }
}

/** A Chromium of its own (a fresh profile: empty cache, no service worker) with the DevTools port Lighthouse drives. */
async function startChromium (): Promise<{ port: number, stop: () => Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-bench-web-'))
  const proc = spawn(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check', '--disable-background-networking',
    '--disable-component-update', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'
  ], { stdio: ['ignore', 'ignore', 'pipe'] })
  const port = await new Promise<number>((resolve, reject) => {
    let err = ''
    const onData = (d: Buffer) => {
      err += String(d)
      const m = /DevTools listening on ws:\/\/[^\s/]+:(\d+)\//.exec(err)
      if (m) { proc.stderr!.off('data', onData); proc.stderr!.resume(); resolve(Number(m[1])) }
    }
    proc.stderr!.on('data', onData)
    proc.on('exit', (code) => reject(new Error(`chromium exited ${code}: ${err}`)))
  })
  return {
    port,
    stop: async () => {
      const exited = new Promise((resolve) => proc.once('exit', resolve))
      if (proc.exitCode === null && proc.signalCode === null) { proc.kill('SIGTERM'); await exited }
      fs.rmSync(profile, { recursive: true, force: true })
    }
  }
}

interface Session { token: string, user: unknown }

async function signIn (base: string, email: string): Promise<Session> {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) })
  if (!r.ok) throw new Error(`login ${email}: ${r.status} ${await r.text()}`)
  const { token } = await r.json() as { token: string }
  const me = await fetch(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })
  if (!me.ok) throw new Error(`me ${email}: ${me.status} ${await me.text()}`)
  return { token, user: await me.json() }
}

/** What the app keeps on a device that has signed in before (web/api/client.ts, web/auth/remembered.ts). */
function rememberSession ({ token, user }: Session): void {
  localStorage.setItem('cd.token', token)
  localStorage.setItem('cd.user', JSON.stringify({ user, token }))
}

interface Audit { name: string, path: string, scores: Record<string, number | null>, metrics: Record<string, string>, version: string, warnings: string[], load: string }

async function lighthouseAudit (lighthouse: Lighthouse, base: string, name: string, urlPath: string, session: Session | null): Promise<Audit> {
  const chrome = await startChromium()
  try {
    if (session) {
      // The session is written into the profile from a page of the same origin that is not the app (nothing of the
      // app cached), and Lighthouse is told to keep storage, so it measures a signed-in phone's cold start.
      const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`)
      const page = await cdp.contexts()[0].newPage()
      await page.goto(`${base}/health`)
      await page.evaluate(rememberSession, session)
      await page.close()
      await cdp.close()
    }
    const load = loadAverage()
    const result = await lighthouse(`${base}${urlPath}`, {
      port: chrome.port,
      hostname: '127.0.0.1',
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
      disableStorageReset: session !== null
    })
    if (!result) throw new Error(`lighthouse returned nothing for ${urlPath}`)
    const { lhr } = result
    if (lhr.runtimeError) throw new Error(`lighthouse ${urlPath}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
    const score = (id: string): number | null => { const s = lhr.categories[id]?.score; return s === null || s === undefined ? null : Math.round(s * 100) }
    const metric = (id: string): string => lhr.audits[id]?.displayValue ?? 'n/a'
    return {
      name,
      path: urlPath,
      scores: { performance: score('performance'), accessibility: score('accessibility'), 'best-practices': score('best-practices') },
      metrics: { FCP: metric('first-contentful-paint'), LCP: metric('largest-contentful-paint'), TBT: metric('total-blocking-time'), CLS: metric('cumulative-layout-shift'), SI: metric('speed-index') },
      version: lhr.lighthouseVersion,
      warnings: lhr.runWarnings,
      load
    }
  } finally {
    await chrome.stop()
  }
}

interface Size { raw: number, gzip: number }

/** Every file of the build with its size, and its size as sent gzipped (its .gz copy; without one it goes as it is). */
function buildSizes (): Map<string, Size> {
  const sizes = new Map<string, Size>()
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (!e.name.endsWith('.gz')) {
        const raw = fs.statSync(p).size
        sizes.set(`/${path.relative(DIST, p).split(path.sep).join('/')}`, { raw, gzip: fs.existsSync(`${p}.gz`) ? fs.statSync(`${p}.gz`).size : raw })
      }
    }
  }
  walk(DIST)
  return sizes
}

// One screen per entry, opened by a role that may open it (web/app/screens.tsx), each in a fresh context.
const ROUTES: ReadonlyArray<readonly [string, string, string | null]> = [
  ['sign-in', '/', null],
  ['care team (field)', '/field', 'responder@demo.care'],
  ['dispatch console', '/console', 'dispatcher@demo.care'],
  ['roster', '/roster', 'supervisor@demo.care'],
  ['call history', '/history', 'dispatcher@demo.care'],
  ['follow-ups', '/follow-ups', 'supervisor@demo.care'],
  ['plan', '/plan', 'planner@demo.care'],
  ['reports', '/reports', 'planner@demo.care'],
  ['import', '/import', 'planner@demo.care'],
  ['admin: teams', '/admin/teams', 'admin@demo.care'],
  ['admin: users', '/admin/users', 'admin@demo.care'],
  ['admin: protocol', '/admin/protocols', 'admin@demo.care'],
  ['audit', '/audit', 'admin@demo.care'],
  ['account', '/account/security', 'admin@demo.care']
]

/** The build's files a first load of each screen fetches (service workers blocked: only what the page itself asks for). */
async function bytesPerRoute (browser: Browser, base: string, sizes: Map<string, Size>): Promise<string[]> {
  const sessions = new Map<string, Session>()
  const rows: Array<{ name: string, path: string, files: string[] }> = []
  for (const [name, urlPath, email] of ROUTES) {
    const ctx = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 900 } })
    await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    if (email) {
      if (!sessions.has(email)) sessions.set(email, await signIn(base, email))
      await ctx.addInitScript(rememberSession, sessions.get(email)!)
    }
    const files = new Set<string>()
    ctx.on('request', (r) => { const p = new URL(r.url()).pathname; if (p.startsWith('/assets/')) files.add(p) })
    const page = await ctx.newPage()
    await page.goto(`${base}${urlPath}`)
    await page.getByRole('button', { name: email ? 'Sign out' : 'Sign in' }).waitFor({ timeout: 30_000 })
    await page.waitForLoadState('networkidle')
    if (new URL(page.url()).pathname !== (email ? urlPath : '/')) throw new Error(`${urlPath} as ${email}: landed on ${page.url()}`)
    rows.push({ name, path: urlPath, files: [...files].sort() })
    await ctx.close()
  }
  const signInFiles = new Set(rows[0].files)
  const total = (files: string[], ext?: string): Size => files.filter((f) => !ext || f.endsWith(ext)).reduce((s, f) => {
    const z = sizes.get(f)
    if (!z) throw new Error(`${f} was requested but is not in web/dist`)
    return { raw: s.raw + z.raw, gzip: s.gzip + z.gzip }
  }, { raw: 0, gzip: 0 })
  const fmt = (s: Size): string => `${kib(s.raw).padStart(11)} (sent ${kib(s.gzip).padStart(10)})`
  const lines = [`${'screen'.padEnd(20)} ${'path'.padEnd(18)} ${'JS'.padStart(30)} ${'CSS'.padStart(30)} ${'beyond sign-in'.padStart(30)}  files`]
  for (const r of rows) {
    const extra = r.files.filter((f) => !signInFiles.has(f))
    lines.push(`${r.name.padEnd(20)} ${r.path.padEnd(18)} ${fmt(total(r.files, '.js'))} ${fmt(total(r.files, '.css'))} ${fmt(total(extra))}  ${r.files.length}`)
  }
  return lines
}

async function main (): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}`)
  // Without lighthouse the bytes are still measured and printed, and the run fails at the end.
  const lighthouse = await loadLighthouse().catch((err: Error) => err)
  log(`load average before start: ${loadAverage()} (${os.cpus().length} CPUs)`)
  // Map tiles come from a third party's server (OpenStreetMap by default): left out, so the figures are the app's own.
  const server = await startDemoServer({ env: { TILE_URL: '' } })
  const out: string[] = []
  try {
    if (lighthouse instanceof Error) out.push(`Lighthouse not run: ${lighthouse.message}`)
    else {
      log('Lighthouse: sign-in page')
      const audits = [await lighthouseAudit(lighthouse, server.base, 'sign-in page', '/', null)]
      log('Lighthouse: care team view')
      audits.push(await lighthouseAudit(lighthouse, server.base, 'care team view', '/field', await signIn(server.base, 'responder@demo.care')))
      out.push(`Lighthouse ${audits[0].version}, mobile profile (simulated slow 4G, 4× CPU slowdown), ${CHROMIUM}:`)
      for (const a of audits) {
        const scores = Object.entries(a.scores).map(([k, v]) => `${k} ${v ?? 'n/a'}`).join(', ')
        const metrics = Object.entries(a.metrics).map(([k, v]) => `${k} ${v}`).join(', ')
        out.push(`  ${a.name.padEnd(15)} ${a.path.padEnd(7)} ${scores} | ${metrics} | load average ${a.load}`)
        for (const w of a.warnings) out.push(`    warning: ${w}`)
      }
    }

    const sizes = buildSizes()
    const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8')
    const entry = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1])
    out.push('', 'Build (web/dist): index.html loads')
    for (const f of entry) out.push(`  ${f.padEnd(48)} ${kib(sizes.get(f)?.raw ?? 0).padStart(11)} (sent gzipped ${kib(sizes.get(f)?.gzip ?? 0)})`)
    const chunks = [...sizes].filter(([f]) => f.startsWith('/assets/')).sort((a, b) => b[1].raw - a[1].raw)
    const all = chunks.reduce((s, [, z]) => ({ raw: s.raw + z.raw, gzip: s.gzip + z.gzip }), { raw: 0, gzip: 0 })
    out.push(`  all ${chunks.length} files under assets/: ${kib(all.raw)} (sent gzipped ${kib(all.gzip)}); the largest:`)
    for (const [f, z] of chunks.slice(0, 12)) out.push(`    ${f.padEnd(46)} ${kib(z.raw).padStart(11)} (sent gzipped ${kib(z.gzip)})`)

    log('bytes per screen')
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] })
    try {
      out.push('', `First load of each screen (its requests for web/dist files; load average ${loadAverage()}):`, ...await bytesPerRoute(browser, server.base, sizes))
    } finally {
      await browser.close()
    }
  } finally {
    process.stdout.write(`${out.join('\n')}\n`)
    await server.stop()
  }
  if (lighthouse instanceof Error) throw lighthouse
}

main().catch((e: unknown) => { process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`); process.exitCode = 1 })
