// The columns of every report table: their ids, labels, units and descriptions.
import { INTERVALS } from '../domain/intervals'

export type Unit = 'calls' | 'minutes' | 'share' | 'per_day' | 'rank' | 'flag' | 'areas'
export interface Column {
  id: string
  label: string
  unit: Unit
  description: string
}

const col = (id: string, label: string, unit: Unit, description: string): Column => ({ id, label, unit, description })

/** Columns several reports share, defined once (a report may give one a description of its own). */
const EVERY_CALL = col('calls', 'Calls', 'calls', 'Every call')
const CARE_ELIGIBLE = col('careEligible', 'Care-team eligible', 'calls', 'Triaged to a care-team response')
const HANDLED_BY_CARE_TEAM = col(
  'handledByCareTeam',
  'Handled by a care team',
  'calls',
  'Care-team eligible and a team reached the scene'
)
const RESPONSE = [
  col('responseCount', 'Response: measured', 'calls', 'Care-team eligible calls with a response interval'),
  col('responseP50', 'Response median (min)', 'minutes', 'Median of on scene − received'),
  col('responseP90', 'Response p90 (min)', 'minutes', '90th percentile of on scene − received')
]
const WITHOUT_POLICE_SHARE = col(
  'resolvedWithoutPoliceShare',
  'Resolved without police (share)',
  'share',
  'Resolved without police ÷ calls whose record says whether police came'
)
const WAITED_PAST_TARGET_SHARE = col(
  'waitedPastTargetShare',
  'Waited past target (share)',
  'share',
  'Waited past target ÷ care-team eligible calls that left the queue'
)

/** Who a referral or a backup names: the column id's suffix, the label's word, and how a description names it. */
const BY_TRIAGE = [
  ['Police', 'police', 'police'],
  ['Ems', 'EMS', 'EMS'],
  ['Fire', 'fire', 'fire'],
  ['988', '988', 'the 988 phone line']
] as const

export const INTERVAL_COLUMNS: readonly Column[] = [
  col('calls', 'Calls', 'calls', 'Calls triaged to a care-team response'),
  ...INTERVALS.flatMap((d) => [
    col(`${d.id}Count`, `${d.label}: measured`, 'calls', `Calls with both timestamps of ${d.label.toLowerCase()} (${d.description})`),
    col(`${d.id}Missing`, `${d.label}: missing`, 'calls', 'Calls left out: a timestamp missing or out of order'),
    col(`${d.id}P50`, `${d.label} median (min)`, 'minutes', `Median of ${d.description}`),
    col(`${d.id}P90`, `${d.label} p90 (min)`, 'minutes', `90th percentile of ${d.description}`)
  ])
]

export const OUTCOME_COLUMNS: readonly Column[] = [
  EVERY_CALL,
  { ...CARE_ELIGIBLE, description: 'Triaged to a care-team response (alone, with EMS, or with police)' },
  HANDLED_BY_CARE_TEAM,
  ...BY_TRIAGE.map(([id, label, who]) =>
    col(`referred${id}`, `Referred by triage: ${label}`, 'calls', `Triage sent the call to ${who}`)
  ),
  col('backupRequested', 'Backup requested', 'calls', 'A team on the call asked for backup'),
  col('backupNeedCareTeam', 'Backup asked: care team', 'calls', 'Backup requests for another care team'),
  col('backupNeedEms', 'Backup asked: EMS', 'calls', 'Backup requests for EMS'),
  col('backupNeedPolice', 'Backup asked: police', 'calls', 'Backup requests for police'),
  col('backupCameCareTeam', 'Backup came: care team', 'calls', 'A second care team was assigned'),
  col('backupCamePolice', 'Backup came: police', 'calls', 'After a backup request, the call was handed to police'),
  col('backupCameEms', 'Backup came: EMS', 'calls', 'After a backup request, the call was handed to EMS'),
  col(
    'resolvedWithoutPolice',
    'Resolved without police',
    'calls',
    'Ended (closed or handed to EMS, fire or 988) with no police response, referral, hand-off or backup'
  ),
  WITHOUT_POLICE_SHARE,
  col(
    'resolvedWithoutPoliceNotRecorded',
    'Resolved without police: not recorded',
    'calls',
    'Calls whose record does not say whether police came (imported CAD records)'
  ),
  col('transportCrisis', 'Transported: crisis centre', 'calls', 'Disposition: transported to a crisis or urgent-care centre'),
  col('transportHospital', 'Transported: hospital', 'calls', 'Disposition: transported to hospital'),
  col('transportShelter', 'Transported: shelter', 'calls', 'Disposition: transported to a shelter or navigation centre'),
  col('transportOther', 'Transported: not recorded', 'calls', 'A transport with no transport disposition'),
  col(
    'waitedPastTarget',
    'Waited past target',
    'calls',
    "Care-team eligible calls that waited for a team longer than their priority's target"
  ),
  WAITED_PAST_TARGET_SHARE
]

export const TREND_COLUMNS: readonly Column[] = [
  EVERY_CALL,
  CARE_ELIGIBLE,
  HANDLED_BY_CARE_TEAM,
  ...RESPONSE,
  WITHOUT_POLICE_SHARE,
  WAITED_PAST_TARGET_SHARE
]

export const EQUITY_AREA_COLUMNS: readonly Column[] = [
  { ...EVERY_CALL, description: 'Every call in the area' },
  CARE_ELIGIBLE,
  col('careEligiblePerDay', 'Care-team eligible per day', 'per_day', 'Care-team eligible calls ÷ days in the period'),
  ...RESPONSE,
  col('p90Rank', 'Rank by p90 (1 = longest)', 'rank', 'Areas with a p90 shown, longest first'),
  WITHOUT_POLICE_SHARE,
  col('withoutPoliceRank', 'Rank by share without police (1 = lowest)', 'rank', 'Areas with a share shown, lowest first'),
  col('highNeed', 'High need', 'flag', '1 for the quarter of areas with the most care-team eligible calls per day')
]

const pick = (ids: string[]): Column[] => ids.map((id) => EQUITY_AREA_COLUMNS.find((c) => c.id === id)!)

export const EQUITY_GROUP_COLUMNS: readonly Column[] = [
  col('areas', 'Areas', 'areas', 'Areas in the group'),
  ...pick(['calls', 'careEligible']),
  col(
    'careEligiblePerAreaDay',
    'Care-team eligible per area per day',
    'per_day',
    'Care-team eligible calls ÷ days ÷ areas in the group'
  ),
  ...pick(['responseCount', 'responseP50', 'responseP90', 'resolvedWithoutPoliceShare'])
]
