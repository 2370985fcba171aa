// A team's positions: fixes reported from the field, the live feed's latest fixes, tracks for review, pruning old fixes.
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database'
import type { Track } from '../../contracts/positions'
import type { Team } from '../../contracts/teams'
import { NotFoundError } from '../../lib/errors'
import { checkDeviceTime } from '../../lib/device-time'
import type { AuthUser } from '../auth/auth.service'
import { latestFixes, pruneTrackBatch, recordFix, trackOf, type LatestFix } from './positions.repository'
import { findTeam } from './teams.repository'
import type { TeamRow } from './teams.tables'

export interface TeamPositionsDeps {
  db: Kysely<Database>
  now: () => Date
  /** How long a fix stays in the track after it arrived. */
  positionRetentionMs: number
  toWire: (r: TeamRow) => Team
  /** Responders may act only on their own team. */
  assertOwnTeam: (actor: AuthUser, teamId: string) => void
}

/** The positions part of the teams service: createTeamsService spreads these methods into its own. */
export function createTeamPositions ({ db, now, positionRetentionMs, toWire, assertOwnTeam }: TeamPositionsDeps) {
  return {
    /**
     * Records a fix: the track keeps it once (a phone's outbox may send it again: the same team, place and device time
     * is a repeat, answered with the team as it is, `repeated`); the team's latest position takes it unless it is older than
     * the one held (replayed from an offline outbox). No event: consoles get positions batched from the live feed.
     */
    async reportPosition (
      id: string,
      pos: { lat: number; lon: number; accuracyMeters?: number; deviceTime: string },
      actor: AuthUser
    ): Promise<{ team: Team; repeated: boolean }> {
      assertOwnTeam(actor, id)
      const t = now()
      const at = checkDeviceTime(pos.deviceTime, t, null, 'body/deviceTime')
      const out = await recordFix(db, id, { lat: pos.lat, lon: pos.lon, accuracyMeters: pos.accuracyMeters ?? null, at }, t)
      if (out.kind === 'no_team') throw new NotFoundError('Team')
      // late (kept in the track only) or a repeat: the team as it is
      const row = (out.kind === 'recorded' ? out.row : undefined) ?? (await findTeam(db, id))
      if (!row) throw new NotFoundError('Team')
      return { team: toWire(row), repeated: out.kind === 'repeat' }
    },

    /** Latest fixes for the live feed: every team's (afterSeq null), or those taken as latest after afterSeq. */
    latestFixes: async (afterSeq: number | null): Promise<LatestFix[]> => await latestFixes(db, afterSeq),

    /** A team's track for review: fixes taken in [from, to), oldest first, late ones included. */
    async track (id: string, from: Date, to: Date, limit: number): Promise<Track> {
      if (!(await findTeam(db, id))) throw new NotFoundError('Team')
      const rows = await trackOf(db, id, from, to, limit + 1)
      return {
        teamId: id,
        fixes: rows.slice(0, limit).map((r) => ({
          at: r.at.toISOString(),
          receivedAt: r.received_at.toISOString(),
          lat: r.lat,
          lon: r.lon,
          accuracyMeters: r.accuracy_m,
          late: r.late
        })),
        truncated: rows.length > limit,
        keptDays: Math.round(positionRetentionMs / 86_400_000)
      }
    },

    /**
     * Removes fixes received longer ago than POSITION_RETENTION_DAYS, in batches (each its own short statement, with
     * a pause between them so a big backlog never holds the database), until none is left; answers how many went.
     */
    async prunePositions (opts: { batch?: number; pauseMs?: number; maxBatches?: number; stop?: () => boolean } = {}): Promise<number> {
      const batch = opts.batch ?? 5000
      const cutoff = new Date(now().getTime() - positionRetentionMs)
      let removed = 0
      for (let i = 0; i < (opts.maxBatches ?? Infinity); i++) {
        const n = await pruneTrackBatch(db, cutoff, batch)
        removed += n
        if (n < batch || opts.stop?.()) break
        if (opts.pauseMs) await new Promise((resolve) => setTimeout(resolve, opts.pauseMs))
      }
      return removed
    }
  }
}
