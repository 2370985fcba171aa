// Table types for users and sessions.
import type { Generated, Selectable } from 'kysely'

export interface UsersTable {
  id: Generated<string>
  email: string
  name: Generated<string>
  role: string
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
