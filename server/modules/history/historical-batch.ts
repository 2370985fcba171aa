// A batch of historical records as the import's writes need it: column arrays for unnest (PGlite), or the same rows as
// binary COPY data for the connection's staging table (PostgreSQL; history.repository.ts, copyHistorical).
import type { HistoricalInput } from './import-row'

/** The staging table's columns, in the order of the COPY data. */
export const COLUMNS = [
  'source_id',
  'received',
  'call_type',
  'call_type_text',
  'upstream_priority',
  'category',
  'response',
  'priority',
  'protocol_version',
  'lat',
  'lon',
  'address',
  'areas',
  'upstream_area',
  'disposition',
  'dispatched',
  'en_route',
  'on_scene',
  'cleared'
] as const

/** COPY's binary format (a signature, flags 0 and no header extension, then the rows; -1 as a row's field count ends it). */
const BINARY_HEADER = Buffer.from([...Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), 0, 0, 0, 0, 0, 0, 0, 0])
/** A row's fixed part at most: its field count, each field's length, and 8 bytes for each number. */
const ROW_FIXED = 2 + COLUMNS.length * 12

/** One batch of records: column arrays (for unnest, PGlite) or the same rows as COPY data (PostgreSQL). */
export class HistoricalBatch {
  // The COPY data, written into a buffer as each row is added. Kept as one growing string (a rope of 5,000 row
  // strings), every row lived until its batch was written, so each young-generation GC copied the whole batch:
  // the profile had the import's reader spending a fifth of its time in GC.
  private buf: Buffer | null = null
  private bytes = 0
  readonly sourceId: string[] = []
  readonly receivedAt: number[] = []
  readonly callType: string[] = []
  readonly callTypeText: Array<string | null> = []
  readonly upstreamPriority: Array<string | null> = []
  readonly category: string[] = []
  readonly response: string[] = []
  readonly priority: number[] = []
  readonly protocolVersion: string[] = []
  readonly lat: Array<number | null> = []
  readonly lon: Array<number | null> = []
  readonly address: Array<string | null> = []
  readonly areas: string[] = []
  readonly upstreamArea: Array<string | null> = []
  readonly disposition: Array<string | null> = []
  readonly dispatchedAt: Array<number | null> = []
  readonly enRouteAt: Array<number | null> = []
  readonly onSceneAt: Array<number | null> = []
  readonly clearedAt: Array<number | null> = []

  private rows = 0
  /** `copying`: the rows are kept as COPY data only (PostgreSQL), not as column arrays. */
  constructor (private readonly copying = false) {}

  get size (): number {
    return this.copying ? this.rows : this.sourceId.length
  }

  /** The rows in COPY's binary format (PostgreSQL), with its header and trailer. */
  copyData (): Buffer {
    this.room(2)
    const buf = this.buf!
    buf.writeInt16BE(-1, this.bytes)
    return buf.subarray(0, this.bytes + 2)
  }

  /** Room for `n` more bytes (the buffer starts with the binary format's header). */
  private room (n: number): void {
    if (this.buf !== null && this.bytes + n <= this.buf.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.bytes + n, (this.buf?.length ?? 0) * 2, 1 << 20))
    if (this.buf !== null) this.buf.copy(grown, 0, 0, this.bytes)
    else this.bytes = BINARY_HEADER.copy(grown, 0)
    this.buf = grown
  }

  /**
   * One row in COPY's binary format: each field its length then its bytes (-1 for null), numbers as 8-byte floats
   * and the priority as a 2-byte integer. Nothing is escaped and no number is written out in decimal: PostgreSQL
   * reads the same values as from the text format, with less work on both sides.
   */
  private row (r: HistoricalInput): void {
    const areas = areasJson(r.areas)
    // UTF-8 takes at most three bytes per UTF-16 unit.
    this.room(
      ROW_FIXED +
        3 *
          (r.sourceId.length +
            r.callType.length +
            (r.callTypeText?.length ?? 0) +
            (r.upstreamPriority?.length ?? 0) +
            r.category.length +
            r.response.length +
            r.protocolVersion.length +
            (r.address?.length ?? 0) +
            areas.length +
            (r.upstreamArea?.length ?? 0) +
            (r.disposition?.length ?? 0))
    )
    const buf = this.buf!
    this.bytes = buf.writeInt16BE(COLUMNS.length, this.bytes)
    this.text(r.sourceId)
    this.float(r.receivedAt)
    this.text(r.callType)
    this.text(r.callTypeText)
    this.text(r.upstreamPriority)
    this.text(r.category)
    this.text(r.response)
    this.bytes = buf.writeInt16BE(r.priority, buf.writeInt32BE(2, this.bytes))
    this.text(r.protocolVersion)
    this.float(r.lat)
    this.float(r.lon)
    this.text(r.address)
    this.text(areas)
    this.text(r.upstreamArea)
    this.text(r.disposition)
    this.float(r.dispatchedAt)
    this.float(r.enRouteAt)
    this.float(r.onSceneAt)
    this.float(r.clearedAt)
  }

  private float (v: number | null): void {
    const buf = this.buf!
    if (v === null) {
      this.bytes = buf.writeInt32BE(-1, this.bytes)
      return
    }
    this.bytes = buf.writeDoubleBE(v, buf.writeInt32BE(8, this.bytes))
  }

  /** Text as UTF-8: ASCII copied a code unit at a time (most cells are short), anything else through Buffer.write. */
  private text (v: string | null): void {
    const buf = this.buf!
    if (v === null) {
      this.bytes = buf.writeInt32BE(-1, this.bytes)
      return
    }
    const start = this.bytes + 4
    let at = start
    const n = v.length
    let i = 0
    for (; i < n; i++) {
      const c = v.charCodeAt(i)
      if (c >= 0x80) break
      buf[at++] = c
    }
    if (i < n) at = start + buf.write(v, start)
    buf.writeInt32BE(at - start, this.bytes)
    this.bytes = at
  }

  add (r: HistoricalInput): void {
    if (this.copying) {
      this.row(r)
      this.rows++
      return
    }
    this.sourceId.push(r.sourceId)
    this.receivedAt.push(r.receivedAt)
    this.callType.push(r.callType)
    this.callTypeText.push(r.callTypeText)
    this.upstreamPriority.push(r.upstreamPriority)
    this.category.push(r.category)
    this.response.push(r.response)
    this.priority.push(r.priority)
    this.protocolVersion.push(r.protocolVersion)
    this.lat.push(r.lat)
    this.lon.push(r.lon)
    this.address.push(r.address)
    this.areas.push(areasJson(r.areas))
    this.upstreamArea.push(r.upstreamArea)
    this.disposition.push(r.disposition)
    this.dispatchedAt.push(r.dispatchedAt)
    this.enRouteAt.push(r.enRouteAt)
    this.onSceneAt.push(r.onSceneAt)
    this.clearedAt.push(r.clearedAt)
  }
}

let lastAreas: object | null = null
let lastAreasJson = '{}'
/** Neighbouring rows often share their areas object (and rows without coordinates all share {}). */
function areasJson (a: object): string {
  if (a !== lastAreas) {
    lastAreas = a
    lastAreasJson = JSON.stringify(a)
  }
  return lastAreasJson
}
