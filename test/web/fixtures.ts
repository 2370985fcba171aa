// Wire-shaped calls and teams for component tests.
import type { Call, QueueEntry, Team } from '../../web/api/resources'
import type { ProtocolInForce } from '../../server/contracts/triage'
import type { QuestionId } from '../../server/domain/triage/types'
import shippedProtocol from '../../server/domain/triage/protocol.json'

export function call (id: string, over: Partial<Call> & { minutesAgo?: number; priority?: 1 | 2 | 3; address?: string } = {}): Call {
  const { minutesAgo = 0, priority = 2, address = `${id} Main St`, ...rest } = over
  const at = new Date(Date.now() - minutesAgo * 60_000).toISOString()
  return {
    id: `${id}0000000-0000-4000-8000-000000000000`,
    receivedAt: at,
    source: 'phone',
    location: {
      lat: 34,
      lon: -118,
      address,
      areas: {},
      outsideAreas: false,
      area: 'Central',
      source: null,
      label: null,
      nearestCorner: null,
      mismatch: null
    },
    callback: null,
    callerName: null,
    language: 'en',
    personAge: null,
    placeKind: null,
    guardianCallback: null,
    narrative: null,
    callType: null,
    answers: {},
    triage: {
      category: 'mental_health',
      response: 'care_team',
      priority,
      reasons: [],
      missing: [],
      protocolVersion: 't',
      overridden: false
    },
    status: 'queued',
    referredTo: null,
    teamId: null,
    backupRequestedAt: null,
    backupReason: null,
    disposition: null,
    dispositionNotes: null,
    cancelCode: null,
    cancelReason: null,
    referralReason: null,
    times: {
      received: at,
      triaged: at,
      queued: at,
      dispatched: null,
      acknowledged: null,
      enRoute: null,
      onScene: null,
      transporting: null,
      atFacility: null,
      cleared: null,
      referred: null,
      cancelled: null
    },
    version: 1,
    updatedAt: at,
    ...rest
  }
}

export function entry (
  id: string,
  position: number,
  priority: 1 | 2 | 3,
  waitingMinutes: number,
  targetMinutes = 10,
  address = `${id} Main St`
): QueueEntry {
  const c = call(id, { minutesAgo: waitingMinutes, priority, address })
  return {
    position,
    waitingSince: c.receivedAt,
    waitingMinutes,
    returns: { count: 0, last: null },
    targetMinutes,
    overdue: waitingMinutes > targetMinutes,
    call: c
  }
}

export function team (n: number, minutesOld: number, over: Partial<Team> = {}): Team {
  const at = new Date(Date.now() - minutesOld * 60_000).toISOString()
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    callSign: `CRISIS-${String(n).padStart(2, '0')}`,
    kind: 'crisis',
    capabilities: ['mental_health'],
    languages: ['en'],
    base: null,
    status: 'available',
    onShift: true,
    shiftStartedAt: null,
    shiftEndsAt: null,
    position: { lat: 34, lon: -118, at, ageSeconds: minutesOld * 60, stale: minutesOld >= 5 },
    currentCallId: null,
    outOfService: null,
    statusChangedAt: at,
    version: 1,
    updatedAt: at,
    staffSlots: ['clinician', 'peer'],
    retiredAt: null,
    shiftSource: null,
    nextShiftChange: null,
    ...over
  }
}

/** GET /api/triage/protocol as the server answers it with the shipped protocol (the web app itself never imports protocol.json). */
export function protocolInForce (over: Partial<ProtocolInForce> = {}): ProtocolInForce {
  return {
    version: shippedProtocol.version,
    name: shippedProtocol.name,
    questions: shippedProtocol.questions.map((q) => ({
      id: q.id as QuestionId,
      label: q.label,
      text: q.text,
      safeAnswer: q.safeAnswer as 'yes' | 'no'
    })),
    ...over
  }
}
