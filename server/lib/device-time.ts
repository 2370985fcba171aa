// Device timestamps from the field (offline replay): recorded as given when within sane bounds.
import { fieldError } from './errors'

/** Clock skew tolerated for a device ahead of the server. */
const MAX_FUTURE_MS = 2 * 60_000
/** An outbox older than this is not replayed as-is. */
const MAX_PAST_MS = 24 * 3_600_000

/**
 * The time an action happened: the device's time when given and plausible, else now. Rejects a device
 * time in the future (beyond skew), older than a day, or earlier than `notBefore` (the previous step).
 */
export function checkDeviceTime (deviceTime: string | undefined, now: Date, notBefore: Date | null, field = 'body/deviceTime'): Date {
  if (deviceTime === undefined) return now
  const t = new Date(deviceTime)
  if (Number.isNaN(t.getTime())) throw fieldError(field, 'is not a valid date-time')
  if (t.getTime() > now.getTime() + MAX_FUTURE_MS) throw fieldError(field, 'is in the future (check the device clock)')
  if (t.getTime() < now.getTime() - MAX_PAST_MS) throw fieldError(field, 'is more than 24 hours old')
  if (notBefore && t.getTime() < notBefore.getTime() - MAX_FUTURE_MS) {
    throw fieldError(field, `is before the previous step (${notBefore.toISOString()})`)
  }
  // Within skew of the previous step: keep the order of events even if the clocks disagree slightly.
  if (notBefore && t.getTime() < notBefore.getTime()) return notBefore
  return t
}
