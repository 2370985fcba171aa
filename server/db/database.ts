// The Database interface: every table, assembled from the modules' table types.
import type { Kysely, Transaction } from 'kysely'
import type {
  LoginFailuresTable,
  RecoveryCodesTable,
  SessionsTable,
  SignInChallengesTable,
  UsersTable,
  UserTotpTable
} from '../modules/auth/auth.tables'
import type { AccessLogTable } from '../modules/audit/audit.tables'
import type { CallEditsTable, CallNotesTable, CallsTable, CallsToLocateTable, CallTriagesTable } from '../modules/calls/calls.tables'
import type { IdempotencyRequestsTable } from '../modules/idempotency/idempotency.tables'
import type { AssignmentsTable } from '../modules/dispatch/assignments.tables'
import type { EventsTable } from '../modules/events/events.tables'
import type { FacilitiesTable, TransportsTable } from '../modules/facilities/facilities.tables'
import type { FollowUpAttemptsTable, FollowUpsTable, ReferralsTable } from '../modules/followups/followups.tables'
import type { HistoricalCallsTable, ImportRejectsTable, ImportRunsTable } from '../modules/history/history.tables'
import type { PlanningRunsTable, PlanningScenariosTable } from '../modules/planning/planning.tables'
import type {
  ReportCallsTable,
  ReportFactsTable,
  ReportFactsZoneTable,
  ReportFollowUpsTable,
  ReportSourceTable
} from '../modules/reports/reports.tables'
import type { CheckInMissesTable, CheckInsTable, TeamEmergenciesTable } from '../modules/safety/safety.tables'
import type { RotaTransitionsTable, TeamPositionsTable, TeamRotasTable, TeamsTable } from '../modules/teams/teams.tables'
import type { TriageProtocolsTable } from '../modules/triage/triage.tables'

export interface Database {
  users: UsersTable
  sessions: SessionsTable
  login_failures: LoginFailuresTable
  user_totp: UserTotpTable
  recovery_codes: RecoveryCodesTable
  sign_in_challenges: SignInChallengesTable
  teams: TeamsTable
  team_positions: TeamPositionsTable
  team_rotas: TeamRotasTable
  rota_transitions: RotaTransitionsTable
  calls: CallsTable
  call_triages: CallTriagesTable
  call_notes: CallNotesTable
  call_edits: CallEditsTable
  calls_to_locate: CallsToLocateTable
  assignments: AssignmentsTable
  idempotency_requests: IdempotencyRequestsTable
  access_log: AccessLogTable
  events: EventsTable
  historical_calls: HistoricalCallsTable
  import_runs: ImportRunsTable
  import_rejects: ImportRejectsTable
  planning_scenarios: PlanningScenariosTable
  planning_runs: PlanningRunsTable
  triage_protocols: TriageProtocolsTable
  team_emergencies: TeamEmergenciesTable
  check_ins: CheckInsTable
  check_in_misses: CheckInMissesTable
  follow_ups: FollowUpsTable
  follow_up_attempts: FollowUpAttemptsTable
  referrals: ReferralsTable
  facilities: FacilitiesTable
  transports: TransportsTable
  /** A view (read-only): the de-identified calls reports read. */
  report_calls: ReportCallsTable
  report_facts: ReportFactsTable
  report_facts_zone: ReportFactsZoneTable
  report_source: ReportSourceTable
  report_follow_ups: ReportFollowUpsTable
}

/** Either the database or an open transaction: repositories take this first. */
export type Executor = Kysely<Database> | Transaction<Database>
