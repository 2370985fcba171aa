// City code books: finding the code and description columns, looking codes up, and reading them in triage.
import { describe, expect, it } from 'vitest'
import { triage } from '../../../server/domain/triage'
import { CodeBookError, codeBookFromRows, lookupCode, parseCodeBook, withCodeBook } from '../../../server/domain/triage/codebook'

const SAN_DIEGO_LIKE =
  'call_type,description,calls_2023_01_01_to_20\n' +
  '1182,NON-INJURY ACCIDENT,66\n11-8,PERSON DOWN,145\nCW,CHECK THE WELFARE,1135\n5150V,MENTAL CASE-VIOLENT OR URGENT,133\n' +
  'FP,FOOT PURSUIT,2\nFP,WARRANT,2\n1111,CHECK THE AREA,9\n1111,CHECK THE AREA,9\n'

describe(parseCodeBook.name, () => {
  it('finds the code and description columns by their names', () => {
    const book = parseCodeBook(SAN_DIEGO_LIKE)

    expect([book.codeColumn, book.descriptionColumn]).toEqual(['call_type', 'description'])
    expect(book.entries.get('1182')).toEqual(['NON-INJURY ACCIDENT'])
  })

  it.each([
    ['code,meaning\n1182,NON-INJURY ACCIDENT\n', ['code', 'meaning']],
    ['Description,Code\nNON-INJURY ACCIDENT,1182\n', ['Code', 'Description']],
    ['CFS Type Text,TYPE\nNON-INJURY ACCIDENT,1182\n', ['TYPE', 'CFS Type Text']],
    ['a,b\n1182,NON-INJURY ACCIDENT\nCW,CHECK THE WELFARE\n', ['a', 'b']],
    ['b,a\nNON-INJURY ACCIDENT,1182\nCHECK THE WELFARE,CW\n', ['a', 'b']]
  ])('detects the columns of %j', (text, columns) => {
    const book = parseCodeBook(text)

    expect([book.codeColumn, book.descriptionColumn]).toEqual(columns)
    expect(lookupCode(book, '1182')?.description).toBe('NON-INJURY ACCIDENT')
  })

  it('takes the columns it is told', () => {
    const book = parseCodeBook('x,y,z\nNOTE,1182,NON-INJURY ACCIDENT\n', { code: 'y', description: 'z' })

    expect(lookupCode(book, '1182')?.description).toBe('NON-INJURY ACCIDENT')
  })

  it('keeps both descriptions of a code listed twice, and one of an exact duplicate', () => {
    const book = parseCodeBook(SAN_DIEGO_LIKE)

    expect(book.entries.get('FP')).toEqual(['FOOT PURSUIT', 'WARRANT'])
    expect(book.entries.get('1111')).toEqual(['CHECK THE AREA'])
  })

  it.each([
    ['', /empty/],
    ['code\n1182\n', /needs a code column and a description column/],
    ['code,description\n,\n', /no codes with a description/]
  ])('refuses %j', (text, message) => {
    expect(() => parseCodeBook(text)).toThrow(CodeBookError)
    expect(() => parseCodeBook(text)).toThrow(message)
  })

  it('names a column it cannot find', () => {
    expect(() => parseCodeBook(SAN_DIEGO_LIKE, { code: 'nope' })).toThrow(/code column "nope" not found/)
  })
})

describe(lookupCode.name, () => {
  const book = parseCodeBook(SAN_DIEGO_LIKE)

  it.each([
    ['1182', '1182', 'NON-INJURY ACCIDENT'],
    [' cw ', 'cw', 'CHECK THE WELFARE'],
    ['11-8', '11-8', 'PERSON DOWN'],
    ['11-8 PERSON DOWN', '11-8', 'PERSON DOWN'],
    ['1182 - NON INJ', '1182', 'NON-INJURY ACCIDENT; NON INJ'],
    ['1182_NON-INJURY ACCIDENT', '1182', 'NON-INJURY ACCIDENT'],
    ['FP', 'FP', 'FOOT PURSUIT; WARRANT']
  ])('reads %j as code %j (%s)', (value, code, description) => {
    expect(lookupCode(book, value)).toEqual({ code, description })
  })

  it.each(['', 'NOPE', 'TRAFFIC STOP', '118'])('does not know %j', (value) => {
    expect(lookupCode(book, value)).toBeNull()
  })
})

describe(withCodeBook.name, () => {
  const book = codeBookFromRows(
    ['code', 'description'],
    [
      ['1182', 'NON-INJURY ACCIDENT'],
      ['5150V', 'MENTAL CASE-VIOLENT OR URGENT'],
      ['11-8', 'PERSON DOWN']
    ]
  )

  it('reads 1182 as a non-injury accident, and the reasons name the code and what it means', () => {
    const r = triage(withCodeBook({ callType: '1182' }, book))

    expect([r.category, r.response]).toEqual(['traffic_safety', 'care_team'])
    expect(r.reasons.join('\n')).toMatch(/code 1182 \(NON-INJURY ACCIDENT\)/)
  })

  it('keeps the protective readings: 5150V is violent, 11-8 needs EMS', () => {
    expect(triage(withCodeBook({ callType: '5150V' }, book)).response).toBe('police')
    expect(triage(withCodeBook({ callType: '11-8' }, book)).response).toBe('ems')
  })

  it('leaves unknown codes, a given description and a missing book alone', () => {
    expect(withCodeBook({ callType: 'EDP' }, book)).toEqual({ callType: 'EDP' })
    expect(withCodeBook({ callType: '1182', callTypeDescription: 'OTHER' }, book).callTypeDescription).toBe('OTHER')
    expect(withCodeBook({ callType: '1182' }, null)).toEqual({ callType: '1182' })
  })
})
