// Types of the EIDO components we write (NENA-STA-021 JSON, eidoVersion 1.0): a subset of the official schema.

export interface EidoReference {
  $ref: string
}

/** The prologue every data component starts with. */
export interface EidoPrologue {
  $id: string
  lastUpdateTimeStamp: string
  updatedByAgencyReference: EidoReference
}

export interface EidoAgency extends EidoPrologue {
  agencyRoleDescriptionRegistryText: string[]
  agencyType: string[]
  incidentOwningAgencyIndicator: boolean
}

export interface EidoDisposition extends EidoPrologue {
  dispositionCommonRegistryCode: string
  dispositionPrimaryIndicator: boolean
  dispositionCategoryText: string
  dispositionDescriptionText: string
  notesReference?: EidoReference[]
}

export interface EidoIncident extends EidoPrologue {
  incidentTypeCommonRegistryText: string
  incidentTypeInternalCode: string
  incidentTypeInternalText?: string
  incidentStatusInternalText: string[]
  internalIncidentId: string
  incidentPriorityInternalText: string
  beatOrDispatchGroupText?: string
  locationReference: EidoReference[]
  dispositionComponent?: EidoDisposition[]
}

export interface EidoCall extends EidoPrologue {
  standardPrimaryCallType: string
  localCallType: string
  direction: 'incoming' | 'outgoing' | 'internal'
  callStartTimestamp: string
  callStateRegistryText: string
  locationReference: EidoReference[]
  notesReference?: EidoReference[]
  callBackReference?: EidoReference
}

export interface EidoCallback extends EidoPrologue {
  callBackInformationUri: string[]
}

export interface EidoLocation extends EidoPrologue {
  locationTypeDescriptionRegistryText: string
  locationByValue: string
  locationDescriptionText?: string
}

export interface EidoNote extends EidoPrologue {
  notesActionComments: string
}

export interface EidoEmergencyResource extends EidoPrologue {
  emergencyResourceTypeCommonRegistryText: string
  emergencyResourceTypeInternalText?: string
  resourceAttributeRegistryText: string[]
  resourceAttributeInternalText?: string[]
  emergencyResourceName: string
  primaryUnitStatusRegistryText: string
  secondaryUnitStatusRegistryText: string[]
  unitStatusInternal: string[]
  agentReference: EidoReference[]
  notesReference?: EidoReference[]
}

export interface EidoDispatch extends EidoPrologue {
  agencyReference: EidoReference
  emergencyResourceReference?: EidoReference[]
  notesReference?: EidoReference[]
}

/** An Emergency Incident Data Object as we export it. */
export interface EidoDocument extends EidoPrologue {
  eidoVersion: '1.0'
  issuingElementIdentification: string
  incidentComponent: EidoIncident
  callComponent: EidoCall[]
  callbackComponent?: EidoCallback[]
  dispatchComponent: EidoDispatch[]
  notesComponent: EidoNote[]
  emergencyResourceComponent?: EidoEmergencyResource[]
  agencyComponent: EidoAgency[]
  locationComponent: EidoLocation[]
  '@context': { '@vocab': string }
}
