// Triage cases for how call types are read (issue 22): what a negation leaves standing, weapons beside
// collision words, road and welfare shorthand, the LAPPL kinds, rescue. Each row names the vocabulary it
// comes from: a shared list, an EMD chief complaint (IAED MPDS protocol number), an APCO 2.103 common
// incident type, Seattle's or another centre's published CAD call types, the LAPPL list, or "made up"
// where the shape of the text is the point (numeric prefixes, truncation).
import type { Category, Priority, ResponseType } from '../../../server/domain/types'
import type { TriageCase } from './triage-cases'

type Row = [callType: string, category: Category, response: ResponseType, priority: Priority, source: string]

/** A negation negates the word (or hyphenated compound) it is attached to, not the rest of the call type. */
const negationScope: Row[] = [
  ['NON-CRIMINAL MENTAL HEALTH', 'mental_health', 'care_team', 2, 'LAPPL item 2 wording'],
  ['MENTAL HEALTH - NON-CRIMINAL', 'mental_health', 'care_team', 2, 'LAPPL item 2 wording'],
  ['NON CRIMINAL MENTAL HEALTH CALL', 'mental_health', 'care_team', 2, 'made up: the negation stands alone'],
  ['NON-CRIM MENTAL', 'mental_health', 'care_team', 2, 'made up: truncated words'],
  ['MENTAL HEALTH - NON-VIOLENT', 'mental_health', 'care_team', 2, 'shared lists (a code of the protocol)'],
  ['MENTAL - NOT VIOLENT', 'mental_health', 'care_team', 2, 'shared lists (a code of the protocol)'],
  ['PSYCH PATIENT - NON-VIOLENT', 'mental_health', 'care_team', 2, 'made up'],
  ['MENTALLY IMPAIRED-NON VIOL', 'mental_health', 'care_team', 2, 'Cincinnati CAD style'],
  ['PERSON IN CRISIS - NOT THREATENING', 'mental_health', 'care_team', 2, 'made up'],
  ['PSYCH - NON-SUICIDAL', 'mental_health', 'care_team', 2, 'made up'],
  ['SUBJECT NON-SUICIDAL', 'mental_health', 'care_team', 2, 'made up: "non-suicidal" is itself a mental-health sign'],
  ['EDP - NO WEAPONS', 'mental_health', 'care_team', 2, 'APCO 2.103 EDP'],
  ['SUICIDAL SUBJ W/O WEAPON', 'mental_health', 'care_team', 1, 'made up; plan and means not yet known: immediate'],
  ['NON-CRIMINAL HOMELESS', 'mental_health', 'care_team', 3, 'LAPPL item 1'],
  ['JUVENILE - NON-VIOLENT', 'mental_health', 'care_team', 3, 'LAPPL item 3'],
  ['NON-VIOLENT JUVENILE DISTURBANCE', 'mental_health', 'care_team', 3, 'LAPPL item 3'],
  ['DISTURBANCE - NON-VIOLENT', 'mental_health', 'care_team', 3, 'made up: a disturbance said to be non-violent'],
  ['SUBJECT - NON-VIOLENT', 'mental_health', 'care_team', 3, 'made up: "non-violent" alone says a care team fits'],
  ['TRNSPORT NON-INMATE MENTAL CA', 'mental_health', 'care_team', 2, 'shared lists: NON- negates INMATE only'],
  ['NON INJ/NON BLKG', 'out_of_scope', 'police', 3, 'shared lists: each NON reaches its own word'],
  ['NO INJURY/ASSAULT', 'out_of_scope', 'police', 1, 'made up: a slash does not carry a negation to the assault'],
  ['NON-STRUCTURE FIRE', 'out_of_scope', 'fire', 1, 'fire CAD types: a fire that is not a structure fire'],
  ['MENTAL HEALTH - NON-ASSAULT WEAPON', 'mental_health', 'police', 1, 'made up: NON- negates its own word, the weapon stands'],
  [
    'FIGHT NON ASSAULT WEAPON',
    'out_of_scope',
    'police',
    1,
    'property test counterexample: a standalone NON reaches "assault", the weapon after it stands'
  ],
  ['MENTAL HEALTH NO ASSAULT WEAPON', 'mental_health', 'police', 1, 'made up: two whole phrases, the negation reaches the first'],
  ['NON-LIFE THREATENING', 'out_of_scope', 'police', 3, 'EMD wording: not a threat, not a medical emergency']
]

/** Saying a danger is absent never removes a different one; exclusions still win. */
const negatedButExcluded: Row[] = [
  ['ASSAULT - NO WEAPONS', 'out_of_scope', 'police', 1, 'made up: the assault stands'],
  ['FIGHT - VERBAL/ORAL (NO WEAPONS)', 'mental_health', 'co_response_police', 1, 'Seattle: a verbal fight is a threat (co-response)'],
  ['WEAPN-IP/JO-GUN,DEADLY WPN (NO SHOOTING)', 'out_of_scope', 'police', 1, 'Seattle: the gun stands'],
  ['SHOTS - IP/JO - INCLUDES HEARD/NO ASSAULT', 'out_of_scope', 'police', 1, 'Seattle'],
  ['ASLT - IP/JO - WITH OR W/O WPNS (NO SHOOTINGS)', 'out_of_scope', 'police', 1, 'Seattle'],
  ['DIST - IP/JO - DV DIST - NO ASLT', 'out_of_scope', 'police', 1, 'Seattle: domestic violence stands'],
  ['DOMESTIC - NON-VIOLENT', 'out_of_scope', 'police', 1, 'made up: a domestic stays with police (MACRO)'],
  ['ROBBERY NO WEAPON', 'out_of_scope', 'police', 3, 'made up: a crime stays a crime'],
  ['PERSON WITH KNIFE - NOT THREATENING', 'out_of_scope', 'police', 1, 'made up: the knife stands'],
  ['SUSPICIOUS PERSON - NOT THREATENING', 'out_of_scope', 'police', 3, 'made up: the usual response stays for suspicious persons'],
  ['ALARM - NO WEAPONS', 'out_of_scope', 'police', 3, 'made up: and for alarms']
]

/** Weapon words win over collision words; a negated weapon is not a weapon. */
const weapons: Row[] = [
  ['FIREARMS ACCIDENT', 'out_of_scope', 'police', 1, 'the issue\'s case: a plural weapon with "accident"'],
  ['ACCIDENT - FIREARM', 'out_of_scope', 'police', 1, 'made up'],
  ['SHOTGUN - ACCIDENT', 'out_of_scope', 'police', 1, 'made up'],
  ['HUNTING ACCIDENT', 'out_of_scope', 'police', 1, 'made up: a hunting accident is a firearm until ruled out'],
  ['ACCIDENTAL DISCHARGE OF FIREARM', 'out_of_scope', 'police', 1, 'made up'],
  ['ACC DISCHARGE FIREARM', 'out_of_scope', 'police', 1, 'made up: CAD shorthand'],
  ['MVC - SHOTS FIRED', 'out_of_scope', 'police', 1, 'made up: the collision gives way to the weapon'],
  ['STAB/GUNSHOT/PENETRATING TRAUMA', 'out_of_scope', 'police', 1, 'EMD protocol 27: EMS in the reasons'],
  ['ASSAULT/SEXUAL ASSAULT/STUN GUN', 'out_of_scope', 'police', 1, 'EMD protocol 4'],
  ['GUNFIRE', 'out_of_scope', 'police', 1, 'made up: a weapon inside a longer word'],
  ['ROBBERY AT GUNPOINT', 'out_of_scope', 'police', 1, 'made up'],
  ['SHOOT', 'out_of_scope', 'police', 1, 'APCO 2.103'],
  ['INJURY - OTHER THAN FIREARM', 'out_of_scope', 'ems', 1, "the issue's case: a negated weapon"],
  ['TRAUMATIC INJURIES - OTHER THAN FIREARM', 'out_of_scope', 'ems', 1, 'EMD protocol 30 with a negated weapon'],
  ['PENETRATING TRAUMA - OTHER THAN GSW', 'out_of_scope', 'ems', 1, 'made up'],
  ['FALL - NO WEAPON INVOLVED', 'out_of_scope', 'ems', 2, 'EMD protocol 17 with a negated weapon'],
  ['MVC - NO WEAPONS', 'traffic_safety', 'care_team_with_ems', 2, 'made up: a negated weapon leaves the collision standing']
]

/** Road problems in CAD shorthand: numeric prefixes, truncated words, APCO codes. */
const road: Row[] = [
  ['BLOCKED STREET', 'traffic_safety', 'care_team', 2, 'made up'],
  ['ST BLOCKED', 'traffic_safety', 'care_team', 2, 'made up: CAD shorthand'],
  ['FWY BLOCKED', 'traffic_safety', 'care_team', 2, 'made up: CAD shorthand'],
  ['920 - STREET BLOCKAGE', 'traffic_safety', 'care_team', 2, 'made up: a numeric prefix'],
  ['BLOCKAGE - FREEWAY', 'traffic_safety', 'care_team', 2, 'made up'],
  ['OBSTRUCTING TRAFFIC', 'traffic_safety', 'care_team', 2, 'made up'],
  ['09 - HAZ RD COND', 'traffic_safety', 'care_team', 2, 'made up: a numeric prefix and truncated words'],
  ['HAZARDOUS ROAD CONDITIONS', 'traffic_safety', 'care_team', 2, 'made up'],
  ['HAZARDOUS VEHICLE', 'traffic_safety', 'care_team', 2, 'made up'],
  ['HAZ VEH', 'traffic_safety', 'care_team', 2, 'made up: shorthand'],
  ['TRFC HAZD/ DEBRIS', 'traffic_safety', 'care_team', 2, 'Austin CAD style'],
  ['HAZ - POTENTIAL THREAT TO PHYS SAFETY (NO HAZMAT)', 'traffic_safety', 'care_team', 2, 'Seattle'],
  ['1125 - HAZARD', 'traffic_safety', 'care_team', 2, 'CHP 11-25 with a dash'],
  ['THAZ', 'traffic_safety', 'care_team', 2, 'APCO 2.103'],
  ['STALLED VEH', 'traffic_safety', 'care_team', 3, 'shorthand'],
  ['STALLED AUTO', 'traffic_safety', 'care_team', 3, 'made up'],
  ['VEH STALLED/BLOCKING', 'traffic_safety', 'care_team', 2, 'Detroit CAD style'],
  ['20 - MOTORIST AID', 'traffic_safety', 'care_team', 3, 'made up: a numeric prefix'],
  ['MTRST AID', 'traffic_safety', 'care_team', 3, 'made up: truncated'],
  ['VEHASST', 'traffic_safety', 'care_team', 3, 'APCO 2.103'],
  ['DISABLED VEHIC', 'traffic_safety', 'care_team', 3, 'made up: cut at the CAD field width'],
  ['VEHABND', 'traffic_safety', 'care_team', 3, 'APCO 2.103'],
  ['ABAND VEH', 'traffic_safety', 'care_team', 3, 'shorthand'],
  ['TREE IN ROADWAY', 'traffic_safety', 'care_team', 2, 'made up'],
  ['MATTRESS ON FREEWAY', 'traffic_safety', 'care_team', 2, 'made up: something in the roadway'],
  ['EDP IN ROADWAY', 'mental_health', 'care_team', 2, 'made up: a person in crisis keeps a crisis team'],
  ['DOT STANDBY', 'traffic_safety', 'care_team', 3, 'LAPPL: Department of Transportation stand-by'],
  ['STANDBY FOR DOT', 'traffic_safety', 'care_team', 3, 'LAPPL']
]

/** Welfare checks abbreviated, with a service prefix. */
const welfare: Row[] = [
  ['WELL CHK', 'mental_health', 'care_team', 3, 'made up: shorthand'],
  ['WELL CK', 'mental_health', 'care_team', 3, 'made up: shorthand'],
  ['WELFR CHK', 'mental_health', 'care_team', 3, 'made up: shorthand'],
  ['WLFR CHK', 'mental_health', 'care_team', 3, 'made up: shorthand'],
  ['WELCK', 'mental_health', 'care_team', 3, "LAPPL item 8: LAPD's own code"],
  ['PD WELFARE CHECK', 'mental_health', 'care_team', 3, 'made up: a service prefix'],
  ['PD - WELL CHECK', 'mental_health', 'care_team', 3, 'made up: a service prefix'],
  ['SO WELFARE CHK', 'mental_health', 'care_team', 3, "made up: a sheriff's office prefix"],
  ['LE-WELF CK', 'mental_health', 'care_team', 3, 'made up: a prefix joined by a hyphen'],
  ['WELFARE CHE', 'mental_health', 'care_team', 3, 'made up: cut at the CAD field width'],
  ['EMS WELFARE CHECK', 'mental_health', 'care_team_with_ems', 2, 'made up: an EMS prefix brings EMS'],
  ['PERFND', 'mental_health', 'care_team', 3, 'APCO 2.103: person found']
]

/** LAPPL's kinds in our scope, and rescue. */
const lappl: Row[] = [
  ['LOUD MUSIC', 'mental_health', 'co_response_police', 3, 'LAPPL item 15: hurt or threatened asked first'],
  ['LOUD PARTY', 'mental_health', 'co_response_police', 3, 'LAPPL item 15'],
  ['NOISE DISTURBANCE, PARTY ETC', 'mental_health', 'co_response_police', 3, 'Seattle'],
  ['PARK DISTURBANCE', 'mental_health', 'co_response_police', 3, 'LAPPL item 6'],
  ['DISTURBANCE IN PARK', 'mental_health', 'co_response_police', 3, 'LAPPL item 6'],
  ['DISTURBANCE', 'out_of_scope', 'police', 3, 'shared lists: a disturbance elsewhere may be a fight'],
  ['JUVENILE BEYOND PARENTAL CONTROL', 'mental_health', 'care_team', 3, 'LAPPL item 3'],
  ['UNRULY JUVENILE', 'mental_health', 'care_team', 3, 'made up'],
  ['DRINKING IN PUBLIC', 'substance_use', 'care_team_with_ems', 2, 'LAPPL'],
  ['OPEN CONTAINER', 'substance_use', 'care_team_with_ems', 2, 'LAPPL: drinking in public'],
  ['PUBLIC URINATION', 'mental_health', 'care_team', 3, 'LAPPL'],
  ['TRESPASS - NO DANGER', 'mental_health', 'care_team', 3, 'LAPPL'],
  ['DRIVEWAY TOW', 'traffic_safety', 'care_team', 3, 'LAPPL item 11'],
  ['QUALITY OF LIFE', 'mental_health', 'care_team', 3, 'LAPPL item 1'],
  ['WATER RESCUE', 'out_of_scope', 'fire', 1, "a rescue is fire's"],
  ['SWIFT WATER RESCUE', 'out_of_scope', 'fire', 1, "a rescue is fire's"],
  ['PERSON IN WATER', 'out_of_scope', 'fire', 1, 'made up'],
  ['PIW', 'out_of_scope', 'fire', 1, 'CAD shorthand: person in water'],
  ['STRANDED MOTORIST - HIGH WATER', 'traffic_safety', 'fire', 1, 'made up: a stranded motorist in high water is a rescue'],
  ['MVA IN WATER', 'traffic_safety', 'fire', 1, 'made up'],
  ['CAR IN CANAL', 'out_of_scope', 'fire', 1, 'made up']
]

/** APCO 2.103 common incident types and EMD chief complaints some centres use as call types. */
const apco: Row[] = [
  ['SUICTHRT', 'mental_health', 'care_team', 1, 'APCO 2.103: suicide threat'],
  ['PHANDLE', 'mental_health', 'care_team', 3, 'APCO 2.103: panhandling'],
  ['CHESPAIN', 'out_of_scope', 'ems', 1, 'APCO 2.103: chest pain'],
  ['HEMRG', 'out_of_scope', 'ems', 1, 'APCO 2.103: haemorrhage'],
  ['PERUNCON', 'out_of_scope', 'ems', 1, 'APCO 2.103: person unconscious'],
  ['ABDOM', 'out_of_scope', 'ems', 2, 'APCO 2.103: abdominal pain'],
  ['MVAUNK', 'traffic_safety', 'care_team_with_ems', 2, 'APCO 2.103: collision, injuries unknown'],
  ['MVAINJY', 'traffic_safety', 'ems', 1, 'APCO 2.103: collision with injuries'],
  ['TSTOP', 'out_of_scope', 'police', 3, 'APCO 2.103: traffic stop'],
  ['DVA', 'out_of_scope', 'police', 1, 'APCO 2.103: domestic violence'],
  ['FSTRU', 'out_of_scope', 'fire', 1, 'APCO 2.103: structure fire'],
  ['MEDICAL - NON LIFE THREATENING', 'out_of_scope', 'ems', 2, 'made up: "non" reaches the phrase "life threatening", not a threat'],
  ['DROWNING/DIVING/SCUBA ACCIDENT', 'out_of_scope', 'ems', 1, 'EMD protocol 14: an accident that is not a collision'],
  ['PSYCHIATRIC EMERGENCY ALS 1', 'mental_health', 'care_team_with_ems', 1, 'shared lists; EMD protocol 25 at ALS']
]

const toCase =
  (group: string) =>
    ([callType, category, response, priority, source]: Row): TriageCase => ({
      name: `${group}: ${JSON.stringify(callType)} → ${category} / ${response} / ${priority} (${source})`,
      input: { callType },
      category,
      response,
      priority
    })

export const READING_CASES: TriageCase[] = [
  ...negationScope.map(toCase('reading, negation scope')),
  ...negatedButExcluded.map(toCase('reading, negated but excluded')),
  ...weapons.map(toCase('reading, weapons')),
  ...road.map(toCase('reading, road shorthand')),
  ...welfare.map(toCase('reading, welfare shorthand')),
  ...lappl.map(toCase('reading, LAPPL and rescue')),
  ...apco.map(toCase('reading, APCO and EMD')),
  // narratives: the negated word only
  {
    name: 'reading, narrative: "non criminal, hearing voices" keeps the voices',
    input: { narrative: 'non criminal call, man hearing voices' },
    category: 'mental_health',
    response: 'care_team'
  },
  {
    name: 'reading, narrative: "no weapons or violence" negates both, and says a care team fits',
    input: { narrative: 'no weapons or violence' },
    category: 'mental_health',
    response: 'care_team',
    missing: ['weapons', 'violence']
  },
  {
    name: 'reading, narrative: "does not have any weapons" reaches over "have any"',
    input: { narrative: 'man is upset, does not have any weapons' },
    response: 'care_team'
  },
  {
    name: 'reading, narrative: "not sure if he has a weapon" is not a no',
    input: { narrative: 'hearing voices, not sure if he has a weapon' },
    response: 'police'
  },
  { name: 'reading, narrative: "no he has a gun" is a gun', input: { narrative: 'caller says no he has a gun' }, response: 'police' },
  {
    name: 'reading, narrative: "no weapons other than a knife" has a knife',
    input: { narrative: 'hearing voices, no weapons other than a knife' },
    response: 'police'
  },
  {
    name: 'reading, narrative: "other than a knife, no weapons" has a knife',
    input: { narrative: 'other than a knife, no weapons' },
    response: 'police'
  },
  {
    name: 'reading, narrative: an injury other than a gunshot wound is EMS',
    input: { narrative: 'injury other than gunshot wound' },
    response: 'ems'
  },
  { name: 'reading, narrative: "denies SI/HI" negates both', input: { narrative: 'crying, denies SI/HI' }, response: 'care_team' },
  {
    name: 'reading, narrative: a car accident and a gun in one text is a weapons call',
    input: { narrative: 'car accident, driver has a gun' },
    response: 'police',
    category: 'out_of_scope'
  },
  // the questions rule: anyone hurt or threatened, asked first
  {
    name: 'reading, questions rule: a loud party asks violence, then injuries, first',
    input: { callType: 'LOUD PARTY' },
    response: 'co_response_police',
    missingFirst: 'violence',
    reason: /ask first whether anyone is hurt or threatened/
  },
  {
    name: 'reading, questions rule: answered "no violence", a care team goes alone',
    input: { callType: 'LOUD PARTY', answers: { violence: 'no' } },
    response: 'care_team',
    category: 'mental_health'
  },
  {
    name: 'reading, questions rule: answered "violence", police',
    input: { callType: 'LOUD PARTY', answers: { violence: 'yes' } },
    response: 'police'
  },
  {
    name: 'reading, questions rule: a disturbance at a park given at intake',
    input: { callType: 'DISTURBANCE', placeKind: 'park' },
    response: 'co_response_police',
    missingFirst: 'violence'
  },
  {
    name: 'reading, questions rule: "non-violent" noise is said, not answered: no floor',
    input: { callType: 'LOUD MUSIC - NON-VIOLENT' },
    response: 'care_team',
    missing: ['violence', 'injuries']
  }
]
