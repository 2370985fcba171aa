// Our call's timeline in words, one EIDO note per event that a receiving 911 centre would want in its log.
import type { DomainEvent } from '../../contracts/events'
import { DISPOSITIONS, type Disposition } from '../../domain/lifecycle'

const REFERRAL_WORDS: Record<string, string> = {
  police: 'police',
  ems: 'EMS',
  fire: 'the fire service',
  phone_988: 'the 988 crisis line',
  other: 'another service'
}

export function referralWords (target: string | null): string {
  return REFERRAL_WORDS[target ?? 'other'] ?? target ?? 'another service'
}

const SOURCE_WORDS: Record<string, string> = {
  '911_transfer': 'transferred from 911',
  '988_transfer': 'transferred from 988',
  phone: 'by phone',
  field: 'in the field',
  api: 'through the API'
}

function str (v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null
}

function withReason (text: string, reason: unknown): string {
  const r = str(reason)
  return r ? `${text}: ${r}` : text
}

/** When the event happened: the device time of a field report, else the server time. */
export function eventTime (e: DomainEvent): string {
  const device = 'deviceTime' in e.data ? str(e.data.deviceTime) : null
  return device !== null && !Number.isNaN(new Date(device).getTime()) ? device : e.at
}

/** The event as one sentence, or null for events that stay internal (positions, edits of our own records). */
export function describeEvent (e: DomainEvent, callSignOf: (teamId: string | null) => string): string | null {
  const unit = callSignOf(e.teamId)
  switch (e.type) {
    case 'call.received':
      return `Call received ${SOURCE_WORDS[e.data.source] ?? e.data.source}`.trim()
    case 'call.triaged':
      return `Triaged: ${e.data.category}, ${e.data.response}, priority ${e.data.priority} (protocol ${e.data.protocolVersion})`
    case 'call.retriaged':
      return 'Triage repeated after new details'
    case 'call.triage_overridden':
      return withReason('Triage overridden by the dispatcher', e.data.reason)
    case 'call.queued':
      return `Waiting for a care team, priority ${e.data.priority}`
    case 'call.assigned':
      return `${unit} assigned${e.data.auto ? ' automatically' : ''}`
    case 'call.acknowledged':
      return `${unit} acknowledged`
    case 'call.en_route':
      return `${unit} en route`
    case 'call.on_scene':
      return `${unit} on scene`
    case 'call.transporting':
      return `${unit} transporting`
    case 'call.at_facility':
      return `${unit} at the facility`
    case 'call.requeued':
      if (e.data.cause === 'referral_returned') return withReason('Taken back into the queue', e.data.reason)
      // a reassignment's call.assigned follows at once: the call never waited
      if (e.data.cause === 'reassigned') return withReason(`${unit} released`, e.data.reason)
      return withReason(`${unit} released; call back in the queue`, e.data.reason)
    case 'call.backup_requested':
      return withReason(`${unit} requests backup (${e.data.need})`, e.data.reason)
    case 'call.referred':
      return withReason(`Referred to ${referralWords(e.data.to)}`, e.data.reason)
    case 'call.cancelled':
      return withReason('Call cancelled', e.data.reason)
    case 'call.closed': {
      const code: Disposition = e.data.disposition
      return `${unit} cleared: ${DISPOSITIONS[code] ?? code}`
    }
    default:
      return null
  }
}
