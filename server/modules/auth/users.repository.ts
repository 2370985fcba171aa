// User rows and their sessions: lookups and writes, mapped to the wire shape at this edge.
import { sql, type Insertable, type Updateable } from 'kysely'
import type { Executor } from '../../db/database'
import type { Role, User } from '../../contracts/users'
import type { UserRow, UsersTable } from './auth.tables'

/**
 * Channel on which every revocation announces `session:<id>` or `user:<id>`, inside the revoking
 * statement, so other server processes drop their cached copy at once.
 */
export const AUTH_CHANNEL = 'cd_auth'

export function rowToUser (r: UserRow): User {
  const bound = r.facility_id !== null ? { facilityId: r.facility_id } : {}
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    teamId: r.team_id,
    ...bound,
    active: r.active,
    createdAt: r.created_at.toISOString()
  }
}

export async function findUserByEmail (db: Executor, email: string): Promise<UserRow | undefined> {
  return await db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst()
}

export async function findUserById (db: Executor, id: string): Promise<UserRow | undefined> {
  return await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function countUsers (db: Executor): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Failed sign-in steps for an account from an address (ip), or from anywhere (ip null), optionally of one step only. */
export async function recentFailures (
  db: Executor,
  email: string,
  ip: string | null,
  since: Date,
  step?: 'password' | 'totp'
): Promise<{ count: number; oldest: Date | null }> {
  const r = await db
    .selectFrom('login_failures')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('at').as('oldest')])
    .where('email', '=', email)
    .$if(ip !== null, (q) => q.where('ip', '=', ip!))
    .$if(step !== undefined, (q) => q.where('step', '=', step!))
    .where('at', '>', since)
    .executeTakeFirstOrThrow()
  return { count: Number(r.n), oldest: r.oldest === null ? null : new Date(r.oldest) }
}

export async function recordFailure (
  db: Executor,
  email: string,
  ip: string,
  at: Date,
  step: 'password' | 'totp' = 'password'
): Promise<void> {
  await db.insertInto('login_failures').values({ email, ip, at, step }).execute()
}

/**
 * A right password clears that address's wrong passwords (not its wrong codes: knowing the password must not reset the second step's
 * count).
 */
export async function clearFailures (db: Executor, email: string, ip: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', email).where('ip', '=', ip).where('step', '=', 'password').execute()
}

/** Active admins other than `exceptId` (an admin may not remove the last one). */
export async function otherActiveAdmins (db: Executor, exceptId: string): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .where('id', '<>', exceptId)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function listUserRows (db: Executor): Promise<UserRow[]> {
  return await db.selectFrom('users').selectAll().orderBy('email').execute()
}

export async function usersByIds (db: Executor, ids: string[]): Promise<UserRow[]> {
  return await db.selectFrom('users').selectAll().where('id', 'in', ids).execute()
}

export async function insertUser (db: Executor, values: Insertable<UsersTable>): Promise<UserRow> {
  return await db.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow()
}

export async function updateUserRow (db: Executor, id: string, set: Updateable<UsersTable>): Promise<UserRow> {
  return await db.updateTable('users').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
}

/** A new session (its id is the token's hash) and the user's last sign-in time. */
export async function insertSession (db: Executor, s: { id: string; userId: string; at: Date; expiresAt: Date }): Promise<void> {
  await db.insertInto('sessions').values({ id: s.id, user_id: s.userId, expires_at: s.expiresAt }).execute()
  await db.updateTable('users').set({ last_sign_in_at: s.at }).where('id', '=', s.userId).execute()
}

export interface SessionUserRow {
  sid: string
  expires_at: Date
  revoked_at: Date | null
  id: string
  email: string
  role: Role
  team_id: string | null
  active: boolean
}

/** A session with its user as stored (revoked, expired or of an inactive user included: the caller decides). */
export async function findSessionUser (db: Executor, sessionId: string): Promise<SessionUserRow | undefined> {
  return await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as sid',
      'sessions.expires_at',
      'sessions.revoked_at',
      'users.id',
      'users.email',
      'users.role',
      'users.team_id',
      'users.active'
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst()
}

/** The sessions among `ids` not revoked and of an active user, with that user (the caller checks expiry). */
export async function unrevokedSessionUsers (
  db: Executor,
  ids: readonly string[]
): Promise<Array<Omit<SessionUserRow, 'revoked_at' | 'active'>>> {
  return await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as sid', 'sessions.expires_at', 'users.id', 'users.email', 'users.role', 'users.team_id'])
    .where('sessions.id', 'in', [...ids])
    .where('sessions.revoked_at', 'is', null)
    .where('users.active', '=', true)
    .execute()
}

/** Revokes one session and announces it on AUTH_CHANNEL in the same statement. */
export async function revokeSession (db: Executor, sessionId: string, at: Date): Promise<void> {
  await sql`with s as (update sessions set revoked_at = ${at} where id = ${sessionId} and revoked_at is null returning id)
    select pg_notify(${AUTH_CHANNEL}, ${`session:${sessionId}`})`.execute(db)
}

/** Revokes every session of a user (but `keep`, when given) and announces it in the same statement; answers how many ended. */
export async function revokeUserSessions (db: Executor, userId: string, at: Date, keep?: string): Promise<number> {
  const except = keep === undefined ? sql`` : sql`and id <> ${keep}`
  const r = await sql<{
    n: number
  }>`with s as (update sessions set revoked_at = ${at} where user_id = ${userId}::uuid ${except} and revoked_at is null returning id)
    select (select count(*)::int from s) as n, pg_notify(${AUTH_CHANNEL}, ${`user:${userId}`})`.execute(db)
  return r.rows[0]?.n ?? 0
}
