// The JSON Schemas of the files people edit by hand, written next to them so an editor validates and
// completes them. `npm run schemas` writes them; a test fails when a file is stale.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { TSchema } from 'typebox'
import { ROOT_DIR } from './config'
import { ScenarioSchema } from '../simulations/scenario'

export const JSON_SCHEMAS: ReadonlyArray<{ file: string, schema: TSchema }> = [
  { file: 'simulations/scenario.schema.json', schema: ScenarioSchema }
]

/** The file's content: the TypeBox schema as JSON Schema (draft 07), stable for diffs. */
export function jsonSchemaText (schema: TSchema): string {
  return JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...schema }, null, 2) + '\n'
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(ROOT_DIR, 'server/json-schemas.ts')) {
  for (const { file, schema } of JSON_SCHEMAS) {
    writeFileSync(path.join(ROOT_DIR, file), jsonSchemaText(schema))
    console.log(`wrote ${file}`)
  }
}
