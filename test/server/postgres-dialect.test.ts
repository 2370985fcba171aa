// Prepared statements and a transaction's BEGIN sent with its first statement (server/db/postgres-dialect.ts), on
// PostgreSQL: the round trips saved, counted through a proxy that holds every answer from the server for a while (so the
// client's writes between two answers are one turn); and transactions behave as before: a failing first statement rolls
// back, the isolation level applies, a savepoint or a commit with no statement before it works.
import net from 'node:net'
import { Kysely, sql, type Dialect } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PreparedPostgresJSDialect } from '../../server/db/postgres-dialect'

/** A TCP proxy to PostgreSQL that delays the server's answers and counts the client's turns (writes after an answer). */
async function slowProxy (
  target: URL,
  delayMs: number
): Promise<{ port: number; turns: () => number; reset: () => void; close: () => void }> {
  let turns = 0
  let answered = true
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname)
    sockets.add(client).add(upstream)
    client.on('data', (d) => {
      if (answered) turns++
      answered = false
      upstream.write(d)
    })
    upstream.on('data', (d) => {
      setTimeout(() => {
        answered = true
        client.write(d)
      }, delayMs)
    })
    const end = (): void => {
      client.destroy()
      upstream.destroy()
    }
    client.on('close', end).on('error', end)
    upstream.on('close', end).on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    turns: () => turns,
    reset: () => {
      turns = 0
      answered = true
    },
    close: () => {
      for (const s of sockets) s.destroy()
      server.close()
    }
  }
}

describe.runIf(process.env.DATABASE_URL)('prepared statements, BEGIN with the first statement (postgres)', () => {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
  let proxy: Awaited<ReturnType<typeof slowProxy>>
  const open: Array<Kysely<unknown>> = []
  const through = (make: (pg: postgres.Sql) => Dialect, options: postgres.Options<{}> = {}): Kysely<unknown> => {
    const viaProxy = new URL(url)
    viaProxy.hostname = '127.0.0.1'
    viaProxy.port = String(proxy.port)
    const db = new Kysely<unknown>({ dialect: make(postgres(viaProxy.toString(), { max: 1, onnotice: () => {}, ...options })) })
    open.push(db)
    return db
  }

  beforeAll(async () => {
    proxy = await slowProxy(url, 40)
    await sql`create table if not exists dialect_probe (id int primary key)`.execute(
      through((pg) => new PostgresJSDialect({ postgres: pg }))
    )
  })
  afterAll(async () => {
    await sql`drop table if exists dialect_probe`.execute(open[0])
    for (const db of open) await db.destroy()
    proxy.close()
  })

  const kyselys = (): Kysely<unknown> => through((pg) => new PostgresJSDialect({ postgres: pg }))
  const ours = (options: postgres.Options<{}> = {}): Kysely<unknown> => through((pg) => new PreparedPostgresJSDialect(pg), options)

  /** Turns taken by `work`, on a warm connection (run once before, to connect and prepare). */
  const turnsOf = async (work: () => Promise<unknown>): Promise<number> => {
    await work()
    proxy.reset()
    await work()
    return proxy.turns()
  }
  const inTransaction = (db: Kysely<unknown>, statement: () => ReturnType<typeof sql>) => async () =>
    await db.transaction().execute(async (trx) => await statement().execute(trx))
  const plain = (): ReturnType<typeof sql> => sql`select 1`
  const withParameter = (): ReturnType<typeof sql> => sql`select id from dialect_probe where id = ${7}`

  it('takes BEGIN and the first statement in one round trip', async () => {
    expect(await turnsOf(inTransaction(kyselys(), plain))).toBe(3)
    expect(await turnsOf(inTransaction(ours(), plain))).toBe(2)
  })

  it('sends a statement with parameters in one round trip once prepared (Kysely alone: describe, then execute)', async () => {
    const k = kyselys()
    const o = ours()
    expect(await turnsOf(async () => await withParameter().execute(k))).toBe(2)
    expect(await turnsOf(async () => await withParameter().execute(o))).toBe(1)
    expect(await turnsOf(inTransaction(k, withParameter))).toBe(4)
    expect(await turnsOf(inTransaction(o, withParameter))).toBe(2)
    // ?prepare=false (a pooler that cannot hold prepared statements): described every time, BEGIN still pipelined
    expect(await turnsOf(inTransaction(ours({ prepare: false }), withParameter))).toBe(3)
  })

  it('sees a table changed under a prepared statement', async () => {
    const db = ours()
    await sql`insert into dialect_probe values (70)`.execute(db)
    const row = async (): Promise<Record<string, unknown>> =>
      (await sql<Record<string, unknown>>`select * from dialect_probe where id = ${70}`.execute(db)).rows[0]
    expect(await row()).toEqual({ id: 70 })
    await sql`alter table dialect_probe add column note text`.execute(db)
    try {
      expect(await row()).toEqual({ id: 70, note: null })
    } finally {
      await sql`alter table dialect_probe drop column note`.execute(db)
      await sql`delete from dialect_probe`.execute(db)
    }
  })

  it('keeps what a transaction means', async () => {
    const db = ours()
    // a failing first statement: the transaction rolls back, and the connection serves the next one
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into dialect_probe values (1), (1)`.execute(trx)
      })
    ).rejects.toThrow(/duplicate key/)
    // a write then a failure: nothing stays
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into dialect_probe values (2)`.execute(trx)
        await sql`select 1 / 0`.execute(trx)
      })
    ).rejects.toThrow(/division by zero/)
    expect((await sql<{ n: number }>`select count(*)::int as n from dialect_probe`.execute(db)).rows[0].n).toBe(0)
    // a failure caught inside the transaction: PostgreSQL rolls it all back at COMMIT, and the commit says so
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into dialect_probe values (6)`.execute(trx)
        await sql`select 1 / 0`.execute(trx).catch(() => {})
      })
    ).rejects.toThrow(/rolled back/)
    // the isolation level is set by the statement sent first
    const level = await db
      .transaction()
      .setIsolationLevel('serializable')
      .execute(async (trx) => (await sql<{ l: string }>`select current_setting('transaction_isolation') as l`.execute(trx)).rows[0].l)
    expect(level).toBe('serializable')
    // a transaction with no statement, and one that sets a savepoint first
    await db.transaction().execute(async () => {})
    const trx = await db.startTransaction().execute()
    const sp = await trx.savepoint('first').execute()
    await sql`insert into dialect_probe values (3)`.execute(sp)
    await sp.rollbackToSavepoint('first').execute()
    await sql`insert into dialect_probe values (4)`.execute(sp)
    await sp.commit().execute()
    const ids = (await sql<{ id: number }>`select id from dialect_probe order by id`.execute(db)).rows.map((r) => r.id)
    expect(ids).toEqual([4])
    // each statement in its own transaction: a second connection does not see an uncommitted write
    await db.transaction().execute(async (trx) => {
      await sql`insert into dialect_probe values (5)`.execute(trx)
      const other = (await sql<{ n: number }>`select count(*)::int as n from dialect_probe where id = 5`.execute(open[0])).rows[0].n
      expect(other).toBe(0)
    })
  })
})
