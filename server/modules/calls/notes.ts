// Notes on a call: timestamped, with their author, on the call's timeline. The text is personal data: the
// event says only that a note was added, and screens read the call again to show it.
import type { CallNote } from '../../contracts/calls'
import { fieldError } from '../../lib/errors'
import type { AuthUser } from '../auth/auth.service'
import { assertMayAct, type CallsDeps, type ChangeCall } from './call-change'
import type { CallNoteRow } from './calls.tables'
import { insertNote, rowToNote } from './notes.repository'

export function createNotes ({ now, nameOf }: CallsDeps, changeCall: ChangeCall) {
  return {
    /** Adds a note to any call, open or ended (late information belongs with the call too). */
    async addNote (id: string, text: string, actor: AuthUser): Promise<CallNote> {
      if (text.trim() === '') throw fieldError('body/text', 'must not be blank')
      const authorName = (await nameOf?.(actor.id)) ?? actor.email
      let note: CallNoteRow | undefined
      // The call is locked (it must exist, and notes keep the order of the timeline) but not changed: a note
      // does not bump the call's version, so it never makes another dispatcher's edit fail as stale.
      await changeCall(id, async (c, ctx) => {
        assertMayAct(actor, c)
        note = await insertNote(ctx.trx, { callId: c.id, at: now(), authorId: actor.id, authorName, authorRole: actor.role, text })
        ctx.emit({ type: 'call.note_added', callId: c.id, teamId: c.team_id, actorId: actor.id, data: { noteId: note.id } })
        return null
      })
      return rowToNote(note!)
    }
  }
}
