// The protocol shipped in protocol.json, compiled once. Its validity is checked by the tests and, in the
// server, by loading PROTOCOL_FILE at start; this module stays free of the validator for fast start-up.
import { compileDocument, type CompiledProtocol } from './protocol'
import type { ProtocolDocument } from './protocol-schema'
import protocolDocument from './protocol.json'

export const SHIPPED_PROTOCOL: CompiledProtocol = compileDocument(protocolDocument as ProtocolDocument)
