// User rows: lookups and writes, mapped to the wire shape at this edge.
import type { Executor } from '../../db/database'
import type { User } from '../../contracts/users'
import type { UserRow } from './auth.tables'

export function rowToUser (r: UserRow): User {
  return { id: r.id, email: r.email, name: r.name, role: r.role, teamId: r.team_id, active: r.active, createdAt: r.created_at.toISOString() }
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

export async function recentFailures (db: Executor, email: string, ip: string, since: Date): Promise<{ count: number, oldest: Date | null }> {
  const r = await db.selectFrom('login_failures').select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('at').as('oldest')])
    .where('email', '=', email).where('ip', '=', ip).where('at', '>', since).executeTakeFirstOrThrow()
  return { count: Number(r.n), oldest: r.oldest === null ? null : new Date(r.oldest) }
}

export async function recordFailure (db: Executor, email: string, ip: string, at: Date): Promise<void> {
  await db.insertInto('login_failures').values({ email, ip, at }).execute()
}

export async function clearFailures (db: Executor, email: string, ip: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', email).where('ip', '=', ip).execute()
}
