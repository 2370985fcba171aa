// User management: creating, listing and changing users, resetting a password, ending sessions; audited, with their checks.
import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, Executor } from '../../db/database'
import type { CreateUser, Role, UpdateUser, User } from '../../contracts/users'
import { ConflictError, NotFoundError, fieldError } from '../../lib/errors'
import { passwordProblem } from './password'
import type { UserRow } from './auth.tables'
import type { RecordAction, createTwoStep } from './two-step'
import {
  findUserByEmail,
  findUserById,
  insertUser,
  listUserRows,
  otherActiveAdmins,
  rowToUser,
  updateUserRow,
  usersByIds
} from './users.repository'
import type { AuthServiceDeps, AuthUser } from './auth.service'

/** A password the server makes for an account or a reset: 16 characters, about 96 bits. */
export function temporaryPassword (): string {
  return crypto.randomBytes(12).toString('base64url')
}

export interface UserAdminDeps {
  db: Kysely<Database>
  now: () => Date
  teamExists: AuthServiceDeps['teamExists']
  facilityExists: AuthServiceDeps['facilityExists']
  hashNew: (password: string) => Promise<string>
  recordAction: RecordAction
  twoStep: ReturnType<typeof createTwoStep>
  forgetUser: (userId: string) => void
  /** The service's revokeUserSessions: every session of a user, inside `trx` when given. */
  revokeUserSessions: (userId: string, trx?: Executor) => Promise<void>
}

/** The user-management methods of the auth service (auth.service.ts spreads them into its own). */
export function createUserAdmin (deps: UserAdminDeps) {
  const { db, now, teamExists, facilityExists, hashNew, recordAction, twoStep, forgetUser, revokeUserSessions } = deps

  async function assertKeepsAnAdmin (current: UserRow, role: Role, active: boolean): Promise<void> {
    if (
      current.role === 'admin' &&
      current.active &&
      (role !== 'admin' || !active) &&
      (await otherActiveAdmins(db, current.id)) === 0
    ) {
      throw new ConflictError('this is the last active admin: make another admin first')
    }
  }

  /** A facility user is bound to one existing facility; nobody else is bound to any. */
  async function assertFacility (facilityId: string | null | undefined, role: Role): Promise<void> {
    if (role === 'facility' && !facilityId) throw fieldError('body/facilityId', 'is required for a facility user')
    if (role !== 'facility' && facilityId) throw fieldError('body/facilityId', 'is only for a facility user')
    if (facilityId && !(facilityExists && (await facilityExists(facilityId)))) {
      throw fieldError('body/facilityId', 'does not name an existing facility')
    }
  }

  async function assertTeam (teamId: string | null | undefined, role: Role): Promise<void> {
    if (role === 'responder' && !teamId) throw fieldError('body/teamId', 'is required for a responder')
    if (teamId) {
      if (!(await teamExists(teamId))) throw fieldError('body/teamId', 'does not name an existing team')
    }
  }

  return {
    async createUser (input: CreateUser & { mustChangePassword?: boolean }, actor: AuthUser | null = null): Promise<User> {
      const weak = passwordProblem(input.password, input.email)
      if (weak) throw fieldError('body/password', weak)
      await assertTeam(input.teamId, input.role)
      await assertFacility(input.facilityId, input.role)
      if (await findUserByEmail(db, input.email)) throw new ConflictError(`a user with email ${input.email} already exists`)
      const hash = await hashNew(input.password)
      const row = await db.transaction().execute(async (trx) => {
        const created = await insertUser(trx, {
          email: input.email.trim().toLowerCase(),
          name: input.name ?? '',
          role: input.role,
          team_id: input.teamId ?? null,
          facility_id: input.facilityId ?? null,
          password_hash: hash,
          must_change_password: input.mustChangePassword === true
        })
        if (actor !== null) {
          const bound = created.facility_id ? { facilityId: created.facility_id } : {}
          await recordAction(actor.id, 'user.create', trx, {
            subject: `user:${created.id}`,
            detail: { role: created.role, teamId: created.team_id, ...bound, mustChangePassword: created.must_change_password }
          })
        }
        return created
      })
      return rowToUser(row)
    },

    /** The facility a user is bound to (a facility user's), or null. */
    async facilityOf (userId: string): Promise<string | null> {
      return (await findUserById(db, userId))?.facility_id ?? null
    },

    async usersByIds (ids: string[]): Promise<User[]> {
      if (ids.length === 0) return []
      return (await usersByIds(db, ids)).map(rowToUser)
    },

    async listUsers (): Promise<User[]> {
      return (await listUserRows(db)).map(rowToUser)
    },

    async getUser (id: string): Promise<User> {
      const row = await findUserById(db, id)
      if (!row) throw new NotFoundError('User')
      return rowToUser(row)
    },

    /** Changes role, team, name, password or state; audited with what changed. Ends the user's sessions unless only the name changed. */
    async updateUser (id: string, patch: UpdateUser, actor: AuthUser | null = null): Promise<User> {
      const current = await findUserById(db, id)
      if (!current) throw new NotFoundError('User')
      const role = patch.role ?? current.role
      const teamId = patch.teamId !== undefined ? patch.teamId : current.team_id
      await assertTeam(teamId, role)
      // a role other than facility leaves the facility it was bound to
      const facilityId = patch.facilityId !== undefined ? patch.facilityId : role === 'facility' ? current.facility_id : null
      await assertFacility(facilityId, role)
      await assertKeepsAnAdmin(current, role, patch.active ?? current.active)
      const weak = patch.password !== undefined ? passwordProblem(patch.password, current.email) : null
      if (weak) throw fieldError('body/password', weak)
      const passwordHash = patch.password !== undefined ? await hashNew(patch.password) : undefined
      // A changed role, team, password or deactivation ends existing sessions, in the same transaction.
      const revoke =
        patch.role !== undefined ||
        patch.teamId !== undefined ||
        facilityId !== current.facility_id ||
        patch.password !== undefined ||
        patch.active === false
      const row = await db.transaction().execute(async (trx) => {
        const updated = await updateUserRow(trx, id, {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          role,
          team_id: teamId,
          facility_id: facilityId,
          ...(patch.active !== undefined ? { active: patch.active } : {}),
          ...(passwordHash !== undefined ? { password_hash: passwordHash } : {}),
          updated_at: now()
        })
        if (revoke) await revokeUserSessions(id, trx)
        if (patch.active === false) await twoStep.endPending(trx, id)
        if (actor !== null) {
          const detail: Record<string, unknown> = {}
          if (patch.role !== undefined && patch.role !== current.role) detail.role = { from: current.role, to: patch.role }
          if (patch.teamId !== undefined && patch.teamId !== current.team_id) {
            detail.teamId = { from: current.team_id, to: patch.teamId }
          }
          if (facilityId !== current.facility_id) detail.facilityId = { from: current.facility_id, to: facilityId }
          if (patch.active !== undefined && patch.active !== current.active) detail.active = { from: current.active, to: patch.active }
          if (patch.name !== undefined && patch.name !== current.name) detail.name = 'changed'
          if (patch.password !== undefined) detail.password = 'changed'
          const action =
            patch.active === false && current.active
              ? 'user.deactivate'
              : patch.active === true && !current.active
                ? 'user.reactivate'
                : 'user.update'
          await recordAction(actor.id, action, trx, { subject: `user:${id}`, detail })
        }
        return updated
      })
      if (revoke) forgetUser(id)
      return rowToUser(row)
    },

    /** Sets a temporary password the user must replace at next sign-in; ends their sessions and pending sign-ins. Audited. */
    async resetPassword (
      id: string,
      password: string | undefined,
      actor: AuthUser
    ): Promise<{ user: User; temporaryPassword: string; sessionsEnded: number }> {
      const current = await findUserById(db, id)
      if (!current) throw new NotFoundError('User')
      const temporary = password ?? temporaryPassword()
      const weak = passwordProblem(temporary, current.email)
      if (weak) throw fieldError('body/password', weak)
      const hash = await hashNew(temporary)
      const { row, ended } = await db.transaction().execute(async (trx) => {
        const ended = (await twoStep.sessionCounts(trx, [id])).get(id) ?? 0
        const row = await updateUserRow(trx, id, { password_hash: hash, must_change_password: true, updated_at: now() })
        await revokeUserSessions(id, trx)
        await twoStep.endPending(trx, id)
        await recordAction(actor.id, 'user.password_reset', trx, { subject: `user:${id}`, detail: { sessionsEnded: ended } })
        return { row, ended }
      })
      forgetUser(id)
      return { user: rowToUser(row), temporaryPassword: temporary, sessionsEnded: ended }
    },

    /** Ends every session of a user now (their open consoles and phones are signed out). Audited. */
    async endSessions (id: string, actor: AuthUser): Promise<number> {
      if (!(await findUserById(db, id))) throw new NotFoundError('User')
      const ended = await db.transaction().execute(async (trx) => {
        const n = (await twoStep.sessionCounts(trx, [id])).get(id) ?? 0
        await revokeUserSessions(id, trx)
        await recordAction(actor.id, 'user.sessions_end', trx, { subject: `user:${id}`, detail: { sessionsEnded: n } })
        return n
      })
      forgetUser(id)
      return ended
    }
  }
}
