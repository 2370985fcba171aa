// Triage input and output types: what a call-taker knows, and what the protocol decides.
import type { Capability, Category, PlaceKind, Priority, ResponseType } from '../types'
import type { ReadingTrace } from './scan'

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
export type QuestionId = (typeof QUESTION_IDS)[number]

/** An unanswered question is 'unknown' (or absent), never 'no'. */
export type Answer = 'yes' | 'no' | 'unknown'
export type Answers = Partial<Record<QuestionId, Answer>>

export interface TriageInput {
  answers?: Answers
  narrative?: string | null
  /** Upstream CAD call-type code or text, e.g. "EDP", "5150", "TRAFFIC COLLISION - NO INJURIES". */
  callType?: string | null
  /**
   * What the city's code book says `callType` means, e.g. "NON-INJURY ACCIDENT" for "1182". When given,
   * it is read instead of the code, and the reasons name both: `code 1182 (NON-INJURY ACCIDENT)`.
   */
  callTypeDescription?: string | null
  /** The approximate age of the person the call is about, when the caller knows it. */
  personAge?: number | null
  /** The kind of place the call is about: home, street, school, business, park, other. */
  placeKind?: PlaceKind | null
}

/** One step of a hand-off a care team follows before leaving (from the protocol's youth section). */
export interface HandoffStep {
  id: string
  title: string
  text: string
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
  /**
   * True when the call type is an officer-initiated enforcement stop (a traffic or pedestrian stop):
   * not a request for help. Such calls keep the usual police response and are counted apart.
   */
  enforcementStop?: boolean
  /**
   * Capabilities the protocol's need rules asked for (e.g. `youth`), beyond those the category and
   * response imply; only when a care team goes. The engine always sets it.
   */
  needs?: Capability[]
  /** Hand-off steps for the care team (youth calls: guardian, school staff, follow-up). The engine always sets it. */
  handoff?: HandoffStep[]
}

/** Why a result came out as it did: what the protocol's diff and audit tools compare. */
export interface TriageTrace {
  result: TriageResult
  /** Ids of the rules that fired, in protocol order. */
  firedRules: string[]
  /** Signals mentioned (positively) in the call type or narrative, sorted. */
  signals: string[]
  /** False when nothing in the texts matched any of the protocol's words. */
  matched: boolean
}

/** How a call was read and decided, step by step: what `npm run triage -- explain` prints. */
export interface TriageExplanation extends TriageTrace {
  /** Each text field (call type, narrative) as read: tokens, cues and their reach, phrases matched. */
  reading: ReadingTrace[]
  /** Each screening question as settled from the answers and the texts. */
  facts: Array<{
    question: QuestionId
    label: string
    state: 'flagged' | 'cleared' | 'reportedNone' | 'unscreened'
    evidence: string[]
  }>
  /** The rules that fired, in the order they were applied (need rules last), with what triggered them. */
  rules: Array<{ id: string; name: string; kind: string; response: ResponseType | null; priority: Priority | null; evidence: string[] }>
  /** Questions a questions rule asks first. */
  askFirst: QuestionId[]
}
