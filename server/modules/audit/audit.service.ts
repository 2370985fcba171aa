// The audit trail: every read of a call's details and every change of a call (who, when, which call,
// from which address), and every administrative change (who changed which user, team or protocol, and
// what). Supervisors and admins read it, filtered, or export it as CSV.
import type { Kysely } from 'kysely'
import type { AuditEntry, AuditExportQuery, AuditQuery } from '../../contracts/audit'
import type { Database, Executor } from '../../db/database'
import type { User } from '../../contracts/users'
import { csvLine } from '../../lib/csv'
import { requestIp } from '../../lib/request-origin'
import { listAccess, recordAccess, type AccessFilter } from './audit.repository'
import type { AccessLogRow } from './audit.tables'

export interface AuditServiceDeps {
  db: Kysely<Database>
  now: () => Date
  /** Users by id (the auth module answers), to name who read. */
  usersByIds: (ids: string[]) => Promise<User[]>
}

/** What an administrative change was about and what it changed. */
export interface ActionDetail {
  subject?: string
  detail?: Record<string, unknown>
  callId?: string | null
}

/** Most rows one CSV export holds; narrow the filters for more. */
export const AUDIT_EXPORT_MAX = 100_000

const CSV_HEADER = ['at', 'user_email', 'user_role', 'action', 'call_id', 'subject', 'client_address', 'detail', 'call_ids']

export function createAuditService ({ db, now, usersByIds }: AuditServiceDeps) {
  function filterOf (q: AuditExportQuery): Omit<AccessFilter, 'limit' | 'offset'> {
    return {
      callId: q.callId,
      userId: q.userId,
      action: q.action,
      actionPrefix: q.actionPrefix,
      subject: q.subject,
      from: q.from !== undefined ? new Date(q.from) : undefined,
      to: q.to !== undefined ? new Date(q.to) : undefined
    }
  }

  async function entries (rows: AccessLogRow[]): Promise<AuditEntry[]> {
    const users = new Map((await usersByIds([...new Set(rows.flatMap((r) => (r.user_id ? [r.user_id] : [])))])).map((u) => [u.id, u]))
    return rows.map((r) => {
      const u = r.user_id ? users.get(r.user_id) : undefined
      return {
        at: r.at.toISOString(),
        action: r.action,
        callId: r.call_id,
        user: u ? { id: u.id, email: u.email, role: u.role } : null,
        ip: r.ip,
        subject: r.subject,
        detail: (r.detail ?? null) as Record<string, unknown> | null,
        callIds: r.call_ids ?? null
      }
    })
  }

  return {
    /** A read of a call's details, with the address of the request that read it. */
    async recordRead (userId: string, callId: string, action = 'call.read'): Promise<void> {
      await recordAccess(db, { userId, callId, action, at: now(), ip: requestIp() })
    },
    /**
     * A bulk read (a list of calls, the queue, held transfers): one row with the ids of every call it returned, so
     * `?callId=` finds it. A read that returned nothing reveals nobody and is not recorded.
     */
    async recordBulkRead (userId: string, action: string, callIds: readonly string[], detail?: Record<string, unknown>): Promise<void> {
      if (callIds.length === 0 && detail === undefined) return
      await recordAccess(db, {
        userId,
        callId: null,
        action,
        at: now(),
        ip: requestIp(),
        callIds,
        detail: { returned: callIds.length, ...detail }
      })
    },
    /** A change of a call (the request that made it succeeded), with its address. */
    async recordChange (userId: string, callId: string, action: string): Promise<void> {
      await recordAccess(db, { userId, callId, action, at: now(), ip: requestIp() })
    },
    /**
     * An administrative change (e.g. `triage_protocol.activate:<version>`, `user.update`), in the caller's
     * transaction when given, with what it was about and what changed.
     */
    async recordAction (userId: string | null, action: string, executor: Executor = db, about: ActionDetail = {}): Promise<void> {
      await recordAccess(executor, {
        userId,
        callId: about.callId ?? null,
        action,
        at: now(),
        ip: requestIp(),
        subject: about.subject ?? null,
        detail: about.detail ?? null
      })
    },

    async list (q: AuditQuery): Promise<{ items: AuditEntry[]; total: number; limit: number; offset: number }> {
      const limit = q.limit ?? 100
      const offset = q.offset ?? 0
      const { rows, total } = await listAccess(db, { ...filterOf(q), limit, offset })
      return { items: await entries(rows), total, limit, offset }
    },

    /** The trail as CSV, newest first, at most AUDIT_EXPORT_MAX rows (`truncated` says when there were more). */
    async exportCsv (q: AuditExportQuery): Promise<{ csv: string; rows: number; truncated: boolean }> {
      const { rows, total } = await listAccess(db, { ...filterOf(q), limit: AUDIT_EXPORT_MAX, offset: 0 })
      const parts = [csvLine(CSV_HEADER)]
      for (const e of await entries(rows)) {
        parts.push(
          csvLine([
            e.at,
            e.user?.email ?? '',
            e.user?.role ?? '',
            e.action,
            e.callId ?? '',
            e.subject ?? '',
            e.ip ?? '',
            e.detail === null ? '' : JSON.stringify(e.detail),
            (e.callIds ?? []).join(' ')
          ])
        )
      }
      return { csv: parts.join(''), rows: rows.length, truncated: total > rows.length }
    }
  }
}

export type AuditService = ReturnType<typeof createAuditService>
