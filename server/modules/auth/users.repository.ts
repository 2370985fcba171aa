// User rows: lookups and writes, mapped to the wire shape at this edge.
import type { Executor } from '../../db/database'
import type { User } from '../../contracts/users'
import type { UserRow } from './auth.tables'

export function rowToUser (r: UserRow): User {
  const bound = r.facility_id !== null ? { facilityId: r.facility_id } : {}
  return { id: r.id, email: r.email, name: r.name, role: r.role, teamId: r.team_id, ...bound, active: r.active, createdAt: r.created_at.toISOString() }
}

export async function findUserByEmail (db: Executor, email: string): Promise<UserRow | undefined> {
  return await db.selectFrom('users').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase())).executeTakeFirst()
}

export async function findUserById (db: Executor, id: string): Promise<UserRow | undefined> {
  return await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function countUsers (db: Executor): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Failed sign-in steps for an account from an address (ip), or from anywhere (ip null), optionally of one step only. */
export async function recentFailures (db: Executor, email: string, ip: string | null, since: Date, step?: 'password' | 'totp'): Promise<{ count: number, oldest: Date | null }> {
  const r = await db.selectFrom('login_failures').select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('at').as('oldest')])
    .where('email', '=', email).$if(ip !== null, (q) => q.where('ip', '=', ip!)).$if(step !== undefined, (q) => q.where('step', '=', step!))
    .where('at', '>', since).executeTakeFirstOrThrow()
  return { count: Number(r.n), oldest: r.oldest === null ? null : new Date(r.oldest) }
}

export async function recordFailure (db: Executor, email: string, ip: string, at: Date, step: 'password' | 'totp' = 'password'): Promise<void> {
  await db.insertInto('login_failures').values({ email, ip, at, step }).execute()
}

/** A right password clears that address's wrong passwords (not its wrong codes: knowing the password must not reset the second step's count). */
export async function clearFailures (db: Executor, email: string, ip: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', email).where('ip', '=', ip).where('step', '=', 'password').execute()
}

/** Active admins other than `exceptId` (an admin may not remove the last one). */
export async function otherActiveAdmins (db: Executor, exceptId: string): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('role', '=', 'admin').where('active', '=', true).where('id', '<>', exceptId).executeTakeFirstOrThrow()
  return Number(r.n)
}
