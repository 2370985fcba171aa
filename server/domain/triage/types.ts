// Triage input and output types: what a call-taker knows, and what the protocol decides.
import type { Category, Priority, ResponseType } from '../types'

/** Structured screening questions, in the order a call-taker asks them. */
export const QUESTION_IDS = [
  'weapons',
  'violence',
  'crimeInProgress',
  'medicalEmergency',
  'breathingConscious',
  'injuries',
  'suicidalThoughts',
  'suicidePlan',
  'suicideMeans',
  'suicideAttemptInProgress',
  'domesticViolence',
  'insideResidence',
  'personInRoadway',
  'vehicleBlockingTraffic',
  'substancesInvolved'
] as const
export type QuestionId = typeof QUESTION_IDS[number]

/** An unanswered question is 'unknown' (or absent), never 'no'. */
export type Answer = 'yes' | 'no' | 'unknown'
export type Answers = Partial<Record<QuestionId, Answer>>

export interface TriageInput {
  answers?: Answers
  narrative?: string | null
  /** Upstream CAD call-type code or text, e.g. "EDP", "5150", "TRAFFIC COLLISION - NO INJURIES". */
  callType?: string | null
}

export interface MissingQuestion {
  id: QuestionId
  /** The question as the dispatcher should ask it. */
  text: string
}

export interface TriageResult {
  category: Category
  response: ResponseType
  priority: Priority
  /** Every rule that fired, in words a dispatcher can read aloud. */
  reasons: string[]
  /** Safety questions still unanswered, most important first. */
  missing: MissingQuestion[]
  /** Version of the protocol that decided, e.g. "la-2026.1". */
  protocolVersion: string
}
