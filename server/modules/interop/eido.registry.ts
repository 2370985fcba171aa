// NENA EIDO registry values we write, as small reviewable tables: APCO incident types, unit status, dispositions.
import { CATEGORIES, RESPONSES, type Category, type ResponseType, type TeamStatus } from '../../domain/types'
import type { Disposition } from '../../domain/lifecycle'

/**
 * APCO common incident type codes (APCO/CSAA ANS 2.103), the registry `incidentTypeCommonRegistryText`
 * refers to: copied from NENA911/EIDO-JSON Schema/NIEMComponents/apco.yaml
 * (apcoIncidentCategoryCodeSimpleType). Tests check every code we map to is in this list.
 */
export const APCO_INCIDENT_TYPES = [
  '911H',
  '911OPN',
  'ABDOM',
  'ABDUCTF',
  'ABDUCTNF',
  'ABUSE',
  'ACCIND',
  'ADMIN',
  'AIR',
  'ALIEN',
  'ALLERGIC',
  'ALRBA',
  'ALRBOX',
  'ALRBS',
  'ALRCO',
  'ALRCO2',
  'ALRDEFIB',
  'ALRF',
  'ALRGAS',
  'ALRHEAT',
  'ALRKPAD',
  'ALRMED',
  'ALRNGAS',
  'ALRPANA',
  'ALRPANS',
  'ALRPROPN',
  'ALRPULL',
  'ALRROBA',
  'ALRROBS',
  'ALRU',
  'ALRVEH',
  'ALRWTR',
  'ALS',
  'ANIMAL',
  'ASSAULT',
  'ASSIST',
  'ATL',
  'BACK',
  'BARICADE',
  'BIO',
  'BITE',
  'BLDCLPSE',
  'BLEEDING',
  'BLS',
  'BOMB',
  'BRGCLPSE',
  'BURGLARY',
  'BURN',
  'CARDIAC',
  'CARJACK',
  'CHEMICAL',
  'CHESPAIN',
  'CHOKE',
  'CITASST',
  'CIVDIS',
  'CIVIL',
  'CNTRFT',
  'CRIMPS',
  'CRIMTRAF',
  'CURFEW',
  'DEATH',
  'DEATHNTF',
  'DIABETIC',
  'DISORD',
  'DISVEH',
  'DROWN',
  'DRUGPAR',
  'DRUGS',
  'DUI',
  'DVA',
  'DVNA',
  'EDP',
  'ELEC',
  'ELECHZD',
  'ELUDING',
  'ENTRAP',
  'ESCAPE',
  'EXPLOS',
  'EXPOSURE',
  'EXTORT',
  'EYE',
  'FAIRC',
  'FALL',
  'FAPT',
  'FARSON',
  'FBRUSH',
  'FELEC',
  'FFUEL',
  'FIGHT',
  'FIREWRKS',
  'FMARINE',
  'FORCENTR',
  'FOTHER',
  'FRAUD',
  'FREPORT',
  'FSMOKE',
  'FSTRU',
  'FTRAILER',
  'FTRAIN',
  'FTRASH',
  'FTRUCK',
  'FUNK',
  'FVEH',
  'GASLEAK',
  'HARR',
  'HAZMAT',
  'HEADACHE',
  'HEMRG',
  'HOMICIDE',
  'HOSTAGE',
  'INDECENT',
  'INFO',
  'INTERNET',
  'INTOX',
  'INVEST',
  'LARCENY',
  'LIQUOR',
  'MAJORINC',
  'MAYDAY',
  'MCI',
  'MISBOATR',
  'MISCON',
  'MVA',
  'MVAHR',
  'MVAINJY',
  'MVAUNK',
  'NEGLECT',
  'NOISE',
  'OD',
  'ODOR',
  'OPEN',
  'ORDERV',
  'PANDEMIC',
  'PARKING',
  'PERFND',
  'PERMISS',
  'PERSUSP',
  'PERUNCON',
  'PERWANT',
  'PHANDLE',
  'PREG',
  'PROPFND',
  'PROPLOST',
  'PROPSTLN',
  'PUBWKS',
  'PURSUIT',
  'RADIAT',
  'RECKDRV',
  'REPO',
  'RESCUE',
  'RESIST',
  'RESP',
  'RESPARR',
  'ROBBERY',
  'RUNAWAY',
  'SAR',
  'SEIZURE',
  'SEXOFFNS',
  'SHOOT',
  'SHOPLIFT',
  'SICK',
  'SMOKING',
  'STABBING',
  'STDBY',
  'STROKE',
  'SUBJSTP',
  'SUICIDE',
  'SUICTHRT',
  'SUSP',
  'TERROR',
  'THAZ',
  'THREATS',
  'TOW',
  'TRAIN',
  'TRAINDRL',
  'TRANSFER',
  'TRAUMA',
  'TRAUMAP',
  'TRESPASS',
  'TROUBLE',
  'TRUANT',
  'TSTOP',
  'VANDAL',
  'VEHABND',
  'VEHASST',
  'VEHLOCK',
  'VEHREC',
  'VEHSTLN',
  'VEHSUSP',
  'VICE',
  'WARRANT',
  'WATER',
  'WEAPON',
  'WELFARE',
  'WILDLIFE',
  'WIRES',
  'XTRACATE'
] as const
export type ApcoIncidentType = (typeof APCO_INCIDENT_TYPES)[number]

/** What each APCO code we use means, as we read it (the schema lists the codes without their meaning). */
export const APCO_CODES_WE_USE: Readonly<Partial<Record<ApcoIncidentType, string>>> = {
  EDP: 'Emotionally disturbed person (mental-health crisis)',
  INTOX: 'Intoxicated person',
  OD: 'Overdose or poisoning',
  THAZ: 'Traffic hazard (disabled vehicle, debris, person in the roadway)',
  MVAUNK: 'Vehicle collision, injuries unknown',
  MVAINJY: 'Vehicle collision with injuries',
  FVEH: 'Vehicle fire',
  FUNK: 'Fire, kind unknown',
  CITASST: 'Citizen assist',
  SICK: 'Sick person',
  TROUBLE: 'Unknown trouble'
}

/**
 * Our category and response → the APCO common incident type. The code says what the call is about
 * (the category); the response changes it only where it tells the receiving centre something the
 * category does not: a fire, injuries on a collision, a medical emergency with drugs (overdose).
 * Police and co-response answers keep the category's code: the reason (weapons, violence) travels in
 * the notes, and guessing a crime type from a care-team triage would put words in the caller's mouth.
 */
export const INCIDENT_TYPE_BY_TRIAGE: Readonly<Record<Category, Readonly<Record<ResponseType, ApcoIncidentType>>>> = {
  mental_health: {
    care_team: 'EDP',
    care_team_with_ems: 'EDP',
    co_response_police: 'EDP',
    police: 'EDP',
    ems: 'EDP',
    fire: 'FUNK',
    phone_988: 'EDP'
  },
  substance_use: {
    care_team: 'INTOX',
    care_team_with_ems: 'INTOX',
    co_response_police: 'INTOX',
    police: 'INTOX',
    ems: 'OD',
    fire: 'FUNK',
    phone_988: 'INTOX'
  },
  traffic_safety: {
    care_team: 'THAZ',
    care_team_with_ems: 'MVAUNK',
    co_response_police: 'THAZ',
    police: 'THAZ',
    ems: 'MVAINJY',
    fire: 'FVEH',
    phone_988: 'THAZ'
  },
  out_of_scope: {
    care_team: 'CITASST',
    care_team_with_ems: 'CITASST',
    co_response_police: 'CITASST',
    police: 'TROUBLE',
    ems: 'SICK',
    fire: 'FUNK',
    phone_988: 'CITASST'
  }
}

/** Our own incident type code, written as `incidentTypeInternalCode` beside the APCO code. */
export function internalIncidentCode (category: Category, response: ResponseType): string {
  return `${category}.${response}`
}

/** True for a code of the form `internalIncidentCode` writes (a document we exported). */
export function isOwnInternalCode (code: string): boolean {
  const [category, response, ...rest] = code.trim().split('.')
  return (
    rest.length === 0 &&
    (CATEGORIES as readonly string[]).includes(category) &&
    (RESPONSES as readonly string[]).includes(response ?? '')
  )
}

/**
 * Team status → Primary Unit Status registry value. The registry is published by NENA, not in the
 * schema repository: these are the plain names, and `unitStatusInternal` carries our exact status.
 */
export const PRIMARY_UNIT_STATUS: Readonly<Record<TeamStatus, string>> = {
  off_duty: 'OutOfService',
  available: 'Available',
  dispatched: 'Dispatched',
  en_route: 'Enroute',
  on_scene: 'OnScene',
  transporting: 'Transporting',
  at_facility: 'AtDestination',
  out_of_service: 'OutOfService',
  recovering: 'Unavailable'
}

/**
 * Our dispositions → common disposition (APCO ANS 1.111, "Common Disposition Codes for Data
 * Exchange"). Our code goes beside it as `dispositionCategoryText` and its wording as the description.
 */
export const COMMON_DISPOSITION: Readonly<Record<Disposition, string>> = {
  resolved_on_scene: 'Assistance Rendered',
  referred_services: 'Referred to Other Agency',
  transported_crisis: 'Transported',
  transported_hospital: 'Transported',
  transported_shelter: 'Transported',
  handed_to_police: 'Referred to Other Agency',
  handed_to_ems: 'Referred to Other Agency',
  refused_services: 'Service Refused',
  unable_to_locate: 'Unable to Locate',
  no_service_needed: 'Unfounded',
  duplicate: 'Duplicate'
}
export const DISPOSITION_REFERRED = 'Referred to Other Agency'
export const DISPOSITION_CANCELLED = 'Canceled'

/** Fixed values of the components we write. */
export const EIDO_VERSION = '1.0'
export const AGENCY_ROLES = ['Dispatch'] as const
export const DEFAULT_AGENCY_TYPES = ['psap'] as const
export const LOCATION_TYPE_INCIDENT = 'Incident'
export const RESOURCE_TYPE = 'Other'
export const RESOURCE_ATTRIBUTE = 'Other'
export const PRIMARY_CALL_TYPE = 'emergency'
export const JSON_LD_CONTEXT = { '@vocab': './JSON-LD_Contexts/EmergencyIncidentDataObjectType.jsonld' } as const
