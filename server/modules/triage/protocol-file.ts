// Loads a city-supplied triage protocol JSON file from disk; validation errors name the file and field.
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import type { CompiledProtocol } from '../../domain/triage/protocol'
import { compileProtocol, ProtocolError } from '../../domain/triage/protocol-validate'

function parse (text: string, path: string): CompiledProtocol {
  let doc: unknown
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (err) {
    throw new ProtocolError([`not valid JSON: ${(err as Error).message}`], `triage protocol ${path}`)
  }
  return compileProtocol(doc, `triage protocol ${path}`)
}

function unreadable (path: string, err: unknown): ProtocolError {
  return new ProtocolError([`cannot read the file: ${(err as Error).message}`], `triage protocol ${path}`)
}

/** Reads, validates and compiles a protocol file. Throws ProtocolError with every problem found. */
export async function loadProtocolFile (path: string): Promise<CompiledProtocol> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw unreadable(path, err)
  }
  return parse(text, path)
}

/** Synchronous variant for start-up code that cannot await. */
export function loadProtocolFileSync (path: string): CompiledProtocol {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw unreadable(path, err)
  }
  return parse(text, path)
}
