// Call types of a scenario through the live triage: what each stands for (category, response, priority, needs).
import {
  CARE_TEAM_RESPONSES,
  type Capability,
  type Category,
  type PlaceKind,
  type Priority,
  type ResponseType
} from '../server/domain/types'
import { requiredCapabilities } from '../server/domain/ranking'
import { triage } from '../server/domain/triage'
import type { TriageResult } from '../server/domain/triage/types'
import type { Prepared } from './prepare'
import type { MixEntry } from './scenario'

/** A call type after triage, cached once per scenario (triage is pure and deterministic). */
export interface CallTypeInfo {
  /** The upstream call type text, or '' for a validation entry that states its response directly. */
  callType: string
  narrative: string
  /** Screening answers as JSON ('' when none), so calls.csv carries what triage saw. */
  answers: string
  /** The intake's age and kind of place triage read ('' when none), so calls.csv replays the same need. */
  personAge: number | null
  placeKind: PlaceKind | null
  category: Category
  response: ResponseType
  priority: Priority
  needs: Capability[]
  /** The response sends a care team. */
  careTeam: boolean
  reasons: string[]
}

const triageCache = new Map<string, TriageResult>()
function triageType (
  callType: string,
  narrative: string | undefined,
  answers: MixEntry['answers'],
  personAge?: number,
  placeKind?: PlaceKind
): TriageResult {
  const key = JSON.stringify([callType, narrative ?? null, answers ?? null, personAge ?? null, placeKind ?? null])
  let r = triageCache.get(key)
  if (r === undefined) {
    r = triage({
      callType,
      narrative: narrative ?? null,
      answers: answers ?? {},
      personAge: personAge ?? null,
      placeKind: placeKind ?? null
    })
    triageCache.set(key, r)
  }
  return r
}

/** Registers a call type (through triage) or a direct validation entry; returns its index. */
export function callTypeFor (
  prep: Pick<Prepared, 'callTypes' | 'callTypeIndex'>,
  e: {
    callType?: string
    narrative?: string
    answers?: MixEntry['answers']
    response?: ResponseType
    priority?: Priority
    overdose?: boolean
    category?: Category
    personAge?: number
    placeKind?: PlaceKind
  }
): number {
  const key = JSON.stringify([
    e.callType ?? '',
    e.narrative ?? '',
    e.answers ?? null,
    e.callType ? null : [e.category, e.response, e.priority],
    e.overdose === true,
    e.personAge ?? null,
    e.placeKind ?? null
  ])
  const known = prep.callTypeIndex.get(key)
  if (known !== undefined) return known
  let info: CallTypeInfo
  let extra: readonly Capability[] = []
  if (e.callType !== undefined && e.callType !== '') {
    const r = triageType(e.callType, e.narrative, e.answers, e.personAge, e.placeKind)
    extra = r.needs ?? []
    info = {
      callType: e.callType,
      narrative: e.narrative ?? '',
      answers: e.answers !== undefined ? JSON.stringify(e.answers) : '',
      personAge: e.personAge ?? null,
      placeKind: e.placeKind ?? null,
      category: r.category,
      response: r.response,
      priority: r.priority,
      needs: [],
      careTeam: false,
      reasons: r.reasons
    }
  } else {
    info = {
      callType: '',
      narrative: '',
      answers: '',
      personAge: null,
      placeKind: null,
      category: e.category ?? 'mental_health',
      response: e.response ?? 'care_team',
      priority: e.priority ?? 2,
      needs: [],
      careTeam: false,
      reasons: ['stated in the scenario']
    }
  }
  info.needs = requiredCapabilities(info.category, info.response, { overdose: e.overdose === true, extra })
  info.careTeam = CARE_TEAM_RESPONSES.includes(info.response)
  prep.callTypes.push(info)
  prep.callTypeIndex.set(key, prep.callTypes.length - 1)
  return prep.callTypes.length - 1
}
