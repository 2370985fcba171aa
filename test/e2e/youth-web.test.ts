// End to end in real headless Chromium, on both engines: a school call from the dispatcher's intake (age, kind of place,
// guardian's callback) through the youth need in the preview and a youth team ranked first, to that youth team's
// phone showing the young person's age, the guardian's number and the protocol's hand-off steps (issue 14); and a
// call taken with every optional field left empty, stored with the age and place unknown and no youth need, whose
// team's phone shows no young-person panel (issue 17: a blank age field once became age 0, a child's call).
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../helpers/db'
import {
  answerNo,
  apiLogin,
  DEMO_PASSWORD as PASSWORD,
  hasChromium,
  launchChromium,
  startDemoServer,
  type RunningServer
} from '../helpers/e2e'

if (!hasChromium) console.warn('e2e skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)')
const SHOTS = path.resolve('test-results')
const COUNSELLOR = 'youth-responder@e2e.care'
const CRISIS_WORKER = 'crisis-responder@e2e.care'
const GUARDIAN = '(213) 555-0142'

describe.runIf(hasChromium).each(ENGINES)('youth and blank-age calls through the console in Chromium (%s)', (engine) => {
  let server: RunningServer
  let base = ''
  let browser: Browser
  const cspViolations: string[] = []

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    server = await startDemoServer({ engine })
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

  it('sends a school call to a youth team, whose phone shows the age, the guardian and the hand-off', async () => {
    // the demo seeds youth teams on school-day shifts; the roster lists them
    const admin = await apiLogin(base, 'admin@demo.care')
    const teams = (await admin('GET', '/api/teams')) as Array<{
      id: string
      callSign: string
      kind: string
      onShift: boolean
      capabilities: string[]
      base: { lat: number; lon: number }
    }>
    const youth = teams.filter((t) => t.kind === 'youth')
    expect(youth.length).toBeGreaterThanOrEqual(3)
    expect(youth[0].capabilities).toContain('youth')
    const team = youth[0]
    // outside the school day the demo's youth teams are off duty: the supervisor starts this one's shift
    if (!team.onShift) await admin('POST', `/api/teams/${team.id}/shift`, { onShift: true })
    await admin('POST', '/api/users', {
      email: COUNSELLOR,
      password: PASSWORD,
      role: 'responder',
      teamId: team.id,
      name: 'School counsellor'
    })

    const d = await signIn('dispatcher@demo.care', { width: 1366, height: 900 })
    const phone = await signIn(COUNSELLOR, { width: 360, height: 780 })
    const supervisor = await signIn('supervisor@demo.care', { width: 1366, height: 900 })
    await supervisor.getByRole('link', { name: 'Roster', exact: true }).click()
    await supervisor.getByRole('heading', { name: 'Roster and shifts' }).waitFor()
    await supervisor.locator('.roster tr', { hasText: team.callSign }).getByText('Youth (counsellor and peer)').waitFor()

    // intake at the school, near the youth team's base (a crisis team may be nearer still)
    for (const [field, value] of [
      ['Latitude', team.base.lat + 0.004],
      ['Longitude', team.base.lon]
    ] as const) {
      await d.getByLabel(field).fill('')
      await d.getByLabel(field).pressSequentially(String(Math.round(value * 100000) / 100000))
    }
    await d.getByLabel('Address or landmark').fill('E2E Roosevelt High School')
    await d.getByLabel('Narrative').fill('student in crisis, crying in the counselor office, will not go back to class')
    await d.getByLabel("Person's age").fill('14')
    await d.getByLabel('Kind of place').selectOption('school')
    await d.getByLabel("Guardian's callback").fill(GUARDIAN)
    await answerNo(d, [
      'Does anyone there have a weapon, or one within reach?',
      'Is anyone being violent, or threatening to hurt someone?'
    ])
    await d.getByTestId('youth-need').waitFor()
    // the reasons after the first are folded
    if ((await d.getByTestId('triage-preview').locator('summary').count()) > 0) {
      await d.getByTestId('triage-preview').locator('summary').click()
    }
    await d
      .getByTestId('triage-preview')
      .getByText(/never goes to police/)
      .waitFor()
    await d.screenshot({ path: `${SHOTS}/e2e-youth-intake-${engine}.png` })
    await d.getByRole('button', { name: 'Create call' }).click()

    // the youth team is recommended first, and the call panel says it is a young person's call
    const best = d.locator('.recs li.best')
    await best.waitFor()
    expect(await best.innerText()).toContain(team.callSign)
    expect(await d.getByTestId('call-youth').innerText()).toMatch(/age about 14/)
    await d.screenshot({ path: `${SHOTS}/e2e-youth-recommendations-${engine}.png` })
    await best.getByRole('button').click()

    // the counsellor's phone: age, guardian's number to call, the hand-off steps from the protocol
    await phone.getByText('NEW ASSIGNMENT', { exact: true }).waitFor({ timeout: 5000 })
    const young = phone.getByTestId('young-person')
    await young.waitFor()
    expect(await young.innerText()).toMatch(/Age: about 14 · at school/)
    const guardian = young.getByRole('link', { name: GUARDIAN })
    expect(await guardian.getAttribute('href')).toBe('tel:2135550142')
    const handoff = phone.getByRole('region', { name: 'Before you leave: hand-off' })
    const steps = await handoff.locator('li').allInnerTexts()
    expect(steps.map((s) => s.split('.')[0])).toEqual(['Parent or guardian', 'School staff', 'Follow-up', 'Signs of abuse or neglect'])
    expect(steps[1]).toMatch(/principal, the school counsellor/)
    await phone.screenshot({ path: `${SHOTS}/e2e-youth-phone-${engine}.png`, fullPage: true })

    await phone.getByRole('button', { name: 'Acknowledge' }).click()
    await d.locator('.active li', { hasText: 'E2E Roosevelt High School' }).getByText('acknowledged').waitFor({ timeout: 5000 })
  })

  it(
    'stores a call taken with every optional field empty with no age, no place and no youth need, and its phone shows no young ' +
      'person',
    async () => {
      const admin = await apiLogin(base, 'admin@demo.care')
      const desk = await apiLogin(base, 'supervisor@demo.care')
      const d = await signIn('dispatcher@demo.care', { width: 1366, height: 900 })
      for (const [field, value] of [
        ['Latitude', '34.05223'],
        ['Longitude', '-118.24368']
      ] as const) {
        await d.getByLabel(field).fill('')
        await d.getByLabel(field).pressSequentially(value)
      }
      await d.getByLabel('Narrative').fill('man on the corner talking to himself, says he hears voices, no weapons')
      await d
        .getByTestId('triage-preview')
        .getByText(/Triage:/)
        .waitFor()
      expect(await d.getByTestId('youth-need').count()).toBe(0)

      const created = d.waitForResponse((r) => r.url().endsWith('/api/calls') && r.request().method() === 'POST')
      await d.getByRole('button', { name: 'Create call' }).click()
      const response = await created

      // what the form sent: no optional field it was not given; what the server stored: unknown, not 0
      const sent = JSON.parse(response.request().postData() ?? '{}') as Record<string, unknown>
      for (const k of ['personAge', 'placeKind', 'guardianCallback', 'callback', 'callType']) expect(sent).not.toHaveProperty(k)
      expect(response.status()).toBe(201)
      const id = ((await response.json()) as { id: string }).id
      const stored = (await desk('GET', `/api/calls/${id}`)) as {
        personAge: number | null
        placeKind: string | null
        guardianCallback: string | null
        triage: { needs: string[] }
      }
      expect(stored).toMatchObject({ personAge: null, placeKind: null, guardianCallback: null })
      expect(stored.triage.needs).not.toContain('youth')

      // the best team's responder: the phone has no young-person panel
      const best = d.locator('.recs li.best')
      await best.waitFor()
      const teams = (await admin('GET', '/api/teams')) as Array<{ id: string; callSign: string }>
      const bestText = await best.innerText()
      const team = teams.sort((a, b) => b.callSign.length - a.callSign.length).find((t) => bestText.includes(t.callSign))
      expect(team).toBeDefined()
      await admin('POST', '/api/users', {
        email: CRISIS_WORKER,
        password: PASSWORD,
        role: 'responder',
        teamId: team!.id,
        name: 'Crisis worker'
      })
      const phone = await signIn(CRISIS_WORKER, { width: 360, height: 780 })
      await best.getByRole('button').click()
      await phone.getByText('NEW ASSIGNMENT', { exact: true }).waitFor({ timeout: 5000 })
      await phone.getByText('hears voices').first().waitFor()
      expect(await phone.getByTestId('young-person').count()).toBe(0)
      expect(await phone.getByText('YOUNG PERSON').count()).toBe(0)
    }
  )

  it('needed nothing the content-security policy blocks', () => {
    expect(cspViolations).toEqual([])
  })
})
