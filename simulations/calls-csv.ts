// calls.csv rows, one per call with every interval, as text chunks: pure, shared by the CLI (output.ts writes the
// chunks to a file) and the planner's browser worker (a download).
import { csvLine } from '../server/lib/csv'
import { MINUTES_PER_DAY, type Prepared } from './prepare'
import { OUTCOME_NAMES, type CallTable } from './call-table'
import { EPOCH_MS } from './replay'
import { intervalById, intervalValue, type StampTimes } from '../server/domain/intervals'

const CALL_PROCESSING = intervalById('callProcessing')
const TRAVEL = intervalById('travel')
const RESPONSE = intervalById('response')
const COMMITTED = intervalById('committed')

export const CALLS_CSV_HEADER = [
  'replication',
  'call_id',
  'received_minute',
  'received_at',
  'warmup',
  'call_type',
  'narrative',
  'answers',
  'person_age',
  'place_kind',
  'category',
  'response',
  'priority',
  'lat',
  'lon',
  'council_district',
  'lapd_division',
  'outcome',
  'team',
  'team_kind',
  'dispatched_minute',
  'call_processing_minutes',
  'turnout_minutes',
  'travel_minutes',
  'on_scene_minute',
  'response_minutes',
  'on_scene_minutes',
  'transport',
  'facility',
  'transport_minutes',
  'handoff_minutes',
  'clear_minute',
  'committed_minutes',
  'backup',
  'backup_on_scene_minutes'
] as const

const fmt = (x: number): string => (Number.isNaN(x) ? '' : String(x))
const r3 = (x: number): string => (Number.isNaN(x) ? '' : String(Math.round(x * 1000) / 1000))

/**
 * The calls of every replication given, in order, one row per call (its replication in the first column), as
 * chunks of about 1 MB. Raw minute values keep full precision, so replaying the file reproduces the run.
 */
export function * callsCsvChunks (prep: Prepared, tables: Iterable<{ rep: number; calls: CallTable }>): Generator<string> {
  const lo = prep.warmupDays * MINUTES_PER_DAY
  let buf = csvLine(CALLS_CSV_HEADER)
  const st: StampTimes = {}
  for (const { rep, calls } of tables) {
    for (let j = 0; j < calls.n; j++) {
      const info = prep.callTypes[calls.type[j]]
      const team = calls.team[j]
      const t = calls.time[j]
      // turnout_minutes and on_scene_minutes are the drawn inputs (a replay reads them back); the measured
      // intervals follow the one definition in server/domain.
      st.received = t
      st.dispatched = calls.dispatchT[j]
      st.enRoute = calls.dispatchT[j] + calls.turnout[j]
      st.onScene = calls.onSceneT[j]
      st.cleared = calls.clearT[j]
      buf += csvLine([
        rep,
        j + 1,
        fmt(t),
        new Date(EPOCH_MS + Math.round(t * 60_000)).toISOString().slice(0, 19),
        t < lo ? 1 : 0,
        info.callType,
        info.narrative,
        info.answers,
        info.personAge ?? '',
        info.placeKind ?? '',
        info.category,
        info.response,
        info.priority,
        calls.lat[j],
        calls.lon[j],
        calls.area[j] >= 0 ? prep.areaNames[calls.area[j]] : '',
        calls.division[j] >= 0 ? prep.divisionNames[calls.division[j]] : '',
        OUTCOME_NAMES[calls.outcome[j]],
        team >= 0 ? prep.teams[team].callSign : '',
        team >= 0 ? prep.teams[team].kind : '',
        fmt(calls.dispatchT[j]),
        r3(intervalValue(CALL_PROCESSING, st)),
        fmt(calls.turnout[j]),
        r3(intervalValue(TRAVEL, st)),
        fmt(calls.onSceneT[j]),
        r3(intervalValue(RESPONSE, st)),
        fmt(calls.onScene[j]),
        calls.transport[j],
        calls.facility[j] >= 0 ? prep.facilities[calls.facility[j]].name : '',
        calls.transport[j] === 1 ? fmt(calls.transportMinutes[j]) : '',
        fmt(calls.handoff[j]),
        fmt(calls.clearT[j]),
        r3(intervalValue(COMMITTED, st)),
        calls.backup[j],
        fmt(calls.backupOnScene[j])
      ])
      if (buf.length > 1 << 20) {
        yield buf
        buf = ''
      }
    }
  }
  yield buf
}
