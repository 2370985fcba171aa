// Loads a city's code book CSV from disk (code,description); errors name the file.
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { CodeBookError, parseCodeBook, type CodeBook } from '../../domain/triage/codebook'

export interface CodeBookColumns {
  code?: string
  description?: string
}

function parse (text: string, path: string, names: CodeBookColumns): CodeBook {
  try {
    return parseCodeBook(text, names)
  } catch (err) {
    throw new CodeBookError(`code book ${path}: ${(err as Error).message}`)
  }
}

/** Reads and parses a code book file. Throws CodeBookError naming the file. */
export async function loadCodeBookFile (path: string, names: CodeBookColumns = {}): Promise<CodeBook> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new CodeBookError(`code book ${path}: cannot read the file: ${(err as Error).message}`)
  }
  return parse(text, path, names)
}

/** Synchronous variant for start-up code and the command line. */
export function loadCodeBookFileSync (path: string, names: CodeBookColumns = {}): CodeBook {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new CodeBookError(`code book ${path}: cannot read the file: ${(err as Error).message}`)
  }
  return parse(text, path, names)
}
