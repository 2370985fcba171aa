// The JSON Schemas of the files people edit by hand (the triage protocol, simulator scenarios), written
// next to them so an editor validates and completes them. `npm run schemas` writes them; a test fails
// when a file is stale.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT_DIR } from './config'
import { protocolJsonSchema } from './domain/triage/protocol-schema'
import { ScenarioSchema } from '../simulations/scenario'

export const JSON_SCHEMAS: ReadonlyArray<{ file: string; build: () => object }> = [
  { file: 'server/domain/triage/protocol.schema.json', build: protocolJsonSchema },
  { file: 'simulations/scenario.schema.json', build: () => ({ $schema: 'http://json-schema.org/draft-07/schema#', ...ScenarioSchema }) }
]

/** A schema file's content: stable JSON for diffs. */
export function jsonSchemaText (build: () => object): string {
  return JSON.stringify(build(), null, 2) + '\n'
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(ROOT_DIR, 'server/json-schemas.ts')) {
  for (const { file, build } of JSON_SCHEMAS) {
    writeFileSync(path.join(ROOT_DIR, file), jsonSchemaText(build))
    console.log(`wrote ${file}`)
  }
}
