// The web app's addresses in real headless Chromium: each screen at its own path (reload and Back keep
// it), a call at /console/calls/:id, the first app's #/ links moved to their paths, an unknown address
// or one not open to the role said so (never another screen in its place), and every screen a role
// opens passing an axe-core WCAG 2.1 AA scan with no serious or critical violation.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousViolations } from '../helpers/axe'
import { apiLogin, DEMO_PASSWORD, hasChromium, launchChromium, startDemoServer, type RunningServer } from '../helpers/e2e'

describe.runIf(hasChromium)('screens at their own addresses (Chromium)', () => {
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

  async function signIn (email: string, path = '/'): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    const page = await ctx.newPage()
    await page.goto(`${server.base}${path}`)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 })
    return page
  }
  const pathOf = (page: Page): string => new URL(page.url()).pathname

  it('lands each role on its start page, and keeps a screen across a reload and Back', async () => {
    const planner = await signIn('planner@demo.care')
    await planner.waitForURL(/\/plan$/)
    expect(await planner.title()).toBe('Plan · care dispatch')
    await planner.getByRole('link', { name: 'Reports' }).click()
    await planner.waitForURL(/\/reports$/)
    await expect.poll(async () => await planner.getByRole('link', { name: 'Reports' }).getAttribute('aria-current')).toBe('page')
    await planner.reload()
    await planner.getByRole('button', { name: 'Sign out' }).waitFor()
    expect(pathOf(planner)).toBe('/reports')
    await planner.goBack()
    await planner.waitForURL(/\/plan$/)

    const supervisor = await signIn('supervisor@demo.care')
    await supervisor.waitForURL(/\/console$/)
    await supervisor.getByRole('link', { name: 'Roster' }).click()
    await supervisor.getByRole('heading', { name: 'Roster and shifts' }).waitFor()
    await supervisor.reload()
    await supervisor.getByRole('heading', { name: 'Roster and shifts' }).waitFor()
    expect(pathOf(supervisor)).toBe('/roster')
  })

  it('opens a call at its own address, and Back closes it', async () => {
    const api = await apiLogin(server.base, 'dispatcher@demo.care')
    const call = (await api('POST', '/api/calls', {
      location: { lat: 34.0522, lon: -118.2437, address: '200 N Spring St' },
      narrative: 'man talking to himself on the corner, no weapons'
    })) as { id: string }
    const page = await signIn('dispatcher@demo.care', `/console/calls/${call.id}`)
    // signed in on the call's address: the panel opens on that call
    await page.waitForURL(new RegExp(`/console/calls/${call.id}$`))
    await page.getByRole('heading', { name: `Call #${call.id.slice(0, 8)}` }).waitFor({ timeout: 15_000 })
    await page.goto(`${server.base}/console`)
    await page.getByRole('button', { name: 'Sign out' }).waitFor()
    await page.getByRole('heading', { name: /^Queue/ }).waitFor()
    expect(await page.locator('#call-h').count()).toBe(0)
    await page.goBack()
    await page.waitForURL(new RegExp(`/console/calls/${call.id}$`))
  })

  it("moves the first app's #/ links to their paths, and says when an address is unknown or not for the role", async () => {
    const planner = await signIn('planner@demo.care', '/#/reports')
    await planner.waitForURL(/\/reports$/)
    await planner.goto(`${server.base}/users-that-do-not-exist`)
    await planner.getByRole('heading', { name: 'There is no such page' }).waitFor()
    await planner.goto(`${server.base}/roster`)
    await planner.getByRole('heading', { name: 'This page is not for your role' }).waitFor()
    expect(await planner.getByRole('heading', { name: 'Roster and shifts' }).count()).toBe(0)
    await planner.getByRole('link', { name: 'Go to your start page' }).click()
    await planner.waitForURL(/\/plan$/)
  })

  it('passes an axe-core WCAG 2.1 AA scan on every screen each role opens', async () => {
    const found: Record<string, unknown> = {}
    for (const [email, paths] of [
      ['dispatcher@demo.care', ['/console']],
      ['supervisor@demo.care', ['/console', '/roster', '/reports']],
      ['planner@demo.care', ['/plan', '/import', '/reports', '/console']],
      ['admin@demo.care', ['/console', '/roster', '/plan', '/import', '/reports', '/nowhere']]
    ] as const) {
      const page = await signIn(email)
      for (const p of paths) {
        await page.goto(`${server.base}${p}`)
        await page.getByRole('button', { name: 'Sign out' }).waitFor()
        await page.waitForLoadState('networkidle')
        const v = await seriousViolations(page)
        if (v.length > 0) found[`${email} ${p}`] = v
      }
      await page.context().close()
    }
    expect(found).toEqual({})
  })
})
