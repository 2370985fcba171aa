// The reviewed fixture: every call type of the three shared city lists, with the answer a reviewer expects.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { triage } from '../../../server/domain/triage'
import type { TriageInput } from '../../../server/domain/triage/types'
import { CARE_TEAM_RESPONSES, type ResponseType } from '../../../server/domain/types'
import { parseCsv, parseCsvObjects } from '../../../server/lib/csv'

const FIXTURE = 'test/fixtures/calltypes-reviewed.csv'
// copies of shared/data/calltypes, kept in the repository so the check runs on every checkout
const SHARED = 'test/fixtures/calltypes'
const { rows } = parseCsvObjects(readFileSync(FIXTURE, 'utf8'))
const fixture = rows.map((r) => r.values)

/** San Diego's list is a code book: its codes are read through their descriptions, as with --codebook. */
function inputOf (row: Record<string, string>): TriageInput {
  return row.description === '' ? { callType: row.call_type } : { callType: row.call_type, callTypeDescription: row.description }
}

const CARE: readonly ResponseType[] = [...CARE_TEAM_RESPONSES, 'phone_988']
const WITH_EMS: readonly ResponseType[] = ['ems', 'care_team_with_ems']
const CARE_ONLY: readonly ResponseType[] = ['phone_988', 'care_team', 'care_team_with_ems']

describe('reviewed call-type fixture', () => {
  it('is well formed: a group, an outcome and a reason on every row', () => {
    expect(fixture.length).toBeGreaterThan(600)
    for (const r of fixture) {
      expect(['care_eligible', 'medical', 'violent', 'other'], r.call_type).toContain(r.group)
      expect(['', 'yes'], r.call_type).toContain(r.needs_clinical_review)
      expect(r.reason.trim(), r.call_type).not.toBe('')
    }
  })

  it.each(fixture.map((r) => [`${r.source}: ${r.call_type}${r.description === '' ? '' : ` (${r.description})`}`, r] as const))(
    '%s',
    (_name, r) => {
      const t = triage(inputOf(r))

      expect(
        {
          category: t.category,
          response: t.response,
          priority: String(t.priority),
          enforcementStop: t.enforcementStop === true ? 'yes' : ''
        },
        t.reasons.join('\n')
      ).toEqual({ category: r.category, response: r.response, priority: r.priority, enforcementStop: r.enforcement_stop })
    }
  )

  it('keeps each formerly open row decided with its source, or open with the reason no source settles it', () => {
    const noted = fixture.filter((r) => r.review_note !== '')
    expect(noted.length).toBe(21)
    for (const r of fixture) {
      if (r.needs_clinical_review === 'yes') expect(r.review_note, r.call_type).toMatch(/^open: .{40,}/)
      else if (r.review_note !== '') expect(r.review_note, r.call_type).toMatch(/^decided: .{40,}/)
    }
    expect(fixture.filter((r) => r.needs_clinical_review === 'yes').length).toBe(9)
  })

  it('has a row for every call type of the shared lists', () => {
    const lists: Array<[string, string, number, number | null]> = [
      ['sandiego_pd_call_types', 'sandiego_pd_call_types.csv', 0, 1],
      ['us_ecc_cad_problem_types_2025', 'us_ecc_cad_problem_types_2025.csv', 1, null],
      ['berkeley_pd_offense_types', 'berkeley_pd_offense_types.csv', 0, null]
    ]
    const keys = new Set(fixture.map((r) => `${r.source}|${r.call_type}|${r.description}`))
    for (const [source, file, code, desc] of lists) {
      for (const rec of parseCsv(readFileSync(`${SHARED}/${file}`, 'utf8')).slice(1)) {
        expect(keys, `${source}: ${rec.fields[code]}`).toContain(
          `${source}|${rec.fields[code]}|${desc === null ? '' : rec.fields[desc]}`
        )
      }
    }
  })

  // the targets of issue 9, measured on this sample with the fixture's own grouping
  it('sends at least 85% of care-eligible types to a care response', () => {
    const group = fixture.filter((r) => r.group === 'care_eligible')
    const care = group.filter((r) => CARE.includes(triage(inputOf(r)).response))

    expect(care.length / group.length).toBeGreaterThanOrEqual(0.85)
  })

  it('involves EMS in at least 90% of medical types', () => {
    const group = fixture.filter((r) => r.group === 'medical')
    const ems = group.filter((r) => WITH_EMS.includes(triage(inputOf(r)).response))

    expect(ems.length / group.length).toBeGreaterThanOrEqual(0.9)
  })

  it('leaves no violent, weapon, domestic-violence or attempt type to a care team alone', () => {
    const careOnly = fixture.filter((r) => r.group === 'violent' && CARE_ONLY.includes(triage(inputOf(r)).response))

    expect(careOnly.map((r) => r.call_type)).toEqual([])
  })
})
