// Triage entry point: the pure functions the server and the simulator call, with the default protocol.
import { explainReading, explainTriage, runTriage } from './engine'
import type { CompiledProtocol } from './protocol'
import { SHIPPED_PROTOCOL } from './shipped'
import type { TriageExplanation, TriageInput, TriageResult, TriageTrace } from './types'

export { compileDocument } from './protocol'
export type { CompiledProtocol } from './protocol'
// Validation (protocol-validate.ts) is not re-exported here: it loads the schema library, which the
// simulator's replication workers and the triage CLI's plain runs do without.
export type { ProtocolDocument, ConditionDoc, RuleKind } from './protocol-schema'
export { RESPONSE_PROTECTIVENESS, protectiveness, atLeastAsProtective } from './protectiveness'

/** The protocol shipped in protocol.json, compiled once at load (the tests check it is valid). */
export const DEFAULT_PROTOCOL: CompiledProtocol = SHIPPED_PROTOCOL

/** Decides category, response, priority, reasons and missing questions for one call. Pure and deterministic. */
export function triage (input: TriageInput, protocol: CompiledProtocol = DEFAULT_PROTOCOL): TriageResult {
  return runTriage(input, protocol)
}

/** Like triage, with the rules that fired and the signals read: what an impact review compares. */
export function explain (input: TriageInput, protocol: CompiledProtocol = DEFAULT_PROTOCOL): TriageTrace {
  return explainTriage(input, protocol)
}

/** Like explain, with how each text was read step by step (tokens, negations and their reach, words matched). */
export function explainSteps (input: TriageInput, protocol: CompiledProtocol = DEFAULT_PROTOCOL): TriageExplanation {
  return explainReading(input, protocol)
}
