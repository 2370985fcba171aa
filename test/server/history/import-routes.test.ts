// The import routes as the web page uses them: preview, create, stream the file, progress, rejects; roles; 4xx naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../helpers/db'
import { api, auth, setup, type Fixture } from '../../helpers/app'
import { QUIRKS_CSV, QUIRKS_MAPPING } from './quirks'

const HEADER = QUIRKS_CSV.slice(1, QUIRKS_CSV.indexOf('\r\n')).split(',')

describe.each(ENGINES)('import routes (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  const create = async (body: Record<string, unknown> = {}, token = f.tokens.planner) =>
    await api(f, 'POST', '/api/imports', token, {
      fileName: 'quirks.csv',
      fileBytes: Buffer.byteLength(QUIRKS_CSV),
      source: 'web-test',
      mapping: QUIRKS_MAPPING,
      header: HEADER,
      timeZone: 'America/Los_Angeles',
      ...body
    })
  const upload = async (id: string, text = QUIRKS_CSV, token = f.tokens.planner) =>
    await f.app.inject({
      method: 'PUT',
      url: `/api/imports/${id}/file`,
      headers: { ...auth(token), 'content-type': 'text/csv' },
      payload: text
    })

  it('previews how a mapping reads the first rows, with a suggested mapping, times in the zone and triage', async () => {
    const r = await api(f, 'POST', '/api/imports/preview', f.tokens.admin, {
      sample: QUIRKS_CSV.slice(0, 600),
      complete: false,
      mapping: QUIRKS_MAPPING,
      timeZone: 'America/Los_Angeles',
      codeBook: 'code,description\n5150,MENTALLY ILL PERSON\n'
    })

    expect(r.statusCode).toBe(200)
    const p = r.json()
    expect(p.header).toEqual(HEADER)
    expect(p.mappingError).toBeNull()
    expect(p.readings[0]).toMatchObject({
      line: 2,
      ok: true,
      receivedLocal: '2024-01-15 23:58:07',
      receivedAt: '2024-01-16T07:58:07.000Z',
      callType: 'HIT & RUN NO INJ',
      chain: { onScene: '2024-01-16 00:10:00' }
    })
    expect(p.readings[1]).toMatchObject({
      line: 3,
      ok: true,
      callType: '5150',
      callTypeText: 'MENTALLY ILL PERSON',
      category: 'mental_health'
    })
    // the sample ends inside a record, which is left out rather than read short
    expect(p.rows.length).toBeLessThan(10)
    expect(p.readings.filter((x: { reason?: string }) => x.reason === 'wrong_field_count')).toEqual([])
  })

  it('says what is missing in a mapping being chosen, without failing', async () => {
    const r = await api(f, 'POST', '/api/imports/preview', f.tokens.planner, {
      sample: QUIRKS_CSV,
      complete: true,
      mapping: { received: ['Call Date'] }
    })

    expect(r.statusCode).toBe(200)
    expect(r.json().mappingError).toMatch(/^mapping\.type: required/)
    expect(r.json().suggested).toMatchObject({ type: ['Nature'], lat: ['Lat'], lon: ['Lon'], dispatched: ['Dispatched'] })
    expect(r.json().rows).toHaveLength(10)
  })

  it('imports an uploaded file: create, stream, then the run with its counts and the rejects as CSV', async () => {
    const c = await create()
    expect(c.statusCode).toBe(201)
    expect(c.json()).toMatchObject({ status: 'waiting', actor: expect.stringMatching(/^planner-/) })

    const u = await upload(c.json().id)

    expect(u.statusCode).toBe(200)
    expect(u.json()).toMatchObject({
      status: 'done',
      read: 10,
      imported: 4,
      skipped: 0,
      rejected: { total: 6 },
      bytesRead: Buffer.byteLength(QUIRKS_CSV)
    })
    const run = await api(f, 'GET', `/api/imports/${c.json().id}`, f.tokens.admin)
    expect(run.json().status).toBe('done')
    const rejects = await api(f, 'GET', `/api/imports/${c.json().id}/rejects`, f.tokens.planner)
    expect(rejects.headers['content-type']).toMatch(/^text\/csv/)
    expect(rejects.body.split('\n').filter(Boolean)).toHaveLength(7)
    expect((await api(f, 'GET', '/api/imports', f.tokens.admin)).json()[0].id).toBe(c.json().id)
  })

  it('adds nothing the second time, and refuses a second upload to the same run', async () => {
    const first = (await create()).json()
    const again = await upload(first.id)

    const twice = await upload(first.id)

    expect(again.json()).toMatchObject({ imported: 0, skipped: 4 })
    expect(twice.statusCode).toBe(400)
    expect(twice.json().message).toMatch(/already received/)
  })

  it.each([
    [{ mapping: { ...QUIRKS_MAPPING, type: ['Nature Code'] } }, /^mapping\.type: column "Nature Code" not found/],
    [{ mapping: { received: ['Call Date'] } }, /body\/mapping must have required property 'type'/],
    [{ timeZone: 'Mars/Olympus' }, /^timeZone: unknown time zone/],
    [{ source: 'has spaces' }, /body\/source must match/],
    [{ codeBook: { name: 'x.csv', text: 'only\n' } }, /^codeBook: /]
  ])('refuses a bad request with 400 naming the field, writing nothing (%#)', async (body, message) => {
    const before = (await api(f, 'GET', '/api/imports', f.tokens.admin)).json().length

    const r = await create(body)

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(message)
    expect((await api(f, 'GET', '/api/imports', f.tokens.admin)).json().length).toBe(before)
  })

  it('fails the run, naming the column, when the uploaded file is not the one described', async () => {
    const c = (await create()).json()

    const r = await upload(c.id, 'a,b\n1,2\n')

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(/^mapping\.received: column "Call Date" not found/)
    expect((await api(f, 'GET', `/api/imports/${c.id}`, f.tokens.admin)).json()).toMatchObject({ status: 'failed', imported: 0 })
  })

  it('answers 404 for an unknown run and 415 for a body that is not CSV', async () => {
    expect((await api(f, 'GET', '/api/imports/00000000-0000-4000-8000-000000000000', f.tokens.admin)).statusCode).toBe(404)
    const c = (await create()).json()
    const r = await f.app.inject({
      method: 'PUT',
      url: `/api/imports/${c.id}/file`,
      headers: { ...auth(f.tokens.admin), 'content-type': 'image/png' },
      payload: 'x'
    })
    expect(r.statusCode).toBe(415)
  })

  it('is for admins and planners only', async () => {
    for (const role of ['dispatcher', 'supervisor'] as const) {
      expect((await api(f, 'GET', '/api/imports', f.tokens[role])).statusCode).toBe(403)
      expect((await create({}, f.tokens[role])).statusCode).toBe(403)
    }
  })
})
