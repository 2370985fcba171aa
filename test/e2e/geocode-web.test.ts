// End to end in real headless Chromium, on both engines (issue 21): the dispatcher types "main and 5th" in the
// intake's address search, chooses the first suggestion from the keyboard, the pin moves there and the call is
// stored with the label and the source `geocoded`; a map click fills the address with the nearest corner; a 911
// transfer with only a civic address (NENA's sample) shows in "location to confirm" as it arrives, and placing it
// with the same search queues the call. axe-core finds nothing serious in the form with the suggestions open.
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Call } from '../../server/contracts/calls'
import type { Candidate, ReverseResult, TransferToLocate } from '../../server/contracts/geocoding'
import { CARE_TEAM_RESPONSES } from '../../server/domain/types'
import { seriousViolations } from '../helpers/axe'
import { ENGINES } from '../helpers/db'
import { apiLogin, DEMO_PASSWORD as PASSWORD, hasChromium, launchChromium, startDemoServer, type RunningServer } from '../helpers/e2e'

if (!hasChromium) console.warn('e2e skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)')
const SHOTS = path.resolve('test-results')
type Json = Record<string, any>
const NENA = JSON.parse(fs.readFileSync(path.resolve('test/fixtures/eido/nena-sample-call-transfer.json'), 'utf8')) as Json
/**
 * NENA's sample call transfer as a Los Angeles centre would send it: a person in crisis (the sample has no
 * incident type, which triage refers out), and a civic address whose house number the city's data cannot place.
 */
const INCIDENT = 'urn:emergency:uid:incidentid:e2egeocode1:psap.example'
const TRANSFER: Json = {
  ...NENA,
  $id: INCIDENT,
  incidentComponent: { $id: INCIDENT, incidentTypeCommonRegistryText: 'EDP', incidentTypeInternalText: 'PERSON IN CRISIS' },
  locationComponent: NENA.locationComponent.map((l: Json, i: number) =>
    i > 0
      ? l
      : {
          ...l,
          locationByValue: String(l.locationByValue).replace(
            /<A1>DE<\/A1>.*<HNO>42<\/HNO>/,
            '<A1>CA</A1> <A3>Los Angeles</A3> <HNO>517</HNO> <PRD>S</PRD> <RD>Main</RD> <STS>St</STS>'
          )
        }
  )
}
const HELD_ADDRESS = '517 S Main St, Los Angeles, CA'

describe.runIf(hasChromium).each(ENGINES)('address and corner search in the console, in Chromium (%s)', (engine) => {
  let server: RunningServer
  let base = ''
  let browser: Browser
  let d: Page
  let desk: Awaited<ReturnType<typeof apiLogin>>
  const cspViolations: string[] = []

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    server = await startDemoServer({ engine })
    base = server.base
    browser = await launchChromium()
    desk = await apiLogin(base, 'supervisor@demo.care')
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } })
    await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort())
    d = await ctx.newPage()
    d.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text())
    })
    await d.goto(base)
    await d.getByLabel('Email').fill('dispatcher@demo.care')
    await d.getByLabel('Password').fill(PASSWORD)
    await d.getByRole('button', { name: 'Sign in' }).click()
    await d.getByText('● live').first().waitFor({ timeout: 15_000 })
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  const addressBox = () => d.getByRole('combobox', { name: 'Address or landmark' })
  const pinOffCentre = async () => {
    const map = (await d.getByTestId('map').boundingBox())!
    const pin = (await d.locator('.leaflet-marker-icon[title="New call location"]').boundingBox())!
    // the pin's anchor is the middle of its icon (map/icons.ts)
    return Math.hypot(pin.x + pin.width / 2 - (map.x + map.width / 2), pin.y + pin.height / 2 - (map.y + map.height / 2))
  }

  it('finds "main and 5th", takes the first suggestion from the keyboard, moves the pin there and stores the call as ' +
    'geocoded', async () => {
    const box = addressBox()
    await box.click()
    await box.pressSequentially('main and 5th', { delay: 20 })
    const list = d.getByRole('listbox', { name: 'Address suggestions' })
    await list.waitFor({ state: 'visible' })
    expect(await box.getAttribute('aria-expanded')).toBe('true')
    expect(await box.getAttribute('aria-controls')).toBe(await list.getAttribute('id'))
    const firstLabel = await list.getByRole('option').first().locator('.combo-label').innerText()
    expect(firstLabel).toMatch(/^Main (St )?& 5th/)
    // the same search through the API names the point it stands for
    const found = ((await desk('GET', `/api/geocode?q=${encodeURIComponent('main and 5th')}&limit=8`)) as { candidates: Candidate[] })
      .candidates
    const chosen = found.find((c) => c.label === firstLabel)!
    expect(chosen).toBeDefined()
    expect(chosen.kind).toBe('intersection')

    // WCAG 2.1 AA in the form with the suggestions open: nothing serious or critical
    const violations = await seriousViolations(d, '.intake')
    expect(violations).toEqual([])
    await d.screenshot({ path: `${SHOTS}/e2e-geocode-suggestions-${engine}.png` })

    await box.press('ArrowDown')
    const active = await box.getAttribute('aria-activedescendant')
    expect(active).toBe(await list.getByRole('option').first().getAttribute('id'))
    expect(await d.locator(`[id="${active}"]`).getAttribute('aria-selected')).toBe('true')
    await box.press('Enter')

    expect(await box.getAttribute('aria-expanded')).toBe('false')
    expect(await box.inputValue()).toBe(firstLabel)
    expect(Number(await d.getByLabel('Latitude').inputValue())).toBeCloseTo(chosen.lat, 6)
    expect(Number(await d.getByLabel('Longitude').inputValue())).toBeCloseTo(chosen.lon, 6)
    expect(await d.getByTestId('location-source').innerText()).toBe('Search result')
    // the map moved to the pin: it stands at the map's centre
    await expect.poll(pinOffCentre, { timeout: 5000 }).toBeLessThan(4)

    await d.getByLabel('Narrative').fill('man in the street at the corner shouting at cars, no weapon seen')
    const created = d.waitForResponse((r) => r.url().endsWith('/api/calls') && r.request().method() === 'POST')
    await d.getByRole('button', { name: 'Create call' }).click()
    const response = await created
    expect(response.status()).toBe(201)
    const sent = JSON.parse(response.request().postData() ?? '{}') as { location: Record<string, unknown> }
    expect(sent.location).toEqual({ lat: chosen.lat, lon: chosen.lon, address: firstLabel, source: 'geocoded', label: firstLabel })

    const id = ((await response.json()) as { id: string }).id
    const stored = (await desk('GET', `/api/calls/${id}`)) as Call
    expect(stored.location).toMatchObject({
      source: 'geocoded',
      label: firstLabel,
      address: firstLabel,
      lat: chosen.lat,
      lon: chosen.lon,
      mismatch: null
    })
    // the same corner (its stops may name the streets the other way round)
    expect(stored.location.nearestCorner?.distanceMeters).toBeLessThanOrEqual(30)
    expect(stored.location.nearestCorner?.label).toMatch(/Main.*5th|5th.*Main/)
    // the call panel says where the point came from and the corner
    const facts = d.locator('.call-panel').getByTestId('location-facts')
    await facts.waitFor()
    expect(await facts.innerText()).toMatch(/Search result[\s\S]*Nearest corner: (Main.*5th|5th.*Main)/)
  })

  it('fills the address box with the nearest corner when the map is clicked, and stores the call as a map click', async () => {
    const box = addressBox()
    expect(await box.inputValue()).toBe('')
    const map = (await d.getByTestId('map').boundingBox())!
    // off the centre, where the call just made has its marker
    await d.getByTestId('map').click({ position: { x: map.width / 2 + 90, y: map.height / 2 + 70 } })

    await expect.poll(async () => await box.inputValue(), { timeout: 5000 }).toMatch(/^near .+ & .+ \(\d+ m\)/)
    expect(await d.getByTestId('location-source').innerText()).toBe('Map click')
    const lat = Number(await d.getByLabel('Latitude').inputValue())
    const lon = Number(await d.getByLabel('Longitude').inputValue())
    const there = (await desk('GET', `/api/geocode/reverse?lat=${lat}&lon=${lon}`)) as ReverseResult
    expect(await box.inputValue()).toBe(there.label)
    expect(there.corner).not.toBeNull()
    expect(there.label).toContain(there.corner!.label)

    await d.getByLabel('Narrative').fill('woman sitting on the curb crying, says she has nowhere to go')
    const created = d.waitForResponse((r) => r.url().endsWith('/api/calls') && r.request().method() === 'POST')
    await d.getByRole('button', { name: 'Create call' }).click()
    const id = ((await (await created).json()) as { id: string }).id
    const stored = (await desk('GET', `/api/calls/${id}`)) as Call
    expect(stored.location).toMatchObject({ source: 'map_click', label: there.label, address: there.label, lat, lon })
  })

  it('lists a transfer with only a civic address as it arrives, and placing it with the search queues the call', async () => {
    expect(JSON.stringify(TRANSFER)).toContain('<RD>Main</RD>')
    const posted = (await desk('POST', '/api/interop/eido', TRANSFER)) as { call: Call | null; toLocate: TransferToLocate | null }
    expect(posted.call).toBeNull()
    const held = posted.toLocate!
    expect(held).toMatchObject({ status: 'waiting', address: HELD_ADDRESS })
    expect(CARE_TEAM_RESPONSES).toContain(held.response)

    // live: no reload
    const panel = d.getByRole('region', { name: /Location to confirm/ })
    const item = panel.locator(`[data-to-locate-id="${held.id}"]`)
    await item.waitFor({ timeout: 10_000 })
    expect(await item.innerText()).toContain(HELD_ADDRESS)
    expect(await item.innerText()).toContain(`Not placed: ${held.reasonText}`)
    await item.getByRole('button', { name: 'Place this call…' }).click()

    const search = item.getByRole('combobox', { name: /Where is the caller\?/ })
    await expect.poll(async () => await search.evaluate((el) => el === document.activeElement)).toBe(true)
    await search.pressSequentially('main and 5th', { delay: 20 })
    const list = item.getByRole('listbox', { name: 'Address suggestions' })
    await list.waitFor({ state: 'visible' })
    const label = await list.getByRole('option').first().locator('.combo-label').innerText()
    expect(await seriousViolations(d, '.to-locate')).toEqual([])
    await search.press('ArrowDown')
    await search.press('Enter')
    await expect.poll(async () => await item.locator('.loc-facts').innerText()).toBe(`Chosen: ${label} Search result`)
    await d.screenshot({ path: `${SHOTS}/e2e-geocode-to-locate-${engine}.png` })

    const located = d.waitForResponse((r) => r.url().endsWith(`/api/transfers/to-locate/${held.id}/locate`))
    await item.getByRole('button', { name: 'Confirm location and queue' }).click()
    expect((await located).status()).toBe(201)

    // gone from the list; the call it became is queued, from the transfer, placed by the dispatcher's search
    await item.waitFor({ state: 'detached', timeout: 5000 })
    const after = ((await desk('GET', '/api/transfers/to-locate?all=true')) as { items: TransferToLocate[] }).items.find(
      (t) => t.id === held.id
    )!
    expect(after.status).toBe('located')
    expect(after.callId).not.toBeNull()
    const call = (await desk('GET', `/api/calls/${after.callId}`)) as Call
    expect(call).toMatchObject({ status: 'queued', source: '911_transfer' })
    expect(call.location).toMatchObject({ source: 'geocoded', label, address: HELD_ADDRESS })
    const queue = (await desk('GET', '/api/queue')) as Array<{ call: { id: string } }>
    expect(queue.map((q) => q.call.id)).toContain(call.id)
    // the console shows it in the queue, and opens it
    await d.locator(`.queue li[data-call-id="${call.id}"]`, { hasText: HELD_ADDRESS }).waitFor({ timeout: 5000 })
    await d.getByRole('heading', { name: `Call #${call.id.slice(0, 8)}` }).waitFor({ timeout: 5000 })
  })

  it('needed nothing the content-security policy blocks', () => {
    expect(cspViolations).toEqual([])
  })
})
