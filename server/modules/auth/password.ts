// Password hashing with scrypt (memory-hard), in a self-describing format so parameters can be raised later.
import crypto from 'node:crypto'
import { promisify } from 'node:util'

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>
/** log2 of scrypt's N (PASSWORD_HASH_COST): 15 by default, about 0.15 s a hash on one core. */
export const DEFAULT_HASH_COST = 15
const R = 8
const P = 1
const KEYLEN = 32

export async function hashPassword (password: string, cost = DEFAULT_HASH_COST): Promise<string> {
  const N = 1 << cost
  const salt = crypto.randomBytes(16)
  const hash = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: 128 * N * R * 2 })
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`
}

export async function verifyPassword (password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, n, r, p, saltB64, hashB64] = parts
  const expected = Buffer.from(hashB64, 'base64url')
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 128 * Number(n) * Number(r) * 2
  })
  return crypto.timingSafeEqual(expected, actual)
}

/** A hash of nothing at the given cost, verified against when the email is unknown so timing does not reveal accounts. */
export const dummyHash = (cost = DEFAULT_HASH_COST): string =>
  `scrypt$${1 << cost}$${R}$${P}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEYLEN).toString('base64url')}`

/** Passwords people pick first; a city's accounts guard crisis callers' records, so these are refused. */
const COMMON = new Set([
  'password',
  'password1',
  'password12',
  'password123',
  'password1234',
  'passw0rd',
  'p@ssw0rd',
  'letmein',
  'welcome',
  'welcome1',
  'qwerty',
  'qwertyuiop',
  'qwerty123',
  'abc123',
  'iloveyou',
  'admin',
  'admin123',
  'administrator',
  'changeme',
  'changeme123',
  'dispatch',
  'dispatcher',
  'responder',
  'supervisor',
  'planner',
  'losangeles',
  'careteam',
  'caredispatch',
  'summer2024',
  'winter2025',
  '123456789012',
  '1234567890',
  '0123456789',
  '111111111111',
  '000000000000',
  'trustno1',
  'football',
  'baseball',
  'sunshine',
  'monkey'
])

export const PASSWORD_MIN_LENGTH = 12

/** Why a new password is refused, or null: long enough, not a common one, not the email, not one repeated character. */
export function passwordProblem (password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`
  const plain = password.toLowerCase().replace(/[^a-z0-9@.]/g, '')
  if (COMMON.has(plain) || COMMON.has(password.toLowerCase())) return 'is too common: choose another'
  const local = email.trim().toLowerCase().split('@')[0]
  if (local.length >= 4 && password.toLowerCase().includes(local)) return 'must not contain the email address'
  if (new Set(password).size < 4) return 'must use at least 4 different characters'
  return null
}
