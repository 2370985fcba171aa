// End to end in headless Chromium, the planner's workspace: the browser's simulator gives the CLI's bytes (summary.json
// and calls.csv for the same scenario, seed and replications); a planner copies the baseline, adds two teams at LAFD
// stations picked on the map, saves, runs it in the Web Worker and sees the p90 map; compares it with the baseline;
// builds a scenario from imported history (30 simulated days) and replays that history under it.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD as PASSWORD, hasChromium, launchChromium, startDemoServer, type RunningServer } from '../helpers/e2e'
import { seedSimulatedHistory } from '../helpers/simulated-history'

const SHOTS = path.resolve('test-results')
const ROOT = path.resolve(__dirname, '../..')
const DAY = 86_400_000
const ymd = (d: Date) => d.toISOString().slice(0, 10)
const end = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()))

describe.runIf(hasChromium)('planner workspace in Chromium', () => {
  let server: RunningServer
  let base = ''
  let browser: Browser
  let page: Page
  const errors: string[] = []

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    server = await startDemoServer({ prepare: seedSimulatedHistory({ days: 30, end }) })
    base = server.base
    browser = await launchChromium()
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true })
    await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    page = await ctx.newPage()
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(base)
    await page.getByLabel('Email').fill('planner@demo.care')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Scenarios' }).waitFor()
  }, 240_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  const openScenario = async (name: RegExp): Promise<void> => {
    await page.locator('.scenario-link').filter({ hasText: name }).first().click()
    await page.getByRole('tab', { name: 'Run & results' }).waitFor()
  }
  const download = async (button: string): Promise<string> => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()])
    return fs.readFileSync((await d.path())!, 'utf8')
  }

  it('gives byte for byte the summary.json and calls.csv of `npm run simulate` for the same scenario, seed and replications', async () => {
    await openScenario(/^LA baseline/)
    await page.getByLabel('seed').fill('2026')
    await page.getByLabel('replications').fill('2')
    await page.getByLabel('days').fill('14')
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await page.getByRole('button', { name: 'Download summary.json' }).waitFor({ timeout: 60_000 })
    const summary = await download('Download summary.json')
    const csv = await download('Download calls.csv')
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-planner-cli-'))
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'simulations/cli.ts',
        'simulations/scenarios/la-baseline.json',
        '--days',
        '14',
        '--replications',
        '2',
        '--seed',
        '2026',
        '--workers',
        '1',
        '--out',
        out
      ],
      { cwd: ROOT, stdio: 'pipe' }
    )
    expect(summary.length).toBeGreaterThan(1000)
    expect(summary).toBe(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'))
    fs.writeFileSync(path.join(SHOTS, 'planner-browser-calls.csv'), csv)
    expect(csv).toBe(fs.readFileSync(path.join(out, 'calls.csv'), 'utf8'))
    // and the run was saved with its hash, seed and code version
    const runs = page.locator('table').filter({ hasText: 'Saved runs of this scenario' })
    await expect.poll(async () => await runs.locator('tbody tr').count()).toBeGreaterThan(0)
    expect(await runs.locator('tbody tr').first().innerText()).toMatch(/2026\s+2\s+14/)
  }, 180_000)

  it('copies the baseline, adds two teams at stations picked on the map, runs it and shows the p90 map', async () => {
    await openScenario(/^LA baseline/)
    await page.getByRole('button', { name: 'Duplicate' }).click()
    await page.getByRole('heading', { name: /^Copy of LA baseline/ }).waitFor()
    const rows = page.locator('.teams-table tbody tr')
    const before = await rows.count()
    for (const station of ['3', '27']) {
      await page.getByRole('button', { name: 'Add a team' }).click()
      await page.locator(`path.station-${station}`).dispatchEvent('click')
      await expect.poll(async () => await rows.last().innerText()).toMatch(new RegExp(`Station ${station} \\(`))
    }
    expect(await rows.count()).toBe(before + 2)
    await expect.poll(async () => await page.getByTestId('validation').innerText()).toMatch(/^Valid scenario/)
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect.poll(async () => await page.locator('.scenario-head').innerText()).not.toMatch(/unsaved changes/)
    await page.getByRole('tab', { name: 'Run & results' }).click()
    await page.getByLabel('days').fill('7')
    await page.getByLabel('replications').fill('1')
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await page.getByTestId('headline').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('headline').innerText()).toMatch(/Response p90\s+\d+\.\d ± \d+\.\d min/)
    await expect.poll(async () => await page.locator('.plan-map path.area-shown').count()).toBeGreaterThanOrEqual(10)
    const fills = await page
      .locator('.plan-map path.area-shown')
      .evaluateAll((ps) => new Set(ps.map((p) => p.getAttribute('fill'))).size)
    expect(fills).toBeGreaterThanOrEqual(3)
    await page.screenshot({ path: path.join(SHOTS, 'planner-run.png'), fullPage: true })
  }, 180_000)

  it('compares the new scenario with the baseline on common random numbers', async () => {
    await page.getByRole('tab', { name: 'Compare' }).click()
    await expect.poll(async () => await page.getByLabel('Scenario B').locator('option:checked').innerText()).toMatch(/^LA baseline/)
    await page.getByLabel('days').fill('7')
    await page.getByLabel('replications').fill('2')
    await page.getByRole('button', { name: 'Compare', exact: true }).click()
    const table = page.getByTestId('compare-table')
    await table.waitFor({ timeout: 90_000 })
    expect(await page.locator('.compare').innerText()).toMatch(/Common random numbers: both runs saw the same calls/)
    expect(await table.locator('tr').filter({ hasText: 'Team units' }).innerText()).toMatch(/54\s+52\s+-2/)
    await expect.poll(async () => await page.locator('.compare path.area-shown').count()).toBeGreaterThanOrEqual(10)
    await page.screenshot({ path: path.join(SHOTS, 'planner-compare.png'), fullPage: true })
  }, 180_000)

  it('sites bases on the map and accepts them into the scenario', async () => {
    await page.getByRole('tab', { name: 'Site bases' }).click()
    await page.getByLabel('bases', { exact: true }).fill('8')
    await page.getByLabel('cover time (min)').fill('20')
    await page.getByRole('button', { name: 'Choose bases' }).click()
    const result = page.getByTestId('siting-result')
    await result.waitFor({ timeout: 60_000 })
    expect(await result.innerText()).toMatch(/^8 bases chosen of \d+ candidates: \d+\.\d% of demand within 20 min/)
    expect(await page.locator('.sited-icon').count()).toBe(8)
    expect(await page.locator('.sited-list li').count()).toBe(8)
    await page.getByRole('button', { name: 'Accept into the scenario' }).click()
    await page.getByTestId('validation').waitFor()
    expect(await page.locator('.scenario-head').innerText()).toMatch(/unsaved changes/)
    const bases = new Set(await page.locator('.teams-table .base-name').allInnerTexts())
    expect(bases.size).toBeLessThanOrEqual(8)
    await page.getByRole('button', { name: 'Discard changes' }).click()
    expect(await page.locator('.scenario-head').innerText()).not.toMatch(/unsaved changes/)
  }, 120_000)

  it('shows progress while a run is going and Cancel stops it, leaving nothing saved', async () => {
    await page.getByRole('tab', { name: 'Run & results' }).click()
    // the copy was run once above: its saved runs are listed before anything starts
    const rows = page.locator('table').filter({ hasText: 'Saved runs of this scenario' }).locator('tbody tr')
    await expect.poll(async () => await rows.count()).toBeGreaterThan(0)
    const saved = await rows.count()
    await page.getByLabel('replications').fill('10')
    await page.getByLabel('days').fill('365')
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await page.getByLabel('Simulation progress').waitFor()
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.getByLabel('Simulation progress').waitFor({ state: 'detached' })
    await page.waitForTimeout(1000)
    expect(await rows.count()).toBe(saved)
    expect(await page.getByRole('button', { name: 'Run', exact: true }).isEnabled()).toBe(true)
  }, 60_000)

  it('builds a scenario from imported history and replays that history under it', async () => {
    await page.getByRole('tab', { name: 'From history' }).click()
    await page.getByLabel('from', { exact: true }).fill(ymd(new Date(end.getTime() - 28 * DAY)))
    await page.getByLabel('to', { exact: true }).fill(ymd(new Date(end.getTime() - 2 * DAY)))
    await page.getByLabel('Calls from').selectOption('imported')
    await page.getByRole('button', { name: 'Load calls' }).click()
    await expect
      .poll(
        async () =>
          await page
            .getByTestId('history-loaded')
            .innerText()
            .catch(() => '')
      )
      .toMatch(/^[\d,]+ calls/)
    const n = Number((await page.getByTestId('history-loaded').innerText()).match(/^([\d,]+)/)![1].replace(/,/g, ''))
    expect(n).toBeGreaterThan(2000)
    await page.getByRole('button', { name: 'Build a scenario from these calls' }).click()
    await page.getByTestId('fit').waitFor({ timeout: 60_000 })
    const fit = await page.getByTestId('fit').innerText()
    expect(fit).toMatch(/Turnout\s+\d+\s+\d+\.\d\d\s+\d+\.\d\d\s+-?\d+\.\d\d \[/)
    expect(fit).toMatch(/On scene, mental health\s+\d+/)
    await page.getByRole('button', { name: 'Save as a new scenario' }).click()
    await page.getByRole('heading', { name: /^From history, / }).waitFor()
    await page.getByRole('tab', { name: 'From history' }).click()
    await page.getByLabel('Calls from').selectOption('imported')
    await page.getByLabel('from', { exact: true }).fill(ymd(new Date(end.getTime() - 28 * DAY)))
    await page.getByLabel('to', { exact: true }).fill(ymd(new Date(end.getTime() - 2 * DAY)))
    await page.getByRole('button', { name: 'Load calls' }).click()
    await page.getByTestId('history-loaded').waitFor()
    await page.getByRole('button', { name: /^Replay these calls under/ }).click()
    const replay = page.getByTestId('replay')
    await replay.waitFor({ timeout: 90_000 })
    const text = await replay.innerText()
    expect(text).toMatch(/What happened \(reports, same period and interval definitions\)\s+\d+\.\d\s+\d+\.\d/)
    expect(text).toMatch(/Under this plan \(simulated\)\s+\d+\.\d\s+\d+\.\d/)
    await page.screenshot({ path: path.join(SHOTS, 'planner-history.png'), fullPage: true })
    expect(errors).toEqual([])
  }, 240_000)
})
