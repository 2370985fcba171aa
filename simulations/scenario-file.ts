// Reads a scenario file from disk: parsed, validated, and hashed (the hash names the scenario in results).
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { ScenarioError, validateScenario, type Scenario } from './scenario'

export interface LoadedScenario {
  scenario: Scenario
  path: string
  /** SHA-256 of the file's bytes. */
  sha256: string
}

export function loadScenario (path: string): LoadedScenario {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new ScenarioError([`cannot read file (${(e as Error).message})`], path)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new ScenarioError([`not valid JSON (${(e as Error).message})`], path)
  }
  return { scenario: validateScenario(raw, path), path, sha256: createHash('sha256').update(text).digest('hex') }
}
