// Street names and queries as people type them: table-driven.
import { describe, expect, it } from 'vitest'
import { editDistance, nameTokens, ordinal, parseQuery, streetName } from '../../../server/modules/geocoding/normalize'

describe(streetName.name, () => {
  it.each([
    ['Main', { key: 'main', type: null, dir: null }],
    ['MAIN ST', { key: 'main', type: 'st', dir: null }],
    ['Main Street', { key: 'main', type: 'st', dir: null }],
    ['W 5th St', { key: '5th', type: 'st', dir: 'w' }],
    ['west fifth street', { key: '5th', type: 'st', dir: 'w' }],
    ['5', { key: '5th', type: null, dir: null }],
    ['5 st', { key: '5th', type: 'st', dir: null }],
    ['Twenty-Third St', { key: '23rd', type: 'st', dir: null }],
    ['twenty third', { key: '23rd', type: null, dir: null }],
    ['22th', { key: '22nd', type: null, dir: null }],
    ['MLK Jr Blvd', { key: 'martin luther king', type: 'blvd', dir: null }],
    ['Martin Luther King Jr', { key: 'martin luther king', type: null, dir: null }],
    ['PCH', { key: 'pacific coast', type: 'hwy', dir: null }],
    ['Pacific Coast Highway', { key: 'pacific coast', type: 'hwy', dir: null }],
    ['Arroyo Pkwy', { key: 'arroyo', type: 'pkwy', dir: null }],
    ['arroyo parkway', { key: 'arroyo', type: 'pkwy', dir: null }],
    ['Mt Gleason', { key: 'mount gleason', type: null, dir: null }],
    ['St Andrews Pl', { key: 'saint andrews', type: 'pl', dir: null }],
    ['Ave 26', { key: 'avenue 26', type: null, dir: null }],
    ['Avenue 26', { key: 'avenue 26', type: null, dir: null }],
    ['Cesar E Chavez Ave', { key: 'cesar chavez', type: 'ave', dir: null }],
    ['West Blvd', { key: 'west', type: 'blvd', dir: null }],
    ['Palos Verdes Dr N', { key: 'palos verdes', type: 'dr', dir: 'n' }],
    ["O'Farrell", { key: 'ofarrell', type: null, dir: null }],
    ['S. Broadway', { key: 'broadway', type: null, dir: 's' }]
  ])('reads %s', (raw, want) => {
    expect(streetName(raw)).toEqual(want)
  })
})

describe(parseQuery.name, () => {
  it.each([
    ['main and 5th', ['main', '5th']],
    ['5TH/MAIN', ['5th', 'main']],
    ['Main & 5th', ['main', '5th']],
    ['main @ 5th', ['main', '5th']],
    ['main at 5th', ['main', '5th']],
    ['corner of Main and 5th', ['main', '5th']],
    ['main and', ['main', '']]
  ])('splits the corner %s', (q, parts) => {
    const p = parseQuery(q)

    expect(p.intersection).toBe(true)
    expect(p.parts).toEqual(parts)
  })

  it('reads an address with a unit, a city, a state and a ZIP', () => {
    expect(parseQuery('1234 W 5th St Apt 3b, Los Angeles, CA 90017')).toMatchObject({
      houseNumber: '1234',
      parts: ['w 5th st'],
      intersection: false,
      city: 'los angeles',
      state: 'ca',
      zip: '90017'
    })
  })

  it('reads a state spelled out and a hundred block', () => {
    expect(parseQuery('42 W Cellular Street, Wilmington, Delaware')).toMatchObject({
      houseNumber: '42',
      city: 'wilmington',
      state: 'de'
    })
    expect(parseQuery('100 block of S Main')).toMatchObject({ houseNumber: '100', parts: ['s main'] })
  })

  it('takes "5 st" for Fifth Street, not number 5, and keeps a name that starts like a unit', () => {
    expect(parseQuery('5 st')).toMatchObject({ houseNumber: null, parts: ['5 st'] })
    expect(parseQuery('2100 fletcher')).toMatchObject({ houseNumber: '2100', parts: ['fletcher'] })
  })
})

describe('helpers', () => {
  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
      '111th'
    ])
  })

  it('counts one typo (a swap is one)', () => {
    expect(editDistance('broadway', 'brodaway')).toBe(1)
    expect(editDistance('main', 'mian')).toBe(1)
    expect(editDistance('main', 'man')).toBe(1)
    expect(editDistance('figueroa', 'fgueroaa')).toBe(2)
  })

  it('reads place names with their common abbreviations', () => {
    expect(nameTokens('St. Mary Medical Ctr')).toEqual(['st', 'mary', 'medical', 'center'])
  })
})
