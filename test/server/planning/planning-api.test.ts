// The planner's workspace API on both engines: shipped scenarios read-only and exported byte for byte, stored
// scenarios validated with the CLI's messages, duplicate/rename/delete, Idempotency-Key, saved runs, and
// history as times, triage results and areas only.
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../helpers/db'
import { api, auth, Clock, setup, type Fixture } from '../../helpers/app'
import { insertHistory } from '../../helpers/report-rows'
import { stableJson } from '../../../simulations/stable-json'
import { runScenario } from '../../../simulations/run'
import { summarize } from '../../../simulations/summary'
import { loadScenario } from '../../../simulations/scenario-file'

const ROOT = join(__dirname, '../../..')
const BASELINE = join(ROOT, 'simulations/scenarios/la-baseline.json')
const baselineText = readFileSync(BASELINE, 'utf8')
const sha = (t: string): string => createHash('sha256').update(t).digest('hex')

/** The CLI's own complaint about a scenario file, minus its first line (which names the file). */
function cliErrors (doc: unknown): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'planning-'))
  const file = join(dir, 'bad.json')
  writeFileSync(file, typeof doc === 'string' ? doc : stableJson(doc))
  try {
    execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'simulations/cli.ts'), file], { cwd: ROOT, stdio: 'pipe' })
  } catch (e) {
    return String((e as { stderr: Buffer }).stderr)
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.trim())
  }
  throw new Error('the CLI accepted it')
}

describe.each(ENGINES)('planning API (%s)', (engine) => {
  let f: Fixture
  const inject = async (method: 'PUT' | 'DELETE', url: string, payload?: unknown, token = f.tokens.planner) =>
    await f.app.inject({ method, url, headers: auth(token), ...(payload !== undefined ? { payload: payload as object } : {}) })
  const bad = JSON.parse(baselineText)
  bad.teams[0].base = { lat: 'north', lon: -118.2 }
  bad.demand.callsPerDay.mental_health = -3
  let expectedErrors: string[]
  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(Date.parse('2025-06-02T16:00:00Z')) })
    expectedErrors = cliErrors(bad)
  }, 60_000)
  afterAll(async () => {
    await f.close()
  })

  it('lists the shipped scenarios, the LA baseline first among them, read-only, and exports the file byte for byte', async () => {
    const list = (await api(f, 'GET', '/api/planning/scenarios', f.tokens.planner)).json()
    const base = list.find((s: { id: string }) => s.id === 'shipped-la-baseline')
    expect(base).toMatchObject({ shipped: true, author: null, sha256: sha(baselineText), teams: expect.any(Number) })
    expect(base.name).toMatch(/baseline/i)
    const exp = await api(f, 'GET', '/api/planning/scenarios/shipped-la-baseline/export', f.tokens.planner)
    expect(exp.statusCode).toBe(200)
    expect(exp.headers['content-disposition']).toMatch(/attachment; filename=".+\.json"/)
    expect(exp.body).toBe(baselineText)
    expect((await inject('DELETE', '/api/planning/scenarios/shipped-la-baseline')).statusCode).toBe(409)
    expect((await api(f, 'PATCH', '/api/planning/scenarios/shipped-la-baseline', f.tokens.planner, { name: 'x' })).statusCode).toBe(409)
    expect((await api(f, 'GET', '/api/planning/scenarios/shipped-nope', f.tokens.planner)).statusCode).toBe(404)
    expect((await api(f, 'GET', '/api/planning/scenarios/not-an-id', f.tokens.planner)).statusCode).toBe(400)
  })

  it("refuses an invalid scenario with the CLI's messages and writes nothing", async () => {
    const before = (await api(f, 'GET', '/api/planning/scenarios', f.tokens.planner)).json().length
    const r = await api(f, 'POST', '/api/planning/scenarios', f.tokens.planner, { document: bad })
    expect(r.statusCode).toBe(400)
    const lines = r
      .json()
      .message.split('\n')
      .slice(1)
      .map((l: string) => l.trim())
    expect(expectedErrors.length).toBeGreaterThan(0)
    expect(lines).toEqual(expectedErrors)
    expect(lines.join('\n')).toMatch(/teams\[0\]\.base/)
    const imp = await api(f, 'POST', '/api/planning/scenarios/import', f.tokens.planner, { text: '{"name": ' })
    expect(imp.statusCode).toBe(400)
    expect(imp.json().message).toMatch(/^body\/text is invalid:\n {2}not valid JSON/)
    expect((await api(f, 'GET', '/api/planning/scenarios', f.tokens.planner)).json().length).toBe(before)
  })

  it('imports, duplicates, renames, saves and deletes; the export is the file the CLI reads', async () => {
    const imp = await api(f, 'POST', '/api/planning/scenarios/import', f.tokens.planner, { text: baselineText })
    expect(imp.statusCode).toBe(201)
    const s = imp.json()
    expect(s).toMatchObject({ shipped: false, author: expect.stringMatching(/^planner-/), sha256: sha(baselineText) })
    expect((await api(f, 'GET', `/api/planning/scenarios/${s.id}/export`, f.tokens.planner)).body).toBe(baselineText)

    const dup = (await api(f, 'POST', '/api/planning/scenarios/shipped-la-expanded/duplicate', f.tokens.planner, {})).json()
    expect(dup.name).toMatch(/^Copy of /)
    expect(dup.document.teams).toEqual(loadScenario(join(ROOT, 'simulations/scenarios/la-expanded.json')).scenario.teams)

    const ren = await api(f, 'PATCH', `/api/planning/scenarios/${s.id}`, f.tokens.planner, { name: 'Two more teams downtown' })
    expect(ren.statusCode).toBe(200)
    expect(ren.json().name).toBe('Two more teams downtown')
    expect(ren.json().sha256).not.toBe(s.sha256)
    const text = (await api(f, 'GET', `/api/planning/scenarios/${s.id}/export`, f.tokens.planner)).body
    expect(sha(text)).toBe(ren.json().sha256)
    expect(JSON.parse(text).name).toBe('Two more teams downtown')

    const doc = ren.json().document
    doc.teams.push({ kind: 'crisis', count: 2, base: { station: '003' } })
    const put = await inject('PUT', `/api/planning/scenarios/${s.id}`, { document: doc })
    expect(put.statusCode).toBe(200)
    expect(put.json().teams).toBe(ren.json().teams + 2)
    const badPut = await inject('PUT', `/api/planning/scenarios/${s.id}`, { document: { ...doc, teams: [] } })
    expect(badPut.statusCode).toBe(400)
    expect(badPut.json().message).toMatch(/teams/)
    expect((await api(f, 'GET', `/api/planning/scenarios/${s.id}`, f.tokens.planner)).json().teams).toBe(put.json().teams)

    expect((await inject('DELETE', `/api/planning/scenarios/${dup.id}`)).statusCode).toBe(204)
    expect((await api(f, 'GET', `/api/planning/scenarios/${dup.id}`, f.tokens.planner)).statusCode).toBe(404)
    expect((await inject('DELETE', `/api/planning/scenarios/${dup.id}`)).statusCode).toBe(404)
  })

  it('honours Idempotency-Key: a retried create makes one scenario and answers the same', async () => {
    const key = { 'idempotency-key': `plan-${engine}-1` }
    const a = await api(f, 'POST', '/api/planning/scenarios/shipped-la-baseline/duplicate', f.tokens.planner, { name: 'Retry me' }, key)
    const b = await api(f, 'POST', '/api/planning/scenarios/shipped-la-baseline/duplicate', f.tokens.planner, { name: 'Retry me' }, key)
    expect(a.statusCode).toBe(201)
    expect(b.statusCode).toBe(201)
    expect(b.headers['idempotent-replayed']).toBe('true')
    expect(b.json().id).toBe(a.json().id)
    const list = (await api(f, 'GET', '/api/planning/scenarios', f.tokens.planner)).json()
    expect(list.filter((s: { name: string }) => s.name === 'Retry me')).toHaveLength(1)
    const c = await api(f, 'POST', '/api/planning/scenarios/shipped-la-baseline/duplicate', f.tokens.planner, { name: 'Another' }, key)
    expect(c.statusCode).toBe(422)
  })

  it('saves a run with its scenario hash, seed, replications and code version, and refuses a summary of another file', async () => {
    const loaded = loadScenario(BASELINE)
    const out = await runScenario({ scenarioPath: BASELINE, loaded, days: 1, replications: 2, seed: 7, workers: 1 })
    const summary = summarize(out.prep, out.reps, { seed: out.seed, replications: out.reps.length })
    const cv = (await api(f, 'GET', '/api/planning/code-version', f.tokens.planner)).json().codeVersion
    expect(cv).toMatch(/^\d+\.\d+\.\d+\+sim\.[0-9a-f]{12}$/)
    const r = await api(f, 'POST', '/api/planning/runs', f.tokens.planner, {
      scenarioId: 'shipped-la-baseline',
      kind: 'simulation',
      codeVersion: cv,
      platform: 'browser',
      elapsedMs: 1234,
      summary
    })
    expect(r.statusCode).toBe(201)
    expect(r.json()).toMatchObject({
      scenarioSha256: sha(baselineText),
      seed: 7,
      replications: 2,
      days: 1,
      codeVersion: cv,
      platform: 'browser',
      responseP90: (summary.responseMinutes as { p90: number }).p90
    })
    const got = (await api(f, 'GET', `/api/planning/runs/${r.json().id}`, f.tokens.planner)).json()
    expect(stableJson(got.summary)).toBe(stableJson(summary))
    expect(
      (await api(f, 'GET', '/api/planning/runs?scenario=shipped-la-baseline', f.tokens.planner)).json().map((x: { id: string }) => x.id)
    ).toContain(r.json().id)
    const wrong = await api(f, 'POST', '/api/planning/runs', f.tokens.planner, {
      scenarioId: 'shipped-la-expanded',
      kind: 'simulation',
      codeVersion: cv,
      platform: 'browser',
      summary
    })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().message).toMatch(/body\/summary\/scenarioSha256/)
    const noSeed = await api(f, 'POST', '/api/planning/runs', f.tokens.planner, {
      scenarioId: 'shipped-la-baseline',
      kind: 'simulation',
      codeVersion: cv,
      platform: 'browser',
      summary: { ...summary, seed: 'x' }
    })
    expect(noSeed.statusCode).toBe(400)
    expect(noSeed.json().message).toMatch(/body\/summary\/seed/)
  }, 60_000)

  it('gives history as times, triage results and areas only, minutes counted from the Monday before', async () => {
    const cd1 = { areas: { council_districts: 'CD 1', lapd_divisions: 'Central' }, address: '100 Main St', lat: 34.05, lon: -118.25 }
    await insertHistory(f.db.db, [
      // 45 s past the minute: the record says the minute only
      { received: '2025-03-05T18:30:45Z', dispatched: 2, enRoute: 4, onScene: 15, cleared: 60, ...cd1 },
      ...[1, 2, 3, 4].map((i) => ({ received: `2025-03-05T2${i}:00:00Z`, ...cd1 })),
      // the only call of CD 9 and Newton in the period: its areas are merged into none
      {
        received: '2025-03-06T02:00:00Z',
        category: 'substance_use' as const,
        priority: 3 as const,
        areas: { council_districts: 'CD 9', lapd_divisions: 'Newton' },
        address: '5 Elm St',
        lat: 34.0,
        lon: -118.26
      }
    ])
    const r = await api(f, 'GET', '/api/planning/history?from=2025-03-05&to=2025-03-06&source=imported', f.tokens.planner)
    expect(r.statusCode).toBe(200)
    const h = r.json()
    expect(h.startDay).toBe('2025-03-03')
    expect(h.records).toHaveLength(6)
    // 18:30:45Z on Wednesday 5 March is 10:30:45 in Los Angeles (PST): 2 days and 10.5 hours after Monday 00:00, at the minute.
    expect(h.records[0]).toMatchObject({
      category: 'mental_health',
      councilDistrict: 'CD 1',
      lapdDivision: 'Central',
      turnoutMinutes: 2,
      onSceneMinutes: 45,
      responseMinutes: 15
    })
    expect(h.records[0].minute).toBe(2 * 1440 + 10.5 * 60)
    expect(h.records.every((x: { minute: number }) => Number.isInteger(x.minute))).toBe(true)
    expect(h.records[5]).toMatchObject({
      category: 'substance_use',
      priority: 3,
      turnoutMinutes: null,
      councilDistrict: null,
      lapdDivision: null
    })
    expect(r.body).not.toMatch(/Main St|Elm St|34\.05|-118\.25|"lat"|"lon"|address|narrative|call_type|CD 9|Newton/)
    const long = await api(f, 'GET', '/api/planning/history?from=2024-01-01&to=2025-03-06', f.tokens.planner)
    expect(long.statusCode).toBe(400)
    expect(long.json().message).toMatch(/querystring\/to/)
    const bad = await api(f, 'GET', '/api/planning/history?from=2025-3-5&to=2025-03-06', f.tokens.planner)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toMatch(/from/)
  })

  it('keeps the workspace to planners and admins', async () => {
    expect((await api(f, 'GET', '/api/planning/scenarios', f.tokens.dispatcher)).statusCode).toBe(403)
    expect((await api(f, 'GET', '/api/planning/scenarios', f.tokens.admin)).statusCode).toBe(200)
  })
})
