// CSV reading and writing for CAD exports (csv-parse underneath): BOM, quotes, embedded newlines, line numbers, recovery, streaming.
import { describe, expect, it } from 'vitest'
import {
  CsvError,
  CsvReader,
  type CsvRecord,
  csvField,
  csvLine,
  neutralizeFormula,
  parseCsv,
  parseCsvObjects,
  parseCsvRecovering,
  readCsv
} from '../../../server/lib/csv'

describe(parseCsv.name, () => {
  it('strips a byte-order mark', () => {
    expect(parseCsv('\ufeffa,b\n1,2\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] }
    ])
  })

  it('reads quoted fields with commas, doubled quotes and embedded newlines, and numbers lines physically', () => {
    const recs = parseCsv('a,b\n"x, y","say ""hi""\nthere"\nlast,row\n')

    expect(recs[1]).toEqual({ line: 2, fields: ['x, y', 'say "hi"\nthere'] })
    expect(recs[2]).toEqual({ line: 4, fields: ['last', 'row'] })
  })

  it('handles CRLF and lone CR line ends, inside quotes too', () => {
    expect(parseCsv('a\r\n"b\r\nc"\r\nd').map((r) => r.line)).toEqual([1, 2, 4])
    expect(parseCsv('a\r"b\rc"\rd').map((r) => r.line)).toEqual([1, 2, 4])
  })

  it('keeps empty cells and skips blank lines', () => {
    expect(parseCsv('a,b,c\n,,\n\n1,,3').map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['', '', ''],
      ['1', '', '3']
    ])
  })

  it('keeps a quoted empty line as a record', () => {
    expect(parseCsv('a\n""\n').map((r) => r.fields)).toEqual([['a'], ['']])
  })

  it('throws CsvError with the line where an unterminated quote opened', () => {
    expect(() => parseCsv('a,b\n1,2\n3,"oops\n4,5\n')).toThrow(CsvError)
    expect(() => parseCsv('a,b\n1,2\n3,"oops\n4,5\n')).toThrow(/^line 3: unterminated quoted field/)
  })
})

describe(parseCsvRecovering.name, () => {
  it('turns an unterminated quote into one error record and reads on from the next line', () => {
    const recs = parseCsvRecovering('a,b\n1,2\n3,"oops\n4,5\n6,"ok\nstill"\n')

    expect(recs).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      {
        line: 3,
        fields: ['3,"oops'],
        error: 'unterminated quoted field starting on line 3 (a later quote closes it, followed by more text)'
      },
      { line: 4, fields: ['4', '5'] },
      { line: 5, fields: ['6', 'ok\nstill'] }
    ])
  })

  it('refuses text after a closing quote: parseCsv throws with the line, the recovering reader cuts that line', () => {
    expect(() => parseCsv('a,b\n"ab"c,d')).toThrow(/^line 2: unterminated quoted field starting on line 2/)
    expect(parseCsvRecovering('"ab"c,d\ne,f')).toEqual([
      {
        line: 1,
        fields: ['"ab"c,d'],
        error: 'unterminated quoted field starting on line 1 (a later quote closes it, followed by more text)'
      },
      { line: 2, fields: ['e', 'f'] }
    ])
  })

  it('reads a quote inside an unquoted field literally, as exports write heights and nicknames', () => {
    expect(parseCsvRecovering('a,b\nSUSP 6\'2" MALE,x\nc,d\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['SUSP 6\'2" MALE', 'x'] },
      { line: 3, fields: ['c', 'd'] }
    ])
  })

  it('counts a CRLF inside quotes as one line, after blank lines too', () => {
    const recs = parseCsvRecovering('a,b\r\n"x\r\ny\r\nz",1\r\n\r\n\r\n2,3\r\n4,"5\r\n')

    expect(recs.map((r) => r.line)).toEqual([1, 2, 7, 8])
    expect(recs[3].error).toBe('unterminated quoted field starting on line 8')
  })

  it('stops a runaway quote at the record size limit and reads on from the next line', () => {
    const reader = new CsvReader(64)
    const text = 'a\n"open\n' + 'filler line\n'.repeat(20) + 'b\n'

    const recs = [...reader.push(text), ...reader.end()]

    expect(recs[1]).toMatchObject({ line: 2, error: expect.stringMatching(/^unterminated quoted field starting on line 2/) })
    expect(recs[2]).toEqual({ line: 3, fields: ['filler line'] })
    expect(recs.at(-1)).toEqual({ line: 23, fields: ['b'] })
  })

  it('reads a clean file exactly like parseCsv', () => {
    const text = '\ufeffa,b\r\n"x\ny",2\r\n'

    expect(parseCsvRecovering(text)).toEqual(parseCsv(text))
  })

  it('handles an unterminated quote on the last line', () => {
    expect(parseCsvRecovering('a\n"b').at(-1)).toEqual({
      line: 2,
      fields: ['"b'],
      error: 'unterminated quoted field starting on line 2'
    })
  })
})

describe('the fast reader', () => {
  /** A seeded PRNG (mulberry32), so a failure names an input that can be read again. */
  function rng (seed: number): () => number {
    let a = seed
    return () => {
      a = (a + 0x6d2b79f5) | 0
      let t = Math.imul(a ^ (a >>> 15), 1 | a)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }
  const PIECES = ['a', 'b', ',', ',', '"', '""', '\r', '\n', '\r\n', 'é', ' ', '€', 'x,"y, z"', '"q"', '\ufeff']
  const read = (bytes: Buffer, cuts: number[], csvParseOnly: boolean, max?: number): CsvRecord[] => {
    const reader = new CsvReader(max, csvParseOnly)
    const out: CsvRecord[] = []
    let at = 0
    for (const cut of [...cuts, bytes.length]) {
      out.push(...reader.push(bytes.subarray(at, cut)))
      at = cut
    }
    return [...out, ...reader.end()]
  }

  it('reads what csv-parse reads: fields, line numbers and error records, whatever the chunks and the quoting', () => {
    const r = rng(7)
    for (let k = 0; k < 2000; k++) {
      let text = r() < 0.3 ? '\ufeff' : ''
      for (let i = Math.floor(r() * 40); i > 0; i--) text += PIECES[Math.floor(r() * PIECES.length)]
      const bytes = Buffer.from(text)
      const cuts = Array.from({ length: Math.floor(r() * 4) }, () => Math.floor(r() * bytes.length)).sort((a, b) => a - b)
      const max = r() < 0.2 ? 8 : undefined
      expect(read(bytes, cuts, false, max), JSON.stringify({ text, cuts, max })).toEqual(read(bytes, cuts, true, max))
    }
  })
})

describe(readCsv.name, () => {
  const TEXT = '\ufeffid,type,notes\r\n1,EDP,"two\r\nlines"\r\n\r\n2,"HIT &amp; RUN",\r\n3,"bad,x\r\n4,"5150 W/ ""WPN""",ok'

  it('gives the same records whatever the chunk boundaries, BOM and CRLF split included', async () => {
    const whole = parseCsvRecovering(TEXT)
    const bytes = Buffer.from(TEXT)

    for (let cut = 1; cut < bytes.length; cut++) {
      const recs: unknown[] = []
      for await (const batch of readCsv([bytes.subarray(0, cut), bytes.subarray(cut)])) recs.push(...batch)
      expect(recs, `cut at ${cut}`).toEqual(whole)
    }
    expect(whole.map((r) => r.line)).toEqual([1, 2, 5, 6, 7])
    expect(whole[4].fields).toEqual(['4', '5150 W/ "WPN"', 'ok'])
  })

  it('reads one byte at a time', async () => {
    const bytes = Buffer.from(TEXT)
    const recs: unknown[] = []

    for await (const batch of readCsv([...bytes].map((b) => Buffer.from([b])))) recs.push(...batch)

    expect(recs).toEqual(parseCsvRecovering(TEXT))
  })
})

describe(parseCsvObjects.name, () => {
  it('maps rows to header names and keeps line numbers', () => {
    const { header, rows } = parseCsvObjects(' id ,type\n1,EDP\n2\n')

    expect(header).toEqual(['id', 'type'])
    expect(rows[0]).toEqual({ line: 2, values: { id: '1', type: 'EDP' }, fields: ['1', 'EDP'] })
    expect(rows[1].values).toEqual({ id: '2', type: '' })
  })
})

describe(csvField.name, () => {
  it('quotes only what CSV needs', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField(null)).toBe('')
    expect(csvField(3)).toBe('3')
  })

  it('round-trips through parseCsv', () => {
    const row = ['a,b', 'say "hi"', 'two\r\nlines', '', 'HIT &amp; RUN']

    expect(parseCsv(csvLine(row))[0].fields).toEqual(row)
  })
})

describe(neutralizeFormula.name, () => {
  it.each([
    ['=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'],
    ['+1-555-0100 call back', "'+1-555-0100 call back"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"]
  ])('neutralizes %j', (cell, want) => {
    expect(neutralizeFormula(cell)).toBe(want)
  })

  it.each(['plain words', '-118.2437', '+3', '1e5', 'a=b', '', 'line 2'])('leaves %j alone', (cell) => {
    expect(neutralizeFormula(cell)).toBe(cell)
  })

  it('neutralizes text in csvLine, never typed numbers, and still quotes what CSV needs', () => {
    expect(csvLine(['=1+1', -5, '-5', '@x,y', 'ok'])).toBe('\'=1+1,-5,-5,"\'@x,y",ok\n')
  })

  it('reads back, through parseCsv, as the apostrophe and the text', () => {
    expect(parseCsv(csvLine(['=cmd|calc', 'x']))[0].fields).toEqual(["'=cmd|calc", 'x'])
  })
})
