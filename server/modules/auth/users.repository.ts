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
