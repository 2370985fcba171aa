// Replay: real (or previously generated) call records drive the model instead of generated demand. Columns are
// mapped by option; every call type goes through triage; service times come from the file when present.
import { parseCsvObjects } from '../server/lib/csv'
import {
  CATEGORIES,
  MAX_PERSON_AGE,
  PLACE_KINDS,
  RESPONSES,
  type Category,
  type PlaceKind,
  type Priority,
  type ResponseType
} from '../server/domain/types'
import { allocCalls, backupRoom, drawService, type CallTable } from './call-table'
import { callTypeFor } from './call-types'
import { laData, MINUTES_PER_DAY, type Prepared } from './prepare'
import { Rng, STREAMS } from './rng'
import type { Answers } from '../server/domain/triage/types'
import { readTextFile } from './platform'

export interface ReplayColumns {
  /** Minutes from the start (a number) or a date-time (ISO 8601, read as local wall-clock time). */
  time: string
  callType: string
  lat: string
  lon: string
}

export const DEFAULT_REPLAY_COLUMNS: ReplayColumns = { time: 'received_minute', callType: 'call_type', lat: 'lat', lon: 'lon' }

/** Time 0 of every run: Monday 2024-01-01 00:00, so hour-of-week profiles and shifts line up. */
export const EPOCH_MS = Date.UTC(2024, 0, 1)

export interface ReplayFile {
  rows: Array<{ line: number; values: Record<string, string> }>
  columns: ReplayColumns
  times: Float64Array
  /** The file's `replication` values in order, when it has that column (a calls.csv of several replications). */
  replications: string[]
}

export function readReplay (file: string, columns: Partial<ReplayColumns> = {}): ReplayFile {
  return parseReplay(parseCsvObjects(readTextFile(file)), columns, file)
}

/** A replay from rows already parsed (a CSV, or the planner's history records); `file` names it in errors. */
export function parseReplay (
  { header, rows }: { header: string[]; rows: ReplayFile['rows'] },
  columns: Partial<ReplayColumns> = {},
  file = 'replay'
): ReplayFile {
  const cols = { ...DEFAULT_REPLAY_COLUMNS, ...columns }
  if (!header.includes(cols.time) && header.includes('received_at') && columns.time === undefined) cols.time = 'received_at'
  for (const [k, c] of Object.entries(cols)) {
    if (!header.includes(c)) {
      throw new Error(
        `${file}: no column "${c}" for ${k} (columns: ${header.join(', ')}); map it with --col-${k === 'callType' ? 'type' : k}`
      )
    }
  }
  const raw = rows.map((r) => r.values[cols.time].trim())
  const numeric = raw.every((x) => x === '' || Number.isFinite(Number(x)))
  let times: Float64Array
  if (numeric) times = Float64Array.from(raw, Number)
  else {
    // Wall-clock times: minutes since the Monday 00:00 on or before the first call.
    const ms = raw.map((x) => Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(x) ? x : x.replace(' ', 'T') + 'Z'))
    const bad = ms.findIndex((x) => Number.isNaN(x))
    if (bad >= 0) throw new Error(`${file} line ${rows[bad].line}: cannot read time "${raw[bad]}"`)
    const first = Math.min(...ms)
    const d = new Date(first)
    const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * 86_400_000
    times = Float64Array.from(ms, (x) => (x - monday) / 60_000)
  }
  const replications = header.includes('replication')
    ? [...new Set(rows.map((r) => r.values.replication.trim()))].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b))
    : []
  return { rows, columns: cols, times, replications }
}

const num = (s: string | undefined): number | undefined => (s === undefined || s.trim() === '' ? undefined : Number(s))

/**
 * Calls of a replay for replication `rep`; columns missing from the file are drawn from the service stream.
 * A file with a `replication` column (a calls.csv of several replications) gives replication k of the run
 * the rows of its k-th replication, cycling when the run has more replications than the file.
 */
export function replayCalls (prep: Prepared, f: ReplayFile, seed: number, rep: number): CallTable {
  const horizon = (prep.warmupDays + prep.days) * MINUTES_PER_DAY
  const data = laData()
  const which = f.replications.length > 1 ? f.replications[rep % f.replications.length] : null
  const idx = Array.from(f.rows.keys()).filter(
    (i) => f.times[i] >= 0 && f.times[i] < horizon && (which === null || f.rows[i].values.replication.trim() === which)
  )
  idx.sort((a, b) => f.times[a] - f.times[b] || a - b)
  const siteOf = new Map<string, number>()
  for (let s = 0; s < prep.sites.n; s++) siteOf.set(`${prep.sites.lat[s]},${prep.sites.lon[s]}`, s)
  const known = idx.reduce((k, i) => k + (f.rows[i].values.backup === '1' ? 1 : 0), 0)
  const calls = allocCalls(idx.length, backupRoom(prep, idx.length, known))
  const rng = new Rng(seed, STREAMS.service, rep)
  idx.forEach((i, j) => {
    const v = f.rows[i].values
    const lat = Number(v[f.columns.lat])
    const lon = Number(v[f.columns.lon])
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) throw new Error(`replay line ${f.rows[i].line}: no coordinates`)
    const callType = v[f.columns.callType] ?? ''
    const cat = v.category as Category
    const narrative = v.narrative !== undefined && v.narrative !== '' ? v.narrative : undefined
    let answers: Answers | undefined
    if (v.answers !== undefined && v.answers.trim() !== '') {
      try {
        answers = JSON.parse(v.answers) as Answers
      } catch {
        throw new Error(`replay line ${f.rows[i].line}: answers is not JSON`)
      }
    }
    const age = v.person_age !== undefined && v.person_age.trim() !== '' ? Number(v.person_age) : undefined
    if (age !== undefined && !(Number.isInteger(age) && age >= 0 && age <= MAX_PERSON_AGE)) {
      throw new Error(`replay line ${f.rows[i].line}: person_age must be a whole number from 0 to ${MAX_PERSON_AGE}`)
    }
    const place = v.place_kind !== undefined && v.place_kind.trim() !== '' ? (v.place_kind.trim() as PlaceKind) : undefined
    if (place !== undefined && !PLACE_KINDS.includes(place)) {
      throw new Error(`replay line ${f.rows[i].line}: place_kind must be one of ${PLACE_KINDS.join(', ')}`)
    }
    calls.type[j] = callTypeFor(
      prep,
      callType !== ''
        ? { callType, narrative, answers, personAge: age, placeKind: place }
        : {
            category: CATEGORIES.includes(cat) ? cat : 'mental_health',
            response: RESPONSES.includes(v.response as ResponseType) ? (v.response as ResponseType) : 'care_team',
            priority: (Number(v.priority) || 2) as Priority
          }
    )
    calls.time[j] = f.times[i]
    calls.lat[j] = lat
    calls.lon[j] = lon
    const s = siteOf.get(`${lat},${lon}`)
    if (s !== undefined) {
      calls.site[j] = s
      calls.area[j] = prep.sites.area[s]
      calls.division[j] = prep.sites.division[s]
    } else {
      calls.area[j] = data.districts.areaOf(lat, lon)
      calls.division[j] = data.divisions.areaOf(lat, lon)
    }
    const tr = num(v.transport)
    const bk = num(v.backup)
    drawService(prep, calls, j, rng, {
      turnout: num(v.turnout_minutes),
      onScene: num(v.on_scene_minutes),
      transport: tr,
      handoff: num(v.handoff_minutes),
      backup: bk,
      backupOnScene: num(v.backup_on_scene_minutes)
    })
  })
  return calls
}
