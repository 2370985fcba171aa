// The triage protocol as data at run time: PROTOCOL_FILE validated at start (a broken file stops the
// server naming the JSON path), GET /api/triage/protocol, versions uploaded, read, reviewed (diff) and
// activated by an admin; every triage keeps the version it used; activation reaches every process.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../server/app'
import { ConfigError, SHIPPED_PROTOCOL_FILE } from '../../server/config'
import { createDb } from '../../server/db/create-db'
import { ProtocolVersionClashError } from '../../server/modules/triage/protocols.service'
import { api, newCall, setup, testAreas, testConfig, type Fixture } from '../helpers/app'
import { QUIRKS_CSV, QUIRKS_MAPPING } from './history/quirks'
import { createTestDb, ENGINES, type TestDb } from '../helpers/db'

const shipped = JSON.parse(fs.readFileSync(SHIPPED_PROTOCOL_FILE, 'utf8')) as Record<string, any>
const SHIPPED_VERSION = shipped.version as string

/** The shipped protocol without any phrase or code mentioning 5150: a 5150 call type is no longer read as a mental-health crisis. */
function without5150 (version: string): Record<string, any> {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.filter((x) => !(typeof x === 'string' && /5150/.test(x))).map(strip)
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)]))
    return v
  }
  return { ...(strip(shipped) as Record<string, any>), version }
}

/** The first rule loses its response and gets a priority that is not one: the path must be named. */
function broken (): Record<string, any> {
  const doc = JSON.parse(JSON.stringify(shipped)) as Record<string, any>
  delete doc.rules[0].response
  doc.rules[0].priority = 'soon'
  return doc
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-protocol-'))
const write = (name: string, doc: unknown): string => {
  const p = path.join(tmp, name)
  fs.writeFileSync(p, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2))
  return p
}
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('PROTOCOL_FILE and TRIAGE_CODEBOOK_FILE', () => {
  it('loads the shipped protocol by default and another file when set', () => {
    expect(testConfig().protocol.version).toBe(SHIPPED_VERSION)
    expect(testConfig().protocolFile).toBe(SHIPPED_PROTOCOL_FILE)
    const file = write('other.json', without5150('city-7'))
    expect(testConfig({ PROTOCOL_FILE: file }).protocol.version).toBe('city-7')
  })

  it('refuses a broken file, naming the file and the JSON path of the first problem', () => {
    const file = write('broken.json', broken())
    expect(() => testConfig({ PROTOCOL_FILE: file })).toThrow(ConfigError)
    expect(() => testConfig({ PROTOCOL_FILE: file })).toThrow(/PROTOCOL_FILE .*broken\.json: rules\[0\]/)
    expect(() => testConfig({ PROTOCOL_FILE: write('not-json.json', '{ "version": ') })).toThrow(/not valid JSON/)
    expect(() => testConfig({ PROTOCOL_FILE: path.join(tmp, 'missing.json') })).toThrow(/cannot read the file/)
  })

  it('reads a code book, and refuses one that cannot be read', () => {
    const book = write('codes.csv', 'code,description\n1182,NON-INJURY ACCIDENT\n')
    const c = testConfig({ TRIAGE_CODEBOOK_FILE: book })
    expect(c.triageCodeBook?.book.entries.size).toBe(1)
    expect(() => testConfig({ TRIAGE_CODEBOOK_FILE: path.join(tmp, 'nope.csv') })).toThrow(
      /TRIAGE_CODEBOOK_FILE: code book .*nope\.csv/
    )
  })

  it('a server started with a broken file stops, saying which field is wrong', async () => {
    const file = write('broken-start.json', broken())
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: ':memory:', PORT: '0', DEMO: '0', LOG_LEVEL: 'warn', PROTOCOL_FILE: file },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    child.stdout.on('data', (d) => {
      out += String(d)
    })
    child.stderr.on('data', (d) => {
      out += String(d)
    })
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect(code).toBe(2)
    expect(out).toMatch(/Invalid configuration: PROTOCOL_FILE .*broken-start\.json: rules\[0\]/)
    expect(out).not.toMatch(/care dispatch is running/)
  }, 60_000)
})

describe.each(ENGINES)('triage protocol versions (%s)', (engine) => {
  let f: Fixture
  const NEW = `city-2027.1-${engine}`
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f?.close()
  })

  it('serves the version in force and its screening questions, worded, to every signed-in role', async () => {
    for (const role of ['dispatcher', 'supervisor', 'planner', 'admin'] as const) {
      const r = await api(f, 'GET', '/api/triage/protocol', f.tokens[role])
      expect(r.statusCode).toBe(200)
      const body = r.json()
      expect(body.version).toBe(SHIPPED_VERSION)
      expect(body.questions.map((q: { id: string }) => q.id)).toEqual(shipped.questions.map((q: { id: string }) => q.id))
      expect(body.questions[0]).toEqual({
        id: shipped.questions[0].id,
        label: shipped.questions[0].label,
        text: shipped.questions[0].text,
        safeAnswer: shipped.questions[0].safeAnswer
      })
    }
    expect((await f.app.inject({ method: 'GET', url: '/api/triage/protocol' })).statusCode).toBe(401)
  })

  it("stored the file's version at start, in force without an active row", async () => {
    const r = await api(f, 'GET', '/api/triage/protocols', f.tokens.supervisor)
    expect(r.statusCode).toBe(200)
    expect(r.json()).toMatchObject({ inForce: SHIPPED_VERSION, file: SHIPPED_VERSION })
    expect(r.json().versions).toEqual([
      expect.objectContaining({ version: SHIPPED_VERSION, source: 'file', active: false, inForce: true, uploadedBy: null })
    ])
  })

  it('refuses an invalid upload with 400 naming the JSON path, and stores nothing', async () => {
    const r = await api(f, 'POST', '/api/triage/protocols', f.tokens.admin, { ...broken(), version: 'broken-1' })
    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(/^body\/rules\[0\]/)
    const notObject = await api(f, 'POST', '/api/triage/protocols', f.tokens.admin, { version: 'x' })
    expect(notObject.statusCode).toBe(400)
    expect(notObject.json().message).toMatch(/^body\//)
    expect((await api(f, 'GET', '/api/triage/protocols/broken-1', f.tokens.admin)).statusCode).toBe(404)
    expect((await api(f, 'GET', '/api/triage/protocols', f.tokens.admin)).json().versions).toHaveLength(1)
  })

  it('uploads, lists and reads a version, which is not in force until activated', async () => {
    const key = { 'idempotency-key': `upload-${engine}` }
    const up = await api(f, 'POST', '/api/triage/protocols', f.tokens.admin, without5150(NEW), key)
    expect(up.statusCode).toBe(201)
    // a retry with the same key gets the first answer again; the key with another body is refused
    const retry = await api(f, 'POST', '/api/triage/protocols', f.tokens.admin, without5150(NEW), key)
    expect(retry.statusCode).toBe(201)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect((await api(f, 'POST', '/api/triage/protocols', f.tokens.admin, without5150(`${NEW}-other`), key)).statusCode).toBe(422)
    const me = (await api(f, 'GET', '/api/auth/me', f.tokens.admin)).json()
    expect(up.json()).toMatchObject({
      created: true,
      protocol: { version: NEW, source: 'upload', active: false, inForce: false, uploadedBy: me.id }
    })

    // the same document again: the stored one; the same version with other content: 409
    const again = await api(f, 'POST', '/api/triage/protocols', f.tokens.admin, without5150(NEW))
    expect(again.statusCode).toBe(200)
    expect(again.json().created).toBe(false)
    const clash = await api(f, 'POST', '/api/triage/protocols', f.tokens.admin, { ...without5150(NEW), name: 'Something else' })
    expect(clash.statusCode).toBe(409)
    expect(clash.json().message).toMatch(/version/)

    const list = (await api(f, 'GET', '/api/triage/protocols', f.tokens.supervisor)).json()
    expect(list.inForce).toBe(SHIPPED_VERSION)
    expect(list.versions.map((v: { version: string }) => v.version).sort()).toEqual([NEW, SHIPPED_VERSION].sort())
    const one = await api(f, 'GET', `/api/triage/protocols/${NEW}`, f.tokens.supervisor)
    expect(one.statusCode).toBe(200)
    expect(one.json().document).toEqual(without5150(NEW))
    expect((await api(f, 'GET', '/api/triage/protocol', f.tokens.dispatcher)).json().version).toBe(SHIPPED_VERSION)
  })

  it('reviews the impact against the version in force: what changes, the rules behind it, weighted totals', async () => {
    const r = await api(f, 'POST', `/api/triage/protocols/${NEW}/diff`, f.tokens.admin, {
      callTypes: [
        { callType: '5150', count: 597 },
        { callType: 'WELFARE CHECK', count: 1135 }
      ]
    })
    expect(r.statusCode).toBe(200)
    const { diff, text } = r.json()
    expect(diff).toMatchObject({
      from: SHIPPED_VERSION,
      to: NEW,
      total: { types: 2, calls: 1732 },
      changedTotal: { types: 1, calls: 597 }
    })
    expect(diff.changed).toHaveLength(1)
    expect(diff.changed[0]).toMatchObject({
      callType: '5150',
      count: 597,
      before: { response: 'care_team' },
      after: { response: 'police' }
    })
    expect(
      diff.changed[0].rulesAdded.length + diff.changed[0].rulesRemoved.length + diff.changed[0].signalsRemoved.length
    ).toBeGreaterThan(0)
    expect(text).toContain(`impact review: protocol ${SHIPPED_VERSION} → ${NEW}`)
    expect(text).toMatch(/5150: 597 calls/)
    expect(text).not.toMatch(/WELFARE CHECK/)

    const plain = await api(f, 'POST', `/api/triage/protocols/${NEW}/diff`, f.tokens.admin, { callTypes: ['5150', 'WELFARE CHECK'] })
    expect(plain.json().diff.total).toEqual({ types: 2, calls: 2 })
    expect((await api(f, 'POST', '/api/triage/protocols/nope-1/diff', f.tokens.admin, { callTypes: ['5150'] })).statusCode).toBe(404)
    expect((await api(f, 'POST', `/api/triage/protocols/${NEW}/diff`, f.tokens.admin, { callTypes: [] })).statusCode).toBe(400)
  })

  it('activates a version: new calls are triaged with it and keep it; older calls keep theirs; audited', async () => {
    const before = await newCall(f, { callType: '5150' })
    expect(before.triage).toMatchObject({ protocolVersion: SHIPPED_VERSION, response: 'care_team' })

    const key = `activate-${engine}`
    const act = await api(f, 'POST', `/api/triage/protocols/${NEW}/activate`, f.tokens.admin, {}, { 'idempotency-key': key })
    expect(act.statusCode).toBe(200)
    expect(act.json()).toMatchObject({ version: NEW, active: true, inForce: true })
    const replay = await api(f, 'POST', `/api/triage/protocols/${NEW}/activate`, f.tokens.admin, {}, { 'idempotency-key': key })
    expect(replay.statusCode).toBe(200)
    expect(replay.headers['idempotent-replayed']).toBe('true')

    expect((await api(f, 'GET', '/api/triage/protocol', f.tokens.dispatcher)).json().version).toBe(NEW)
    const after = await newCall(f, { callType: '5150' })
    expect(after.triage.protocolVersion).toBe(NEW)
    const preview = await api(f, 'POST', '/api/triage', f.tokens.planner, { callType: '5150' })
    expect(preview.json()).toMatchObject({ protocolVersion: NEW, response: 'police' })

    // the older call keeps the version it was triaged with; triaged again, the new entry has the new one
    const old = (await api(f, 'GET', `/api/calls/${before.id}`, f.tokens.dispatcher)).json()
    expect(old.triage.protocolVersion).toBe(SHIPPED_VERSION)
    const edited = await api(f, 'PATCH', `/api/calls/${before.id}`, f.tokens.dispatcher, {
      narrative: `${String(old.narrative)} (caller called back)`
    })
    expect(edited.statusCode).toBe(200)
    const history = (await api(f, 'GET', `/api/calls/${before.id}`, f.tokens.dispatcher)).json().triageHistory as Array<{
      kind: string
      protocolVersion: string
    }>
    expect(history.map((h) => [h.kind, h.protocolVersion])).toEqual([
      ['initial', SHIPPED_VERSION],
      ['retriage', NEW]
    ])

    // the old version stays readable; the list says which is active
    expect((await api(f, 'GET', `/api/triage/protocols/${SHIPPED_VERSION}`, f.tokens.admin)).json().document.version).toBe(
      SHIPPED_VERSION
    )
    const list = (await api(f, 'GET', '/api/triage/protocols', f.tokens.admin)).json()
    expect(list.inForce).toBe(NEW)
    expect(list.versions.filter((v: { active: boolean }) => v.active).map((v: { version: string }) => v.version)).toEqual([NEW])

    const audit = (
      await api(f, 'GET', `/api/audit?action=${encodeURIComponent(`triage_protocol.activate:${NEW}`)}`, f.tokens.supervisor)
    ).json()
    expect(audit.items).toHaveLength(1)
    expect(audit.items[0].user.role).toBe('admin')

    expect((await api(f, 'POST', '/api/triage/protocols/nope-1/activate', f.tokens.admin, {})).statusCode).toBe(404)
    expect((await api(f, 'POST', `/api/triage/protocols/${NEW}/activate`, f.tokens.supervisor, {})).statusCode).toBe(403)
  })

  it('imports CAD history with the version in force', async () => {
    const source = `quirks-${engine}`
    const { summary } = await f.app.services.history.importFile(
      {
        source,
        fileName: 'quirks.csv',
        fileBytes: Buffer.byteLength(QUIRKS_CSV),
        mapping: QUIRKS_MAPPING,
        timeZone: 'America/Los_Angeles',
        codeBook: null,
        actor: { id: null, label: 'test' }
      },
      [Buffer.from(QUIRKS_CSV)]
    )
    expect(summary.imported).toBeGreaterThan(0)
    const versions = (
      await sql<{ protocol_version: string }>`select distinct protocol_version from historical_calls where source = ${source}`.execute(
        f.db.db
      )
    ).rows
    expect(versions).toEqual([{ protocol_version: NEW }])
  })

  it("going back: activating the file's version again puts it back in force", async () => {
    const r = await api(f, 'POST', `/api/triage/protocols/${SHIPPED_VERSION}/activate`, f.tokens.admin, {})
    expect(r.statusCode).toBe(200)
    expect((await newCall(f, { callType: '5150' })).triage.protocolVersion).toBe(SHIPPED_VERSION)
    const back = await api(f, 'POST', `/api/triage/protocols/${NEW}/activate`, f.tokens.admin, {})
    expect(back.statusCode).toBe(200)
  })
})

describe.each(ENGINES)("the server's code book, TRIAGE_CODEBOOK_FILE (%s)", (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine, {
      config: {
        TRIAGE_CODEBOOK_FILE: write(`codes-${engine}.csv`, 'code,description\n1182,NON-INJURY ACCIDENT\nCW,CHECK THE WELFARE\n')
      }
    })
  })
  afterAll(async () => {
    await f?.close()
  })

  it('reads a city code at intake and in the preview, and names both in the reasons', async () => {
    const preview = (await api(f, 'POST', '/api/triage', f.tokens.dispatcher, { callType: '1182' })).json()
    expect(preview.category).toBe('traffic_safety')
    expect(preview.reasons.join(' ')).toContain('code 1182 (NON-INJURY ACCIDENT)')
    const c = await newCall(f, { callType: 'CW', narrative: null })
    expect(c.triage.reasons.join(' ')).toContain('code CW (CHECK THE WELFARE)')
  })
})

describe.each(ENGINES)('the version in force across a restart (%s)', (engine) => {
  let db: TestDb
  beforeAll(async () => {
    db = await createTestDb(engine)
  })
  afterAll(async () => {
    await db?.destroy()
  })

  it("keeps the database's active version over the file, and refuses a file whose version is stored with other content", async () => {
    const first = await setup(engine, { db })
    const up = await api(first, 'POST', '/api/triage/protocols', first.tokens.admin, without5150('restart-2'))
    expect(up.statusCode).toBe(201)
    expect((await api(first, 'POST', '/api/triage/protocols/restart-2/activate', first.tokens.admin, {})).statusCode).toBe(200)
    await first.close()

    const second = await setup(engine, { db })
    expect(second.app.services.protocols.current().version).toBe('restart-2')
    expect((await newCall(second, { callType: '5150' })).triage.protocolVersion).toBe('restart-2')
    await second.close()

    // PROTOCOL_FILE edited without a new version: the server refuses to start rather than mislabel triages
    const edited = write(`edited-${engine}.json`, { ...shipped, name: `${String(shipped.name)} (edited)` })
    await expect(buildApp(testConfig({ PROTOCOL_FILE: edited }), { db, sweeper: false, areas: testAreas() })).rejects.toThrow(
      ProtocolVersionClashError
    )
  })
})

describe.runIf(process.env.DATABASE_URL)('activation reaches every server process on one PostgreSQL', () => {
  let db: TestDb
  let a: Fixture
  let b: Fixture
  let second: Awaited<ReturnType<typeof createDb>>
  beforeAll(async () => {
    db = await createTestDb('postgres')
    second = await createDb({ databaseUrl: db.url!, dataDir: null, poolSize: 5 })
    a = await setup('postgres', { db, config: { PROTOCOL_CHECK_SECONDS: '0' } })
    // b hears by LISTEN only (no periodic check), so the notification is what is tested
    b = await setup('postgres', { db: { ...second, destroy: async () => {}, url: db.url }, config: { PROTOCOL_CHECK_SECONDS: '0' } })
  })
  afterAll(async () => {
    await b?.close()
    await a?.close()
    await second?.close()
    await db?.destroy()
  })

  it('a version activated on one process triages the next call on the other', async () => {
    expect((await api(a, 'POST', '/api/triage/protocols', a.tokens.admin, without5150('two-1'))).statusCode).toBe(201)
    expect((await newCall(b, { callType: '5150' })).triage.protocolVersion).toBe(SHIPPED_VERSION)
    expect((await api(a, 'POST', '/api/triage/protocols/two-1/activate', a.tokens.admin, {})).statusCode).toBe(200)
    await expect
      .poll(async () => (await api(b, 'GET', '/api/triage/protocol', b.tokens.dispatcher)).json().version, {
        timeout: 5000,
        interval: 50
      })
      .toBe('two-1')
    expect((await newCall(b, { callType: '5150' })).triage.protocolVersion).toBe('two-1')
    expect((await api(b, 'POST', '/api/triage', b.tokens.dispatcher, { callType: '5150' })).json()).toMatchObject({
      protocolVersion: 'two-1',
      response: 'police'
    })
  })

  it('two admins activating at once on two processes: both answered, one version active, both processes agree', async () => {
    for (const v of ['race-1', 'race-2']) {
      expect((await api(a, 'POST', '/api/triage/protocols', a.tokens.admin, without5150(v))).statusCode).toBe(201)
    }
    const [x, y] = await Promise.all([
      api(a, 'POST', '/api/triage/protocols/race-1/activate', a.tokens.admin, {}),
      api(b, 'POST', '/api/triage/protocols/race-2/activate', b.tokens.admin, {})
    ])
    expect([x.statusCode, y.statusCode]).toEqual([200, 200])
    const active = (await sql<{ version: string }>`select version from triage_protocols where active`.execute(db.db)).rows.map(
      (r) => r.version
    )
    expect(active).toHaveLength(1)
    await expect
      .poll(() => [a.app.services.protocols.current().version, b.app.services.protocols.current().version], {
        timeout: 5000,
        interval: 50
      })
      .toEqual([active[0], active[0]])
  })

  it('a process that missed the notification catches up at its periodic check', async () => {
    const c = await setup('postgres', {
      db: { ...second, destroy: async () => {}, url: db.url },
      config: { PROTOCOL_CHECK_SECONDS: '1' }
    })
    try {
      expect((await api(a, 'POST', '/api/triage/protocols', a.tokens.admin, without5150('two-2'))).statusCode).toBe(201)
      const onB = b.app.services.protocols.current().version
      // activated behind every process's back: no NOTIFY, as when a notification is lost
      await sql`update triage_protocols set active = (version = 'two-2')`.execute(db.db)
      await expect.poll(() => c.app.services.protocols.current().version, { timeout: 5000, interval: 100 }).toBe('two-2')
      expect(b.app.services.protocols.current().version).toBe(onB) // b checks only on notification
    } finally {
      await c.close()
    }
  })
})
