// End to end in real headless Chromium (issue 14): a school call from the dispatcher's intake (age, kind of place,
// guardian's callback) through the youth need in the preview and a youth team ranked first, to that youth team's
// phone showing the young person's age, the guardian's number and the protocol's hand-off steps.
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiLogin, DEMO_PASSWORD as PASSWORD, hasChromium, launchChromium, startDemoServer, type RunningServer } from '../helpers/e2e'

if (!hasChromium) console.warn('e2e skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)')
const SHOTS = path.resolve('test-results')
const COUNSELLOR = 'youth-responder@e2e.care'
const GUARDIAN = '(213) 555-0142'

describe.runIf(hasChromium)('school call to a youth team in Chromium', () => {
  let server: RunningServer
  let base = ''
  let browser: Browser
  const cspViolations: string[] = []

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    server = await startDemoServer()
    base = server.base
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    server?.stop()
  })

  async function signIn (email: string, viewport: { width: number, height: number }): Promise<Page> {
    const ctx = await browser.newContext({ viewport })
    await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    const page = await ctx.newPage()
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()) })
    await page.goto(base)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('● live').first().waitFor({ timeout: 15_000 })
    return page
  }

  it('sends a school call to a youth team, whose phone shows the age, the guardian and the hand-off', async () => {
    // the demo seeds youth teams on school-day shifts; the roster lists them
    const admin = await apiLogin(base, 'admin@demo.care')
    const teams = await admin('GET', '/api/teams') as Array<{ id: string, callSign: string, kind: string, onShift: boolean, capabilities: string[], base: { lat: number, lon: number } }>
    const youth = teams.filter((t) => t.kind === 'youth')
    expect(youth.length).toBeGreaterThanOrEqual(3)
    expect(youth[0].capabilities).toContain('youth')
    const team = youth[0]
    // outside the school day the demo's youth teams are off duty: the supervisor starts this one's shift
    if (!team.onShift) await admin('POST', `/api/teams/${team.id}/shift`, { onShift: true })
    await admin('POST', '/api/users', { email: COUNSELLOR, password: PASSWORD, role: 'responder', teamId: team.id, name: 'School counsellor' })

    const d = await signIn('dispatcher@demo.care', { width: 1366, height: 900 })
    const phone = await signIn(COUNSELLOR, { width: 360, height: 780 })
    const supervisor = await signIn('supervisor@demo.care', { width: 1366, height: 900 })
    await supervisor.getByRole('button', { name: 'Roster', exact: true }).click()
    await supervisor.getByRole('heading', { name: 'Roster and shifts' }).waitFor()
    await supervisor.locator('.roster tr', { hasText: team.callSign }).getByText('youth (counsellor + peer, school day)').waitFor()

    // intake at the school, near the youth team's base (a crisis team may be nearer still)
    for (const [field, value] of [['Latitude', team.base.lat + 0.004], ['Longitude', team.base.lon]] as const) {
      await d.getByLabel(field).fill('')
      await d.getByLabel(field).pressSequentially(String(Math.round(value * 100000) / 100000))
    }
    await d.getByLabel('Address or landmark').fill('E2E Roosevelt High School')
    await d.getByLabel('Narrative').fill('student in crisis, crying in the counselor office, will not go back to class')
    await d.getByLabel("Person's age").fill('15')
    await d.getByLabel('Kind of place').selectOption('school')
    await d.getByLabel("Guardian's callback").fill(GUARDIAN)
    for (const q of ['Does anyone there have a weapon, or one within reach?', 'Is anyone being violent, or threatening to hurt someone?']) {
      await d.getByRole('radiogroup', { name: q }).getByRole('radio', { name: 'no', exact: true }).check()
    }
    await d.getByTestId('youth-need').waitFor()
    await d.getByTestId('triage-preview').getByText(/never goes to police/).waitFor()
    await d.screenshot({ path: `${SHOTS}/e2e-youth-intake.png` })
    await d.getByRole('button', { name: 'Create call' }).click()

    // the youth team is recommended first, and the call panel says it is a young person's call
    const best = d.locator('.recs li.best')
    await best.waitFor()
    expect(await best.innerText()).toContain(team.callSign)
    expect(await d.getByTestId('call-youth').innerText()).toMatch(/age about 15/)
    await d.screenshot({ path: `${SHOTS}/e2e-youth-recommendations.png` })
    await best.getByRole('button').click()

    // the counsellor's phone: age, guardian's number to call, the hand-off steps from the protocol
    await phone.getByText('NEW ASSIGNMENT', { exact: true }).waitFor({ timeout: 5000 })
    const young = phone.getByTestId('young-person')
    await young.waitFor()
    expect(await young.innerText()).toMatch(/Age: about 15 · at school/)
    const guardian = young.getByRole('link', { name: GUARDIAN })
    expect(await guardian.getAttribute('href')).toBe('tel:2135550142')
    const handoff = phone.getByRole('region', { name: 'Before you leave: hand-off' })
    const steps = await handoff.locator('li').allInnerTexts()
    expect(steps.map((s) => s.split('.')[0])).toEqual(['Parent or guardian', 'School staff', 'Follow-up', 'Signs of abuse or neglect'])
    expect(steps[1]).toMatch(/principal, the school counsellor/)
    await phone.screenshot({ path: `${SHOTS}/e2e-youth-phone.png`, fullPage: true })

    await phone.getByRole('button', { name: 'Acknowledge' }).click()
    await d.locator('.active li', { hasText: 'E2E Roosevelt High School' }).getByText('acknowledged').waitFor({ timeout: 5000 })
  })

  it('needed nothing the content-security policy blocks', () => {
    expect(cspViolations).toEqual([])
  })
})
