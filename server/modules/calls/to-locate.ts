// 911 transfers that came with an address and no coordinates, and whose address the geocoders could not
// place: held with the caller's data (never refused, never given an invented point) until a dispatcher
// confirms the location. Once located, the transfer goes through intake as any call, keeping the time it
// reached us; or it is dismissed with a reason. Shown to the console in the queue's order.
import crypto from 'node:crypto'
import type { Call, CreateCall } from '../../contracts/calls'
import type { DomainEvent, NewEvent } from '../../contracts/events'
import type { Candidate, HeldReason, LocateTransfer, TransferToLocate } from '../../contracts/geocoding'
import { DEFAULT_QUEUE_POLICY, isOverdue, orderQueue, type QueuePolicy } from '../../domain/queue'
import { json } from '../../db/sql-helpers'
import { ConflictError, NotFoundError } from '../../lib/errors'
import type { AuthUser } from '../auth/auth.service'
import { appendEvents } from '../events/events.service'
import { inTransaction } from '../events/transaction'
import { callForActor, factsOf, placeOf, type CallsDeps } from './call-change'
import { findCallByUpstreamId, insertCallWithTriage } from './calls.repository'
import type { CallToLocateRow, HeldInput } from './calls.tables'
import { isCareResponse, referralTarget, type Transfer } from './intake'

export interface HoldRequest {
  input: Omit<CreateCall, 'location'>
  address: string
  reason: HeldReason
  reasonText: string
  candidates: Candidate[]
  receivedAt?: Date
}

export type TransferFound = { kind: 'call'; call: Call } | { kind: 'held'; held: TransferToLocate } | null

function toWire (
  r: CallToLocateRow,
  extra: { position: number; waitingMinutes: number; overdue: boolean },
  pii: boolean
): TransferToLocate {
  return {
    id: r.id,
    receivedAt: r.received_at.toISOString(),
    status: r.status,
    address: r.address,
    reason: r.reason,
    reasonText: r.reason_text,
    candidates: r.candidates,
    category: r.category,
    response: r.response,
    priority: r.priority,
    ...extra,
    incidentId: r.incident_id,
    callType: r.input.callType,
    narrative: r.input.narrative,
    callback: pii ? r.input.callback : null,
    callId: r.call_id,
    dismissReason: r.dismiss_reason
  }
}

export function createToLocate (deps: CallsDeps & { queue?: QueuePolicy }) {
  const { db, bus, now, triage, areas } = deps
  const queue = deps.queue ?? DEFAULT_QUEUE_POLICY

  const wire = (rows: CallToLocateRow[], actor: AuthUser | null): TransferToLocate[] => {
    const t = now().getTime()
    const waiting = orderQueue(
      rows
        .filter((r) => r.status === 'waiting')
        .map((r) => ({ id: r.id, priority: r.priority, waitingSinceMs: r.received_at.getTime(), r })),
      t,
      queue
    )
    const position = new Map(waiting.map((w, i) => [w.id, i + 1]))
    const pii = actor !== null && ['dispatcher', 'supervisor'].includes(actor.role)
    const ordered = [...waiting.map((w) => w.r), ...rows.filter((r) => r.status !== 'waiting')]
    return ordered.map((r) => {
      const waited = (r.resolved_at ?? new Date(t)).getTime() - r.received_at.getTime()
      return toWire(
        r,
        {
          position: position.get(r.id) ?? 0,
          waitingMinutes: Math.round(waited / 6000) / 10,
          overdue: r.status === 'waiting' && isOverdue(r.priority, waited, queue)
        },
        pii
      )
    })
  }

  const one = async (id: string, actor: AuthUser | null): Promise<TransferToLocate> => {
    const all = await db
      .selectFrom('calls_to_locate')
      .selectAll()
      .where((eb) => eb.or([eb('status', '=', 'waiting'), eb('id', '=', id)]))
      .execute()
    const found = wire(all, actor).find((x) => x.id === id)
    if (found === undefined) throw new NotFoundError('Transfer to locate')
    return found
  }

  return {
    /** A transfer of this incident already taken: the call it became, or the held transfer. */
    async findTransfer (upstreamId: string, actor: AuthUser): Promise<TransferFound> {
      const call = await findCallByUpstreamId(db, upstreamId)
      if (call !== undefined) return { kind: 'call', call: callForActor(call, actor) }
      const held = await db.selectFrom('calls_to_locate').select('id').where('upstream_id', '=', upstreamId).executeTakeFirst()
      return held === undefined ? null : { kind: 'held', held: await one(held.id, actor) }
    },

    /**
     * Holds a transfer without a point: its triage (the protocol in force) orders it among the others; the
     * event says a transfer waits, with no address or words in it. A second post of the incident holds nothing new.
     */
    async hold (h: HoldRequest, transfer: Transfer, actor: AuthUser): Promise<{ held: TransferToLocate; replayed: boolean }> {
      const t = triage({ narrative: h.input.narrative, callType: h.input.callType })
      const input: HeldInput = {
        narrative: h.input.narrative ?? null,
        callType: h.input.callType ?? null,
        callback: h.input.callback ?? null,
        source: h.input.source ?? '911_transfer'
      }
      const id = crypto.randomUUID()
      const { result: inserted } = await inTransaction(db, bus, async (ctx) => {
        const row = await ctx.trx
          .insertInto('calls_to_locate')
          .values({
            id,
            received_at: h.receivedAt ?? now(),
            upstream_id: transfer.upstreamId,
            incident_id: transfer.details.incidentId,
            address: h.address,
            reason: h.reason,
            reason_text: h.reasonText,
            candidates: json(h.candidates),
            input: json(input),
            transfer: json(transfer.details),
            category: t.category,
            response: t.response,
            priority: t.priority,
            created_by: actor.id
          })
          .onConflict((oc) => oc.column('upstream_id').doNothing())
          .returning('id')
          .executeTakeFirst()
        if (row !== undefined) {
          ctx.emit({
            type: 'transfer.held',
            actorId: actor.id,
            data: { toLocateId: id, category: t.category, response: t.response, priority: t.priority, reason: h.reason }
          })
        }
        return row !== undefined
      })
      if (inserted) return { held: await one(id, actor), replayed: false }
      const existing = await db
        .selectFrom('calls_to_locate')
        .select('id')
        .where('upstream_id', '=', transfer.upstreamId)
        .executeTakeFirstOrThrow()
      return { held: await one(existing.id, actor), replayed: true }
    },

    /** Held transfers: waiting ones in the queue's order (priority with aging), then, when asked, the others, newest first. */
    async listToLocate (opts: { all?: boolean }, actor: AuthUser): Promise<TransferToLocate[]> {
      const rows = await db
        .selectFrom('calls_to_locate')
        .selectAll()
        .$if(opts.all !== true, (q) => q.where('status', '=', 'waiting'))
        .orderBy('received_at', 'desc')
        .limit(500)
        .execute()
      // held transfers carry the caller's words and number: the read is audited, with the calls located ones became
      if (rows.length > 0) {
        await deps.recordBulkRead(
          actor.id,
          'to_locate.list',
          rows.flatMap((r) => (r.call_id !== null ? [r.call_id] : [])),
          { toLocateIds: rows.map((r) => r.id) }
        )
      }
      return wire(rows, actor)
    },

    getToLocate: async (id: string, actor: AuthUser): Promise<TransferToLocate> => await one(id, actor),

    /**
     * A person places a held transfer: it becomes a call through intake (triaged with the protocol in force,
     * queued or referred), received when the transfer reached us, with the transfer's details in its
     * call.received event; the held row records the call. One transaction; events in order after commit.
     */
    async locate (id: string, body: LocateTransfer, actor: AuthUser): Promise<Call> {
      let published: DomainEvent[] = []
      const { result } = await inTransaction(db, bus, async (ctx) => {
        const h = await ctx.trx.selectFrom('calls_to_locate').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
        if (h === undefined) throw new NotFoundError('Transfer to locate')
        if (h.status === 'located') throw new ConflictError(`this transfer was already located: it is call ${h.call_id}`)
        if (h.status === 'dismissed') throw new ConflictError(`this transfer was dismissed: ${h.dismiss_reason ?? ''}`)
        const at = now()
        const loc = body.location
        const t = triage({ narrative: h.input.narrative, callType: h.input.callType })
        const { area, areas: inAreas } = placeOf(areas, loc.lat, loc.lon)
        const label = loc.label ?? null
        const facts = factsOf(deps, loc.lat, loc.lon, h.address, label)
        const care = isCareResponse(t.response)
        const referredTo = care ? null : referralTarget(t.response)
        const inserted = await insertCallWithTriage(ctx.trx, {
          id: crypto.randomUUID(),
          at,
          receivedAt: h.received_at,
          source: h.input.source,
          lat: loc.lat,
          lon: loc.lon,
          address: h.address,
          area,
          areas: inAreas,
          locationSource: loc.source,
          locationLabel: label,
          nearestCorner: facts.nearestCorner,
          mismatch: facts.mismatch,
          callback: h.input.callback,
          callerName: null,
          language: null,
          personAge: null,
          placeKind: null,
          guardianCallback: null,
          narrative: h.input.narrative,
          callType: h.input.callType,
          answers: {},
          triage: t,
          status: care ? 'queued' : 'referred',
          referredTo,
          actorId: actor.id,
          claim: null,
          upstreamId: h.upstream_id,
          events: [
            {
              type: 'call.received',
              data: { source: h.input.source, lat: loc.lat, lon: loc.lon, area, locationSource: loc.source, transfer: h.transfer }
            },
            {
              type: 'call.triaged',
              data: { category: t.category, response: t.response, priority: t.priority, protocolVersion: t.protocolVersion }
            },
            care
              ? { type: 'call.queued', data: { priority: t.priority } }
              : { type: 'call.referred', data: { to: referredTo, reason: 'triage' } }
          ]
        })
        if (inserted === null) throw new ConflictError('a call for this incident already exists')
        await ctx.trx
          .updateTable('calls_to_locate')
          .set({ status: 'located', call_id: inserted.row.id, resolved_by: actor.id, resolved_at: at })
          .where('id', '=', id)
          .execute()
        const located: NewEvent = {
          type: 'transfer.located',
          callId: inserted.row.id,
          actorId: actor.id,
          data: { toLocateId: id, locationSource: loc.source }
        }
        // The call's events were appended by its insert; this one follows them, and all are published in order.
        published = [...inserted.events, ...(await appendEvents(ctx.trx, [located]))]
        // events appended here rather than emitted, so the calls-written work is asked for by name
        await bus.callsWritten(ctx.trx, [inserted.row.id])
        return inserted.row
      })
      bus.publish(published)
      return callForActor(result, actor)
    },

    /** Not ours, a duplicate, or resolved without a team: the held transfer is closed with the reason. */
    async dismiss (id: string, reason: string, actor: AuthUser): Promise<TransferToLocate> {
      await inTransaction(db, bus, async (ctx) => {
        const h = await ctx.trx
          .selectFrom('calls_to_locate')
          .select(['status', 'call_id'])
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst()
        if (h === undefined) throw new NotFoundError('Transfer to locate')
        if (h.status !== 'waiting') {
          throw new ConflictError(`this transfer is ${h.status}${h.call_id ? ` (call ${h.call_id})` : ''}: it cannot be dismissed`)
        }
        await ctx.trx
          .updateTable('calls_to_locate')
          .set({ status: 'dismissed', dismiss_reason: reason, resolved_by: actor.id, resolved_at: now() })
          .where('id', '=', id)
          .execute()
        ctx.emit({ type: 'transfer.dismissed', actorId: actor.id, data: { toLocateId: id, reason } })
      })
      return await one(id, actor)
    }
  }
}
