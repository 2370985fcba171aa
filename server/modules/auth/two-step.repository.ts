// Rows of the two-step sign-in: TOTP secrets, recovery codes, sign-in challenges.
import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import type { SignInChallengeRow, SignInStep, UserTotpTable } from './auth.tables'
import type { Selectable } from 'kysely'

export type TotpRow = Selectable<UserTotpTable>

export async function findTotp (db: Executor, userId: string): Promise<TotpRow | undefined> {
  return await db.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst()
}

/** Starts (or restarts) an enrolment: a new unconfirmed secret. */
export async function putPendingTotp (db: Executor, userId: string, secret: string, at: Date): Promise<void> {
  await db
    .insertInto('user_totp')
    .values({ user_id: userId, secret, created_at: at, confirmed_at: null, last_time_step: null })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret, created_at: at, confirmed_at: null, last_time_step: null }))
    .execute()
}

/** Records an accepted code's step, once: false when another request used this step (or a later one) first. */
export async function useTimeStep (db: Executor, userId: string, step: number, confirmAt: Date | null): Promise<boolean> {
  const r = await db
    .updateTable('user_totp')
    .set({ last_time_step: step, ...(confirmAt !== null ? { confirmed_at: confirmAt } : {}) })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_time_step', 'is', null), eb(sql`last_time_step`, '<', step)]))
    .returning('user_id')
    .executeTakeFirst()
  return r !== undefined
}

export async function deleteTotp (db: Executor, userId: string): Promise<boolean> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute()
  const r = await db.deleteFrom('user_totp').where('user_id', '=', userId).returning('user_id').executeTakeFirst()
  return r !== undefined
}

export async function replaceRecoveryCodes (db: Executor, userId: string, hashes: string[], at: Date): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute()
  await db
    .insertInto('recovery_codes')
    .values(hashes.map((h) => ({ user_id: userId, code_hash: h, created_at: at })))
    .execute()
}

/** Spends a recovery code: true when it was unused (and is now used). */
export async function useRecoveryCode (db: Executor, userId: string, hash: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
  return r !== undefined
}

/** For each user: confirmed TOTP and unused recovery codes. */
export async function totpSummary (
  db: Executor,
  userIds: string[]
): Promise<Map<string, { enrolled: boolean; pending: boolean; confirmedAt: Date | null; codesLeft: number }>> {
  const out = new Map<string, { enrolled: boolean; pending: boolean; confirmedAt: Date | null; codesLeft: number }>()
  if (userIds.length === 0) return out
  const [totps, codes] = await Promise.all([
    db.selectFrom('user_totp').select(['user_id', 'confirmed_at']).where('user_id', 'in', userIds).execute(),
    db
      .selectFrom('recovery_codes')
      .select((eb) => ['user_id', eb.fn.countAll<string>().as('n')])
      .where('user_id', 'in', userIds)
      .where('used_at', 'is', null)
      .groupBy('user_id')
      .execute()
  ])
  const left = new Map(codes.map((c) => [c.user_id, Number(c.n)]))
  for (const t of totps) {
    out.set(t.user_id, {
      enrolled: t.confirmed_at !== null,
      pending: t.confirmed_at === null,
      confirmedAt: t.confirmed_at,
      codesLeft: left.get(t.user_id) ?? 0
    })
  }
  return out
}

export async function insertChallenge (
  db: Executor,
  c: { id: string; userId: string; step: SignInStep; ip: string; at: Date; expiresAt: Date }
): Promise<void> {
  await db
    .insertInto('sign_in_challenges')
    .values({ id: c.id, user_id: c.userId, step: c.step, ip: c.ip, created_at: c.at, expires_at: c.expiresAt })
    .execute()
}

export async function lockChallenge (db: Executor, id: string): Promise<SignInChallengeRow | undefined> {
  return await db.selectFrom('sign_in_challenges').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function setChallenge (
  db: Executor,
  id: string,
  patch: { step?: SignInStep; attempts?: number; done_at?: Date }
): Promise<void> {
  await db.updateTable('sign_in_challenges').set(patch).where('id', '=', id).execute()
}

/** Ends a user's pending sign-ins (a password reset, a deactivation). */
export async function endChallenges (db: Executor, userId: string, at: Date): Promise<void> {
  await db.updateTable('sign_in_challenges').set({ done_at: at }).where('user_id', '=', userId).where('done_at', 'is', null).execute()
}

/** Forgets challenges that ended or expired a day ago. */
export async function pruneChallenges (db: Executor, before: Date): Promise<void> {
  await db.deleteFrom('sign_in_challenges').where('expires_at', '<', before).execute()
}

export async function activeSessionCounts (db: Executor, userIds: string[], now: Date): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('sessions')
    .select((eb) => ['user_id', eb.fn.countAll<string>().as('n')])
    .where('user_id', 'in', userIds)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .groupBy('user_id')
    .execute()
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]))
}
