// The audit trail of reads: every read of a call's details is recorded (who, when, which call), and a
// supervisor asks who read what. Changes to calls are audited by the events table.
import type { Kysely } from 'kysely'
import type { AuditEntry, AuditQuery } from '../../contracts/audit'
import type { Database, Executor } from '../../db/database'
import type { User } from '../../contracts/users'
import { listAccess, recordAccess } from './audit.repository'

export interface AuditServiceDeps {
  db: Kysely<Database>
  now: () => Date
  /** Users by id (the auth module answers), to name who read. */
  usersByIds: (ids: string[]) => Promise<User[]>
}

export function createAuditService ({ db, now, usersByIds }: AuditServiceDeps) {
  return {
    async recordRead (userId: string, callId: string, action = 'call.read'): Promise<void> {
      await recordAccess(db, { userId, callId, action, at: now() })
    },
    /** An administrative change that concerns no call (e.g. `triage_protocol.activate`), in the caller's transaction when given. */
    async recordAction (userId: string, action: string, executor: Executor = db): Promise<void> {
      await recordAccess(executor, { userId, callId: null, action, at: now() })
    },

    async list (q: AuditQuery): Promise<{ items: AuditEntry[], total: number, limit: number, offset: number }> {
      const limit = q.limit ?? 100
      const offset = q.offset ?? 0
      const { rows, total } = await listAccess(db, {
        callId: q.callId,
        userId: q.userId,
        action: q.action,
        from: q.from !== undefined ? new Date(q.from) : undefined,
        to: q.to !== undefined ? new Date(q.to) : undefined,
        limit,
        offset
      })
      const users = new Map((await usersByIds([...new Set(rows.flatMap((r) => r.user_id ? [r.user_id] : []))])).map((u) => [u.id, u]))
      const items = rows.map((r) => {
        const u = r.user_id ? users.get(r.user_id) : undefined
        return { at: r.at.toISOString(), action: r.action, callId: r.call_id, user: u ? { id: u.id, email: u.email, role: u.role } : null }
      })
      return { items, total, limit, offset }
    }
  }
}

export type AuditService = ReturnType<typeof createAuditService>
