// Triage cases for real CAD vocabulary: call types as other cities write them (none from the shared lists).
import type { Category, Priority, ResponseType } from '../../../server/domain/types'
import type { TriageCase } from './triage-cases'

type Row = [callType: string, category: Category, response: ResponseType, priority: Priority, note?: string]

/** EMD chief complaints and EMS levels: EMS, with a care team beside it when there is a behavioural sign. */
const medical: Row[] = [
  ['ABDOMINAL PAIN', 'out_of_scope', 'ems', 2],
  ['ALLERGIES / ENVENOMATIONS', 'out_of_scope', 'ems', 1],
  ['BREATHING PROBLEMS', 'out_of_scope', 'ems', 1],
  ['DIFF BREATHING', 'out_of_scope', 'ems', 1],
  ['CHEST PAIN - ALS 1', 'out_of_scope', 'ems', 1],
  ['CHOKING', 'out_of_scope', 'ems', 1],
  ['CONVULSIONS / SEIZURES', 'out_of_scope', 'ems', 1],
  ['DIABETIC PROBLEMS', 'out_of_scope', 'ems', 1],
  ['FALLS / BACK INJURIES', 'out_of_scope', 'ems', 2],
  ['FALL VICTIM BLS', 'out_of_scope', 'ems', 2],
  ['HEADACHE - ADDITIONAL SYMPTONS', 'out_of_scope', 'ems', 2, 'a typo in the rest does not matter'],
  ['HEART PROBLEMS / AICD', 'out_of_scope', 'ems', 1],
  ['HEAT / COLD EXPOSURE', 'out_of_scope', 'ems', 2],
  ['HEMORRHAGE/LACERATIONS', 'out_of_scope', 'ems', 1],
  ['OVERDOSE/INGESTION/POISONING', 'substance_use', 'ems', 1],
  ['PREGNANCY/CHILDBIRTH/MISCARRIAGE', 'out_of_scope', 'ems', 1],
  ['SICK PERSON', 'out_of_scope', 'ems', 2],
  ['SICK CASE', 'out_of_scope', 'ems', 2],
  ['STROKE (CVA)', 'out_of_scope', 'ems', 1],
  ['TRAUMATIC INJURIES', 'out_of_scope', 'ems', 1],
  ['UNCONSCIOUS / FAINTING', 'out_of_scope', 'ems', 1],
  ['FAINTING ALERT', 'out_of_scope', 'ems', 1],
  ['ONE DOWN OR OVER THE WHEEL', 'out_of_scope', 'ems', 1],
  ['PERSON DOWN AND OUT', 'out_of_scope', 'ems', 1],
  ['ALTERED LOC OR UNK PROBLEM', 'out_of_scope', 'ems', 1],
  ['UNKNOWN PROBLEM', 'out_of_scope', 'ems', 2],
  ['UNKNOWN MEDICAL ALS 2', 'out_of_scope', 'ems', 1],
  ['CARDIAC / RESP ARREST / DEATH', 'out_of_scope', 'ems', 1, '"arrest" here is not custody'],
  ['EYE PROBLEMS', 'out_of_scope', 'ems', 2],
  ['ANIMAL BITES / ATTACKS', 'out_of_scope', 'ems', 2, 'an animal attack is not violence'],
  ['BLS EMERGENCY', 'out_of_scope', 'ems', 2],
  ['MEDIC ASSIST', 'out_of_scope', 'ems', 2],
  ['LIFT ASSIST', 'out_of_scope', 'ems', 2],
  ['PSYCHIATRIC / ABNORMAL BEHAVIOR', 'mental_health', 'care_team', 2],
  ['PSYCHIATRIC EMERGENCY ALS 2', 'mental_health', 'care_team_with_ems', 1],
  ['SICK PERSON - INTOXICATED', 'substance_use', 'care_team_with_ems', 2],
  ['WELFARE CHECK - MEDICAL', 'mental_health', 'care_team_with_ems', 2],
  ['PSYCHIATRIC/ABNORMAL BEHAVIOR/SUICIDE ATTEMPT', 'mental_health', 'ems', 1, 'the most protective reading wins']
]

/** Traffic safety as the mission means it: care for the safe, EMS for injuries, police for crimes and offences. */
const traffic: Row[] = [
  ['TRAFFIC - BLOCKING ROADWAY', 'traffic_safety', 'care_team', 2],
  ['MVC - REPORT, NON INJ/NON BLKG OR AFTER FACT INJ', 'traffic_safety', 'care_team', 3],
  ['131B_Traffic Acc/No Injury', 'traffic_safety', 'care_team', 3],
  ['MVC - NON INJURY, BLOCKING', 'traffic_safety', 'care_team', 2],
  ['MVC - UNK INJURIES', 'traffic_safety', 'care_team_with_ems', 2],
  ['MVC - WITH INJURIES (INCLUDES HIT AND RUN)', 'traffic_safety', 'ems', 1],
  ['--MVC PD', 'traffic_safety', 'care_team', 3],
  ['ACC PD', 'traffic_safety', 'care_team', 3],
  ['TA-PD', 'traffic_safety', 'care_team', 3],
  ['TA-PI', 'traffic_safety', 'ems', 1],
  ['T/C NONINJ', 'traffic_safety', 'care_team', 3],
  ['ACCIDENT NO INJURIES', 'traffic_safety', 'care_team', 3],
  ['ACCIDENT WITH INJURIES', 'traffic_safety', 'ems', 1],
  ['AUTO X PROPERTY DAMAGE', 'traffic_safety', 'care_team', 3],
  ['AUTO X INJURY', 'traffic_safety', 'ems', 1],
  ['TRAFFIC INCIDENT', 'traffic_safety', 'care_team_with_ems', 2],
  ['MVA UNKNOWN INJURIES', 'traffic_safety', 'care_team_with_ems', 2],
  ['MVC ROLLOVER W/ ENTRAPMENT', 'traffic_safety', 'ems', 1],
  ['PEDESTRIAN STRUCK', 'traffic_safety', 'ems', 1],
  ['TRAFFIC - ASSIST MOTORIST', 'traffic_safety', 'care_team', 3],
  ['STALLED VEHICLE BLOCKING', 'traffic_safety', 'care_team', 2],
  ['DISABLED VEH IN LANES', 'traffic_safety', 'care_team', 2],
  ['DEBRIS IN ROADWAY', 'traffic_safety', 'care_team', 2],
  ['TRAFFIC HAZARD', 'traffic_safety', 'care_team', 2],
  ['TRAFFIC SIGNAL MALFUNCTION', 'traffic_safety', 'care_team', 2],
  ['SIGNAL LIGHTS OUT', 'traffic_safety', 'care_team', 2],
  ['TREE DOWN IN ROAD', 'traffic_safety', 'care_team', 2],
  ['TRAFFIC - ABANDONED CAR', 'traffic_safety', 'care_team', 3],
  ['TRAFFIC - PARKING VIOL (EXCEPT ABANDONED CAR)', 'traffic_safety', 'care_team', 3, '"PARKING VIOL" is a parking violation'],
  ['PARKING VIOL', 'traffic_safety', 'care_team', 3],
  ['BLOCKING DRIVEWAY', 'traffic_safety', 'care_team', 3],
  ['PARKING PROBLEM', 'traffic_safety', 'care_team', 3],
  ['DIRECT TRAFFIC', 'traffic_safety', 'care_team', 3],
  ['TRAFFIC CONTROL', 'traffic_safety', 'care_team', 3],
  ['HIT & RUN', 'traffic_safety', 'police', 2],
  ['MVC HIT/RUN NO INJURY', 'traffic_safety', 'police', 2],
  ['TRAFFIC - D.U.I.', 'traffic_safety', 'police', 2],
  ['DWI - DRUNK/INTOX DRIVER', 'traffic_safety', 'police', 2],
  ['RECKLESS DRIVING', 'traffic_safety', 'police', 2],
  ['AGGRESSIVE DRIVER', 'traffic_safety', 'police', 2],
  ['TRAFFIC - MOVING VIOLATION', 'traffic_safety', 'police', 2],
  ['VEHICLE PURSUIT', 'out_of_scope', 'police', 1]
]

/** Behavioural health, intoxication, welfare and community needs. */
const care: Row[] = [
  ['PERSON IN BEHAVIORAL/EMOTIONAL CRISIS', 'mental_health', 'care_team', 2],
  ['CRISIS COMPLAINT - GENERAL', 'mental_health', 'care_team', 2],
  ['MENTAL - NOT VIOLENT', 'mental_health', 'care_team', 2],
  ['MENTAL HEALTH - NON-VIOLENT', 'mental_health', 'care_team', 2],
  ['MENTALLY IMPAIRED PERSON', 'mental_health', 'care_team', 2],
  ['MENTAL - PERSON OR PICKUP/TRANSPORT', 'mental_health', 'care_team', 2],
  ['EMERGENCY PETITION', 'mental_health', 'care_team', 2],
  ['CHECK - WELFARE', 'mental_health', 'care_team', 3],
  ['WELL BEING CHECK', 'mental_health', 'care_team', 3],
  ['WELFARE CHECK - ELDERLY', 'mental_health', 'care_team', 3],
  ['SLEEPER ABOARD BUS/COMMUTER TRAIN', 'mental_health', 'care_team_with_ems', 2, 'asleep: EMS until breathing is known'],
  ['FOUND SENILE PERSON', 'mental_health', 'care_team', 3],
  ['RUNAWAY JUVENILE', 'mental_health', 'care_team', 3],
  ['ARGUMENTS, DISTURBANCE (NO WEAPONS)', 'mental_health', 'care_team', 3],
  ['DISTURBANCE - VERBAL', 'mental_health', 'care_team', 3],
  ['SUICIDAL IDEATION', 'mental_health', 'care_team', 1],
  ['CRIMINAL TRESPASS', 'mental_health', 'care_team', 3],
  ['NEIGHBOR TROUBLE', 'mental_health', 'care_team', 3],
  ['LEWD - (EXPOSING, FLASHING, URINATING IN PUB)', 'mental_health', 'care_team', 3],
  ['HOMELESS PERSON', 'mental_health', 'care_team', 3],
  ['UNWANTED PERSON', 'mental_health', 'care_team', 3],
  ['DISTURBANCE - MENTAL', 'mental_health', 'care_team', 2],
  ['SUICIDE THREAT', 'mental_health', 'care_team', 1],
  ['LIQUOR VIOLATIONS - INTOXICATED PERSON', 'substance_use', 'care_team_with_ems', 2],
  ['DISTURBANCE - INTOXICATED', 'substance_use', 'care_team_with_ems', 2],
  ['PUBLIC INTOXICATION', 'substance_use', 'care_team_with_ems', 2],
  ['DRUNK/INTOX PERSON', 'substance_use', 'care_team_with_ems', 2]
]

/** Multi-situation and dangerous types: the most protective reading wins; exclusions always win. */
const protective: Row[] = [
  ['SUICIDE, SUICIDAL PERSON AND ATTEMPTS', 'mental_health', 'ems', 1],
  ['SUICIDE', 'mental_health', 'co_response_police', 1, 'thoughts or an attempt: not care-only until asked'],
  ['SUICIDE ATTEMPT', 'mental_health', 'ems', 1],
  ['SUICIDAL SUBJ W/ WPN', 'mental_health', 'police', 1],
  ['SUICIDAL W/ PILLS', 'mental_health', 'co_response_police', 1],
  ['SELF HARM', 'mental_health', 'co_response_police', 1, 'a call type naming self-harm: means at hand until ruled out'],
  ['FIGHT - VERBAL/ORAL (NO WEAPONS)', 'mental_health', 'co_response_police', 1, 'a fight, even verbal, is not care-only'],
  ['5150 - VIOL', 'mental_health', 'police', 1, '"VIOL" read at its most protective: violent'],
  ['MENTAL ASSAULTIVE', 'mental_health', 'police', 1],
  ['ACTIVE SHOOTER', 'out_of_scope', 'police', 1],
  ['MENTAL VIOLENT - NO WEAPON', 'mental_health', 'police', 1],
  ['MENTAL VIOLENT - WEAPON', 'mental_health', 'police', 1],
  ['PSYCHIATRIC EMERGENCY VIOLENT', 'mental_health', 'police', 1],
  ['ASLT - IP/JO - WITH OR W/O WPNS (NO SHOOTINGS)', 'out_of_scope', 'police', 1],
  ['FIGHT - IP - PHYSICAL (NO WEAPONS)', 'out_of_scope', 'police', 1],
  ['WEAPN-IP/JO-GUN,DEADLY WPN (NO THRT/ASLT/DIST)', 'out_of_scope', 'police', 1],
  ['SHOTS - IP/JO - INCLUDES HEARD/NO ASSAULT', 'out_of_scope', 'police', 1],
  ['DRIVE BY (NO INJURY)', 'out_of_scope', 'police', 1],
  ['THREATS - DV - NO ASSAULT', 'out_of_scope', 'police', 1],
  ['ORDER - VIOLATION OF DV COURT ORDER', 'out_of_scope', 'police', 1],
  ['DV A&B IP', 'out_of_scope', 'police', 1],
  ['FAMILY TROUBLE', 'out_of_scope', 'police', 1, 'a family call may be domestic violence: the safer reading'],
  ['CHILD - ABAND, ABUSED, MOLESTED, NEGLECTED', 'out_of_scope', 'police', 1],
  ['STAB / GUNSHOT / PENETRATING TRAUMA', 'out_of_scope', 'police', 1, 'EMS is named in the reasons'],
  ['B&E IP', 'out_of_scope', 'police', 1],
  ['OFFICER NEEDS ASSISTANCE', 'out_of_scope', 'police', 1],
  ['WOMAN SCREAMING FOR HELP', 'out_of_scope', 'police', 2]
]

/** The usual 911 response, with a reason, for what is not a care-team call. */
const usual: Row[] = [
  ['SUSPICIOUS PERSON, VEHICLE OR INCIDENT', 'out_of_scope', 'police', 3],
  ['ALARM - COMMERCIAL BURGLARY', 'out_of_scope', 'police', 3],
  ['PROPERTY - FOUND', 'out_of_scope', 'police', 3],
  ['ANIMAL SICK-INJURED', 'out_of_scope', 'police', 3, '"sick" and "injured" are about the animal'],
  ['ANIMAL WELFARE CHECK', 'out_of_scope', 'police', 3, 'an animal welfare check is not a welfare check on a person'],
  ['TRNSPORT PRISONER MENTAL CASE', 'mental_health', 'police', 2],
  ['AIRPLANE CRASH', 'out_of_scope', 'fire', 1, 'a crash that is not a traffic collision'],
  ['ODOR - GAS LEAK', 'out_of_scope', 'fire', 1],
  ['CO ALARM', 'out_of_scope', 'fire', 1],
  ['ELEVATOR RESCUE', 'out_of_scope', 'fire', 1],
  ['MISSING - (ALZHEIMER, ENDANGERED, ELDERLY)', 'out_of_scope', 'police', 2],
  [
    'DISTURBANCE, MISCELLANEOUS/OTHER',
    'out_of_scope',
    'police',
    3,
    'a disturbance may be a fight (PC 415): not in a park, not said to be non-violent'
  ],
  ['ZZ ADMIN TASK', 'out_of_scope', 'police', 3]
]

const stops: Array<[string, boolean]> = [
  ['TRAFFIC STOP', true],
  ['TRAFFIC STOP - OFFICER INITIATED ONVIEW', true],
  ['SUSPICIOUS STOP - OFFICER INITIATED ONVIEW', true],
  ['PED STOP', true],
  ['SUBJECT STOP', true],
  ['SELECTIVE ENFORCEMENT', true],
  ['MV STOP', true],
  ['TRAFFIC - MOVING VIOLATION', false],
  ['DISABLED VEHICLE STOPPED IN LANE', false],
  ['BUS STOP DISTURBANCE', false],
  ['STOP SIGN DOWN', false]
]

const toCase =
  (group: string) =>
    ([callType, category, response, priority, note]: Row): TriageCase => ({
      name: `${group}: ${JSON.stringify(callType)} → ${category} / ${response} / ${priority}${note === undefined ? '' : ` (${note})`}`,
      input: { callType },
      category,
      response,
      priority
    })

export const CAD_VOCABULARY_CASES: TriageCase[] = [
  ...medical.map(toCase('EMD')),
  ...traffic.map(toCase('traffic')),
  ...care.map(toCase('care')),
  ...protective.map(toCase('protective')),
  ...usual.map(toCase('usual 911')),
  ...stops.map(([callType, stop]): TriageCase => ({
    name: `enforcement stop: ${JSON.stringify(callType)} → ${stop ? 'counted apart, police' : 'not a stop'}`,
    input: { callType },
    enforcementStop: stop,
    ...(stop
      ? { response: 'police', category: 'out_of_scope', reason: /Officer-initiated enforcement stop: not a request for help/ }
      : {})
  })),
  {
    name: 'unknown types keep the usual 911 response, saying nothing matched',
    input: { callType: 'ZZ ADMIN TASK' },
    response: 'police',
    reason: /Nothing in "ZZ ADMIN TASK" matched the protocol's words/
  },
  {
    name: 'a code book description is read instead of the code, and named in the reasons',
    input: { callType: '1182', callTypeDescription: 'NON-INJURY ACCIDENT' },
    category: 'traffic_safety',
    response: 'care_team',
    reason: /code 1182 \(NON-INJURY ACCIDENT\)/
  },
  {
    name: 'a code book description: 5150V read as violent',
    input: { callType: '5150V', callTypeDescription: 'MENTAL CASE-VIOLENT OR URGENT' },
    response: 'police',
    notResponses: ['care_team', 'care_team_with_ems', 'phone_988']
  },
  { name: 'a code with a DV suffix is domestic violence', input: { callType: '415DV' }, response: 'police', priority: 1 },
  { name: 'a code with an OD suffix is an overdose', input: { callType: '1140OD' }, response: 'ems' }
]
