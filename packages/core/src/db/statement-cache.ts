import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const MAX_STATEMENTS = 200;

/**
 * Kysely prepares every query afresh; SQLite's prepare is costly for the 20,000-parameter bulk
 * inserts of an import, so prepared statements are kept by SQL text (least recently used first out).
 * Kysely runs one query at a time on the connection, so a cached statement is never busy twice.
 */
export function withStatementCache(conn: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => conn.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) cache.delete(sql);
      else stmt = conn.prepare(sql) as unknown as SqliteStatement;
      cache.set(sql, stmt);
      if (cache.size > MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
      return stmt;
    },
  };
}
