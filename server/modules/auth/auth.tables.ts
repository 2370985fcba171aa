// Table types for users and sessions. Written and read only by the auth module.
import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Role } from '../../contracts/users'

export interface UsersTable {
  id: Generated<string>
  email: string
  name: Generated<string>
  role: ColumnType<Role, Role, Role>
  team_id: string | null
  password_hash: string
  active: Generated<boolean>
  created_at: Generated<Date>
  updated_at: Generated<Date>
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
}
