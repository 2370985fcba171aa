// Screening questions as the intake form asks them, in protocol order.
import type { QuestionId } from '../../server/domain/triage/types'

export const QUESTIONS: Array<{ id: QuestionId, text: string }> = [
  { id: 'weapons', text: 'Any weapons involved or mentioned?' },
  { id: 'violence', text: 'Any violence or threats of violence?' },
  { id: 'crimeInProgress', text: 'Is a crime in progress?' },
  { id: 'medicalEmergency', text: 'Is there a medical emergency?' },
  { id: 'breathingConscious', text: 'Is the person conscious and breathing normally?' },
  { id: 'injuries', text: 'Is anyone injured?' },
  { id: 'suicidalThoughts', text: 'Thoughts of suicide?' },
  { id: 'suicidePlan', text: 'A plan for suicide?' },
  { id: 'suicideMeans', text: 'Access to means?' },
  { id: 'suicideAttemptInProgress', text: 'Suicide attempt in progress?' },
  { id: 'domesticViolence', text: 'Domestic violence?' },
  { id: 'insideResidence', text: 'Inside a residence?' },
  { id: 'personInRoadway', text: 'Person in the roadway?' },
  { id: 'vehicleBlockingTraffic', text: 'Vehicle blocking traffic?' },
  { id: 'substancesInvolved', text: 'Alcohol or drugs involved?' }
]
