// The signed-in user, remembered on the device so the app can start with no connection (the field app in
// a parking garage). It is trusted only while the session token it was saved with is still the one held;
// the server remains the judge: the first answer that says 401 signs the device out.
import type { User } from '../api/resources'

const KEY = 'cd.user'

export function rememberUser (user: User, token: string): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ user, token }))
  } catch {
    /* storage full or blocked: online only */
  }
}

export function rememberedUser (token: string | null): User | null {
  if (!token) return null
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { user: User; token: string } | null
    return saved && saved.token === token ? saved.user : null
  } catch {
    return null
  }
}

export function forgetUser (): void {
  try {
    localStorage.removeItem(KEY)
  } catch {
    /* nothing to forget */
  }
}
