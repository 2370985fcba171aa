// `npm run schemas`: writes the JSON Schemas that editors use to check the files people edit by hand.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { protocolJsonSchema } from '../server/domain/triage/protocol-schema'

/** Each generated schema: where it goes and how to build it. */
export const SCHEMA_FILES: ReadonlyArray<{ path: string, build: () => unknown }> = [
  { path: 'server/domain/triage/protocol.schema.json', build: protocolJsonSchema }
]

export function schemaText (build: () => unknown): string {
  return `${JSON.stringify(build(), null, 2)}\n`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const f of SCHEMA_FILES) {
    writeFileSync(f.path, schemaText(f.build))
    console.log(`wrote ${f.path}`)
  }
}
