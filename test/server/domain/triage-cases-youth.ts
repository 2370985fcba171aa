// Youth and school cases (issue 14): non-violent youth calls get a care team with the youth need; the exclusions
// still win (a weapon on a campus goes to police, with the reason); adults near a school are not youth calls.
import type { ResponseType } from '../../../server/domain/types'
import type { TriageCase } from './triage-cases'

const SAFE = {
  weapons: 'no',
  violence: 'no',
  crimeInProgress: 'no',
  medicalEmergency: 'no',
  breathingConscious: 'yes',
  injuries: 'no',
  suicideAttemptInProgress: 'no',
  domesticViolence: 'no',
  insideResidence: 'no'
} as const
const CARE_ONLY: ResponseType[] = ['care_team', 'care_team_with_ems', 'phone_988']
const AT_SCHOOL = ['guardian', 'school-staff', 'follow-up', 'mandated-report']
const AWAY = ['guardian', 'follow-up', 'mandated-report']
const NEVER_POLICE = /A non-violent student crisis never goes to police/

const careForYouth: TriageCase[] = [
  {
    name: 'youth: JUVENILE DISTURBANCE AT SCHOOL → care team, youth need, school hand-off',
    input: { callType: 'JUVENILE DISTURBANCE AT SCHOOL' },
    category: 'mental_health',
    response: 'care_team',
    youth: true,
    handoff: AT_SCHOOL,
    reason: NEVER_POLICE
  },
  {
    name: 'youth: RUNAWAY JUVENILE → care team, youth need, no school step',
    input: { callType: 'RUNAWAY JUVENILE' },
    category: 'mental_health',
    response: 'care_team',
    youth: true,
    handoff: AWAY
  },
  { name: 'youth: RUNAWAY → care team with youth need', input: { callType: 'RUNAWAY' }, response: 'care_team', youth: true },
  {
    name: 'youth: code 601 (minor beyond control) → care team with youth need',
    input: { callType: '601' },
    response: 'care_team',
    youth: true
  },
  {
    name: 'youth: TRUANCY → care team with youth need',
    input: { callType: 'TRUANCY' },
    response: 'care_team',
    youth: true,
    notResponses: ['police']
  },
  {
    name: 'youth: FOUND JUVENILE → care team with youth need',
    input: { callType: 'FOUND JUVENILE' },
    response: 'care_team',
    youth: true
  },
  {
    name: 'youth: 5585 (hold for a minor) → care team with youth need',
    input: { callType: '5585' },
    category: 'mental_health',
    response: 'care_team',
    youth: true
  },
  {
    name: 'youth: "my 14-year-old is out of control" → care team, the age read from the narrative',
    input: { narrative: 'my 14-year-old is out of control' },
    category: 'mental_health',
    response: 'care_team',
    youth: true,
    reason: /narrative "14-year-old"/
  },
  {
    name: "youth: son beyond his mother's control, age in words → care team with youth need",
    input: { narrative: 'mother says her fifteen year old son is beyond control and yelling' },
    response: 'care_team',
    youth: true
  },
  {
    name: 'youth: student in crisis at school, crying → urgent care team, never police',
    input: { narrative: 'student in crisis at school, crying' },
    category: 'mental_health',
    response: 'care_team',
    priority: 2,
    youth: true,
    handoff: AT_SCHOOL,
    notResponses: ['police', 'co_response_police'],
    reason: NEVER_POLICE
  },
  {
    name: 'youth: disruptive student refusing to go to class (place: school) → care team',
    input: { narrative: 'disruptive student refusing to go to class', placeKind: 'school' },
    category: 'mental_health',
    response: 'care_team',
    youth: true,
    reason: /place: school \(intake\)/
  },
  {
    name: 'youth: student meltdown in the classroom, all safe → care team',
    input: { narrative: 'student having a meltdown in the classroom, no weapons, not violent', answers: SAFE },
    response: 'care_team',
    youth: true,
    handoff: AT_SCHOOL
  },
  {
    name: 'youth: self-harm thoughts in a minor → care team, immediate, safety plan step',
    input: { narrative: 'my 15 year old daughter says she wants to die', personAge: 15 },
    category: 'mental_health',
    response: 'care_team',
    priority: 1,
    youth: true,
    handoff: ['guardian', 'safety-plan', 'follow-up', 'mandated-report']
  },
  {
    name: 'youth: teen talking about hurting herself → care team with youth need',
    input: { narrative: 'teen girl talking about hurting herself, no weapons', answers: SAFE },
    response: 'care_team',
    youth: true,
    missing: ['suicideMeans']
  },
  {
    name: 'youth: CAD shorthand 16yom → care team with youth need',
    input: { narrative: '16yom hearing voices' },
    response: 'care_team',
    youth: true,
    reason: /narrative "16yom"/
  },
  {
    name: 'youth: "15 y/o female crying" → care team with youth need',
    input: { narrative: '15 y/o female crying outside the library' },
    response: 'care_team',
    youth: true
  },
  {
    name: 'youth: "age 13" in the narrative → youth need',
    input: { narrative: 'boy age 13 having a panic attack at the bus stop' },
    response: 'care_team',
    youth: true
  },
  {
    name: 'youth: intake age 12 and a panic attack → youth need',
    input: { narrative: 'panic attack', personAge: 12 },
    response: 'care_team',
    youth: true,
    reason: /age 12 \(intake\)/
  },
  {
    name: 'youth: intake age 16 at a school, anxious → youth need with the school step',
    input: { narrative: 'very anxious, shaking', personAge: 16, placeKind: 'school' },
    response: 'care_team',
    youth: true,
    handoff: AT_SCHOOL
  },
  {
    name: 'youth: place school, kid crying in the hallway → youth need',
    input: { narrative: 'kid crying in the hallway, will not talk to staff', placeKind: 'school' },
    response: 'care_team',
    youth: true
  },
  {
    name: 'youth: juvenile refusing to go home, upset → care team',
    input: { narrative: 'juvenile refusing to go home, upset, sitting outside the store' },
    response: 'care_team',
    youth: true
  },
  {
    name: 'youth: fifteen-year-old ran away, found at the park → care team',
    input: { narrative: 'fifteen-year-old ran away yesterday, found at the park, upset', placeKind: 'park' },
    response: 'care_team',
    youth: true,
    handoff: AWAY
  },
  {
    name: 'youth: 5150 with an intake age of 13 → youth need',
    input: { callType: '5150', personAge: 13 },
    response: 'care_team',
    youth: true
  },
  {
    name: 'youth: bullied student crying, all safe → care team, not police',
    input: { narrative: 'student being bullied, crying in the counselor office', placeKind: 'school', answers: SAFE },
    response: 'care_team',
    notResponses: ['police', 'co_response_police'],
    youth: true
  },
  {
    name: 'youth: truant student on campus refusing class → care team',
    input: { narrative: 'truant student on campus refusing to go to class' },
    response: 'care_team',
    youth: true
  },
  {
    name: 'youth: age 17 is still a young person (California: under 18)',
    input: { narrative: 'hearing voices', personAge: 17 },
    response: 'care_team',
    youth: true
  },
  {
    name: 'youth: lost child at the park, about 6 years old → youth need',
    input: { narrative: 'found a lost child at the park, about 6 years old, crying' },
    response: 'care_team',
    youth: true
  },
  {
    name: 'youth: 16 year old drunk at school, awake and talking → substance care with youth need',
    input: { narrative: '16 year old drunk at school, awake and talking', answers: { ...SAFE, substancesInvolved: 'yes' } },
    category: 'substance_use',
    response: 'care_team',
    youth: true
  },
  {
    name: 'youth: weapons unscreened on a student call → still a care team, weapons asked first',
    input: { narrative: 'student in crisis at school, crying' },
    response: 'care_team',
    youth: true,
    missingFirst: 'weapons'
  }
]

const notYouth: TriageCase[] = [
  {
    name: 'youth: a college student of 20 (intake age) is an adult → no youth need',
    input: { narrative: 'college student hearing voices in the library', personAge: 20 },
    response: 'care_team',
    youth: false,
    handoff: []
  },
  {
    name: 'youth: age 18 at intake is an adult even when called a student',
    input: { narrative: 'student crying in the quad', personAge: 18 },
    youth: false
  },
  {
    name: 'youth: intake age 45 at a school → no youth need (the age wins)',
    input: { narrative: 'hears voices', personAge: 45, placeKind: 'school' },
    response: 'care_team',
    youth: false
  },
  {
    name: "youth: a teacher's panic attack in a classroom → no youth need",
    input: { narrative: 'teacher having a panic attack in the classroom' },
    response: 'care_team',
    youth: false
  },
  {
    name: 'youth: a man exposing himself near a school → no youth need',
    input: { narrative: 'man exposing himself near the school' },
    response: 'care_team',
    youth: false
  },
  { name: 'youth: "minor injuries" is not a minor', input: { narrative: 'minor injuries, man hearing voices' }, youth: false },
  {
    name: 'youth: a 45 year old in the narrative is not a young person',
    input: { narrative: '45 year old man hearing voices' },
    response: 'care_team',
    youth: false
  },
  {
    name: 'youth: "for 3 years" is not an age',
    input: { narrative: 'man depressed for 3 years, crying at the bus stop' },
    youth: false
  },
  {
    name: 'youth: a teen asking to talk, all safe → 988 line, no team, no youth need',
    input: {
      narrative: 'teen wants to talk to a counselor',
      answers: { ...SAFE, suicidalThoughts: 'no', suicidePlan: 'no', suicideMeans: 'no' }
    },
    response: 'phone_988',
    youth: false,
    handoff: []
  },
  {
    name: 'youth: a teen driver in a collision without injuries → traffic team, no youth need',
    input: { narrative: 'teen driver in a collision, no injuries', answers: { injuries: 'no' } },
    category: 'traffic_safety',
    response: 'care_team',
    youth: false
  },
  {
    name: 'youth: kids playing loud music → a noise call (hurt or threatened asked first), no youth need',
    input: { narrative: 'kids playing loud music' },
    youth: false,
    response: 'co_response_police',
    missingFirst: 'violence'
  },
  {
    name: 'youth: a place kind alone decides nothing',
    input: { placeKind: 'school' },
    response: 'police',
    youth: false,
    reason: /No call type, narrative or screening answers yet/
  }
]

const exclusionsWin: TriageCase[] = [
  {
    name: 'youth exclusion: a student with a knife on campus → police, with the reason',
    input: { narrative: 'student with a knife on campus' },
    response: 'police',
    priority: 1,
    youth: false,
    handoff: [],
    reason: /Weapon involved: police lead/
  },
  {
    name: 'youth exclusion: JUVENILE DISTURBANCE AT SCHOOL, weapon answered yes → police',
    input: { callType: 'JUVENILE DISTURBANCE AT SCHOOL', answers: { weapons: 'yes' } },
    response: 'police',
    youth: false,
    reason: /Weapon involved/
  },
  {
    name: 'youth exclusion: a 14-year-old with a gun at school → police',
    input: { narrative: 'my 14-year-old took a gun to school', placeKind: 'school' },
    response: 'police',
    notResponses: CARE_ONLY,
    youth: false
  },
  {
    name: 'youth exclusion: two students fighting → police',
    input: { narrative: 'two students fighting in the quad' },
    response: 'police',
    youth: false,
    reason: /Violence/
  },
  {
    name: 'youth exclusion: a student unconscious after pills → EMS',
    input: { narrative: 'student took pills and is unconscious', personAge: 15, placeKind: 'school' },
    response: 'ems',
    youth: false
  },
  {
    name: 'youth exclusion: a teen attempting suicide now → EMS',
    input: { narrative: 'teen in crisis at school', personAge: 16, answers: { suicideAttemptInProgress: 'yes' } },
    response: 'ems',
    youth: false
  },
  {
    name: 'youth exclusion: a student having a seizure → EMS',
    input: { narrative: 'student in crisis, crying', placeKind: 'school', answers: { medicalEmergency: 'yes' } },
    response: 'ems',
    youth: false
  },
  {
    name: 'youth exclusion: a runaway in a domestic violence home → police',
    input: { callType: 'RUNAWAY JUVENILE', answers: { domesticViolence: 'yes' } },
    response: 'police',
    youth: false
  },
  {
    name: 'youth exclusion: a student threatening classmates → police, with the reason',
    input: { narrative: 'student making threats against classmates', placeKind: 'school' },
    notResponses: CARE_ONLY,
    response: 'police',
    youth: false,
    reason: /Threats/
  },
  {
    name: 'youth exclusion: a burglary in progress at a school → police',
    input: { narrative: 'burglary in progress at the middle school' },
    response: 'police',
    youth: false
  },
  {
    name: 'youth exclusion: out of control at home → the home exclusion holds: the youth team goes with police',
    input: { narrative: 'my 14-year-old is out of control at home' },
    response: 'co_response_police',
    youth: true,
    reason: /Inside a residence/
  },
  {
    name: 'youth exclusion: self-harm with means in a minor → co-response, youth team with police',
    input: { narrative: 'my 15 year old son wants to kill himself and has pills', answers: { suicideMeans: 'yes' } },
    response: 'co_response_police',
    priority: 1,
    youth: true
  },
  {
    name: 'youth exclusion: a student hearing voices, violence answered yes → police',
    input: { narrative: '16yom hearing voices at school', answers: { violence: 'yes' } },
    response: 'police',
    youth: false
  },
  {
    name: 'youth exclusion: an injured student in crisis → care team with EMS, youth need',
    input: { narrative: 'student crying in the bathroom', placeKind: 'school', answers: { injuries: 'yes' } },
    response: 'care_team_with_ems',
    youth: true
  }
]

export const YOUTH_CASES: TriageCase[] = [...careForYouth, ...notYouth, ...exclusionsWin]
