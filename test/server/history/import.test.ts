// Import of CAD history on both engines: a file with every quirk of real exports, idempotency, rejects with
// line numbers, a mapping error naming the missing column, and records kept apart from live operations.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportRequest } from '../../../server/modules/history/history.service'
import type { RejectInput } from '../../../server/modules/history/import-runs.repository'
import { BATCH_ROWS } from '../../../server/modules/history/import-pipeline'
import { ENGINES } from '../../helpers/db'
import { api, setup, type Fixture } from '../../helpers/app'
import { QUIRKS_CSV, QUIRKS_MAPPING, QUIRKS_REJECTS } from './quirks'

const CODE_BOOK = 'call_type,description\n5150,MENTALLY ILL PERSON\n1182,NON-INJURY ACCIDENT\n'

function request (source: string, extra: Partial<ImportRequest> = {}): ImportRequest {
  return {
    source,
    fileName: 'quirks.csv',
    fileBytes: Buffer.byteLength(QUIRKS_CSV),
    mapping: QUIRKS_MAPPING,
    timeZone: 'America/Los_Angeles',
    codeBook: { name: 'codes.csv', text: CODE_BOOK },
    actor: { id: null, label: 'test' },
    ...extra
  }
}

/** The file in small chunks, so records straddle chunk boundaries as they do when a file streams in. */
function * chunks (text: string, size = 37): Generator<Buffer> {
  const b = Buffer.from(text)
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size)
}

/** Records B<from> … B<to - 1>, one a line, in the export's shape. */
function big (from: number, to: number, ids: (i: number) => number = (i) => i): string {
  let text = 'id,received,type,lat,lon\n'
  for (let i = from; i < to; i++) {
    text += `B${ids(i)},2024-03-0${1 + (i % 9)} 0${i % 10}:${String(i % 60).padStart(2, '0')}:00,5150,34.05,-118.24\n`
  }
  return text
}

const batchRequest = (source: string, text: string): ImportRequest => ({
  ...request(source),
  fileBytes: Buffer.byteLength(text),
  mapping: { id: ['id'], received: ['received'], type: ['type'], lat: ['lat'], lon: ['lon'] }
})

describe.each(ENGINES)('import of CAD history (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  const rows = async (source: string) =>
    (await sql<Record<string, unknown>>`select * from historical_calls where source = ${source} order by source_id`.execute(f.db.db))
      .rows

  it('reads a file with every quirk and accounts for every row', async () => {
    const rejects: RejectInput[] = []

    const { summary } = await f.app.services.history.importFile(request('quirks'), chunks(QUIRKS_CSV), {
      onReject: (r) => {
        rejects.push(r)
      }
    })

    expect(summary.read).toBe(10)
    expect(summary.read).toBe(summary.imported + summary.skipped + summary.rejected.total)
    expect(summary.imported).toBe(4)
    expect(rejects.map((r) => [r.line, r.reason])).toEqual(QUIRKS_REJECTS)
    expect(summary.rejected.byReason).toEqual(Object.fromEntries(QUIRKS_REJECTS.map(([, r]) => [r, 1])))
    expect(Object.values(summary.responses).reduce((a, b) => a + b, 0)).toBe(4)
  })

  it('stores decoded text, UTC times from local ones, the whole chain, areas where there are coordinates', async () => {
    const [a, b, c, d] = await rows('quirks')

    expect(a).toMatchObject({
      source_id: '24-0001',
      call_type: 'HIT & RUN NO INJ',
      upstream_priority: '2',
      address: '200 N SPRING ST',
      upstream_area: '1A1',
      disposition: 'RPT',
      lat: 34.0537,
      lon: -118.2428
    })
    expect((a.received_at as Date).toISOString()).toBe('2024-01-16T07:58:07.000Z')
    expect((a.on_scene_at as Date).toISOString()).toBe('2024-01-16T08:10:00.000Z')
    expect((a.cleared_at as Date).toISOString()).toBe('2024-01-16T08:40:00.000Z')
    expect(a.areas).toEqual({ lapd_divisions: 'Central', council_districts: 'CD 14' })
    expect(b).toMatchObject({
      call_type: '5150',
      call_type_text: 'MENTALLY ILL PERSON',
      category: 'mental_health',
      address: '5TH AVE & G ST',
      lat: null,
      lon: null,
      areas: {},
      dispatched_at: null
    })
    expect((b.received_at as Date).toISOString()).toBe('2024-01-16T08:05:00.000Z')
    expect(c).toMatchObject({ source_id: '24-0003', lat: null, lon: null, address: '1200 S MAIN ST' })
    expect((c.received_at as Date).toISOString()).toBe('2024-01-16T09:30:00.000Z')
    expect(d).toMatchObject({ source_id: '24-0010', upstream_priority: null, address: 'W "B" ST', call_type: 'DISABLED VEHICLE' })
    // 02:30 did not happen on 10 March 2024 in Los Angeles: read as 03:30 PDT
    expect((d.received_at as Date).toISOString()).toBe('2024-03-10T10:30:00.000Z')
  })

  it('adds nothing when the same file is imported again', async () => {
    const { summary } = await f.app.services.history.importFile(request('quirks'), chunks(QUIRKS_CSV, 1000))

    expect(summary).toMatchObject({ read: 10, imported: 0, skipped: 4, rejected: { total: 6 } })
    expect(await rows('quirks')).toHaveLength(4)
  })

  it(
    'writes a file of several batches (the staging table of a connection used again and again), and again adds only what is ' + 'new',
    async () => {
      const req = (text: string): ImportRequest => batchRequest('batches', text)
      const first = big(0, 3 * BATCH_ROWS + 17)
      const more = big(2 * BATCH_ROWS, 4 * BATCH_ROWS + 3)

      const a = await f.app.services.history.importFile(req(first), chunks(first, 65_536))
      const b = await f.app.services.history.importFile(req(first), chunks(first, 65_536))
      const c = await f.app.services.history.importFile(req(more), chunks(more, 65_536))

      expect(a.summary).toMatchObject({ read: 3 * BATCH_ROWS + 17, imported: 3 * BATCH_ROWS + 17, skipped: 0 })
      expect(b.summary).toMatchObject({ imported: 0, skipped: 3 * BATCH_ROWS + 17 })
      expect(c.summary).toMatchObject({ read: 2 * BATCH_ROWS + 3, imported: BATCH_ROWS - 14, skipped: BATCH_ROWS + 17 })
      const n = await sql<{
        n: number
        ids: number
      }>`select count(*)::int as n, count(distinct source_id)::int as ids from historical_calls where source = 'batches'`.execute(
        f.db.db
      )
      expect(n.rows[0]).toEqual({ n: 4 * BATCH_ROWS + 3, ids: 4 * BATCH_ROWS + 3 })
    }
  )

  it('keeps a record repeated in a file once, whether the repeat is in the same batch or a later one, and projects it once', async () => {
    const count = async (source: string) =>
      (
        await sql<{ calls: number; ids: number; facts: number }>`select count(*)::int as calls, count(distinct h.source_id)::int as ids,
          count(f.call_id)::int as facts from historical_calls h left join report_facts f on f.call_id = h.id
          where h.source = ${source}`.execute(f.db.db)
      ).rows[0]
    // B0 … B(BATCH_ROWS - 1), then the same ids again: the first batch is new, every later one meets records already there
    const twice = big(0, 2 * BATCH_ROWS + 10, (i) => i % BATCH_ROWS)
    // a repeat inside the first batch (B7 three lines on), then new records in the batches after it
    const inBatch = big(0, BATCH_ROWS + 20, (i) => (i === 10 ? 7 : i))

    const a = await f.app.services.history.importFile(batchRequest('repeats', twice), chunks(twice, 65_536))
    const b = await f.app.services.history.importFile(batchRequest('repeats-in-batch', inBatch), chunks(inBatch, 65_536))

    expect(a.summary).toMatchObject({ read: 2 * BATCH_ROWS + 10, imported: BATCH_ROWS, skipped: BATCH_ROWS + 10 })
    expect(await count('repeats')).toEqual({ calls: BATCH_ROWS, ids: BATCH_ROWS, facts: BATCH_ROWS })
    expect(b.summary).toMatchObject({ read: BATCH_ROWS + 20, imported: BATCH_ROWS + 19, skipped: 1 })
    expect(await count('repeats-in-batch')).toEqual({ calls: BATCH_ROWS + 19, ids: BATCH_ROWS + 19, facts: BATCH_ROWS + 19 })
  })

  it('knows a record without an id by a hash of its row, so that too is idempotent', async () => {
    const noIds = { ...QUIRKS_MAPPING, id: undefined }

    const first = await f.app.services.history.importFile(request('hashed', { mapping: noIds }), chunks(QUIRKS_CSV))
    const second = await f.app.services.history.importFile(request('hashed', { mapping: noIds }), chunks(QUIRKS_CSV))

    expect(first.summary.imported).toBe(4)
    expect(second.summary).toMatchObject({ imported: 0, skipped: 4 })
    expect((await rows('hashed')).every((r) => /^row:[0-9a-f]{64}$/.test(String(r.source_id)))).toBe(true)
  })

  it('names the missing column and writes nothing, not even a run', async () => {
    const runsBefore = (await f.app.services.history.listRuns()).length

    const attempt = f.app.services.history.importFile(
      request('missing', { mapping: { ...QUIRKS_MAPPING, type: ['Nature Code'] } }),
      chunks(QUIRKS_CSV)
    )

    await expect(attempt).rejects.toThrow(/^mapping\.type: column "Nature Code" not found; the header has: "Incident No", "Call Date"/)
    expect((await f.app.services.history.listRuns()).length).toBe(runsBefore)
    expect(await rows('missing')).toHaveLength(0)
  })

  it('records each run: who, when, which file, the counts; and keeps the rejects with their lines', async () => {
    const run = (await f.app.services.history.listRuns()).find((r) => r.source === 'quirks')!

    expect(run).toMatchObject({
      actor: 'test',
      file_name: 'quirks.csv',
      status: 'done',
      rows_read: 10,
      rejected: 6,
      code_book_name: 'codes.csv',
      time_zone: 'America/Los_Angeles'
    })
    let csv = ''
    for await (const part of f.app.services.history.rejectsCsv(run.id)) csv += part
    // the columns the mapping read, but the address, coordinates and disposition; never the unmapped Notes
    expect(csv.split('\n')[0]).toBe(
      'line,reason,message,Incident No,Call Date,Call Time,Nature,Pri,Beat,Dispatched,Enroute,Onscene,Cleared'
    )
    expect(csv).toMatch(/\n6,missing_call_type,no call type,24-0004,/)
    expect(csv).toMatch(/\n9,bad_coordinates,the coordinates are not usable \(the raw copy shows them\),24-0007,/)
    expect(csv).not.toContain('1841234.5')
    expect(csv).toMatch(/\n11,malformed_csv,"unterminated quoted field starting on line 11[^\n]*\n/)
    let raw = ''
    for await (const part of f.app.services.history.rejectsCsv(run.id, 'raw')) raw += part
    expect(raw.split('\n')[0]).toBe(
      'line,reason,message,Incident No,Call Date,Call Time,Nature,Pri,Lat,Lon,St Num,Street,Beat,Dispo,Dispatched,Enroute,Onscene,Cleared'
    )
    expect(raw).toMatch(/\n9,bad_coordinates,[^\n]*1841234\.5,6483211\.2/)
    // a malformed record keeps no field at all: its raw line would carry every column of the file
    expect(raw).not.toContain('DISTURBANCE')
  })

  it('keeps history apart from live operations: no call, no event, nothing in the queue', async () => {
    const calls = await sql<{ n: number }>`select count(*)::int as n from calls`.execute(f.db.db)
    const events = await sql<{ n: number }>`select count(*)::int as n from events where type like 'call.%'`.execute(f.db.db)

    expect(calls.rows[0].n).toBe(0)
    expect(events.rows[0].n).toBe(0)
    expect((await api(f, 'GET', '/api/queue', f.tokens.dispatcher)).json()).toEqual([])
  })
})
