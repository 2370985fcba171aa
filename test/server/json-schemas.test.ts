// The JSON Schemas beside hand-edited files are current, and every shipped file validates against its
// schema with a real JSON Schema validator (what an editor does), not only with TypeBox.
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import Ajv from 'ajv'
import { describe, expect, it } from 'vitest'
import { JSON_SCHEMAS, jsonSchemaText } from '../../server/json-schemas'
import { schemaErrors } from '../../server/lib/schema-errors'
import { ScenarioSchema } from '../../simulations/scenario'

const ROOT = path.resolve(__dirname, '../..')
const scenarioFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? scenarioFiles(path.join(dir, d.name)) : d.name.endsWith('.json') ? [path.join(dir, d.name)] : []
  )

describe('JSON Schema files', () => {
  it.each(JSON_SCHEMAS.map((s) => [s.file, s.build] as const))('%s is current (npm run schemas writes it)', (file, build) => {
    expect(readFileSync(path.join(ROOT, file), 'utf8')).toBe(jsonSchemaText(build))
  })

  it.each(scenarioFiles(path.join(ROOT, 'simulations/scenarios')).map((f) => [path.relative(ROOT, f)]))(
    '%s names its schema and validates against it',
    (file) => {
      const doc = JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'))
      const schemaFile = path.resolve(path.dirname(path.join(ROOT, file)), doc.$schema)
      const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')))

      expect(path.relative(ROOT, schemaFile)).toBe('simulations/scenario.schema.json')
      const valid = validate(doc)
      expect(valid ? [] : validate.errors).toEqual([])
    }
  )
})

describe(schemaErrors.name, () => {
  const base = JSON.parse(readFileSync(path.join(ROOT, 'simulations/scenarios/la-baseline.json'), 'utf8'))

  it('words a wrong type, a bound, an unknown field and a missing one by their path', () => {
    const s = structuredClone(base)
    s.days = 'a year'
    s.replications = 0
    s.teams[0].colour = 'red'
    delete s.targets

    expect(schemaErrors(ScenarioSchema, s).sort()).toEqual([
      'days: must be a number (got "a year")',
      'replications: must be at least 1 (got 0)',
      'targets: is required',
      'teams[0].colour: unknown field; allowed fields are name, kind, count, capabilities, base, shift'
    ])
  })

  it('reads a tagged union by its tag, and an untagged one by the fields present', () => {
    const s = structuredClone(base)
    s.times.turnoutMinutes = { dist: 'uniform', min: 2 }
    s.teams[1].base = { lat: 'north', lon: -118.2 }
    s.region = 'la_metro'

    expect(schemaErrors(ScenarioSchema, s).sort()).toEqual([
      'region: must be one of la_city, la_county (got "la_metro")',
      'teams[1].base.lat: must be a number (got "north")',
      'times.turnoutMinutes.max: is required'
    ])
  })

  it('returns nothing for a valid document', () => {
    expect(schemaErrors(ScenarioSchema, base)).toEqual([])
  })
})
