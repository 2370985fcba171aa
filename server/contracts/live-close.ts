// Close codes of the live stream, shared by the server and the web app (which imports this file alone, not the
// schemas of events.ts, so its first load carries no schema library).

/**
 * Close codes of the live stream. The server closes every open socket of a session as soon as the session ends
 * (sign-out, expiry, the user deactivated, their role, team or password changed: sessions end with those), on every
 * server process; the web app then signs out. A socket whose session still holds but whose user's role or team no
 * longer matches what it was opened with closes with rightsChanged: the client reconnects at once and gets its new view.
 */
export const LIVE_CLOSE = { sessionEnded: 4401, rightsChanged: 4403 } as const
