// How a mapping reads the first rows of a file, before anything is imported: the web page's live preview.
import type { Preview, PreviewRequest, Reading } from '../../contracts/history'
import { parseCsvRecovering } from '../../lib/csv'
import { formatLocal } from '../../lib/local-time'
import type { HistoryService } from './history.service'
import { suggestMapping, type ColumnMapping } from './import-mapping'
import { readRow } from './import-row'

const ROWS = 12

const local = (ms: number | null, tz: string): string | null => (ms === null ? null : formatLocal(ms, tz))

export function previewImport (history: HistoryService, req: PreviewRequest): Preview {
  let records = parseCsvRecovering(req.sample)
  // a sample cut from a larger file ends inside some record: leave it out
  if (!req.complete && records.length > 1) records = records.slice(0, -1)
  const head = records[0]
  const header = head !== undefined && head.error === undefined ? head.fields.map((h) => h.trim()) : []
  const rows = records.slice(1, ROWS + 1)
  const mapping = (req.mapping ?? {}) as ColumnMapping
  const prepared = history.prepare({ timeZone: req.timeZone, codeBook: req.codeBook ? { text: req.codeBook } : null })
  const tz = prepared.times.timeZone
  let mappingError: string | null = header.length === 0 ? 'the file has no readable header row' : null
  let readings: Reading[] = []
  if (mappingError === null) {
    try {
      const ctx = history.context(prepared, mapping, header)
      readings = rows.map((rec): Reading => {
        if (rec.error !== undefined) return { line: rec.line, ok: false, reason: 'malformed_csv', message: rec.error }
        const r = readRow(rec.fields, ctx)
        if (!r.ok) return { line: rec.line, ok: false, reason: r.reason, message: r.message }
        const x = r.row
        return {
          line: rec.line,
          ok: true,
          receivedAt: new Date(x.receivedAt).toISOString(),
          receivedLocal: formatLocal(x.receivedAt, tz),
          callType: x.callType,
          callTypeText: x.callTypeText,
          category: x.category,
          response: x.response,
          priority: x.priority,
          upstreamPriority: x.upstreamPriority,
          address: x.address,
          lat: x.lat,
          lon: x.lon,
          areas: x.areas,
          area: x.upstreamArea,
          disposition: x.disposition,
          chain: {
            dispatched: local(x.dispatchedAt, tz),
            enRoute: local(x.enRouteAt, tz),
            onScene: local(x.onSceneAt, tz),
            cleared: local(x.clearedAt, tz)
          }
        }
      })
    } catch (e) {
      if (!(e instanceof Error) || !('statusCode' in e)) throw e
      mappingError = e.message
    }
  }
  return {
    header,
    rows: rows.map((r) => ({ line: r.line, fields: r.fields, ...(r.error !== undefined ? { error: r.error } : {}) })),
    suggested: suggestMapping(header),
    timeZone: tz,
    mappingError,
    readings
  }
}
