// `npm run backup -- FILE` and `npm run restore -- FILE`: the embedded database (DATA_DIR) to and from one file.
import { loadConfig } from '../config'
import { BackupError, backupDataDir, restoreDataDir } from './backup'

const [command, file] = process.argv.slice(2)
const config = loadConfig()

async function main (): Promise<number> {
  if ((command !== 'backup' && command !== 'restore') || !file) {
    console.error(
      'usage: npm run backup -- FILE.tar.gz   |   npm run restore -- FILE.tar.gz   (the server on DATA_DIR must be stopped)'
    )
    return 2
  }
  if (config.databaseUrl) {
    console.error('DATABASE_URL is set: back up PostgreSQL with pg_dump and pg_restore (see README, "Backup and restore")')
    return 2
  }
  if (!config.dataDir) {
    console.error('DATA_DIR is :memory: — nothing to back up')
    return 2
  }
  try {
    if (command === 'backup') {
      const r = await backupDataDir(config.dataDir, file)
      console.log(
        `backed up ${config.dataDir} to ${file} (${(r.bytes / 1e6).toFixed(1)} MB): ${r.holds.calls} calls, ${r.holds.teams} ` +
        `teams, ${r.holds.users} users, ${r.holds.events} events`
      )
    } else {
      const r = await restoreDataDir(file, config.dataDir)
      if (r.keptAside) console.log(`the database that was in ${config.dataDir} is kept in ${r.keptAside}`)
      console.log(
        `restored ${file} into ${config.dataDir}: ${r.holds.calls} calls, ${r.holds.teams} teams, ${r.holds.users} ` +
        `users, ${r.holds.events} events`
      )
    }
    return 0
  } catch (err) {
    console.error(err instanceof BackupError ? err.message : err)
    return 1
  }
}

process.exitCode = await main()
