/**
 * A real store for one benchmark run, as a deployment would have it: a SQLite file (WAL,
 * synchronous=FULL, the product's settings) or a fresh PostgreSQL database, migrated, with one
 * tenant. Dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type Ctx,
  createTenant,
  type FileStore,
  localFileStore,
  migrateToLatest,
  openStore,
  platformCtx,
  type Store,
  systemActor,
  systemClock,
} from '@temops/core';
import { sql } from 'kysely';
import pg from 'pg';

export type Engine = 'sqlite' | 'postgres';

export const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchStore {
  store: Store;
  /** what openStore takes to reach the same database from another process */
  url: string;
  ctx: Ctx;
  files: FileStore;
  /** charges and sum of amount_nanos stored for the tenant, plus invoices with warnings by code */
  verify(): Promise<{
    charges: number;
    totalNanos: bigint;
    invoices: number;
    warningCodes: Record<string, number>;
    /** size of the database after the import (SQLite main file, or pg_database_size) */
    dbBytes: number;
    /** SQLite only: the WAL, which one big transaction leaves about as large as the data it wrote */
    walBytes: number;
  }>;
  close(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function openBenchStore(engine: Engine): Promise<BenchStore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'temops-bench-store-'));
  let store: Store;
  let url = path.join(dir, 'temops.db');
  let drop = async () => {};
  if (engine === 'postgres') {
    const name = `temops_bench_${randomBytes(6).toString('hex')}`;
    await admin((c) => c.query(`create database ${name}`));
    const pgUrl = new URL(ADMIN_URL);
    pgUrl.pathname = `/${name}`;
    url = pgUrl.toString();
    store = openStore(url);
    drop = () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {});
  } else {
    store = openStore(url);
  }
  const dbFile = path.join(dir, 'temops.db');
  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
  const dbBytes = async () => {
    if (engine === 'sqlite') return size(dbFile);
    const r = await sql<{
      n: string;
    }>`select cast(pg_database_size(current_database()) as text) as n`.execute(store.db);
    return Number(r.rows[0]!.n);
  };

  await migrateToLatest(store.db);
  const actor = systemActor('bench');
  const tenant = await createTenant(platformCtx(store, actor, systemClock), { slug: 'bench', name: 'Bench' });
  const ctx: Ctx = { db: store.db, engine: store.engine, tenantId: tenant.id, actor, clock: systemClock };
  return {
    store,
    url,
    ctx,
    files: localFileStore(path.join(dir, 'files')),
    async verify() {
      // Text, not numbers: a sum of a million nano amounts must be compared exactly.
      const totals = await sql<{ n: string; s: string }>`
        select cast(count(*) as text) as n, cast(coalesce(sum(amount_nanos), 0) as text) as s
        from charges where tenant_id = ${ctx.tenantId}`.execute(store.db);
      const rows = await store.db
        .selectFrom('invoices')
        .select('warnings_json')
        .where('tenant_id', '=', ctx.tenantId)
        .execute();
      const warningCodes: Record<string, number> = {};
      for (const r of rows)
        for (const w of JSON.parse(r.warnings_json) as { code: string }[])
          warningCodes[w.code] = (warningCodes[w.code] ?? 0) + 1;
      const t = totals.rows[0]!;
      return {
        charges: Number(t.n),
        totalNanos: BigInt(t.s),
        invoices: rows.length,
        warningCodes,
        dbBytes: await dbBytes(),
        walBytes: size(`${dbFile}-wal`),
      };
    },
    async close() {
      await store.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
