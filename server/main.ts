// Entry point: config → database → migrations → bootstrap admin / demo → app → listen; closes cleanly.
import fs from 'node:fs'
import path from 'node:path'
import { buildApp } from './app'
import { PID_FILE } from './db/backup'
import { ConfigError, loadConfig } from './config'
import { createDb } from './db/create-db'
import { migrateToLatest } from './db/migrate'
import { loadAreaSets } from './lib/area-sets'
import { ProtocolVersionClashError } from './modules/triage/protocols.service'
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './modules/demo/demo-seed'
import { seedDemoHistory } from './modules/demo/demo-history'

async function main (): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(2)
    }
    throw err
  }
  const handle = await createDb(config)
  // The embedded database's folder is this process's: `npm run backup` and `restore` check this file.
  const pidFile = handle.engine === 'pglite' && config.dataDir ? path.join(config.dataDir, PID_FILE) : null
  if (pidFile) fs.writeFileSync(pidFile, String(process.pid))
  const applied = await migrateToLatest(handle.db)
  const areas = loadAreaSets(config.areaSets)
  const app = await buildApp(config, {
    db: handle,
    logger: { level: config.logLevel },
    areas
  })
  const { auth } = app.services
  if (applied.length) app.log.info({ applied }, 'migrations applied')
  // Reports group by local times stored with each call, in the zone they were computed in: TIME_ZONE changed, they are recomputed.
  if (await app.services.reports.alignTimeZone()) {
    app.log.info({ timeZone: config.timeZone }, 'report projection recomputed for the time zone')
  }
  app.log.info({ geocoders: config.geocoding.order, index: app.services.geocoding.stats() }, 'geocoding index built')
  if (config.bootstrapAdmin && (await auth.bootstrapAdmin(config.bootstrapAdmin.email, config.bootstrapAdmin.password))) {
    app.log.info({ email: config.bootstrapAdmin.email }, 'bootstrap admin created')
  }
  const seeded = config.demo ? await seedDemo(handle.db, app.services, new Date(), config.timeZone) : null
  // A first start of the demo also gets a past (simulated, labelled so), up to the minute it started.
  const past =
    seeded && config.demoHistoryDays > 0
      ? await seedDemoHistory(app.services.history, {
        days: config.demoHistoryDays,
        end: new Date(Math.floor(Date.now() / 60_000) * 60_000)
      })
      : null
  if (past) app.log.info(past, 'demo history simulated')

  let closing = false
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    try {
      await app.close()
      await handle.close()
      if (pidFile) fs.rmSync(pidFile, { force: true })
    } finally {
      process.exit(0)
    }
  }
  process.on('SIGTERM', () => {
    shutdown('SIGTERM').catch(() => process.exit(1))
  })
  process.on('SIGINT', () => {
    shutdown('SIGINT').catch(() => process.exit(1))
  })

  await app.listen({ port: config.port, host: config.host })
  const addr = app.server.address()
  const port = typeof addr === 'object' && addr ? addr.port : config.port
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`
  const lines = [
    '',
    `care dispatch is running on ${handle.engine === 'pglite'
? 'embedded PostgreSQL (PGlite) ' +
      `in ${config.dataDir ?? 'memory'}`
: 'PostgreSQL'}`,
    `  Open:       ${url}  (dispatcher console, care-team view on a phone)`,
    `  API docs:   ${url}/docs`,
    `  Health:     ${url}/health`
  ]
  if (seeded) lines.push(`  Demo:       seeded ${seeded.teams} Los Angeles care teams and ${seeded.users} users`)
  if (past) {
    const calls = past.calls.toLocaleString('en-US')
    lines.push(`  Demo past:  ${calls} simulated calls over ${config.demoHistoryDays} days (source demo-simulated) in ${past.ms} ms`)
  }
  if (config.demo) {
    lines.push('  Sign in (demo users, password: ' + DEMO_PASSWORD + '):')
    for (const u of DEMO_USERS) lines.push(`    ${u.role.padEnd(10)} ${u.email} password: ${DEMO_PASSWORD}`)
  }
  if (config.bootstrapAdmin) lines.push(`  Admin:      ${config.bootstrapAdmin.email} (from BOOTSTRAP_ADMIN_EMAIL)`)
  console.log(lines.join('\n') + '\n')
}

main().catch((err) => {
  if (err instanceof ProtocolVersionClashError) {
    console.error(err.message)
    process.exit(2)
  }
  console.error('care dispatch failed to start:', err instanceof Error ? (err.stack ?? err.message) : err)
  process.exit(1)
})
