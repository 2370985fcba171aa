// `npm run import:calls -- FILE.csv --map received=COL,type=COL[,...] [--codebook FILE] [--tz ZONE] [--source NAME] [--rejects FILE]
// [--geocode]`: imports a city's CAD export as historical call records. Progress and a summary in words on stderr; the last
// line of stdout is one JSON object {read, imported, skipped, rejected: {total, byReason}, responses, seconds[, geocoded]}.
import { closeSync, createReadStream, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { ConfigError, loadConfig } from '../../config'
import { createDb } from '../../db/create-db'
import { migrateToLatest } from '../../db/migrate'
import { loadAreaSets } from '../../lib/area-sets'
import { csvLine } from '../../lib/csv'
import { createServices } from '../../services'
import { ImportInputError } from './history.service'
import type { RejectInput } from './import-runs.repository'
import { FIELD_LABELS, MAPPING_FIELDS, MappingError, parseMapSpec, type ColumnMapping } from './import-mapping'
import { emptyProfile, type ImportProgress, type ImportSummary } from './import-pipeline'

const USAGE = `usage: npm run import:calls -- FILE.csv --map received=COL,type=COL[,id=COL][,priority=COL][,lat=COL,lon=COL]
         [,address=COL+COL+...][,area=COL][,disposition=COL][,dispatched=COL,enroute=COL,onscene=COL,cleared=COL]
         [--codebook FILE] [--tz America/Los_Angeles] [--source NAME] [--rejects FILE] [--geocode] [--profile]

Imports a CAD export as historical call records (never shown live). COL+COL joins columns (an address
in parts, or a date column and a time column). Times without a zone are read in --tz (default TIME_ZONE
or this machine's zone). A record is known by --source (default "cad") and its id, or a hash of its row
when there is no id column: importing the same file again adds nothing. --geocode places rows that have an
address and no coordinates through the configured geocoders (GEOCODERS), each distinct address asked once; a
row is placed only when one place clearly matches, and the summary counts placed, ambiguous and not found.
--profile says where the time went (reading, rows, triage, areas, batches, COPY, INSERT, commit) on stderr and
adds it, in seconds, to the JSON line as "profile".
Fields: ${MAPPING_FIELDS.map((f) => `${f} (${FIELD_LABELS[f]})`).join('; ')}.`

class UsageError extends Error {}

interface Options {
  file: string
  mapping: ColumnMapping
  codebook?: string
  tz?: string
  source: string
  rejects?: string
  geocode: boolean
  profile: boolean
}

function options (argv: string[]): Options | null {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      map: { type: 'string', short: 'm' },
      codebook: { type: 'string' },
      tz: { type: 'string' },
      source: { type: 'string' },
      rejects: { type: 'string' },
      geocode: { type: 'boolean' },
      profile: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' }
    }
  })
  if (values.help === true) return null
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'FILE.csv is required' : `one file at a time (got ${positionals.join(', ')})`)
  }
  if (values.map === undefined) throw new UsageError('--map is required (at least received=COL,type=COL)')
  let mapping: ColumnMapping
  try {
    mapping = parseMapSpec(values.map)
  } catch (e) {
    throw new UsageError(`--map ${(e as Error).message}`)
  }
  const source = (values.source ?? 'cad').trim()
  if (!/^[\w.:-]{1,100}$/.test(source)) {
    throw new UsageError('--source must be 1-100 letters, digits, dots, dashes, colons or underscores')
  }
  return {
    file: positionals[0],
    mapping,
    codebook: values.codebook,
    tz: values.tz,
    source,
    rejects: values.rejects,
    geocode: values.geocode === true,
    profile: values.profile === true
  }
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US')
const pct = (n: number, total: number): string => (total === 0 ? '0%' : `${((100 * n) / total).toFixed(1)}%`)

function progressLine (p: ImportProgress, fileBytes: number): string {
  const share = fileBytes > 0 ? Math.min(1, p.bytesRead / fileBytes) : 0
  const width = 30
  const done = Math.round(share * width)
  return (
    `[${'#'.repeat(done)}${'-'.repeat(width - done)}] ${(share * 100).toFixed(0).padStart(3)}%  ${int(p.read)} rows ` +
    ` ${int(p.rowsPerSecond)} rows/s`
  )
}

function words (file: string, source: string, s: ImportSummary, callTypes: number, rejectsFile: string | undefined): string {
  const accepted = s.imported + s.skipped
  const lines = [
    `Imported ${file} as source "${source}" in ${s.seconds.toFixed(1)} s (${int(s.read / Math.max(s.seconds, 0.001))} rows/s).`,
    `  ${int(s.read)} rows read: ${int(s.imported)} new, ${int(s.skipped)} already there (skipped), ${int(s.rejected.total)} rejected.`
  ]
  if (s.rejected.total > 0) {
    lines.push(
      `  Rejected: ${Object.entries(s.rejected.byReason)
        .sort((a, b) => b[1] - a[1])
        .map(([r, n]) => `${int(n)} ${r.replace(/_/g, ' ')}`)
        .join(', ')}${rejectsFile ? ` (every one in ${rejectsFile})` : ' (see --rejects FILE for every one)'}.`
    )
  }
  lines.push(
    `  Triage of ${int(callTypes)} distinct call types gives: ${
      Object.entries(s.responses)
        .sort((a, b) => b[1] - a[1])
        .map(([r, n]) => `${r.replace(/_/g, ' ')} ${int(n)} (${pct(n, accepted)})`)
        .join(', ') || 'nothing'
    }.`
  )
  if (s.geocoded !== undefined) {
    const g = s.geocoded
    const rows = g.placed + g.ambiguous + g.notFound
    lines.push(
      `  Geocoded ${int(rows)} rows with an address and no coordinates (${int(g.addresses)} distinct addresses): ${int(g.placed)} ` +
        `placed, ${int(g.ambiguous)} ambiguous, ${int(g.notFound)} not found` +
        `${
          Object.keys(g.byReason).length > 0
            ? ` (${Object.entries(g.byReason)
                .map(([r, n]) => `${r.replace(/_/g, ' ')} ${int(n)}`)
                .join(', ')})`
            : ''
        }.`
    )
  }
  return lines.join('\n') + '\n'
}

async function main (argv: string[]): Promise<number> {
  let opts: Options | null
  try {
    opts = options(argv)
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n\n${USAGE}\n`)
    return 2
  }
  if (opts === null) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  let fileBytes: number
  try {
    fileBytes = statSync(opts.file).size
  } catch (e) {
    process.stderr.write(`error: ${opts.file}: ${(e as Error).message}\n`)
    return 2
  }
  let codeBook: { name: string; text: string } | null = null
  if (opts.codebook !== undefined) {
    try {
      codeBook = { name: path.basename(opts.codebook), text: readFileSync(opts.codebook, 'utf8') }
    } catch (e) {
      process.stderr.write(`error: --codebook ${opts.codebook}: ${(e as Error).message}\n`)
      return 2
    }
  }
  let config
  try {
    config = loadConfig()
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`)
      return 2
    }
    throw e
  }
  const handle = await createDb(config)
  let rejectsFd: number | null = null
  try {
    await migrateToLatest(handle.db)
    const { history, protocols, geocoding } = createServices(config, handle.db, {
      areas: loadAreaSets(config.areaSets),
      pg: handle.pg,
      onGeocoderError: (provider, err) => process.stderr.write(`geocoder ${provider} failed: ${err.message}\n`)
    })
    // Imports are triaged with the version in force (the database's active one, else PROTOCOL_FILE's).
    const inForce = await protocols.start(config.protocolFile)
    process.stderr.write(`triage protocol ${inForce.version}\n`)
    if (opts.geocode) {
      const stats = (await geocoding.ready()).stats
      process.stderr.write(
        `geocoding with ${config.geocoding.order.join(', ')} (local index: ${stats.corners} corners, ${stats.places} ` +
          `places, ${stats.addressPoints} address points, ${stats.segments} address ranges)\n`
      )
    }
    const profile = opts.profile ? emptyProfile() : undefined
    const tty = process.stderr.isTTY === true
    let lastLine = 0
    let shown = 0
    let pendingRejects: string[] = []
    const writeRejects = (): void => {
      if (rejectsFd !== null && pendingRejects.length > 0) writeSync(rejectsFd, pendingRejects.join(''))
      pendingRejects = []
    }
    const { summary, run } = await history.importFile(
      {
        source: opts.source,
        fileName: path.basename(opts.file),
        fileBytes,
        mapping: opts.mapping,
        timeZone: opts.tz,
        codeBook,
        actor: { id: null, label: `cli:${os.userInfo().username}` },
        ...(opts.geocode
          ? {
              placer: async (address: string) => {
                const p = await geocoding.place({ text: address })
                return p.status === 'placed'
                  ? { status: 'placed' as const, lat: p.candidate.lat, lon: p.candidate.lon }
                  : { status: p.status }
              }
            }
          : {})
      },
      createReadStream(opts.file, { highWaterMark: 1 << 20 }),
      {
        onHeader (header) {
          if (opts.rejects !== undefined) {
            rejectsFd = openSync(opts.rejects, 'w')
            writeSync(rejectsFd, csvLine(['line', 'reason', 'message', ...header]))
          }
        },
        onReject (r: RejectInput) {
          if (shown < 5) process.stderr.write(`${tty ? '\r\x1b[K' : ''}rejected line ${r.line}: ${r.reason}: ${r.message}\n`)
          else if (shown === 5) process.stderr.write('(more rejects: see the summary)\n')
          shown++
          if (rejectsFd !== null) {
            pendingRejects.push(csvLine([r.line, r.reason, r.message, ...r.fields]))
            if (pendingRejects.length >= 1000) writeRejects()
          }
        },
        onProgress (p) {
          if (tty) process.stderr.write(`\r${progressLine(p, fileBytes)}`)
          else if (p.seconds - lastLine >= 5) {
            lastLine = p.seconds
            process.stderr.write(`${progressLine(p, fileBytes)}\n`)
          }
        },
        ...(profile !== undefined ? { profile } : {})
      }
    )
    writeRejects()
    if (tty) process.stderr.write('\n')
    process.stderr.write(words(opts.file, opts.source, summary, (await history.getRun(run.id)).call_types, opts.rejects))
    if (profile !== undefined) {
      const seconds = Object.fromEntries(Object.entries(profile).map(([k, v]) => [k, k === 'batches' ? v : Math.round(v) / 1000]))
      process.stderr.write(
        `Profile (s; the writes overlap the reading): ${Object.entries(seconds)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}\n`
      )
      process.stdout.write(JSON.stringify({ ...summary, profile: seconds }) + '\n')
    } else process.stdout.write(JSON.stringify(summary) + '\n')
    return 0
  } catch (e) {
    const usage = e instanceof ImportInputError || e instanceof MappingError
    process.stderr.write(`\nerror: ${(e as Error).message}\n`)
    return usage ? 2 : 1
  } finally {
    if (rejectsFd !== null) closeSync(rejectsFd)
    await handle.close()
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2))
}
