import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { BigIntResultPlugin } from './bigint-plugin.ts';
import type { Database, Engine } from './schema.ts';
import { withStatementCache } from './statement-cache.ts';

export interface Store {
  db: Kysely<Database>;
  engine: Engine;
  location: string;
  /** refresh the query planner's statistics (SQLite; PostgreSQL's autovacuum does it by itself) */
  optimize(): Promise<void>;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Opens the embedded SQLite file or a PostgreSQL database, depending on the location given. */
export function openStore(location: string): Store {
  return isPostgresUrl(location) ? openPostgres(location) : openSqlite(location);
}

function openSqlite(file: string): Store {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const conn = new SQLite(file);
  conn.defaultSafeIntegers(true);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = FULL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 5000');
  assertSqliteDurability(conn, file);
  // Without statistics SQLite's planner walks the wrong index on large inventories (a 100,000-row
  // list page took 4× longer); this analyzes, within a time limit, only tables that need it.
  conn.pragma('optimize = 0x10002');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(conn) }),
    plugins: [new BigIntResultPlugin()],
  });
  return {
    db,
    engine: 'sqlite',
    location: file,
    optimize: async () => {
      conn.pragma('optimize');
    },
    close: () => db.destroy(),
  };
}

// A file that silently fell back to another journal mode would lose committed imports on a
// power cut; refuse to run rather than discover it later.
function assertSqliteDurability(conn: SQLite.Database, file: string): void {
  const journal = String(conn.pragma('journal_mode', { simple: true }));
  const sync = Number(conn.pragma('synchronous', { simple: true }));
  const memory = file === ':memory:';
  if ((!memory && journal !== 'wal') || sync !== 2) {
    conn.close();
    throw new Error(
      `SQLite durability settings not in effect for ${file}: journal_mode=${journal}, synchronous=${sync}`,
    );
  }
}

function openPostgres(url: string): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // The audit's large one-off queries spent half their time compiling JIT code they ran once.
    options: '-c jit=off',
    types: {
      getTypeParser(oid: number, format?: 'text' | 'binary') {
        // int8 and numeric arrive as exact bigint; the result plugin narrows non-money ones.
        if (oid === 20) return (v: string) => BigInt(v);
        // biome-ignore lint/suspicious/noExplicitAny: pg's overloaded parser signature
        return pg.types.getTypeParser(oid, format as any);
      },
    } as pg.CustomTypesConfig,
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new BigIntResultPlugin()],
  });
  return {
    db,
    engine: 'postgres',
    location: redactUrl(url),
    optimize: async () => {},
    close: () => db.destroy(),
  };
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
