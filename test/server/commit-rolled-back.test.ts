// A transaction in which a statement failed and the failure was caught: PostgreSQL answers its COMMIT with ROLLBACK.
// On both engines the commit then throws, nothing the transaction wrote is kept, and the database serves what comes next.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RolledBackAtCommitError } from '../../server/db/postgres-family-dialect'
import { createTestDb, ENGINES, type TestDb } from '../helpers/db'

describe.each(ENGINES)('a commit answered with ROLLBACK (%s)', (engine) => {
  let t: TestDb
  beforeAll(async () => {
    t = await createTestDb(engine)
    await sql`create table commit_probe (id int primary key)`.execute(t.db)
  })
  afterAll(async () => {
    await t?.destroy()
  })
  const ids = async (): Promise<number[]> =>
    (await sql<{ id: number }>`select id from commit_probe order by id`.execute(t.db)).rows.map((r) => r.id)

  it('throws, and keeps nothing the transaction wrote', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await sql`insert into commit_probe values (1)`.execute(trx)
        await sql`select 1 / 0`.execute(trx).catch(() => {})
      })
    ).rejects.toBeInstanceOf(RolledBackAtCommitError)
    expect(await ids()).toEqual([])
  })

  it('commits as before afterwards, and a failure caught outside the transaction changes nothing', async () => {
    await t.db.transaction().execute(async (trx) => {
      await sql`insert into commit_probe values (2)`.execute(trx)
    })
    await sql`insert into commit_probe values (2)`.execute(t.db).catch(() => {})
    await t.db.transaction().execute(async (trx) => {
      await sql`insert into commit_probe values (3)`.execute(trx)
    })
    expect(await ids()).toEqual([2, 3])
  })
})
