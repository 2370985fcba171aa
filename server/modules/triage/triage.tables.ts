// Table type for the triage protocol's versions. Written and read only by the triage module.
import type { ColumnType, Generated, RawBuilder, Selectable } from 'kysely'
import type { ProtocolDocument } from '../../domain/triage/protocol-schema'

export interface TriageProtocolsTable {
  /** The document's own "version" string: what every triage records as protocol_version. */
  version: string
  name: string
  document: ColumnType<ProtocolDocument, RawBuilder<ProtocolDocument>, never>
  /** sha256 of the canonical document: the same version uploaded again with other content is refused. */
  digest: string
  /** 'file' (PROTOCOL_FILE, seeded at start) or 'upload' (POST /api/triage/protocols). */
  source: 'file' | 'upload'
  /** Null for a version seeded from the file. */
  uploaded_by: string | null
  uploaded_at: Generated<Date>
  /** At most one row is active (a partial unique index); with none, the file's protocol is in force. */
  active: Generated<boolean>
  activated_at: Date | null
  activated_by: string | null
}

export type TriageProtocolRow = Selectable<TriageProtocolsTable>
