// Screening questions as the protocol words them (server/domain/triage/protocol.json), in its order, so the
// form, the triage preview's "still to ask" list and the phone's screening summary all say the same thing.
import protocol from '../../server/domain/triage/protocol.json'
import type { QuestionId } from '../../server/domain/triage/types'

export interface Question {
  id: QuestionId
  /** What the call-taker asks. */
  text: string
  /** A few words, for summaries. */
  label: string
  /** The answer that raises no concern ("yes" for breathing normally, "no" for the rest). */
  safeAnswer: 'yes' | 'no'
}

export const QUESTIONS: Question[] = protocol.questions.map((q) => ({ id: q.id as QuestionId, text: q.text, label: q.label, safeAnswer: q.safeAnswer as 'yes' | 'no' }))
