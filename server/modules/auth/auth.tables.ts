// Table types for users and sessions. Written and read only by the auth module.
import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Role } from '../../contracts/users'

export interface UsersTable {
  id: Generated<string>
  email: string
  name: Generated<string>
  role: ColumnType<Role, Role, Role>
  team_id: string | null
  /** The facility a facility user is bound to (null for every other role). */
  facility_id: ColumnType<string | null, string | null | undefined, string | null>
  password_hash: string
  active: Generated<boolean>
  created_at: Generated<Date>
  updated_at: Generated<Date>
  /** Set by an admin's password reset (or a new account's temporary password): sign-in asks for a new one first. */
  must_change_password: Generated<boolean>
  last_sign_in_at: Date | null
}

export interface SessionsTable {
  id: string
  user_id: string
  created_at: Generated<Date>
  expires_at: Date
  revoked_at: Date | null
}

export type UserRow = Selectable<UsersTable>

export interface LoginFailuresTable {
  id: Generated<string>
  email: string
  ip: string
  at: Date
  /** Which step failed: the password, or the second step (a TOTP or recovery code). */
  step: Generated<'password' | 'totp'>
}

/** A user's TOTP secret (RFC 6238); confirmed_at is null while enrolment waits for the first code. */
export interface UserTotpTable {
  user_id: string
  secret: string
  created_at: Generated<Date>
  confirmed_at: Date | null
  /** The time step of the last code accepted: a code is good once (RFC 6238 §5.2). */
  last_time_step: ColumnType<string | null, number | null | undefined, number | null>
}

/** Single-use recovery codes, stored as SHA-256 of the normalised code. */
export interface RecoveryCodesTable {
  id: Generated<string>
  user_id: string
  code_hash: string
  created_at: Generated<Date>
  used_at: Date | null
}

export type SignInStep = 'password' | 'totp' | 'enrol'

/** A sign-in that passed the password and waits for its next step; the token is stored as SHA-256. */
export interface SignInChallengesTable {
  id: string
  user_id: string
  step: SignInStep
  ip: string
  created_at: Generated<Date>
  expires_at: Date
  attempts: Generated<number>
  done_at: Date | null
}

export type SignInChallengeRow = Selectable<SignInChallengesTable>
