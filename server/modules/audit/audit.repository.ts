// Access-log rows: one per read of a call's details, change of a call, or administrative change;
// queried by call, user, subject, action and time.
import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import { json } from '../../db/sql-helpers'
import type { AccessLogRow } from './audit.tables'

export interface AccessRecord {
  userId: string | null
  action: string
  callId: string | null
  at: Date
  ip?: string | null
  subject?: string | null
  detail?: unknown
  /** A bulk read: the calls it returned. */
  callIds?: readonly string[] | null
}

export async function recordAccess (db: Executor, e: AccessRecord): Promise<void> {
  await db
    .insertInto('access_log')
    .values({
      user_id: e.userId,
      action: e.action,
      call_id: e.callId,
      at: e.at,
      ip: e.ip ?? null,
      subject: e.subject ?? null,
      detail: e.detail === undefined || e.detail === null ? null : json(e.detail),
      call_ids: e.callIds === undefined || e.callIds === null ? null : [...e.callIds]
    })
    .execute()
}

export interface AccessFilter {
  callId?: string
  userId?: string
  action?: string
  actionPrefix?: string
  subject?: string
  from?: Date
  to?: Date
  limit: number
  offset: number
}

function filtered (db: Executor, f: AccessFilter) {
  return (
    db
      .selectFrom('access_log')
      // a read or change of the call itself, or a bulk read that returned it (GIN on call_ids)
      .$if(f.callId !== undefined, (q) =>
        q.where((eb) => eb.or([eb('call_id', '=', f.callId!), eb('call_ids', '@>', sql<string[]>`array[${f.callId!}]::uuid[]`)]))
      )
      .$if(f.userId !== undefined, (q) => q.where('user_id', '=', f.userId!))
      .$if(f.action !== undefined, (q) => q.where('action', '=', f.action!))
      // a prefix is matched literally: LIKE's wildcards in it are escaped
      .$if(f.actionPrefix !== undefined, (q) => q.where('action', 'like', `${f.actionPrefix!.replace(/[\\%_]/g, (c) => `\\${c}`)}%`))
      .$if(f.subject !== undefined, (q) => q.where('subject', '=', f.subject!))
      .$if(f.from !== undefined, (q) => q.where('at', '>=', f.from!))
      .$if(f.to !== undefined, (q) => q.where('at', '<', f.to!))
  )
}

export async function listAccess (db: Executor, f: AccessFilter): Promise<{ rows: AccessLogRow[]; total: number }> {
  const base = filtered(db, f)
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  ])
  return { rows, total: Number(total.n) }
}
