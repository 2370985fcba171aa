// Positions messages as each viewer may see them. Viewers who see positions alike (every dispatch console, every
// planner, a team's phones) share one serialization of each batch: one JSON.stringify and one UTF-8 encoding per view,
// not per socket (a string frame is measured and encoded again on every socket it is written to; a Buffer is not).
import type { PositionsMessage } from '../../contracts/positions'
import { filterFix, fixViewKey, type Fix, type Viewer } from './realtime.filter'

export function createPositionsSender () {
  const cache = new WeakMap<readonly Fix[], Map<string, Buffer>>()
  return {
    /** Whether positions are this viewer's to see at all. */
    sees: (viewer: Pick<Viewer, 'role' | 'teamId'>): boolean => fixViewKey(viewer) !== null,

    /** The message for this batch as the viewer may see it, serialized (JSON text, to send as a text frame). */
    frame (viewer: Pick<Viewer, 'role' | 'teamId'>, fixes: readonly Fix[], full: boolean): Buffer {
      const key = `${fixViewKey(viewer) ?? 'none'}:${full ? 'full' : 'moved'}`
      let byView = cache.get(fixes)
      if (byView === undefined) {
        byView = new Map()
        cache.set(fixes, byView)
      }
      let s = byView.get(key)
      if (s === undefined) {
        const teams = []
        for (const f of fixes) {
          const seen = filterFix(viewer, f)
          if (seen) teams.push(seen)
        }
        const msg: PositionsMessage = { type: 'positions', full, teams }
        s = Buffer.from(JSON.stringify(msg))
        byView.set(key, s)
      }
      return s
    }
  }
}
