// The steps of a sign-in after the password: a new password when an admin reset it, a TOTP code (or a
// recovery code) for a user with an authenticator, an enrolment for a role that must have one
// (MFA_REQUIRED_ROLES). Each step is a challenge: a random token, stored as SHA-256, that only the next
// step accepts, for 10 minutes and 5 wrong codes; nothing else works with it, and no session exists until
// the last step. Wrong codes count with wrong passwords towards the address's lockout, and on their own
// towards the account's (so a known password cannot be paired with guessed codes from many addresses).
import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, Executor } from '../../db/database'
import type { Role, SignInResult, UserAdmin } from '../../contracts/users'
import { BadRequestError, ConflictError, TooManyRequestsError, UnauthorizedError, fieldError } from '../../lib/errors'
import { passwordProblem, verifyPassword } from './password'
import type { SignInStep, UserRow } from './auth.tables'
import { acceptedStep, enrolment, newRecoveryCodes, newSecret, recoveryCodeHash, type Enrolment } from './totp'
import {
  activeSessionCounts,
  deleteTotp,
  endChallenges,
  findTotp,
  insertChallenge,
  lockChallenge,
  pruneChallenges,
  putPendingTotp,
  replaceRecoveryCodes,
  setChallenge,
  totpSummary,
  useRecoveryCode,
  useTimeStep
} from './two-step.repository'
import { findUserById, recentFailures, recordFailure, rowToUser } from './users.repository'

export type RecordAction = (
  userId: string | null,
  action: string,
  executor: Executor,
  about: { subject?: string; detail?: Record<string, unknown> }
) => Promise<void>

export interface TwoStepDeps {
  db: Kysely<Database>
  now: () => Date
  issueSession: (row: UserRow) => Promise<SignInResult>
  mfaRequiredRoles: readonly Role[]
  issuer: string
  lockoutAfter: number
  lockoutMs: number
  assertNotLockedOut: (email: string, ip: string) => Promise<void>
  recordAction: RecordAction
  /** Hashes a new password at the configured cost. */
  hashPassword: (password: string) => Promise<string>
}

const CHALLENGE_TTL_MS = 10 * 60_000
/** Wrong codes one challenge takes before it is spent (sign in again). */
const CHALLENGE_ATTEMPTS = 5
/** Wrong codes for one account, from any address, within the lockout window, before its second step locks. */
const ACCOUNT_CODE_FAILURES = 10

const STATUS: Record<SignInStep, Exclude<SignInResult['status'], 'signed_in'>> = {
  password: 'password_change_required',
  totp: 'totp_required',
  enrol: 'totp_enrolment_required'
}

const hashOf = (token: string): string => crypto.createHash('sha256').update(token).digest('hex')
const EXPIRED = 'this sign-in step has expired or was already used: sign in again'

export function createTwoStep (deps: TwoStepDeps) {
  const { db, now } = deps
  const required = (role: Role): boolean => deps.mfaRequiredRoles.includes(role)

  /** The step a user still owes after `done` (null: the password alone so far), or null to sign them in. */
  async function owed (row: UserRow, done: SignInStep | null): Promise<SignInStep | null> {
    if (done === 'totp' || done === 'enrol') return null
    if (done === null && row.must_change_password) return 'password'
    const totp = await findTotp(db, row.id)
    if (totp?.confirmed_at != null) return 'totp'
    return required(row.role) ? 'enrol' : null
  }

  /** Signs in, or answers the next step: on the same challenge when one is under way, else on a new one. */
  async function next (row: UserRow, ip: string, token: string | null, done: SignInStep | null = null): Promise<SignInResult> {
    const step = await owed(row, done)
    const t = now()
    if (step === null) {
      if (token !== null) await setChallenge(db, hashOf(token), { done_at: t })
      return await deps.issueSession(row)
    }
    const expiresAt = new Date(t.getTime() + CHALLENGE_TTL_MS)
    if (token !== null) {
      await db
        .updateTable('sign_in_challenges')
        .set({ step, attempts: 0, expires_at: expiresAt })
        .where('id', '=', hashOf(token))
        .execute()
    } else {
      token = crypto.randomBytes(32).toString('base64url')
      await pruneChallenges(db, new Date(t.getTime() - 86_400_000))
      await insertChallenge(db, { id: hashOf(token), userId: row.id, step, ip, at: t, expiresAt })
    }
    return {
      status: STATUS[step],
      challenge: token,
      challengeExpiresAt: expiresAt.toISOString(),
      user: { email: row.email, name: row.name, role: row.role }
    }
  }

  /** The user of a live challenge at the expected step; 401 for anything else. */
  async function open (token: string, step: SignInStep): Promise<UserRow> {
    const ch = await db.selectFrom('sign_in_challenges').selectAll().where('id', '=', hashOf(token)).executeTakeFirst()
    if (ch === undefined || ch.done_at !== null || ch.expires_at.getTime() <= now().getTime() || ch.step !== step) {
      throw new UnauthorizedError(EXPIRED)
    }
    const row = await findUserById(db, ch.user_id)
    if (row === undefined || !row.active) throw new UnauthorizedError(EXPIRED)
    return row
  }

  /** 429 when this address or the account as a whole has had too many wrong codes. */
  async function assertCodesAllowed (row: UserRow, ip: string): Promise<void> {
    await deps.assertNotLockedOut(row.email, ip)
    const since = new Date(now().getTime() - deps.lockoutMs)
    const all = await recentFailures(db, row.email, null, since, 'totp')
    if (all.count >= ACCOUNT_CODE_FAILURES) {
      const retryAfterS = Math.max(1, Math.ceil((all.oldest!.getTime() + deps.lockoutMs - now().getTime()) / 1000))
      throw new TooManyRequestsError(
        `too many wrong codes for this account: try again in ${Math.ceil(retryAfterS / 60)} min`,
        retryAfterS
      )
    }
  }

  /** A wrong code: counted for the lockouts, and against the challenge (spent after CHALLENGE_ATTEMPTS). */
  async function wrongCode (row: UserRow, token: string | null, ip: string): Promise<never> {
    await recordFailure(db, row.email, ip, now(), 'totp')
    if (token !== null) {
      const spent = await db.transaction().execute(async (trx) => {
        const ch = await lockChallenge(trx, hashOf(token))
        if (ch === undefined) return true
        const attempts = ch.attempts + 1
        await setChallenge(trx, ch.id, { attempts, ...(attempts >= CHALLENGE_ATTEMPTS ? { done_at: now() } : {}) })
        return attempts >= CHALLENGE_ATTEMPTS
      })
      if (spent) throw new UnauthorizedError('too many wrong codes: sign in again')
    }
    throw new UnauthorizedError('the code is wrong or was already used')
  }

  /** A current code for a confirmed authenticator, used once; false when wrong. */
  async function checkCode (userId: string, code: string): Promise<boolean> {
    const totp = await findTotp(db, userId)
    if (totp == null || totp.confirmed_at === null) return false
    const step = await acceptedStep(
      totp.secret,
      code.replace(/\s/g, ''),
      now(),
      totp.last_time_step === null ? null : Number(totp.last_time_step)
    )
    return step !== null && (await useTimeStep(db, userId, step, null))
  }

  /** Confirms a pending enrolment with its first code and gives the recovery codes; null when the code is wrong. */
  async function confirmPending (row: UserRow, code: string): Promise<string[] | null> {
    const totp = await findTotp(db, row.id)
    if (totp === undefined) throw new ConflictError('no enrolment is under way: start one first')
    if (totp.confirmed_at !== null) throw new ConflictError('an authenticator is already enrolled')
    const step = await acceptedStep(totp.secret, code.replace(/\s/g, ''), now(), null)
    if (step === null) return null
    const codes = newRecoveryCodes()
    const ok = await db.transaction().execute(async (trx) => {
      if (!(await useTimeStep(trx, row.id, step, now()))) return false
      await replaceRecoveryCodes(trx, row.id, codes.map(recoveryCodeHash), now())
      await deps.recordAction(row.id, 'user.totp_enrol', trx, { subject: `user:${row.id}` })
      return true
    })
    return ok ? codes : null
  }

  async function startEnrolment (row: UserRow): Promise<Enrolment> {
    const existing = await findTotp(db, row.id)
    if (existing?.confirmed_at != null) throw new ConflictError('an authenticator is already enrolled: an admin can reset it')
    const secret = newSecret()
    await putPendingTotp(db, row.id, secret, now())
    return await enrolment(secret, deps.issuer, row.email)
  }

  async function signedInUser (userId: string): Promise<UserRow> {
    const row = await findUserById(db, userId)
    if (row === undefined) throw new UnauthorizedError('sign in first')
    return row
  }

  return {
    next,

    /** Step "password_change_required": the new password replaces the temporary one. */
    async setPassword (token: string, password: string, ip: string): Promise<SignInResult> {
      const row = await open(token, 'password')
      const weak = passwordProblem(password, row.email)
      if (weak !== null) throw fieldError('body/password', weak)
      if (await verifyPassword(password, row.password_hash)) {
        throw fieldError('body/password', 'must differ from the temporary password')
      }
      const hash = await deps.hashPassword(password)
      const updated = await db.transaction().execute(async (trx) => {
        const u = await trx
          .updateTable('users')
          .set({ password_hash: hash, must_change_password: false, updated_at: now() })
          .where('id', '=', row.id)
          .returningAll()
          .executeTakeFirstOrThrow()
        await deps.recordAction(row.id, 'user.password_set', trx, { subject: `user:${row.id}` })
        return u
      })
      return await next(updated, ip, token, 'password')
    },

    /** Step "totp_required": a current code, or one of the recovery codes. */
    async totpStep (token: string, input: { code?: string; recoveryCode?: string }, ip: string): Promise<SignInResult> {
      const row = await open(token, 'totp')
      if ((input.code === undefined) === (input.recoveryCode === undefined)) {
        throw new BadRequestError('body/code or body/recoveryCode is required (one of them)')
      }
      await assertCodesAllowed(row, ip)
      const ok =
        input.code !== undefined
          ? await checkCode(row.id, input.code)
          : await useRecoveryCode(db, row.id, recoveryCodeHash(input.recoveryCode!), now())
      if (!ok) return await wrongCode(row, token, ip)
      if (input.recoveryCode !== undefined) {
        await deps.recordAction(row.id, 'user.recovery_code_used', db, { subject: `user:${row.id}` })
      }
      return await next(row, ip, token, 'totp')
    },

    /** Step "totp_enrolment_required", first half: a new secret, its URI and QR code. */
    async enrolStart (token: string): Promise<Enrolment> {
      return await startEnrolment(await open(token, 'enrol'))
    },

    /** Second half: the app's first code confirms the enrolment; signed in, with the recovery codes (shown once). */
    async enrolConfirm (token: string, code: string, ip: string): Promise<{ signIn: SignInResult; recoveryCodes: string[] }> {
      const row = await open(token, 'enrol')
      await assertCodesAllowed(row, ip)
      const codes = await confirmPending(row, code)
      if (codes === null) return await wrongCode(row, token, ip)
      return { signIn: await next(row, ip, token, 'enrol'), recoveryCodes: codes }
    },

    /** A signed-in user's own authenticator. */
    async status (
      userId: string
    ): Promise<{ enrolled: boolean; pending: boolean; required: boolean; confirmedAt: string | null; recoveryCodesLeft: number }> {
      const row = await signedInUser(userId)
      const s = (await totpSummary(db, [userId])).get(userId)
      return {
        enrolled: s?.enrolled ?? false,
        pending: s?.pending ?? false,
        required: required(row.role),
        confirmedAt: s?.confirmedAt?.toISOString() ?? null,
        recoveryCodesLeft: s?.codesLeft ?? 0
      }
    },
    setup: async (userId: string): Promise<Enrolment> => await startEnrolment(await signedInUser(userId)),
    async confirm (userId: string, code: string, ip: string): Promise<string[]> {
      const row = await signedInUser(userId)
      await assertCodesAllowed(row, ip)
      return (await confirmPending(row, code)) ?? (await wrongCode(row, null, ip))
    },
    /** New recovery codes (the old ones stop working), for a current code. */
    async renewRecoveryCodes (userId: string, code: string, ip: string): Promise<string[]> {
      const row = await signedInUser(userId)
      await assertCodesAllowed(row, ip)
      if (!(await checkCode(userId, code))) return await wrongCode(row, null, ip)
      const codes = newRecoveryCodes()
      await db.transaction().execute(async (trx) => {
        await replaceRecoveryCodes(trx, userId, codes.map(recoveryCodeHash), now())
        await deps.recordAction(userId, 'user.recovery_codes_renew', trx, { subject: `user:${userId}` })
      })
      return codes
    },

    endPending: async (trx: Executor, userId: string): Promise<void> => {
      await endChallenges(trx, userId, now())
    },
    remove: async (trx: Executor, userId: string): Promise<boolean> => await deleteTotp(trx, userId),
    sessionCounts: async (trx: Executor, ids: string[]): Promise<Map<string, number>> => await activeSessionCounts(trx, ids, now()),

    /** Users with their sign-in state, authenticator and open sessions. */
    async adminView (rows: UserRow[]): Promise<UserAdmin[]> {
      const ids = rows.map((r) => r.id)
      const [totps, sessions] = await Promise.all([totpSummary(db, ids), activeSessionCounts(db, ids, now())])
      return rows.map((r) => {
        const t = totps.get(r.id)
        return {
          ...rowToUser(r),
          state: !r.active ? 'deactivated' : r.must_change_password ? 'password_reset' : 'active',
          mustChangePassword: r.must_change_password,
          lastSignInAt: r.last_sign_in_at?.toISOString() ?? null,
          totp: { enrolled: t?.enrolled ?? false, required: required(r.role), recoveryCodesLeft: t?.codesLeft ?? 0 },
          activeSessions: sessions.get(r.id) ?? 0
        }
      })
    }
  }
}
