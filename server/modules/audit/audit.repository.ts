// Access-log rows: one per read of a call's details; queried by call, user and time.
import type { Executor } from '../../db/database'
import type { AccessLogRow } from './audit.tables'

export async function recordAccess (db: Executor, e: { userId: string, action: string, callId: string | null, at: Date }): Promise<void> {
  await db.insertInto('access_log').values({ user_id: e.userId, action: e.action, call_id: e.callId, at: e.at }).execute()
}

export interface AccessFilter {
  callId?: string
  userId?: string
  action?: string
  from?: Date
  to?: Date
  limit: number
  offset: number
}

export async function listAccess (db: Executor, f: AccessFilter): Promise<{ rows: AccessLogRow[], total: number }> {
  const base = db.selectFrom('access_log')
    .$if(f.callId !== undefined, (q) => q.where('call_id', '=', f.callId!))
    .$if(f.userId !== undefined, (q) => q.where('user_id', '=', f.userId!))
    .$if(f.action !== undefined, (q) => q.where('action', '=', f.action!))
    .$if(f.from !== undefined, (q) => q.where('at', '>=', f.from!))
    .$if(f.to !== undefined, (q) => q.where('at', '<', f.to!))
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  ])
  return { rows, total: Number(total.n) }
}
