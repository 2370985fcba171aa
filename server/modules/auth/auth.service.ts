// Sign-in, sessions and user management: scrypt passwords, opaque bearer tokens stored as SHA-256.
import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database'
import type { CreateUser, Role, UpdateUser, User } from '../../contracts/users'
import { ConflictError, NotFoundError, UnauthorizedError, fieldError } from '../../lib/errors'
import { DUMMY_HASH, hashPassword, verifyPassword } from './password'
import { countUsers, findUserByEmail, findUserById, rowToUser } from './users.repository'

export interface AuthUser {
  id: string
  email: string
  role: Role
  teamId: string | null
  sessionId: string
}

export interface AuthServiceDeps {
  db: Kysely<Database>
  sessionTtlMs: number
  now?: () => Date
}

const tokenId = (token: string): string => crypto.createHash('sha256').update(token).digest('hex')

export function createAuthService ({ db, sessionTtlMs, now = () => new Date() }: AuthServiceDeps) {
  async function assertTeam (teamId: string | null | undefined, role: Role): Promise<void> {
    if (role === 'responder' && !teamId) throw fieldError('body/teamId', 'is required for a responder')
    if (teamId) {
      const t = await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst()
      if (!t) throw fieldError('body/teamId', 'does not name an existing team')
    }
  }

  return {
    async login (email: string, password: string): Promise<{ token: string, expiresAt: Date, user: User }> {
      const row = await findUserByEmail(db, email.trim())
      const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH)
      if (!row || !ok || !row.active) throw new UnauthorizedError('email or password is wrong')
      const token = crypto.randomBytes(32).toString('base64url')
      const expiresAt = new Date(now().getTime() + sessionTtlMs)
      await db.insertInto('sessions').values({ id: tokenId(token), user_id: row.id, expires_at: expiresAt }).execute()
      return { token, expiresAt, user: rowToUser(row) }
    },

    /** The signed-in user for a bearer token, or null when the session is unknown, expired or revoked. */
    async authenticate (token: string): Promise<AuthUser | null> {
      const id = tokenId(token)
      const r = await db.selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['sessions.id as sid', 'sessions.expires_at', 'sessions.revoked_at', 'users.id', 'users.email', 'users.role', 'users.team_id', 'users.active'])
        .where('sessions.id', '=', id)
        .executeTakeFirst()
      if (!r || r.revoked_at || r.expires_at.getTime() <= now().getTime() || !r.active) return null
      return { id: r.id, email: r.email, role: r.role as Role, teamId: r.team_id, sessionId: r.sid }
    },

    async logout (sessionId: string): Promise<void> {
      await db.updateTable('sessions').set({ revoked_at: now() }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute()
    },

    async revokeUserSessions (userId: string): Promise<void> {
      await db.updateTable('sessions').set({ revoked_at: now() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute()
    },

    async createUser (input: CreateUser): Promise<User> {
      await assertTeam(input.teamId, input.role)
      if (await findUserByEmail(db, input.email)) throw new ConflictError(`a user with email ${input.email} already exists`)
      const row = await db.insertInto('users').values({
        email: input.email.trim().toLowerCase(),
        name: input.name ?? '',
        role: input.role,
        team_id: input.teamId ?? null,
        password_hash: await hashPassword(input.password)
      }).returningAll().executeTakeFirstOrThrow()
      return rowToUser(row)
    },

    async listUsers (): Promise<User[]> {
      return (await db.selectFrom('users').selectAll().orderBy('email').execute()).map(rowToUser)
    },

    async getUser (id: string): Promise<User> {
      const row = await findUserById(db, id)
      if (!row) throw new NotFoundError('User')
      return rowToUser(row)
    },

    async updateUser (id: string, patch: UpdateUser): Promise<User> {
      const current = await findUserById(db, id)
      if (!current) throw new NotFoundError('User')
      const role = (patch.role ?? current.role) as Role
      const teamId = patch.teamId !== undefined ? patch.teamId : current.team_id
      await assertTeam(teamId, role)
      const row = await db.updateTable('users').set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        role,
        team_id: teamId,
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        ...(patch.password !== undefined ? { password_hash: await hashPassword(patch.password) } : {}),
        updated_at: now()
      }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
      // A changed role, team, password or deactivation ends existing sessions.
      if (patch.role !== undefined || patch.teamId !== undefined || patch.password !== undefined || patch.active === false) await this.revokeUserSessions(id)
      return rowToUser(row)
    },

    /** Creates the bootstrap admin when no user exists yet. Returns whether it was created. */
    async bootstrapAdmin (email: string, password: string): Promise<boolean> {
      if (await countUsers(db) > 0) return false
      await this.createUser({ email, password, role: 'admin', name: 'Administrator' })
      return true
    }
  }
}

export type AuthService = ReturnType<typeof createAuthService>
