// `npm run bench:web`: what the web app's first load costs a phone. Lighthouse (a pinned devDependency) on its default mobile
// profile (simulated slow 4G, 4× CPU slowdown) scores the sign-in page and the care team's view (signed in as
// responder@demo.care) in Debian's Chromium against the demo server (npm start's entry on an embedded database in a temp
// DATA_DIR): the median of three runs per page for performance, accessibility, best practices, the metrics behind
// performance and the script and style bytes transferred, against the target (performance ≥ 90 on both pages; the run
// fails when it is not met). Then the build: each screen's chunks from web/dist (the Vite manifest), raw and compressed
// (the build's name.js.gz and name.js.br: the server sends brotli to a browser that asks for it, as Chromium does),
// and the bytes each screen's first load actually fetches.
// The load average is printed at the start, beside each Lighthouse run and at the end: the machine is shared, and
// Lighthouse's simulated throttling still scales with the CPU it is given.
// BENCH_WEB_REPORTS=dir keeps each run's Lighthouse report (JSON) there, for its diagnostics.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import lighthouse, { type Result as LighthouseResult } from 'lighthouse'
import { chromium, type Browser } from 'playwright-core'
import { CHROMIUM, DEMO_PASSWORD, startDemoServer } from '../helpers/e2e'

const DIST = path.resolve('web', 'dist')
const RUNS = 3
const TARGET_PERFORMANCE = 90
const REPORTS = process.env.BENCH_WEB_REPORTS
const log = (msg: string) => process.stderr.write(`[bench:web] ${msg}\n`)
const loadAverage = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`

/**
 * A Chromium of its own (Debian's, never a downloaded one; a fresh profile: empty cache, no service worker) with the
 * DevTools port Lighthouse drives.
 */
async function startChromium (): Promise<{ port: number; stop: () => Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-bench-web-'))
  const proc = spawn(
    CHROMIUM,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-extensions',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank'
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  )
  const port = await new Promise<number>((resolve, reject) => {
    let err = ''
    const onData = (d: Buffer) => {
      err += String(d)
      const m = /DevTools listening on ws:\/\/[^\s/]+:(\d+)\//.exec(err)
      if (m) {
        proc.stderr!.off('data', onData)
        proc.stderr!.resume()
        resolve(Number(m[1]))
      }
    }
    proc.stderr!.on('data', onData)
    proc.on('exit', (code) => reject(new Error(`chromium exited ${code}: ${err}`)))
  })
  return {
    port,
    stop: async () => {
      const exited = new Promise((resolve) => proc.once('exit', resolve))
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM')
        await exited
      }
      fs.rmSync(profile, { recursive: true, force: true })
    }
  }
}

interface Session {
  token: string
  user: unknown
}

/** Signs in as the demo's user through the API, as the sign-in form does (test/helpers/e2e.ts: one password for all). */
async function signIn (base: string, email: string): Promise<Session> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD })
  })
  if (!r.ok) throw new Error(`login ${email}: ${r.status} ${await r.text()}`)
  const { token } = (await r.json()) as { token: string }
  const me = await fetch(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })
  if (!me.ok) throw new Error(`me ${email}: ${me.status} ${await me.text()}`)
  return { token, user: await me.json() }
}

/** What the app keeps on a device that has signed in before (web/api/client.ts, web/auth/remembered.ts). */
function rememberSession ({ token, user }: Session): void {
  localStorage.setItem('cd.token', token)
  localStorage.setItem('cd.user', JSON.stringify({ user, token }))
}

interface Run {
  scores: { performance: number | null; accessibility: number | null; 'best-practices': number | null }
  metrics: Record<'FCP' | 'LCP' | 'TBT' | 'CLS' | 'SI', string>
  /** Script and style sheet bytes over the wire (the page's requests, as Lighthouse counts them). */
  transferred: { js: number; css: number }
  version: string
  warnings: string[]
  load: string
}

/**
 * Lighthouse now and then fails to record the trace of a load (NO_NAVSTART, NO_FCP: its own advice is to run it
 * again); such a run is taken again once, in a new browser, and said so. Any other error ends the bench.
 */
async function withRetry (run: () => Promise<Run>): Promise<Run> {
  try {
    return await run()
  } catch (err) {
    if (!/NO_NAVSTART|NO_FCP|NO_LCP/.test(String(err))) throw err
    process.stderr.write(`[bench:web] ${String(err)}: taken again\n`)
    return await run()
  }
}

async function lighthouseRun (base: string, urlPath: string, session: Session | null, report: string | null): Promise<Run> {
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
    const result = await lighthouse(`${base}${urlPath}`, {
      port: chrome.port,
      hostname: '127.0.0.1',
      output: 'json',
      logLevel: 'error',
      // the defaults, said out loud: Moto G Power-sized phone, slow 4G and a 4× slower CPU, simulated (Lantern)
      formFactor: 'mobile',
      throttlingMethod: 'simulate',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
      disableStorageReset: session !== null
    })
    if (!result) throw new Error(`lighthouse returned nothing for ${urlPath}`)
    const lhr: LighthouseResult = result.lhr
    if (lhr.runtimeError) throw new Error(`lighthouse ${urlPath}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
    if (report) fs.writeFileSync(report, JSON.stringify(lhr))
    const score = (id: string): number | null => {
      const s = lhr.categories[id]?.score
      return s === null || s === undefined ? null : Math.round(s * 100)
    }
    const metric = (id: string): string => lhr.audits[id]?.displayValue ?? 'n/a'
    type Summary = { items?: Array<{ resourceType: string; transferSize: number }> } | undefined
    const summary = (lhr.audits['resource-summary']?.details as Summary)?.items ?? []
    const bytes = (type: string): number => summary.find((i) => i.resourceType === type)?.transferSize ?? 0
    return {
      scores: { performance: score('performance'), accessibility: score('accessibility'), 'best-practices': score('best-practices') },
      metrics: {
        FCP: metric('first-contentful-paint'),
        LCP: metric('largest-contentful-paint'),
        TBT: metric('total-blocking-time'),
        CLS: metric('cumulative-layout-shift'),
        SI: metric('speed-index')
      },
      transferred: { js: bytes('script'), css: bytes('stylesheet') },
      version: lhr.lighthouseVersion,
      warnings: lhr.runWarnings,
      load: loadAverage()
    }
  } finally {
    await chrome.stop()
  }
}

/** The run whose performance score is the median (its metrics are one run's, so they agree with each other). */
function medianRun (runs: Run[]): Run {
  return [...runs].sort((a, b) => (a.scores.performance ?? -1) - (b.scores.performance ?? -1))[Math.floor(runs.length / 2)]
}

interface Size {
  raw: number
  gzip: number
  br: number
}

/** Every file of the build with its size, and its size as sent gzipped and brotli-compressed (a file with no such copy goes as it is). */
function buildSizes (): Map<string, Size> {
  const sizes = new Map<string, Size>()
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (!/\.(gz|br)$/.test(e.name)) {
        const raw = fs.statSync(p).size
        const packed = (ext: string): number => (fs.existsSync(`${p}${ext}`) ? fs.statSync(`${p}${ext}`).size : raw)
        sizes.set(`/${path.relative(DIST, p).split(path.sep).join('/')}`, { raw, gzip: packed('.gz'), br: packed('.br') })
      }
    }
  }
  walk(DIST)
  return sizes
}

const sum = (sizes: Map<string, Size>, files: Iterable<string>): Size => {
  const total = { raw: 0, gzip: 0, br: 0 }
  for (const f of files) {
    const z = sizes.get(f)
    if (!z) throw new Error(`${f} is not in web/dist`)
    total.raw += z.raw
    total.gzip += z.gzip
    total.br += z.br
  }
  return total
}
const fmt = (s: Size): string => `${kib(s.raw).padStart(10)} (gzip ${kib(s.gzip).padStart(9)}, br ${kib(s.br).padStart(9)})`
/** A chunk's name without its content hash (CareTeamView-DYBwVXUS.js → CareTeamView.js). */
const short = (file: string): string => path.basename(file).replace(/-[\w-]{8}(\.\w+)$/, '$1')

interface ManifestChunk {
  file: string
  css?: string[]
  imports?: string[]
  isEntry?: boolean
  isDynamicEntry?: boolean
}

/** From the Vite manifest: the shell index.html loads, and what each screen's chunk adds to it (its static imports and style sheets). */
function chunksPerScreen (sizes: Map<string, Size>): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>
  const closure = (key: string, into = new Set<string>()): Set<string> => {
    const c = manifest[key]
    if (!c || into.has(`/${c.file}`)) return into
    into.add(`/${c.file}`)
    for (const css of c.css ?? []) into.add(`/${css}`)
    for (const i of c.imports ?? []) closure(i, into)
    return into
  }
  const shell = closure('index.html')
  const lines = [`Shell (index.html, every page): ${fmt(sum(sizes, shell))}`]
  const largest = [...shell].sort((a, b) => sizes.get(b)!.raw - sizes.get(a)!.raw)
  for (const f of largest) lines.push(`    ${short(f).padEnd(34)} ${fmt(sizes.get(f)!)}`)
  const screens = Object.entries(manifest).filter(([, c]) => c.isDynamicEntry && !c.file.includes('workbox'))
  screens.sort(([a], [b]) => a.localeCompare(b))
  lines.push('Each screen adds to the shell (its own chunk first, then shared chunks it imports):')
  for (const [key] of screens) {
    const own = [...closure(key)].filter((f) => !shell.has(f))
    lines.push(`  ${key.padEnd(36)} ${fmt(sum(sizes, own))}`)
    const kibs = (z: Size): string => [z.raw, z.gzip, z.br].map((n) => (n / 1024).toFixed(1)).join('/')
    lines.push(`    ${own.map((f) => `${short(f)} ${kibs(sizes.get(f)!)}`).join(', ')}`)
  }
  lines.push('  (per chunk: KiB raw/gzip/br)')
  return lines
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
async function bytesPerRoute (browser: Browser, base: string, sizes: Map<string, Size>): Promise<{ lines: string[]; all: Size }> {
  const sessions = new Map<string, Session>()
  const rows: Array<{ name: string; path: string; files: string[] }> = []
  for (const [name, urlPath, email] of ROUTES) {
    const ctx = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 900 } })
    await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    if (email) {
      if (!sessions.has(email)) sessions.set(email, await signIn(base, email))
      await ctx.addInitScript(rememberSession, sessions.get(email)!)
    }
    const files = new Set<string>()
    ctx.on('request', (r) => {
      const p = new URL(r.url()).pathname
      if (p.startsWith('/assets/')) files.add(p)
    })
    const page = await ctx.newPage()
    await page.goto(`${base}${urlPath}`)
    await page.getByRole('button', { name: email ? 'Sign out' : 'Sign in' }).waitFor({ timeout: 30_000 })
    await page.waitForLoadState('networkidle')
    if (new URL(page.url()).pathname !== (email ? urlPath : '/')) throw new Error(`${urlPath} as ${email}: landed on ${page.url()}`)
    rows.push({ name, path: urlPath, files: [...files].sort() })
    await ctx.close()
  }
  const signInFiles = new Set(rows[0].files)
  const head = ['JS', 'CSS', 'beyond sign-in'].map((h) => h.padStart(41)).join(' ')
  const lines = [`${'screen'.padEnd(18)} ${'path'.padEnd(18)} ${head}  files`]
  for (const r of rows) {
    const extra = r.files.filter((f) => !signInFiles.has(f))
    const js = sum(
      sizes,
      r.files.filter((f) => f.endsWith('.js'))
    )
    const css = sum(
      sizes,
      r.files.filter((f) => f.endsWith('.css'))
    )
    lines.push(`${r.name.padEnd(18)} ${r.path.padEnd(18)} ${fmt(js)} ${fmt(css)} ${fmt(sum(sizes, extra))}  ${r.files.length}`)
  }
  const field = rows.find((r) => r.path === '/field')!
  lines.push(`  the care team's first load: ${field.files.map(short).join(', ')}`)
  const assets = [...sizes.keys()].filter((f) => f.startsWith('/assets/'))
  return { lines, all: sum(sizes, assets) }
}

async function main (): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}`)
  const startLoad = loadAverage()
  log(`load average at start: ${startLoad} (${os.cpus().length} CPUs)`)
  if (REPORTS) fs.mkdirSync(REPORTS, { recursive: true })
  // Map tiles come from a third party's server (OpenStreetMap by default): left out, so the figures are the app's own.
  const server = await startDemoServer({ env: { TILE_URL: '' } })
  const out: string[] = [`load average at start: ${startLoad} (${os.cpus().length} CPUs)`]
  const misses: string[] = []
  try {
    const pages: Array<{ name: string; path: string; email: string | null }> = [
      { name: 'sign-in page', path: '/', email: null },
      { name: 'care team view', path: '/field', email: 'responder@demo.care' }
    ]
    const medians: Array<{ name: string; path: string; median: Run; runs: Run[] }> = []
    for (const p of pages) {
      const session = p.email ? await signIn(server.base, p.email) : null
      const runs: Run[] = []
      for (let i = 1; i <= RUNS; i++) {
        log(`Lighthouse: ${p.name}, run ${i} of ${RUNS}`)
        const report = REPORTS ? path.join(REPORTS, `${p.path === '/' ? 'sign-in' : p.path.slice(1)}-${i}.json`) : null
        runs.push(await withRetry(async () => await lighthouseRun(server.base, p.path, session, report)))
      }
      medians.push({ ...p, median: medianRun(runs), runs })
    }
    const version = medians[0].median.version
    out.push(`Lighthouse ${version}, mobile profile (simulated slow 4G, 4× CPU slowdown), ${CHROMIUM}; median of ${RUNS} runs:`)
    for (const { name, path: p, median, runs } of medians) {
      const scores = Object.entries(median.scores)
        .map(([k, v]) => `${k} ${v ?? 'n/a'}`)
        .join(', ')
      const metrics = Object.entries(median.metrics)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')
      out.push(`  ${name.padEnd(15)} ${p.padEnd(7)} ${scores}`)
      out.push(`      ${metrics} | JS ${kib(median.transferred.js)}, CSS ${kib(median.transferred.css)} transferred`)
      out.push(`      performance per run: ${runs.map((r) => `${r.scores.performance ?? 'n/a'} (load ${r.load})`).join(', ')}`)
      for (const w of new Set(runs.flatMap((r) => r.warnings))) out.push(`      warning: ${w}`)
    }
    out.push(`Target: performance ≥ ${TARGET_PERFORMANCE} on both pages:`)
    for (const { name, median } of medians) {
      const met = (median.scores.performance ?? 0) >= TARGET_PERFORMANCE
      if (!met) misses.push(name)
      out.push(`  ${name.padEnd(15)} ${median.scores.performance ?? 'n/a'}: ${met ? 'met' : 'NOT met'}`)
    }

    const sizes = buildSizes()
    out.push('', 'Build (web/dist, from its Vite manifest; raw, and as sent gzipped or brotli-compressed):', ...chunksPerScreen(sizes))

    log('bytes per screen')
    const args = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run']
    const browser = await chromium.launch({ executablePath: CHROMIUM, args })
    try {
      const { lines, all } = await bytesPerRoute(browser, server.base, sizes)
      out.push('', `First load of each screen (its requests for web/dist files; load average ${loadAverage()}):`, ...lines)
      out.push(`All files under assets/ (the service worker precaches them after the first load): ${fmt(all)}`)
    } finally {
      await browser.close()
    }
  } finally {
    out.push(`load average at end: ${loadAverage()}`)
    process.stdout.write(`${out.join('\n')}\n`)
    await server.stop()
  }
  if (misses.length > 0) throw new Error(`performance below ${TARGET_PERFORMANCE} on: ${misses.join(', ')}`)
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`)
  process.exitCode = 1
})
