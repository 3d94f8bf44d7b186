import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  assertSchemaKnown,
  latestSchemaVersion,
  migrateToLatest,
  SchemaTooNewError,
  schemaVersion,
} from '../src/db/migrate.ts';
import { freshStore, type TestStore, testEngine } from './test-store.ts';

describe(`migrations on ${testEngine}`, () => {
  let store: TestStore;
  afterEach(() => store.drop());

  it('migrates an empty database to the latest version, and a second run does nothing', async () => {
    store = await freshStore({ migrate: false });
    expect(await schemaVersion(store.db)).toBe(0);
    const applied = await migrateToLatest(store.db);
    expect(applied).toEqual(['001_foundation', '002_invoices', '003_inventory', '004_audit']);
    expect(await schemaVersion(store.db)).toBe(latestSchemaVersion);
    expect(await migrateToLatest(store.db)).toEqual([]);
    const head = await store.db.selectFrom('audit_chain_head').selectAll().execute();
    expect(head).toEqual([{ id: 1, seq: 0, hash: '0'.repeat(64) }]);
  });

  it('refuses a schema written by a newer release', async () => {
    store = await freshStore();
    await sql`insert into kysely_migration (name, timestamp) values ('999_from_the_future', '2030-01-01')`.execute(
      store.db,
    );
    await expect(assertSchemaKnown(store.db)).rejects.toBeInstanceOf(SchemaTooNewError);
    await expect(migrateToLatest(store.db)).rejects.toThrow(/999_from_the_future/);
  });

  it('returns money columns as bigint and other integers as numbers on both engines', async () => {
    store = await freshStore();
    const r = await sql<{
      big_nanos: bigint;
      n: number;
    }>`select 9223372036854775807 as big_nanos, 42 as n`.execute(store.db);
    expect(r.rows[0]).toEqual({ big_nanos: 9223372036854775807n, n: 42 });
  });
});
