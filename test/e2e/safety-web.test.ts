// Responder safety in real Chromium, a care worker's 390 px phone beside a dispatcher's console: a tap on the
// emergency button sends nothing; holding it (pointer, then keyboard) alerts the console at the top, on the map
// and with a sound, until the dispatcher acknowledges, and the phone says who did. On scene the phone asks
// "All OK?"; left unanswered, the console shows one missed check-in, which the dispatcher resolves. In the transport
// step the phone lists facilities with their capacity (a facility's staff report it in two taps, and the list follows
// live), chooses one, and records that the person was turned away at the door.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ALL_SAFE } from '../server/domain/triage-cases'
import { ELIGIBLE } from '../helpers/app'
import { seriousViolations } from '../helpers/axe'
import { apiLogin, DEMO_PASSWORD, hasChromium, launchChromium, startDemoServer, type RunningServer } from '../helpers/e2e'

async function signIn (page: Page, base: string, email: string): Promise<void> {
  await page.goto(base)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

describe.runIf(hasChromium)('responder safety in Chromium', () => {
  let server: RunningServer
  let browser: Browser

  beforeAll(async () => {
    server = await startDemoServer({ env: { CHECK_IN_SECONDS: '10', CHECK_IN_GRACE_SECONDS: '4', CHECK_IN_SWEEP_MS: '500' } })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('holds SOS on the phone; the console alerts until the dispatcher acknowledges; the phone says who did', async () => {
    const responder = await apiLogin(server.base, 'responder@demo.care')
    const dispatcher = await apiLogin(server.base, 'dispatcher@demo.care')
    const me = await responder('GET', '/api/auth/me')
    const team = await responder('GET', `/api/teams/${me.teamId}`)

    const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true })
    const deskCtx = await browser.newContext({ viewport: { width: 1366, height: 900 } })
    for (const c of [phoneCtx, deskCtx]) await c.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    const phone = await phoneCtx.newPage()
    const desk = await deskCtx.newPage()
    const errors: string[] = []
    for (const p of [phone, desk]) p.on('pageerror', (e) => errors.push(e.message))
    await signIn(phone, server.base, 'responder@demo.care')
    await signIn(desk, server.base, 'dispatcher@demo.care')
    const sos = phone.getByRole('button', { name: /EMERGENCY \(SOS\)/ })
    await sos.waitFor({ timeout: 15_000 })
    await desk.getByRole('heading', { name: /Alerts/ }).waitFor({ timeout: 15_000 })

    // a tap is not an emergency
    await sos.click()
    await phone.waitForTimeout(600)
    expect((await dispatcher('GET', '/api/emergencies')).filter((e: { teamId: string }) => e.teamId === team.id)).toEqual([])

    // press and hold 1.5 s, with the progress shown while held
    await sos.hover()
    await phone.mouse.down()
    await phone.getByRole('progressbar', { name: 'Emergency button held' }).waitFor()
    await phone.waitForTimeout(1700)
    await phone.mouse.up()
    await phone.getByRole('alert').filter({ hasText: 'EMERGENCY SENT' }).waitFor({ timeout: 10_000 })

    const banner = desk.locator('.sos-alert', { hasText: `EMERGENCY: ${team.callSign}` })
    await banner.waitFor({ timeout: 5_000 })
    expect(
      await desk
        .getByRole('alert')
        .filter({ hasText: `EMERGENCY: ${team.callSign}` })
        .count()
    ).toBe(1)
    // on the map: the team ringed and labelled
    await desk.locator('.leaflet-tooltip', { hasText: `SOS ${team.callSign}` }).waitFor()
    // it stays: a reload of the console still shows it
    await desk.reload()
    await banner.waitFor({ timeout: 15_000 })
    await desk.getByRole('button', { name: `Acknowledge emergency of ${team.callSign}` }).click()
    await banner.waitFor({ state: 'detached', timeout: 5_000 })
    await desk
      .getByRole('status')
      .filter({ hasText: `Emergency of ${team.callSign}` })
      .filter({ hasText: 'acknowledged by Demo Dispatcher' })
      .waitFor()
    await phone.getByText('Emergency acknowledged by Demo Dispatcher').waitFor({ timeout: 10_000 })

    const after = (await dispatcher('GET', '/api/emergencies')).filter((e: { teamId: string }) => e.teamId === team.id)
    expect(after).toHaveLength(1)
    expect(after[0]).toMatchObject({ presses: 1, acknowledgedBy: { name: 'Demo Dispatcher' } })

    // from the keyboard: Space held down
    await sos.focus()
    await phone.keyboard.down('Space')
    await phone.waitForTimeout(1700)
    await phone.keyboard.up('Space')
    await banner.waitFor({ timeout: 10_000 })
    await desk.getByRole('button', { name: `Acknowledge emergency of ${team.callSign}` }).click()
    await banner.waitFor({ state: 'detached', timeout: 5_000 })

    expect(await seriousViolations(phone)).toEqual([])
    expect(await seriousViolations(desk)).toEqual([])
    expect(errors).toEqual([])
    await phoneCtx.close()
    await deskCtx.close()
  })

  it('asks "All OK?" on scene; unanswered, the console shows one missed check-in that the dispatcher resolves', async () => {
    const responder = await apiLogin(server.base, 'responder@demo.care')
    const dispatcher = await apiLogin(server.base, 'dispatcher@demo.care')
    const me = await responder('GET', '/api/auth/me')
    const team = await responder('GET', `/api/teams/${me.teamId}`)
    const at = team.position ?? team.base
    const call = await dispatcher('POST', '/api/calls', {
      location: { lat: at.lat, lon: at.lon, address: '1 Check-In Test Way' },
      narrative: ELIGIBLE,
      answers: ALL_SAFE
    })
    await dispatcher('POST', `/api/calls/${call.id}/assignments`, { teamId: me.teamId })
    for (const status of ['acknowledged', 'en_route', 'on_scene']) await responder('POST', `/api/calls/${call.id}/status`, { status })

    const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 } })
    const deskCtx = await browser.newContext({ viewport: { width: 1366, height: 900 } })
    for (const c of [phoneCtx, deskCtx]) await c.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    const phone = await phoneCtx.newPage()
    const desk = await deskCtx.newPage()
    await signIn(phone, server.base, 'responder@demo.care')
    await signIn(desk, server.base, 'dispatcher@demo.care')
    await phone.getByText('1 Check-In Test Way').first().waitFor({ timeout: 15_000 })

    // answered (in time, or just due): the next one moves on
    await phone.getByRole('button', { name: 'All OK' }).click({ timeout: 10_000 })
    await phone.getByText(/Last check-in at/).waitFor({ timeout: 10_000 })

    // then left unanswered: due, then missed
    await phone.getByRole('heading', { name: 'All OK?' }).waitFor({ timeout: 15_000 })
    expect(await seriousViolations(phone)).toEqual([])
    const miss = desk.locator('.miss-alert', { hasText: `NO CHECK-IN: ${team.callSign}` })
    await miss.waitFor({ timeout: 15_000 })
    await phone.getByText('Dispatch was alerted that a check-in was missed').waitFor({ timeout: 10_000 })
    await miss.getByLabel('How was it resolved?').selectOption('reached_by_radio')
    await miss.getByLabel(/Note/).fill('radio: all fine')
    await miss.getByRole('button', { name: `Record resolution for ${team.callSign}` }).click()
    await desk
      .getByRole('status')
      .filter({ hasText: `Missed check-in of ${team.callSign} resolved by Demo Dispatcher` })
      .first()
      .waitFor({ timeout: 5_000 })

    const misses = (await dispatcher('GET', '/api/check-in-misses')).filter((m: { callId: string }) => m.callId === call.id)
    expect(misses.length).toBeGreaterThanOrEqual(1)
    expect(misses.filter((m: { resolvedAt: string | null }) => m.resolvedAt !== null)).toHaveLength(1)
    expect(misses[misses.length - 1]).toMatchObject({
      resolution: 'reached_by_radio',
      note: 'radio: all fine',
      resolvedBy: { name: 'Demo Dispatcher' }
    })
    const detail = await dispatcher('GET', `/api/calls/${call.id}`)
    expect(detail.timeline.filter((e: { type: string }) => e.type === 'call.checked_in')).toHaveLength(1)
    await responder('POST', `/api/calls/${call.id}/close`, { disposition: 'resolved_on_scene' })
    await phoneCtx.close()
    await deskCtx.close()
  })

  it('goes on a break and comes back, sends its position and sees when, and sees "call closed" with the shift\'s calls', async () => {
    const responder = await apiLogin(server.base, 'responder@demo.care')
    const dispatcher = await apiLogin(server.base, 'dispatcher@demo.care')
    const me = await responder('GET', '/api/auth/me')

    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } })
    await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    const phone = await ctx.newPage()
    const errors: string[] = []
    phone.on('pageerror', (e) => errors.push(e.message))
    await signIn(phone, server.base, 'responder@demo.care')
    await phone.getByRole('heading', { name: 'No current assignment' }).waitFor({ timeout: 15_000 })

    // a break, with a reason and an expected return
    await phone.getByRole('button', { name: 'Take a break or go out of service…' }).click()
    await phone.getByLabel('Why').selectOption('meal')
    await phone.getByLabel(/In words/).fill('lunch at the base')
    await phone.getByLabel('Back in').selectOption('15')
    await phone.getByRole('button', { name: 'Go out of service' }).click()
    await phone.getByRole('heading', { name: /Team status: Meal break$/ }).waitFor({ timeout: 10_000 })
    await phone.getByText(/Expected back at/).waitFor()
    const out = await dispatcher('GET', `/api/teams/${me.teamId}`)
    expect(out).toMatchObject({ status: 'out_of_service', outOfService: { code: 'meal', reason: 'lunch at the base' } })
    expect(Date.parse(out.outOfService.expectedBackAt) - Date.now()).toBeGreaterThan(10 * 60_000)
    expect(await seriousViolations(phone)).toEqual([])
    await phone.getByRole('button', { name: 'Back in service' }).click()
    await phone.getByRole('heading', { name: /Team status: available$/i }).waitFor({ timeout: 10_000 })
    expect((await dispatcher('GET', `/api/teams/${me.teamId}`)).status).toBe('available')

    // the position, and how long ago dispatch got it
    await phone.getByLabel('Latitude').fill('34.0501')
    await phone.getByLabel('Longitude').fill('-118.2501')
    await phone.getByRole('button', { name: 'Send location' }).click()
    // the demo team has a position from the start, so "Position sent … ago" shows before this one arrives: wait for the
    // server to have it (the phone's outbox sends it), then for the phone to say nothing is left to send
    await expect
      .poll(async () => (await dispatcher('GET', `/api/teams/${me.teamId}`)).position, { timeout: 10_000 })
      .toMatchObject({ lat: 34.0501, lon: -118.2501 })
    await phone.getByText(/^Position sent \d+ s ago \([^)]*\)$/).waitFor({ timeout: 10_000 })

    // a call worked through to its close, confirmed
    const call = await dispatcher('POST', '/api/calls', {
      location: { lat: 34.0502, lon: -118.2502, address: '1 Closing Test Way' },
      narrative: ELIGIBLE,
      answers: ALL_SAFE
    })
    await dispatcher('POST', `/api/calls/${call.id}/assignments`, { teamId: me.teamId })
    await phone.getByText('1 Closing Test Way').first().waitFor({ timeout: 15_000 })
    for (const step of ['Acknowledge', 'En route', 'On scene']) {
      await phone.getByRole('button', { name: step, exact: true }).click()
      await phone.getByRole('button', { name: step, exact: true }).waitFor({ state: 'detached', timeout: 10_000 })
    }
    await phone.getByLabel('Disposition').selectOption('resolved_on_scene')
    // chosen while "on scene" was still on its way: the choice outlives the server's confirmation
    await expect.poll(async () => (await dispatcher('GET', `/api/calls/${call.id}`)).status, { timeout: 10_000 }).toBe('on_scene')
    await phone.waitForTimeout(1_000)
    expect(await phone.getByLabel('Disposition').inputValue()).toBe('resolved_on_scene')
    await phone.getByRole('button', { name: 'Close call' }).click()
    const closed = phone.getByRole('status').filter({ has: phone.getByRole('heading', { name: 'Call closed' }) })
    await closed.waitFor({ timeout: 10_000 })
    expect(await closed.innerText()).toMatch(/1 Closing Test Way/)
    expect((await dispatcher('GET', `/api/calls/${call.id}`)).status).toBe('closed')
    await phone
      .getByRole('region', { name: /This shift's calls/ })
      .getByText('1 Closing Test Way')
      .waitFor({ timeout: 10_000 })
    expect(await seriousViolations(phone)).toEqual([])
    expect(errors).toEqual([])
    await ctx.close()
  })

  it('chooses a destination with capacity on the phone, reported in two taps by the facility, and records a turn-away', async () => {
    const responder = await apiLogin(server.base, 'responder@demo.care')
    const dispatcher = await apiLogin(server.base, 'dispatcher@demo.care')
    const staff = await apiLogin(server.base, 'facility@demo.care')
    const me = await responder('GET', '/api/auth/me')
    const fac = await staff('GET', `/api/facilities/${(await staff('GET', '/api/auth/me')).facilityId}`)
    // a call a few blocks from the facility, worked to on scene
    const location = { lat: fac.lat + 0.004, lon: fac.lon, address: '1 Destination Test Way' }
    const call = await dispatcher('POST', '/api/calls', { location, narrative: ELIGIBLE, answers: ALL_SAFE })
    await dispatcher('POST', `/api/calls/${call.id}/assignments`, { teamId: me.teamId })
    for (const status of ['acknowledged', 'en_route', 'on_scene']) await responder('POST', `/api/calls/${call.id}/status`, { status })

    const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true })
    const staffCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true })
    for (const c of [phoneCtx, staffCtx]) await c.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    const phone = await phoneCtx.newPage()
    const counter = await staffCtx.newPage()
    const errors: string[] = []
    for (const p of [phone, counter]) p.on('pageerror', (e) => errors.push(e.message))
    await signIn(phone, server.base, 'responder@demo.care')
    await signIn(counter, server.base, 'facility@demo.care')
    await phone.getByText('1 Destination Test Way').first().waitFor({ timeout: 15_000 })
    const list = phone.getByRole('list', { name: /Facilities, nearest by travel time first/ })
    const item = list.getByRole('listitem').filter({ hasText: fac.name })
    await item.waitFor({ timeout: 15_000 })

    // the facility's staff: the number free, then "accepting" sends; the team's list follows at once
    await counter.getByRole('heading', { name: fac.name }).waitFor({ timeout: 15_000 })
    expect(new URL(counter.url()).pathname).toBe('/facility')
    await counter.getByRole('button', { name: '3', exact: true }).tap()
    await counter.getByRole('button', { name: 'Accepting: send', exact: true }).tap()
    await counter.getByRole('status').filter({ hasText: 'Sent: 3 free, accepting' }).waitFor({ timeout: 10_000 })
    expect(await seriousViolations(counter)).toEqual([])
    await item.getByText(/3 free · accepting · just now by Demo Facility Staff/).waitFor({ timeout: 5_000 })
    expect(await seriousViolations(phone)).toEqual([])

    // chosen: the transport step records it
    await item.getByRole('button', { name: `Take there: ${fac.name}` }).tap()
    await phone.getByRole('heading', { name: `Destination: ${fac.name}` }).waitFor({ timeout: 10_000 })
    await expect.poll(async () => (await dispatcher('GET', `/api/calls/${call.id}`)).status, { timeout: 10_000 }).toBe('transporting')
    expect(await dispatcher('GET', `/api/calls/${call.id}/transports`)).toEqual([
      expect.objectContaining({ facilityId: fac.id, accepted: null })
    ])

    // at the door: turned away, with the reason
    await phone.getByRole('button', { name: 'At facility', exact: true }).tap()
    await phone.getByRole('button', { name: 'Turned away…' }).tap({ timeout: 10_000 })
    await phone.getByLabel('Why were they turned away?').selectOption('medical_clearance')
    await phone.getByRole('button', { name: 'Record turn-away' }).tap()
    await phone
      .getByRole('status')
      .filter({ hasText: `Turned away at ${fac.name}: Needs medical clearance first.` })
      .waitFor({ timeout: 10_000 })
    const trail = await dispatcher('GET', `/api/calls/${call.id}/transports`)
    expect(trail).toEqual([expect.objectContaining({ facilityId: fac.id, accepted: false, reason: 'medical_clearance' })])
    expect(await seriousViolations(phone)).toEqual([])

    // the desk: the list of facilities with the capacity just sent, and the facilities layer switched on over the map
    const deskCtx = await browser.newContext({ viewport: { width: 1366, height: 900 } })
    await deskCtx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    const desk = await deskCtx.newPage()
    desk.on('pageerror', (e) => errors.push(e.message))
    await signIn(desk, server.base, 'dispatcher@demo.care')
    await desk.getByRole('heading', { name: /Alerts/ }).waitFor({ timeout: 15_000 })
    await desk.getByLabel('Show facilities and their capacity on the map').check()
    await expect.poll(async () => await desk.locator('path.map-facility').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    await desk.goto(`${server.base}/facilities`)
    await desk
      .getByRole('row')
      .filter({ hasText: fac.name })
      .getByText(/3 free · accepting/)
      .waitFor({ timeout: 15_000 })
    expect(await seriousViolations(desk)).toEqual([])
    expect(errors).toEqual([])
    await responder('POST', `/api/calls/${call.id}/close`, { disposition: 'referred_services' })
    await phoneCtx.close()
    await staffCtx.close()
    await deskCtx.close()
  })
})
