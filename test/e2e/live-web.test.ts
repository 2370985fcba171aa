// End to end in real headless Chromium: intake → triage preview → assign → the responder sees it live,
// moves through statuses (one of them offline, through the outbox) → the dispatcher's queue and map follow.
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answerNo, DEMO_PASSWORD as PASSWORD, hasChromium, launchChromium, startDemoServer, type RunningServer } from '../helpers/e2e'

if (!hasChromium) console.warn('e2e skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)')
const SHOTS = path.resolve('test-results')

describe.runIf(hasChromium)('live web app in Chromium', () => {
  let server: RunningServer
  let base = ''
  let browser: Browser
  // Anything the content-security policy blocked, on any page: the app must need none of it.
  const cspViolations: string[] = []

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    server = await startDemoServer()
    base = server.base
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    // the server and anything it started
    await server?.stop()
  })

  async function signIn (email: string, viewport: { width: number; height: number }): Promise<Page> {
    const ctx = await browser.newContext({ viewport })
    // no tiles from the internet: the map must work with outlines and markers only
    await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    const page = await ctx.newPage()
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text())
    })
    await page.goto(base)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('● live').first().waitFor({ timeout: 15_000 })
    return page
  }

  it('takes a call, assigns it, and the responder works it live, offline included', async () => {
    const d = await signIn('dispatcher@demo.care', { width: 1366, height: 900 })
    const r = await signIn('responder@demo.care', { width: 360, height: 780 })
    await d.locator('.leaflet-container path.leaflet-interactive, .leaflet-container path').first().waitFor({ state: 'attached' })
    // the protocol version in force, as the server says (GET /api/triage/protocol), in the console's top bar
    const inForce = await d.evaluate(
      async () =>
        await fetch('/api/triage/protocol', { headers: { authorization: `Bearer ${localStorage.getItem('cd.token')}` } }).then((x) =>
          x.json()
        )
    )
    await d
      .locator('.topbar')
      .getByText(`Protocol ${String(inForce.version)}`, { exact: true })
      .waitFor()

    // intake: the map click sets the location; the preview shows its reasons
    const map = d.locator('.main-map .leaflet-container')
    const box = (await map.boundingBox())!
    await map.click({ position: { x: box.width * 0.62, y: box.height * 0.52 } })
    // the click's state update renders on the next frame, which a loaded machine can delay
    await expect.poll(async () => Number(await d.getByLabel('Latitude').inputValue()), { timeout: 10_000 }).toBeGreaterThan(33)
    // then put the call next to the demo responder's team, so that team is the recommended one
    const pos = await r.evaluate(async () => {
      const h = { authorization: `Bearer ${localStorage.getItem('cd.token')}` }
      const me = await fetch('/api/auth/me', { headers: h }).then((x) => x.json())
      const t = await fetch(`/api/teams/${me.teamId}`, { headers: h }).then((x) => x.json())
      return t.position ?? t.base
    })
    // typed key by key, as a dispatcher would (a controlled number field once ate the decimal point)
    for (const [field, value] of [
      ['Latitude', pos.lat],
      ['Longitude', pos.lon]
    ] as const) {
      await d.getByLabel(field).fill('')
      await d.getByLabel(field).pressSequentially(String(value))
    }
    expect(await d.getByLabel('Latitude').inputValue()).toBe(String(pos.lat))
    await d.getByLabel('Address or landmark').fill('E2E 500 W Temple St')
    await d
      .getByLabel('Narrative')
      .fill('man on the corner talking to himself, says he hears voices, no weapons, not violent, not injured')
    await answerNo(d, [
      'Does anyone there have a weapon, or one within reach?',
      'Is anyone being violent, or threatening to hurt someone?',
      'Is anyone injured?'
    ])
    const preview = d.getByTestId('triage-preview')
    // the first reason in sight, the others folded
    await preview.locator('.first-reason').waitFor()
    await preview.locator('summary').click()
    await preview.getByText('Reasons', { exact: true }).waitFor()
    expect(await preview.locator('.reasons li').count()).toBeGreaterThan(0)
    await d.screenshot({ path: `${SHOTS}/e2e-intake.png` })
    await d.getByRole('button', { name: 'Create call' }).click()

    // recommendation panel: assign the recommended team in one action
    const assignBtn = d.locator('.recs li.best button')
    await assignBtn.waitFor()
    const callSign = (await assignBtn.innerText()).replace(/^Assign /, '')
    // the new call takes the focus, and its recommendation is on screen, not below the emptied form
    await d.waitForFunction(() => document.activeElement?.id === 'call-h')
    const btn = (await assignBtn.boundingBox())!
    expect(btn.y + btn.height).toBeLessThanOrEqual(d.viewportSize()!.height)
    await d.screenshot({ path: `${SHOTS}/e2e-recommendations.png` })
    const respTeam = await r.locator('.field-bar strong').innerText()
    // the demo responder is bound to the first team; assign that one if it is not the best
    expect(callSign).toBe(respTeam)
    const target = assignBtn
    const loadsBefore = await r.evaluate(() => performance.getEntriesByType('navigation').length)
    const t0 = Date.now()
    await target.click()

    // the responder sees it within 2 s, without a reload
    await r.getByText('NEW ASSIGNMENT', { exact: true }).waitFor({ timeout: 2000 })
    expect(Date.now() - t0).toBeLessThan(2000)
    expect(await r.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loadsBefore)
    await r.screenshot({ path: `${SHOTS}/e2e-responder-assigned.png` })

    await r.getByRole('button', { name: 'Acknowledge' }).click()
    await r.getByRole('button', { name: 'En route' }).click()
    await d
      .locator('.active li', { hasText: 'E2E 500 W Temple St' })
      .getByText('en route')
      .waitFor({ timeout: 3000 })
      .catch(async (e: unknown) => {
        await d.screenshot({ path: `${SHOTS}/e2e-fail-d.png` })
        await r.screenshot({ path: `${SHOTS}/e2e-fail-r.png` })
        throw e
      })

    // offline: the action waits in the outbox, shown as not sent, then goes when the connection returns.
    // The phone has had the server's answer to en route first (its next step is on screen).
    await r.getByRole('button', { name: 'On scene' }).waitFor()
    await r.context().setOffline(true)
    await r.getByRole('button', { name: 'On scene' }).click()
    await r.getByRole('heading', { name: 'Not sent yet (1)' }).waitFor()
    await r.screenshot({ path: `${SHOTS}/e2e-responder-offline.png` })
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await r.context().setOffline(false)
    await r.getByRole('heading', { name: /Not sent yet/ }).waitFor({ state: 'detached', timeout: 15_000 })
    await d.locator('.active li', { hasText: 'E2E 500 W Temple St' }).getByText('on scene').waitFor({ timeout: 5000 })

    // close with a disposition; the dispatcher's lists follow and the pin leaves the map
    await r.getByLabel('Disposition').selectOption('resolved_on_scene')
    await r.getByRole('button', { name: 'Close call' }).click()
    await r.getByText('No current assignment').waitFor({ timeout: 5000 })
    await d.locator('.active li', { hasText: 'E2E 500 W Temple St' }).waitFor({ state: 'detached', timeout: 5000 })
    await d.screenshot({ path: `${SHOTS}/e2e-dispatcher-after.png` })

    // the timeline recorded the offline action at the device time, before the sync
    const detail = await d.evaluate(async () => {
      const list = await fetch('/api/calls?status=closed&limit=1', {
        headers: { authorization: `Bearer ${localStorage.getItem('cd.token')}` }
      }).then((x) => x.json())
      return list.items[0]
    })
    expect(detail.status).toBe('closed')
    expect(Date.parse(detail.times.onScene)).toBeLessThan(Date.parse(detail.times.cleared))
  })

  it('resumes after the stream drops: a call made meanwhile appears once', async () => {
    const d = await signIn('dispatcher@demo.care', { width: 1366, height: 900 })
    await d.context().setOffline(true)
    const token = await d.evaluate(() => localStorage.getItem('cd.token'))
    const res = await fetch(`${base}/api/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        location: { lat: 34.06, lon: -118.24, address: 'E2E Resume Plaza' },
        narrative: 'person in crisis, no weapons, not violent'
      })
    })
    expect(res.status).toBe(201)
    await d.context().setOffline(false)
    await d.getByText('E2E Resume Plaza').first().waitFor({ timeout: 20_000 })
    expect(await d.locator('.queue li', { hasText: 'E2E Resume Plaza' }).count()).toBe(1)
    await d.screenshot({ path: `${SHOTS}/e2e-resume.png` })
  })

  it('needed nothing the content-security policy blocks, on any page above', () => {
    expect(cspViolations).toEqual([])
  })
})
