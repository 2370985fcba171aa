// The last assignment the phone saw, kept on the device so the field app can show it with no connection
// (a reload in a parking garage). It is what the care worker already had on screen; it is dropped on
// sign-out, and shown with the time it was last confirmed by the server.
import type { CallDetail, Team } from '../api/resources'

const PREFIX = 'cd.field.last.'

export interface LastKnown {
  team: Team
  call: CallDetail | null
  savedAt: string
}

export function saveLastKnown (userId: string, team: Team, call: CallDetail | null, now = new Date()): void {
  try {
    localStorage.setItem(PREFIX + userId, JSON.stringify({ team, call, savedAt: now.toISOString() }))
  } catch {
    /* storage full or blocked */
  }
}

export function lastKnown (userId: string): LastKnown | null {
  try {
    const v = JSON.parse(localStorage.getItem(PREFIX + userId) ?? 'null') as LastKnown | null
    return v && typeof v === 'object' && v.team && typeof v.savedAt === 'string' ? v : null
  } catch {
    return null
  }
}

/** Drops every saved assignment on this device (sign-out). */
export function forgetLastAssignments (): void {
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const k = localStorage.key(i)
      if (k?.startsWith(PREFIX)) localStorage.removeItem(k)
    }
  } catch {
    /* nothing to drop */
  }
}
