// Integration (both engines): a blank is not zero (issue 17). A call taken as the console sends it, every optional
// field null, is stored and triaged with the age unknown; an age of 0 typed on purpose is an infant's; and the data a
// blank age field wrote before the fix is found and repaired (`npm run repair:ages`), with a history entry saying why.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config'
import { createDb } from '../../server/db/create-db'
import { migrateToLatest } from '../../server/db/migrate'
import { createServices } from '../../server/services'
import { ENGINES } from '../helpers/db'
import { api, ELIGIBLE, newCall, newTeam, setup, type Fixture } from '../helpers/app'

const ADULT = 'man on the corner talking to himself, says he hears voices, no weapons'
/** What the intake form sent before the fix, for a call with every optional field left empty. */
const AS_THE_FORM_SENT = {
  location: { lat: 34.052, lon: -118.243 },
  narrative: ADULT,
  callType: null,
  answers: {},
  language: 'en',
  callback: null,
  personAge: null,
  placeKind: null,
  guardianCallback: null
}

describe.each(ENGINES)('a blank is not zero (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  it('stores a call whose optional fields are null with the age unknown and no youth need', async () => {
    await newTeam(f, { kind: 'youth', capabilities: ['mental_health', 'substance_use', 'youth'] })

    const r = await api(f, 'POST', '/api/calls', f.tokens.dispatcher, AS_THE_FORM_SENT)

    expect(r.statusCode).toBe(201)
    expect(r.json()).toMatchObject({ personAge: null, placeKind: null, guardianCallback: null, callback: null, callType: null })
    expect(r.json().triage.needs).not.toContain('youth')
    expect(r.json().triage.handoff).toEqual([])
    const stored = (await api(f, 'GET', `/api/calls/${String(r.json().id)}`, f.tokens.dispatcher)).json()
    expect(stored).toMatchObject({ personAge: null, placeKind: null, guardianCallback: null })
    const row = await f.db.db
      .selectFrom('calls')
      .select(['person_age', 'place_kind', 'needs'])
      .where('id', '=', r.json().id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ person_age: null, place_kind: null, needs: [] })
    const recs = (await api(f, 'GET', `/api/calls/${String(r.json().id)}/recommendations`, f.tokens.dispatcher)).json()
    expect(recs.needs).not.toContain('youth')
  })

  it('previews a null age as unknown, and an age of 0 typed on purpose as an infant', async () => {
    const blank = await api(f, 'POST', '/api/triage', f.tokens.dispatcher, { narrative: ADULT, personAge: null, placeKind: null })
    const infant = await api(f, 'POST', '/api/triage', f.tokens.dispatcher, {
      narrative: 'caller says the child is screaming and cannot be calmed, no weapons',
      personAge: 0
    })

    expect(blank.json().needs).toEqual([])
    expect(blank.json().reasons.join('\n')).not.toMatch(/age 0/)
    expect(infant.json().needs).toEqual(['youth'])
    expect(infant.json().reasons.join('\n')).toMatch(/age 0 \(intake\)/)
  })

  it('keeps null as null when a call is edited, and refuses an age sent as text', async () => {
    const c = await newCall(f, { personAge: 30 })

    const cleared = await api(f, 'PATCH', `/api/calls/${c.id}`, f.tokens.dispatcher, { personAge: null, guardianCallback: null })
    const text = await api(f, 'PATCH', `/api/calls/${c.id}`, f.tokens.dispatcher, { personAge: '14' })

    expect(cleared.statusCode).toBe(200)
    expect(cleared.json()).toMatchObject({ personAge: null, guardianCallback: null })
    expect(text.statusCode).toBe(400)
    expect(text.json().message).toContain('body/personAge')
  })

  it('finds the calls a blank age field stored as 0, and repairs them with their own protocol version', async () => {
    // what the bug wrote: age 0 on an adult's call; beside it, zeros that something else confirms
    const blank = await newCall(f, { narrative: ADULT, personAge: 0 })
    const baby = await newCall(f, { narrative: 'mother says her 8 months old will not stop crying, she cannot cope', personAge: 0 })
    const student = await newCall(f, { narrative: 'student crying in the hallway', personAge: 0 })
    const school = await newCall(f, { narrative: ELIGIBLE, personAge: 0, placeKind: 'school' })
    expect(blank.triage.needs).toContain('youth')
    const readerOf = f.app.services.protocols.reader

    const found = await f.app.services.calls.blankAgeCalls(readerOf)

    const ids = found.map((c) => c.id)
    expect(ids).toContain(blank.id)
    for (const kept of [baby, student, school]) expect(ids).not.toContain(kept.id)
    const entry = found.find((c) => c.id === blank.id)!
    expect(entry.now.needs).toContain('youth')
    expect(entry.after.needs).not.toContain('youth')

    const repaired = await f.app.services.calls.repairBlankAge(
      blank.id,
      (await readerOf(blank.triage.protocolVersion)).triage,
      'blank age field'
    )

    expect(repaired?.after.needs).not.toContain('youth')
    const detail = (await api(f, 'GET', `/api/calls/${blank.id}`, f.tokens.dispatcher)).json()
    expect(detail.personAge).toBeNull()
    expect(detail.triage.needs).not.toContain('youth')
    expect(detail.status).toBe('queued')
    const last = detail.triageHistory.at(-1)
    expect(last).toMatchObject({
      kind: 'repair',
      overrideReason: 'blank age field',
      actorId: null,
      protocolVersion: blank.triage.protocolVersion
    })
    expect((await f.app.services.calls.blankAgeCalls(readerOf)).map((c) => c.id)).not.toContain(blank.id)
    expect(
      await f.app.services.calls.repairBlankAge(blank.id, (await readerOf(blank.triage.protocolVersion)).triage, 'again')
    ).toBeNull()
  })
})

describe('npm run repair:ages', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-repair-'))
  const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '', DEMO: '0', LOG_LEVEL: 'silent' }
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'server/modules/calls/repair-ages-cli.ts', ...args], { encoding: 'utf8', env })
  let id = ''

  beforeAll(async () => {
    // a database with one call a blank age field stored as 0, written as the old intake did
    const config = loadConfig(env)
    const h = await createDb(config)
    await migrateToLatest(h.db)
    const s = createServices(config, h.db)
    await s.protocols.start()
    const user = await s.auth.createUser({ email: 'desk@repair.test', password: 'repair-password-123', role: 'dispatcher' })
    const { call } = await s.calls.create(
      { location: { lat: 34.05, lon: -118.25 }, narrative: ADULT, personAge: 0 },
      { id: user.id, role: 'dispatcher', email: user.email, teamId: null, sessionId: 'cli' }
    )
    id = call.id
    await h.close()
  })
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('lists the affected calls on a dry run and changes nothing, then repairs them', () => {
    const dry = run('--dry-run')

    expect(dry.status).toBe(0)
    expect(dry.stdout).toMatch(/^1 call stored with age 0 and nothing else saying a young person \(dry run: nothing changed\)/)
    expect(dry.stdout).toContain(id)
    expect(dry.stdout).toMatch(/needs youth → mental_health\/care_team/)

    const fix = run()

    expect(fix.status).toBe(0)
    expect(fix.stdout).toMatch(/repaired 1 call/)
    expect(run('--dry-run').stdout).toMatch(/^0 calls/)
  })
})
