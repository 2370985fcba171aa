// Backup and restore of the embedded database: a restored database holds every call; a running server's
// folder is refused; a file that is not a backup leaves the database as it was.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { describe, expect, it } from 'vitest'
import { BackupError, backupDataDir, PID_FILE, restoreDataDir } from '../../server/db/backup'
import { newCall, setup } from '../helpers/app'

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cd-backup-'))

/** A file-backed embedded database in `dir` holding `n` calls taken through the API; their ids. */
async function databaseWithCalls (dir: string, n: number): Promise<string[]> {
  const f = await setup('pglite')
  const ids: string[] = []
  for (let i = 0; i < n; i++) ids.push((await newCall(f, { narrative: `backup test call ${i}` })).id)
  const dump = await f.db.pglite!.dumpDataDir('none')
  await f.close()
  const pg = await PGlite.create(dir, { loadDataDir: dump })
  await pg.close()
  return ids
}

// File-backed PGlite opens take seconds each on a loaded 2-core machine.
describe('npm run backup / restore (embedded database)', { timeout: 120_000 }, () => {
  it('restores every call into a new folder', async () => {
    const dir = tmp()
    const ids = await databaseWithCalls(path.join(dir, 'data'), 7)
    const file = path.join(dir, 'backup.tar.gz')

    const b = await backupDataDir(path.join(dir, 'data'), file)
    const r = await restoreDataDir(file, path.join(dir, 'restored'))

    expect(b.holds.calls).toBe(7)
    expect(r.holds.calls).toBe(7)
    const pg = await PGlite.create(path.join(dir, 'restored'))
    const rows = await pg.query<{ id: string; narrative: string }>('select id, narrative from calls order by narrative')
    await pg.close()
    expect(rows.rows.map((x) => x.id).sort()).toEqual([...ids].sort())
    expect(rows.rows[0].narrative).toBe('backup test call 0')
  })

  it('keeps the database it replaces aside, never deletes it', async () => {
    const dir = tmp()
    await databaseWithCalls(path.join(dir, 'a'), 2)
    await databaseWithCalls(path.join(dir, 'b'), 3)
    await backupDataDir(path.join(dir, 'a'), path.join(dir, 'a.tar.gz'))

    const r = await restoreDataDir(path.join(dir, 'a.tar.gz'), path.join(dir, 'b'))

    expect(r.holds.calls).toBe(2)
    expect(r.keptAside).not.toBeNull()
    expect(fs.existsSync(path.join(r.keptAside!, 'PG_VERSION'))).toBe(true)
  })

  it('refuses a folder a running server holds', async () => {
    const dir = tmp()
    await databaseWithCalls(dir, 1)
    fs.writeFileSync(path.join(dir, PID_FILE), String(process.pid))

    await expect(backupDataDir(dir, path.join(dir, 'x.tar.gz'))).rejects.toThrow(BackupError)
    await expect(backupDataDir(dir, path.join(dir, 'x.tar.gz'))).rejects.toThrow(/stop it first/)
  })

  it('leaves the database as it was when the file is not a backup', async () => {
    const dir = tmp()
    await databaseWithCalls(path.join(dir, 'data'), 4)
    fs.writeFileSync(path.join(dir, 'junk.tar.gz'), 'not a backup')

    await expect(restoreDataDir(path.join(dir, 'junk.tar.gz'), path.join(dir, 'data'))).rejects.toThrow(BackupError)

    const pg = await PGlite.create(path.join(dir, 'data'))
    expect(Number((await pg.query<{ n: string }>('select count(*)::text as n from calls')).rows[0].n)).toBe(4)
    await pg.close()
  })
})
