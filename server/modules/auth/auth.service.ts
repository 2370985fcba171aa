// Sign-in, sessions and user management: scrypt passwords, opaque bearer tokens stored as SHA-256.
import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, Executor } from '../../db/database'
import type { Role, SignInResult } from '../../contracts/users'
import { NotFoundError, TooManyRequestsError, UnauthorizedError, fieldError } from '../../lib/errors'
import { DEFAULT_HASH_COST, dummyHash, hashPassword, passwordProblem, verifyPassword } from './password'
import type { UserRow } from './auth.tables'
import { createTwoStep, type RecordAction } from './two-step'
import { createUserAdmin } from './user-admin'
import {
  clearFailures,
  countUsers,
  findSessionUser,
  findUserByEmail,
  findUserById,
  insertSession,
  listUserRows,
  recentFailures,
  recordFailure,
  revokeSession,
  revokeUserSessions,
  rowToUser,
  unrevokedSessionUsers,
  updateUserRow
} from './users.repository'

export interface AuthUser {
  id: string
  email: string
  role: Role
  teamId: string | null
  sessionId: string
}

export interface AuthServiceDeps {
  db: Kysely<Database>
  /** Whether a team exists (the teams module answers), for binding a responder to it. */
  teamExists: (teamId: string) => Promise<boolean>
  /** Whether a facility exists (the facilities module answers), for binding a facility user to it. */
  facilityExists?: (facilityId: string) => Promise<boolean>
  sessionTtlMs: number
  /** How long a checked session is trusted without asking the database again (0: always ask). */
  sessionCacheMs?: number
  /** Failed sign-ins from one address to one account, within lockoutMs, before that pair is locked out. */
  lockoutAfter?: number
  lockoutMs?: number
  now?: () => Date
  /** Roles that must sign in with a TOTP code too (MFA_REQUIRED_ROLES). */
  mfaRequiredRoles?: readonly Role[]
  /** The issuer authenticator apps show (MFA_ISSUER). */
  mfaIssuer?: string
  /** Records an administrative change in the audit trail, in the given transaction (the audit module answers). */
  recordAction?: RecordAction
  /** log2 of scrypt's N for new password hashes (PASSWORD_HASH_COST); a stored hash names its own. */
  passwordHashCost?: number
}

export { AUTH_CHANNEL } from './users.repository'

/** What a revocation ended: one session, every session of a user, or (an unreadable notification) anything. */
export type Revocation = { kind: 'session'; id: string } | { kind: 'user'; id: string } | { kind: 'any' }

/** Sessions cached per process; beyond this many the oldest are dropped. */
const SESSION_CACHE_MAX = 10_000

const tokenId = (token: string): string => crypto.createHash('sha256').update(token).digest('hex')

export function createAuthService (deps: AuthServiceDeps) {
  const {
    db,
    teamExists,
    sessionTtlMs,
    sessionCacheMs = 0,
    lockoutAfter = 5,
    lockoutMs = 15 * 60_000,
    now = () => new Date(),
    passwordHashCost = DEFAULT_HASH_COST
  } = deps
  const { facilityExists } = deps
  const hashNew = async (password: string): Promise<string> => await hashPassword(password, passwordHashCost)
  const DUMMY_HASH = dummyHash(passwordHashCost)
  // Every request checks its session. A checked session is kept for sessionCacheMs (wall-clock), which
  // saves a query per request. Revocation here drops it at once; revocation on another process drops
  // it when the AUTH_CHANNEL notification arrives, and sessionCacheMs bounds the wait if one is lost.
  // Expiry is checked against the clock on every request, cached or not.
  // A revocation bumps `generation`; a lookup that overlapped one does not cache what it read.
  const cache = new Map<string, { user: AuthUser; expiresAt: number; until: number }>()
  let generation = 0
  // Whoever holds a session open beyond one request (the live stream's sockets) hears every revocation, made
  // here or announced by another process, after the cache has dropped it.
  const revocationListeners = new Set<(r: Revocation) => void>()
  function announce (r: Revocation): void {
    for (const fn of revocationListeners) {
      try {
        fn(r)
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  function forgetSession (sessionId: string): void {
    generation++
    cache.delete(sessionId)
    announce({ kind: 'session', id: sessionId })
  }
  function forgetUser (userId: string): void {
    generation++
    for (const [sid, c] of cache) if (c.user.id === userId) cache.delete(sid)
    announce({ kind: 'user', id: userId })
  }

  /**
   * After `lockoutAfter` failures (wrong passwords and wrong codes) from one address to one account within
   * `lockoutMs`, that pair gets 429 until the oldest failure ages out: guessing stops, and nobody else is
   * locked out of the account.
   */
  async function assertNotLockedOut (key: string, ip: string): Promise<void> {
    const failures = await recentFailures(db, key, ip, new Date(now().getTime() - lockoutMs))
    if (failures.count >= lockoutAfter) {
      const retryAfterS = Math.max(1, Math.ceil((failures.oldest!.getTime() + lockoutMs - now().getTime()) / 1000))
      throw new TooManyRequestsError(
        `too many failed sign-ins for this account from this address: try again in ${Math.ceil(retryAfterS / 60)} min`,
        retryAfterS
      )
    }
  }

  /** A fresh session (a token is never reused, so a session cannot be fixed in advance); the sign-in is recorded. */
  async function issueSession (row: UserRow): Promise<SignInResult> {
    const token = crypto.randomBytes(32).toString('base64url')
    const t = now()
    const expiresAt = new Date(t.getTime() + sessionTtlMs)
    await db.transaction().execute(async (trx) => {
      await insertSession(trx, { id: tokenId(token), userId: row.id, at: t, expiresAt })
    })
    return { status: 'signed_in', token, expiresAt: expiresAt.toISOString(), user: rowToUser(row) }
  }

  const recordAction: RecordAction = deps.recordAction ?? (async () => {})

  const twoStep = createTwoStep({
    db,
    now,
    issueSession,
    mfaRequiredRoles: deps.mfaRequiredRoles ?? [],
    issuer: deps.mfaIssuer ?? 'care dispatch',
    hashPassword: hashNew,
    lockoutAfter,
    lockoutMs,
    assertNotLockedOut,
    recordAction
  })

  /** Revokes every session of a user; inside `trx` when given (the cache is cleared after it commits). */
  async function revokeAllSessions (userId: string, trx: Executor = db): Promise<void> {
    await revokeUserSessions(trx, userId, now())
    if (trx === db) forgetUser(userId)
  }

  return {
    /**
     * Signs in with a fresh session (a token is never reused, so a session cannot be fixed in advance).
     * After `lockoutAfter` failures from one address to one account within `lockoutMs`, that pair gets
     * 429 until the oldest failure ages out: guessing stops, and nobody else is locked out of the account.
     */
    async login (email: string, password: string, ip: string): Promise<SignInResult> {
      const key = email.trim().toLowerCase()
      await assertNotLockedOut(key, ip)
      const row = await findUserByEmail(db, key)
      const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH)
      if (!row || !ok || !row.active) {
        await recordFailure(db, key, ip, now())
        throw new UnauthorizedError('email or password is wrong')
      }
      await clearFailures(db, key, ip)
      return await twoStep.next(row, ip, null)
    },

    /** The signed-in user for a bearer token, or null when the session is unknown, expired or revoked. */
    async authenticate (token: string): Promise<AuthUser | null> {
      const id = tokenId(token)
      const hit = cache.get(id)
      if (hit && hit.until > Date.now()) return hit.expiresAt > now().getTime() ? hit.user : null
      const gen = generation
      const r = await findSessionUser(db, id)
      if (!r || r.revoked_at || r.expires_at.getTime() <= now().getTime() || !r.active) {
        cache.delete(id)
        return null
      }
      const user: AuthUser = { id: r.id, email: r.email, role: r.role, teamId: r.team_id, sessionId: r.sid }
      if (sessionCacheMs > 0 && gen === generation) {
        cache.delete(id)
        if (cache.size >= SESSION_CACHE_MAX) cache.delete(cache.keys().next().value!)
        cache.set(id, { user, expiresAt: r.expires_at.getTime(), until: Date.now() + sessionCacheMs })
      }
      return user
    },

    /** Drops cached sessions named by an AUTH_CHANNEL payload (`session:<id>` or `user:<id>`). */
    forget (payload: string): void {
      const [kind, id] = payload.split(':', 2)
      if (kind === 'session' && id) forgetSession(id)
      else if (kind === 'user' && id) forgetUser(id)
      else {
        generation++
        cache.clear()
        announce({ kind: 'any' })
      }
    },

    /** Calls `fn` after every revocation (this process's, or another's once its notification arrives); returns the unsubscribe. */
    onRevoked (fn: (r: Revocation) => void): () => void {
      revocationListeners.add(fn)
      return () => {
        revocationListeners.delete(fn)
      }
    },

    /**
     * The sessions among `ids` that are still valid, with their user as the database has them now (never the
     * cache): the live stream checks its open sockets with this. A session absent from the answer has ended.
     */
    async liveSessions (ids: readonly string[]): Promise<Map<string, AuthUser>> {
      const out = new Map<string, AuthUser>()
      if (ids.length === 0) return out
      const rows = await unrevokedSessionUsers(db, ids)
      const t = now().getTime()
      for (const r of rows) {
        if (r.expires_at.getTime() > t) out.set(r.sid, { id: r.id, email: r.email, role: r.role, teamId: r.team_id, sessionId: r.sid })
      }
      return out
    },

    async logout (sessionId: string): Promise<void> {
      await revokeSession(db, sessionId, now())
      forgetSession(sessionId)
    },

    /** Revokes every session of a user; inside `trx` when given (the cache is cleared after it commits). */
    revokeUserSessions: revokeAllSessions,

    async userExists (email: string): Promise<boolean> {
      return (await findUserByEmail(db, email)) !== undefined
    },

    ...createUserAdmin({
      db,
      now,
      teamExists,
      facilityExists,
      hashNew,
      recordAction,
      twoStep,
      forgetUser,
      revokeUserSessions: revokeAllSessions
    }),

    /**
     * A signed-in user changes their own password: the current one first (wrong answers count towards the
     * lockout like sign-in's), then the new one; their other sessions end. Audited.
     */
    async changeOwnPassword (actor: AuthUser, currentPassword: string, password: string, ip: string): Promise<number> {
      const row = await findUserById(db, actor.id)
      if (!row) throw new UnauthorizedError('sign in first')
      await assertNotLockedOut(row.email, ip)
      if (!(await verifyPassword(currentPassword, row.password_hash))) {
        await recordFailure(db, row.email, ip, now())
        throw fieldError('body/currentPassword', 'is not your current password')
      }
      const weak = passwordProblem(password, row.email)
      if (weak) throw fieldError('body/password', weak)
      if (password === currentPassword) throw fieldError('body/password', 'must differ from the current password')
      const hash = await hashNew(password)
      const ended = await db.transaction().execute(async (trx) => {
        await updateUserRow(trx, row.id, { password_hash: hash, must_change_password: false, updated_at: now() })
        const n = await revokeUserSessions(trx, row.id, now(), actor.sessionId)
        await recordAction(row.id, 'user.password_change', trx, { subject: `user:${row.id}`, detail: { otherSessionsEnded: n } })
        return n
      })
      forgetUser(row.id)
      return ended
    },

    /**
     * Removes a user's authenticator and recovery codes (a lost phone) and ends their sessions; they enrol again at next sign-in. Audited.
     */
    async resetTotp (id: string, actor: AuthUser): Promise<void> {
      if (!(await findUserById(db, id))) throw new NotFoundError('User')
      await db.transaction().execute(async (trx) => {
        const removed = await twoStep.remove(trx, id)
        await this.revokeUserSessions(id, trx)
        await twoStep.endPending(trx, id)
        await recordAction(actor.id, 'user.totp_reset', trx, { subject: `user:${id}`, detail: { hadAuthenticator: removed } })
      })
      forgetUser(id)
    },

    /** Users with their sign-in state, for the admin's list. */
    adminView: async (rows?: UserRow[]) => await twoStep.adminView(rows ?? (await listUserRows(db))),
    async adminUser (id: string) {
      const row = await findUserById(db, id)
      if (!row) throw new NotFoundError('User')
      return (await twoStep.adminView([row]))[0]
    },

    // the steps after the password, and a signed-in user's own authenticator
    setPassword: twoStep.setPassword,
    totpStep: twoStep.totpStep,
    enrolStart: twoStep.enrolStart,
    enrolConfirm: twoStep.enrolConfirm,
    totpStatus: twoStep.status,
    totpSetup: twoStep.setup,
    totpConfirm: twoStep.confirm,
    renewRecoveryCodes: twoStep.renewRecoveryCodes,

    /** Creates the bootstrap admin when no user exists yet. Returns whether it was created. */
    async bootstrapAdmin (email: string, password: string): Promise<boolean> {
      if ((await countUsers(db)) > 0) return false
      await this.createUser({ email, password, role: 'admin', name: 'Administrator' })
      return true
    }
  }
}

export type AuthService = ReturnType<typeof createAuthService>
