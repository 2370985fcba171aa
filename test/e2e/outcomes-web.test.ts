// End to end in headless Chromium, on a fresh demo with its own past (90 days simulated at start, DEMO_HISTORY_DAYS):
// the reports page's Unmet demand section (figures, not "suppressed"; the map by area; the weekday × hour heat chart and
// its table), the console's refer form asking why no care team went, the follow-up worklist (an overdue follow-up gets
// an attempt and is completed, checked through the API), and the public page without signing in (figures, labelled
// simulated, the CSV without a token); no serious axe-core violation on any screen.
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiLogin, DEMO_PASSWORD as PASSWORD, hasChromium, launchChromium, startDemoServer, type RunningServer } from '../helpers/e2e'
import { seriousViolations } from '../helpers/axe'
import { ALL_SAFE } from '../server/domain/triage-cases'

const SHOTS = path.resolve('test-results')

describe.runIf(hasChromium)('unmet demand and follow-ups in Chromium', () => {
  let server: RunningServer
  let base = ''
  let browser: Browser

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    // the demo's own past, as on a first npm start (the other browser tests start without it)
    server = await startDemoServer({ env: { DEMO_HISTORY_DAYS: '90' } })
    base = server.base
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  async function signIn (email: string, path = '/', viewport = { width: 1440, height: 1000 }): Promise<Page> {
    const ctx = await browser.newContext({ viewport })
    await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    const page = await ctx.newPage()
    await page.goto(`${base}${path}`)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 })
    return page
  }

  it('shows unmet demand with figures: headline, table, map by area and the weekday × hour heat chart', async () => {
    const page = await signIn('planner@demo.care')
    await page.getByRole('link', { name: 'Reports' }).click()
    const unmet = page.getByTestId('unmet')
    await unmet.getByTestId('unmet-headline').waitFor()
    await unmet.getByTestId('unmet-map').locator('path.area-shown').first().waitFor()

    const headline = await unmet.getByTestId('unmet-headline').innerText()
    // the simulated teams serve all but a handful: that handful is a small cell, so the headline says "all but 1 to 4"
    expect(headline).toMatch(/^Of [\d,]+ care-team eligible calls, a care team served (all but 1 to 4|[\d,]+ \(coverage \d+\.\d%)/)
    const table = unmet.getByRole('group', { name: 'Unmet demand' })
    expect(await table.locator('tbody tr').first().locator('td').first().innerText()).toMatch(/^[\d,]+$/)
    expect(
      await unmet
        .getByRole('group', { name: 'Coverage by hour', exact: true })
        .locator('td', { hasText: /^\d+\.\d%$/ })
        .count()
    ).toBeGreaterThan(12)
    expect(await unmet.getByTestId('unmet-map').locator('path.area').count()).toBe(15)
    expect(await unmet.getByTestId('heat-chart').locator('rect.heat-shown').count()).toBeGreaterThan(100)
    await unmet.getByText('Weekday and hour as a table').click()
    expect(await unmet.getByRole('group', { name: 'Coverage by weekday and hour' }).locator('tbody tr').count()).toBeGreaterThan(100)
    await unmet.getByLabel('Coverage by', { exact: true }).selectOption('weekday')
    expect(await unmet.getByRole('group', { name: 'Coverage by weekday', exact: true }).locator('tbody tr').count()).toBe(7)
    await unmet.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/e2e-unmet-demand.png`, fullPage: true })
    expect(await seriousViolations(page)).toEqual([])
  })

  it('asks the dispatcher why no care team went when referring an eligible call out, and the report counts it', async () => {
    const dispatcher = await apiLogin(base, 'dispatcher@demo.care')
    const call = await dispatcher('POST', '/api/calls', {
      location: { lat: 34.0522, lon: -118.2437, address: '200 N Spring St' },
      narrative: 'man talking to himself on the corner, hears voices, no weapons, not violent, not injured',
      answers: ALL_SAFE
    })
    expect(['care_team', 'care_team_with_ems', 'co_response_police']).toContain(call.triage.response)
    const page = await signIn('dispatcher@demo.care', `/console/calls/${call.id as string}`)
    await page.getByRole('button', { name: 'Refer out…' }).click()

    const dialog = page.locator('dialog[open]')
    await dialog.getByRole('radio', { name: 'Police' }).check()
    await dialog.getByLabel(/Why no care team/).selectOption('all_teams_busy')
    await dialog.getByLabel('Reason').fill('every team on a call, caller cannot wait')
    await dialog.getByRole('button', { name: 'Refer to Police' }).click()
    await page.getByText(/no care team: all teams busy/).waitFor()

    const detail = await dispatcher('GET', `/api/calls/${call.id as string}`)
    expect(detail.status).toBe('referred')
    const supervisor = await apiLogin(base, 'supervisor@demo.care')
    const day = new Date(call.receivedAt as string).toISOString().slice(0, 10)
    const r = await supervisor(
      'GET',
      `/api/reports/unmet?source=live&from=${day}T00:00:00Z&to=${new Date(Date.now() + 60_000).toISOString()}`
    )
    // a single call is a suppressed cell: the report says so rather than 1
    expect(r.table.rows[0].values.all_teams_busy).toBe('suppressed')
  })

  it('works an overdue follow-up on the worklist: an attempt, then completion', async () => {
    const dispatcher = await apiLogin(base, 'dispatcher@demo.care')
    const call = await dispatcher('POST', '/api/calls', {
      location: { lat: 34.0522, lon: -118.2437, address: '100 W 1st St' },
      narrative: 'woman crying in the park, says she feels hopeless, no weapons, not violent',
      callback: '+1 213 555 0199',
      answers: ALL_SAFE
    })
    const fu = await dispatcher('POST', `/api/calls/${call.id as string}/follow-ups`, {
      dueAt: new Date(Date.now() + 1500).toISOString(),
      reason: '48-hour check after a crisis contact'
    })
    await new Promise((resolve) => setTimeout(resolve, 2000))

    const page = await signIn('navigator@demo.care')
    await page.getByRole('heading', { name: 'Follow-ups' }).waitFor()
    const item = page.getByTestId('follow-up').filter({ hasText: '48-hour check after a crisis contact' })
    await item.waitFor()
    expect(await item.innerText()).toContain('+1 213 555 0199')
    expect(await seriousViolations(page)).toEqual([])
    await item.getByLabel('Attempt', { exact: true }).selectOption('no_answer')
    await item.getByLabel('Note', { exact: true }).fill('left a voicemail')
    await item.getByRole('button', { name: 'Record attempt' }).click()
    await item.getByText('left a voicemail').waitFor()
    await item.getByLabel('Closing note').fill('reached on second try, doing better')
    await page.screenshot({ path: `${SHOTS}/e2e-follow-ups.png`, fullPage: true })
    await item.getByRole('button', { name: /Complete follow-up/ }).click()
    await item.waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Done' }).click()
    await page.getByTestId('follow-up').filter({ hasText: 'reached on second try' }).waitFor()

    const navigator = await apiLogin(base, 'navigator@demo.care')
    const done = (await navigator('GET', '/api/follow-ups?status=done')).items.find((x: { id: string }) => x.id === fu.id)
    expect(done).toMatchObject({ state: 'done', completionNote: 'reached on second try, doing better' })
    expect(done.attempts.map((a: { outcome: string; note: string }) => [a.outcome, a.note])).toEqual([
      ['no_answer', 'left a voicemail']
    ])
  })

  it('shows the public summary on a fresh demo without signing in: figures by week and area, labelled simulated, keyboard and axe ' +
    'clean', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    const page = await ctx.newPage()
    await page.goto(`${base}/public`)

    await page.getByRole('heading', { name: 'Care teams: public summary', level: 1 }).waitFor()
    const weeks = page.getByRole('group', { name: 'Care-team calls by week' })
    await weeks.waitFor()
    expect(await page.title()).toBe('Public summary · care dispatch')
    expect(await page.getByTestId('public-simulated').innerText()).toMatch(/^Simulated data\. .*not real calls/)
    expect(await page.getByLabel('Email').count()).toBe(0)
    // the twelve full weeks of the demo's past: calls a care team could take and the p90 response, not suppressed
    const rows = weeks.locator('tbody tr')
    expect(await rows.count()).toBe(13)
    for (let i = 1; i < 12; i++) {
      const cells = await rows.nth(i).locator('td').allInnerTexts()
      expect(Number(cells[0].replace(/,/g, '')), `week ${i}: ${cells.join(' | ')}`).toBeGreaterThan(500)
      expect(cells[4], `week ${i} p90`).toMatch(/^\d+\.\d$/)
    }
    const areas = page.getByRole('group', { name: 'Care-team calls by area (LAPD divisions)' })
    expect(await areas.locator('tbody tr').count()).toBeGreaterThanOrEqual(21)
    expect(await areas.locator('td', { hasText: /^\d+\.\d%$/ }).count()).toBeGreaterThan(10)
    await page.screenshot({ path: `${SHOTS}/e2e-public.png`, fullPage: true })
    expect(await seriousViolations(page)).toEqual([])

    // by keyboard: the weeks table scrolls from the keyboard and the CSV link is reached by Tab
    await page.keyboard.press('Tab')
    let focused = ''
    for (let i = 0; i < 10 && focused !== 'Download the weeks as CSV'; i++) {
      focused = await page.evaluate(
        () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? ''
      )
      if (focused !== 'Download the weeks as CSV') await page.keyboard.press('Tab')
    }
    expect(focused).toBe('Download the weeks as CSV')

    const csv = await fetch(`${base}/api/public/summary?format=csv&table=areas`)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(csv.headers.get('cache-control')).toBe('public, max-age=300')
    expect((await csv.text()).split('\n')[0]).toMatch(/^LAPD divisions,Calls a care team could take,/)
    await ctx.close()
  })
})
