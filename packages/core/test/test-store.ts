import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { type Actor, systemActor } from '../src/modules/access/permissions.ts';
import { createTenant, platformCtx } from '../src/modules/tenants/tenants.service.ts';
import { fixedClock } from '../src/shared/clock.ts';
import type { Ctx } from '../src/shared/context.ts';

/** The engine this vitest project runs database tests on (see vitest.config.ts). */
export const testEngine = (process.env.TEMOPS_TEST_ENGINE ?? 'sqlite') as 'sqlite' | 'postgres';

export interface TestStore extends Store {
  /** what to pass to `openStore` or `--db` to reach the same database */
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of the project's engine; SQLite in memory, PostgreSQL a new database. */
export async function freshStore(opts: { migrate?: boolean } = {}): Promise<TestStore> {
  let store: Store;
  let url: string;
  let drop: () => Promise<void>;
  if (testEngine === 'postgres') {
    const admin = process.env.TEMOPS_TEST_POSTGRES_URL;
    if (!admin) throw new Error('TEMOPS_TEST_POSTGRES_URL is not set');
    const name = `temops_test_${randomBytes(6).toString('hex')}`;
    await withAdmin(admin, (c) => c.query(`create database ${name}`));
    const u = new URL(admin);
    u.pathname = `/${name}`;
    url = u.toString();
    store = openStore(url);
    drop = async () => {
      await store.close();
      await withAdmin(admin, async (c) => {
        // Closed connections linger a moment on the server; forcing them off while the client is
        // still saying goodbye surfaces as an unhandled error in the client, so wait for them.
        for (let i = 0; i < 100; i++) {
          const r = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [
            name,
          ]);
          if (r.rows[0].n === 0) break;
          await new Promise((done) => setTimeout(done, 50));
        }
        await c.query(`drop database if exists ${name} with (force)`);
      });
    };
  } else {
    // A file rather than :memory: so a second connection (the CLI, a tamperer) sees the same data.
    const dir = mkdtempSync(path.join(tmpdir(), 'temops-test-'));
    url = path.join(dir, 'temops.db');
    store = openStore(url);
    drop = async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  if (opts.migrate !== false) await migrateToLatest(store.db);
  return { ...store, url, drop };
}

async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export const testClock = () => fixedClock('2026-11-27T09:00:00Z');

/** A tenant plus a context acting in it as the given actor (the trusted system by default). */
export async function tenantCtx(
  store: Store,
  slug = 'acme',
  actor: Actor = systemActor('test'),
): Promise<Ctx> {
  const clock = testClock();
  const tenant = await createTenant(platformCtx(store, systemActor('test'), clock), {
    slug,
    name: slug.toUpperCase(),
  });
  return { db: store.db, engine: store.engine, tenantId: tenant.id, actor, clock };
}
