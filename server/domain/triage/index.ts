// Triage entry point: the pure function the server and the simulator call, with the default protocol.
import { runTriage } from './engine'
import protocolDocument from './protocol.json'
import { compileProtocol, type CompiledProtocol } from './protocol'
import type { TriageInput, TriageResult } from './types'

export { compileProtocol, validateProtocol, ProtocolError, RULE_KINDS } from './protocol'
export type { CompiledProtocol, ProtocolDocument, ConditionDoc, RuleKind } from './protocol'
export { RESPONSE_PROTECTIVENESS, protectiveness, atLeastAsProtective } from './protectiveness'

/** The protocol shipped in protocol.json, validated and compiled once at load. */
export const DEFAULT_PROTOCOL: CompiledProtocol = compileProtocol(protocolDocument, 'server/domain/triage/protocol.json')

/** Decides category, response, priority, reasons and missing questions for one call. Pure and deterministic. */
export function triage (input: TriageInput, protocol: CompiledProtocol = DEFAULT_PROTOCOL): TriageResult {
  return runTriage(input, protocol)
}
