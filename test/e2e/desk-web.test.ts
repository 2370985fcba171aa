// The dispatcher's desk in real headless Chromium (issue 19): a short shift through the UI only (three calls
// taken, one assigned from the keyboard, one cancelled with a reason, one referred to 988, an address edited
// and the call triaged again, the call reassigned, a note added, a team put out of service, the cancelled call
// found in the history), the server's state checked through the API after each step; an axe-core WCAG 2.1 AA
// scan of every console and roster screen with calls queued, assigned and alerting, dialogs open; and the
// keyboard: the intake form's first field within 5 key presses from the top, the map a few tab stops, the
// shortcuts. Screenshots of the call panel and the roster go to test-results/.
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Call, CallDetail } from '../../server/contracts/calls'
import type { Team } from '../../server/contracts/teams'
import { seriousViolations } from '../helpers/axe'
import { answerNo, apiLogin, DEMO_PASSWORD, hasChromium, launchChromium, startDemoServer, type RunningServer } from '../helpers/e2e'

const SHOTS = path.resolve('test-results')
const NARRATIVE = 'man on the corner talking to himself, says he hears voices, no weapons, not violent, not injured'
const NO_DANGER = { weapons: 'no', violence: 'no', injuries: 'no' }
const SAFETY = [
  'Does anyone there have a weapon, or one within reach?',
  'Is anyone being violent, or threatening to hurt someone?',
  'Is anyone injured?'
]
type Api = (method: string, p: string, body?: unknown) => Promise<any>
interface Recs {
  recommendations: Array<{ teamId: string; callSign: string }>
  shortfalls: string[]
}

describe.runIf(hasChromium)("the dispatcher's desk in Chromium", () => {
  let server: RunningServer
  let browser: Browser
  let api: Api

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    server = await startDemoServer()
    browser = await launchChromium()
    api = await apiLogin(server.base, 'dispatcher@demo.care')
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  async function signIn (email: string, to = '/console'): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    const page = await ctx.newPage()
    await page.goto(`${server.base}${to}`)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('● live').first().waitFor({ timeout: 15_000 })
    return page
  }
  const call = async (id: string): Promise<CallDetail> => (await api('GET', `/api/calls/${id}`)) as CallDetail
  const team = async (id: string): Promise<Team> => (await api('GET', `/api/teams/${id}`)) as Team
  const idFromUrl = (page: Page): string => /\/console\/calls\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)![1]
  const dialog = (page: Page): Locator => page.locator('dialog[open]')

  /** Takes a call through the intake form, as a dispatcher types it; answers with the new call's id. */
  async function takeCall (page: Page, where: { lat: number; lon: number; address: string }, callback?: string): Promise<string> {
    const form = page.locator('form.intake')
    await form.getByLabel('Latitude').fill(String(where.lat))
    await form.getByLabel('Longitude').fill(String(where.lon))
    await form.getByLabel('Address or landmark').fill(where.address)
    await form.getByLabel('Narrative').fill(NARRATIVE)
    if (callback) await form.getByLabel('Callback').fill(callback)
    await answerNo(form, SAFETY)
    await page
      .getByTestId('triage-preview')
      .getByText(/Triage:/)
      .waitFor()
    const before = page.url()
    await form.getByRole('button', { name: 'Create call' }).click()
    await page.waitForURL((u) => u.toString() !== before && /\/console\/calls\/[0-9a-f-]{36}$/.test(u.pathname))
    const id = idFromUrl(page)
    await page.getByRole('heading', { name: `Call #${id.slice(0, 8)}` }).waitFor()
    return id
  }

  it('plays a short shift through the UI, the server agreeing after every step', async () => {
    const d = await signIn('dispatcher@demo.care')

    // 1. three calls taken through the intake form
    const a = await takeCall(d, { lat: 34.0522, lon: -118.2437, address: 'E2E 101 Desk St' }, '(213) 555-0101')
    // the callback is a tel: link
    expect(await d.locator('.call-panel .callback a').getAttribute('href')).toBe('tel:2135550101')
    const b = await takeCall(d, { lat: 34.0407, lon: -118.2468, address: 'E2E 202 Desk St' })
    const c = await takeCall(d, { lat: 34.0614, lon: -118.2385, address: 'E2E 303 Desk St' })
    for (const id of [a, b, c]) expect((await call(id)).status).toBe('queued')
    const queue = (await api('GET', '/api/queue')) as Array<{ call: Call; waitingSince: string }>
    expect(queue.filter((q) => [a, b, c].includes(q.call.id)).every((q) => q.waitingSince === q.call.receivedAt)).toBe(true)

    // 2. call A assigned from the keyboard: 1 picks the first recommended team, a assigns it
    await d.locator(`ol.queue li[data-call-id="${a}"] button`).click()
    await d.waitForURL(new RegExp(`/console/calls/${a}$`))
    const first = d.locator('[data-assign-rank="1"]')
    await first.waitFor()
    const firstSign = (await first.innerText()).replace(/^Assign /, '')
    await d.locator('#call-h').focus()
    await d.keyboard.press('1')
    expect(await d.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.assignRank)).toBe('1')
    await d.keyboard.press('a')
    await expect.poll(async () => (await call(a)).status).toBe('assigned')
    const firstTeam = (await call(a)).teamId!
    expect((await team(firstTeam)).callSign).toBe(firstSign)
    await d.getByTestId('call-status').getByText('Assigned, not yet acknowledged').waitFor()

    // 3. call B cancelled with a reason code and words
    await d.locator(`ol.queue li[data-call-id="${b}"] button`).click()
    await d.waitForURL(new RegExp(`/console/calls/${b}$`))
    await d.getByRole('button', { name: 'Cancel call…' }).click()
    await dialog(d).getByLabel('Why').selectOption('duplicate')
    await dialog(d).getByLabel('What happened (recorded with the call)').fill('same caller rang twice about the man on Desk St')
    await dialog(d).getByRole('button', { name: 'Cancel the call' }).click()
    await expect.poll(async () => (await call(b)).status).toBe('cancelled')
    expect(await call(b)).toMatchObject({ cancelCode: 'duplicate', cancelReason: 'same caller rang twice about the man on Desk St' })
    await d.getByTestId('call-status').getByText('Cancelled').waitFor()
    // the dialog is gone and the focus is back in the panel, not lost on the page
    expect(await dialog(d).count()).toBe(0)
    await expect.poll(async () => await d.evaluate(() => document.activeElement?.id)).toBe('call-h')

    // 4. call C referred to the 988 line
    await d.locator(`ol.queue li[data-call-id="${c}"] button`).click()
    await d.waitForURL(new RegExp(`/console/calls/${c}$`))
    await d.getByRole('button', { name: 'Refer out…' }).click()
    await dialog(d).getByRole('radio', { name: 'The 988 line' }).check()
    // a care-eligible call referred out is unmet demand: the dialog asks why no care team went
    await dialog(d)
      .getByLabel(/Why no care team/)
      .selectOption('dispatcher_judgement')
    await dialog(d).getByLabel('Reason').fill('caller wants to talk, no one at risk')
    await dialog(d).getByRole('button', { name: 'Refer to The 988 line' }).click()
    await expect.poll(async () => (await call(c)).status).toBe('referred')
    expect(await call(c)).toMatchObject({ referredTo: 'phone_988', referralReason: 'caller wants to talk, no one at risk' })
    // the referred call stays readable, and can be taken back into the queue
    await d.getByRole('button', { name: 'Back to the queue…' }).waitFor()

    // 5. call A's address edited: triaged again, the change kept and shown
    await d.locator(`ul.active li[data-call-id="${a}"] button`).click()
    await d.waitForURL(new RegExp(`/console/calls/${a}$`))
    await d.getByRole('button', { name: 'Edit…' }).click()
    await dialog(d).getByLabel('Address or landmark').fill('E2E 111 Edited Ave')
    await dialog(d).getByRole('button', { name: 'Save and triage again' }).click()
    await expect.poll(async () => (await call(a)).location.address).toBe('E2E 111 Edited Ave')
    const edited = await call(a)
    expect(edited.edits.at(-1)!.changes).toEqual([{ field: 'address', from: 'E2E 101 Desk St', to: 'E2E 111 Edited Ave' }])
    expect(edited.triageHistory.map((h) => h.kind)).toContain('retriage')
    await d.locator('.call-panel details.edits summary').click()
    await d.locator('.call-panel details.edits').getByText('E2E 111 Edited Ave').waitFor()

    // 6. call A given to another team, with the ranking beside each team
    await d.getByRole('button', { name: 'Reassign…' }).click()
    await dialog(d).locator('input[name="team-choice"]:not([disabled])').first().waitFor()
    const choice = dialog(d).locator('input[name="team-choice"]:not([disabled])').first()
    const secondTeam = await choice.getAttribute('value')
    expect(secondTeam).not.toBe(firstTeam)
    await choice.check()
    await dialog(d).getByLabel('Why the call goes to another team').fill('first team stuck in traffic')
    await dialog(d)
      .getByRole('button', { name: /^Give it to / })
      .click()
    await expect.poll(async () => (await call(a)).teamId).toBe(secondTeam)
    expect((await team(firstTeam)).status).toBe('available')
    expect((await team(secondTeam!)).status).toBe('dispatched')

    // 7. a note on call A: timestamped, signed, on the timeline, on every console that has the call open
    const s = await signIn('supervisor@demo.care', `/console/calls/${a}`)
    await s.getByRole('heading', { name: `Call #${a.slice(0, 8)}` }).waitFor()
    await d.getByRole('button', { name: 'Add note…' }).click()
    await dialog(d).getByLabel(/^Note/).fill('caller says he is wearing a red jacket')
    await dialog(d).getByRole('button', { name: 'Add the note' }).click()
    await expect.poll(async () => (await call(a)).notes.length).toBe(1)
    expect((await call(a)).notes[0]).toMatchObject({
      text: 'caller says he is wearing a red jacket',
      author: { name: 'Demo Dispatcher', role: 'dispatcher' }
    })
    await d
      .getByTestId('timeline')
      .getByText(/red jacket/)
      .waitFor()
    await s
      .getByTestId('timeline')
      .getByText(/Demo Dispatcher \(dispatcher\): caller says he is wearing a red jacket/)
      .waitFor({ timeout: 10_000 })
    await s.context().close()
    await d.locator('.call-panel').screenshot({ path: `${SHOTS}/desk-call-panel.png` })

    // 8. the first team put out of service from the roster, with a reason and an expected return
    await d.getByRole('link', { name: 'Roster' }).click()
    await d.getByRole('heading', { name: 'Roster and shifts' }).waitFor()
    await d.locator(`tr[data-team="${firstSign}"]`).getByRole('button', { name: 'Out of service…' }).click()
    await dialog(d).getByLabel('Kind').selectOption('vehicle')
    await dialog(d).getByLabel('Reason').fill('flat tyre on the van')
    await dialog(d).getByLabel('Expected back in').selectOption('60')
    await dialog(d).getByRole('button', { name: 'Put out of service' }).click()
    await expect.poll(async () => (await team(firstTeam)).status).toBe('out_of_service')
    const out = (await team(firstTeam)).outOfService!
    expect(out).toMatchObject({ code: 'vehicle', reason: 'flat tyre on the van' })
    expect(Date.parse(out.expectedBackAt!) - Date.now()).toBeGreaterThan(50 * 60_000)
    await d
      .locator(`tr[data-team="${firstSign}"]`)
      .getByText(/Vehicle problem \(flat tyre on the van\), back about/)
      .waitFor()
    // never recommended while out, and the shortfalls say so
    const near = (await api('POST', '/api/calls', {
      location: { lat: 34.0522, lon: -118.2437, address: 'E2E check' },
      narrative: NARRATIVE,
      answers: NO_DANGER
    })) as Call
    const recs = (await api('GET', `/api/calls/${near.id}/recommendations`)) as Recs
    expect(recs.recommendations.map((r) => r.teamId)).not.toContain(firstTeam)
    expect(recs.shortfalls.some((s) => /out of service/.test(s))).toBe(true)
    await api('POST', `/api/calls/${near.id}/cancel`, { code: 'entered_in_error', reason: 'test call' })
    // the roster at the address of a call: teams nearest to it first, with distance and ETA
    await d.goto(`${server.base}/roster?call=${a}`)
    await d.getByRole('heading', { name: 'Roster and shifts' }).waitFor()
    await d
      .locator('tbody tr')
      .first()
      .getByText(/min · [\d.]+ mi/)
      .waitFor()
    await d.screenshot({ path: `${SHOTS}/desk-roster.png`, fullPage: true })

    // 9. the cancelled call found in the history, with its full timeline
    await d.getByRole('link', { name: 'History' }).click()
    await d.getByRole('heading', { name: 'Call history' }).waitFor()
    await d.getByLabel('Address contains').fill('202 Desk')
    await d.getByLabel('Ended').selectOption('cancelled')
    await d.getByRole('button', { name: 'Search' }).click()
    // the search is in the address; the list then holds that call alone
    await d.waitForURL(/\/history\?.*status=cancelled/)
    await expect.poll(async () => await d.locator('tbody tr').count()).toBe(1)
    await d.locator(`tr[data-call-id="${b}"]`).waitFor()
    await d.getByRole('status').getByText('1 call found').waitFor()
    const found = (await api('GET', '/api/calls?status=cancelled&address=202%20Desk')) as { items: Call[] }
    expect(found.items.map((x) => x.id)).toEqual([b])
    await d.getByRole('link', { name: `#${b.slice(0, 8)}` }).click()
    await d.waitForURL(new RegExp(`/history/${b}$`))
    await d.getByText('Cancelled: Duplicate of another call').waitFor()
    await d
      .getByTestId('timeline')
      .getByText(/same caller rang twice/)
      .waitFor()
    await d.screenshot({ path: `${SHOTS}/desk-history-call.png`, fullPage: true })
    await d.context().close()
  })

  it('passes an axe-core WCAG 2.1 AA scan on every console and roster screen with calls queued, assigned and alerting', async () => {
    // live data: a queued call, an assigned one whose team asked for backup, and one declined (an alert)
    const queued = (await api('POST', '/api/calls', {
      location: { lat: 34.045, lon: -118.25, address: 'E2E axe queued' },
      narrative: NARRATIVE,
      answers: NO_DANGER,
      callback: '213-555-0199'
    })) as Call
    const busy = (await api('POST', '/api/calls', {
      location: { lat: 34.06, lon: -118.26, address: 'E2E axe assigned' },
      narrative: NARRATIVE,
      answers: NO_DANGER
    })) as Call
    const declined = (await api('POST', '/api/calls', {
      location: { lat: 34.03, lon: -118.27, address: 'E2E axe declined' },
      narrative: NARRATIVE,
      answers: NO_DANGER
    })) as Call
    const top = async (id: string): Promise<string> =>
      ((await api('GET', `/api/calls/${id}/recommendations`)) as Recs).recommendations[0].teamId
    await api('POST', `/api/calls/${busy.id}/assignments`, { teamId: await top(busy.id) })
    await api('POST', `/api/calls/${busy.id}/backup`, { reason: 'crowd gathering', need: 'care_team' })

    const found: Record<string, unknown> = {}
    const scan = async (page: Page, name: string) => {
      await page.waitForLoadState('networkidle')
      const v = await seriousViolations(page)
      if (v.length > 0) found[name] = v
    }
    const d = await signIn('dispatcher@demo.care')
    // the decline arrives live: the console's alert (an alert comes from the stream, so the console must be live first;
    // on a busy machine the socket may open after the decline otherwise, and the alert is never shown)
    await d.getByText('● live').first().waitFor({ timeout: 15_000 })
    await api('POST', `/api/calls/${declined.id}/assignments`, { teamId: await top(declined.id) })
    await api('POST', `/api/calls/${declined.id}/decline`, { reason: 'already on a break' })
    await d.locator('.alert.declined').first().waitFor()
    await d.locator('.alert.backup').first().waitFor()
    await d.locator('ol.queue li').first().waitFor()
    await scan(d, 'dispatcher /console')
    await d.goto(`${server.base}/console/calls/${queued.id}`)
    await d.locator('[data-assign-rank="1"]').waitFor()
    await scan(d, 'dispatcher /console/calls/queued')
    for (const [button, name] of [
      ['Assign any team…', 'assign'],
      ['Edit…', 'edit'],
      ['Cancel call…', 'cancel'],
      ['Refer out…', 'refer'],
      ['Add note…', 'note']
    ] as const) {
      await d.getByRole('button', { name: button }).click()
      await dialog(d).waitFor()
      await scan(d, `dispatcher ${name} dialog`)
      await d.keyboard.press('Escape')
      await expect.poll(async () => await dialog(d).count()).toBe(0)
      // Escape gives the focus back to the button that opened the dialog
      expect(await d.evaluate(() => document.activeElement?.textContent)).toBe(button)
    }
    await d.goto(`${server.base}/console/calls/${busy.id}`)
    await d.getByRole('button', { name: 'Reassign…' }).waitFor()
    await scan(d, 'dispatcher /console/calls/assigned')
    await d.locator('#call-h').focus()
    await d.keyboard.press('?')
    await dialog(d).getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor()
    await scan(d, 'dispatcher help')
    await d.keyboard.press('Escape')
    await d.goto(`${server.base}/history`)
    await d.locator('tbody tr').first().waitFor()
    await scan(d, 'dispatcher /history')

    const s = await signIn('supervisor@demo.care', '/roster')
    await s.getByRole('heading', { name: 'Roster and shifts' }).waitFor()
    await scan(s, 'supervisor /roster')
    await s.goto(`${server.base}/roster?call=${queued.id}`)
    await s
      .locator('tbody tr')
      .first()
      .getByText(/min · [\d.]+ mi/)
      .waitFor()
    await scan(s, 'supervisor /roster?call')
    await s.getByRole('button', { name: 'Break…' }).first().click()
    await dialog(s).waitFor()
    await scan(s, 'supervisor break dialog')
    await s.keyboard.press('Escape')
    await s.goto(`${server.base}/console`)
    await s.locator('.alert.backup').first().waitFor()
    await scan(s, 'supervisor /console')
    expect(found).toEqual({})
    await d.context().close()
    await s.context().close()
  })

  it(
    "reaches the intake form's first field within 5 key presses, keeps the map to a few tab stops, and answers the " + 'shortcuts',
    async () => {
      const d = await signIn('dispatcher@demo.care')
      await d.locator('.leaflet-container').waitFor()
      await d.locator('ol.queue li').first().waitFor()
      // from the top of a freshly loaded page
      await d.goto(`${server.base}/console`)
      await d.locator('ol.queue li').first().waitFor()
      let presses = 0
      while (presses < 4 && !(await d.evaluate(() => document.activeElement?.classList.contains('skip') === true))) {
        await d.keyboard.press('Tab')
        presses++
      }
      await d.keyboard.press('Enter')
      presses++
      expect(await d.evaluate(() => document.activeElement?.id)).toBe('address')
      expect(presses).toBeLessThanOrEqual(5)

      // the map: itself, its zoom buttons and attribution links; no marker and no outline is a tab stop
      const mapStops = await d.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.leaflet-container, .leaflet-container *'))
          .filter((el) => el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0)
          .map((el) => el.className || el.tagName)
      )
      expect(mapStops.length).toBeLessThanOrEqual(5)
      expect(await d.locator('.leaflet-marker-icon[tabindex="0"], .leaflet-container path[tabindex="0"]').count()).toBe(0)
      // every call on the map is also in a list
      expect(await d.locator('ol.queue li, ul.active li').count()).toBeGreaterThan(0)

      // shortcuts: not while typing; n, q, j, /, ?
      await d.keyboard.type('q')
      expect(await d.locator('#address').inputValue()).toBe('q')
      await d.locator('#address').fill('')
      await d.locator('#queue-h').focus()
      await d.keyboard.press('j')
      await d.waitForURL(/\/console\/calls\/[0-9a-f-]{36}$/)
      const firstInQueue = await d.locator('ol.queue li').first().getAttribute('data-call-id')
      expect(idFromUrl(d)).toBe(firstInQueue)
      await d.keyboard.press('n')
      expect(await d.evaluate(() => document.activeElement?.id)).toBe('address')
      await d.locator('#call-h').focus()
      await d.keyboard.press('/')
      expect(await d.evaluate(() => document.activeElement?.id)).toBe('find-call')
      await d.locator('#call-h').focus()
      await d.keyboard.press('Escape')
      await d.waitForURL(/\/console$/)
      await d.keyboard.press('?')
      await dialog(d).getByText('Open the next / previous call in the queue').waitFor()
      await d.keyboard.press('Escape')
      await expect.poll(async () => await dialog(d).count()).toBe(0)
      await d.context().close()
    }
  )
})
