// Table of triage cases written from the published criteria (CAHOOTS, MACRO, PA A-Team, IAED 41, STAR/HEART/UMCR).
import type { Category, Priority, ResponseType } from '../../../server/domain/types'
import type { Answers, QuestionId, TriageInput } from '../../../server/domain/triage/types'
import { CAD_VOCABULARY_CASES } from './triage-cases-cad'
import { READING_CASES } from './triage-cases-reading'
import { YOUTH_CASES } from './triage-cases-youth'

export interface TriageCase {
  name: string
  input: TriageInput
  response?: ResponseType
  category?: Category
  priority?: Priority
  /** Officer-initiated enforcement stop (counted apart). */
  enforcementStop?: boolean
  /** Responses the case must never get. */
  notResponses?: ResponseType[]
  /** Questions that must be listed as missing. */
  missing?: QuestionId[]
  notMissing?: QuestionId[]
  missingFirst?: QuestionId
  reason?: RegExp
  /** Whether the result asks for a youth team (the `youth` need). */
  youth?: boolean
  /** The hand-off steps shown to the team, by id, in order. */
  handoff?: string[]
}

/** Every safety question answered the safe way (breathing/conscious: yes). */
export const ALL_SAFE: Answers = {
  weapons: 'no',
  violence: 'no',
  crimeInProgress: 'no',
  medicalEmergency: 'no',
  breathingConscious: 'yes',
  injuries: 'no',
  suicidalThoughts: 'no',
  suicidePlan: 'no',
  suicideMeans: 'no',
  suicideAttemptInProgress: 'no',
  domesticViolence: 'no',
  insideResidence: 'no',
  personInRoadway: 'no',
  vehicleBlockingTraffic: 'no',
  substancesInvolved: 'no'
}

const CARE_ONLY: ResponseType[] = ['care_team', 'care_team_with_ems', 'phone_988']

const ELIGIBLE = 'man on the corner talking to himself, says he hears voices, no weapons, not violent, not injured'
const HOPELESS = 'woman crying at the bus stop, says she feels hopeless, no weapons, not violent'

// ------------------------------------------------------------------ acceptance

const acceptance: TriageCase[] = [
  {
    name: 'acceptance: hears voices, all answered safe → mental_health / care_team',
    input: { narrative: ELIGIBLE, answers: ALL_SAFE },
    category: 'mental_health',
    response: 'care_team'
  },
  {
    name: 'acceptance: hears voices, no answers → care_team with unscreened questions listed',
    input: { narrative: ELIGIBLE },
    category: 'mental_health',
    response: 'care_team',
    missing: ['breathingConscious', 'medicalEmergency', 'weapons']
  },
  {
    name: 'acceptance: crying and hopeless, all answered safe → mental_health / care_team',
    input: { narrative: HOPELESS, answers: ALL_SAFE },
    category: 'mental_health',
    response: 'care_team'
  },
  {
    name: 'acceptance: hears voices and waving a gun → never care-only',
    input: { narrative: 'man says he hears voices and is waving a gun at people outside the store' },
    notResponses: [...CARE_ONLY],
    response: 'police'
  },
  {
    name: 'acceptance: waving a gun even with every answer "no" → police',
    input: { narrative: 'man says he hears voices and is waving a gun at people outside the store', answers: ALL_SAFE },
    response: 'police',
    reason: /screening answer was "no"/
  },
  {
    name: 'acceptance: insideResidence "no" does not block',
    input: { narrative: ELIGIBLE, answers: { ...ALL_SAFE, insideResidence: 'no' } },
    response: 'care_team'
  },
  {
    name: 'acceptance: breathingConscious "yes" is the safe answer',
    input: { narrative: ELIGIBLE, answers: { ...ALL_SAFE, breathingConscious: 'yes' } },
    response: 'care_team',
    notMissing: ['breathingConscious']
  }
]

// ------------------------------------------------------------------ every exclusion × eligible signals

const bases: Array<{ label: string; input: TriageInput }> = [
  { label: 'hears voices', input: { narrative: 'man hearing voices on the corner' } },
  { label: 'crying, hopeless', input: { narrative: 'woman crying at the bus stop, feels hopeless' } },
  { label: 'drunk in a doorway', input: { narrative: 'man drunk and sleeping in a doorway' } },
  { label: 'welfare check', input: { narrative: 'welfare check on an elderly man who seems confused' } },
  { label: 'trespass', input: { narrative: 'homeless man trespassing in a parking lot, refuses to leave' } },
  { label: 'suicidal thoughts', input: { narrative: 'caller says her brother is suicidal' } },
  { label: 'CAD EDP', input: { callType: 'EDP' } },
  { label: 'CAD DISVEH', input: { callType: 'DISVEH' } }
]

const exclusionPhrases: Array<{ label: string; text: string; response: ResponseType }> = [
  { label: 'has a gun', text: 'he has a gun', response: 'police' },
  { label: 'violent, punching', text: 'he is violent and punching people', response: 'police' },
  { label: 'burglary in progress', text: 'burglary in progress next door', response: 'police' },
  { label: 'domestic violence', text: 'her boyfriend hit her, domestic violence', response: 'police' },
  { label: 'suicide attempt', text: 'attempting suicide right now', response: 'ems' },
  { label: 'not breathing', text: 'he is not breathing', response: 'ems' },
  { label: 'seizure', text: 'having a seizure', response: 'ems' },
  { label: 'smoke', text: 'smoke coming from the building', response: 'fire' },
  { label: 'stockpiling pills', text: 'has been stockpiling pills', response: 'co_response_police' },
  { label: 'threats', text: 'making threats to staff', response: 'co_response_police' },
  { label: 'inside his apartment', text: 'he is inside his apartment', response: 'co_response_police' }
]

const exclusionAnswers: Array<{ q: QuestionId; a: 'yes' | 'no'; response: ResponseType }> = [
  { q: 'weapons', a: 'yes', response: 'police' },
  { q: 'violence', a: 'yes', response: 'police' },
  { q: 'crimeInProgress', a: 'yes', response: 'police' },
  { q: 'domesticViolence', a: 'yes', response: 'police' },
  { q: 'suicideAttemptInProgress', a: 'yes', response: 'ems' },
  { q: 'breathingConscious', a: 'no', response: 'ems' },
  { q: 'medicalEmergency', a: 'yes', response: 'ems' },
  { q: 'suicideMeans', a: 'yes', response: 'co_response_police' },
  { q: 'insideResidence', a: 'yes', response: 'co_response_police' }
]

function withText (input: TriageInput, text: string): TriageInput {
  return input.narrative != null ? { ...input, narrative: `${input.narrative}. ${text}` } : { ...input, narrative: text }
}

const exclusionCases: TriageCase[] = [
  ...bases.flatMap((b) =>
    exclusionPhrases.map((e): TriageCase => ({
      name: `exclusion wins: ${b.label} + "${e.label}" → ${e.response}`,
      input: withText(b.input, e.text),
      response: e.response,
      notResponses: ['care_team', 'care_team_with_ems', 'phone_988']
    }))
  ),
  ...bases.flatMap((b) =>
    exclusionAnswers.map((e): TriageCase => ({
      name: `exclusion wins: ${b.label} + answer ${e.q}=${e.a} → ${e.response}`,
      input: { ...b.input, answers: { ...ALL_SAFE, [e.q]: e.a } },
      response: e.response,
      notResponses: ['care_team', 'care_team_with_ems', 'phone_988']
    }))
  )
]

// ------------------------------------------------------------------ negation

const negations: TriageCase[] = [
  ...[
    'no weapons',
    'denies weapons',
    'unarmed',
    'weapons: none',
    'wpns neg',
    'he does not have a weapon',
    'he doesnt have a knife',
    'no gun or knife seen',
    'no wpn'
  ].map((t): TriageCase => ({
    name: `negation: "${t}" is not a weapon`,
    input: { narrative: `man hearing voices, ${t}`, answers: ALL_SAFE },
    response: 'care_team'
  })),
  ...['not violent', 'non-violent', 'nonviolent', 'no violence or threats', 'denies violence'].map((t): TriageCase => ({
    name: `negation: "${t}" is not violence`,
    input: { narrative: `woman yelling at cars, ${t}`, answers: ALL_SAFE },
    response: 'care_team'
  })),
  ...['denies suicidal thoughts', 'denies SI', 'denies SI/HI', 'denies any thoughts of suicide', 'not suicidal'].map(
    (t): TriageCase => ({
      name: `negation: "${t}" is not suicidal`,
      input: { narrative: `man crying on the bench, ${t}` },
      response: 'care_team',
      priority: 2,
      notMissing: ['suicidePlan', 'suicideMeans']
    })
  ),
  ...['without injuries', 'NO INJ', 'no one hurt', 'not injured', 'uninjured', 'W/O INJ', 'non-injury'].map((t): TriageCase => ({
    name: `negation: collision "${t}" → care_team`,
    input: { narrative: `minor collision, ${t}` },
    category: 'traffic_safety',
    response: 'care_team'
  })),
  {
    name: 'negation: "not breathing" is a danger sign, not a negation',
    input: { narrative: 'man on the sidewalk is not breathing' },
    response: 'ems',
    priority: 1
  },
  { name: 'negation: "no longer breathing" → ems', input: { narrative: 'drunk man no longer breathing' }, response: 'ems' },
  {
    name: 'negation: "not taking his meds" is a mental-health sign',
    input: { narrative: 'son not taking his meds, acting strange', answers: ALL_SAFE },
    category: 'mental_health',
    response: 'care_team'
  },
  {
    name: 'negation: "no weapons but has a knife" → police',
    input: { narrative: 'no weapons but has a knife in his pocket' },
    response: 'police'
  },
  {
    name: 'negation: "no weapons, violent" (comma ends negation) → police',
    input: { narrative: 'hearing voices, no weapons, violent' },
    response: 'police'
  },
  {
    name: 'negation: "no weapons hears voices" (no comma) still mental health',
    input: { narrative: 'no weapons hears voices', answers: ALL_SAFE },
    category: 'mental_health',
    response: 'care_team'
  },
  {
    name: 'negation: "possibly armed" counts as armed',
    input: { narrative: 'man hearing voices, possibly armed' },
    response: 'police'
  },
  {
    name: 'negation: "unknown if armed" leaves weapons unscreened',
    input: { narrative: 'man hearing voices, unknown if armed' },
    response: 'care_team',
    missingFirst: 'weapons',
    reason: /Weapons not yet screened/
  },
  {
    name: 'negation: answer "no" with narrative "no weapons" stays care_team',
    input: { narrative: 'no weapons, talking to himself', answers: ALL_SAFE },
    response: 'care_team'
  },
  {
    name: 'negation: narrative "no weapons" without an answer still asks to confirm',
    input: { narrative: 'no weapons, talking to himself' },
    missing: ['weapons'],
    reason: /Weapons: the narrative says none; confirm/
  },
  {
    name: 'negation: "denies plan" and "no means" with suicidal thoughts → care_team priority 2',
    input: {
      narrative: 'suicidal, denies plan, no means',
      answers: { ...ALL_SAFE, suicidalThoughts: 'yes', suicidePlan: 'unknown', suicideMeans: 'unknown' }
    },
    response: 'care_team',
    priority: 2
  },
  {
    name: 'negation: "not drunk" is not substance use',
    input: { narrative: 'not drunk, just confused and wandering', answers: ALL_SAFE },
    category: 'mental_health'
  },
  {
    name: 'negation: "no DV" is not domestic violence',
    input: { narrative: 'couple arguing loudly, no DV, no weapons', answers: ALL_SAFE },
    response: 'care_team'
  },
  {
    name: 'negation: "nobody hurt" after a crash',
    input: { callType: 'TC', narrative: 'two cars crashed, nobody hurt' },
    response: 'care_team'
  },
  {
    name: 'negation: reaches across "or": "no weapons or violence"',
    input: { narrative: 'hearing voices, no weapons or violence', answers: { ...ALL_SAFE, weapons: 'unknown', violence: 'unknown' } },
    response: 'care_team',
    reason: /Violence or threats: the narrative says none/
  }
]

// ------------------------------------------------------------------ unknown answers

const unknowns: TriageCase[] = [
  ...(
    [
      'weapons',
      'violence',
      'crimeInProgress',
      'medicalEmergency',
      'breathingConscious',
      'injuries',
      'suicideAttemptInProgress',
      'domesticViolence',
      'insideResidence'
    ] as QuestionId[]
  ).map((q): TriageCase => ({
    name: `unknown: ${q} unanswered on an eligible call → still care_team, ${q} listed as missing`,
    input: { narrative: 'man hearing voices on the corner', answers: { ...ALL_SAFE, [q]: 'unknown' } },
    response: 'care_team',
    missing: [q],
    reason: /(not yet screened: ask before dispatch|says none; confirm before dispatch)/
  })),
  {
    name: 'unknown: absent answers behave like "unknown"',
    input: { narrative: 'man hearing voices on the corner', answers: {} },
    response: 'care_team',
    missingFirst: 'weapons'
  },
  {
    name: 'unknown: missing questions come most important first (weapons before alcohol)',
    input: { narrative: 'man hearing voices' },
    missingFirst: 'weapons',
    missing: ['substancesInvolved']
  },
  {
    name: 'unknown: suicidal, plan and means unknown → priority 1',
    input: {
      narrative: 'caller is suicidal',
      answers: { ...ALL_SAFE, suicidalThoughts: 'yes', suicidePlan: 'unknown', suicideMeans: 'unknown' }
    },
    response: 'care_team',
    priority: 1,
    missing: ['suicidePlan', 'suicideMeans']
  },
  {
    name: 'unknown: suicidal, plan and means answered no → priority 2',
    input: { narrative: 'caller is suicidal', answers: { ...ALL_SAFE, suicidalThoughts: 'yes' } },
    response: 'care_team',
    priority: 2
  },
  {
    name: 'unknown: intoxicated, consciousness unknown → care team with EMS',
    input: { callType: 'INTOX' },
    category: 'substance_use',
    response: 'care_team_with_ems'
  },
  {
    name: 'unknown: intoxicated, breathing and medical answered safe → care team',
    input: { callType: 'INTOX', answers: ALL_SAFE },
    category: 'substance_use',
    response: 'care_team'
  },
  {
    name: 'unknown: collision, injuries unknown → care team with EMS',
    input: { callType: 'MVA' },
    category: 'traffic_safety',
    response: 'care_team_with_ems'
  },
  {
    name: 'unknown: collision, injuries answered no → care team',
    input: { callType: 'MVA', answers: ALL_SAFE },
    category: 'traffic_safety',
    response: 'care_team'
  },
  {
    name: 'unknown: answer "unknown" on suicide means blocks the 988 phone line',
    input: {
      narrative: 'caller just wants to talk to someone, feels hopeless',
      answers: { ...ALL_SAFE, suicidalThoughts: 'yes', suicideMeans: 'unknown' }
    },
    response: 'care_team',
    notResponses: ['phone_988']
  },
  {
    name: 'unknown: out-of-scope call asks no care-team questions',
    input: { callType: 'SUSPICIOUS PERSON' },
    category: 'out_of_scope',
    response: 'police',
    notMissing: ['weapons', 'violence']
  },
  {
    name: 'unknown: an empty call is out of scope, with a reason',
    input: {},
    category: 'out_of_scope',
    response: 'police',
    reason: /No call type, narrative or screening answers/
  },
  {
    name: 'unknown: a garbage answer value is read as unknown',
    input: { narrative: 'man hearing voices', answers: { ...ALL_SAFE, weapons: 'maybe' as never } },
    response: 'care_team',
    missing: ['weapons']
  }
]

// ------------------------------------------------------------------ abbreviations

const abbreviations: TriageCase[] = [
  { name: 'abbreviation: "SUBJ W/ KNIFE" → police', input: { callType: 'EDP', narrative: 'SUBJ W/ KNIFE' }, response: 'police' },
  { name: 'abbreviation: "W/KNIFE" without a space → police', input: { narrative: 'EDP W/KNIFE' }, response: 'police' },
  { name: 'abbreviation: "5150 W/ WPN" → police', input: { callType: '5150 W/ WPN' }, response: 'police', category: 'mental_health' },
  {
    name: 'abbreviation: "MVA NO INJ" → traffic care_team',
    input: { callType: 'MVA NO INJ' },
    category: 'traffic_safety',
    response: 'care_team'
  },
  {
    name: 'abbreviation: "T/C NO INJ" → traffic care_team',
    input: { callType: 'T/C NO INJ' },
    category: 'traffic_safety',
    response: 'care_team'
  },
  {
    name: 'abbreviation: "MVA W/O INJ" → traffic care_team',
    input: { callType: 'MVA W/O INJ' },
    category: 'traffic_safety',
    response: 'care_team'
  },
  { name: 'abbreviation: "BURGLARY I/P" → police priority 1', input: { callType: 'BURGLARY I/P' }, response: 'police', priority: 1 },
  {
    name: 'abbreviation: "BURGLARY" (not in progress) → police priority 3',
    input: { callType: 'BURGLARY' },
    response: 'police',
    priority: 3,
    category: 'out_of_scope'
  },
  {
    name: 'abbreviation: "OD" in the narrative → ems',
    input: { narrative: 'poss OD in the park' },
    response: 'ems',
    category: 'substance_use'
  },
  {
    name: 'abbreviation: "EDP" in the narrative → mental health',
    input: { narrative: 'EDP yelling at traffic lights', answers: ALL_SAFE },
    category: 'mental_health',
    response: 'care_team'
  },
  { name: 'abbreviation: "DV" → police', input: { narrative: 'DV call, man shouting' }, response: 'police' },
  { name: 'abbreviation: "GSW" → police', input: { narrative: 'GSW to the leg' }, response: 'police' },
  { name: 'abbreviation: "UNC" → ems', input: { narrative: 'subj UNC on the bus bench' }, response: 'ems' },
  {
    name: 'abbreviation: "ETOH" → substance use',
    input: { narrative: 'ETOH, sitting on the curb', answers: ALL_SAFE },
    category: 'substance_use',
    response: 'care_team'
  },
  {
    name: 'abbreviation: "SI" → suicidal thoughts',
    input: { narrative: 'pt reports SI' },
    category: 'mental_health',
    missing: ['suicidePlan', 'suicideMeans']
  },
  { name: 'abbreviation: "H&R" → police', input: { callType: 'H&R' }, response: 'police', category: 'traffic_safety' },
  { name: 'abbreviation: "ADW" → police', input: { callType: 'ADW' }, response: 'police' },
  { name: 'abbreviation: "WPN" alone → police', input: { narrative: 'EDP WPN' }, response: 'police' },
  {
    name: 'abbreviation: "PED IN RDWY" style "PED IN ROADWAY" → priority 1',
    input: { callType: 'PED IN ROADWAY' },
    priority: 1,
    category: 'traffic_safety'
  },
  { name: 'HTML entity: "HIT &amp; RUN" → police', input: { callType: 'HIT &amp; RUN' }, response: 'police' },
  {
    name: 'HTML entity: "man w/ knife &amp; yelling" → police',
    input: { narrative: 'man w/ knife &amp; yelling' },
    response: 'police'
  },
  {
    name: 'HTML entity: &quot;hearing voices&quot; → mental health',
    input: { narrative: 'says he is &quot;hearing voices&quot;', answers: ALL_SAFE },
    category: 'mental_health',
    response: 'care_team'
  },
  {
    name: 'HTML entity: numeric &#39; apostrophe in "doesn&#39;t have a gun"',
    input: { narrative: 'hearing voices, he doesn&#39;t have a gun', answers: ALL_SAFE },
    response: 'care_team'
  },
  { name: 'HTML entity: double-encoded &amp;amp; in "H&amp;amp;R"', input: { callType: 'H&amp;amp;R' }, response: 'police' }
]

// ------------------------------------------------------------------ misspellings

const misspellings: TriageCase[] = [
  {
    name: 'misspelling: "sucidal" read as suicidal',
    input: { narrative: 'man is sucidal' },
    category: 'mental_health',
    missing: ['suicidePlan']
  },
  { name: 'misspelling: "suicdal, has a gun" → police', input: { narrative: 'suicdal, has a gun' }, response: 'police' },
  { name: 'misspelling: "overdoes" read as overdose → ems', input: { narrative: 'friend overdoes on heroin' }, response: 'ems' },
  { name: 'misspelling: "wepon" read as weapon → police', input: { narrative: 'EDP with a wepon' }, response: 'police' },
  { name: 'misspelling: "knif" read as knife → police', input: { narrative: 'man has a knif' }, response: 'police' },
  {
    name: 'misspelling: "unconcious" read as unconscious → ems',
    input: { narrative: 'woman unconcious on the sidewalk' },
    response: 'ems'
  },
  {
    name: 'misspelling: "intoxicted" read as intoxicated',
    input: { narrative: 'intoxicted man sitting on the curb', answers: ALL_SAFE },
    category: 'substance_use',
    response: 'care_team'
  },
  {
    name: 'misspelling: "halucinating" read as hallucinating',
    input: { narrative: 'woman halucinating', answers: ALL_SAFE },
    category: 'mental_health',
    response: 'care_team'
  },
  {
    name: 'misspelling: "colision" read as collision',
    input: { narrative: 'minor colision, no injuries' },
    category: 'traffic_safety',
    response: 'care_team'
  },
  { name: 'misspelling: "violant" read as violent → police', input: { narrative: 'son is violant' }, response: 'police' },
  { name: 'misspelling: "asault" read as assault → police', input: { narrative: 'asault outside the bar' }, response: 'police' },
  {
    name: 'misspelling: "threatning" read as threatening → co-response',
    input: { narrative: 'man hearing voices, threatning staff at the shelter' },
    response: 'co_response_police'
  },
  { name: 'misspelling: "pistl" read as pistol → police', input: { narrative: 'has a pistl in his waistband' }, response: 'police' },
  { name: 'misspelling: CAD "SUICIDL" → mental health', input: { callType: 'SUICIDL' }, category: 'mental_health' },
  {
    name: 'no false typo: "shouting" is not "shooting"',
    input: { narrative: 'man shouting at cars', answers: ALL_SAFE },
    response: 'care_team'
  },
  {
    name: 'no false typo: "insured" is not "injured"',
    input: { narrative: 'minor collision, both drivers insured, no injuries' },
    response: 'care_team'
  },
  {
    name: 'no false typo: "piston" is not "pistol"',
    input: { narrative: 'car broke down, says the piston failed, no injuries', answers: ALL_SAFE },
    response: 'care_team',
    category: 'traffic_safety'
  },
  {
    name: 'no false typo: "struggling" is not violence',
    input: { narrative: 'struggling with depression, crying', answers: ALL_SAFE },
    response: 'care_team'
  },
  {
    name: 'no false typo: "homeless" stays homeless (not "hopeless")',
    input: { narrative: 'homeless man sleeping on the sidewalk', answers: ALL_SAFE },
    category: 'mental_health',
    response: 'care_team'
  },
  {
    name: 'no false typo: "breaking windows" is a threat, not breathing',
    input: { narrative: 'man hearing voices, breaking windows' },
    response: 'co_response_police'
  }
]

// ------------------------------------------------------------------ CAD call types

const cad: Array<[string, Category, ResponseType]> = [
  ['EDP', 'mental_health', 'care_team'],
  ['5150', 'mental_health', 'care_team'],
  ['5150A', 'mental_health', 'care_team'],
  ['51-50', 'mental_health', 'care_team'],
  ['5150 EVAL', 'mental_health', 'care_team'],
  ['5150V', 'mental_health', 'police'],
  ['918', 'mental_health', 'care_team'],
  ['MENTAL PATIENT', 'mental_health', 'care_team'],
  ['MENTAL PT', 'mental_health', 'care_team'],
  ['WELFARE', 'mental_health', 'care_team'],
  ['WELF CHK', 'mental_health', 'care_team'],
  ['CHECK THE WELFARE', 'mental_health', 'care_team'],
  ['SUICIDAL', 'mental_health', 'care_team'],
  ['SUICIDE ATTEMPT', 'mental_health', 'ems'],
  ['TRESPASS', 'mental_health', 'care_team'],
  ['602', 'mental_health', 'care_team'],
  ['INDECENT EXPOSURE', 'mental_health', 'care_team'],
  ['NON-VIOLENT DISPUTE', 'mental_health', 'care_team'],
  ['INTOX', 'substance_use', 'care_team_with_ems'],
  ['DRUNK IN PUBLIC', 'substance_use', 'care_team_with_ems'],
  ['390', 'substance_use', 'care_team_with_ems'],
  ['647(f)', 'substance_use', 'care_team_with_ems'],
  ['OD', 'substance_use', 'ems'],
  ['OVERDOSE', 'substance_use', 'ems'],
  ['DISVEH', 'traffic_safety', 'care_team'],
  ['STALLED VEH', 'traffic_safety', 'care_team'],
  ['11-26', 'traffic_safety', 'care_team'],
  ['MVA', 'traffic_safety', 'care_team_with_ems'],
  ['MVA-NI', 'traffic_safety', 'care_team'],
  ['TRAFFIC COLLISION - NO INJURIES', 'traffic_safety', 'care_team'],
  ['TRAFFIC COLLISION - INJURIES', 'traffic_safety', 'ems'],
  ['11-82', 'traffic_safety', 'care_team'],
  ['11-80', 'traffic_safety', 'ems'],
  ['HIT AND RUN', 'traffic_safety', 'police'],
  ['20001', 'traffic_safety', 'ems'],
  ['DUI', 'traffic_safety', 'police'],
  ['ROAD HAZARD', 'traffic_safety', 'care_team'],
  ['11-25', 'traffic_safety', 'care_team'],
  ['ADW', 'out_of_scope', 'police'],
  ['245', 'out_of_scope', 'police'],
  ['MAN WITH GUN', 'out_of_scope', 'police'],
  ['SHOTS FIRED', 'out_of_scope', 'police'],
  ['DV', 'out_of_scope', 'police'],
  ['273.5', 'out_of_scope', 'police'],
  ['ROBBERY', 'out_of_scope', 'police'],
  ['STRUCTURE FIRE', 'out_of_scope', 'fire'],
  ['MEDICAL', 'out_of_scope', 'ems'],
  ['UNCONSCIOUS', 'out_of_scope', 'ems'],
  ['NOISE COMPLAINT', 'mental_health', 'co_response_police'],
  ['SUSPICIOUS PERSON', 'out_of_scope', 'police'],
  ['', 'out_of_scope', 'police'],
  ['   ', 'out_of_scope', 'police'],
  ['edp', 'mental_health', 'care_team'],
  ['Drunk In Public', 'substance_use', 'care_team_with_ems']
]

const cadCases: TriageCase[] = cad.map(([code, category, response]): TriageCase => ({
  name: `CAD call type ${JSON.stringify(code)} → ${category} / ${response}`,
  input: { callType: code },
  category,
  response
}))

// ------------------------------------------------------------------ traffic

const traffic: TriageCase[] = [
  {
    name: 'traffic: broken down on the shoulder, no injuries → care_team priority 3',
    input: { narrative: 'car broken down on the shoulder, driver ok, no injuries', answers: ALL_SAFE },
    category: 'traffic_safety',
    response: 'care_team',
    priority: 3
  },
  {
    name: 'traffic: stalled in lanes blocking traffic → priority 2',
    input: { narrative: 'car stalled, blocking traffic, no injuries' },
    category: 'traffic_safety',
    response: 'care_team',
    priority: 2
  },
  {
    name: 'traffic: fender bender exchanging info → care_team',
    input: { narrative: 'minor fender bender, no injuries, drivers exchanging info' },
    category: 'traffic_safety',
    response: 'care_team',
    priority: 3
  },
  {
    name: 'traffic: collision with a driver bleeding → ems',
    input: { narrative: 'collision, driver bleeding from the head' },
    response: 'ems',
    priority: 1
  },
  {
    name: 'traffic: collision with injuries answered yes → ems',
    input: { callType: 'TC', answers: { injuries: 'yes' } },
    category: 'traffic_safety',
    response: 'ems'
  },
  {
    name: 'traffic: hit and run, no injuries → police',
    input: { narrative: 'hit and run, no injuries, other driver fled' },
    category: 'traffic_safety',
    response: 'police'
  },
  {
    name: 'traffic: drunk driver swerving → police',
    input: { narrative: 'drunk driver swerving on Main St' },
    category: 'traffic_safety',
    response: 'police'
  },
  {
    name: 'traffic: debris in the road → care_team priority 2',
    input: { narrative: 'mattress and debris in the road' },
    category: 'traffic_safety',
    response: 'care_team',
    priority: 2
  },
  {
    name: 'traffic: pedestrian walking in traffic → priority 1',
    input: { narrative: 'pedestrian walking in traffic' },
    category: 'traffic_safety',
    priority: 1
  },
  { name: 'traffic: car on fire → fire', input: { narrative: 'car on fire on the freeway' }, response: 'fire' },
  {
    name: 'traffic: DISVEH with a person in the roadway → priority 1',
    input: { callType: 'DISVEH', answers: { personInRoadway: 'yes' } },
    category: 'traffic_safety',
    priority: 1
  },
  {
    name: 'traffic: DISVEH with a vehicle blocking → priority 2',
    input: { callType: 'DISVEH', answers: { vehicleBlockingTraffic: 'yes' } },
    category: 'traffic_safety',
    priority: 2
  },
  { name: 'traffic: DISVEH with injuries → ems', input: { callType: 'DISVEH', answers: { injuries: 'yes' } }, response: 'ems' },
  { name: 'traffic: pedestrian struck → ems', input: { narrative: 'pedestrian struck by a car' }, response: 'ems' },
  {
    name: 'traffic: traffic light out → care_team',
    input: { narrative: 'traffic signal out at the intersection' },
    category: 'traffic_safety',
    response: 'care_team'
  },
  { name: 'traffic: street racing → police', input: { narrative: 'street racing on the boulevard' }, response: 'police' },
  {
    name: 'traffic: a traffic call lists the roadway questions',
    input: { callType: 'DISVEH' },
    missing: ['personInRoadway', 'vehicleBlockingTraffic'],
    notMissing: ['suicidalThoughts']
  }
]

// ------------------------------------------------------------------ 988 phone line, priorities, residence

const phoneAndPriority: TriageCase[] = [
  {
    name: '988: caller wants to talk, everything answered safe → phone_988',
    input: { narrative: 'caller just wants to talk to someone, feels hopeless', answers: { ...ALL_SAFE, suicidalThoughts: 'yes' } },
    response: 'phone_988',
    priority: 2
  },
  {
    name: '988: at home does not block a phone call',
    input: { narrative: 'caller at home just wants to talk to someone', answers: { ...ALL_SAFE, insideResidence: 'yes' } },
    response: 'phone_988'
  },
  {
    name: '988: a plan → care team now, not phone',
    input: { narrative: 'caller just wants to talk to someone', answers: { ...ALL_SAFE, suicidalThoughts: 'yes', suicidePlan: 'yes' } },
    response: 'care_team',
    priority: 1
  },
  {
    name: '988: means → co-response, not phone',
    input: {
      narrative: 'caller just wants to talk to someone',
      answers: { ...ALL_SAFE, suicidalThoughts: 'yes', suicideMeans: 'yes' }
    },
    response: 'co_response_police'
  },
  {
    name: '988: a weapon → police, not phone',
    input: { narrative: 'caller just wants to talk to someone, has a gun', answers: { ...ALL_SAFE, suicidalThoughts: 'yes' } },
    response: 'police'
  },
  {
    name: '988: without a request to talk → care team',
    input: { narrative: 'feels hopeless', answers: { ...ALL_SAFE, suicidalThoughts: 'yes' } },
    response: 'care_team'
  },
  {
    name: '988: with no answers at all → care team, never phone',
    input: { narrative: 'caller just wants to talk to someone' },
    response: 'care_team'
  },
  {
    name: 'suicidal, has a gun → never care_team',
    input: { narrative: 'suicidal, has a gun' },
    response: 'police',
    notResponses: [...CARE_ONLY]
  },
  {
    name: 'suicidal with a plan → priority 1',
    input: { narrative: 'suicidal and has a plan', answers: { ...ALL_SAFE, suicidalThoughts: 'yes' } },
    priority: 1,
    response: 'care_team'
  },
  {
    name: 'cutting herself → co-response (self-harm with means)',
    input: { narrative: 'teen cutting herself in the park' },
    response: 'co_response_police',
    category: 'mental_health'
  },
  {
    name: 'threatening to jump from the bridge → ems',
    input: { narrative: 'man threatening to jump from the bridge' },
    response: 'ems',
    priority: 1
  },
  {
    name: 'threatening to kill himself → suicidal, not a threat to others',
    input: { narrative: 'threatening to kill himself', answers: { ...ALL_SAFE, suicidalThoughts: 'yes' } },
    response: 'care_team'
  },
  { name: 'threatening to kill his neighbor → police', input: { narrative: 'threatening to kill his neighbor' }, response: 'police' },
  {
    name: 'history of violence → co-response',
    input: { narrative: 'hearing voices, history of violence' },
    response: 'co_response_police'
  },
  {
    name: 'welfare check inside the residence → co-response (MACRO)',
    input: { callType: 'WELFARE', narrative: 'elderly woman inside her apartment not answering' },
    response: 'co_response_police'
  },
  {
    name: 'welfare check outdoors → care team priority 3',
    input: { callType: 'WELFARE', answers: ALL_SAFE },
    response: 'care_team',
    priority: 3
  },
  {
    name: 'injured but otherwise eligible → care team with EMS',
    input: { narrative: 'man hearing voices, has a cut on his arm', answers: { ...ALL_SAFE, injuries: 'yes' } },
    response: 'care_team_with_ems'
  },
  {
    name: 'intoxicated and passed out → ems',
    input: { narrative: 'drunk man passed out at the bus stop' },
    response: 'ems',
    category: 'substance_use'
  },
  {
    name: 'mental health and drugs → mental health category',
    input: { narrative: 'paranoid, using meth', answers: { ...ALL_SAFE, substancesInvolved: 'yes' } },
    category: 'mental_health',
    response: 'care_team'
  },
  {
    name: 'substance answer only → substance_use',
    input: { narrative: 'sitting on the curb', answers: { ...ALL_SAFE, substancesInvolved: 'yes' } },
    category: 'substance_use',
    response: 'care_team'
  },
  {
    name: 'a parking complaint is a traffic care call, not police',
    input: { callType: 'PARKING' },
    category: 'traffic_safety',
    response: 'care_team',
    priority: 3
  }
]

export const TRIAGE_CASES: TriageCase[] = [
  ...acceptance,
  ...exclusionCases,
  ...negations,
  ...unknowns,
  ...abbreviations,
  ...misspellings,
  ...cadCases,
  ...traffic,
  ...phoneAndPriority,
  ...CAD_VOCABULARY_CASES,
  ...YOUTH_CASES,
  ...READING_CASES
]
