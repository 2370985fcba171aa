// The import page in real headless Chromium: a planner picks a CAD export, sees its first rows, maps the columns
// with a live preview, starts, watches the progress bar, reads the summary and downloads the rejects; at 1440 and 390 px.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launchChromium, startDemoServer, type RunningServer } from '../helpers/e2e'
import { QUIRKS_CSV } from '../server/history/quirks'

const SHOTS = path.resolve('test-results')

describe.runIf(hasChromium)('import page in Chromium', () => {
  let server: RunningServer
  let base = ''
  let browser: Browser
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-e2e-import-'))
  const file = path.join(dir, 'county-cad-2024.csv')

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    fs.writeFileSync(file, QUIRKS_CSV)
    server = await startDemoServer({ env: { TIME_ZONE: 'America/Los_Angeles' } })
    base = server.base
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  async function signIn (email: string, width: number): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true })
    await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    const page = await ctx.newPage()
    await page.goto(base)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill('care-dispatch-demo')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('link', { name: 'Import' }).click()
    return page
  }

  it('maps, previews, imports, and hands back the rejects (1440 px)', async () => {
    const page = await signIn('planner@demo.care', 1440)

    await page.getByLabel('CAD export (CSV)').setInputFiles(file)
    // first rows, and a first guess at the mapping from the column names
    await page.getByRole('cell', { name: 'HIT &amp; RUN NO INJ' }).waitFor()
    expect(await page.getByLabel('Call type', { exact: true }).inputValue()).toBe('Nature')
    expect(await page.getByLabel('Received', { exact: true }).inputValue()).toBe('Call Date')
    // the date alone: the preview reads midnight; adding the time column reads the time
    const preview = page.getByTestId('import-preview')
    await preview.getByText('2024-01-15 00:00:00').waitFor()
    await page.getByLabel('Received, column 2').selectOption('Call Time')
    await preview.getByText('2024-01-15 23:58:07').waitFor()
    await page.getByLabel('Address', { exact: true }).selectOption('St Num')
    await page.getByLabel('Address, column 2').selectOption('Street')
    await preview.getByText('200 N SPRING ST').waitFor()
    expect(await preview.getByText('HIT & RUN NO INJ').count()).toBe(1)
    expect(await preview.locator('tr.reject').first().innerText()).toMatch(/missing call type/)
    await page.screenshot({ path: `${SHOTS}/e2e-import-mapping-1440.png`, fullPage: true })

    await page.getByRole('button', { name: 'Start import' }).click()
    const summary = page.getByTestId('import-summary')
    await summary.waitFor({ timeout: 30_000 })
    expect(await summary.innerText()).toMatch(/10 rows read: 4 new, 0 already there \(skipped\), 6 rejected/)
    expect(await page.getByRole('progressbar', { name: 'Import progress' }).getAttribute('value')).toBe('1')
    await page.screenshot({ path: `${SHOTS}/e2e-import-done-1440.png`, fullPage: true })

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      summary.getByRole('button', { name: /Download the rejects/ }).click()
    ])
    const saved = path.join(dir, 'rejects.csv')
    await download.saveAs(saved)
    const rejects = fs.readFileSync(saved, 'utf8').trim().split('\n')
    expect(rejects[0]).toMatch(/^line,reason,message,Incident No,/)
    expect(rejects.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      '6,missing_call_type',
      '7,bad_received_time',
      '8,wrong_field_count',
      '9,bad_coordinates',
      '10,bad_on_scene_time',
      '11,malformed_csv'
    ])
    await page.getByRole('cell', { name: 'planner@demo.care' }).first().waitFor()
  })

  it('fits a phone (390 px): no sideways scrolling of the page, the same import adds nothing', async () => {
    const page = await signIn('admin@demo.care', 390)

    await page.getByLabel('CAD export (CSV)').setInputFiles(file)
    await page.getByLabel('Received, column 2').selectOption('Call Time')
    await page.getByTestId('import-preview').getByText('2024-01-15 23:58:07').waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.screenshot({ path: `${SHOTS}/e2e-import-mapping-390.png`, fullPage: true })
    await page.getByRole('button', { name: 'Start import' }).click()
    await page.getByTestId('import-summary').waitFor({ timeout: 30_000 })

    expect(await page.getByTestId('import-summary').innerText()).toMatch(/10 rows read: 0 new, 4 already there \(skipped\), 6 rejected/)
    await page.screenshot({ path: `${SHOTS}/e2e-import-done-390.png`, fullPage: true })
  })
})
