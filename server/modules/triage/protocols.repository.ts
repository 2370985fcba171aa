// Rows of triage_protocols: the versions of the protocol, who uploaded and activated them, which is in force.
import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import { json } from '../../db/sql-helpers'
import type { ProtocolDocument } from '../../domain/triage/protocol-schema'
import type { TriageProtocolRow } from './triage.tables'

/** A version without its document (the list). */
export type ProtocolSummaryRow = Omit<TriageProtocolRow, 'document'>

const SUMMARY = ['version', 'name', 'digest', 'source', 'uploaded_by', 'uploaded_at', 'active', 'activated_at', 'activated_by'] as const

export async function listProtocols (db: Executor): Promise<ProtocolSummaryRow[]> {
  return await db.selectFrom('triage_protocols').select(SUMMARY).orderBy('uploaded_at', 'desc').orderBy('version').execute()
}

export async function findProtocol (db: Executor, version: string): Promise<TriageProtocolRow | undefined> {
  return await db.selectFrom('triage_protocols').selectAll().where('version', '=', version).executeTakeFirst()
}

export async function lockProtocol (db: Executor, version: string): Promise<TriageProtocolRow | undefined> {
  return await db.selectFrom('triage_protocols').selectAll().where('version', '=', version).forUpdate().executeTakeFirst()
}

export async function activeProtocol (db: Executor): Promise<TriageProtocolRow | undefined> {
  return await db.selectFrom('triage_protocols').selectAll().where('active', '=', true).executeTakeFirst()
}

export interface NewProtocol {
  version: string
  name: string
  document: ProtocolDocument
  digest: string
  source: 'file' | 'upload'
  uploadedBy: string | null
  at: Date
}

/** Inserts a version unless it exists; true when this call inserted it. */
export async function insertProtocol (db: Executor, p: NewProtocol): Promise<boolean> {
  const r = await db
    .insertInto('triage_protocols')
    .values({
      version: p.version,
      name: p.name,
      document: json(p.document),
      digest: p.digest,
      source: p.source,
      uploaded_by: p.uploadedBy,
      uploaded_at: p.at
    })
    .onConflict((oc) => oc.column('version').doNothing())
    .returning('version')
    .executeTakeFirst()
  return r !== undefined
}

/** Serialises activations (two admins at once, on two processes): reads go on, writes to the table wait. */
export async function lockForActivation (db: Executor): Promise<void> {
  await sql`lock table triage_protocols in exclusive mode`.execute(db)
}

/** Makes `version` the only active row. */
export async function setActive (db: Executor, version: string, by: string, at: Date): Promise<void> {
  await db.updateTable('triage_protocols').set({ active: false }).where('active', '=', true).where('version', '<>', version).execute()
  await db
    .updateTable('triage_protocols')
    .set({ active: true, activated_at: at, activated_by: by })
    .where('version', '=', version)
    .execute()
}

/** Tells every server process on this PostgreSQL that the protocol in force changed (delivered at commit). */
export async function notifyActivated (db: Executor, channel: string, version: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${version})`.execute(db)
}
