// TOTP (RFC 6238) with otplib: secrets, the otpauth:// URI and its QR code (the qrcode package, as SVG
// and as a PNG data URL), verification on the server's clock, and single-use recovery codes.
import crypto from 'node:crypto'
import { generateSecret, generateURI, verify } from 'otplib'
import QRCode from 'qrcode'

/** 30-second steps; one step of drift either way is accepted (a phone's clock, the time to type). */
const PERIOD_S = 30
const TOLERANCE_S = 30

export interface Enrolment {
  /** Base32 secret, for typing into an app that cannot scan. */
  secret: string
  otpauthUri: string
  /** The URI as a QR code: an SVG document, and a PNG data URL for an <img>. */
  qrSvg: string
  qrDataUrl: string
}

export function newSecret (): string {
  return generateSecret({ length: 20 })
}

export async function enrolment (secret: string, issuer: string, account: string): Promise<Enrolment> {
  const otpauthUri = generateURI({ issuer, label: account, secret, period: PERIOD_S, digits: 6 })
  const [qrSvg, qrDataUrl] = await Promise.all([
    QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
    QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2, width: 240 })
  ])
  return { secret, otpauthUri, qrSvg, qrDataUrl }
}

/**
 * The time step a code belongs to when it is right for `secret` at `now` (one step of drift either way)
 * and comes from a later step than `after` (a code is good once); otherwise null.
 */
export async function acceptedStep (secret: string, code: string, now: Date, after: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null
  const r = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOLERANCE_S,
    period: PERIOD_S,
    ...(after !== null ? { afterTimeStep: after } : {})
  })
  // a TOTP verification's result carries the step it matched (the union also covers HOTP's)
  return r.valid && 'timeStep' in r ? r.timeStep : null
}

/** Recovery codes: 10 of them, each 10 characters of an unambiguous alphabet (about 50 bits), shown once. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
export const RECOVERY_CODES = 10

export function newRecoveryCodes (): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const bytes = crypto.randomBytes(10)
    const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('')
    return `${chars.slice(0, 5)}-${chars.slice(5)}`
  })
}

/** How a recovery code is stored: SHA-256 of the code without spaces or dashes, in capitals. */
export function recoveryCodeHash (code: string): string {
  return crypto.createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest('hex')
}
