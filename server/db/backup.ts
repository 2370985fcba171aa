// Backup and restore of the embedded database (PGlite): its whole data folder as one compressed file.
// The server must be stopped (it holds the folder); main.ts leaves a pid file while it runs.
import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'

export const PID_FILE = 'care-dispatch.pid'

export class BackupError extends Error {}

/** The pid of a server running on this folder, or null. A pid file left by a crash does not count. */
export function runningServer (dataDir: string): number | null {
  const file = path.join(dataDir, PID_FILE)
  if (!fs.existsSync(file)) return null
  const pid = Number(fs.readFileSync(file, 'utf8').trim())
  if (!Number.isInteger(pid) || pid <= 0) return null
  try {
    process.kill(pid, 0)
    return pid
  } catch {
    return null
  }
}

function assertStopped (dataDir: string): void {
  const pid = runningServer(dataDir)
  if (pid !== null) throw new BackupError(`a server (pid ${pid}) is using ${dataDir}: stop it first`)
}

async function counts (pg: PGlite): Promise<{ calls: number; teams: number; users: number; events: number }> {
  const n = async (t: string): Promise<number> =>
    Number((await pg.query<{ n: string }>(`select count(*)::text as n from ${t}`)).rows[0].n)
  return { calls: await n('calls'), teams: await n('teams'), users: await n('users'), events: await n('events') }
}

/** Writes the data folder to `file` (gzip tarball); returns what it holds. */
export async function backupDataDir (
  dataDir: string,
  file: string
): Promise<{ bytes: number; holds: Awaited<ReturnType<typeof counts>> }> {
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) throw new BackupError(`${dataDir} holds no embedded database`)
  assertStopped(dataDir)
  const pg = await PGlite.create(dataDir)
  try {
    const holds = await counts(pg)
    const dump = await pg.dumpDataDir('gzip')
    const bytes = Buffer.from(await dump.arrayBuffer())
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
    // Written beside, then renamed: a backup file is either whole or absent.
    const tmp = `${file}.partial`
    fs.writeFileSync(tmp, bytes)
    fs.renameSync(tmp, file)
    return { bytes: bytes.length, holds }
  } finally {
    await pg.close()
  }
}

/**
 * Restores `file` into `dataDir`. An existing database there is kept aside (renamed with the time),
 * never deleted; the restored database is opened and counted before this returns.
 */
export async function restoreDataDir (
  file: string,
  dataDir: string,
  now = new Date()
): Promise<{ keptAside: string | null; holds: Awaited<ReturnType<typeof counts>> }> {
  if (!fs.existsSync(file)) throw new BackupError(`${file} does not exist`)
  let keptAside: string | null = null
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    assertStopped(dataDir)
    keptAside = `${dataDir.replace(/[/\\]+$/, '')}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`
    fs.renameSync(dataDir, keptAside)
  }
  fs.mkdirSync(dataDir, { recursive: true })
  const blob = new Blob([fs.readFileSync(file)])
  let pg: PGlite | null = null
  try {
    pg = await PGlite.create(dataDir, { loadDataDir: blob })
    return { keptAside, holds: await counts(pg) }
  } catch (err) {
    if (pg) await pg.close()
    pg = null
    fs.rmSync(dataDir, { recursive: true, force: true })
    if (keptAside) fs.renameSync(keptAside, dataDir)
    throw new BackupError(`${file} is not a care dispatch backup (${err instanceof Error ? err.message : String(err)})`)
  } finally {
    if (pg) await pg.close()
  }
}
