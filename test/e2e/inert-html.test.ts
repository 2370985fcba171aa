// End to end in real headless Chromium: HTML a caller's words carry (a narrative, an address, a name) is stored
// as given and shown as text. In the dispatcher console and the care team's view nothing in it runs: no
// dialog opens, the page's flag stays unset, no element it describes exists, and the text reads literally.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD as PASSWORD, hasChromium, launchChromium, startDemoServer, type RunningServer } from '../helpers/e2e'

if (!hasChromium) console.warn('e2e skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)')

const NARRATIVE =
  'man on the corner talking to himself, says he hears voices, no weapons, not violent, not injured ' +
  '<img src=x onerror="window.__pwned=1;alert(1)"> <script>window.__pwned=2;alert(2)</script> ' +
  '<a href="javascript:window.__pwned=3">call me</a> <svg onload="window.__pwned=4"></svg>'
const ADDRESS = '<img src=x onerror=window.__pwned=5>500 W Temple St <script>window.__pwned=6</script>'
const NAME = '<b onmouseover="window.__pwned=7">Sam</b><iframe src="javascript:window.parent.__pwned=8"></iframe>'

describe.runIf(hasChromium)('HTML in a call is inert in Chromium', () => {
  let server: RunningServer
  let base = ''
  let browser: Browser
  const dialogs: string[] = []
  const pageErrors: string[] = []

  beforeAll(async () => {
    server = await startDemoServer()
    base = server.base
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  async function signIn (email: string, viewport: { width: number; height: number }): Promise<Page> {
    const ctx = await browser.newContext({ viewport })
    await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    const page = await ctx.newPage()
    page.on('dialog', (d) => {
      dialogs.push(`${email}: ${d.message()}`)
      d.dismiss().catch(() => {})
    })
    page.on('pageerror', (e) => {
      pageErrors.push(`${email}: ${e.message}`)
    })
    await page.goto(base)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('● live').first().waitFor({ timeout: 15_000 })
    return page
  }

  /** What ran or was built from the payload on this page. */
  async function damage (
    page: Page
  ): Promise<{ flag: unknown; imgs: number; scripts: number; iframes: number; svgs: number; links: number }> {
    return await page.evaluate(() => ({
      flag: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
      imgs: document.querySelectorAll('img[src="x"]').length,
      scripts: [...document.scripts].filter((s) => s.textContent?.includes('__pwned')).length,
      iframes: document.querySelectorAll('iframe').length,
      svgs: document.querySelectorAll('svg[onload]').length,
      links: document.querySelectorAll('a[href^="javascript:"]').length
    }))
  }
  const none = { flag: null, imgs: 0, scripts: 0, iframes: 0, svgs: 0, links: 0 }

  it('stores the text as given and shows it literally to the dispatcher and the responder, running none of it', async () => {
    const d = await signIn('dispatcher@demo.care', { width: 1366, height: 900 })
    const r = await signIn('responder@demo.care', { width: 360, height: 780 })
    const created = await d.evaluate(
      async ({ narrative, address, name }) => {
        const h = { authorization: `Bearer ${localStorage.getItem('cd.token')}`, 'content-type': 'application/json' }
        const call = await fetch('/api/calls', {
          method: 'POST',
          headers: h,
          body: JSON.stringify({
            location: { lat: 34.0562, lon: -118.2468, address },
            narrative,
            callerName: name,
            callback: '213-555-0100'
          })
        }).then(async (x) => await x.json())
        return call as { id: string; narrative: string; location: { address: string }; callerName: string }
      },
      { narrative: NARRATIVE, address: ADDRESS, name: NAME }
    )
    expect(created.narrative).toBe(NARRATIVE)
    expect(created.location.address).toBe(ADDRESS)
    expect(created.callerName).toBe(NAME)

    // the dispatcher: the queue row, then the call's panel
    const row = d.locator('.queue li', { hasText: '500 W Temple St' }).first()
    await row.waitFor({ timeout: 15_000 })
    expect(await row.locator('.addr').innerText()).toBe(ADDRESS)
    await row.locator('button').first().click()
    const panelNarrative = d.locator('p.narrative', { hasText: 'hears voices' })
    await panelNarrative.waitFor({ timeout: 10_000 })
    expect(await panelNarrative.innerText()).toBe(NARRATIVE)

    // assigned to the demo responder's team: their view shows it as a new assignment
    const teamId = await r.evaluate(async () => {
      const me = await fetch('/api/auth/me', { headers: { authorization: `Bearer ${localStorage.getItem('cd.token')}` } }).then(
        async (x) => await x.json()
      )
      return me.teamId as string
    })
    const assigned = await d.evaluate(
      async ({ callId, teamId }) => {
        const h = { authorization: `Bearer ${localStorage.getItem('cd.token')}`, 'content-type': 'application/json' }
        return (
          await fetch(`/api/calls/${callId}/assignments`, {
            method: 'POST',
            headers: h,
            body: JSON.stringify({ teamId, override: true })
          })
        ).status
      },
      { callId: created.id, teamId }
    )
    expect(assigned).toBe(201)
    await r.getByText('NEW ASSIGNMENT', { exact: true }).waitFor({ timeout: 15_000 })
    expect(await r.locator('p.addr').first().innerText()).toContain(ADDRESS)
    expect(await r.locator('p.narrative').innerText()).toBe(NARRATIVE)
    expect(await r.locator('p.callback').innerText()).toContain(NAME)
    await r.locator('p.callback').hover()
    await d.locator('.active li', { hasText: '500 W Temple St' }).first().waitFor({ timeout: 10_000 })

    // give any handler a chance to fire (the broken image would have errored by now)
    await d.waitForTimeout(500)
    expect(await damage(d)).toEqual(none)
    expect(await damage(r)).toEqual(none)
    expect(dialogs).toEqual([])
    expect(pageErrors).toEqual([])
  })
})
