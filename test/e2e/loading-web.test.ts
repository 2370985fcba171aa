// What a first load fetches, in real headless Chromium against the built app: the sign-in page only the shell, the care
// team's phone its own screen on top, neither Leaflet, Chart.js, TypeBox nor the planner (the phone's map comes with the
// first call it shows); every script and style sheet compressed at build time, sent gzipped with `Vary` and cached for
// good; and the phone's screen drawn without moving under the responder's thumb as its data arrives.
// (`npm run bench:web` measures the same loads with Lighthouse; this test keeps them from growing back unseen.)
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiLogin, DEMO_PASSWORD, hasChromium, launchChromium, startDemoServer, type RunningServer } from '../helpers/e2e'

if (!hasChromium) console.warn('e2e skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)')

/** A string each library leaves in its minified code (checked against the build: see the test's first lines). */
const SIGNATURES: Record<string, string> = {
  Leaflet: 'leaflet-pane',
  'Chart.js': 'chartjs',
  TypeBox: '~kind',
  'the planner': 'sim.worker'
}

interface Loaded {
  path: string
  encoding: string | undefined
  vary: string | undefined
  cache: string | undefined
  body: string
  bytes: number
}

describe.runIf(hasChromium)('first loads (Chromium)', () => {
  let server: RunningServer
  let browser: Browser

  beforeAll(async () => {
    server = await startDemoServer()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  /** A phone-sized context with nothing cached and no service worker (a first load), recording the app's scripts and styles. */
  async function phone (): Promise<{ ctx: BrowserContext; loaded: Loaded[] }> {
    const ctx = await browser.newContext({ viewport: { width: 412, height: 823 }, serviceWorkers: 'block' })
    await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    const loaded: Loaded[] = []
    ctx.on('response', (r) => {
      const path = new URL(r.url()).pathname
      if (!/^\/assets\/.*\.(js|css)$/.test(path)) return
      const headers = r.headers()
      loaded.push({
        path,
        encoding: headers['content-encoding'],
        vary: headers.vary,
        cache: headers['cache-control'],
        body: '', // filled in by withBodies
        bytes: Number(headers['content-length']) // the compressed copy's size: what came over the wire
      })
    })
    return { ctx, loaded }
  }

  async function withBodies (loaded: Loaded[]): Promise<Loaded[]> {
    return await Promise.all(loaded.map(async (l) => ({ ...l, body: await (await fetch(`${server.base}${l.path}`)).text() })))
  }

  const libraries = (files: Loaded[]): string[] =>
    Object.entries(SIGNATURES)
      .filter(([, s]) => files.some((f) => f.body.includes(s)))
      .map(([name]) => `${name}`)

  it('knows each library by its signature in the build', async () => {
    // a signature that is no longer in the build would make the checks below pass whatever loads: each must be found
    const precache = await (await fetch(`${server.base}/sw.js`)).text()
    const files = [...new Set([...precache.matchAll(/"(assets\/[^"]+\.js)"/g)].map((m) => `/${m[1]}`))]
    const bodies = await Promise.all(files.map(async (f) => await (await fetch(`${server.base}${f}`)).text()))
    for (const [name, s] of Object.entries(SIGNATURES)) {
      expect(
        bodies.some((b) => b.includes(s)),
        name
      ).toBe(true)
    }
  })

  it('loads only the shell for the sign-in page, compressed and cached for good', async () => {
    const { ctx, loaded } = await phone()
    const page = await ctx.newPage()
    await page.goto(`${server.base}/`)
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 15_000 })
    await page.waitForLoadState('networkidle')
    const files = await withBodies(loaded)

    expect(libraries(files)).toEqual([])
    // (the service worker's registration code aside: it loads once the page is idle)
    const names = files.map((f) => f.path.replace(/-[\w-]{8}\./, '.')).filter((f) => !f.startsWith('/assets/workbox-window'))
    expect(names.sort()).toEqual(['/assets/index.css', '/assets/index.js', '/assets/jsx-runtime.js', '/assets/rolldown-runtime.js'])
    for (const f of files) {
      // the build's compressed copy (brotli: Chromium asks for it on this machine's own address, as over HTTPS)
      expect(f.encoding, f.path).toBe('br')
      expect(f.vary, f.path).toMatch(/accept-encoding/i)
      expect(f.cache, f.path).toMatch(/immutable/)
    }
    // the shell as sent: React, the router, the sign-in form and the styles (about 82 KiB brotli, 92 KiB gzip when this was written)
    expect(files.reduce((s, f) => s + f.bytes, 0)).toBeLessThan(110 * 1024)
    await ctx.close()
  })

  it("loads the care team's screen without Leaflet, Chart.js, TypeBox or the planner, and the map with the first call", async () => {
    const { ctx, loaded } = await phone()
    // every layout shift of the page (Lighthouse's CLS counts the same entries)
    await ctx.addInitScript(() => {
      const w = window as unknown as { shifts: number }
      w.shifts = 0
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
          if (!e.hadRecentInput) w.shifts += e.value
        }
      }).observe({ type: 'layout-shift', buffered: true })
    })
    const page = await ctx.newPage()
    await page.goto(`${server.base}/`)
    await page.getByLabel('Email').fill('responder@demo.care')
    await page.getByLabel('Password').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'No current assignment' }).waitFor({ timeout: 15_000 })
    await page.getByRole('heading', { name: /This shift's calls \(\d+\)/ }).waitFor()
    await page.waitForLoadState('networkidle')
    const first = await withBodies(loaded)

    expect(libraries(first)).toEqual([])
    expect(first.find((f) => /CareTeamView/.test(f.path))).toBeTruthy()
    // the screen's own code, on top of the shell, is small (about 16 KiB brotli, 18 KiB gzip when this was written)
    expect(first.reduce((s, f) => s + f.bytes, 0)).toBeLessThan(130 * 1024)
    // signing in, the emergency button, the team and its shift's calls: nothing already on the screen moved
    expect(await page.evaluate(() => (window as unknown as { shifts: number }).shifts)).toBeLessThan(0.02)

    const dispatcher = await apiLogin(server.base, 'dispatcher@demo.care')
    const responder = await apiLogin(server.base, 'responder@demo.care')
    const me = (await responder('GET', '/api/auth/me')) as { teamId: string }
    const location = { lat: 34.0522, lon: -118.2437, address: '200 N Spring St' }
    const narrative = 'man talking to himself on the corner, no weapons'
    const call = (await dispatcher('POST', '/api/calls', { location, narrative })) as { id: string }
    await dispatcher('POST', `/api/calls/${call.id}/assignments`, { teamId: me.teamId })
    await page.getByText('200 N Spring St').first().waitFor({ timeout: 15_000 })
    // the map's code and Leaflet's style sheet come now: the map is drawn and styled (Leaflet's panes are positioned)
    await page.locator('.field-map .leaflet-container .leaflet-map-pane').waitFor({ state: 'attached', timeout: 15_000 })
    expect(
      await page
        .locator('.field-map .leaflet-pane')
        .first()
        .evaluate((e) => getComputedStyle(e).position)
    ).toBe('absolute')
    const later = await withBodies(loaded.slice(first.length))
    expect(libraries(later)).toContain('Leaflet')
    expect(libraries([...first, ...later])).not.toContain('Chart.js')
    await ctx.close()
  })
})
