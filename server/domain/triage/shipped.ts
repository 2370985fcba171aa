// The protocol shipped in protocol.json, compiled once, without the validator so the command line starts fast.
import { compileDocument, type CompiledProtocol } from './protocol'
import type { ProtocolDocument } from './protocol-schema'
import protocolDocument from './protocol.json'

/** Its validity is checked by the tests (and, in the server, by loading PROTOCOL_FILE at start). */
export const SHIPPED_PROTOCOL: CompiledProtocol = compileDocument(protocolDocument as ProtocolDocument)
