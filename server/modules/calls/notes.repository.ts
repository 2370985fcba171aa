// Notes on a call and the history of edits to its details: rows kept beside the call (personal data, so
// never in events), mapped to the wire shape at this edge.
import type { CallEdit, CallNote } from '../../contracts/calls'
import type { Executor } from '../../db/database'
import { json } from '../../db/sql-helpers'
import type { CallEditRow, CallNoteRow, FieldChange } from './calls.tables'

/** Fields of an edit that only the roles that see a caller's personal data may read. */
const PII_FIELDS = new Set(['callback', 'callerName', 'guardianCallback'])

export function rowToNote (r: CallNoteRow): CallNote {
  return {
    id: r.id,
    callId: r.call_id,
    at: r.at.toISOString(),
    author: { id: r.author_id, name: r.author_name, role: r.author_role },
    text: r.text
  }
}

export function rowToEdit (r: CallEditRow, opts: { pii: boolean }): CallEdit {
  return {
    at: r.at.toISOString(),
    actorId: r.actor_id,
    changes: r.changes.map((c) => (opts.pii || !PII_FIELDS.has(c.field) ? c : { field: c.field, from: null, to: null }))
  }
}

export async function insertNote (
  db: Executor,
  n: { callId: string; at: Date; authorId: string; authorName: string; authorRole: string; text: string }
): Promise<CallNoteRow> {
  return await db
    .insertInto('call_notes')
    .values({
      call_id: n.callId,
      at: n.at,
      author_id: n.authorId,
      author_name: n.authorName,
      author_role: n.authorRole,
      text: n.text
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function notesOfCall (db: Executor, callId: string): Promise<CallNoteRow[]> {
  return await db.selectFrom('call_notes').selectAll().where('call_id', '=', callId).orderBy('seq').execute()
}

export async function insertEdit (
  db: Executor,
  e: { callId: string; at: Date; actorId: string | null; changes: FieldChange[] }
): Promise<void> {
  await db
    .insertInto('call_edits')
    .values({ call_id: e.callId, at: e.at, actor_id: e.actorId, changes: json(e.changes) })
    .execute()
}

export async function editsOfCall (db: Executor, callId: string): Promise<CallEditRow[]> {
  return await db.selectFrom('call_edits').selectAll().where('call_id', '=', callId).orderBy('id').execute()
}
