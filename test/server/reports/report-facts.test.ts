// report_facts, the reports' projection, on both engines: after every change of a call (intake, re-triage, override,
// assign, field statuses, backup, close, cancel, refer, decline, the sweep's unmet reason) and every import (first and
// again), each row equals what report_source computes from the calls as they stand; a change that fails leaves none.
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../helpers/db'
import { api, auth, Clock, newCall, newTeam, setup, type Fixture } from '../../helpers/app'
import { insertHistory, liveCall } from '../../helpers/report-rows'
import { QUIRKS_CSV, QUIRKS_MAPPING } from '../history/quirks'
import { HistoricalBatch } from '../../../server/modules/history/historical-batch'
import { insertHistorical } from '../../../server/modules/history/history.repository'
import { projectCalls } from '../../../server/modules/reports/report-facts'
import { intervalColumn } from '../../../server/modules/reports/report-sql'
import { INTERVALS } from '../../../server/domain/intervals'

const HEADER = QUIRKS_CSV.slice(1, QUIRKS_CSV.indexOf('\r\n')).split(',')

describe.each(ENGINES)("report_facts, the reports' projection (%s)", (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(Date.parse('2025-05-01T16:00:00Z')), config: { SESSION_TTL_HOURS: '720' } })
  })
  afterAll(async () => {
    await f.close()
  })

  /** The projection's row of a call (null when there is none). */
  const fact = async (id: string): Promise<Record<string, unknown> | null> => {
    const r = await sql<{
      row: Record<string, unknown>
    }>`select to_jsonb(x) as row from report_facts x where call_id = ${id}::uuid`.execute(f.db.db)
    return r.rows[0]?.row ?? null
  }
  /**
   * Rows of report_facts and report_source that differ (either way): none when the projection is in step. The
   * interval columns are left out: the database generates them from the row (report-facts-intervals.test.ts).
   */
  const drift = async (): Promise<unknown[]> => {
    const facts = sql`(to_jsonb(x) - ${INTERVALS.map(intervalColumn)}::text[])`
    const r = await sql<{ side: string; call_id: string }>`
      (select 'facts only' as side, call_id from (select call_id, ${facts} as j from report_facts x except select call_id, to_jsonb(y)
        from report_source y) a)
      union all
      (select 'source only', call_id from (select call_id, to_jsonb(y) as j from report_source y except select call_id, ${facts} from
        report_facts x) b)`.execute(f.db.db)
    return r.rows
  }
  const count = async (table: 'report_facts' | 'calls' | 'historical_calls'): Promise<number> =>
    Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(f.db.db)).rows[0].n)

  // After every test, the whole projection equals its definition over the calls and records as they stand.
  afterEach(async () => {
    expect(await drift()).toEqual([])
  })

  it('finds a projection out of step (the check can fail)', async () => {
    const call = await newCall(f)
    await sql`update report_facts set priority = 1, state = 'closed' where call_id = ${call.id}::uuid`.execute(f.db.db)

    expect(await drift()).toEqual(
      expect.arrayContaining([
        { side: 'facts only', call_id: call.id },
        { side: 'source only', call_id: call.id }
      ])
    )
    await projectCalls(f.db.db, [call.id])
  })

  it('writes a row at intake, queued or referred', async () => {
    const queued = await newCall(f)
    const referred = await newCall(f, { narrative: 'he has a gun and is threatening people' })

    expect(await fact(queued.id)).toMatchObject({
      source: 'live',
      state: 'open',
      response: 'care_team',
      dispatched_at: null,
      origin: 'live'
    })
    expect(await fact(referred.id)).toMatchObject({ source: 'live', state: 'referred', response: 'police', referred_to: 'police' })
  })

  it('follows the unmet reason the queue sweep records (no event, no version)', async () => {
    const waiting = await newCall(f)
    f.clock.advance(2 * 60 * 60_000)

    const swept = await f.app.services.dispatch.sweep()

    expect(swept.unmetRecorded).toBeGreaterThan(0)
    expect(await fact(waiting.id)).toMatchObject({ state: 'open', unmet_reason: 'no_team_on_shift', unmet_reason_source: 'system' })
  })

  it('follows an edit that re-triages, and a triage override', async () => {
    const call = await newCall(f)

    const edit = await api(f, 'PATCH', `/api/calls/${call.id}`, f.tokens.dispatcher, {
      narrative: 'he now has a knife and is threatening people',
      version: call.version
    })
    expect(edit.statusCode).toBe(200)
    expect(await fact(call.id)).toMatchObject({ response: 'police', state: 'referred' })

    const other = await newCall(f)
    const o = await api(f, 'POST', `/api/calls/${other.id}/triage-override`, f.tokens.supervisor, {
      priority: 1,
      reason: 'known high-risk client'
    })
    expect(o.statusCode).toBe(200)
    expect(await fact(other.id)).toMatchObject({ priority: 1 })
  })

  it('follows a call through assignment, the field statuses, backup and close', async () => {
    const team = await newTeam(f, { kind: 'crisis' })
    const start = f.clock.t

    const id = await liveCall(f, team.id, { assign: 2 })
    const assigned = await fact(id)
    await api(f, 'POST', `/api/calls/${id}/status`, f.tokens.dispatcher, { status: 'acknowledged' })
    await api(f, 'POST', `/api/calls/${id}/status`, f.tokens.dispatcher, { status: 'en_route' })
    f.clock.advance(7 * 60_000)
    await api(f, 'POST', `/api/calls/${id}/status`, f.tokens.dispatcher, { status: 'on_scene' })
    const arrived = await fact(id)
    const b = await api(f, 'POST', `/api/calls/${id}/backup`, f.tokens.dispatcher, { reason: 'second person', need: 'care_team' })
    const backedUp = await fact(id)
    f.clock.advance(20 * 60_000)
    await api(f, 'POST', `/api/calls/${id}/close`, f.tokens.dispatcher, { disposition: 'resolved_on_scene' })

    expect(assigned).toMatchObject({ team_kind: 'crisis', state: 'open' })
    expect(Date.parse(String(assigned?.queue_left_at))).toBe(start + 2 * 60_000)
    expect(arrived?.on_scene_at).not.toBeNull()
    expect(b.statusCode).toBe(200)
    expect(backedUp).toMatchObject({ backup_requested: true, backup_need: 'care_team', backup_team_kind: null })
    expect(await fact(id)).toMatchObject({ state: 'closed', disposition: 'resolved_on_scene', team_kind: 'crisis' })
  })

  it('follows cancel, refer with its unmet reason, and decline', async () => {
    const team = await newTeam(f)
    const cancelled = await newCall(f)
    const referred = await newCall(f)
    const declined = await liveCall(f, team.id, { assign: 1 })

    await api(f, 'POST', `/api/calls/${cancelled.id}/cancel`, f.tokens.dispatcher, {
      reason: 'caller hung up',
      code: 'caller_cancelled'
    })
    await api(f, 'POST', `/api/calls/${referred.id}/refer`, f.tokens.dispatcher, {
      to: 'police',
      reason: 'no team free',
      unmetReason: 'all_teams_busy'
    })
    const d = await api(f, 'POST', `/api/calls/${declined}/decline`, f.tokens.dispatcher, { reason: 'too far' })

    expect(await fact(cancelled.id)).toMatchObject({ state: 'cancelled', cancel_code: 'caller_cancelled' })
    expect(await fact(referred.id)).toMatchObject({
      state: 'referred',
      referred_to: 'police',
      unmet_reason: 'all_teams_busy',
      unmet_reason_source: 'dispatcher'
    })
    expect(d.statusCode).toBe(200)
    // back in the queue: open, with no team's kind
    expect(await fact(declined)).toMatchObject({ state: 'open', team_kind: null })
  })

  it('leaves no row behind when a change fails inside its transaction', async () => {
    const call = await newCall(f)
    const before = await fact(call.id)
    const calls = await count('calls')
    const facts = await count('report_facts')
    // work registered after the projection's, failing: the transaction the projection wrote in rolls back
    const off = f.app.services.bus.onCallsWritten(async () => {
      throw new Error('fails after the projection was written')
    })
    try {
      const created = await api(f, 'POST', '/api/calls', f.tokens.dispatcher, {
        narrative: 'talking to himself, no weapons',
        location: { lat: 34.05, lon: -118.25 }
      })
      const cancelled = await api(f, 'POST', `/api/calls/${call.id}/cancel`, f.tokens.dispatcher, {
        reason: 'caller hung up',
        code: 'caller_cancelled'
      })

      expect(created.statusCode).toBe(500)
      expect(cancelled.statusCode).toBe(500)
    } finally {
      off()
    }

    expect(await count('calls')).toBe(calls)
    expect(await count('report_facts')).toBe(facts)
    expect(await fact(call.id)).toEqual(before)
  })

  it("projects an import's records, and adds nothing when the same file comes again", async () => {
    const run = async () => {
      const c = await api(f, 'POST', '/api/imports', f.tokens.planner, {
        fileName: 'quirks.csv',
        fileBytes: Buffer.byteLength(QUIRKS_CSV),
        source: 'facts-test',
        mapping: QUIRKS_MAPPING,
        header: HEADER,
        timeZone: 'America/Los_Angeles'
      })
      return (
        await f.app.inject({
          method: 'PUT',
          url: `/api/imports/${c.json().id as string}/file`,
          headers: { ...auth(f.tokens.planner), 'content-type': 'text/csv' },
          payload: QUIRKS_CSV
        })
      ).json()
    }
    const before = await count('report_facts')

    const first = await run()
    const afterFirst = await count('report_facts')
    const again = await run()

    expect(first).toMatchObject({ status: 'done', imported: 4 })
    expect(afterFirst).toBe(before + 4)
    expect(again).toMatchObject({ imported: 0, skipped: 4 })
    expect(await count('report_facts')).toBe(afterFirst)
    const r = await sql<{
      n: number
    }>`select count(*)::int as n from report_facts where source = 'imported' and origin = 'facts-test'`.execute(f.db.db)
    expect(r.rows[0].n).toBe(4)
  })

  it('leaves no record and no row behind when an import batch fails after its projection', async () => {
    const b = new HistoricalBatch()
    b.add({
      sourceId: 'fails-1',
      receivedAt: Date.parse('2025-05-02T10:00:00Z'),
      callType: 'WELFARE',
      callTypeText: null,
      upstreamPriority: null,
      category: 'mental_health',
      response: 'care_team',
      priority: 2,
      protocolVersion: 'test',
      lat: null,
      lon: null,
      address: null,
      areas: {},
      upstreamArea: null,
      disposition: null,
      dispatchedAt: null,
      enRouteAt: null,
      onSceneAt: null,
      clearedAt: null,
      outOfOrder: false
    })
    const facts = await count('report_facts')
    const records = await count('historical_calls')

    const failing = insertHistorical(f.db.db, 'fails-test', null, b, async (trx, ids) => {
      await projectCalls(trx, ids)
      throw new Error('the batch fails after its projection')
    })

    await expect(failing).rejects.toThrow('the batch fails after its projection')
    expect(await count('historical_calls')).toBe(records)
    expect(await count('report_facts')).toBe(facts)
  })

  it('projects records a report test inserts as an import does', async () => {
    await insertHistory(f.db.db, [
      { received: '2025-05-03T10:00:00Z', dispatched: 2, enRoute: 3, onScene: 12, cleared: 40, withoutPolice: true }
    ])

    const r = await sql<{
      n: number
    }>`select count(*)::int as n from report_facts where origin = 'test' and recorded_without_police`.execute(f.db.db)
    expect(r.rows[0].n).toBe(1)
  })
})
