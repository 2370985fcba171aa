// `npm run repair:ages -- [--dry-run]`: calls a blank age field stored as age 0 (before request bodies were
// read as sent, the console's empty age field arrived as 0, and the call was read as an infant's). Lists
// them; without --dry-run sets their age to unknown and triages each again with its own protocol version,
// with a triage-history entry of kind "repair" that says why. Safe to run again: a repaired call has no age.
import { parseArgs } from 'node:util'
import { loadConfig } from '../../config'
import { createDb } from '../../db/create-db'
import { migrateToLatest } from '../../db/migrate'
import { createServices } from '../../services'
import type { BlankAgeCall, VersionReader } from './calls.service'

const USAGE = `usage: npm run repair:ages -- [--dry-run]
Lists calls stored with age 0, no school place and no young-person word in their call type or narrative
(what a blank age field wrote); without --dry-run, sets their age to unknown and triages them again.`

const WHY =
  'Age 0 was a blank age field: before request bodies were read as sent, an empty age arrived as 0. ' +
  'Age set to unknown and the call triaged again with its own protocol version (npm run repair:ages).'

const line = (t: BlankAgeCall['now']) =>
  `${t.category}/${t.response}/P${t.priority}${t.needs.length > 0 ? ` needs ${t.needs.join('+')}` : ''}`

async function main (): Promise<number> {
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const dryRun = values['dry-run'] === true
  const config = loadConfig()
  const handle = await createDb(config)
  try {
    await migrateToLatest(handle.db)
    const { calls, protocols } = createServices(config, handle.db, { pg: handle.pg })
    const readers = new Map<string, Promise<VersionReader>>()
    const readerOf = async (v: string) => await (readers.get(v) ?? readers.set(v, protocols.reader(v)).get(v)!)
    const found = await calls.blankAgeCalls(readerOf)
    console.log(
      `${found.length} call${found.length === 1 ? '' : 's'} stored with age 0 and nothing else saying a young person${dryRun
? ' (dry ' +
        'run: nothing changed)'
: ''}`
    )
    for (const c of found) {
      const change =
        line(c.now) === line(c.after)
          ? 'triage unchanged'
          : `${line(c.now)} → ${line(c.after)}${c.overridden ? ' (overridden by a person: the override stays in force)' : ''}`
      console.log(`${c.id}\t${c.receivedAt}\t${c.status}\t${c.source}\tprotocol ${c.protocolVersion}\t${change}`)
    }
    if (dryRun || found.length === 0) return 0
    let repaired = 0
    for (const c of found) {
      const r = await calls.repairBlankAge(c.id, (await readerOf(c.protocolVersion)).triage, WHY)
      if (r !== null) repaired++
    }
    console.log(
      `repaired ${repaired} call${repaired === 1 ? '' : 's'} (age unknown, triaged again; each has a "repair" entry in its triage history)`
    )
    return 0
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err))
    return 1
  } finally {
    await handle.close()
  }
}

process.exitCode = await main()
