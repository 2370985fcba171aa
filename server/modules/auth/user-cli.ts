// `npm run user -- create --email E --role R [--team CALLSIGN|ID] [--facility ID] [--password P] [--name N]`, and `list`.
import crypto from 'node:crypto'
import { parseArgs } from 'node:util'
import { loadConfig } from '../../config'
import { createDb } from '../../db/create-db'
import { migrateToLatest } from '../../db/migrate'
import { ROLES, type Role } from '../../contracts/users'
import { createServices } from '../../services'
import { passwordProblem } from './password'

const USAGE = `usage:
  npm run user -- create --email E --role ${ROLES.join('|')} [--team CALLSIGN|ID] [--facility ID] [--password P] [--name N]
  npm run user -- list
A password is generated and printed when --password is not given.`

async function main (): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      team: { type: 'string' },
      facility: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    }
  })
  const cmd = positionals[0]
  if (values.help || (cmd !== 'create' && cmd !== 'list')) {
    console.error(USAGE)
    return values.help ? 0 : 2
  }
  const config = loadConfig()
  const handle = await createDb(config)
  try {
    await migrateToLatest(handle.db)
    const { auth, teams } = createServices(config, handle.db)
    if (cmd === 'list') {
      for (const u of await auth.listUsers()) {
        console.log(`${u.email}\t${u.role}\t${u.teamId ?? ''}\t${u.active ? 'active' : 'inactive'}`)
      }
      return 0
    }
    if (!values.email) {
      console.error('--email is required\n' + USAGE)
      return 2
    }
    if (!values.role || !(ROLES as readonly string[]).includes(values.role)) {
      console.error(`--role must be one of ${ROLES.join(', ')}`)
      return 2
    }
    let teamId: string | undefined
    if (values.team) {
      const id = await teams.idByName(values.team)
      if (!id) {
        console.error(`--team: no team with call sign or id "${values.team}"`)
        return 2
      }
      teamId = id
    }
    const password = values.password ?? crypto.randomBytes(12).toString('base64url')
    const weak = passwordProblem(password, values.email)
    if (weak) {
      console.error(`--password ${weak}`)
      return 2
    }
    const user = await auth.createUser({
      email: values.email,
      password,
      role: values.role as Role,
      name: values.name,
      teamId,
      facilityId: values.facility
    })
    console.log(
      `created ${user.role} ${user.email}${teamId ? ` (team ${values.team})` : ''}${values.facility
? ' ' +
        `(facility ${values.facility})`
: ''}`
    )
    if (!values.password) console.log(`password: ${password}`)
    return 0
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err))
    return 1
  } finally {
    await handle.close()
  }
}

process.exitCode = await main()
