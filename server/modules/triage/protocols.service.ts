// The triage protocol in force, and its versions in the database. At start the file's version
// (PROTOCOL_FILE) is stored if absent; the version in force is the database's active row, else the
// file's. An admin uploads a version (validated like the file), reviews its impact, and activates it;
// every server process on the same PostgreSQL hears the activation (LISTEN/NOTIFY, with a periodic
// check in case a notification is lost) and swaps the compiled protocol in. Every triage records the
// version it used, so calls keep theirs.
import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, Executor } from '../../db/database'
import { explainTriage, runTriage } from '../../domain/triage/engine'
import { youthSignals } from '../../domain/triage/youth-signals'
import { withCodeBook, type CodeBook } from '../../domain/triage/codebook'
import { diffProtocols, type DiffItem, type ProtocolDiff } from '../../domain/triage/diff'
import type { CompiledProtocol } from '../../domain/triage/protocol'
import type { ProtocolDocument } from '../../domain/triage/protocol-schema'
import { compileProtocol, ProtocolError, validateProtocol } from '../../domain/triage/protocol-validate'
import type { TriageInput, TriageResult } from '../../domain/triage/types'
import { BadRequestError, ConflictError, NotFoundError } from '../../lib/errors'
import { transactionWithFirstWrite } from '../../lib/request-context'
import {
  activeProtocol,
  findProtocol,
  insertProtocol,
  listProtocols,
  lockForActivation,
  lockProtocol,
  notifyActivated,
  setActive,
  type ProtocolSummaryRow
} from './protocols.repository'
import { formatDiff } from './triage-diff'
import type { TriageProtocolRow } from './triage.tables'
import type { NewEvent } from '../../contracts/events'
import type { EventBus } from '../events/event-bus'
import { inTransaction } from '../events/transaction'
import { impactOf, type ImpactItem } from '../../domain/triage/impact'

/** The NOTIFY channel an activation is announced on; the payload is the version. */
export const PROTOCOL_CHANNEL = 'cd_triage_protocol'

export interface ProtocolsDeps {
  db: Kysely<Database>
  now: () => Date
  /** PROTOCOL_FILE, validated and compiled (config.protocol). */
  filed: CompiledProtocol
  /** The city's code book (TRIAGE_CODEBOOK_FILE), applied before every triage; null without one. */
  codeBook: CodeBook | null
  /** Records an administrative action in the audit trail, inside the given transaction. */
  recordAction: (
    userId: string,
    action: string,
    executor: Executor,
    about?: { subject?: string; detail?: Record<string, unknown> }
  ) => Promise<void>
  /** The live bus: an activation is announced to every console (triage.protocol_activated). */
  bus?: EventBus
  /** Emails by user id (the auth module answers): who uploaded and activated each version. */
  emailsOf?: (ids: string[]) => Promise<Map<string, string>>
}

/** What the impact review reads: live calls and imported history of a period (the calls and history modules answer). */
export interface ImpactSources {
  liveCalls: (since: Date, limit: number) => Promise<Array<{ callType: string | null; input: TriageInput }>>
  importedCallTypes: (from: Date, to: Date) => Promise<Array<{ callType: string; description: string | null; count: number }>>
}

/** Most live calls one impact review re-triages (the newest are kept). */
export const IMPACT_MAX_LIVE_CALLS = 200_000
const NO_CALL_TYPE = '(no call type)'

/** The same document, the same digest: keys sorted at every level. */
function canonical (v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(v)
}

export function protocolDigest (doc: unknown): string {
  return crypto.createHash('sha256').update(canonical(doc)).digest('hex')
}

/** A start-up refusal: the database holds the file's version with other content. */
export class ProtocolVersionClashError extends Error {
  constructor (version: string, file: string) {
    super(
      `triage protocol version ${version} is already stored with different content than ${file}: ` +
        'a changed protocol needs a new "version" (every triage records the version it used)'
    )
    this.name = 'ProtocolVersionClashError'
  }
}

export interface ProtocolVersionInfo {
  version: string
  name: string
  source: 'file' | 'upload'
  uploadedBy: string | null
  uploadedAt: string
  active: boolean
  activatedAt: string | null
  activatedBy: string | null
  /** Whether this is the version triaging calls now in this process. */
  inForce: boolean
  uploadedByEmail: string | null
  activatedByEmail: string | null
}

export function createProtocolsService (deps: ProtocolsDeps) {
  const { db, now, filed, codeBook } = deps
  let current: CompiledProtocol = filed
  /** Compiled versions by version string: a version's content never changes once stored. */
  const compiled = new Map<string, CompiledProtocol>([[filed.version, filed]])
  // Reads of the active version may overlap (a notification, the periodic check, an activation here):
  // the one started last wins, so a slow read started before a commit never undoes a newer one.
  let started = 0
  let applied = 0

  /** A stored version this server's checks now refuse (checked again since an upgrade): 409, not a 500. */
  function usable (row: TriageProtocolRow): CompiledProtocol {
    try {
      return compiledOf(row)
    } catch (e) {
      if (e instanceof ProtocolError) {
        throw new ConflictError(
          `triage protocol version ${row.version} does not pass this server's checks: ${e.problems[0] ?? e.message}`
        )
      }
      throw e
    }
  }

  function compiledOf (row: TriageProtocolRow): CompiledProtocol {
    let p = compiled.get(row.version)
    if (p === undefined) {
      p = compileProtocol(row.document, `triage protocol version ${row.version} (database)`)
      compiled.set(row.version, p)
    }
    return p
  }

  async function infos (rows: ProtocolSummaryRow[]): Promise<ProtocolVersionInfo[]> {
    const ids = [...new Set(rows.flatMap((r) => [r.uploaded_by, r.activated_by]).filter((x): x is string => x !== null))]
    const emails = ids.length > 0 && deps.emailsOf !== undefined ? await deps.emailsOf(ids) : new Map<string, string>()
    return rows.map((r) => info(r, emails))
  }

  function info (r: ProtocolSummaryRow, emails = new Map<string, string>()): ProtocolVersionInfo {
    return {
      uploadedByEmail: r.uploaded_by !== null ? (emails.get(r.uploaded_by) ?? null) : null,
      activatedByEmail: r.activated_by !== null ? (emails.get(r.activated_by) ?? null) : null,
      version: r.version,
      name: r.name,
      source: r.source,
      uploadedBy: r.uploaded_by,
      uploadedAt: r.uploaded_at.toISOString(),
      active: r.active,
      activatedAt: r.activated_at?.toISOString() ?? null,
      activatedBy: r.activated_by,
      inForce: r.version === current.version
    }
  }

  async function loadActive (): Promise<CompiledProtocol> {
    const row = await activeProtocol(db)
    return row === undefined ? filed : compiledOf(row)
  }

  async function versionRow (version: string): Promise<TriageProtocolRow> {
    const row = await findProtocol(db, version)
    if (row === undefined) throw new NotFoundError(`triage protocol version ${version}`)
    return row
  }

  const service = {
    /** The compiled protocol in force in this process. */
    current: (): CompiledProtocol => current,
    /** The city's code book the server triages with, if any. */
    codeBook: (): CodeBook | null => codeBook,

    /** Triage with the protocol in force (and the city's code book): intake, re-triage, imports and the preview. */
    triage (input: TriageInput): TriageResult {
      return runTriage(withCodeBook(input, codeBook), current)
    },

    /**
     * A stored version (a call's own, for a repair): triage with it and the city's code book, and which of
     * its young-person signals a call's texts mention. 404 for a version never stored.
     */
    async reader (
      version: string
    ): Promise<{ triage: (input: TriageInput) => TriageResult; youthWords: (input: TriageInput) => string[] }> {
      const p = version === filed.version ? filed : usable(await versionRow(version))
      const youth = youthSignals(p)
      return {
        triage: (input) => runTriage(withCodeBook(input, codeBook), p),
        youthWords: (input) => explainTriage(withCodeBook(input, codeBook), p).signals.filter((s) => youth.has(s))
      }
    },

    /** Stores the file's version if absent, then takes the version in force from the database. */
    async start (fileLabel = 'PROTOCOL_FILE'): Promise<CompiledProtocol> {
      const digest = protocolDigest(filed.document)
      await insertProtocol(db, {
        version: filed.version,
        name: filed.name,
        document: filed.document as ProtocolDocument,
        digest,
        source: 'file',
        uploadedBy: null,
        at: now()
      })
      const stored = await findProtocol(db, filed.version)
      if (stored !== undefined && stored.digest !== digest) throw new ProtocolVersionClashError(filed.version, fileLabel)
      return await service.refresh()
    },

    /** Reads which version is active and swaps it in if it changed (a notification, the periodic check). */
    async refresh (): Promise<CompiledProtocol> {
      const ticket = ++started
      const p = await loadActive()
      if (ticket > applied) {
        applied = ticket
        current = p
      }
      return current
    },

    async list (): Promise<{ inForce: string; file: string; versions: ProtocolVersionInfo[] }> {
      const rows = await listProtocols(db)
      return { inForce: current.version, file: filed.version, versions: await infos(rows) }
    },

    async get (version: string): Promise<ProtocolVersionInfo & { document: ProtocolDocument }> {
      const row = await versionRow(version)
      return { ...(await infos([row]))[0], document: row.document }
    },

    /**
     * Stores a new version (not yet in force). 400 naming the JSON path of the first problem; the same
     * version again with the same content answers the stored one (created false); with other content, 409.
     */
    async upload (doc: unknown, actorId: string): Promise<{ created: boolean; protocol: ProtocolVersionInfo }> {
      const problems = validateProtocol(doc)
      if (problems.length > 0) {
        throw new BadRequestError(
          `body/${problems[0]}${problems.length > 1
? ` (and ${problems.length - 1} ` +
            `more: ${problems.slice(1, 6).join('; ')}${problems.length > 6 ? '; …' : ''})`
: ''}`
        )
      }
      const document = doc as ProtocolDocument
      const digest = protocolDigest(document)
      // who uploaded is named after the commit: on PGlite (one connection) the transaction holds it until then
      const out = await transactionWithFirstWrite(db, async (trx) => {
        const created = await insertProtocol(trx, {
          version: document.version,
          name: document.name,
          document,
          digest,
          source: 'upload',
          uploadedBy: actorId,
          at: now()
        })
        const row = await findProtocol(trx, document.version)
        if (row === undefined) throw new Error(`triage protocol ${document.version} vanished`)
        if (!created && row.digest !== digest) {
          throw new ConflictError(
            `body/version: triage protocol version ${document.version} already exists with different content; give the new document a ` +
            'new version'
          )
        }
        if (created) {
          await deps.recordAction(actorId, 'triage_protocol.upload', trx, {
            subject: `triage_protocol:${document.version}`,
            detail: { version: document.version, name: document.name }
          })
        }
        return { created, row }
      })
      return { created: out.created, protocol: (await infos([out.row]))[0] }
    },

    /**
     * Puts a stored version in force, for every server process on this database, and announces it on the
     * live stream (triage.protocol_activated, to every role: each console's top bar shows it). Audited.
     */
    async activate (version: string, actorId: string): Promise<ProtocolVersionInfo> {
      const at = now()
      const previous = current.version
      const body = async (trx: Executor, emit: (e: NewEvent) => void): Promise<TriageProtocolRow> => {
        await lockForActivation(trx)
        const found = await lockProtocol(trx, version)
        if (found === undefined) throw new NotFoundError(`triage protocol version ${version}`)
        usable(found) // validated on upload; checked again before it is in force
        await setActive(trx, version, actorId, at)
        await deps.recordAction(actorId, `triage_protocol.activate:${version}`, trx, {
          subject: `triage_protocol:${version}`,
          detail: { from: previous, to: version }
        })
        await notifyActivated(trx, PROTOCOL_CHANNEL, version)
        emit({ type: 'triage.protocol_activated', actorId, data: { version, name: found.name, previous } })
        return (await findProtocol(trx, version))!
      }
      const row =
        deps.bus !== undefined
          ? (await inTransaction(db, deps.bus, async (ctx) => await body(ctx.trx, ctx.emit))).result
          : await transactionWithFirstWrite(db, async (trx) => await body(trx, () => {}))
      // what the database says now: another process may have activated a later version meanwhile
      await service.refresh()
      return (await infos([row]))[0]
    },

    /** Every problem of a document, each with its path, without storing anything (the upload page shows them beside the path). */
    check (doc: unknown): { valid: boolean; version: string | null; problems: Array<{ path: string; message: string }> } {
      const problems = validateProtocol(doc).map((p) => {
        const i = p.indexOf(': ')
        return i < 0 ? { path: '(protocol)', message: p } : { path: p.slice(0, i), message: p.slice(i + 2) }
      })
      const v = (doc as { version?: unknown } | null)?.version
      return { valid: problems.length === 0, version: typeof v === 'string' ? v : null, problems }
    },

    /**
     * The impact review before activation: every live call of the last `days` days re-triaged with its
     * narrative, answers, age and place, and the imported history of the same days by call type, under the
     * version in force and under `version`; and, when given, an uploaded call-type list the same way.
     */
    async impact (version: string, sources: ImpactSources, opts: { days: number; callTypes?: readonly DiffItem[] }) {
      const after = usable(await versionRow(version))
      const before = current
      const to = now()
      const from = new Date(to.getTime() - opts.days * 86_400_000)
      const [live, imported] = await Promise.all([
        sources.liveCalls(from, IMPACT_MAX_LIVE_CALLS + 1),
        sources.importedCallTypes(from, to)
      ])
      const truncated = live.length > IMPACT_MAX_LIVE_CALLS
      const items: ImpactItem[] = [
        ...live
          .slice(0, IMPACT_MAX_LIVE_CALLS)
          .map((c) => ({ callType: c.callType?.trim() || NO_CALL_TYPE, description: null, input: c.input, count: 1 })),
        ...imported.map((h) => ({ callType: h.callType, description: h.description, input: { callType: h.callType }, count: h.count }))
      ]
      const listed = opts.callTypes?.map((c) => ({
        callType: c.callType.trim(),
        description: c.description?.trim() || null,
        input: { callType: c.callType },
        count: c.count ?? 1
      }))
      return {
        from: before.version,
        to: after.version,
        recent: {
          from: from.toISOString(),
          to: to.toISOString(),
          days: opts.days,
          liveCalls: Math.min(live.length, IMPACT_MAX_LIVE_CALLS),
          importedCalls: imported.reduce((n, h) => n + h.count, 0),
          truncated,
          table: impactOf(before, after, items, codeBook)
        },
        uploaded: listed === undefined ? null : impactOf(before, after, listed, codeBook)
      }
    },

    /** The impact review of a stored version against the one in force: the CLI's `triage diff`, as data and as its text. */
    async diff (version: string, items: readonly DiffItem[]): Promise<{ diff: ProtocolDiff; text: string }> {
      const after = usable(await versionRow(version))
      const d = diffProtocols(current, after, items, codeBook)
      const weighted = items.some((i) => i.count !== undefined)
      return { diff: d, text: formatDiff(d, { weighted }) }
    }
  }
  return service
}

export type ProtocolsService = ReturnType<typeof createProtocolsService>
