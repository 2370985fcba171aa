// Small SQL helpers shared by repositories.
import { sql, type RawBuilder } from 'kysely'

/**
 * A JSON value as a jsonb parameter. Sent as text and cast, because postgres.js would JSON-encode a
 * string bound to a jsonb parameter a second time, and would send a JS array as a Postgres array.
 */
export function json<T> (value: T): RawBuilder<T> {
  return sql<T>`${JSON.stringify(value)}::text::jsonb`
}
