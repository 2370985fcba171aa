// End to end in headless Chromium: a planner signs in, opens the reports, filters by a month, sees the p90 map by
// council district (outlines only, no tiles), downloads a CSV; suppressed areas are drawn as such; the page works
// at 1440 px and on a 390 px phone. The demo is given 100 days of simulated history first.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD as PASSWORD, hasChromium, launchChromium, startDemoServer, type RunningServer } from '../helpers/e2e'
import { seedSimulatedHistory } from '../helpers/simulated-history'
import { runScenario } from '../../simulations/run'
import { summarize } from '../../simulations/summary'
import { renderReport } from '../../simulations/report'

const SHOTS = path.resolve('test-results')

const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
const today = new Date()
/** Last calendar month: wholly inside the 100 days of history. */
const monthStart = new Date(today.getFullYear(), today.getMonth() - 1, 1)
const monthEnd = new Date(today.getFullYear(), today.getMonth(), 0)
const MONTH = ymd(monthStart).slice(0, 7)

describe.runIf(hasChromium)('reports in Chromium', () => {
  let server: RunningServer
  let base = ''
  let browser: Browser

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    server = await startDemoServer({
      prepare: seedSimulatedHistory({ days: 100, end: new Date(today.getFullYear(), today.getMonth(), today.getDate()) })
    })
    base = server.base
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  async function openReports (viewport: { width: number; height: number }): Promise<Page> {
    const ctx = await browser.newContext({ viewport, acceptDownloads: true })
    // no tiles from the internet: the map must work with the outlines alone
    await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    const page = await ctx.newPage()
    await page.goto(base)
    await page.getByLabel('Email').fill('planner@demo.care')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('link', { name: 'Reports' }).click()
    await page.getByRole('heading', { name: 'Equity by area' }).waitFor()
    return page
  }

  it('filters by a month, maps p90 by council district and downloads the table as CSV', async () => {
    const page = await openReports({ width: 1440, height: 1000 })
    const equity = page.waitForResponse(
      (r) => r.url().includes(`/api/reports/equity?from=${ymd(monthStart)}&to=${ymd(monthEnd)}`) && r.status() === 200
    )

    await page.getByLabel('Month').fill(MONTH)
    await equity
    expect(await page.getByLabel('Areas', { exact: true }).inputValue()).toBe('council_districts')
    const map = page.getByTestId('report-map')
    await map.locator('path.area').first().waitFor()

    expect(await map.locator('path.area').count()).toBe(15)
    expect(await map.locator('path.area-shown').count()).toBeGreaterThan(10)
    expect(await page.locator('section[aria-labelledby=equity-h] .legend').innerText()).toMatch(
      /Response p90 \(minutes\)[\s\S]*suppressed \(fewer than 5 calls\)/
    )
    await map.locator('.area-label', { hasText: /^CD 14: \d+\.\d$/ }).waitFor()
    expect(await map.locator('.area-label', { hasText: 'CD 14' }).count()).toBe(1)
    const ranked = page.getByRole('group', { name: 'Council districts ranked' })
    expect(await ranked.locator('tbody tr').count()).toBe(15)
    await page.screenshot({ path: `${SHOTS}/e2e-reports-equity-1440.png` })

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV of areas ranked' }).click()
    ])
    expect(download.suggestedFilename()).toBe(`care-dispatch-equity-areas-council_districts-${ymd(monthStart)}-${ymd(monthEnd)}.csv`)
    const csv = fs.readFileSync((await download.path())!, 'utf8')
    expect(csv.split('\n')[0]).toBe(
      'Council districts,Calls,Care-team eligible,Care-team eligible per day,Response: measured,Response median (min),Response p90 ' +
      '(min),Rank by p90 (1 = longest),Resolved without police (share),Rank by share without police (1 = lowest),High need'
    )
    expect(csv.trim().split('\n')).toHaveLength(16)
    await page.getByText(/Saved care-dispatch-equity-areas/).waitFor()
    await page.screenshot({ path: `${SHOTS}/e2e-reports-page-1440.png`, fullPage: true })
  })

  it('draws areas with fewer than 5 calls as suppressed, on the map and in the table', async () => {
    const page = await openReports({ width: 1440, height: 1000 })
    const day = ymd(new Date(monthStart.getFullYear(), monthStart.getMonth(), 10))
    await page.getByLabel('Areas', { exact: true }).selectOption('lapd_divisions')
    await page.getByLabel('Category', { exact: true }).selectOption('traffic_safety')
    await page.getByLabel('From').fill(day)
    const equity = page.waitForResponse(
      (r) => r.url().includes(`from=${day}&to=${day}&category=traffic_safety&area_set=lapd_divisions`) && r.status() === 200
    )
    await page.getByLabel('To (inclusive)').fill(day)
    await equity
    const map = page.getByTestId('report-map')
    await map.locator('path.area').nth(20).waitFor()
    await map.locator('path.area-suppressed').first().waitFor()

    expect(await map.locator('path.area').count()).toBe(21)
    expect(await map.locator('path.area-suppressed').first().getAttribute('fill')).toBe('url(#cd-suppressed-hatch)')
    expect(await page.getByRole('group', { name: 'LAPD divisions ranked' }).locator('td.suppressed').count()).toBeGreaterThan(0)
    expect(await page.locator('section[aria-labelledby=equity-h] .legend').innerText()).toMatch(
      /suppressed \(fewer than 5 calls\): \d+ areas?/
    )
    await page.screenshot({ path: `${SHOTS}/e2e-reports-suppressed.png` })
  })

  it('fits a 390 px phone: the page does not scroll sideways, the tables do', async () => {
    const page = await openReports({ width: 390, height: 844 })
    await page.getByTestId('report-map').locator('path.area').first().waitFor()
    await page.getByTestId('report-map').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/e2e-reports-390-map.png` })
    await page.getByRole('heading', { name: 'Weekly trends' }).scrollIntoViewIfNeeded()
    await page.locator('.trend-chart canvas').first().waitFor()

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    const table = page.getByRole('group', { name: 'Response intervals' })
    await table.scrollIntoViewIfNeeded()
    expect(await table.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true)
    await page.screenshot({ path: `${SHOTS}/e2e-reports-390.png`, fullPage: true })
  })

  it("draws the simulator report's charts with the same library, offline, from one file", async () => {
    const out = await runScenario({ scenarioPath: path.resolve('simulations/scenarios/la-baseline.json'), days: 3, seed: 2 })
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cd-sim-report-')), 'report.html')
    fs.writeFileSync(
      file,
      renderReport(summarize(out.prep, out.reps, { seed: 2, replications: 1 }) as never, out.reps, out.loaded.scenario as never)
    )
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 } })
    const requests: string[] = []
    ctx.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url())
    })
    const page = await ctx.newPage()

    await page.goto(`file://${file}`)

    const drawn = await page.evaluate(() =>
      ['chart-response', 'chart-utilization', 'chart-waits', 'chart-calls'].map(
        (id) =>
          (window as unknown as { Chart: { getChart: (el: unknown) => unknown } }).Chart.getChart(document.getElementById(id)) !==
          undefined
      )
    )
    expect(drawn).toEqual([true, true, true, true])
    expect(requests).toEqual([])
    await page.screenshot({ path: `${SHOTS}/e2e-sim-report.png` })
    await ctx.close()
  })
})
