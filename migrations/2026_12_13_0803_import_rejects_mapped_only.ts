// An import's rejected rows keep their line, reason and the columns the mapping read, never the file's other
// columns (a caller's name, phone or narrative the import did not need): the rows kept so far are cut down to
// those columns, in header order (a malformed record, whose raw first line cannot be split safely, keeps none).
// Rejects expire (IMPORT_REJECTS_RETENTION_DAYS): rejects_purged_at says when a run's were removed.
import { sql, type Kysely } from 'kysely'

/** The header index of a mapped column name, as the importer matched it then: exact, else one case-insensitive match. */
function columnIndex (header: string[], name: string): number {
  const wanted = name.trim()
  const exact = header.findIndex((h) => h.trim() === wanted)
  if (exact >= 0) return exact
  const loose = header.flatMap((h, i) => (h.trim().toLowerCase() === wanted.toLowerCase() ? [i] : []))
  return loose.length === 1 ? loose[0] : -1
}

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_runs').addColumn('rejects_purged_at', 'timestamptz').execute()
  const runs = await sql<{ id: string; header: string[] | null; mapping: Record<string, string[]> }>`
    select id, header, mapping from import_runs where id in (select distinct import_id from import_rejects)`.execute(db)
  for (const run of runs.rows) {
    const header = run.header ?? []
    const kept = [
      ...new Set(
        Object.values(run.mapping ?? {})
          .flat()
          .map((c) => columnIndex(header, c))
          .filter((i) => i >= 0)
      )
    ].sort((a, b) => a - b)
    await sql`update import_rejects set fields = case when reason = 'malformed_csv' then '[]'::jsonb else
        (select coalesce(jsonb_agg(coalesce(fields -> k.i, '""'::jsonb) order by k.ord), '[]'::jsonb) from unnest(${kept}::int4[]) with
          ordinality as k(i, ord))
      end
      where import_id = ${run.id}::uuid`.execute(db)
  }
}

export async function down (db: Kysely<any>): Promise<void> {
  // the columns cut away are gone: only the purge marker can be undone
  await db.schema.alterTable('import_runs').dropColumn('rejects_purged_at').execute()
}
