// Protectiveness rank of responses, so "never less protective" is one comparison in code and tests.
import type { ResponseType } from '../types'

/**
 * How much protection each response brings to the scene, lowest first.
 *
 * 0 phone_988: nobody is sent; crisis counselling by phone.
 * 1 care_team: a civilian team alone.
 * 2 care_team_with_ems: the team with medical backup.
 * 3 co_response_police: the team with police on scene.
 * 4 police, ems, fire: an emergency service leads and no care team goes alone.
 *
 * The three services at rank 4 are different kinds of help, not more or less of it; among them the
 * protocol's rule order decides (weapons before medical before fire).
 */
export const RESPONSE_PROTECTIVENESS: Readonly<Record<ResponseType, number>> = Object.freeze({
  phone_988: 0,
  care_team: 1,
  care_team_with_ems: 2,
  co_response_police: 3,
  police: 4,
  ems: 4,
  fire: 4
})

export function protectiveness (response: ResponseType): number {
  return RESPONSE_PROTECTIVENESS[response]
}

/** True when `a` brings at least as much protection as `b`. */
export function atLeastAsProtective (a: ResponseType, b: ResponseType): boolean {
  return RESPONSE_PROTECTIVENESS[a] >= RESPONSE_PROTECTIVENESS[b]
}
