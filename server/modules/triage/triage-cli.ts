// `npm run triage -- --input FILE.csv --column NAME ...` triages a city's call types; `npm run triage -- diff OLD NEW ...` reviews a
// protocol change.
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { CodeBook } from '../../domain/triage/codebook'
import type { CompiledProtocol } from '../../domain/triage/protocol'
import { SHIPPED_PROTOCOL } from '../../domain/triage/shipped'
import { loadCodeBookFileSync } from './codebook-file'
import { triageCsv, UsageError } from './triage-csv'
import { diffCsv, formatDiff } from './triage-diff'
import { explainCall } from './triage-explain'

export { triageCsv } from './triage-csv'

const USAGE = `usage:
  npm run triage -- --input FILE.csv --column NAME [--count-column NAME] [--codebook FILE.csv]
                    [--output FILE.csv] [--protocol FILE.json]
  npm run triage -- diff OLD.json NEW.json --input FILE.csv --column NAME [--count-column NAME]
                    [--codebook FILE.csv] [--json]
  npm run triage -- explain "CALL TYPE" [--narrative TEXT] [--answer QUESTION=yes|no ...]
                    [--age N] [--place KIND] [--codebook FILE.csv] [--protocol FILE.json] [--json]

Triage: reads the call type in column NAME of every row and writes all rows back, unchanged, followed
by the columns category, response, priority, reasons and enforcement_stop. Without --output the CSV
goes to stdout. A summary goes to stderr: per response and per category, the number of call types
and, with --count-column, the number of calls; officer-initiated enforcement stops are counted apart.

--codebook FILE.csv   the city's code book (a code column and a description column, e.g.
                      call_type,description): "1182" is read as "NON-INJURY ACCIDENT" and the reasons
                      say "code 1182 (NON-INJURY ACCIDENT)". --codebook-code-column and
                      --codebook-description-column name the columns when they cannot be detected.

diff: triages every call type under both protocol files and prints each one whose category, response
or priority would change, with the rules and words that made the difference, then the totals
(weighted by --count-column when given). "shipped" stands for the protocol shipped with this version.

explain: how one call is read and decided, step by step: the tokens (abbreviations expanded), each
negation and what it reaches, the protocol's words matched, each screening question as settled, the
category, the rules fired in order, and the result with its reasons and the questions to ask.`

interface Common {
  input: string
  column: string
  countColumn?: string
  codeBook?: { path: string; code?: string; description?: string }
}

type CodeBookRef = { path: string; code?: string; description?: string }

type Command =
  | { kind: 'help' }
  | ({ kind: 'triage'; output?: string; protocol?: string } & Common)
  | ({ kind: 'diff'; before: string; after: string; json: boolean } & Common)
  | {
    kind: 'explain'
    callType?: string
    narrative?: string
    answers: string[]
    age?: string
    place?: string
    protocol?: string
    codeBook?: CodeBookRef
    json: boolean
  }

function command (argv: string[]): Command {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      input: { type: 'string', short: 'i' },
      column: { type: 'string', short: 'c' },
      'count-column': { type: 'string' },
      codebook: { type: 'string' },
      'codebook-code-column': { type: 'string' },
      'codebook-description-column': { type: 'string' },
      output: { type: 'string', short: 'o' },
      protocol: { type: 'string', short: 'p' },
      json: { type: 'boolean' },
      narrative: { type: 'string', short: 'n' },
      answer: { type: 'string', short: 'a', multiple: true },
      age: { type: 'string' },
      place: { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    },
    strict: true,
    allowPositionals: true
  })
  if (values.help === true) return { kind: 'help' }
  const codeBookRef =
    values.codebook === undefined
      ? undefined
      : { path: values.codebook, code: values['codebook-code-column'], description: values['codebook-description-column'] }
  if (positionals[0] === 'explain') {
    if (positionals.length > 2) throw new UsageError('explain takes one call type; quote it: explain "MVC - NON INJURY, BLOCKING"')
    for (const k of ['input', 'column', 'count-column', 'output'] as const) {
      if (values[k] !== undefined) throw new UsageError(`explain reads one call type, not a file: --${k} is for a list`)
    }
    return {
      kind: 'explain',
      callType: positionals[1],
      narrative: values.narrative,
      answers: values.answer ?? [],
      age: values.age,
      place: values.place,
      protocol: values.protocol,
      codeBook: codeBookRef,
      json: values.json === true
    }
  }
  for (const k of ['narrative', 'answer', 'age', 'place'] as const) {
    if (values[k] !== undefined) throw new UsageError(`--${k} is for explain`)
  }
  const isDiff = positionals[0] === 'diff'
  if (isDiff && positionals.length !== 3) throw new UsageError('diff needs two protocol files: diff OLD.json NEW.json')
  if (!isDiff && positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`)
  if (values.input === undefined) throw new UsageError('--input is required')
  if (values.column === undefined) throw new UsageError('--column is required')
  const common: Common = { input: values.input, column: values.column, countColumn: values['count-column'], codeBook: codeBookRef }
  if (isDiff) {
    if (values.output !== undefined || values.protocol !== undefined) {
      throw new UsageError('diff takes the two protocols as arguments, and prints its report')
    }
    return { kind: 'diff', before: positionals[1], after: positionals[2], json: values.json === true, ...common }
  }
  if (values.json === true) throw new UsageError('--json is for diff')
  return { kind: 'triage', output: values.output, protocol: values.protocol, ...common }
}

/** A protocol file, validated; the validator (TypeBox) is loaded only then, so a plain run starts fast. */
async function protocolAt (path: string | undefined): Promise<CompiledProtocol> {
  if (path === undefined || path === 'shipped') return SHIPPED_PROTOCOL
  const { loadProtocolFile } = await import('./protocol-file')
  return await loadProtocolFile(path)
}

async function run (cmd: Exclude<Command, { kind: 'help' }>): Promise<void> {
  const codeBook: CodeBook | null = cmd.codeBook === undefined ? null : loadCodeBookFileSync(cmd.codeBook.path, cmd.codeBook)
  if (cmd.kind === 'explain') {
    process.stdout.write(explainCall(cmd, await protocolAt(cmd.protocol), codeBook, cmd.json))
    return
  }
  const text = readFileSync(cmd.input, 'utf8')
  if (cmd.kind === 'diff') {
    const { diff, skipped } = diffCsv(text, cmd.column, await protocolAt(cmd.before), await protocolAt(cmd.after), {
      countColumn: cmd.countColumn,
      codeBook
    })
    process.stdout.write(
      cmd.json ? `${JSON.stringify(diff, null, 2)}\n` : formatDiff(diff, { weighted: cmd.countColumn !== undefined, skipped })
    )
    return
  }
  const protocol = await protocolAt(cmd.protocol)
  const result = triageCsv(text, cmd.column, protocol, { countColumn: cmd.countColumn, codeBook })
  if (cmd.output === undefined) process.stdout.write(result.csv)
  else writeFileSync(cmd.output, result.csv)
  process.stderr.write(result.summary)
}

/** Runs the command line; resolves to the exit code (0 done, 1 failed, 2 wrong usage). */
export async function main (argv: string[]): Promise<number> {
  let cmd: Command
  try {
    cmd = command(argv)
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n\n${USAGE}\n`)
    return 2
  }
  if (cmd.kind === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  try {
    await run(cmd)
    return 0
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n`)
    return err instanceof UsageError ? 2 : 1
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2))
}
