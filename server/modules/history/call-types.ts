// Call types of an import: triage run once per distinct call type with the protocol in force, each code
// read through the city's code book (the triage module's: `1182` is read as NON-INJURY ACCIDENT).
import { lookupCode, withCodeBook, type CodeBook } from '../../domain/triage/codebook'
import type { TriageInput, TriageResult } from '../../domain/triage/types'

export interface ClassifiedType {
  /** The code book's description, when it has one. */
  text: string | null
  triage: TriageResult
}

export interface CallTypeClassifier {
  classify: (callType: string) => ClassifiedType
  /** How many distinct call types were triaged. */
  distinct: () => number
}

/** Triage once per distinct call type: a CAD export repeats a few hundred types a million times. */
export function createClassifier (triage: (input: TriageInput) => TriageResult, book: CodeBook | null): CallTypeClassifier {
  const cache = new Map<string, ClassifiedType>()
  return {
    classify (callType) {
      const key = callType.trim().replace(/\s+/g, ' ')
      let hit = cache.get(key)
      if (hit === undefined) {
        const text = book !== null ? (lookupCode(book, key)?.description ?? null) : null
        hit = { text, triage: triage(withCodeBook({ callType: key }, book)) }
        cache.set(key, hit)
      }
      return hit
    },
    distinct: () => cache.size
  }
}
