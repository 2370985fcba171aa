// What the simulator's hot path needs of scenarios without loading the schema library (replication
// workers stay small): the demand categories and the error type.

/** Categories a care-team program takes calls for (out_of_scope only arises from triage). */
export const DEMAND_CATEGORIES = ['mental_health', 'substance_use', 'traffic_safety'] as const
export type DemandCategory = (typeof DEMAND_CATEGORIES)[number]

export class ScenarioError extends Error {
  constructor (
    readonly errors: string[],
    source = 'scenario'
  ) {
    super(`${source} is invalid:\n  ${errors.join('\n  ')}`)
    this.name = 'ScenarioError'
  }
}
